"""The server-rendered SVG chart of a scale's scores over time."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest
from markupsafe import Markup

from app.maps.charts import PALETTE, ChartPoint, scale_history_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"
QUOTED = 'Zoë & "Kai"'

POINTS = [
    ChartPoint(date(2026, 3, 3), "Worker", 3),
    ChartPoint(date(2026, 4, 14), "Worker", 4),
    ChartPoint(date(2026, 3, 3), "Shannon (mother)", 5),
    ChartPoint(date(2026, 4, 14), "Shannon (mother)", 7),
    ChartPoint(date(2026, 4, 14), "Kai (child)", 6),
]


def parse(svg: Markup | str) -> ET.Element:
    # Our own output, parsed only to check it is well-formed XML and to read it back.
    return ET.fromstring(str(svg))  # noqa: S314


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def title_and_desc(root: ET.Element) -> tuple[str, str]:
    """Follow aria-labelledby and aria-describedby to the elements they name."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    title = by_id[root.get("aria-labelledby")]
    desc = by_id[root.get("aria-describedby")]
    assert title.tag == f"{SVG}title"
    assert desc.tag == f"{SVG}desc"
    return title.text, desc.text


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_chart_is_an_accessible_image():
    svg = scale_history_svg(POINTS, title="Safety scale for Maisie")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox") == "0 0 480 200"
    title, desc = title_and_desc(root)
    assert title == "Safety scale for Maisie"
    assert "Latest: Worker 4, Shannon (mother) 7, Kai (child) 6." in desc
    assert "3 Mar 2026 to 14 Apr 2026" in desc
    # <title> comes first, so it is the accessible name in every browser.
    assert root[0].tag == f"{SVG}title"


def test_chart_has_a_marker_per_point_and_a_line_per_perspective_with_two_points():
    root = parse(scale_history_svg(POINTS, title="t"))
    assert len(list(root.iter(f"{SVG}circle"))) == len(POINTS)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2  # Kai has one score so far


def test_axes_are_labelled_with_scores_and_uk_dates():
    labels = texts(parse(scale_history_svg(POINTS, title="t")))
    for expected in ["0", "5", "10", "3 Mar 2026", "14 Apr 2026"]:
        assert expected in labels
    assert len(list(parse(scale_history_svg(POINTS, title="t")).iter(f"{SVG}line"))) >= 3


def test_each_perspective_is_labelled_at_the_end_of_its_line_in_its_own_colour():
    root = parse(scale_history_svg(POINTS, title="t"))
    end_labels = {
        "".join(el.itertext()): el.get("fill")
        for el in root.iter(f"{SVG}text")
        if el.get("font-weight") == "bold"
    }
    assert set(end_labels) == {"Worker", "Shannon (mother)", "Kai (child)"}
    assert len(set(end_labels.values())) == 3


def test_end_labels_do_not_overlap_when_scores_tie():
    tied = [ChartPoint(date(2026, 3, 3), name, 5) for name in ["Worker", "Mum", "Dad", "Kai"]]
    root = parse(scale_history_svg(tied, title="t"))
    ys = sorted(
        float(el.get("y")) for el in root.iter(f"{SVG}text") if el.get("font-weight") == "bold"
    )
    assert len(ys) == 4
    assert all(b - a >= 11 for a, b in itertools.pairwise(ys))


def test_palette_colours_contrast_with_white_and_are_distinct():
    assert len(set(PALETTE)) == len(PALETTE) >= 3
    for colour in PALETTE:
        ratio = 1.05 / (relative_luminance(colour) + 0.05)
        assert ratio >= 4.5, colour  # 3:1 is enough for lines; the end labels are text


def test_hostile_names_and_titles_are_escaped():
    points = [
        ChartPoint(date(2026, 3, 3), HOSTILE, 2),
        ChartPoint(date(2026, 3, 10), QUOTED, 8),
    ]
    svg = str(scale_history_svg(points, title=f"{HOSTILE} & {QUOTED}"))
    assert "<script" not in svg
    assert '"Kai"' not in svg  # quotes are escaped, so no attribute can be broken out of
    root = parse(svg)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    title, desc = title_and_desc(root)
    assert title == f"{HOSTILE} & {QUOTED}"
    assert f"Latest: {HOSTILE} 2, {QUOTED} 8." in desc
    tooltips = [el.text for el in root.iter(f"{SVG}title")]
    assert f"{QUOTED}: 8 on 10 Mar 2026" in tooltips


def test_markup_passed_as_a_title_is_still_escaped():
    svg = str(scale_history_svg(POINTS, title=Markup("<b>bold</b>")))
    assert "<b>" not in svg
    assert title_and_desc(parse(svg))[0] == "<b>bold</b>"


def test_control_characters_cannot_break_the_xml():
    points = [ChartPoint(date(2026, 3, 3), "Mum\x00\x0b", 4)]
    root = parse(scale_history_svg(points, title="Scale\x1f"))
    assert title_and_desc(root)[0] == "Scale"


