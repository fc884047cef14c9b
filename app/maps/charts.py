"""A small chart of one scale's scores over time, drawn as SVG on the server.

The page's Content-Security-Policy forbids scripts and inline styles, so the chart uses SVG
presentation attributes only (fill, stroke, font-size, ...). Each perspective (worker, a parent,
the child, ...) gets its own colour, its own dash pattern and a text label at the end of its
line, so colour is never the only cue. Every user string is escaped, and the same input always
gives the same output, so pages and PDFs can be compared and cached.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup, escape


@dataclass(frozen=True)
class ChartPoint:
    """One person's score (0 to 10) on a scale, on one day."""

    when: date
    perspective: str
    score: int


# GOV.UK colours, each at least 4.5:1 against white: enough for the lines (3:1 needed) and for the
# end labels, which are text.
PALETTE = (
    "#1d70b8",  # blue
    "#d4351c",  # red
    "#00703c",  # green
    "#4c2c92",  # purple
    "#a35200",  # brown
    "#912b88",  # magenta
    "#00707a",  # teal
    "#505a5f",  # grey
)
# Solid, dashed, dotted. Three patterns against eight colours repeat only after 24 perspectives.
DASHES = ("", "6 3", "2 3")

FONT = "Arial, sans-serif"
TEXT_COLOUR = "#0b0c0c"
MUTED_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Plot margins in viewBox units. The right margin grows with the longest end label.
TOP, BOTTOM, LEFT = 12, 28, 28
LABEL_CHARS = 18  # longer names are shortened in the end label; the <desc> keeps them whole
CHAR_WIDTH = 6.6  # a rough average for 11px bold Arial; only used to size the right margin
LABEL_GAP = 12  # smallest vertical distance between two end labels

# Characters XML does not allow; a stray one in a name would break the whole SVG.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ID_PREFIX = re.compile(r"[A-Za-z][\w-]*")


def _text(value: str) -> str:
    """Escape a user string for SVG text or an attribute (str() so Markup is escaped too)."""
    return str(escape(_XML_INVALID.sub("", str(value))))


def _num(value: float) -> str:
    """A coordinate with at most one decimal place, so output is short and stable."""
    formatted = f"{value:.1f}"
    return formatted[:-2] if formatted.endswith(".0") else formatted


def _uk_date(day: date) -> str:
    """Format a date the UK way, "3 Mar 2026", whatever the server's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _day(when: date) -> date:
    return when.date() if isinstance(when, datetime) else when


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _chart_id(title: str, points: list[ChartPoint], id_prefix: str | None) -> str:
    if id_prefix is not None:
        if not _ID_PREFIX.fullmatch(id_prefix):
            raise ValueError(
                "id_prefix must start with a letter and use only letters, digits, - or _"
            )
        return id_prefix
    key = "\n".join([title, *(f"{p.when}|{p.perspective}|{p.score}" for p in points)])
    return "scale-chart-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _open_svg(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="scale-chart" role="img"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f' viewBox="0 0 {width} {height}" width="100%" focusable="false">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>',
    ]


def _spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Move label positions apart so none overlap, keeping them near where they want to be.

    `wanted` must be sorted. Push each label down below the one above it, then pull any that
    went past `high` back up; if there are too many to fit, the gap shrinks to fit.
    """
    gap = LABEL_GAP if len(wanted) < 2 else min(LABEL_GAP, (high - low) / (len(wanted) - 1))
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, low) if not placed else max(y, placed[-1] + gap))
    for i in range(len(placed) - 1, -1, -1):
        limit = high if i == len(placed) - 1 else placed[i + 1] - gap
        placed[i] = min(placed[i], limit)
    return placed


def _series(points: list[ChartPoint]) -> dict[str, list[tuple[date, int]]]:
    """Group by perspective (first appearance sets the order, and so the colour), by date."""
    grouped: dict[str, list[tuple[date, int]]] = {}
    for point in points:
        if not 0 <= point.score <= 10:
            raise ValueError(f"Scores run from 0 to 10, not {point.score}")
        name = point.perspective.strip() or "Unnamed"
        grouped.setdefault(name, []).append((_day(point.when), point.score))
    # sorted() is stable, so same-day scores keep the order they were given in.
    return {name: sorted(scores, key=lambda item: item[0]) for name, scores in grouped.items()}


