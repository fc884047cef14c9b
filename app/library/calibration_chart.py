"""A dot plot of a cohort's scores on each scale of an exercise, drawn as SVG on the server.

One row per scale (the whole map, pair 1, pair 2, …) on a shared 0–10 axis. Each trainee map
is a blue circle, with no name (the table beside the chart names them); the reference score is
a red diamond and the median a black vertical line, so shape, not colour alone, tells them
apart. Like the scale history chart (app/maps/charts.py) it uses presentation attributes only,
because the page's Content-Security-Policy forbids inline styles, escapes every string, and
gives the same output for the same input.
"""

from dataclasses import dataclass

from markupsafe import Markup

from app.maps.charts import (
    _ID_PREFIX,
    FONT,
    GRID_COLOUR,
    MUTED_COLOUR,
    TEXT_COLOUR,
    _num,
    _open_svg,
    _text,
)

DOT_COLOUR = "#1d70b8"  # GOV.UK blue
REFERENCE_COLOUR = "#d4351c"  # GOV.UK red
MEDIAN_COLOUR = "#0b0c0c"

WIDTH = 640
LEFT, RIGHT = 96, 24  # room for the row labels; room for the "10" tick label
TOP = 28  # the axis labels sit above the first row
ROW = 48
LEGEND = 40
DOT_RADIUS = 5
DOT_GAP = 11  # vertical distance between dots on the same score


@dataclass(frozen=True)
class DotRow:
    """One scale: every map's score (unnamed), the reference score and the median."""

    label: str
    scores: list[int]
    reference: int | None = None
    median: float | None = None


def _x(score: float) -> float:
    return LEFT + score / 10 * (WIDTH - LEFT - RIGHT)


def _describe(row: DotRow) -> str:
    parts = [f"{row.label}:"]
    if row.scores:
        count, low, high = len(row.scores), min(row.scores), max(row.scores)
        spread = f"at {low}" if low == high else f"from {low} to {high}"
        parts.append(f"{count} map{'s' if count != 1 else ''} scaled {spread}")
        if row.median is not None:
            parts.append(f"median {row.median:g}")
    else:
        parts.append("no maps scaled")
    parts.append(
        f"reference {row.reference}" if row.reference is not None else "no reference score"
    )
    return parts[0] + " " + ", ".join(parts[1:]) + "."


def _dots(row: DotRow, centre: float) -> list[str]:
    """Maps on the same score stack up and down from the row's line, closer together when many
    share a score, so every dot stays inside its row."""
    parts = []
    by_score: dict[int, int] = {}
    for score in row.scores:
        by_score[score] = by_score.get(score, 0) + 1
    for score, count in sorted(by_score.items()):
        gap = DOT_GAP if count < 2 else min(DOT_GAP, (ROW - 2 * DOT_RADIUS - 4) / (count - 1))
        first = centre - gap * (count - 1) / 2
        for index in range(count):
            parts.append(
                f'<circle cx="{_num(_x(score))}" cy="{_num(first + index * gap)}" r="{DOT_RADIUS}"'
                f' fill="{DOT_COLOUR}" fill-opacity="0.8" stroke="#ffffff" stroke-width="1">'
                f"<title>A trainee map: {score}</title></circle>"
            )
    return parts


def _diamond(x: float, y: float, size: float) -> str:
    points = f"{_num(x)},{_num(y - size)} {_num(x + size)},{_num(y)} {_num(x)},{_num(y + size)} {_num(x - size)},{_num(y)}"
    return (
        f'<polygon points="{points}" fill="{REFERENCE_COLOUR}" stroke="#ffffff" stroke-width="1">'
    )


