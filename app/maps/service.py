"""The rules of a map: every operation a person can make, testable without a request.

Each function validates, changes the database, writes a history event and flushes; the request
commits once (app/unit_of_work.py), so every card, statement and rating saves on its own request."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from app.access import scenario_reaches, scenarios_reaching
from app.extensions import db
from app.maps.guard import KINDS, kinds_in
from app.maps.structure import CATEGORIES, board_of
from app.models import (
    Card,
    Category,
    Map,
    MapCoAuthor,
    MapEvent,
    MapSource,
    MapStatus,
    Perspective,
    Rating,
    Role,
    Scale,
    Scenario,
    StatementPair,
    User,
    Vocabulary,
)
from app.models._types import utcnow

MAX_CARD_TEXT = 2000
MAX_SOURCE = 200
MAX_CO_AUTHORS = 3
MAX_TITLE = 200


class MapError(ValueError):
    """A change that cannot be made. The message is shown to the person as it is; `field` names
    the form field it is about, when it is about one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class EditConflict(Exception):
    """Someone saved a newer version first. Nothing was written."""

    current: Card | StatementPair
    attempted: dict


# Creating and sharing maps ----------------------------------------------------------------


def create_map(
    owner: User,
    *,
    source: MapSource,
    title: str,
    vocabulary: Vocabulary,
    has_grey_area: bool = False,
    scenario: Scenario | None = None,
    co_authors: list[User] | tuple = (),
) -> Map:
    """Start a map (with its map-level scale) as a private draft of `owner`."""
    title = _required_text(title, "title", MAX_TITLE)
    if source is MapSource.SCENARIO and scenario is None:
        raise MapError("Choose a case scenario to map", field="scenario")
    if scenario is not None and not scenario_reaches(scenario, owner):
        raise MapError("Choose a case scenario from your organisation", field="scenario")
    cohort = owner.cohorts[0] if owner.cohorts else None
    new_map = Map(
        organisation_id=owner.organisation_id,
        owner=owner,
        cohort=cohort,
        scenario=scenario if source is MapSource.SCENARIO else None,
        source=source,
        title=title,
        vocabulary=vocabulary,
        has_grey_area=has_grey_area,
    )
    db.session.add(new_map)
    new_map.scales.append(Scale())
    _check_co_authors(new_map, owner, co_authors)
    new_map.co_authors = [MapCoAuthor(user=user) for user in co_authors]
    db.session.flush()
    record(new_map, owner, "created", f"Started the map “{title}”")
    db.session.flush()
    return new_map


def scenario_choices(user: User) -> Sequence[Scenario]:
    """The scenarios the user may start a map from, by title (see `access.scenarios_reaching`)."""
    return db.session.scalars(scenarios_reaching(user).order_by(Scenario.title)).all()


def co_author_candidates(owner: User) -> Sequence[User]:
    """People who may map with `owner`: active trainees in the owner's cohorts."""
    cohort_ids = [c.id for c in owner.cohorts]
    if not cohort_ids:
        return []
    from app.models import CohortMembership

    return db.session.scalars(
        db.select(User)
        .join(CohortMembership, CohortMembership.user_id == User.id)
        .where(
            CohortMembership.cohort_id.in_(cohort_ids),
            User.id != owner.id,
            User.active.is_(True),
            User.role == Role.TRAINEE,
        )
        .distinct()
        .order_by(User.name)
    ).all()


def _check_co_authors(the_map: Map, owner: User, co_authors: Sequence[User]) -> None:
    if len(co_authors) > MAX_CO_AUTHORS:
        raise MapError(
            f"Choose up to {MAX_CO_AUTHORS} co-authors: a map is made by a trio at most",
            field="co_authors",
        )
    allowed = {user.id for user in co_author_candidates(owner)}
    for user in co_authors:
        if user.id not in allowed:
            raise MapError(
                f"{user.name} is not in your cohort, so cannot co-author this map",
                field="co_authors",
            )


