"""Calibration across a cohort: every trainee's scores and card placements for one exercise,
set against the reference map, to start the group's discussion ("why did you call that
existing safety rather than a strength?").

Which maps count: maps started from any version of the template, not deleted, and shared with
supervisors (submitted, changes requested or reviewed). Drafts are private to their authors
and never counted. A supervisor sees the maps of the cohorts they belong to; a practice
champion or an admin sees every such map in the organisation. The reference map itself is
never counted.

Matching a reference item to a trainee's card is done by the matcher the "compare with the
reference" page uses too (app/maps/matching.py), on the same cards (the grey area only when
the map keeps one), so the two views agree item by item: matched by what the words mean (stems,
synonyms, near spellings), best pair first across the whole map, one card for one reference
item at most, the reference item's own category first on a tie.

Every map, the reference map too, is read through the map page's view model (`read_map`), and
each scale's score is its `ScaleView.reference_rating`: the one rule the reference snapshot and
the compare page use.
"""

import statistics
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from app.access import edits_template, is_author_role, startable_version, version_for
from app.extensions import db
from app.library.calibration_chart import DotRow, calibration_dot_plot
from app.maps.matching import assign
from app.maps.structure import CATEGORIES
from app.maps.view import MapView, ScaleView, read_map
from app.models import (
    Category,
    Map,
    MapCoAuthor,
    Role,
    Scale,
    Template,
    User,
)
from app.models.maps import SHARED_STATUSES

# Category order for ties and for tables: the order of the map's columns.
CATEGORY_ORDER = {category: index for index, category in enumerate(Category)}


# What the page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeMap:
    """One shared map of the exercise: who wrote it, and where it is in review."""

    map: Map
    authors: str  # "Priya Trainee" or "Priya Trainee with Cleo Coauthor"
    cohort: str
    status_label: str


@dataclass(frozen=True)
class Score:
    """One map's score on one scale. `score` is None when the map has no rating there
    (`has_scale` False: the map has no such pair at all)."""

    trainee: TraineeMap
    score: int | None
    # Whose rating it is when it is not the worker's (the fallback), e.g. "Supervisor".
    rated_by: str = ""
    has_scale: bool = True

    @property
    def text(self) -> str:
        if not self.has_scale:
            return "No such pair"
        if self.score is None:
            return "Not scaled"
        return f"{self.score} ({self.rated_by})" if self.rated_by else str(self.score)


@dataclass(frozen=True)
class Summary:
    count: int
    median: float
    low: int
    high: int

    @property
    def median_text(self) -> str:
        return f"{self.median:g}"

    @property
    def spread_text(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low} to {self.high}"


@dataclass
class ScaleRow:
    """One scale across the cohort: the map's own scale, or pair N's."""

    label: str  # "Whole map", "Pair 1"
    reference: int | None
    scores: list[Score]

    @property
    def scored(self) -> list[int]:
        return [s.score for s in self.scores if s.score is not None]

    @property
    def not_scaled(self) -> list[Score]:
        return [s for s in self.scores if s.has_scale and s.score is None]

    @property
    def summary(self) -> Summary | None:
        scored = self.scored
        if not scored:
            return None
        return Summary(len(scored), statistics.median(scored), min(scored), max(scored))


@dataclass
class PlacementCell:
    """How many maps put a reference item in one category, and whose they were."""

    category: Category | None  # None: not found on the map
    label: str
    trainees: list[TraineeMap] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.trainees)

    @property
    def names(self) -> str:
        return "; ".join(t.authors for t in self.trainees)


@dataclass
class Placement:
    """One reference item and where each trainee map put it."""

    text: str
    category: Category
    agreed: PlacementCell  # placed in the reference's own category
    elsewhere: list[PlacementCell]  # other categories, in column order, only those used
    not_found: PlacementCell

    @property
    def label(self) -> str:
        return CATEGORIES[self.category].label


