"""Accessibility of the map editor: axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on every state of
the editor, including what htmx swaps in, reflow at 320 CSS pixels and a visible keyboard focus."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visitor
from tests.browser.test_accessibility import violations
from tests.browser.test_journeys import tab_to
from tests.browser.test_map_editor import (
    CARDS,
    CO_AUTHOR,
    CO_AUTHOR_NAME,
    MAP_SCALE,
    PAIRS,
    TRAINEE,
    add_card,
    announcer,
    card_id,
    card_with,
    other_person,
    scale,
    start_map,
    unique,
)

FOCUS_YELLOW = "rgb(255, 221, 0)"  # GOV.UK focus colour, #ffdd00


def assert_no_violations(page: Page) -> None:
    found = violations(page)
    assert not found, "axe found:\n" + "\n".join(found)


def write_pair(page: Page, visitor: Visitor, map_id: int, pair: dict) -> None:
    visitor.goto(f"/maps/{map_id}/pairs/new")
    for label, answer in {**pair["statement"], **pair["goal"]}.items():
        page.get_by_label(label, exact=True).fill(answer)
    page.get_by_role("button", name="Save pair").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")


def add_rating(page: Page, scale_name: str, perspective: str, score: int, name: str = "") -> None:
    section = scale(page, scale_name)
    section.locator("summary").filter(has_text="Add a rating").click()
    section.get_by_label("Whose view is this?").select_option(label=perspective)
    if name:
        section.get_by_label("Their name or role (optional)").fill(name)
    section.get_by_label(str(score), exact=True).check()
    section.get_by_role("button", name="Add rating").click()
    who = f"{name} ({perspective.lower()})" if name else perspective
    row = scale(page, scale_name).locator("table.app-ratings tbody tr").filter(has_text=who)
    expect(row.locator("td").nth(1)).to_have_text(str(score))


@pytest.fixture(scope="module")
def full_map(browser, live_server) -> int:
    """One map with something everywhere: a card in every category, two pairs, ratings from
    three people (so the charts are drawn), the child's name, and a deleted card in the history.
    Only read by the tests below."""
    context, trainee = other_person(browser, live_server, TRAINEE)
    try:
        page = trainee.page
        map_id = start_map(page, trainee, unique("Full map"), co_authors=(CO_AUTHOR_NAME,))
        for category, text in CARDS.items():
            add_card(page, category, text)
        add_card(page, "harm", "Kai told nursery staff that Lee shouted and threw a cup.")
        doomed = add_card(page, "next_step", "Ring the GP about Kai's bruise.")
        page.locator(f"#card-{doomed}").get_by_role("button", name="Delete").click()
        expect(page.get_by_role("button", name="Undo delete")).to_be_visible()
        page.locator("#three-houses-child summary").click()
        page.get_by_label("Child's first name (fictional)").fill("Kai")
        page.get_by_label("Age", exact=True).fill("2")
        page.locator("#three-houses-child").get_by_role("button", name="Save").click()
        expect(page.locator("#three-houses-child")).to_contain_text("Kai, aged 2")
        for pair in PAIRS:
            write_pair(page, trainee, map_id, pair)
        add_rating(page, MAP_SCALE, "Worker", 4)
        add_rating(page, MAP_SCALE, "Parent or carer", 7, name="Shannon")
        add_rating(page, MAP_SCALE, "Child", 5, name="Kai")
        add_rating(page, MAP_SCALE, "Worker", 5)  # a second rating: the chart draws a line
        add_rating(page, "Scale for pair 1", "Worker", 3)
        add_rating(page, "Scale for pair 2", "Parent or carer", 8, name="Shannon")
        return map_id
    finally:
        context.close()


def open_as_trainee(visitor: Visitor, path: str) -> None:
    visitor.sign_in(TRAINEE)
    visitor.goto(path)


@pytest.mark.parametrize(
    "path",
    ["/maps/{id}", "/maps/{id}/history", "/maps/{id}/settings", "/maps/{id}/pairs/new"],
    ids=["full-map", "history", "settings", "pair-builder"],
)
def test_full_map_pages_have_no_violations(visitor, page, console_errors, full_map, path):
    open_as_trainee(visitor, path.format(id=full_map))
    if path.endswith("/maps/{id}"):
        expect(page.locator("svg.scale-chart polyline").first).to_be_attached()
        expect(page.locator("article.app-pair")).to_have_count(2)
    assert_no_violations(page)
    assert console_errors == []


def test_pair_builder_with_hints_has_no_violations(visitor, page, console_errors, full_map):
    open_as_trainee(visitor, f"/maps/{full_map}/pairs/new")
    page.get_by_label("Who is worried?").fill("We")
    page.get_by_label("About what behaviour or event?").fill("there is neglect and chaos")
    page.get_by_label("For how long?").press_sequentially("a bit")
    preview = page.locator("#pair-preview")
    expect(preview).to_contain_text("We are worried that there is neglect and chaos.")
    expect(preview.locator(".app-hint").first).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_new_map_page_has_no_violations(visitor, page, console_errors):
    open_as_trainee(visitor, "/maps/new")
    assert_no_violations(page)
    assert console_errors == []


def test_empty_map_has_no_violations(visitor, page, console_errors):
    visitor.sign_in(TRAINEE)
    start_map(page, visitor, unique("Empty map"))
    page.reload()
    assert_no_violations(page)
    assert console_errors == []


def test_edit_form_inside_a_card_has_no_violations(visitor, page, console_errors, full_map):
    open_as_trainee(visitor, f"/maps/{full_map}")
    card = card_id(page, CARDS["existing_strength"])
    page.locator(f"#card-{card}-edit").click()
    expect(page.locator(f"#card-{card}-text")).to_be_focused()
    assert_no_violations(page)
    assert console_errors == []


def test_card_page_without_htmx_has_no_violations(visitor, page, console_errors, full_map):
    """The Edit link's own page, which is what a browser without JavaScript gets."""
    open_as_trainee(visitor, f"/maps/{full_map}")
    card = card_id(page, CARDS["existing_strength"])
    visitor.goto(f"/maps/{full_map}/cards/{card}/edit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit card")
    assert_no_violations(page)
    assert console_errors == []


