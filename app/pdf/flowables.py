"""The drawn pieces of a printed map: cards, column lanes, scales and page markers."""

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from app.pdf import styles
from app.pdf.text import BOLD, REGULAR, markup, printable

BIG = 1e6  # "as tall as it likes" when measuring


class CardBox(Flowable):
    """A card: a white box with a coloured edge holding the card's paragraphs.

    Never split across pages unless it is taller than a whole page (see `Lanes`)."""

    PAD = 4
    STRIPE = 3
    GAP = 1.5

    def __init__(
        self, parts: Sequence[Flowable], stripe: Color = styles.SECONDARY, section: str = ""
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.stripe = stripe
        self.section = section  # the section it sits in, to repeat as "(continued)"
        self._measured: tuple[float, list[float]] | None = None

    def _inner_width(self, width: float) -> float:
        return width - 2 * self.PAD - self.STRIPE

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Lanes measure each card several times at the same width: remember the answer.
        if self._measured is None or self._measured[0] != availWidth:
            inner = self._inner_width(availWidth)
            heights = [part.wrap(inner, BIG)[1] for part in self.parts]
            self._measured = (availWidth, heights)
        heights = self._measured[1]
        self.width = availWidth
        self.height = sum(heights) + self.GAP * (len(heights) - 1) + 2 * self.PAD
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(styles.WHITE)
        canvas.setStrokeColor(styles.BORDER)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, fill=1, stroke=1)
        canvas.setFillColor(self.stripe)
        canvas.rect(0, 0, self.STRIPE, self.height, fill=1, stroke=0)
        if self._measured is None:
            raise RuntimeError("Platypus wraps a flowable before drawing it")
        y = self.height - self.PAD
        for part, height in zip(self.parts, self._measured[1], strict=True):
            y -= height
            part.drawOn(canvas, self.STRIPE + self.PAD, y)
            y -= self.GAP

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split only inside the text: used for a card taller than a page."""
        inner = self._inner_width(availWidth)
        room = availHeight - 2 * self.PAD
        first: list[Flowable] = []
        rest: list[Flowable] = []
        for index, part in enumerate(self.parts):
            height = part.wrap(inner, room)[1]
            if height <= room:
                first.append(part)
                room -= height + self.GAP
                continue
            pieces = part.split(inner, room) if room > 0 else []
            if pieces:
                first.append(pieces[0])
                rest = [*pieces[1:], *self.parts[index + 1 :]]
            else:
                rest = self.parts[index:]
            break
        if not first or not rest:
            return []
        return [CardBox(first, self.stripe, self.section), CardBox(rest, self.stripe, self.section)]


class SectionHeading(Flowable):
    """A category's name inside a lane, with its card count in a dark pill."""

    HEIGHT = 19
    keep_with_next = True

    def __init__(self, label: str, count: int | None = None, continued: bool = False):
        super().__init__()
        self.label = label
        self.count = count
        self.continued = continued
        self.section = label

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        style = styles.SECTION_HEADING
        canvas.setFillColor(styles.TEXT)
        canvas.setFont(BOLD, style.fontSize)
        label = self.label + (" (continued)" if self.continued else "")
        canvas.drawString(0, 5, label)
        if self.count is None or self.continued:
            return
        text = str(self.count)
        width = max(stringWidth(text, BOLD, 7.5) + 8, 15)
        canvas.roundRect(self.width - width, 3, width, 11, 5.5, fill=1, stroke=0)
        canvas.setFillColor(styles.WHITE)
        canvas.setFont(BOLD, 7.5)
        canvas.drawCentredString(self.width - width / 2, 5.8, text)


class LaneNote(Paragraph):
    """A quiet line inside a lane, such as "None recorded."."""

    def __init__(self, text: str, section: str = ""):
        super().__init__(markup(text), styles.EMPTY)
        self.section = section