def _row(row: DotRow, top: float) -> list[str]:
    centre = top + ROW / 2
    text = f'font-family="{FONT}" font-size="12"'
    parts = [
        "<g>",
        f'<text x="{LEFT - 10}" y="{_num(centre + 4)}" {text} font-weight="bold"'
        f' fill="{TEXT_COLOUR}" text-anchor="end">{_text(row.label)}</text>',
        f'<line x1="{LEFT}" y1="{_num(centre)}" x2="{WIDTH - RIGHT}" y2="{_num(centre)}"'
        f' stroke="{GRID_COLOUR}" stroke-width="1"/>',
    ]
    if row.median is not None:
        x = _num(_x(row.median))
        parts.append(
            f'<line x1="{x}" y1="{_num(top + 4)}" x2="{x}" y2="{_num(top + ROW - 4)}"'
            f' stroke="{MEDIAN_COLOUR}" stroke-width="2"><title>Median: {row.median:g}</title></line>'
        )
    if row.reference is not None:
        # Drawn before the dots: a map on the reference score covers the diamond's middle and
        # leaves its points showing, instead of disappearing under it.
        parts.append(
            _diamond(_x(row.reference), centre, 8)
            + f"<title>Reference: {row.reference}</title></polygon>"
        )
    parts.extend(_dots(row, centre))
    parts.append("</g>")
    return parts


def _axis(bottom: float) -> list[str]:
    text = f'font-family="{FONT}" font-size="11" fill="{MUTED_COLOUR}" text-anchor="middle"'
    parts = []
    for score in range(11):
        x = _num(_x(score))
        # Solid lines at 0, 5 and 10, as on the scale history chart; dotted between.
        dash = "" if score in (0, 5, 10) else ' stroke-dasharray="2 3"'
        parts.append(
            f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{_num(bottom)}" stroke="{GRID_COLOUR}"'
            f' stroke-width="1"{dash}/>'
        )
        parts.append(f'<text x="{x}" y="{TOP - 10}" {text}>{score}</text>')
    return parts


def _legend(top: float) -> list[str]:
    y = top + LEGEND / 2
    text = f'font-family="{FONT}" font-size="12" fill="{TEXT_COLOUR}"'
    return [
        f'<circle cx="{LEFT}" cy="{_num(y)}" r="{DOT_RADIUS}" fill="{DOT_COLOUR}"/>',
        f'<text x="{LEFT + 10}" y="{_num(y + 4)}" {text}>A trainee map</text>',
        _diamond(LEFT + 130, y, 7) + "</polygon>",
        f'<text x="{LEFT + 142}" y="{_num(y + 4)}" {text}>Reference score</text>',
        f'<line x1="{LEFT + 270}" y1="{_num(y - 8)}" x2="{LEFT + 270}" y2="{_num(y + 8)}"'
        f' stroke="{MEDIAN_COLOUR}" stroke-width="2"/>',
        f'<text x="{LEFT + 280}" y="{_num(y + 4)}" {text}>Median</text>',
    ]


def calibration_dot_plot(rows: list[DotRow], *, title: str, chart_id: str) -> Markup:
    """An accessible SVG dot plot: role="img", a `<title>` and a `<desc>` that says, for each
    row, how many maps were scaled, their spread, the median and the reference score.

    Scores run 0 to 10; `chart_id` (a letter, then letters, digits, - or _) prefixes the ids.
    Raises ValueError for a score outside 0 to 10.
    """
    if not _ID_PREFIX.fullmatch(chart_id):
        raise ValueError("chart_id must start with a letter and use only letters, digits, - or _")
    for row in rows:
        for score in [*row.scores, *([row.reference] if row.reference is not None else [])]:
            if not 0 <= score <= 10:
                raise ValueError(f"Scores run from 0 to 10, not {score}")
    bottom = TOP + ROW * len(rows)
    height = bottom + LEGEND
    desc = " ".join(_describe(row) for row in rows) or "No scales."
    parts = _open_svg(chart_id, WIDTH, height, title, desc)
    parts.extend(_axis(bottom))
    for index, row in enumerate(rows):
        parts.extend(_row(row, TOP + index * ROW))
    parts.extend(_legend(bottom))
    parts.append("</svg>")
    # Safe: every string from outside went through _text(); numbers are formatted here.
    return Markup("\n".join(parts))  # noqa: S704  # nosec B704
