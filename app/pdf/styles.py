"""Colours and paragraph styles: the printed map follows the page's GOV.UK-based palette."""

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from app.pdf.text import BOLD, REGULAR, register_fonts

TEXT = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
BORDER = colors.HexColor("#b1b4b6")
PANEL = colors.HexColor("#f3f2f1")
WHITE = colors.white
RED = colors.HexColor("#d4351c")
GREEN = colors.HexColor("#00703c")
BLUE = colors.HexColor("#1d70b8")
ORANGE = colors.HexColor("#f47738")
YELLOW = colors.HexColor("#fff7bf")
DARK_BLUE = colors.HexColor("#003078")

# The column colours of the map page (its top borders), by column key.
COLUMN_COLOURS = {"worries": RED, "working-well": GREEN, "next": BLUE}
# The houses mirror the columns: worries, good things, dreams.
HOUSE_COLOURS = (RED, GREEN, BLUE)

register_fonts()


def _style(name: str, size: float, leading: float, **more: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=more.pop("fontName", REGULAR), fontSize=size, leading=leading,
        textColor=more.pop("textColor", TEXT), **more,
    )  # fmt: skip


TITLE = _style("title", 20, 24, fontName=BOLD, spaceAfter=4)
HEADING = _style("heading", 13, 16, fontName=BOLD, spaceBefore=12, spaceAfter=6)
SUBHEADING = _style("subheading", 10.5, 13, fontName=BOLD, spaceBefore=4, spaceAfter=3)
BODY = _style("body", 9, 12)
SMALL = _style("small", 7.5, 9.5, textColor=SECONDARY)
LABEL = _style("label", 7.5, 9.5, fontName=BOLD, textColor=SECONDARY)
CARD = _style("card", 8.5, 11)
CARD_SOURCE = _style("card-source", 7.5, 9.5, textColor=SECONDARY)
CARD_WARNING = _style("card-warning", 7.5, 9.5, fontName=BOLD, textColor=RED)
LANE_HEADING = _style("lane-heading", 11, 13.5, fontName=BOLD)
SECTION_HEADING = _style("section-heading", 9.5, 12, fontName=BOLD)
EMPTY = _style("empty", 8, 10.5, textColor=SECONDARY)
TABLE_CELL = _style("table-cell", 8, 10.5)
BANNER = _style("banner", 9, 12)
NOTE = _style("note", 8, 10.5, leftIndent=16, firstLineIndent=-16, spaceAfter=3)
CONTENTS = _style("contents", 11, 15)
COVER_TITLE = _style("cover-title", 28, 34, fontName=BOLD, spaceAfter=10)
COVER_SUBTITLE = _style("cover-subtitle", 15, 20, textColor=SECONDARY, spaceAfter=18)