class Lanes(Flowable):
    """Side-by-side columns that each flow on, page after page, in their own lane.

    A long column continues on the next page under its repeated heading while its neighbours
    stay put: one column never spills into another (which a frame per column would do).
    `frame_height` is the height of a whole page's frame, so a card is split only when it
    could not fit on any page."""

    GAP = 8
    PAD = 5
    BAR = 4
    SPACE = 4
    MIN_ROOM = 48

    def __init__(
        self,
        headings: Sequence[str],
        lanes: Sequence[Sequence[Flowable]],
        colours: Sequence[Color],
        frame_height: float,
        continued: bool = False,
    ):
        super().__init__()
        self.headings = list(headings)
        self.lanes = [list(items) for items in lanes]
        self.colours = list(colours)
        self.frame_height = frame_height
        self.continued = continued

    # Measuring -----------------------------------------------------------------------------

    def _measure_headings(self, width: float) -> None:
        # Platypus asks for the size several times per page: measure the headings once.
        if getattr(self, "_headings_width", None) == width:
            return
        self._headings_width = width
        count = len(self.lanes)
        self.lane_width = (width - self.GAP * (count - 1)) / count
        self.inner_width = self.lane_width - 2 * self.PAD
        suffix = ' <font size="8" color="#505a5f">(continued)</font>'
        self.heading_paragraphs = [
            Paragraph(
                markup(heading) + (suffix if self.continued and items else ""),
                styles.LANE_HEADING,
            )
            for heading, items in zip(self.headings, self.lanes, strict=True)
        ]
        heights = [p.wrap(self.inner_width, BIG)[1] for p in self.heading_paragraphs]
        self.heading_heights = heights
        self.head_height = self.BAR + self.PAD + max(heights, default=0) + self.PAD + 2

    def _item_height(self, item: Flowable) -> float:
        return item.wrap(self.inner_width, BIG)[1] + self.SPACE

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._measure_headings(availWidth)
        tallest = max((sum(map(self._item_height, items)) for items in self.lanes), default=0)
        self.width = availWidth
        self.height = self.head_height + tallest + self.PAD
        return self.width, self.height

    # Splitting across pages ----------------------------------------------------------------

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure_headings(availWidth)
        room = availHeight - self.head_height - self.PAD
        if room < self.MIN_ROOM:
            return []
        page_room = self.frame_height - self.head_height - self.PAD
        filled = [self._fill(items, room, page_room) for items in self.lanes]
        if not any(taken for taken, _ in filled):
            if room < page_room - 1:
                return []  # let the whole block start on the next page
            # Already at the top of a page and still nothing fits: split rather than stall.
            filled = [self._fill(items, room, 0) for items in self.lanes]
        taken = [t for t, _ in filled]
        rest = [self._with_repeated_heading(r) for _, r in filled]
        first = Lanes(self.headings, taken, self.colours, self.frame_height, self.continued)
        if not any(rest):
            return [first]
        return [first, Lanes(self.headings, rest, self.colours, self.frame_height, True)]

    def _fill(
        self, items: Sequence[Flowable], room: float, page_room: float
    ) -> tuple[list[Flowable], list[Flowable]]:
        """The items that fit in `room`, and those left over for the next page."""
        items = list(items)
        used = 0.0
        taken: list[Flowable] = []
        index = 0
        while index < len(items):
            item = items[index]
            height = self._item_height(item)
            if used + height <= room:
                if self._would_be_orphaned(items, index, used + height, room, page_room):
                    break
                taken.append(item)
                used += height
                index += 1
                continue
            # Only an item taller than a whole page is ever split.
            if height - self.SPACE > page_room:
                pieces = item.split(self.inner_width, room - used - self.SPACE)
                if len(pieces) > 1:
                    taken.append(pieces[0])
                    items[index : index + 1] = pieces[1:]
            break
        return taken, items[index:]

    def _would_be_orphaned(
        self, items: list[Flowable], index: int, used: float, room: float, page_room: float
    ) -> bool:
        """A section heading must not end a page with its first card on the next."""
        if not getattr(items[index], "keep_with_next", False) or index + 1 >= len(items):
            return False
        following = self._item_height(items[index + 1])
        return used + following > room and following - self.SPACE <= page_room

    def _with_repeated_heading(self, items: list[Flowable]) -> list[Flowable]:
        if not items or isinstance(items[0], SectionHeading):
            return items
        section = getattr(items[0], "section", "")
        return [SectionHeading(section, continued=True), *items] if section else items

    # Drawing -------------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        for index, items in enumerate(self.lanes):
            x = index * (self.lane_width + self.GAP)
            canvas.setFillColor(styles.PANEL)
            canvas.rect(x, 0, self.lane_width, self.height, fill=1, stroke=0)
            canvas.setFillColor(self.colours[index % len(self.colours)])
            canvas.rect(x, self.height - self.BAR, self.lane_width, self.BAR, fill=1, stroke=0)
            top = self.height - self.BAR - self.PAD
            heading = self.heading_paragraphs[index]
            heading.drawOn(canvas, x + self.PAD, top - self.heading_heights[index])
            y = self.height - self.head_height
            for item in items:
                height = self._item_height(item) - self.SPACE
                y -= height
                item.drawOn(canvas, x + self.PAD, y)
                y -= self.SPACE


