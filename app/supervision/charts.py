"""The dot plot of a revealed scaling round, drawn as SVG on the server.

One dot per person on a 0–10 line; people who gave the same score stack upwards. The median is a
marked line and the spread a bar under the dots, each labelled in text so colour is never the
only cue. Presentation attributes only (the page's CSP forbids inline styles), every name
escaped."""

from dataclasses import dataclass

from markupsafe import Markup

from app.maps.charts import FONT, MUTED_COLOUR, PALETTE, TEXT_COLOUR, _num, _text

WIDTH = 640
LEFT, RIGHT = 32, 32
DOT = 9  # radius
STEP = DOT * 2 + 4  # vertical distance between stacked dots
AXIS_BELOW = 58  # room under the axis line for tick labels and the spread


@dataclass(frozen=True)
class Dot:
    name: str
    score: int
    marked: bool = False  # late, or changed after the reveal


def _x(score: float) -> float:
    return LEFT + score * (WIDTH - LEFT - RIGHT) / 10


def round_dot_plot(dots: list[Dot], median: float | None, *, title: str) -> Markup:
    """A dot per rating, stacked by score, with the median and the spread."""
    stacks: dict[int, int] = {}
    for dot in dots:
        stacks[dot.score] = stacks.get(dot.score, 0) + 1
    tallest = max(stacks.values(), default=1)
    axis_y = 16 + tallest * STEP
    height = axis_y + AXIS_BELOW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-dot-plot" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" aria-labelledby="dot-plot-title">',
        f'<title id="dot-plot-title">{_text(title)}</title>',
        f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="2"/>',
    ]
    for score in range(11):
        x = _num(_x(score))
        parts.append(
            f'<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{axis_y + 6}" stroke="{TEXT_COLOUR}"/>'
            f'<text x="{x}" y="{axis_y + 22}" font-size="15" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{score}</text>'
        )
    # The median first, so the dots sit on top of its line.
    if median is not None:
        x = _num(_x(median))
        parts.append(
            f'<line x1="{x}" y1="8" x2="{x}" y2="{axis_y}" stroke="{PALETTE[1]}" '
            f'stroke-width="2" stroke-dasharray="6 3"/>'
            f'<text x="{x}" y="12" font-size="13" font-weight="bold" text-anchor="start" '
            f'dx="4" fill="{PALETTE[1]}">median {_num(median)}</text>'
        )
    placed: dict[int, int] = {}
    for dot in sorted(dots, key=lambda d: (d.score, d.name)):
        level = placed.get(dot.score, 0)
        placed[dot.score] = level + 1
        cy = axis_y - DOT - 4 - level * STEP
        fill = "#ffffff" if dot.marked else PALETTE[0]
        parts.append(
            f'<circle cx="{_num(_x(dot.score))}" cy="{_num(cy)}" r="{DOT}" fill="{fill}" '
            f'stroke="{PALETTE[0]}" stroke-width="3"><title>{_text(dot.name)}: {dot.score}'
            f"{' (late or changed after the reveal)' if dot.marked else ''}</title></circle>"
        )
    if dots:
        low, high = min(d.score for d in dots), max(d.score for d in dots)
        y = axis_y + 36
        parts.append(
            f'<line x1="{_num(_x(low))}" y1="{y}" x2="{_num(_x(high))}" y2="{y}" '
            f'stroke="{MUTED_COLOUR}" stroke-width="4"/>'
            f'<text x="{_num(_x((low + high) / 2))}" y="{y + 16}" font-size="13" '
            f'text-anchor="middle" fill="{MUTED_COLOUR}">spread {low} to {high}</text>'
        )
    parts.append("</svg>")
    # Every user string above went through _text().
    return Markup("".join(parts))  # noqa: S704  # nosec B704
