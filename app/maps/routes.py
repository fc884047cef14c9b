"""The map editor. Routes read like the URLs; htmx requests get fragments of the same templates,
plain form posts get a redirect (or the form again with its errors)."""

import contextlib
import re
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user

from app import policy
from app.extensions import htmx
from app.maps import comments, service
from app.maps.compare import compare as compare_maps
from app.maps.forms import (
    AnchorsForm,
    CardForm,
    ChildForm,
    CommentForm,
    MoveForm,
    NewMapForm,
    PairForm,
    RatingForm,
    ReplyForm,
    ReviewForm,
    SettingsForm,
)
from app.maps.guard import KINDS
from app.maps.language import compose_goal, compose_statement, goal_hints, statement_hints
from app.maps.service import EditConflict, MapError
from app.maps.structure import CATEGORIES, board_of
from app.maps.view import MAP, MAP_FOR_CARDS, build_cards_view, build_view
from app.models import (
    Card,
    Category,
    Comment,
    Map,
    MapSource,
    MapStatus,
    Perspective,
    Scale,
    Scenario,
    StatementPair,
    Vocabulary,
)

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
            field = form.scenario if "scenario" in str(problem) else form.co_authors
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


# Cards --------------------------------------------------------------------------------------


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        abort(404, description="There is no such part of the map.")


def _card_of(the_map: Map, card: Card) -> Card:
    """The card, if it belongs to this map: another map's card id is simply not found."""
    if card.map_id != the_map.id:
        abort(404, description="There is no such card on this map.")
    return card


def _editor_context(the_map: Map) -> dict:
    """What a card's fragment needs (a card change never changes who may do what)."""
    view = build_cards_view(the_map, current_user)
    return {"view": view, "can_edit": view.can_edit}


@bp.post("/<int:map_id>/sections/<category>/cards")
@policy.requires("add a card", the_map=MAP_FOR_CARDS)
def add_card(the_map: Map, category: str) -> ResponseReturnValue:
    category = _category(category)
    form = CardForm(prefix=f"add-{category.value}")
    view = build_cards_view(the_map, current_user)
    error = None
    if form.validate_on_submit():
        try:
            card = service.add_card(
                the_map,
                current_user,
                category=category,
                text=form.text.data,
                source=form.source.data,
            )
        except MapError as problem:
            error = str(problem)
        else:
            if not htmx:
                return redirect(
                    url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}"), 303
                )
            return render_template(
                "maps/_card_added.html",
                view=view,
                can_edit=view.can_edit,
                card=card,
                section=view.section(category),
                announce=f"Card added to {CATEGORIES[category].label}.",
            )
    if error:
        form.text.errors = [*form.text.errors, error]
    if htmx:
        response = make_response(
            render_template(
                "maps/_add_card.html", view=view, section=view.section(category), form=form
            ),
            422,
            retarget=f"#add-{category.value}",
            reswap="outerHTML",
        )
        return response
    return render_template(
        "maps/card_page.html", view=view, map=the_map, form=form, category=category, card=None
    ), 400


@bp.get("/<int:map_id>/cards/<int:card_id>")
@policy.requires("view a map", the_map=MAP_FOR_CARDS, card=Card)
def card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = _card_of(the_map, card)
    if not htmx:
        return redirect(url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}"))
    return render_template("maps/_card.html", card=card, focus="edit", **_editor_context(the_map))


@bp.get("/<int:map_id>/cards/<int:card_id>/edit")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def edit_card(the_map: Map, card: Card) -> str:
    card = _card_of(the_map, card)
    form = CardForm(obj=card, prefix=f"card-{card.id}", version=card.version)
    template = "maps/_card_edit.html" if htmx else "maps/card_page.html"
    return render_template(
        template,
        form=form,
        card=card,
        map=the_map,
        category=card.category,
        **_editor_context(the_map),
    )


