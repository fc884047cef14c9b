"""The safe formatting subset for long scenario text: render_rich_text and plain_text."""

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from app.demo_scenarios import SCENARIOS
from app.library.formatting import ALLOWED_TAGS, plain_text, render_rich_text


class _Collector(HTMLParser):
    """Every tag, every attribute, and the text of each top-level <p>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.paragraphs: list[str] = []
        self.text = ""
        self._in_p = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)
        if tag == "p":
            self._in_p = True
            self.paragraphs.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tags.add(tag)
        if tag == "p":
            self._in_p = False

    def handle_data(self, data):
        self.text += data
        if self._in_p:
            self.paragraphs[-1] += data

    def handle_comment(self, data):
        self.tags.add("!--")


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(str(html))
    collector.close()
    return collector


def assert_only_safe_tags(html: str) -> _Collector:
    parsed = parse(html)
    assert parsed.tags <= ALLOWED_TAGS
    assert parsed.attrs == []
    return parsed


def test_allowed_tags_are_exactly_the_subset():
    assert frozenset({"p", "br", "ul", "ol", "li", "strong"}) == ALLOWED_TAGS


def test_returns_markup():
    assert isinstance(render_rich_text("Hello"), Markup)


@pytest.mark.parametrize("source", [None, "", "   ", "\n\n", " \r\n \t\n"])
def test_empty_input_renders_nothing(source):
    assert render_rich_text(source) == Markup("")
    assert plain_text(source) == ""


def test_paragraphs_split_on_blank_lines():
    assert render_rich_text("First.\n\nSecond.") == "<p>First.</p><p>Second.</p>"


def test_several_blank_lines_and_surrounding_space_make_one_break():
    source = "\n\n  First.  \n\n\n   \nSecond.\n\n"
    assert render_rich_text(source) == "<p>First.</p><p>Second.</p>"


def test_windows_line_endings():
    assert render_rich_text("One\r\ntwo\r\n\r\nThree") == "<p>One<br>two</p><p>Three</p>"


def test_single_newline_is_a_line_break_inside_the_paragraph():
    assert render_rich_text("Line one\nLine two") == "<p>Line one<br>Line two</p>"


def test_bullet_list_with_either_marker():
    source = "- Attendance\n* Weight\n-   Home conditions"
    assert render_rich_text(source) == (
        "<ul><li>Attendance</li><li>Weight</li><li>Home conditions</li></ul>"
    )


def test_numbered_list_counts_from_one():
    source = "1. Read the referral\n2. Sort the cards\n10. Discuss"
    assert render_rich_text(source) == (
        "<ol><li>Read the referral</li><li>Sort the cards</li><li>Discuss</li></ol>"
    )


def test_paragraph_then_list_then_paragraph():
    source = "Objectives:\n- Weigh risk\n- Weigh strengths\n\nThen discuss."
    assert render_rich_text(source) == (
        "<p>Objectives:</p><ul><li>Weigh risk</li><li>Weigh strengths</li></ul><p>Then discuss.</p>"
    )


def test_list_followed_by_paragraph_after_blank_line():
    source = "1. One\n2. Two\n\nAfterwards, a paragraph."
    assert render_rich_text(source) == (
        "<ol><li>One</li><li>Two</li></ol><p>Afterwards, a paragraph.</p>"
    )


def test_unindented_line_straight_after_a_list_starts_a_paragraph():
    assert render_rich_text("- One\nNot an item") == "<ul><li>One</li></ul><p>Not an item</p>"


def test_indented_line_after_an_item_continues_it():
    assert render_rich_text("- One\n  more of one\n- Two") == (
        "<ul><li>One<br>more of one</li><li>Two</li></ul>"
    )


def test_switching_marker_kind_starts_a_new_list():
    assert render_rich_text("- a\n1. b\n- c") == (
        "<ul><li>a</li></ul><ol><li>b</li></ol><ul><li>c</li></ul>"
    )


def test_blank_line_between_items_starts_a_new_list():
    assert render_rich_text("- a\n\n- b") == "<ul><li>a</li></ul><ul><li>b</li></ul>"


@pytest.mark.parametrize(
    "source",
    ["-not a list", "1.not a list", "*not a list", "-", "1.", "- ", "1. ", "1) not a list", "a. b"],
)
def test_odd_markers_stay_text(source):
    html = render_rich_text(source)
    assert html == f"<p>{source.strip()}</p>"


def test_nested_markers_are_flattened_into_one_list():
    source = "- Parent\n  - Child\n    1. Grandchild"
    html = render_rich_text(source)
    assert html == ("<ul><li>Parent</li><li>Child</li></ul><ol><li>Grandchild</li></ol>")


def test_marker_in_the_middle_of_a_line_is_text():
    assert render_rich_text("Ages 2 - 5 and 1. 2. 3.") == "<p>Ages 2 - 5 and 1. 2. 3.</p>"


def test_bold():
    assert render_rich_text("A **key** point") == "<p>A <strong>key</strong> point</p>"


def test_bold_several_times_on_a_line_and_inside_list_items():
    assert render_rich_text("**a** and **b**") == "<p><strong>a</strong> and <strong>b</strong></p>"
    assert render_rich_text("- **Risk:** drinking\n* **Strength:** Nan") == (
        "<ul><li><strong>Risk:</strong> drinking</li><li><strong>Strength:</strong> Nan</li></ul>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "An **unclosed mark",
        "Two stars ** with spaces **",
        "****",
        "**",
        "Split **across\nlines**",
    ],
)
def test_unclosed_or_loose_bold_marks_stay_literal(source):
    html = render_rich_text(source)
    assert "<strong>" not in html
    assert parse(html).text.replace("\n", "") == source.replace("\n", "")


def test_three_stars_make_one_bold_with_a_literal_star():
    html = render_rich_text("***x***")
    assert "<strong>" in html
    assert parse(html).text == "*x*"


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**<b onclick=x>**",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">click</a>',
    "</p><p onclick=alert(1)>",
    "- <li onmouseover=alert(1)>",
    "1. <style>body{display:none}</style>",
    "<!-- comment --><br/>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "&lt;script&gt; &amp; &#60;",
    "<svg/onload=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_is_printed_literally(source):
    html = render_rich_text(source)
    parsed = assert_only_safe_tags(html)
    # Nothing the person typed became a tag: the visible text is what they typed, less our markers.
    expected = source.removeprefix("- ").removeprefix("1. ").replace("**", "")
    assert parsed.text == expected


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_never_leaves_a_raw_angle_bracket(source):
    html = str(render_rich_text(source))
    for tag in ("script", "img", "a ", "b ", "style", "svg", "iframe", "!--"):
        assert f"<{tag}" not in html


def test_bold_around_a_tag_escapes_the_tag():
    html = render_rich_text("**<b onclick=x>**")
    assert html == "<p><strong>&lt;b onclick=x&gt;</strong></p>"


def test_script_is_escaped():
    assert render_rich_text("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_ampersands_and_quotes_print_literally():
    source = 'Tom & Jerry\'s "flat" &amp; more'
    parsed = assert_only_safe_tags(render_rich_text(source))
    assert parsed.text == source


def test_mixed_hostile_document_only_uses_the_subset():
    source = "\n".join(HOSTILE) + "\n\n- **x**\n1. y\n\n" + "\n\n".join(HOSTILE)
    assert_only_safe_tags(render_rich_text(source))


def test_unicode_survives():
    source = "Łukasz and Siobhán – “quoted” 👶 مرحبا\n\n- Zoë’s **naïve** café"
    html = render_rich_text(source)
    assert html == (
        "<p>Łukasz and Siobhán – “quoted” 👶 مرحبا</p>"
        "<ul><li>Zoë’s <strong>naïve</strong> café</li></ul>"
    )
    assert plain_text(source) == "Łukasz and Siobhán – “quoted” 👶 مرحبا\n\n- Zoë’s naïve café"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["slug"] for s in SCENARIOS])
def test_demo_referrals_render_as_paragraphs(scenario):
    referral = scenario["referral"]
    html = render_rich_text(referral)
    parsed = assert_only_safe_tags(html)
    assert parsed.tags == {"p"}
    assert parsed.paragraphs == referral.split("\n\n")
    assert plain_text(referral) == referral


def test_plain_text_removes_bold_marks():
    assert plain_text("A **key** point") == "A key point"


def test_plain_text_keeps_unclosed_marks():
    assert plain_text("An **unclosed mark") == "An **unclosed mark"


def test_plain_text_keeps_list_markers():
    source = "Objectives:\n* **Risk**\n- Strengths\n\n3. First\n7. Second"
    assert plain_text(source) == "Objectives:\n\n- Risk\n- Strengths\n\n1. First\n2. Second"


def test_plain_text_keeps_paragraphs_and_line_breaks():
    assert plain_text("One\ntwo\n\n\n\nThree  ") == "One\ntwo\n\nThree"


def test_plain_text_continuation_lines_are_indented_under_the_item():
    assert plain_text("1. One\n   more\n2. Two") == "1. One\n   more\n2. Two"


def test_plain_text_does_not_escape():
    assert plain_text("<script> & 'q'") == "<script> & 'q'"
