"""Statement and goal pairs, and the scales and ratings of a map. The routes register on the maps
blueprint (`app.maps.routes.bp`), so their endpoints are `maps.new_pair`, `maps.add_rating`, …"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.extensions import htmx
from app.maps import service
from app.maps.forms import AnchorsForm, PairForm, RatingForm
from app.maps.routes import bp
from app.maps.service import EditConflict, MapError
from app.maps.view import MAP, build_view
from app.models import Map, Perspective, Scale, StatementPair
from app.responses import respond

_CONFLICT = (
    "Someone else changed this pair while you were editing. Their version is now shown on the "
    "map; your words are still below. Copy what you need, reload and save again."
)


def _pair_of(the_map: Map, pair: StatementPair) -> StatementPair:
    if pair.map_id != the_map.id or pair.deleted_at is not None:
        abort(404, description="There is no such statement and goal on this map.")
    return pair


def _pair_page(
    the_map: Map, form: PairForm, pair: StatementPair | None, status: int = 200
) -> tuple[str, int]:
    statement, goal = form.composed()
    return render_template(
        "maps/pair.html",
        map=the_map,
        view=build_view(the_map, current_user),
        form=form,
        pair=pair,
        composed_statement=statement,
        composed_goal=goal,
        hints=form.hints(),
    ), status


def _saving(form: PairForm) -> bool:
    """A valid form sent with Save (the Preview button shows the page again instead)."""
    return form.validate_on_submit() and "preview" not in request.form


def _on_map(the_map: Map, pair: StatementPair) -> str:
    return url_for("maps.map_page", map_id=the_map.id, _anchor=f"pair-{pair.id}")


@bp.route("/<int:map_id>/pairs/new", methods=["GET", "POST"])
@policy.requires("edit a map", the_map=MAP)
def new_pair(the_map: Map) -> ResponseReturnValue:
    form = PairForm()
    wording = form.final_wording() if _saving(form) else None
    if wording is not None:
        statement, goal = wording
        try:
            saved = service.add_pair(
                the_map, current_user, statement=statement, goal=goal, **form.parts()
            )
        except MapError as problem:
            form.statement.errors = [*form.statement.errors, str(problem)]
        else:
            flash(f"Pair {len(service.live_pairs(the_map))} saved, with its own scale.", "success")
            return redirect(_on_map(the_map, saved), 303)
    return _pair_page(the_map, form, None, 400 if form.errors else 200)


@bp.route("/<int:map_id>/pairs/<int:pair_id>", methods=["GET", "POST"])
@policy.requires("edit a map", the_map=MAP, pair=StatementPair)
def edit_pair(the_map: Map, pair: StatementPair) -> ResponseReturnValue:
    pair = _pair_of(the_map, pair)
    form = PairForm(obj=pair, version=pair.version)
    wording = form.final_wording() if _saving(form) else None
    if wording is not None:
        statement, goal = wording
        version = int(form.version.data or 0)
        try:
            service.update_pair(
                pair,
                current_user,
                expected_version=version,
                statement=statement,
                goal=goal,
                **form.parts(),
            )
        except EditConflict:
            form.statement.errors = [*form.statement.errors, _CONFLICT]
            return _pair_page(the_map, form, pair, 409)
        except MapError as problem:
            form.statement.errors = [*form.statement.errors, str(problem)]
        else:
            flash("Pair saved.", "success")
            return redirect(_on_map(the_map, pair), 303)
    return _pair_page(the_map, form, pair, 400 if form.errors else 200)


@bp.get("/<int:map_id>/pairs/preview")
@policy.requires("edit a map", the_map=MAP)
def preview_pair(the_map: Map) -> str:
    """The composed sentences and hints, as the builder is typed in (htmx)."""
    form = PairForm(formdata=request.args, meta={"csrf": False})
    form.validate()
    statement, goal = form.composed()
    return render_template(
        "maps/_pair_preview.html",
        composed_statement=statement,
        composed_goal=goal,
        hints=form.hints(),
        words=build_view(the_map, current_user).words,
    )


@bp.post("/<int:map_id>/pairs/<int:pair_id>/delete")
@policy.requires("edit a map", the_map=MAP, pair=StatementPair)
def delete_pair(the_map: Map, pair: StatementPair) -> ResponseReturnValue:
    pair = _pair_of(the_map, pair)
    service.delete_pair(pair, current_user)
    flash("The pair and its scale have been deleted.", "success")
    return redirect(url_for("maps.map_page", map_id=the_map.id), 303)


# Scales ---------------------------------------------------------------------------------------


def _scale_of(the_map: Map, scale: Scale) -> Scale:
    if scale.map_id != the_map.id or (scale.pair is not None and scale.pair.deleted_at is not None):
        abort(404, description="There is no such scale on this map.")
    return scale


def _scale_response(
    the_map: Map, scale: Scale, status: int = 200, **forms: Any
) -> ResponseReturnValue:
    view = build_view(the_map, current_user)
    return respond(
        "maps/scale_page.html",
        fragment="maps/_scale.html",
        redirect_to=url_for("maps.map_page", map_id=the_map.id, _anchor=f"scale-{scale.id}"),
        status=status,
        scale_view=view.scale_of(scale),
        view=view,
        map=the_map,
        **forms,
    )


@bp.post("/<int:map_id>/scales/<int:scale_id>/ratings")
@policy.requires("edit a map", the_map=MAP, scale=Scale)
def add_rating(the_map: Map, scale: Scale) -> ResponseReturnValue:
    scale = _scale_of(the_map, scale)
    form = RatingForm(prefix=f"scale-{scale.id}")
    if form.validate_on_submit():
        try:
            service.add_rating(
                scale,
                current_user,
                perspective=Perspective(form.perspective.data),
                score=int(form.score.data),
                reason=form.reason.data,
                rater_name=form.rater_name.data,
                rated_on=form.rated_on.data,
            )
        except MapError as problem:
            form.score.errors = [*form.score.errors, str(problem)]
        else:
            return _scale_response(
                the_map, scale, announce=f"Rating added to {service.scale_name(scale)}."
            )
    return _scale_response(the_map, scale, 422 if htmx else 400, rating_form=form)


@bp.post("/<int:map_id>/scales/<int:scale_id>/anchors")
@policy.requires("edit a map", the_map=MAP, scale=Scale)
def update_anchors(the_map: Map, scale: Scale) -> ResponseReturnValue:
    scale = _scale_of(the_map, scale)
    form = AnchorsForm(prefix=f"anchors-{scale.id}")
    if form.validate_on_submit():
        service.update_anchors(
            scale, current_user, low=form.low_anchor.data, high=form.high_anchor.data
        )
        return _scale_response(the_map, scale, announce="Wording of the scale saved.")
    return _scale_response(the_map, scale, 422 if htmx else 400, anchors_form=form)
