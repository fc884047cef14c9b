"""The view model of a map: what the page and its fragments read, and the PDF, the exports, the
compare page, the reference snapshot and calibration too. There is one reading of a map: a
`MapView` from `build_view` (a person's page) or `read_map` (no reader: a snapshot or a count);
a card's fragment reads the smaller `CardsView` from `build_cards_view`.

`load_map` fetches a whole map in a fixed number of queries, however many cards it has."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, partial
from typing import TypedDict

from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from app import policy
from app.extensions import db
from app.maps import comments, service
from app.maps.charts import ChartPoint, scale_history_svg
from app.maps.language import Hint, goal_hints, pair_count_hint, statement_hints
from app.maps.structure import (
    CATEGORIES,
    COLUMNS,
    GOALS,
    HOUSE_CATEGORIES,
    STATEMENTS,
    ColumnInfo,
    statement_words,
)
from app.models import (
    Card,
    Category,
    Map,
    MapCoAuthor,
    Perspective,
    Rating,
    Scale,
    Scenario,
    StatementPair,
    TemplateVersion,
    User,
)


def load_map(map_id: int) -> Map | None:
    """The map with everything its page shows, loaded up front."""
    return (
        db.session.scalars(
            db.select(Map)
            .where(Map.id == map_id)
            .options(
                joinedload(Map.owner),
                joinedload(Map.template_version).joinedload(TemplateVersion.template),
                # The cohort's members are only needed when a supervisor reads the map: left lazy.
                joinedload(Map.cohort),
                joinedload(Map.scenario).selectinload(Scenario.family_members),
                joinedload(Map.scenario).selectinload(Scenario.chronology),
                # A map has two or three authors and a few statement pairs: joined to its row
                # (authors × pairs rows) rather than a query each.
                joinedload(Map.co_authors).joinedload(MapCoAuthor.user),
                joinedload(Map.pairs),
                selectinload(Map.cards),
                # Ratings join their scales' query, which grows with the ratings, not the pairs.
                selectinload(Map.scales).joinedload(Scale.ratings),
            )
        )
        .unique()
        .first()
    )


def load_map_for_cards(map_id: int) -> Map | None:
    """The map as the card routes need it: who may change it (authors; the cohort for a
    supervisor), but not its cards, pairs, scales, scenario or template. A card route reads
    only the cards it changes, so its cost does not grow with the map."""
    return (
        db.session.scalars(
            db.select(Map)
            .where(Map.id == map_id)
            .options(joinedload(Map.cohort), joinedload(Map.co_authors))
        )
        .unique()
        .first()
    )


# How a route names its map: the view's argument is `the_map` (a bare `map` would hide the
# builtin), loaded from the URL's `map_id`.
MAP = policy.FromURL("map_id", load_map)
MAP_FOR_CARDS = policy.FromURL("map_id", load_map_for_cards)


@dataclass
class SectionView:
    key: str
    label: str
    hint: str
    category: Category | None = None
    add_label: str = ""
    cards: list[Card] = field(default_factory=list)
    prompt: str = ""  # the template's guidance for this part of the map
    # A card fragment's view holds no cards: it counts them in SQL, once, when a count is shown.
    counts: Callable[[], dict[Category, int]] | None = None

    @property
    def count(self) -> int:
        if self.counts is None:
            return len(self.cards)
        return self.counts().get(self.category, 0) if self.category is not None else 0


@dataclass
class ColumnView:
    info: ColumnInfo
    sections: list[SectionView]


@dataclass
class ScaleView:
    scale: Scale
    name: str

    @cached_property
    def latest(self) -> list[Rating]:
        return service.latest_ratings(self.scale)

    @cached_property
    def chart(self) -> Markup:
        # Drawn only when a template shows it: card fragments never pay for the charts.
        points = [ChartPoint(r.rated_on, r.who, r.score) for r in self.scale.ratings]
        return scale_history_svg(points, title=f"{self.name}: scores over time")

    @property
    def history(self) -> list[Rating]:
        return list(reversed(self.scale.ratings))

    @cached_property
    def reference_rating(self) -> Rating | None:
        """The scale's one score when the map is compared or calibrated: the latest worker
        rating; without one, the latest rating from anyone. None when nobody has scaled.

        Why the worker's: several people scale a map, each from their own perspective, and the
        page shows them all. Set side by side, a map needs one score, and it is the judgement of
        whoever wrote the map: a trainee records theirs as the worker, and a champion writing
        the reference map (the model answer) does too (an imported reference's scores are
        recorded as the worker's). A parent's or supervisor's rating is a different view, not
        a later answer, so it counts only when the worker has not scaled at all."""
        ratings = self.scale.ratings  # oldest first
        workers = [r for r in ratings if r.perspective is Perspective.WORKER]
        if workers:
            return workers[-1]
        return ratings[-1] if ratings else None

    @property
    def reference_score(self) -> int | None:
        rating = self.reference_rating
        return rating.score if rating else None

    @property
    def reference_rated_by(self) -> str:
        """Whose the reference score is when it is not the worker's (e.g. "Supervisor")."""
        rating = self.reference_rating
        if rating is None or rating.perspective is Perspective.WORKER:
            return ""
        return rating.who


@dataclass
class PairView:
    pair: StatementPair
    number: int
    scale: ScaleView
    statement_hints: list[Hint]
    goal_hints: list[Hint]


@dataclass(kw_only=True)
class _MapSheet:
    """What every reading of a map has: its sections, in page order, and who may do what."""

    map: Map
    words: dict[str, str]
    columns: list[ColumnView]
    grey_area: SectionView | None
    houses: list[SectionView]
    can_edit: bool = False
    can_manage: bool = False
    # Authors who may edit, and a facilitator adding cards live in group supervision.
    can_add_cards: bool = False
    # May read and write feedback: the map's authors and its cohort's supervisors.
    can_comment: bool = False
    # Reads the map to give feedback (a supervisor), so each card, pair and rating offers "Comment".
    reviewing: bool = False

    @cached_property
    def feedback(self) -> comments.Feedback:
        # Asked for only by templates that show feedback, in one query.
        return comments.threads_for(self.map)

    def section(self, category: Category) -> SectionView:
        for section in self.all_sections():
            if section.category is category:
                return section
        raise KeyError(category)

    def section_with_cards(self, category: Category) -> SectionView:
        """A section with its cards, in a card fragment's view too (to redraw its list)."""
        section = self.section(category)
        if section.counts is None:
            return section
        return replace(section, cards=service.live_cards(self.map, category), counts=None)

    def all_sections(self) -> Iterator[SectionView]:
        for column in self.columns:
            yield from column.sections
        if self.grey_area:
            yield self.grey_area
        yield from self.houses

    @property
    def move_targets(self) -> list[SectionView]:
        """Card sections of the three columns and grey area, in page order (for "Move to…")."""
        sections = [s for column in self.columns for s in column.sections if s.category]
        return sections + ([self.grey_area] if self.grey_area else [])


@dataclass(kw_only=True)
class MapView(_MapSheet):
    """The whole map as its page shows it: every section's cards, the pairs and the scales."""

    pairs: list[PairView]
    map_scale: ScaleView
    pair_hint: Hint | None

    def scale_of(self, scale: Scale) -> ScaleView:
        """The view of one of the map's scales: the map's own, or a pair's."""
        if scale.pair_id is None:
            return self.map_scale
        return next(p.scale for p in self.pairs if p.pair.id == scale.pair_id)

    @property
    def flagged(self) -> list[Card]:
        return [card for section in self.all_sections() for card in section.cards if card.flags]

    @property
    def shown_cards(self) -> list[Card]:
        """Every card the page shows, category by category in `Category` order (the grey area
        only when the map keeps one): what compare, calibration and the reference read."""
        return [
            card
            for category in Category
            if category is not Category.GREY_AREA or self.grey_area
            for card in self.section(category).cards
        ]


@dataclass(kw_only=True)
class CardsView(_MapSheet):
    """A card fragment's reading of the map: its sections and who may change them, but no
    cards (each section counts its cards in SQL, once, when a count is shown, and
    `section_with_cards` loads one section's cards), pairs or scales."""


class _Sections(TypedDict):
    columns: list[ColumnView]
    grey_area: SectionView | None
    houses: list[SectionView]


class _Permissions(TypedDict):
    can_edit: bool
    can_add_cards: bool
    can_manage: bool
    can_comment: bool
    reviewing: bool


_NOBODY = _Permissions(
    can_edit=False, can_add_cards=False, can_manage=False, can_comment=False, reviewing=False
)


def build_view(the_map: Map, user: User) -> MapView:
    """The map as its page shows it to `user`, from `load_map`."""
    return _whole(the_map, _permissions(the_map, user))


def read_map(the_map: Map) -> MapView:
    """The map read by nobody in particular (every permission off): the reference snapshot and
    calibration read maps this way, so they see what the page shows."""
    return _whole(the_map, _NOBODY)


def build_cards_view(the_map: Map, user: User) -> CardsView:
    """What a card's fragment needs, from `load_map_for_cards`: its cost does not grow with the
    map."""
    # Counted when a fragment first shows a count, in one query for every category.
    counts = cache(partial(service.card_counts, the_map.id))
    words = statement_words(the_map.vocabulary)
    by_category: dict[Category, list[Card]] = {category: [] for category in Category}
    return CardsView(
        map=the_map,
        words=words,
        **_sections(the_map, words, by_category, {}, counts),
        **_permissions(the_map, user),
    )


def _whole(the_map: Map, permissions: _Permissions) -> MapView:
    words = statement_words(the_map.vocabulary)
    prompts = (
        the_map.template_version.document.get("prompts", {}) if the_map.template_version else {}
    )
    by_category: dict[Category, list[Card]] = {category: [] for category in Category}
    for card in the_map.cards:
        if not card.is_deleted:
            by_category[card.category].append(card)
    for cards in by_category.values():
        cards.sort(key=lambda c: (c.position, c.id))
    scales_by_pair = {scale.pair_id: scale for scale in the_map.scales}
    pairs = [
        PairView(
            pair=pair,
            number=number,
            scale=scale_view(scales_by_pair[pair.id], f"Scale for pair {number}"),
            statement_hints=statement_hints(pair.statement, pair.statement_impact),
            goal_hints=goal_hints(pair.goal, pair.goal_duration),
        )
        for number, pair in enumerate(service.live_pairs(the_map), start=1)
    ]
    return MapView(
        map=the_map,
        words=words,
        **_sections(the_map, words, by_category, prompts, None),
        pairs=pairs,
        map_scale=scale_view(scales_by_pair[None], "Safety scale for the whole map"),
        pair_hint=pair_count_hint(len(pairs)),
        **permissions,
    )


def _sections(
    the_map: Map,
    words: dict[str, str],
    cards_by_category: dict[Category, list[Card]],
    prompts: dict[str, str],
    counts: Callable[[], dict[Category, int]] | None,
) -> _Sections:
    """The columns, grey area and houses, in page order."""

    def section(category: Category) -> SectionView:
        info = CATEGORIES[category]
        return SectionView(
            key=category.value,
            label=info.label,
            hint=info.hint,
            category=category,
            add_label=info.add_label,
            cards=cards_by_category[category],
            prompt=prompts.get(category.value, ""),
            counts=counts,
        )

    columns = []
    for column in COLUMNS:
        sections = []
        for key in column.sections:
            if key == STATEMENTS:
                sections.append(
                    SectionView(STATEMENTS, words["statements"], _statement_hint(words))
                )
            elif key == GOALS:
                sections.append(SectionView(GOALS, words["goals"], _goal_hint(words)))
            else:
                sections.append(section(key))
        columns.append(ColumnView(column, sections))
    return _Sections(
        columns=columns,
        grey_area=section(Category.GREY_AREA) if the_map.has_grey_area else None,
        houses=[section(category) for category in HOUSE_CATEGORIES],
    )


def _permissions(the_map: Map, user: User) -> _Permissions:
    can_comment = policy.allowed(user, "comment on a map", the_map)
    can_edit = policy.allowed(user, "edit a map", the_map)
    return _Permissions(
        can_edit=can_edit,
        can_add_cards=can_edit or policy.allowed(user, "add a card", the_map),
        can_manage=policy.allowed(user, "manage a map", the_map),
        can_comment=can_comment,
        reviewing=can_comment and user.id not in the_map.author_ids,
    )


def scale_view(scale: Scale, name: str) -> ScaleView:
    return ScaleView(scale=scale, name=name)


def _statement_hint(words: dict[str, str]) -> str:
    return (
        f"Each {words['statement']}: who is worried, about what behaviour, and what will happen "
        "to the child if nothing changes."
    )


def _goal_hint(words: dict[str, str]) -> str:
    return (
        f"Each {words['goal']}: what the carers will be doing, what the child will experience, "
        "what professionals will see, and for how long."
    )