@dataclass
class Calibration:
    template: Template
    title: str  # as the viewer sees it: a supervisor never sees a champion's unpublished draft
    maps: list[TraineeMap]
    scales: list[ScaleRow]
    placements: list[Placement]
    # Where the reference answers come from, in words, e.g. "the reference map published with
    # version 2"; empty when there is no reference.
    reference_source: str

    @property
    def dot_plot(self) -> Markup:
        """The scales as a dot plot: no names on it; the page's table gives them."""
        rows = [
            DotRow(
                label=row.label,
                scores=row.scored,
                reference=row.reference,
                median=row.summary.median if row.summary else None,
            )
            for row in self.scales
        ]
        return calibration_dot_plot(
            rows,
            title=f"Safety scale scores for {self.title}, with the reference score",
            chart_id=f"calibration-{self.template.id}",
        )

    @property
    def placement_groups(self) -> list[tuple[str, list[Placement]]]:
        """Placements grouped by the reference's category, in column order."""
        groups: dict[Category, list[Placement]] = {}
        for placement in sorted(self.placements, key=lambda p: CATEGORY_ORDER[p.category]):
            groups.setdefault(placement.category, []).append(placement)
        return [(CATEGORIES[category].label, items) for category, items in groups.items()]


# The reference answers -----------------------------------------------------------------------


@dataclass
class _Reference:
    cards: list[tuple[Category, str]]
    pair_scores: list[int | None]
    map_score: int | None
    source: str


def _reference_for(template: Template, viewer: User) -> _Reference | None:
    """The published reference the viewer can see; the template's editors fall back to the
    reference map as it stands, when no published version carries one yet. Nobody else sees an
    unpublished reference."""
    version = startable_version(template, viewer)
    reference = (version.document.get("reference") if version else None) or None
    if version is not None and reference:
        return _Reference(
            cards=[(Category(c["category"]), c["text"]) for c in reference.get("cards", [])],
            pair_scores=[pair.get("score") for pair in reference.get("pairs", [])],
            map_score=(reference.get("map_score") or {}).get("score"),
            source=f"the reference map published with version {version.number}",
        )
    if not edits_template(viewer, template) or not template.reference_map_id:
        return None
    reference_map = db.session.scalar(
        _with_contents(db.select(Map)).where(Map.id == template.reference_map_id)
    )
    if reference_map is None or reference_map.deleted_at is not None:
        return None
    # Read as publishing would snapshot it, so the figures do not change when it is published.
    view = read_map(reference_map)
    return _Reference(
        cards=[(card.category, card.text) for card in view.shown_cards],
        pair_scores=[pair.scale.reference_score for pair in view.pairs],
        map_score=view.map_scale.reference_score,
        source="the reference map as it stands now (not yet published)",
    )


# Loading the maps ----------------------------------------------------------------------------


def _with_contents(query: Select[Map]) -> Select[Map]:
    """Everything the figures read, in a fixed number of queries whatever the number of maps."""
    return query.options(
        selectinload(Map.cards),
        selectinload(Map.pairs),
        selectinload(Map.scales).selectinload(Scale.ratings),
        joinedload(Map.owner),
        joinedload(Map.cohort),
        selectinload(Map.co_authors).joinedload(MapCoAuthor.user),
        # Its prompts are part of the map's view model (read_map).
        joinedload(Map.template_version),
    )


def shared_maps(template: Template, viewer: User) -> list[Map]:
    """The maps of this exercise that the viewer may calibrate: shared (never drafts), not
    deleted, not the reference map; a supervisor's only from their own cohorts."""
    version_ids = [v.id for v in template.versions]
    if not version_ids:
        return []
    query = _with_contents(db.select(Map)).where(
        Map.template_version_id.in_(version_ids),
        Map.deleted_at.is_(None),
        Map.status.in_(SHARED_STATUSES),
        Map.organisation_id == template.organisation_id,
    )
    if template.reference_map_id:
        query = query.where(Map.id != template.reference_map_id)
    if viewer.role is Role.SUPERVISOR:
        query = query.where(Map.cohort_id.in_([c.id for c in viewer.cohorts]))
    elif not (is_author_role(viewer) and viewer.organisation_id == template.organisation_id):
        return []
    maps = db.session.scalars(query).unique().all()
    return sorted(maps, key=lambda m: (m.owner.name.casefold(), m.id))


