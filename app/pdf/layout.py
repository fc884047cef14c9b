"""A map, or a pack of maps, as a landscape PDF: data in, bytes out (no Flask here).

`map_story` lays out one map as a list of flowables; `render_map` prints it on its own and
`render_pack` puts several behind a cover and a contents page."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A3 as A3_PORTRAIT
from reportlab.lib.pagesizes import A4 as A4_PORTRAIT
from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.pdf import styles
from app.pdf.data import (
    A3,
    CardData,
    ColumnData,
    CommentNote,
    DotPlotData,
    ExportOptions,
    MapData,
    PackCover,
    PackSection,
    PairData,
    RatingData,
    ScaleData,
    SectionData,
)
from app.pdf.flowables import (
    CardBox,
    ContentsEntry,
    LaneNote,
    Lanes,
    PageMarker,
    ScaleLine,
    SectionHeading,
)
from app.pdf.text import BOLD, REGULAR, markup, printable

# Plain binary page streams: ASCII85 only helps 7-bit channels, and costs time and a fifth of
# the file's size. (A process-wide reportlab setting; any PDF reader accepts either.)
rl_config.useA85 = 0

DEFAULT_OPTIONS = ExportOptions()
FICTIONAL = "Training exercise — fictional case"
PRODUCT = "Practice Mapper"

MARGIN_X = 14 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 14 * mm


@dataclass(frozen=True)
class PageGeometry:
    size: tuple[float, float]
    frame_width: float
    frame_height: float


def page_geometry(page_size: str) -> PageGeometry:
    """The landscape page for "a4" or "a3" (anything else is A4), and its text frame."""
    size = landscape(A3_PORTRAIT if page_size == A3 else A4_PORTRAIT)
    return PageGeometry(
        size=size,
        frame_width=size[0] - 2 * MARGIN_X,
        frame_height=size[1] - MARGIN_TOP - MARGIN_BOTTOM,
    )


# The whole map -------------------------------------------------------------------------------


def map_story(map_data: MapData, options: ExportOptions = DEFAULT_OPTIONS) -> list[Flowable]:
    """One map as flowables, in the map page's order: title block, the three columns, the grey
    area, statement/goal pairs with their scales, the judgement scale, the Three Houses and
    (when asked for and given) review comments. A pack reuses this for each of its maps."""
    geometry = page_geometry(options.page_size)
    story: list[Flowable] = [PageMarker(map_data.title), *title_block(map_data)]
    story.append(columns_block(map_data, geometry.frame_height))
    if map_data.grey_area is not None:
        story += grey_area_block(map_data.grey_area, geometry.frame_height)
    story += pairs_block(map_data)
    if map_data.map_scale is not None:
        story += judgement_block(map_data.map_scale)
    if map_data.houses:
        story += houses_block(map_data, geometry.frame_height)
    if options.include_comments and map_data.comments:
        story += comments_block(map_data.comments)
    return story


def render_map(map_data: MapData, options: ExportOptions = DEFAULT_OPTIONS) -> bytes:
    """The PDF of one map."""
    return _build(
        map_story(map_data, options),
        options,
        title=map_data.title,
        author=", ".join(map_data.authors),
    )


def render_pack(
    cover: PackCover, sections: Sequence[PackSection], options: ExportOptions = DEFAULT_OPTIONS
) -> bytes:
    """Several maps in one PDF: a cover page, a contents page, then one section per map (each
    starting on a new page, with any scaling rounds and extra flowables after its map)."""
    story: list[Flowable] = [PageMarker(""), *cover_page(cover, len(sections)), PageBreak()]
    story += contents_page(sections)
    for number, section in enumerate(sections, start=1):
        story.append(PageBreak())
        key = f"section-{number}"
        story.append(PageMarker(section.map.title, key=key, outline=section.contents_title))
        story += map_story(section.map, options)[1:]  # the marker above replaces the story's
        for plot in section.dot_plots:
            story += dot_plot_block(plot)
        story += list(section.extra)
    return _build(story, options, title=cover.title, author=cover.prepared_by)


# Title block ---------------------------------------------------------------------------------


def title_block(map_data: MapData) -> list[Flowable]:
    """The map's title, who made it and where it stands, and the fictional-case banner."""
    facts = [
        ("Scenario", map_data.scenario_title or "None"),
        ("Authors", ", ".join(map_data.authors) or "Not recorded"),
        ("Cohort", map_data.cohort or "None"),
        ("Date", _day(map_data.date)),
        ("Status", map_data.status),
        ("Vocabulary", map_data.vocabulary),
    ]
    cells = [
        [Paragraph(label, styles.LABEL), Paragraph(markup(value), styles.BODY)]
        for label, value in facts
    ]
    rows = [cells[0] + cells[1] + cells[2], cells[3] + cells[4] + cells[5]]
    table = Table(rows, colWidths=["7%", "33%", "6%", "27%", "8%", "19%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [
        Paragraph(markup(map_data.title), styles.TITLE),
        table,
        Spacer(0, 5),
        fictional_banner(),
        Spacer(0, 8),
    ]


def fictional_banner(what: str = "map") -> Flowable:
    """The yellow reminder that every case in the tool is made up."""
    text = (
        f"<b>{FICTIONAL}.</b> Every person, family and event in this {what} is made up for "
        "practice. Do not add real information about real people."
    )
    banner = Table([[Paragraph(text, styles.BANNER)]], colWidths=["100%"])
    banner.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), styles.YELLOW),
                ("LINEBEFORE", (0, 0), (0, -1), 3, styles.TEXT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return banner


# The three columns ---------------------------------------------------------------------------


def columns_block(map_data: MapData, frame_height: float) -> Flowable:
    """The three columns side by side, each continuing in its own lane on later pages."""
    columns: Sequence[ColumnData] = map_data.columns
    return Lanes(
        headings=[column.heading for column in columns],
        lanes=[_section_items(column.sections) for column in columns],
        colours=[styles.COLUMN_COLOURS.get(column.key, styles.SECONDARY) for column in columns],
        frame_height=frame_height,
    )


def _section_items(sections: Sequence[SectionData], with_headings: bool = True) -> list[Flowable]:
    items: list[Flowable] = []
    for section in sections:
        if with_headings:
            items.append(SectionHeading(section.label, len(section.cards)))
        if not section.cards:
            items.append(LaneNote("None recorded.", section.label))
        items += [card_box(card, section.label) for card in section.cards]
    return items


def card_box(card: CardData, section: str = "") -> CardBox:
    """A card with its number (for statements and goals), source, warnings and note marks."""
    number = f"<b>{card.number}</b>\u2002" if card.number is not None else ""
    parts: list[Flowable] = [
        Paragraph(number + markup(card.text) + _note_marks(card.notes), styles.CARD)
    ]
    if card.source:
        parts.append(Paragraph(f"Source: {markup(card.source)}", styles.CARD_SOURCE))
    for warning in card.warnings:
        parts.append(
            Paragraph(
                f"This looks like real personal data ({markup(warning)}).", styles.CARD_WARNING
            )
        )
    stripe = styles.RED if card.warnings else styles.SECONDARY
    return CardBox(parts, stripe=stripe, section=section)


def _note_marks(notes: Sequence[int]) -> str:
    if not notes:
        return ""
    marks = ",".join(str(n) for n in notes)
    return f' <super><font color="#1d70b8">[{marks}]</font></super>'


def grey_area_block(section: SectionData, frame_height: float) -> list[Flowable]:
    """Unclear or disputed information, in a grey lane across the page."""
    items: list[Flowable] = []
    if section.hint:
        items.append(LaneNote(section.hint, section.label))
    items += _section_items([section], with_headings=False)
    lanes = Lanes([section.label], [items], [styles.SECONDARY], frame_height)
    return [Spacer(0, 8), lanes]


# Statement/goal pairs and scales -------------------------------------------------------------


def pairs_block(map_data: MapData) -> list[Flowable]:
    """Each statement beside its goal, with its own scale drawn and the reasons listed."""
    heading = f"{_plural(map_data.statement_label)}, {_plural(map_data.goal_label).lower()} "
    story: list[Flowable] = [CondPageBreak(120), Paragraph(heading + "and scales", styles.HEADING)]
    if not map_data.pairs:
        story.append(Paragraph(f"No {_plural(map_data.statement_label).lower()} yet.", styles.BODY))
    for pair in map_data.pairs:
        story.append(KeepTogether(pair_block(pair, map_data)))
    return story


def pair_block(pair: PairData, map_data: MapData) -> list[Flowable]:
    """One pair: statement and goal side by side, then its scale and ratings."""
    sides = Table(
        [
            [
                Paragraph(map_data.statement_label, styles.LABEL),
                Paragraph(map_data.goal_label, styles.LABEL),
            ],
            [
                card_box(CardData(pair.statement, notes=pair.notes)),
                card_box(CardData(pair.goal)),
            ],
        ],
        colWidths=["50%", "50%"],
    )
    sides.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 6),
                ("LEFTPADDING", (1, 0), (1, -1), 6),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [
        Paragraph(f"Pair {pair.number}", styles.SUBHEADING),
        sides,
        Spacer(0, 4),
        *scale_block(pair.scale),
        Spacer(0, 10),
    ]


