"""Cohorts: admins create them and manage members; supervisors see their own."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.cohorts import service
from app.cohorts.forms import AddMemberForm, NewCohortForm
from app.models import Cohort, User

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")


@bp.get("/")
@policy.requires("list cohorts")
def cohorts() -> str:
    return render_template("cohorts/cohorts.html", cohorts=service.cohorts_visible_to(current_user))


@bp.route("/new", methods=["GET", "POST"])
@policy.requires("add a cohort")
def new_cohort() -> ResponseReturnValue:
    form = NewCohortForm()
    if form.validate_on_submit():
        try:
            cohort = service.create_cohort(current_user.organisation, form.name.data)
        except service.CohortError as problem:
            form.name.errors.append(str(problem))
        else:
            flash(
                f"Cohort “{cohort.name}” created. Now add its trainees and supervisors.", "success"
            )
            return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template("cohorts/new.html", form=form), 400 if form.errors else 200


def _render_cohort(
    cohort: Cohort, form: AddMemberForm | None = None, status: int = 200
) -> tuple[str, int]:
    can_manage = policy.allowed(current_user, "manage a cohort", cohort)
    if can_manage and form is None:
        form = AddMemberForm(service.people_who_could_join(cohort), formdata=None)
    return (
        render_template(
            "cohorts/cohort.html",
            cohort=cohort,
            form=form,
            can_manage=can_manage,
            submitted_maps=service.submitted_maps(cohort),
        ),
        status,
    )


@bp.get("/<int:cohort_id>")
@policy.requires("view a cohort", cohort=Cohort)
def cohort(cohort: Cohort) -> ResponseReturnValue:
    return _render_cohort(cohort)


@bp.post("/<int:cohort_id>/members")
@policy.requires("manage a cohort", cohort=Cohort)
def add_member(cohort: Cohort) -> ResponseReturnValue:
    candidates = service.people_who_could_join(cohort)
    form = AddMemberForm(candidates)
    if not form.validate_on_submit():
        return _render_cohort(cohort, form, 400)
    person = next(p for p in candidates if p.id == form.person.data)
    service.add_member(cohort, person)
    flash(f"{person.name} has been added to {cohort.name}.", "success")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))


@bp.post("/<int:cohort_id>/members/<int:member_id>/remove")
@policy.requires("manage a cohort", cohort=Cohort, member=User)
def remove_member(cohort: Cohort, member: User) -> ResponseReturnValue:
    try:
        service.remove_member(cohort, member)
    except service.CohortError as problem:
        flash(str(problem), "error")
    else:
        flash(f"{member.name} has been removed from {cohort.name}. Their maps stay.", "success")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