@bp.post("/<int:map_id>/cards/<int:card_id>")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def save_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = _card_of(the_map, card)
    form = CardForm(prefix=f"card-{card.id}")
    template = "maps/_card_edit.html" if htmx else "maps/card_page.html"
    context = _editor_context(the_map)
    if form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
            service.edit_card(
                card,
                current_user,
                text=form.text.data,
                source=form.source.data,
                expected_version=version,
            )
        except EditConflict as conflict:
            return render_template(
                "maps/_card_conflict.html" if htmx else "maps/conflict_page.html",
                card=card,
                mine=conflict.attempted,
                map=the_map,
                **context,
            ), 409
        except (MapError, ValueError) as problem:
            form.text.errors = [*form.text.errors, str(problem)]
        else:
            if not htmx:
                return redirect(
                    url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}"), 303
                )
            return render_template(
                "maps/_card.html",
                card=card,
                focus="edit",
                announce="Card saved.",
                **context,
            )
    return render_template(
        template, form=form, card=card, map=the_map, category=card.category, **context
    ), (422 if htmx else 400)


@bp.post("/<int:map_id>/cards/<int:card_id>/delete")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def delete_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = _card_of(the_map, card)
    context = _editor_context(the_map)
    service.delete_card(card, current_user)
    if not htmx:
        flash("Card deleted. You can restore it from the map's history.", "success")
        return redirect(url_for("maps.map_page", map_id=the_map.id), 303)
    return render_template(
        "maps/_card_deleted.html",
        card=card,
        section=context["view"].section(card.category),
        announce=f"Card deleted from {CATEGORIES[card.category].label}. Press Undo to restore it.",
        **context,
    )