def _trainee(the_map: Map) -> TraineeMap:
    names = the_map.owner.name
    if the_map.co_authors:
        names += " with " + ", ".join(c.user.name for c in the_map.co_authors)
    return TraineeMap(
        map=the_map,
        authors=names,
        cohort=the_map.cohort.name if the_map.cohort else "No cohort",
        status_label=the_map.status.label,
    )


# Scores --------------------------------------------------------------------------------------


def _score(trainee: TraineeMap, scale: ScaleView) -> Score:
    """The scale's reference score (`ScaleView.reference_rating`: the worker's latest, else
    anyone's latest, labelled with who gave it)."""
    return Score(trainee, scale.reference_score, scale.reference_rated_by)


def _scale_rows(
    views: list[MapView], trainees: list[TraineeMap], reference: _Reference | None
) -> list[ScaleRow]:
    """The map's own scale first, then one row per pair number that any map (or the
    reference) has."""
    whole = ScaleRow(
        "Whole map",
        reference.map_score if reference else None,
        [_score(t, view.map_scale) for t, view in zip(trainees, views, strict=True)],
    )
    reference_pairs = reference.pair_scores if reference else []
    count = max([len(reference_pairs), *(len(view.pairs) for view in views)])
    rows = [whole]
    for index in range(count):
        row = ScaleRow(
            f"Pair {index + 1}",
            reference_pairs[index] if index < len(reference_pairs) else None,
            [],
        )
        for trainee, view in zip(trainees, views, strict=True):
            if index < len(view.pairs):
                row.scores.append(_score(trainee, view.pairs[index].scale))
            else:
                row.scores.append(Score(trainee, None, has_scale=False))
        rows.append(row)
    return rows


# Placements ----------------------------------------------------------------------------------


def _placements(
    views: list[MapView], trainees: list[TraineeMap], reference: _Reference | None
) -> list[Placement]:
    if reference is None:
        return []
    found: list[dict[Category | None, list[TraineeMap]]] = [{} for _ in reference.cards]
    items = [(index, category, text) for index, (category, text) in enumerate(reference.cards)]
    for view, trainee in zip(views, trainees, strict=True):
        cards = [(card.id, card.category, card.text) for card in view.shown_cards]
        assignment = assign(cards, items)
        for index in range(len(items)):
            match = assignment.get(index)
            where = Category(match.category) if match else None
            found[index].setdefault(where, []).append(trainee)
    placements = []
    for (category, text), places in zip(reference.cards, found, strict=True):
        elsewhere = [
            PlacementCell(other, CATEGORIES[other].label, places[other])
            for other in Category
            if other is not category and other in places
        ]
        placements.append(
            Placement(
                text=text,
                category=category,
                agreed=PlacementCell(
                    category, CATEGORIES[category].label, places.get(category, [])
                ),
                elsewhere=elsewhere,
                not_found=PlacementCell(None, "Not found", places.get(None, [])),
            )
        )
    return placements


# The whole picture ---------------------------------------------------------------------------


def calibration_for(template: Template, viewer: User) -> Calibration:
    """Every shared map of the exercise that `viewer` may see, set against the reference.

    Scales: each scale's reference score (`ScaleView.reference_rating`: the latest worker
    rating, else the latest rating from anyone, labelled), read from the map's view model, on
    the map's own scale and on each pair by position (pair 1, 2, …), with the reference's score
    for each where it has one. Placements: for each reference card, how many maps put a
    matching card in each category, or did not have it at all.
    """
    reference = _reference_for(template, viewer)
    maps = shared_maps(template, viewer)
    trainees = [_trainee(the_map) for the_map in maps]
    views = [read_map(the_map) for the_map in maps]
    visible = version_for(template, viewer)
    return Calibration(
        template=template,
        title=visible.document["title"] if visible else template.title,
        maps=trainees,
        scales=_scale_rows(views, trainees, reference),
        placements=_placements(views, trainees, reference),
        reference_source=reference.source if reference else "",
    )
