"""How long a PDF takes: maps of 10, 60 and 300 cards and a 30-map pack, each next to a bare
reportlab document of the same text (one paragraph per string, same font) built in the same run.

Targets: a 60-card map within 3× of bare; a 30-map pack under 2 s.
Run from the repository root:  .venv/bin/python -m bench.pdf_bench
Writes bench/results/pdf.json. No database: the maps are built as plain data."""

import json
import time
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.pdf import MapData, PackCover, PackSection, render_map, render_pack
from app.pdf.sample import sample_map
from app.pdf.text import REGULAR, markup, register_fonts

RESULTS = Path(__file__).resolve().parent / "results" / "pdf.json"
PACK_MAPS = 30
PACK_CARDS = 60


def every_text(data: MapData) -> list[str]:
    """The strings a map prints, for the bare document."""
    texts = [data.title, data.scenario_title, *data.authors, data.cohort]
    sections = [s for column in data.columns for s in column.sections]
    sections += [*data.houses, *([data.grey_area] if data.grey_area else [])]
    for section in sections:
        texts.append(section.label)
        texts += [card.text for card in section.cards]
    scales = [pair.scale for pair in data.pairs] + ([data.map_scale] if data.map_scale else [])
    for pair in data.pairs:
        texts += [pair.statement, pair.goal]
    for scale in scales:
        texts += [scale.low_anchor, scale.high_anchor]
        texts += [f"{r.who} {r.score} {r.reason}" for r in scale.ratings]
    return texts


def bare_document(texts: list[str]) -> bytes:
    register_fonts()
    style = ParagraphStyle("bare", fontName=REGULAR, fontSize=8.5, leading=11)
    buffer = BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(markup(text), style) for text in texts])
    return buffer.getvalue()


def timed_pair(ours, bare, repeats: int) -> tuple[float, float, bytes]:
    """Best seconds of `repeats` runs of each (after one warm-up), the two taking turns so a
    busy spell on a shared machine slows both alike; and our last PDF. The best run is the
    one least disturbed by other work, which is what a ratio of two runs should compare."""
    pdf = ours()
    bare()
    ours_times, bare_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        pdf = ours()
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare()
        bare_times.append(time.perf_counter() - start)
    return min(ours_times), min(bare_times), pdf


def measure(name: str, cards: int, ours, texts: list[str], repeats: int) -> dict:
    ours_seconds, bare_seconds, pdf = timed_pair(ours, lambda: bare_document(texts), repeats)
    return {
        "case": name,
        "cards": cards,
        "pages": len(PdfReader(BytesIO(pdf)).pages),
        "kilobytes": round(len(pdf) / 1024),
        "ms": round(ours_seconds * 1000, 1),
        "bare_ms": round(bare_seconds * 1000, 1),
        "ratio": round(ours_seconds / bare_seconds, 2),
    }


def main() -> None:
    rows = []
    for cards in (10, 60, 300):
        data = sample_map(cards)
        rows.append(
            measure(
                f"map, {cards} cards",
                cards,
                lambda data=data: render_map(data),
                every_text(data),
                repeats=15,
            )
        )
    maps = [sample_map(PACK_CARDS, title=f"Map {n}") for n in range(1, PACK_MAPS + 1)]
    cover = PackCover("Group supervision pack", "Benchmark", "ASYE cohort 6", date.today())
    sections = [PackSection(data) for data in maps]
    rows.append(
        measure(
            f"pack, {PACK_MAPS} maps",
            PACK_CARDS * PACK_MAPS,
            lambda: render_pack(cover, sections),
            [text for data in maps for text in every_text(data)],
            repeats=3,
        )
    )
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": date.today().isoformat(), "rows": rows}, indent=2))
    print(
        f"\nWritten to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )


def print_table(rows: list[dict]) -> None:
    header = f"{'case':<18}{'cards':>7}{'pages':>7}{'KB':>6}{'ms':>9}{'bare ms':>9}{'ratio':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['case']:<18}{row['cards']:>7}{row['pages']:>7}{row['kilobytes']:>6}"
            f"{row['ms']:>9}{row['bare_ms']:>9}{row['ratio']:>7}"
        )


if __name__ == "__main__":
    main()
