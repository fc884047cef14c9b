"""The map's view model as a JSON document: `"format": "practice-mapper-map", "version": 1`.

Read from the same `MapView` as the map page and the PDF, so all three show the same cards in the
same order. Described in docs/map-export.md and docs/map-export.schema.json.
"""

from collections.abc import Iterable
from datetime import datetime

from app.maps.view import MapView, ScaleView, SectionView
from app.models import Card, MapEvent, MapStatus

FORMAT = "practice-mapper-map"
VERSION = 1

# A supervisor's return carries their summary in its history entry; the export names the outcome
# only, as review comments stay in the app.
_REVIEW_OUTCOMES = {
    "reviewed": MapStatus.REVIEWED.label,
    "changes requested": MapStatus.CHANGES_REQUESTED.label,
}


def map_document(view: MapView, history: Iterable[MapEvent], *, exported_at: datetime) -> dict:
    """Everything on the map, and who did what when, as plain JSON-ready data.

    `history` is the map's events, in any order (they are written oldest first). Review comment
    bodies and the supervisor's summary are left out; so are database ids."""
    the_map = view.map
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "map": {
            "title": the_map.title,
            "status": the_map.status.value,
            "vocabulary": the_map.vocabulary.value,
            "authors": [the_map.owner.name, *(c.user.name for c in the_map.co_authors)],
            "cohort": the_map.cohort.name if the_map.cohort else None,
            "created_at": _when(the_map.created_at),
            "submitted_at": _when(the_map.submitted_at),
        },
        "cards": {
            section.key: _cards(section)
            for column in view.columns
            for section in column.sections
            if section.category is not None
        },
        "pairs": [
            {
                "number": item.number,
                "statement": item.pair.statement,
                "goal": item.pair.goal,
                "scale": _scale(item.scale),
            }
            for item in view.pairs
        ],
        "map_scale": _scale(view.map_scale),
        "grey_area": _cards(view.grey_area) if view.grey_area else None,
        "three_houses": {
            "child": {"name": the_map.child_name, "age": the_map.child_age}
            if the_map.child_name
            else None,
            **{section.key: _cards(section) for section in view.houses},
        },
        "history": [
            _event(event)
            for event in sorted(history, key=lambda event: (event.created_at, event.id))
        ],
    }


def _cards(section: SectionView) -> list[dict]:
    return [_card(card) for card in section.cards]


def _card(card: Card) -> dict:
    return {"text": card.text, "source": card.source or None}


def _scale(scale_view: ScaleView) -> dict:
    """The scale's wording and every rating ever given on it, oldest first."""
    return {
        "name": scale_view.name,
        "low_anchor": scale_view.scale.low_anchor,
        "high_anchor": scale_view.scale.high_anchor,
        "ratings": [
            {
                "perspective": rating.perspective.value,
                "name": rating.rater_name or None,
                "score": rating.score,
                "reason": rating.reason,
                "date": rating.rated_on.isoformat(),
            }
            for rating in scale_view.scale.ratings
        ],
    }


def _event(event: MapEvent) -> dict:
    return {
        "at": _when(event.created_at),
        "who": event.actor.name if event.actor else None,
        "action": event.action,
        "summary": _REVIEW_OUTCOMES.get(event.action, event.summary),
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
