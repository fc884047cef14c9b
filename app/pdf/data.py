"""The plain data a PDF is drawn from: no database rows, no Flask, just text and numbers.

`app.exports.pdf_data` fills these from a map's view model; tests and the benchmark build them
by hand. Everything is immutable so one `MapData` can go into several documents (a pack)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

A4 = "a4"
A3 = "a3"


@dataclass(frozen=True)
class CardData:
    """One card: its words, who said them, and anything the reader should be warned about."""

    text: str
    source: str = ""
    number: int | None = None  # statements and goals carry their pair's number
    warnings: Sequence[str] = ()  # e.g. "a phone number": text that looks like real data
    notes: Sequence[int] = ()  # footnote numbers of review comments on this card


@dataclass(frozen=True)
class SectionData:
    """A category inside a column (harm, existing safety, …), or a house, or the grey area."""

    label: str
    cards: Sequence[CardData] = ()
    hint: str = ""


@dataclass(frozen=True)
class ColumnData:
    """One of the three columns. `key` is "worries", "working-well" or "next": it picks the
    column's colour, as on screen."""

    key: str
    heading: str
    sections: Sequence[SectionData] = ()


@dataclass(frozen=True)
class RatingData:
    """A person's latest score on a scale, and what makes it that score for them."""

    who: str
    score: int
    reason: str = ""
    rated_on: dt.date | None = None


@dataclass(frozen=True)
class ScaleData:
    """A 0–10 scale with its anchor wording and the latest rating from each person."""

    name: str
    low_anchor: str
    high_anchor: str
    ratings: Sequence[RatingData] = ()


@dataclass(frozen=True)
class PairData:
    """A statement and its goal, always printed together with their own scale."""

    number: int
    statement: str
    goal: str
    scale: ScaleData
    notes: Sequence[int] = ()


@dataclass(frozen=True)
class CommentNote:
    """An open review comment, printed as a numbered note at the end of the map."""

    number: int
    target: str  # what it is about, e.g. "Harm: Robin had a bruise…"
    author: str
    text: str


@dataclass(frozen=True)
class MapData:
    """Everything one printed map shows, in the order the map page shows it."""

    title: str
    scenario_title: str
    authors: Sequence[str]
    cohort: str
    date: dt.date
    status: str
    vocabulary: str
    statement_label: str  # "Danger statement" or "Worry statement"
    goal_label: str  # "Safety goal" or "Wellbeing goal"
    columns: Sequence[ColumnData]
    pairs: Sequence[PairData] = ()
    map_scale: ScaleData | None = None
    grey_area: SectionData | None = None
    houses: Sequence[SectionData] = ()
    child: str = ""  # "Robin, aged 7": whose Three Houses they are
    comments: Sequence[CommentNote] = ()


@dataclass(frozen=True)
class ExportOptions:
    """Choices made when exporting: paper size, and whether to print review comments."""

    page_size: str = A4
    include_comments: bool = True


@dataclass(frozen=True)
class DotPlotData:
    """A scaling round in group supervision: everyone's score on one line, and the median."""

    label: str
    points: Sequence[tuple[str, int, str]]  # (name, score, reason)
    median: float | None = None


@dataclass(frozen=True)
class PackCover:
    """The first page of a pack."""

    title: str
    subtitle: str = ""
    cohort: str = ""
    date: dt.date | None = None
    prepared_by: str = ""
    notes: str = ""
    # More labelled lines for the cover, e.g. ("Presenter", "Ffion").
    details: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class PackSection:
    """One map in a pack, with anything the session added (scaling rounds, other flowables)."""

    map: MapData
    dot_plots: Sequence[DotPlotData] = ()
    extra: Sequence[Flowable] = field(default_factory=tuple)
    title: str = ""  # the contents entry; the map's title when empty

    @property
    def contents_title(self) -> str:
        return self.title or self.map.title