class ScaleLine(Flowable):
    """A 0–10 line with each person's score marked and labelled, and what 0 and 10 mean.

    Labels that would overlap are stacked in rows above the line."""

    MARGIN = 14
    ROW = 11
    LABEL_SIZE = 7.5
    LINE_AREA = 26

    def __init__(
        self,
        marks: Sequence[tuple[str, int]],
        low_anchor: str = "",
        high_anchor: str = "",
        median: float | None = None,
        colour: Color = styles.DARK_BLUE,
    ):
        super().__init__()
        # People who gave the same score share one label: stacked labels would hide the dot.
        names_by_score: dict[int, list[str]] = {}
        for name, score in marks:
            names_by_score.setdefault(score, []).append(name)
        self.marks = [(", ".join(names), score) for score, names in sorted(names_by_score.items())]
        self.median = median
        self.colour = colour
        self.anchors = [
            Paragraph(f"<b>0</b> means: {markup(low_anchor)}", styles.SMALL)
            if low_anchor
            else None,
            Paragraph(f"<b>10</b> means: {markup(high_anchor)}", _RIGHT_SMALL)
            if high_anchor
            else None,
        ]

    def _x(self, score: float) -> float:
        return self.MARGIN + score * (self.width - 2 * self.MARGIN) / 10

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.placed = self._place_labels()
        rows = 1 + max((row for *_, row in self.placed), default=-1)
        self.label_height = rows * self.ROW + (6 if rows else 0)
        anchor_width = availWidth * 0.46
        self.anchor_heights = [a.wrap(anchor_width, BIG)[1] if a else 0 for a in self.anchors]
        self.anchor_height = max(self.anchor_heights) + (4 if any(self.anchors) else 0)
        self.median_height = 12 if self.median is not None else 0
        self.height = self.label_height + self.LINE_AREA + self.median_height + self.anchor_height
        return self.width, self.height

    def _place_labels(self) -> list[tuple[str, float, float, float, int]]:
        """(text, dot x, label left, label width, row) for each mark, rows chosen greedily."""
        rows: list[list[tuple[float, float]]] = []
        placed = []
        for name, score in self.marks:
            text = printable(f"{name}: {score}")  # drawn directly: no markup to escape
            width = stringWidth(text, REGULAR, self.LABEL_SIZE) + 4
            x = self._x(score)
            left = min(max(x - width / 2, 0), self.width - width)
            row = next(
                (i for i, spans in enumerate(rows) if _clear_of(spans, left, left + width)),
                len(rows),
            )
            if row == len(rows):
                rows.append([])
            rows[row].append((left, left + width))
            placed.append((text, x, left, width, row))
        return placed

    def draw(self) -> None:
        canvas = self.canv
        line_y = self.anchor_height + self.median_height + 16
        self._draw_axis(canvas, line_y)
        if self.median is not None:
            self._draw_median(canvas, line_y, self.median)
        self._draw_marks(canvas, line_y)
        if self.anchors[0]:
            self.anchors[0].drawOn(canvas, 0, self.anchor_height - 4 - self.anchor_heights[0])
        if self.anchors[1]:
            width = self.width * 0.46
            self.anchors[1].drawOn(
                canvas, self.width - width, self.anchor_height - 4 - self.anchor_heights[1]
            )

    def _draw_axis(self, canvas: Canvas, line_y: float) -> None:
        canvas.setStrokeColor(styles.SECONDARY)
        canvas.setLineWidth(1.2)
        canvas.line(self._x(0), line_y, self._x(10), line_y)
        canvas.setLineWidth(0.7)
        canvas.setFillColor(styles.TEXT)
        canvas.setFont(REGULAR, 7.5)
        for score in range(11):
            x = self._x(score)
            canvas.line(x, line_y - 3, x, line_y + 3)
            canvas.drawCentredString(x, line_y - 11, str(score))

    def _draw_median(self, canvas: Canvas, line_y: float, median: float) -> None:
        x = self._x(median)
        canvas.setStrokeColor(styles.ORANGE)
        canvas.setLineWidth(1.5)
        canvas.setDash(2, 2)
        canvas.line(x, line_y - 14, x, line_y + self.label_height)
        canvas.setDash()
        canvas.setFillColor(styles.TEXT)
        canvas.setFont(BOLD, 7.5)
        canvas.drawCentredString(x, line_y - 22, f"Median {median:g}")

    def _draw_marks(self, canvas: Canvas, line_y: float) -> None:
        canvas.setFont(REGULAR, self.LABEL_SIZE)
        canvas.setStrokeColor(styles.BORDER)
        canvas.setLineWidth(0.5)
        # Leader lines first, labels on top: a line may pass behind a label, never through it.
        for _, x, left, width, row in self.placed:
            label_y = line_y + 8 + row * self.ROW
            canvas.line(x, line_y, min(max(x, left + 2), left + width - 2), label_y)
        for text, _, left, width, row in self.placed:
            label_y = line_y + 8 + row * self.ROW
            canvas.setFillColor(styles.WHITE)
            canvas.rect(left, label_y - 1, width, self.ROW - 1.5, fill=1, stroke=0)
            canvas.setFillColor(styles.TEXT)
            canvas.drawString(left + 2, label_y + 1.5, text)
        canvas.setFillColor(self.colour)
        canvas.setStrokeColor(styles.WHITE)
        for _, x, *_ in self.placed:
            canvas.circle(x, line_y, 3.6, fill=1, stroke=1)