def test_conflict_view_has_no_violations(visitor, page, browser, live_server, console_errors):
    visitor.sign_in(TRAINEE)
    map_id = start_map(page, visitor, unique("Conflict a11y"), co_authors=(CO_AUTHOR_NAME,))
    card = add_card(page, "harm", "Kai was seen at nursery with a bruise.")
    page.reload()
    page.locator(f"#card-{card}-edit").click()

    context, co_author = other_person(browser, live_server, CO_AUTHOR)
    try:
        co_author.goto(f"/maps/{map_id}")
        co_author.page.locator(f"#card-{card}-edit").click()
        co_author.page.locator(f"#card-{card}-text").fill("The co-author's words.")
        co_author.page.get_by_role("button", name="Save card").click()
        expect(co_author.page.locator(f"#card-{card}-edit")).to_be_visible()
    finally:
        context.close()

    page.locator(f"#card-{card}-text").fill("The trainee's words.")
    page.get_by_role("button", name="Save card").click()
    expect(page.get_by_role("heading", name="Someone else changed this card")).to_be_focused()
    assert_no_violations(page)


def test_rating_form_with_errors_has_no_violations(visitor, page, full_map):
    open_as_trainee(visitor, f"/maps/{full_map}")
    section = scale(page, MAP_SCALE)
    section.locator("summary").filter(has_text="Add a rating").click()
    section.get_by_role("button", name="Add rating").click()
    summary = section.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a score from 0 to 10")
    expect(summary.get_by_text("The rating was not saved")).to_be_focused()
    expect(section.locator(".govuk-error-message")).to_contain_text("Choose a score from 0 to 10")
    assert_no_violations(page)


def test_map_changed_with_htmx_has_no_violations(visitor, page, console_errors):
    """Cards added, moved, deleted and restored without a reload: what htmx swaps in must be as
    accessible as the page the server first sent."""
    visitor.sign_in(TRAINEE)
    start_map(page, visitor, unique("Swapped map"))
    first = add_card(page, "harm", CARDS["harm"])
    add_card(page, "harm", "Kai told nursery staff that Lee shouted and threw a cup.")
    add_card(page, "house_of_dreams", CARDS["house_of_dreams"])
    page.locator(f"#card-{first}-down").click()
    expect(announcer(page)).to_have_text("Moved to Harm, position 2 of 2.")
    page.locator(f"#card-{first}").get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Undo delete").click()
    expect(announcer(page)).to_have_text("Card restored to Harm.")
    assert_no_violations(page)
    assert console_errors == []


def test_full_map_reflows_at_320_css_pixels(visitor, page, full_map):
    """WCAG 1.4.10: nothing on the map needs sideways scrolling at 400% zoom."""
    page.set_viewport_size({"width": 320, "height": 640})
    open_as_trainee(visitor, f"/maps/{full_map}")
    expect(page.locator("article.app-pair")).to_have_count(2)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
          .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
          .filter(el => !el.closest('.govuk-visually-hidden, .app-table-wrapper'))
          .slice(0, 5)
          .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)"""
    )
    assert overflow <= 0, f"the map scrolls sideways by {overflow}px; too wide: {wide}"


def test_keyboard_focus_on_a_card_is_visible(visitor, page, full_map):
    open_as_trainee(visitor, f"/maps/{full_map}")
    card = card_with(page, CARDS["harm"])
    expect(card).to_be_visible()
    tab_to(page, "/^card-\\d+-edit$/.test(el.id)", limit=120)
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            id: el.id,
            outlineStyle: style.outlineStyle,
            outlineColor: style.outlineColor,
            boxShadow: style.boxShadow,
            background: style.backgroundColor,
          };
        }"""
    )
    visible_outline = focused["outlineStyle"] != "none" and focused["outlineColor"] not in (
        "transparent",
        "rgba(0, 0, 0, 0)",
    )
    assert (
        focused["background"] == FOCUS_YELLOW or focused["boxShadow"] != "none" or visible_outline
    ), f"no visible focus indicator on {focused}"
    visitor.screenshot("map-editor-focus-on-edit")