def test_no_inline_styles_or_scripts_anywhere():
    points = [*POINTS, ChartPoint(date(2026, 3, 5), HOSTILE, 1)]
    for svg in [scale_history_svg(points, title="t"), scale_history_svg([], title="t")]:
        root = parse(svg)
        for el in root.iter():
            assert "style" not in el.attrib
            assert not el.tag.endswith(("style", "script"))
        assert "style=" not in str(svg)
        assert 'font-family="Arial, sans-serif"' in str(svg)


def test_long_names_are_shortened_on_the_chart_but_whole_in_the_description():
    name = "Independent reviewing officer (IRO)"
    root = parse(scale_history_svg([ChartPoint(date(2026, 3, 3), name, 4)], title="t"))
    assert name not in texts(root)
    assert any(text.endswith("…") and name.startswith(text[:-1]) for text in texts(root))
    assert f"Latest: {name} 4." in title_and_desc(root)[1]


def test_single_point_still_shows_a_marker_and_one_date():
    root = parse(scale_history_svg([ChartPoint(date(2026, 3, 3), "Worker", 0)], title="t"))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert list(root.iter(f"{SVG}polyline")) == []
    assert texts(root).count("3 Mar 2026") == 1
    assert "on 3 Mar 2026. Latest: Worker 0." in title_and_desc(root)[1]


def test_same_day_scores_for_one_perspective_are_drawn_and_the_last_given_is_latest():
    points = [
        ChartPoint(date(2026, 3, 3), "Worker", 3),
        ChartPoint(date(2026, 3, 3), "Worker", 6),
        ChartPoint(date(2026, 3, 10), "Mum", 10),
    ]
    root = parse(scale_history_svg(points, title="t"))
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert "Latest: Worker 6, Mum 10." in title_and_desc(root)[1]


def test_points_out_of_date_order_are_drawn_in_date_order():
    points = [
        ChartPoint(date(2026, 5, 1), "Worker", 8),
        ChartPoint(date(2026, 3, 1), "Worker", 2),
    ]
    root = parse(scale_history_svg(points, title="t"))
    assert "Latest: Worker 8." in title_and_desc(root)[1]
    xs = [
        float(pair.split(",")[0])
        for pair in next(root.iter(f"{SVG}polyline")).get("points").split()
    ]
    assert xs == sorted(xs)


def test_datetimes_are_treated_as_days():
    points = [
        ChartPoint(datetime(2026, 3, 3, 9, 30), "Worker", 3),
        ChartPoint(date(2026, 3, 10), "Worker", 4),
    ]
    assert (
        "3 Mar 2026 to 10 Mar 2026"
        in title_and_desc(parse(scale_history_svg(points, title="t")))[1]
    )


def test_higher_scores_are_drawn_higher():
    points = [ChartPoint(date(2026, 3, 3), "Worker", 0), ChartPoint(date(2026, 3, 4), "Worker", 10)]
    circles = list(parse(scale_history_svg(points, title="t")).iter(f"{SVG}circle"))
    assert float(circles[0].get("cy")) > float(circles[1].get("cy"))


@pytest.mark.parametrize("score", [-1, 11])
def test_scores_outside_the_scale_are_refused(score):
    with pytest.raises(ValueError, match="0 to 10"):
        scale_history_svg([ChartPoint(date(2026, 3, 3), "Worker", score)], title="t")


def test_output_is_deterministic():
    assert scale_history_svg(POINTS, title="t") == scale_history_svg(list(POINTS), title="t")


def test_ids_differ_between_charts_and_can_be_chosen():
    def ids(svg: Markup) -> set[str]:
        return {el.get("id") for el in parse(svg).iter() if el.get("id")}

    first = ids(scale_history_svg(POINTS, title="Scale one"))
    second = ids(scale_history_svg(POINTS, title="Scale two"))
    third = ids(scale_history_svg(POINTS[:2], title="Scale one"))
    assert len(first) == 2
    assert not first & second
    assert not first & third
    chosen = parse(scale_history_svg(POINTS, title="t", id_prefix="scale-3"))
    assert chosen.get("aria-labelledby") == "scale-3-title"
    assert chosen.get("aria-describedby") == "scale-3-desc"


def test_an_unsafe_id_prefix_is_refused():
    with pytest.raises(ValueError, match="id_prefix"):
        scale_history_svg(POINTS, title="t", id_prefix='x" onload="alert(1)')


def test_size_sets_the_view_box():
    root = parse(scale_history_svg(POINTS, title="t", width=640, height=240))
    assert root.get("viewBox") == "0 0 640 240"
    with pytest.raises(ValueError, match="too small"):
        scale_history_svg(POINTS, title="t", width=100, height=50)


def test_empty_chart_says_no_ratings_yet():
    svg = scale_history_svg([], title=f"Safety scale {QUOTED}")
    root = parse(svg)
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 480 \d+", root.get("viewBox"))
    assert title_and_desc(root) == (f"Safety scale {QUOTED}", "No ratings yet.")
    assert texts(root) == ["No ratings yet"]
    assert list(root.iter(f"{SVG}circle")) == []
    assert scale_history_svg([], title="a") != scale_history_svg([], title="b")
