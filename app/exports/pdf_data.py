"""The map's view model turned into the plain data the PDF layout draws (see app.pdf.data).

The PDF reads the same `MapView` as the map page, so both show the same cards in the same order.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.maps.guard import KINDS
from app.maps.view import MapView, ScaleView, SectionView
from app.models import Card, Comment, Map, MapSource
from app.pdf import (
    CardData,
    ColumnData,
    CommentNote,
    MapData,
    PairData,
    RatingData,
    ScaleData,
    SectionData,
)


def map_data(view: MapView, *, today: date, with_comments: bool = False) -> MapData:
    """Everything the printed map shows. With `with_comments`, the open review comments print
    as numbered notes at the end, and each card or pair they are about carries its numbers."""
    the_map = view.map
    notes = Notes.of(view) if with_comments else Notes()
    return MapData(
        title=the_map.title,
        scenario_title=scenario_title(the_map),
        authors=[the_map.owner.name, *(c.user.name for c in the_map.co_authors)],
        cohort=the_map.cohort.name if the_map.cohort else "",
        date=today,
        status=the_map.status.label,
        vocabulary=the_map.vocabulary.label,
        statement_label=view.words["statement"].capitalize(),
        goal_label=view.words["goal"].capitalize(),
        columns=[
            ColumnData(
                column.info.key,
                column.info.heading,
                [section_data(section, view, notes) for section in column.sections],
            )
            for column in view.columns
        ],
        pairs=[
            PairData(
                item.number,
                item.pair.statement,
                item.pair.goal,
                scale_data(item.scale),
                notes=notes.on_pair.get(item.pair.id, ()),
            )
            for item in view.pairs
        ],
        map_scale=scale_data(view.map_scale),
        grey_area=section_data(view.grey_area, view, notes) if view.grey_area else None,
        houses=[section_data(section, view, notes) for section in view.houses],
        child=child_label(the_map),
        comments=notes.notes,
    )


@dataclass
class Notes:
    """Open review comments, numbered in the order the feedback panel lists them."""

    notes: list[CommentNote] = field(default_factory=list)
    on_card: dict[int, list[int]] = field(default_factory=dict)
    on_pair: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, view: MapView) -> "Notes":
        found = cls()
        for number, thread in enumerate(view.feedback.open, start=1):
            comment = thread.comment
            replies = "".join(
                f"\nReply from {_name(reply)}: {reply.body}" for reply in thread.replies
            )
            found.notes.append(
                CommentNote(number, thread.about, _name(comment), comment.body + replies)
            )
            if comment.card_id is not None:
                found.on_card.setdefault(comment.card_id, []).append(number)
            if comment.pair_id is not None:
                found.on_pair.setdefault(comment.pair_id, []).append(number)
        return found


def _name(comment: Comment) -> str:
    return comment.author.name if comment.author else "Someone no longer here"


def section_data(section: SectionView, view: MapView, notes: Notes | None = None) -> SectionData:
    """A section's cards; the statements and goals sections list the pairs, numbered."""
    if section.category is None:
        attribute = "statement" if section.key == "statements" else "goal"
        cards = [CardData(getattr(item.pair, attribute), number=item.number) for item in view.pairs]
    else:
        on_card = notes.on_card if notes else {}
        cards = [card_data(card, on_card.get(card.id, ())) for card in section.cards]
    return SectionData(section.label, cards, hint=section.hint)


def card_data(card: Card, notes: Sequence[int] = ()) -> CardData:
    return CardData(
        card.text,
        source=card.source or "",
        warnings=[KINDS.get(kind, "personal data") for kind in card.flags or ()],
        notes=list(notes),
    )


def scale_data(scale_view: ScaleView) -> ScaleData:
    """The scale's anchors and the latest rating from each person."""
    return ScaleData(
        name=scale_view.name,
        low_anchor=scale_view.scale.low_anchor,
        high_anchor=scale_view.scale.high_anchor,
        ratings=[
            RatingData(rating.who, rating.score, rating.reason, rating.rated_on)
            for rating in scale_view.latest
        ],
    )


def scenario_title(the_map: Map) -> str:
    if the_map.scenario is not None:
        return the_map.scenario.title
    if the_map.template_version is not None:
        return the_map.template_version.document.get("title", "")
    if the_map.source is MapSource.CHILD_IN_YOUR_LIFE:
        return "A child in my life (not a case)"
    return ""


def child_label(the_map: Map) -> str:
    if not the_map.child_name:
        return ""
    if the_map.child_age is None:
        return the_map.child_name
    return f"{the_map.child_name}, aged {the_map.child_age}"