def update_settings(
    the_map: Map,
    by: User,
    *,
    title: str,
    vocabulary: Vocabulary,
    has_grey_area: bool,
    co_authors: list[User],
) -> None:
    """Change the title, vocabulary, grey area and co-authors (the owner's decision)."""
    title = _required_text(title, "title", MAX_TITLE)
    _check_co_authors(the_map, the_map.owner, co_authors)
    the_map.title = title
    the_map.vocabulary = vocabulary
    the_map.has_grey_area = has_grey_area
    wanted = {user.id for user in co_authors}
    the_map.co_authors = [c for c in the_map.co_authors if c.user_id in wanted] + [
        MapCoAuthor(user=user)
        for user in co_authors
        if user.id not in {c.user_id for c in the_map.co_authors}
    ]
    names = ", ".join(user.name for user in co_authors) or "none"
    record(the_map, by, "settings", f"Changed the map's settings (co-authors: {names})")
    db.session.flush()


def submit_map(the_map: Map, by: User) -> None:
    """Share the map with the cohort's supervisors for review (again, after changes)."""
    if not the_map.status.editable:
        raise MapError("This map has already been submitted for review")
    again = the_map.status is MapStatus.CHANGES_REQUESTED
    the_map.status = MapStatus.SUBMITTED
    the_map.submitted_at = utcnow()
    record(
        the_map,
        by,
        "submitted",
        "Submitted the map for review again" if again else "Submitted the map for review",
    )
    db.session.flush()


def return_map(the_map: Map, by: User, *, outcome: MapStatus, summary: str) -> None:
    """The supervisor's return: reviewed (finished), or changes requested (the authors edit again)."""
    if the_map.status is not MapStatus.SUBMITTED:
        raise MapError("Only a map waiting for review can be returned")
    if outcome not in (MapStatus.REVIEWED, MapStatus.CHANGES_REQUESTED):
        raise MapError("Choose reviewed or changes requested")
    summary = _required_text(summary, "summary for the trainee", MAX_CARD_TEXT)
    the_map.status = outcome
    the_map.reviewed_at, the_map.reviewed_by_id, the_map.review_summary = utcnow(), by.id, summary
    action = "reviewed" if outcome is MapStatus.REVIEWED else "changes requested"
    record(
        the_map,
        by,
        action,
        f"{outcome.label}: “{_short(summary, 120)}”",
        detail={"summary": summary},
    )
    db.session.flush()


REVIEW_PAGE_SIZE = 25


def review_queue(supervisor: User, page: int = 1) -> Pagination:
    """Maps waiting for review in the supervisor's cohorts, oldest submission first, a page at
    a time, with everything the list shows loaded up front. A page past the last is the last."""
    waiting = (
        db.select(Map)
        .where(
            Map.cohort_id.in_([c.id for c in supervisor.cohorts]),
            Map.status == MapStatus.SUBMITTED,
            Map.deleted_at.is_(None),
        )
        .options(
            joinedload(Map.owner),
            joinedload(Map.cohort),
            selectinload(Map.co_authors).joinedload(MapCoAuthor.user),
        )
        .order_by(Map.submitted_at, Map.id)
    )
    shown = db.paginate(waiting, page=page, per_page=REVIEW_PAGE_SIZE, error_out=False)
    if shown.page > shown.pages > 0:
        shown = db.paginate(waiting, page=shown.pages, per_page=REVIEW_PAGE_SIZE, error_out=False)
    return shown


def withdraw_submission(the_map: Map, by: User) -> None:
    if the_map.status is not MapStatus.SUBMITTED:
        raise MapError("This map has not been submitted")
    the_map.status = MapStatus.DRAFT
    the_map.submitted_at = None
    record(the_map, by, "withdrawn", "Took the map back to edit it")
    db.session.flush()


def delete_map(the_map: Map, by: User) -> None:
    the_map.deleted_at = utcnow()
    record(the_map, by, "deleted map", "Deleted the map")
    db.session.flush()


def maps_for(user: User) -> Sequence[Map]:
    """Maps the user owns or co-authors, newest change first."""
    co_authored = db.select(MapCoAuthor.map_id).where(MapCoAuthor.user_id == user.id)
    return db.session.scalars(
        db.select(Map)
        .where(Map.deleted_at.is_(None), (Map.owner_id == user.id) | Map.id.in_(co_authored))
        .options(selectinload(Map.co_authors).selectinload(MapCoAuthor.user))
        .order_by(Map.updated_at.desc())
    ).all()


# Cards --------------------------------------------------------------------------------------