@bp.post("/<int:map_id>/cards/<int:card_id>/restore")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def restore_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = _card_of(the_map, card)
    context = _editor_context(the_map)
    try:
        service.restore_card(card, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    if not htmx:
        flash("Card restored.", "success")
        return redirect(url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}"), 303)
    return render_template(
        "maps/_card_restored.html",
        card=card,
        section=context["view"].section(card.category),
        announce=f"Card restored to {CATEGORIES[card.category].label}.",
        focus="edit",
        **context,
    )


@bp.post("/<int:map_id>/cards/<int:card_id>/move")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def move_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = _card_of(the_map, card)
    form = MoveForm()
    form.category.choices = [c.value for c in board_of(card.category)]
    if not form.validate_on_submit():
        abort(
            400,
            description="Choose where to move the card: "
            + "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items()),
        )
    from_category = card.category
    context = _editor_context(the_map)
    try:
        # Up and Down share a form with "Move to…": the pressed button's direction wins.
        passed = None
        if form.direction.data:
            passed = service.move_card_by(
                card, current_user, -1 if form.direction.data == "up" else 1
            )
            focus = form.direction.data
        else:
            target = Category(form.category.data or card.category.value)
            service.move_card(card, current_user, to_category=target, position=form.position.data)
            focus = "move"
    except MapError as problem:
        abort(409, description=str(problem))
    if not htmx:
        return redirect(url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}"), 303)
    view = context["view"]
    label = CATEGORIES[card.category].label
    announce = (
        f"Moved to {label}, position {card.position + 1} of {view.section(card.category).count}."
    )
    if form.direction.data:
        # Up or Down: the card's own markup moves past the card it swapped with (the one now
        # after it, or before it); the rest of the list stays as it is.
        if passed is None:  # nothing to swap with (at the top or bottom), or places re-counted
            after = card.position + (1 if focus == "up" else -1)
            passed = service.card_at(the_map.id, card.category, after)
        return render_template(
            "maps/_card_stepped.html",
            card=card,
            passed=passed,
            focus=focus,
            announce=announce,
            **context,
        )
    if card.category is from_category and form.position.data is not None:
        sections = []  # dragged within its list: the browser already shows the new order
    else:
        sections = [view.section_with_cards(from_category)]
        if card.category is not from_category:
            sections.append(view.section_with_cards(card.category))
    return render_template(
        "maps/_cards_moved.html",
        sections=sections,
        moved=card,
        focus=focus,
        announce=announce,
        **context,
    )


# Statement / goal pairs ---------------------------------------------------------------------


def _pair_of(the_map: Map, pair: StatementPair) -> StatementPair:
    if pair.map_id != the_map.id or pair.deleted_at is not None:
        abort(404, description="There is no such statement and goal on this map.")
    return pair


def _composed(form: PairForm) -> tuple[str, str]:
    parts = form.parts()
    statement = compose_statement(
        parts["statement_who"], parts["statement_behaviour"], parts["statement_impact"]
    )
    goal = compose_goal(
        parts["goal_carers"],
        parts["goal_child"],
        parts["goal_professionals"],
        parts["goal_duration"],
    )
    return statement, goal


def _pair_page(
    the_map: Map, form: PairForm, pair: StatementPair | None, status: int = 200
) -> tuple[str, int]:
    statement, goal = _composed(form)
    view = build_view(the_map, current_user)
    return render_template(
        "maps/pair.html",
        map=the_map,
        view=view,
        form=form,
        pair=pair,
        composed_statement=statement,
        composed_goal=goal,
        hints=_pair_hints(form, statement, goal),
    ), status


def _pair_hints(form: PairForm, statement: str, goal: str) -> dict:
    parts = form.parts()
    return {
        "statement": statement_hints(form.statement.data or statement, parts["statement_impact"]),
        "goal": goal_hints(form.goal.data or goal, parts["goal_duration"]),
    }


def _save_pair(the_map: Map, form: PairForm, pair: StatementPair | None) -> StatementPair | None:
    statement, goal = _composed(form)
    final_statement = form.statement.data or statement
    final_goal = form.goal.data or goal
    if not final_statement:
        form.statement.errors = [
            *form.statement.errors,
            "Answer the questions above or write the statement",
        ]
    if not final_goal:
        form.goal.errors = [*form.goal.errors, "Answer the questions above or write the goal"]
    if form.statement.errors or form.goal.errors:
        return None
    if pair is None:
        return service.add_pair(
            the_map, current_user, statement=final_statement, goal=final_goal, **form.parts()
        )
    return service.update_pair(
        pair,
        current_user,
        expected_version=int(form.version.data or 0),
        statement=final_statement,
        goal=final_goal,
        **form.parts(),
    )


@bp.route("/<int:map_id>/pairs/new", methods=["GET", "POST"])
@policy.requires("edit a map", the_map=MAP)
def new_pair(the_map: Map) -> ResponseReturnValue:
    form = PairForm()
    if form.validate_on_submit() and "preview" not in request.form:
        try:
            saved = _save_pair(the_map, form, None)
        except MapError as problem:
            form.statement.errors = [*form.statement.errors, str(problem)]
        else:
            if saved is not None:
                flash(
                    f"Pair {len(service.live_pairs(the_map))} saved, with its own scale.", "success"
                )
                return redirect(
                    url_for("maps.map_page", map_id=the_map.id, _anchor=f"pair-{saved.id}"), 303
                )
    return _pair_page(the_map, form, None, 400 if form.errors else 200)


@bp.route("/<int:map_id>/pairs/<int:pair_id>", methods=["GET", "POST"])
@policy.requires("edit a map", the_map=MAP, pair=StatementPair)
def edit_pair(the_map: Map, pair: StatementPair) -> ResponseReturnValue:
    pair = _pair_of(the_map, pair)
    form = PairForm(obj=pair, version=pair.version)
    if form.validate_on_submit() and "preview" not in request.form:
        try:
            saved = _save_pair(the_map, form, pair)
        except EditConflict:
            form.statement.errors = [
                *form.statement.errors,
                "Someone else changed this pair while you were editing. Their version is now shown "
                "on the map; your words are still below. Copy what you need, reload and save again.",
            ]
            return _pair_page(the_map, form, pair, 409)
        except MapError as problem:
            form.statement.errors = [*form.statement.errors, str(problem)]
        else:
            if saved is not None:
                flash("Pair saved.", "success")
                return redirect(
                    url_for("maps.map_page", map_id=the_map.id, _anchor=f"pair-{pair.id}"), 303
                )
    return _pair_page(the_map, form, pair, 400 if form.errors else 200)


@bp.get("/<int:map_id>/pairs/preview")
@policy.requires("edit a map", the_map=MAP)
def preview_pair(the_map: Map) -> str:
    """The composed sentences and hints, as the builder is typed in (htmx)."""
    form = PairForm(formdata=request.args, meta={"csrf": False})
    form.validate()
    statement, goal = _composed(form)
    return render_template(
        "maps/_pair_preview.html",
        composed_statement=statement,
        composed_goal=goal,
        hints=_pair_hints(form, statement, goal),
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
    scale_view = (
        view.map_scale
        if scale.pair_id is None
        else next(p.scale for p in view.pairs if p.pair.id == scale.pair_id)
    )
    if htmx:
        return render_template(
            "maps/_scale.html", scale_view=scale_view, view=view, **forms
        ), status
    if status >= 400:
        return render_template(
            "maps/scale_page.html", scale_view=scale_view, view=view, map=the_map, **forms
        ), status
    return redirect(url_for("maps.map_page", map_id=the_map.id, _anchor=f"scale-{scale.id}"), 303)


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


# The child's Three Houses -------------------------------------------------------------------


@bp.post("/<int:map_id>/child")
@policy.requires("edit a map", the_map=MAP)
def update_child(the_map: Map) -> ResponseReturnValue:
    form = ChildForm()
    if form.validate_on_submit():
        service.set_child(the_map, current_user, name=form.child_name.data, age=form.child_age.data)
        if not htmx:
            return redirect(
                url_for("maps.map_page", map_id=the_map.id, _anchor="three-houses"), 303
            )
        return render_template(
            "maps/_child.html", view=build_view(the_map, current_user), announce="Saved."
        )
    if htmx:
        return render_template(
            "maps/_child.html", view=build_view(the_map, current_user), child_form=form
        ), 422
    abort(400, description="; ".join(e for errors in form.errors.values() for e in errors))


# Feedback: comments, replies and resolutions --------------------------------------------------

# The id of a card's comments, opened in place under the card (see maps/_card_comments.html).
_CARD_REGION = re.compile(r"card-(\d+)-comments")


def _comment_of(the_map: Map, comment: Comment) -> Comment:
    """The comment, if it is on this map: another map's comment id is simply not found."""
    if comment.map_id != the_map.id:
        abort(404, description="There is no such comment on this map.")
    return comment


def _feedback_changed(the_map: Map, thread: Comment, announce: str) -> ResponseReturnValue:
    """After a change to the feedback. htmx gets the part of the page the request came from (a
    card's comments, or the feedback panel) with the panel, the card's marker and the notice
    brought up to date around it; a plain post goes back to the thread on the map."""
    if not htmx:
        flash(announce, "success")
        return redirect(
            url_for("maps.map_page", map_id=the_map.id, _anchor=f"comment-{thread.id}"), 303
        )
    view = build_view(the_map, current_user)
    region = _CARD_REGION.fullmatch(htmx.target or "")
    live_cards = {card.id: card for card in the_map.cards if not card.is_deleted}
    region_card = live_cards.get(int(region[1])) if region else None
    marker_cards = [live_cards[thread.card_id]] if thread.card_id in live_cards else []
    # Focus follows the thread when the form that was used is replaced; the pair and rating
    # forms stay on the page, so focus stays with them.
    from_own_region = region_card is not None or (
        thread.pair_id is None and thread.rating_id is None
    )
    return render_template(
        "maps/_feedback_update.html",
        view=view,
        region_card=region_card,
        marker_cards=marker_cards,
        focus_thread=thread.id if from_own_region else None,
        announce=announce,
    )


def _comment_problem(the_map: Map, status: int = 400, **page: Any) -> tuple[str, int]:
    """A comment or reply that was not saved: the page's error box (htmx), or a page of its own
    with the form and the reason."""
    if htmx:
        form = page.get("comment_form") or page.get("reply_form")
        errors = [e for messages in form.errors.values() for e in messages] if form else []
        abort(status, description=" ".join(errors) or "Your comment was not saved.")
    page.setdefault("heading", "Your comment was not saved")
    page.setdefault("threads", [])
    return render_template(
        "maps/comments_page.html", view=build_view(the_map, current_user), **page
    ), status


def _comment_target(the_map: Map, form: CommentForm) -> dict:
    return comments.find_target(
        the_map, card_id=form.card.data, pair_id=form.pair.data, rating_id=form.rating.data
    )


def _comment_form_page(the_map: Map, form: CommentForm) -> dict:
    """What the page without JavaScript shows around a new comment's form: the card, pair or
    rating it is about (the whole map when that is not on this map), and its threads."""
    target = {}
    if not (form.card.errors or form.pair.errors or form.rating.errors):
        with contextlib.suppress(MapError):
            target = _comment_target(the_map, form)
    feedback = comments.threads_for(the_map)
    card, pair, rating = target.get("card"), target.get("pair"), target.get("rating")
    about = comments.target_label(the_map, card=card, pair=pair, rating=rating)
    if card is not None:
        key, field = f"card-{card.id}", ("card", card.id)
    elif pair is not None:
        key, field = f"pair-{pair.id}", ("pair", pair.id)
    elif rating is not None:
        key, field = f"rating-{rating.id}", ("rating", rating.id)
    else:
        key, field = "map", None
    return {
        "comment_form": form,
        "form_key": key,
        "comment_target": field,
        "ratings": None,
        "label": f"Your comment {comments.lower_first(about)}",
        "card": card,
        "threads": [
            t
            for t in feedback.threads
            if (t.comment.card_id, t.comment.pair_id, t.comment.rating_id)
            == (card and card.id, pair and pair.id, rating and rating.id)
        ],
    }


@bp.get("/<int:map_id>/cards/<int:card_id>/comments")
@policy.requires("comment on a map", the_map=MAP, card=Card)
def card_comments(the_map: Map, card: Card) -> str:
    card = _card_of(the_map, card)
    view = build_view(the_map, current_user)
    if htmx:
        return render_template("maps/_card_comments.html", view=view, card=card, focus="region")
    return render_template(
        "maps/comments_page.html",
        view=view,
        heading="Comments on a card",
        card=card,
        threads=view.feedback.on_card(card.id),
        form_key=f"card-{card.id}",
        comment_target=("card", card.id),
        ratings=None,
        label="Your comment on this card",
    )


@bp.post("/<int:map_id>/comments")
@policy.requires("comment on a map", the_map=MAP)
def add_comment(the_map: Map) -> ResponseReturnValue:
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = comments.add_comment(
                the_map, current_user, form.body.data, **_comment_target(the_map, form)
            )
        except MapError as problem:
            form.body.errors = [*form.body.errors, str(problem)]
        else:
            return _feedback_changed(the_map, comment, "Comment added.")
    return _comment_problem(the_map, **_comment_form_page(the_map, form))


@bp.post("/<int:map_id>/comments/<int:comment_id>/replies")
@policy.requires("comment on a map", the_map=MAP, comment=Comment)
def reply(the_map: Map, comment: Comment) -> ResponseReturnValue:
    thread = comments.thread_root(_comment_of(the_map, comment))
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            comments.reply(thread, current_user, form.body.data)
        except MapError as problem:
            form.body.errors = [*form.body.errors, str(problem)]
        else:
            return _feedback_changed(the_map, thread, "Reply added.")
    feedback = comments.threads_for(the_map)
    return _comment_problem(
        the_map,
        heading="Your reply was not saved",
        reply_form=form,
        reply_to=thread.id,
        threads=[t for t in feedback.threads if t.id == thread.id],
    )


@bp.post("/<int:map_id>/comments/<int:comment_id>/resolve")
@policy.requires("resolve a comment", the_map=MAP, comment=Comment)
def resolve(the_map: Map, comment: Comment) -> ResponseReturnValue:
    comment = _comment_of(the_map, comment)
    try:
        comments.resolve(comment, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    return _feedback_changed(the_map, comment, "Comment resolved.")


@bp.post("/<int:map_id>/comments/<int:comment_id>/unresolve")
@policy.requires("resolve a comment", the_map=MAP, comment=Comment)
def unresolve(the_map: Map, comment: Comment) -> ResponseReturnValue:
    comment = _comment_of(the_map, comment)
    try:
        comments.unresolve(comment, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    return _feedback_changed(the_map, comment, "Comment reopened.")


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