def judgement_block(scale: ScaleData) -> list[Flowable]:
    """The map's own safety scale: the overall judgement."""
    heading = Paragraph("Judgement: how safe is the child?", styles.HEADING)
    return [KeepTogether([CondPageBreak(120), heading, *scale_block(scale)])]


def scale_block(scale: ScaleData) -> list[Flowable]:
    """A drawn 0–10 scale with everyone's latest score, then the reasons they gave."""
    marks = [(rating.who, rating.score) for rating in scale.ratings]
    drawn = ScaleLine(marks, scale.low_anchor, scale.high_anchor)
    if not scale.ratings:
        return [drawn, Paragraph("No one has rated this scale yet.", styles.EMPTY)]
    return [drawn, Spacer(0, 4), ratings_table(scale.ratings)]


def ratings_table(ratings: Sequence[RatingData]) -> Table:
    """Who scored what, and what makes it that score for them."""
    rows: list[list] = [["Who", "Score", "What makes it that score?", "Date"]]
    for rating in ratings:
        rows.append(
            [
                Paragraph(markup(rating.who), styles.TABLE_CELL),
                str(rating.score),
                Paragraph(markup(rating.reason) or "—", styles.TABLE_CELL),
                _day(rating.rated_on),
            ]
        )
    return _grid_table(rows, ["22%", "7%", "59%", "12%"])