def add_card(the_map: Map, by: User, *, category: Category, text: str, source: str = "") -> Card:
    """Add a card at the end of its category."""
    _check_category(the_map, category)
    text = _required_text(text, "card", MAX_CARD_TEXT)
    source = _optional_text(source, "source", MAX_SOURCE)
    card = Card(
        map=the_map,
        category=category,
        position=card_counts(the_map.id).get(category, 0),
        text=text,
        source=source or None,
        flags=kinds_in(text + "\n" + source),
        created_by_id=by.id,
    )
    db.session.add(card)
    db.session.flush()
    record(the_map, by, "added", f"Added to {_label(category)}: “{_short(text)}”", card)
    _record_flags(the_map, by, card.flags, card)
    db.session.flush()
    return card


def edit_card(card: Card, by: User, *, text: str, source: str, expected_version: int) -> Card:
    """Change a card's words. A save based on an older version raises EditConflict."""
    text = _required_text(text, "card", MAX_CARD_TEXT)
    source = _optional_text(source, "source", MAX_SOURCE)
    if card.is_deleted:
        raise MapError("This card has been deleted. Restore it from the map's history first")
    if expected_version != card.version:
        raise EditConflict(card, {"text": text, "source": source})
    if text == card.text and (source or None) == card.source:
        return card
    before = card.text
    card.text, card.source = text, source or None
    card.flags = kinds_in(text + "\n" + source)
    card.version += 1
    record(
        card.map,
        by,
        "edited",
        f"Changed a card in {_label(card.category)}: “{_short(text)}”",
        card,
        {"before": before, "after": text},
    )
    _record_flags(card.map, by, card.flags, card)
    db.session.flush()
    return card


def delete_card(card: Card, by: User) -> None:
    """Delete a card; it stays restorable from the history (and the undo button)."""
    if card.is_deleted:
        return
    siblings = live_cards(card.map, card.category)
    card.deleted_at = utcnow()
    card.version += 1
    _renumber([c for c in siblings if c.id != card.id])
    record(
        card.map,
        by,
        "deleted",
        f"Deleted from {_label(card.category)}: “{_short(card.text)}”",
        card,
    )
    db.session.flush()


def restore_card(card: Card, by: User) -> None:
    """Bring a deleted card back where it was."""
    if not card.is_deleted:
        return
    _check_category(card.map, card.category)
    siblings = live_cards(card.map, card.category)
    card.deleted_at = None
    card.version += 1
    siblings.insert(min(card.position, len(siblings)), card)
    _renumber(siblings)
    record(
        card.map,
        by,
        "restored",
        f"Restored to {_label(card.category)}: “{_short(card.text)}”",
        card,
    )
    db.session.flush()


def move_card(card: Card, by: User, *, to_category: Category, position: int | None = None) -> None:
    """Move a card to `position` (0 = first; None = last) in `to_category`, which may be its own."""
    if card.is_deleted:
        raise MapError("This card has been deleted, so it cannot be moved")
    if to_category not in board_of(card.category):
        raise MapError(f"A card cannot move from {_label(card.category)} to {_label(to_category)}")
    _check_category(card.map, to_category)
    from_category = card.category
    source_list = [c for c in live_cards(card.map, from_category) if c.id != card.id]
    target_list = (
        source_list
        if to_category is from_category
        else [c for c in live_cards(card.map, to_category) if c.id != card.id]
    )
    old_position = card.position
    index = len(target_list) if position is None else max(0, min(position, len(target_list)))
    target_list.insert(index, card)
    card.category = to_category
    _renumber(target_list)
    if to_category is not from_category:
        _renumber(source_list)
    elif card.position == old_position:
        return
    _save_move(card, by, from_category if to_category is not from_category else None)


def move_card_by(card: Card, by: User, offset: int) -> Card | None:
    """Move a card up (-1) or down (+1) within its category: it swaps places with the card
    next to it, and only those two cards are read and written. Returns the card it passed, or
    None when there was none to swap with."""
    if card.is_deleted:
        raise MapError("This card has been deleted, so it cannot be moved")
    neighbour = card_at(card.map_id, card.category, card.position + offset)
    if neighbour is None:
        # At the top or bottom already (or places out of step): the general move sorts it out.
        move_card(card, by, to_category=card.category, position=max(0, card.position + offset))
        return None
    card.position, neighbour.position = neighbour.position, card.position
    _save_move(card, by)
    return neighbour


