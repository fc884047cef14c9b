"""The map editor's blueprint and its map-level routes (list, start, page, settings, submit,
review, history, compare, the child). Routes read like the URLs; htmx requests get fragments of
the same templates, plain form posts get a redirect (or the form again with its errors).

The rest of the editor registers on the same blueprint, `bp`, from modules of its own: the cards
(`app/maps/cards.py`), the statement and goal pairs with their scales (`app/maps/pairs.py`) and
the feedback (`app/maps/feedback.py`), imported at the bottom of this module."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.extensions import htmx
from app.maps import comments, service
from app.maps.compare import compare as compare_maps
from app.maps.forms import (
    ChildForm,
    NewMapForm,
    ReviewForm,
    SettingsForm,
)
from app.maps.guard import KINDS
from app.maps.service import MapError
from app.maps.structure import CATEGORIES
from app.maps.view import MAP, build_view
from app.models import (
    Map,
    MapSource,
    MapStatus,
    Perspective,
    Scenario,
    Vocabulary,
)
from app.responses import respond

bp = Blueprint("maps", __name__, url_prefix="/maps")


# Maps ---------------------------------------------------------------------------------------


@bp.get("/")
@policy.requires("list my maps")
def maps() -> str:
    return render_template("maps/list.html", maps=service.maps_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@policy.requires("start a map")
def new_map() -> ResponseReturnValue:
    form = NewMapForm()
    scenarios = service.scenario_choices(current_user)
    form.scenario.choices = [(0, "Choose a scenario")] + [(s.id, s.title) for s in scenarios]
    candidates = service.co_author_candidates(current_user)
    form.co_authors.choices = [(u.id, u.name) for u in candidates]
    if request.method == "GET" and request.args.get("scenario", "").isdigit():
        chosen = next((s for s in scenarios if s.id == int(request.args["scenario"])), None)
        if chosen is not None:
            form.scenario.data = chosen.id
            form.vocabulary.data = chosen.vocabulary.value
    if form.validate_on_submit():
        source = MapSource(form.source.data)
        scenario = next((s for s in scenarios if s.id == form.scenario.data), None)
        title = form.title.data or _default_title(source, scenario)
        chosen_people = [u for u in candidates if u.id in form.co_authors.data]
        try:
            new = service.create_map(
                current_user,
                source=source,
                title=title,
                vocabulary=Vocabulary(form.vocabulary.data),
                has_grey_area=form.has_grey_area.data,
                scenario=scenario,
                co_authors=chosen_people,
            )
        except MapError as problem:
            field = getattr(form, problem.field or "co_authors")
            field.errors = [*field.errors, str(problem)]
        else:
            return redirect(url_for("maps.map_page", map_id=new.id))
    return render_template("maps/new.html", form=form), 400 if form.errors else 200


def _default_title(source: MapSource, scenario: Scenario | None) -> str:
    if source is MapSource.SCENARIO and scenario is not None:
        return scenario.title
    if source is MapSource.CHILD_IN_YOUR_LIFE:
        return "A child in my life"
    return "Untitled map"


@bp.get("/<int:map_id>")
@policy.requires("view a map", the_map=MAP)
def map_page(the_map: Map) -> str:
    return render_template(
        "maps/map.html",
        view=build_view(the_map, current_user),
        review_form=ReviewForm(formdata=None),
    )


@bp.route("/<int:map_id>/settings", methods=["GET", "POST"])
@policy.requires("manage a map", the_map=MAP)
def settings(the_map: Map) -> ResponseReturnValue:
    form = SettingsForm(obj=the_map)
    candidates = service.co_author_candidates(the_map.owner)
    form.co_authors.choices = [(u.id, u.name) for u in candidates]
    if request.method == "GET":
        form.vocabulary.data = the_map.vocabulary.value
        form.co_authors.data = [c.user_id for c in the_map.co_authors]
    if form.validate_on_submit():
        try:
            service.update_settings(
                the_map,
                current_user,
                title=form.title.data,
                vocabulary=Vocabulary(form.vocabulary.data),
                has_grey_area=form.has_grey_area.data,
                co_authors=[u for u in candidates if u.id in form.co_authors.data],
            )
        except MapError as problem:
            form.co_authors.errors = [*form.co_authors.errors, str(problem)]
        else:
            flash("Your map's settings have been saved.", "success")
            return redirect(url_for("maps.map_page", map_id=the_map.id))
    return render_template(
        "maps/settings.html", map=the_map, form=form
    ), 400 if form.errors else 200


@bp.post("/<int:map_id>/submit")
@policy.requires("submit a map", the_map=MAP)
def submit(the_map: Map) -> ResponseReturnValue:
    service.submit_map(the_map, current_user)
    flash(
        "Your map has been submitted for review. Your cohort's supervisors can now read it.",
        "success",
    )
    return redirect(url_for("maps.map_page", map_id=the_map.id))


@bp.get("/reviews")
@policy.requires("see my review queue")
def review_queue() -> str:
    waiting = service.review_queue(current_user, page=request.args.get("page", 1, type=int))
    return render_template(
        "maps/review_queue.html", queue=waiting, open_comments=comments.open_counts(waiting.items)
    )


@bp.post("/<int:map_id>/review")
@policy.requires("review a map", the_map=MAP)
def review(the_map: Map) -> ResponseReturnValue:
    form = ReviewForm()
    if form.validate_on_submit():
        service.return_map(
            the_map, current_user, outcome=MapStatus(form.outcome.data), summary=form.summary.data
        )
        flash(
            f"“{the_map.title}” has been returned to {the_map.owner.name}: {the_map.status.label.lower()}.",
            "success",
        )
        return redirect(url_for("maps.review_queue"))
    return render_template(
        "maps/map.html", view=build_view(the_map, current_user), review_form=form, form=form
    ), 400


@bp.post("/<int:map_id>/withdraw")
@policy.requires("manage a map", the_map=MAP)
def withdraw(the_map: Map) -> ResponseReturnValue:
    try:
        service.withdraw_submission(the_map, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    flash("Your map is a private draft again. You can edit it.", "success")
    return redirect(url_for("maps.map_page", map_id=the_map.id))


@bp.route("/<int:map_id>/delete", methods=["GET", "POST"])
@policy.requires("manage a map", the_map=MAP)
def delete(the_map: Map) -> ResponseReturnValue:
    if request.method == "POST":
        service.delete_map(the_map, current_user)
        flash(f"“{the_map.title}” has been deleted.", "success")
        return redirect(url_for("maps.maps"))
    return render_template("maps/delete.html", map=the_map)


@bp.get("/<int:map_id>/history")
@policy.requires("view a map", the_map=MAP)
def history(the_map: Map) -> str:
    return render_template(
        "maps/history.html",
        map=the_map,
        events=service.history(the_map),
        deleted_cards=service.deleted_cards(the_map),
        can_edit=policy.allowed(current_user, "edit a map", the_map),
    )


@bp.get("/<int:map_id>/compare")
@policy.requires("compare with the reference", the_map=MAP)
def compare(the_map: Map) -> str:
    version = the_map.template_version
    if version is None:  # the policy refuses a map without a template already
        abort(404)
    view = build_view(the_map, current_user)
    reference = version.document["reference"]
    return render_template(
        "maps/compare.html", view=view, map=the_map, comparison=compare_maps(view, reference)
    )


# The child's Three Houses -------------------------------------------------------------------


@bp.post("/<int:map_id>/child")
@policy.requires("edit a map", the_map=MAP)
def update_child(the_map: Map) -> ResponseReturnValue:
    form = ChildForm()
    if form.validate_on_submit():
        service.set_child(the_map, current_user, name=form.child_name.data, age=form.child_age.data)
        return respond(
            fragment="maps/_child.html",
            redirect_to=url_for("maps.map_page", map_id=the_map.id, _anchor="three-houses"),
            view=build_view(the_map, current_user) if htmx else None,
            announce="Saved.",
        )
    if not htmx:
        abort(400, description="; ".join(e for errors in form.errors.values() for e in errors))
    return respond(
        fragment="maps/_child.html",
        status=422,
        view=build_view(the_map, current_user),
        child_form=form,
    )


# Template helpers -------------------------------------------------------------------------------


@bp.app_template_filter("identifier_label")
def identifier_label(kind: str) -> str:
    """“an NHS number” for "nhs_number": words for the fictional-data warning."""
    return KINDS.get(kind, "personal data")


@bp.context_processor
def editor_helpers() -> dict:
    return {
        "perspective_choices": [(p.value, p.label) for p in Perspective],
        "today": date.today(),
        "category_info": lambda category: CATEGORIES[category],
    }


# The rest of the editor's routes, on the same blueprint: imported last, since they import `bp`.
from app.maps import cards, feedback, pairs  # noqa: E402, F401
