"""The cards of a map: add, read, edit, delete, restore and move one. The routes register on the
maps blueprint (`app.maps.routes.bp`), so their endpoints are `maps.add_card`, `maps.card`, …"""

from typing import Any

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user

from app import policy
from app.extensions import htmx
from app.maps import service
from app.maps.forms import CardForm, MoveForm
from app.maps.routes import bp
from app.maps.service import EditConflict, MapError
from app.maps.structure import CATEGORIES, board_of
from app.maps.view import MAP_FOR_CARDS, build_cards_view
from app.models import Card, Category, Map
from app.responses import respond


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        abort(404, description="There is no such part of the map.")


def card_of(the_map: Map, card: Card) -> Card:
    """The card, if it belongs to this map: another map's card id is simply not found."""
    if card.map_id != the_map.id:
        abort(404, description="There is no such card on this map.")
    return card


def _editor_context(the_map: Map) -> dict:
    """What a card's fragment needs (a card change never changes who may do what)."""
    view = build_cards_view(the_map, current_user)
    return {"view": view, "can_edit": view.can_edit}


def _on_map(the_map: Map, card: Card) -> str:
    return url_for("maps.map_page", map_id=the_map.id, _anchor=f"card-{card.id}")


@bp.post("/<int:map_id>/sections/<category>/cards")
@policy.requires("add a card", the_map=MAP_FOR_CARDS)
def add_card(the_map: Map, category: str) -> ResponseReturnValue:
    category = _category(category)
    form = CardForm(prefix=f"add-{category.value}")
    context = _editor_context(the_map)
    section = context["view"].section(category)
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
            form.text.errors = [*form.text.errors, str(problem)]
        else:
            return respond(
                fragment="maps/_card_added.html",
                redirect_to=_on_map(the_map, card),
                card=card,
                section=section,
                announce=f"Card added to {CATEGORIES[category].label}.",
                **context,
            )
    if htmx:  # the form goes back in place of the one that was sent, wherever htmx aimed
        fragment = render_template("maps/_add_card.html", section=section, form=form, **context)
        return make_response(fragment, 422, retarget=f"#add-{category.value}", reswap="outerHTML")
    page: dict[str, Any] = {"map": the_map, "form": form, "category": category, "card": None}
    return respond("maps/card_page.html", status=400, **page, **context)


@bp.get("/<int:map_id>/cards/<int:card_id>")
@policy.requires("view a map", the_map=MAP_FOR_CARDS, card=Card)
def card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    if not htmx:
        return respond(redirect_to=_on_map(the_map, card), redirect_status=302)
    return respond(fragment="maps/_card.html", card=card, focus="edit", **_editor_context(the_map))


@bp.get("/<int:map_id>/cards/<int:card_id>/edit")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def edit_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    form = CardForm(obj=card, prefix=f"card-{card.id}", version=card.version)
    page: dict[str, Any] = {"form": form, "card": card, "map": the_map, "category": card.category}
    return respond(
        "maps/card_page.html", fragment="maps/_card_edit.html", **page, **_editor_context(the_map)
    )


@bp.post("/<int:map_id>/cards/<int:card_id>")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def save_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    form = CardForm(prefix=f"card-{card.id}")
    context = {"card": card, "map": the_map, **_editor_context(the_map)}
    if form.validate_on_submit():
        try:
            version, text, source = int(form.version.data or 0), form.text.data, form.source.data
            service.edit_card(
                card, current_user, text=text, source=source, expected_version=version
            )
        except EditConflict as conflict:
            return respond(
                "maps/conflict_page.html",
                fragment="maps/_card_conflict.html",
                status=409,
                mine=conflict.attempted,
                **context,
            )
        except (MapError, ValueError) as problem:
            form.text.errors = [*form.text.errors, str(problem)]
        else:
            return respond(
                fragment="maps/_card.html",
                redirect_to=_on_map(the_map, card),
                focus="edit",
                announce="Card saved.",
                **context,
            )
    return respond(
        "maps/card_page.html",
        fragment="maps/_card_edit.html",
        status=422 if htmx else 400,
        form=form,
        category=card.category,
        **context,
    )


@bp.post("/<int:map_id>/cards/<int:card_id>/delete")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def delete_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    context = _editor_context(the_map)
    service.delete_card(card, current_user)
    return respond(
        fragment="maps/_card_deleted.html",
        redirect_to=url_for("maps.map_page", map_id=the_map.id),
        notice="Card deleted. You can restore it from the map's history.",
        card=card,
        section=context["view"].section(card.category),
        announce=f"Card deleted from {CATEGORIES[card.category].label}. Press Undo to restore it.",
        **context,
    )


@bp.post("/<int:map_id>/cards/<int:card_id>/restore")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def restore_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    context = _editor_context(the_map)
    try:
        service.restore_card(card, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    return respond(
        fragment="maps/_card_restored.html",
        redirect_to=_on_map(the_map, card),
        notice="Card restored.",
        card=card,
        section=context["view"].section(card.category),
        announce=f"Card restored to {CATEGORIES[card.category].label}.",
        focus="edit",
        **context,
    )


@bp.post("/<int:map_id>/cards/<int:card_id>/move")
@policy.requires("edit a map", the_map=MAP_FOR_CARDS, card=Card)
def move_card(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    form = MoveForm()
    form.category.choices = [c.value for c in board_of(card.category)]
    if not form.validate_on_submit():
        abort(400, description=form.problem())
    from_category = card.category
    context = _editor_context(the_map)
    passed = None
    try:
        # Up and Down share a form with "Move to…": the pressed button's direction wins.
        if form.direction.data:
            step = -1 if form.direction.data == "up" else 1
            passed = service.move_card_by(card, current_user, step)
        else:
            target = Category(form.category.data or card.category.value)
            service.move_card(card, current_user, to_category=target, position=form.position.data)
    except MapError as problem:
        abort(409, description=str(problem))
    if not htmx:
        return respond(redirect_to=_on_map(the_map, card))
    return _moved(card, form, from_category, passed, context)


def _moved(
    card: Card, form: MoveForm, from_category: Category, passed: Card | None, context: dict
) -> ResponseReturnValue:
    """The htmx answer to a move: as little of the board as has changed."""
    view = context["view"]
    label = CATEGORIES[card.category].label
    announce = (
        f"Moved to {label}, position {card.position + 1} of {view.section(card.category).count}."
    )
    if form.direction.data:
        # Up or Down: the card's own markup moves past the card it swapped with (the one now
        # after it, or before it); the rest of the list stays as it is.
        focus = form.direction.data
        if passed is None:  # nothing to swap with (at the top or bottom), or places re-counted
            after = card.position + (1 if focus == "up" else -1)
            passed = service.card_at(card.map_id, card.category, after)
        return respond(
            fragment="maps/_card_stepped.html",
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
    return respond(
        fragment="maps/_cards_moved.html",
        sections=sections,
        moved=card,
        focus="move",
        announce=announce,
        **context,
    )
