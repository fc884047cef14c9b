"""The small formatting subset allowed in long scenario text (a referral, learning objectives).

People type into a plain textarea. A blank line starts a new paragraph, a single line break inside a
paragraph stays a line break, lines starting "- " or "* " are bullet items, lines starting "1. ",
"2. " … are numbered items, and **text** is bold. Everything else is text.

Every character typed is escaped before any markup is added, and the result then goes through
nh3 with an allow-list of exactly the tags below and no attributes, as a second line of defence.
"""

import re
from dataclasses import dataclass, field

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong"})

_BULLET = re.compile(r"[-*] +(?P<text>\S.*)")
_NUMBERED = re.compile(r"\d{1,9}\. +(?P<text>\S.*)")
# Bold needs a closing pair on the same line and no space just inside the marks, so an unclosed
# "**" (or "** loose **") stays literal.
_BOLD = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")


@dataclass
class _Block:
    kind: str  # "p", "ul" or "ol"
    # For "p", each entry is one line; for lists, each entry is one item's lines.
    parts: list[list[str]] = field(default_factory=list)


def _parse(source: str) -> list[_Block]:
    """Split the text into paragraphs and lists; lines are stripped and never empty."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for raw in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        bullet = _BULLET.fullmatch(line)
        item = bullet or _NUMBERED.fullmatch(line)
        if item:
            kind = "ul" if bullet else "ol"
            text = item["text"].strip()
            if current is None or current.kind != kind:
                current = _Block(kind)
                blocks.append(current)
            current.parts.append([text])
        elif current is not None and current.kind != "p" and raw[:1].isspace():
            # An indented line straight after a list item carries that item on.
            current.parts[-1].append(line)
        else:
            if current is None or current.kind != "p":
                current = _Block("p", [[]])
                blocks.append(current)
            current.parts[0].append(line)
    return blocks


def _inline_html(line: str) -> str:
    return _BOLD.sub(r"<strong>\g<text></strong>", str(escape(line)))


def _lines_html(lines: list[str]) -> str:
    return "<br>".join(_inline_html(line) for line in lines)


def render_rich_text(source: str | None) -> Markup:
    """The HTML for `source`: <p>, <ul>/<ol>/<li>, <strong> and <br> only, with no attributes.

    Numbered items render as an <ol> counting from 1 whatever numbers were typed (no attributes
    are allowed, so there is no `start`); nested lists are flattened into their parent list.
    """
    if not source or not source.strip():
        return Markup("")
    html: list[str] = []
    for block in _parse(source):
        if block.kind == "p":
            html.append(f"<p>{_lines_html(block.parts[0])}</p>")
        else:
            items = "".join(f"<li>{_lines_html(item)}</li>" for item in block.parts)
            html.append(f"<{block.kind}>{items}</{block.kind}>")
    cleaned = nh3.clean(
        "".join(html),
        tags=set(ALLOWED_TAGS),
        attributes={},
        link_rel=None,
        strip_comments=True,
    )
    # Safe: every typed character was escaped above, then nh3 allowed only the subset's tags.
    return Markup(cleaned)  # noqa: S704  # nosec B704


def plain_text(source: str | None) -> str:
    """The same text without formatting marks, for search, PDFs and JSON previews.

    "**bold**" becomes "bold"; bullet items start "- " and numbered items "1. ", "2. " … (counted
    as the rendered list shows them); paragraphs and lists are separated by a blank line. The
    result is plain, unescaped text: escape it wherever it goes into HTML.
    """
    if not source or not source.strip():
        return ""

    def unbold(line: str) -> str:
        return _BOLD.sub(r"\g<text>", line)

    out: list[str] = []
    for block in _parse(source):
        if block.kind == "p":
            out.append("\n".join(unbold(line) for line in block.parts[0]))
            continue
        items = []
        for number, item in enumerate(block.parts, start=1):
            marker = "- " if block.kind == "ul" else f"{number}. "
            indent = "\n" + " " * len(marker)
            items.append(marker + indent.join(unbold(line) for line in item))
        out.append("\n".join(items))
    return "\n\n".join(out)