def scale_history_svg(
    points: list[ChartPoint],
    *,
    title: str,
    width: int = 480,
    height: int = 200,
    id_prefix: str | None = None,
) -> Markup:
    """An accessible SVG line chart of a scale's scores over time, one line per perspective.

    The y axis runs 0 to 10 (gridlines at 0, 5 and 10); the x axis runs from the first date to
    the last, both labelled ("3 Mar 2026"). The `<title>` is `title` and the `<desc>` gives the
    date range and each perspective's latest score ("Latest: Worker 4, Shannon (mother) 7.").
    Element ids come from `id_prefix` if given, else from a hash of the title and points; pass
    `id_prefix` when one page shows two charts with the same title and scores. With no points
    the chart says "No ratings yet". Raises ValueError for a score outside 0 to 10.
    """
    chart_id = _chart_id(title, points, id_prefix)
    if not points:
        return _empty_svg(chart_id, title, width)

    series = _series(points)
    days = [day for scores in series.values() for day, _ in scores]
    first, last = min(days), max(days)
    span = (last - first).days

    longest = max(len(_short(name)) for name in series)
    right = round(16 + longest * CHAR_WIDTH)
    plot_right, plot_bottom = width - right, height - BOTTOM
    plot_width, plot_height = plot_right - LEFT, plot_bottom - TOP
    if plot_width < 120 or plot_height < 60:
        raise ValueError("The chart is too small to draw; the SVG scales, so use a larger viewBox")

    def x_of(day: date) -> float:
        # One date only: put everything in the middle rather than on the left edge.
        return LEFT + plot_width / 2 if span == 0 else LEFT + (day - first).days / span * plot_width

    def y_of(score: int) -> float:
        return TOP + (10 - score) / 10 * plot_height

    latest = ", ".join(f"{name} {scores[-1][1]}" for name, scores in series.items())
    when = _uk_date(first) if span == 0 else f"{_uk_date(first)} to {_uk_date(last)}"
    desc = f"Scores out of 10, {'on' if span == 0 else 'from'} {when}. Latest: {latest}."
    parts = _open_svg(chart_id, width, height, title, desc)
    text = f'font-family="{FONT}" font-size="11"'

    for score in (0, 5, 10):
        grid_y = _num(y_of(score))
        parts.append(
            f'<line x1="{LEFT}" y1="{grid_y}" x2="{plot_right}" y2="{grid_y}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{_num(y_of(score) + 4)}" {text} fill="{MUTED_COLOUR}" text-anchor="end">{score}</text>'
        )

    date_y = height - 8
    if span == 0:
        parts.append(
            f'<text x="{_num(x_of(first))}" y="{date_y}" {text} fill="{MUTED_COLOUR}" text-anchor="middle">{_uk_date(first)}</text>'
        )
    else:
        parts.append(
            f'<text x="{LEFT}" y="{date_y}" {text} fill="{MUTED_COLOUR}" text-anchor="start">{_uk_date(first)}</text>'
        )
        parts.append(
            f'<text x="{plot_right}" y="{date_y}" {text} fill="{MUTED_COLOUR}" text-anchor="end">{_uk_date(last)}</text>'
        )

    ends = []  # (wanted label y, order, name, colour, last point x, last point y)
    for order, (name, scores) in enumerate(series.items()):
        colour, dash = PALETTE[order % len(PALETTE)], DASHES[order % len(DASHES)]
        coords = [(x_of(day), y_of(score)) for day, score in scores]
        parts.append("<g>")
        if len(coords) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            joined = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
            parts.append(
                f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2"'
                f' stroke-linejoin="round"{dash_attr}/>'
            )
        for (day, score), (x, y) in zip(scores, coords, strict=True):
            parts.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{colour}" stroke="#ffffff" stroke-width="1">'
                f"<title>{_text(name)}: {score} on {_uk_date(day)}</title></circle>"
            )
        parts.append("</g>")
        ends.append((coords[-1][1], order, name, colour, *coords[-1]))

    # End labels sit in the right margin at the height of each line's last point, nudged apart
    # when two perspectives end on the same score. On a tie the line that reaches furthest right
    # keeps its place, because it needs no leader line.
    ends.sort(key=lambda end: (end[0], -end[4], end[1]))
    label_x = plot_right + 10
    placed = _spread([wanted for wanted, *_ in ends], TOP - 4, plot_bottom + 4)
    for (wanted, _, name, colour, last_x, last_y), label_y in zip(ends, placed, strict=True):
        if abs(label_y - wanted) > 0.5 or label_x - last_x > 12:
            # A thin leader line shows which line a moved (or far-away) label belongs to.
            parts.append(
                f'<line x1="{_num(last_x + 5)}" y1="{_num(last_y)}" x2="{label_x - 2}" y2="{_num(label_y)}"'
                f' stroke="{colour}" stroke-width="1" stroke-dasharray="1 2"/>'
            )
        parts.append(
            f'<text x="{label_x}" y="{_num(label_y + 4)}" {text} font-weight="bold" fill="{colour}">'
            f"{_text(_short(name))}</text>"
        )

    parts.append("</svg>")
    # Safe: every user string above went through _text(); the rest is our own markup.
    return Markup("\n".join(parts))  # noqa: S704  # nosec B704


def _empty_svg(chart_id: str, title: str, width: int) -> Markup:
    """A short SVG in the same place as the chart, so the page layout does not jump."""
    height = 40
    parts = _open_svg(chart_id, width, height, title, "No ratings yet.")
    parts.append(
        f'<text x="{_num(width / 2)}" y="24" font-family="{FONT}" font-size="13" fill="{MUTED_COLOUR}"'
        f' text-anchor="middle">No ratings yet</text>'
    )
    parts.append("</svg>")
    # Safe: the title went through _text(); the rest is our own markup.
    return Markup("\n".join(parts))  # noqa: S704  # nosec B704