def _clear_of(spans: list[tuple[float, float]], left: float, right: float) -> bool:
    """No label already in this row comes within 3 points of [left, right]."""
    return all(left > end + 3 or right < start - 3 for start, end in spans)


_RIGHT_SMALL = styles.SMALL.clone("small-right", alignment=2)


class PageMarker(Flowable):
    """An invisible mark: sets the running title, and (for a pack) where a section starts."""

    def __init__(self, running_title: str, key: str = "", outline: str = ""):
        super().__init__()
        self.running_title = running_title
        self.key = key
        self.outline = outline
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.running_title = self.running_title
        if not self.key:
            return
        canvas.section_pages[self.key] = canvas.getPageNumber()
        # Bookmarks need the page's final PDF object, so they are made when the page is written.
        canvas.page_bookmarks.append((self.key, self.outline or self.running_title))


class ContentsEntry(Flowable):
    """A line of the contents: the section's title, a dotted leader and its page number.

    The number is written when the document is finished (see `DeferredCanvas`), so the
    contents needs one pass, not two."""

    def __init__(self, number: int, title: str, detail: str, key: str):
        super().__init__()
        self.key = key
        self.paragraph = Paragraph(
            f"<b>{number}.</b> {markup(title)}"
            + (f' <font size="8.5" color="#505a5f">{markup(detail)}</font>' if detail else ""),
            styles.CONTENTS,
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.text_height = self.paragraph.wrap(availWidth - 60, BIG)[1]
        self.height = self.text_height + 6
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.paragraph.drawOn(canvas, 0, 6)
        canvas.setStrokeColor(styles.BORDER)
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        canvas.line(self.width - 56, 9, self.width - 24, 9)
        canvas.setDash()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
        canvas.page_number_slots.append((self.key, *canvas.absolutePosition(self.width, 9)))