def _save_move(card: Card, by: User, from_category: Category | None = None) -> None:
    """Bump the moved card's version, note the move in the history and flush. `from_category`
    is the category it left, when it changed."""
    card.version += 1
    where = (
        f"from {_label(from_category)} to {_label(card.category)}"
        if from_category is not None
        else f"to place {card.position + 1} in {_label(card.category)}"
    )
    record(card.map, by, "moved", f"Moved “{_short(card.text)}” {where}", card)
    db.session.flush()


def live_cards(the_map: Map, category: Category) -> list[Card]:
    """One category's cards in order, read in SQL: a card change never loads the whole map."""
    return list(
        db.session.scalars(
            db.select(Card)
            .where(Card.map_id == the_map.id, Card.category == category, Card.deleted_at.is_(None))
            .order_by(Card.position, Card.id)
        )
    )


def card_at(map_id: int, category: Category, position: int) -> Card | None:
    """The live card at `position` in a category of a map, if there is one."""
    return db.session.scalar(
        db.select(Card).where(
            Card.map_id == map_id,
            Card.category == category,
            Card.position == position,
            Card.deleted_at.is_(None),
        )
    )


def card_counts(map_id: int) -> dict[Category, int]:
    """How many cards each category of a map holds, deleted ones left out."""
    rows = db.session.execute(
        db.select(Card.category, db.func.count())
        .where(Card.map_id == map_id, Card.deleted_at.is_(None))
        .group_by(Card.category)
    )
    return {category: count for category, count in rows}


def _renumber(cards: list[Card]) -> None:
    for index, card in enumerate(cards):
        # Only a real change: setting an equal value still marks the card for the flush to check.
        if card.position != index:
            card.position = index


def _check_category(the_map: Map, category: Category) -> None:
    if category is Category.GREY_AREA and not the_map.has_grey_area:
        raise MapError("This map has no grey area. Turn it on in the map's settings first")


# Statement / goal pairs ------------------------------------------------------------------------

PAIR_PARTS = (
    "statement_who",
    "statement_behaviour",
    "statement_impact",
    "goal_carers",
    "goal_child",
    "goal_professionals",
    "goal_duration",
)


def add_pair(the_map: Map, by: User, *, statement: str, goal: str, **parts: str) -> StatementPair:
    """Add a statement and its goal, each pair with its own scale."""
    pair = StatementPair(map=the_map, position=len(live_pairs(the_map)))
    _fill_pair(pair, statement, goal, parts)
    db.session.add(pair)
    the_map.scales.append(Scale(pair=pair))
    db.session.flush()
    record(the_map, by, "added pair", f"Added the pair “{_short(pair.statement)}”")
    _record_flags(the_map, by, pair.flags)
    db.session.flush()
    return pair


def update_pair(
    pair: StatementPair, by: User, *, expected_version: int, statement: str, goal: str, **parts: str
) -> StatementPair:
    if pair.deleted_at is not None:
        raise MapError("This pair has been deleted")
    if expected_version != pair.version:
        raise EditConflict(pair, {"statement": statement, "goal": goal, **parts})
    before = {"statement": pair.statement, "goal": pair.goal}
    _fill_pair(pair, statement, goal, parts)
    pair.version += 1
    record(
        pair.map,
        by,
        "edited pair",
        f"Changed the pair “{_short(pair.statement)}”",
        detail={"before": before, "after": {"statement": pair.statement, "goal": pair.goal}},
    )
    _record_flags(pair.map, by, pair.flags)
    db.session.flush()
    return pair


def delete_pair(pair: StatementPair, by: User) -> None:
    if pair.deleted_at is not None:
        return
    pair.deleted_at = utcnow()
    pair.version += 1
    record(pair.map, by, "deleted pair", f"Deleted the pair “{_short(pair.statement)}”")
    db.session.flush()


def live_pairs(the_map: Map) -> list[StatementPair]:
    return [p for p in the_map.pairs if p.deleted_at is None]


def _fill_pair(pair: StatementPair, statement: str, goal: str, parts: dict) -> None:
    for name in PAIR_PARTS:
        setattr(pair, name, _optional_text(parts.get(name, ""), "part", MAX_CARD_TEXT))
    pair.statement = _required_text(statement, "statement", MAX_CARD_TEXT)
    pair.goal = _required_text(goal, "goal", MAX_CARD_TEXT)
    pair.flags = kinds_in(pair.statement + "\n" + pair.goal)


# Scales and ratings --------------------------------------------------------------------------


