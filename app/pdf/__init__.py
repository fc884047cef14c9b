"""PDF exports of maps and packs, drawn with reportlab. No Flask here: data in, bytes out."""

from app.pdf.data import (
    A3,
    A4,
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
from app.pdf.layout import map_story, page_geometry, render_map, render_pack

__all__ = [
    "A3",
    "A4",
    "CardData",
    "ColumnData",
    "CommentNote",
    "DotPlotData",
    "ExportOptions",
    "MapData",
    "PackCover",
    "PackSection",
    "PairData",
    "RatingData",
    "ScaleData",
    "SectionData",
    "map_story",
    "page_geometry",
    "render_map",
    "render_pack",
]