def _grid_table(rows: list[list], widths: list[str]) -> Table:
    """A table of people and scores. Short cells (score, date, headings) are plain strings,
    styled here: much quicker to lay out than a paragraph each."""
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8, 10.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 7.5, 9.5),
                ("FONT", (1, 1), (1, -1), BOLD, 10, 11),
                ("ALIGN", (1, 0), (1, -1), "CENTER"),
                ("TEXTCOLOR", (0, 0), (-1, -1), styles.TEXT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, styles.TEXT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, styles.BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


# The child's Three Houses, and review comments -----------------------------------------------


def houses_block(map_data: MapData, frame_height: float) -> list[Flowable]:
    """The child's own words, in three houses that mirror the three columns."""
    intro = "The child's own words, in the three houses that mirror the three columns."
    if map_data.child:
        intro = f"<b>{markup(map_data.child)}</b>. {intro}"
    lanes = Lanes(
        headings=[house.label for house in map_data.houses],
        lanes=[_section_items([house], with_headings=False) for house in map_data.houses],
        colours=styles.HOUSE_COLOURS,
        frame_height=frame_height,
    )
    heading = Paragraph("The child's Three Houses", styles.HEADING)
    return [CondPageBreak(140), heading, Paragraph(intro, styles.BODY), Spacer(0, 6), lanes]


def comments_block(comments: Sequence[CommentNote]) -> list[Flowable]:
    """Open review comments as numbered notes; cards carry the matching numbers."""
    story: list[Flowable] = [CondPageBreak(80), Paragraph("Review comments", styles.HEADING)]
    for note in comments:
        story.append(
            Paragraph(
                f'<b>[{note.number}]</b> <font color="#505a5f">On {markup(note.target)}'
                f"</font> — <b>{markup(note.author)}</b>: {markup(note.text)}",
                styles.NOTE,
            )
        )
    return story


# Packs ---------------------------------------------------------------------------------------


def cover_page(cover: PackCover, map_count: int) -> list[Flowable]:
    """A pack's first page: what it is, for whom, and the fictional-case reminder."""
    story: list[Flowable] = [Spacer(0, 40), Paragraph(markup(cover.title), styles.COVER_TITLE)]
    if cover.subtitle:
        story.append(Paragraph(markup(cover.subtitle), styles.COVER_SUBTITLE))
    facts = [
        ("Cohort", cover.cohort),
        ("Date", _day(cover.date) if cover.date else ""),
        ("Prepared by", cover.prepared_by),
        ("Maps", str(map_count)),
        *cover.details,
    ]
    for label, value in facts:
        if value:
            story.append(Paragraph(f"<b>{markup(label)}:</b> {markup(value)}", styles.CONTENTS))
    if cover.notes:
        story += [Spacer(0, 10), Paragraph(markup(cover.notes), styles.BODY)]
    return [*story, Spacer(0, 24), fictional_banner("pack")]


def contents_page(sections: Sequence[PackSection]) -> list[Flowable]:
    """One line per map, with the page it starts on (filled in when the pack is finished)."""
    story: list[Flowable] = [Paragraph("Contents", styles.TITLE), Spacer(0, 8)]
    for number, section in enumerate(sections, start=1):
        detail = " · ".join(
            part for part in (", ".join(section.map.authors), section.map.status) if part
        )
        story.append(ContentsEntry(number, section.contents_title, detail, key=f"section-{number}"))
    return story


def dot_plot_block(plot: DotPlotData) -> list[Flowable]:
    """A scaling round: everyone's score on one line with the median, then their reasons."""
    drawn = ScaleLine([(name, score) for name, score, _ in plot.points], median=plot.median)
    rows: list[list] = [["Who", "Score", "What makes it that score?"]]
    for name, score, reason in plot.points:
        rows.append(
            [
                Paragraph(markup(name), styles.TABLE_CELL),
                str(score),
                Paragraph(markup(reason) or "—", styles.TABLE_CELL),
            ]
        )
    heading = Paragraph(f"Scaling round: {markup(plot.label)}", styles.HEADING)
    table = _grid_table(rows, ["25%", "8%", "67%"])
    return [KeepTogether([heading, drawn, Spacer(0, 4), table])]


# The document and its page furniture ---------------------------------------------------------


class DeferredCanvas(Canvas):
    """A canvas that holds every page until the end, so each page can say "Page x of y" and
    the contents can give the page each map starts on, in a single layout pass."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running_title = ""
        self.section_pages: dict[str, int] = {}
        self.page_number_slots: list[tuple[str, float, float]] = []
        self.page_bookmarks: list[tuple[str, str]] = []
        self._held_pages: list[dict] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()
        self.page_number_slots = []
        self.page_bookmarks = []

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_furniture(total)
            for key, title in self.page_bookmarks:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=0)  # viewers lay out outlines
            super().showPage()
        super().save()

    def _draw_furniture(self, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(styles.SECONDARY)
        self.setStrokeColor(styles.BORDER)
        self.setLineWidth(0.5)
        top = height - MARGIN_TOP + 6 * mm
        if self.running_title:
            self.setFont(BOLD, 8)
            self.drawString(MARGIN_X, top, _clip(printable(self.running_title), 110))
        self._draw_fictional_tag(width - MARGIN_X, top)
        self.line(MARGIN_X, top - 3, width - MARGIN_X, top - 3)
        bottom = MARGIN_BOTTOM - 7 * mm
        self.setFillColor(styles.SECONDARY)
        self.setFont(REGULAR, 7.5)
        self.drawString(MARGIN_X, bottom, f"{PRODUCT} · {FICTIONAL}")
        self.drawRightString(width - MARGIN_X, bottom, f"Page {self._pageNumber} of {total}")
        self.setFillColor(styles.TEXT)
        self.setFont(REGULAR, 11)
        for key, x, y in self.page_number_slots:
            self.drawRightString(x, y - 3, str(self.section_pages.get(key, "")))
        self.restoreState()

    def _draw_fictional_tag(self, right: float, baseline: float) -> None:
        text_width = self.stringWidth(FICTIONAL, BOLD, 7.5)
        self.setFillColor(styles.YELLOW)
        self.rect(right - text_width - 8, baseline - 2.5, text_width + 8, 11, fill=1, stroke=0)
        self.setFillColor(styles.TEXT)
        self.setFont(BOLD, 7.5)
        self.drawRightString(right - 4, baseline, FICTIONAL)


def _build(story: list[Flowable], options: ExportOptions, *, title: str, author: str) -> bytes:
    geometry = page_geometry(options.page_size)
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=geometry.size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=FICTIONAL,
        creator=PRODUCT,
        lang="en-GB",
    )
    # No frame padding: the lanes rely on the frame's height being exactly `frame_height`.
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, geometry.frame_width, geometry.frame_height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )  # fmt: skip
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=DeferredCanvas)
    return buffer.getvalue()


def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