def add_rating(
    scale: Scale,
    by: User,
    *,
    perspective: Perspective,
    score: int,
    reason: str = "",
    rater_name: str = "",
    rated_on: date | None = None,
) -> Rating:
    """Record one person's score (0–10) and why. Earlier ratings stay as history."""
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        raise MapError("A score must be a whole number from 0 to 10")
    reason = _optional_text(reason, "reason", MAX_CARD_TEXT)
    rater_name = _optional_text(rater_name, "name", 120)
    rating = Rating(
        scale=scale,
        perspective=perspective,
        rater_name=rater_name,
        score=score,
        reason=reason,
        rated_on=rated_on or date.today(),
        flags=kinds_in(reason + "\n" + rater_name),
        created_by_id=by.id,
    )
    db.session.add(rating)
    record(scale.map, by, "rated", f"Rated {scale_name(scale)}: {rating.who} gave {score}")
    _record_flags(scale.map, by, rating.flags)
    db.session.flush()
    return rating


def update_anchors(scale: Scale, by: User, *, low: str, high: str) -> None:
    scale.low_anchor = _required_text(low, "wording for 0", 500)
    scale.high_anchor = _required_text(high, "wording for 10", 500)
    record(scale.map, by, "anchors", f"Changed the wording of {scale_name(scale)}")
    db.session.flush()


def latest_ratings(scale: Scale) -> list[Rating]:
    """The latest rating from each perspective (and name), highest first."""
    latest: dict[tuple, Rating] = {}
    for rating in scale.ratings:  # ordered oldest first
        latest[(rating.perspective, rating.rater_name.casefold())] = rating
    return sorted(latest.values(), key=lambda r: (-r.score, r.who))


def scale_name(scale: Scale) -> str:
    if scale.pair is None:
        return "the map's safety scale"
    return f"the scale for pair {scale.pair.position + 1}"


# The child's Three Houses ----------------------------------------------------------------------


def set_child(the_map: Map, by: User, *, name: str, age: int | None) -> None:
    name = _optional_text(name, "child's name", 120)
    if age is not None and not 0 <= age <= 25:
        raise MapError("Enter the child's age as a number from 0 to 25")
    the_map.child_name, the_map.child_age = name or None, age
    record(the_map, by, "child", "Changed the child's name or age on the Three Houses")
    _record_flags(the_map, by, kinds_in(name))
    db.session.flush()


# History ----------------------------------------------------------------------------------------


def record(
    the_map: Map,
    by: User | None,
    action: str,
    summary: str,
    card: Card | None = None,
    detail: dict | None = None,
) -> MapEvent:
    event = MapEvent(
        map=the_map,
        actor=by,
        action=action,
        summary=summary,
        card_id=card.id if card is not None else None,
        detail=detail or {},
    )
    db.session.add(event)
    the_map.updated_at = utcnow()
    return event


def _record_flags(the_map: Map, by: User, kinds: list[str], card: Card | None = None) -> None:
    """Note real-looking identifiers in the history, so the map's owner sees them."""
    if kinds:
        found = ", ".join(KINDS[kind] for kind in kinds)
        record(the_map, by, "flagged", f"Text that looks like real personal data: {found}", card)


def history(the_map: Map) -> Sequence[MapEvent]:
    return db.session.scalars(
        db.select(MapEvent)
        .where(MapEvent.map_id == the_map.id)
        .options(selectinload(MapEvent.actor))
        .order_by(MapEvent.created_at.desc(), MapEvent.id.desc())
    ).all()


def deleted_cards(the_map: Map) -> list[Card]:
    deleted = [(c.deleted_at, c) for c in the_map.cards if c.deleted_at is not None]
    return [c for _, c in sorted(deleted, key=lambda entry: entry[0], reverse=True)]


# Helpers ----------------------------------------------------------------------------------------


def _required_text(
    value: str | None, what: str, limit: int, error: type[ValueError] = MapError
) -> str:
    """Text that must be there and not too long; `error` is the feature's own refusal."""
    value = (value or "").strip()
    if not value:
        raise error(f"Enter the {what}")
    return _optional_text(value, what, limit, error)


def _optional_text(
    value: str | None, what: str, limit: int, error: type[ValueError] = MapError
) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise error(f"The {what} must be {limit:,} characters or fewer")
    return value


def _label(category: Category) -> str:
    return CATEGORIES[category].label


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
