"""Fonts, and user text made safe for reportlab: escaped markup and no missing glyphs.

reportlab's `Paragraph` reads a small XML dialect, so a card saying "<b>" or "Tom & Jerry" must
be escaped or it would turn bold or break the page. Its base-14 fonts cover Latin-1 only, so the
PDF uses the vendored DejaVu Sans, which covers Polish, Greek, Cyrillic, Arabic letters, "£" and
"→"; characters it lacks (most emoji) become a short description in brackets instead of a box.

reportlab draws characters in the order they are typed, left to right. Right-to-left words
(Arabic, Hebrew names) are therefore reversed for drawing, and Arabic letters are given their
joined forms (Unicode presentation forms), so "سارة" prints as it is read. This covers names and
short phrases; a right-to-left sentence that wraps over several lines keeps its lines in
left-to-right order.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape  # nosec B406 - escapes text; parses no XML

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

# Emoji modifiers, joiners and variation selectors: meaningless once their emoji is replaced.
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400)}
_KEEP_CONTROLS = {"\n", "\t"}
REPLACEMENT = "\ufffd"


@cache
def register_fonts() -> frozenset[int]:
    """Register DejaVu Sans (regular and bold) once; return the code points both can draw."""
    faces = {}
    for name, filename in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        font = TTFont(name, str(FONT_DIR / filename))
        pdfmetrics.registerFont(font)
        faces[name] = font
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    # Only what both weights can draw: a bold heading must not lose a glyph the body has.
    # Characters beyond the Basic Multilingual Plane (DejaVu's few emoji) are left out: reportlab
    # writes a malformed text map for them, so they could not be copied or read aloud.
    both = frozenset(faces[REGULAR].face.charToGlyph) & frozenset(faces[BOLD].face.charToGlyph)
    return frozenset(code for code in both if code <= 0xFFFF)


def printable(text: str) -> str:
    """`text` with every character the font cannot draw replaced by something readable, and
    right-to-left words put in drawing order."""
    glyphs = register_fonts()
    if _RIGHT_TO_LEFT.search(text):
        text = _RTL_RUN.sub(lambda run: _shape_arabic(run.group())[::-1], text)
    if all(ord(ch) in glyphs or ch in _KEEP_CONTROLS for ch in text):
        return text
    return "".join(_substitute(ch, glyphs) for ch in text)


def _substitute(ch: str, glyphs: frozenset[int]) -> str:
    code = ord(ch)
    if ch in _KEEP_CONTROLS or (code in glyphs and code not in _INVISIBLE):
        return ch
    if code in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf"):
        return ""
    name = unicodedata.name(ch, "")
    return f"[{name.lower()}]" if name else REPLACEMENT


def markup(text: str | None) -> str:
    """User text ready for a `Paragraph`: printable, escaped, line breaks kept."""
    if not text:
        return ""
    safe = escape(printable(text.strip()))
    return safe.replace("\r\n", "\n").replace("\n", "<br/>")


# Right-to-left text -----------------------------------------------------------------------------

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RIGHT_TO_LEFT = re.compile(f"[{_RTL}]")
# A run of right-to-left letters, with the spaces and marks between its words.
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL} .,،؛؟!-]*[{_RTL}])?")


@cache
def _arabic_forms() -> dict[str, dict[str, str]]:
    """{letter or lam-alef pair: {"isolated"|"final"|"initial"|"medial": presentation form}},
    read from Unicode's own decompositions of the presentation-form blocks."""
    forms: dict[str, dict[str, str]] = {}
    for code in range(0xFB50, 0xFEFD):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) < 2 or decomposition[0].strip("<>") not in _FORM_NAMES:
            continue
        base = "".join(chr(int(part, 16)) for part in decomposition[1:])
        forms.setdefault(base, {}).setdefault(decomposition[0].strip("<>"), chr(code))
    return forms


_FORM_NAMES = ("isolated", "final", "initial", "medial")


def _joins_forward(ch: str) -> bool:
    """A dual-joining letter: it connects to the letter after it."""
    return "initial" in _arabic_forms().get(ch, {})


def _shape_arabic(text: str) -> str:
    forms = _arabic_forms()
    letters = _join_lam_alef(text, forms)
    shaped = []
    for index, ch in enumerate(letters):
        if ch not in forms:
            shaped.append(ch)
            continue
        previous = _neighbour(letters, index, -1)
        following = _neighbour(letters, index, 1)
        after_joiner = previous is not None and _joins_forward(previous)
        before_letter = following is not None and following in forms and _joins_forward(ch)
        form = {
            (True, True): "medial",
            (True, False): "final",
            (False, True): "initial",
        }.get((after_joiner, before_letter), "isolated")
        choices = forms[ch]
        shaped.append(choices.get(form) or choices.get("isolated", ch[0]))
    return "".join(shaped)


def _join_lam_alef(text: str, forms: dict) -> list[str]:
    """Lam followed by alef is written as one ligature."""
    letters: list[str] = []
    for ch in text:
        if letters and letters[-1] == "\u0644" and letters[-1] + ch in forms:
            letters[-1] += ch
        else:
            letters.append(ch)
    return letters


def _neighbour(letters: list[str], index: int, step: int) -> str | None:
    """The nearest letter before or after, skipping vowel marks (which do not break joins)."""
    index += step
    while 0 <= index < len(letters):
        if unicodedata.category(letters[index][0]) != "Mn":
            return letters[index] if letters[index] in _arabic_forms() else None
        index += step
    return None
