"""Admin: people's accounts."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.models import Role, User
from app.people import service
from app.people.forms import NewPersonForm, PersonDetailsForm

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.get("/")
@policy.requires("list people")
def people() -> str:
    return render_template(
        "people/people.html", people=service.people_in(current_user.organisation_id)
    )


@bp.route("/new", methods=["GET", "POST"])
@policy.requires("add a person")
def new_person() -> ResponseReturnValue:
    form = NewPersonForm()
    if form.validate_on_submit():
        try:
            person, password = service.create_person(
                current_user.organisation, form.name.data, form.email.data, Role(form.role.data)
            )
        except service.PersonError as problem:
            form.email.errors.append(str(problem))
        else:
            return render_template("people/created.html", person=person, password=password)
    return render_template("people/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@policy.requires("manage a person", person=User)
def person(person: User) -> ResponseReturnValue:
    form = PersonDetailsForm(obj=person, role=person.role.value)
    if form.validate_on_submit():
        service.update_person(person, form.name.data, Role(form.role.data))
        flash(f"{person.name}'s details have been saved.", "success")
        return redirect(url_for("people.person", person_id=person.id))
    return render_template(
        "people/person.html", person=person, form=form
    ), 400 if form.errors else 200


@bp.post("/<int:person_id>/deactivate")
@policy.requires("manage a person", person=User)
def deactivate(person: User) -> ResponseReturnValue:
    return _set_active(person, False)


@bp.post("/<int:person_id>/reactivate")
@policy.requires("manage a person", person=User)
def reactivate(person: User) -> ResponseReturnValue:
    return _set_active(person, True)


def _set_active(person: User, active: bool) -> ResponseReturnValue:
    try:
        service.set_active(person, active, by=current_user)
    except service.PersonError as problem:
        flash(str(problem), "error")
    else:
        state = (
            "reactivated: they can sign in again"
            if active
            else "deactivated: they can no longer sign in; their maps stay"
        )
        flash(f"{person.name} has been {state}.", "success")
    return redirect(url_for("people.person", person_id=person.id))
