"""Accessibility of the exercise library: axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on the
library, the template form, a template's page for a champion and for a trainee, the import page,
the comparison with a reference map and the trainee's exercises, with and without errors; and
reflow at 320 CSS pixels."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visitor
from tests.browser.test_library_journey import (
    CHAMPION,
    COHORT,
    EXAMPLE_STRENGTH,
    REFERENCE_HARM,
    banner,
    build_reference_map,
    exercise_item,
    publish_to_cohort,
    reveal_to_cohort,
    set_as_exercise,
    write_template,
)
from tests.browser.test_map_accessibility import assert_no_violations, write_pair
from tests.browser.test_map_editor import (
    PAIRS,
    TRAINEE,
    add_card,
    map_id_of,
    other_person,
    unique,
)

REFERENCE_SAFETY = "Jade's nan collects her from school every Friday."  # = the example card
REFERENCE_NEXT_STEP = "The social worker will see Jade on her own at school on Thursday."


@dataclass
class Library:
    title: str
    word: str  # the unique word of the title, to search for
    template_id: int  # published to the cohort, an exercise, reference map revealed
    draft_id: int  # a private draft, never published
    edited_id: int  # version 1 published to the cohort, version 2 a draft
    map_id: int  # the trainee's map started from the template


@pytest.fixture(scope="module")
def library(browser, live_server) -> Library:
    """A published template with a full reference map (cards, a pair, scores), set as an
    exercise for the cohort and its reference revealed; a draft template; and the trainee's map
    started from the first, with cards that match, miss and misplace the reference ones."""
    title = unique("Accessible exercise")
    context, champion = other_person(browser, live_server, CHAMPION)
    try:
        page = champion.page
        template_id = write_template(page, champion, title, themes="neglect, school")
        reference = build_reference_map(page, champion, template_id, title)
        add_card(page, "existing_safety", REFERENCE_SAFETY)
        add_card(page, "next_step", REFERENCE_NEXT_STEP)
        write_pair(page, champion, reference, PAIRS[0])
        publish_to_cohort(page, champion, template_id)
        set_as_exercise(page, champion, template_id, date.today() + timedelta(days=14))
        reveal_to_cohort(page, champion, template_id)
        draft_id = write_template(page, champion, unique("Accessible draft"))
        edited_id = write_template(page, champion, unique("Accessible second version"))
        publish_to_cohort(page, champion, edited_id)
        page.get_by_role("link", name="Edit the template").click()
        page.get_by_label("Summary", exact=True).fill("The second version's summary.")
        page.get_by_role("button", name="Save draft").click()
        expect(banner(page)).to_contain_text("Draft version 2 saved.")
    finally:
        context.close()

    context, trainee = other_person(browser, live_server, TRAINEE)
    try:
        page = trainee.page
        trainee.goto(f"/library/{template_id}")
        page.get_by_role("button", name="Start a map from this").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        map_id = map_id_of(page)
        add_card(page, "harm", REFERENCE_HARM)  # matches the reference
        add_card(page, "complicating_factor", "Danielle works nights at the care home.")
        expect(page.get_by_role("link", name="Compare with the reference map")).to_be_visible()
    finally:
        context.close()
    return Library(title, title.rsplit(" ", 1)[1], template_id, draft_id, edited_id, map_id)


def sign_in_and_open(visitor: Visitor, email: str, path: str) -> None:
    visitor.sign_in(email)
    visitor.goto(path)


def assert_errors_summarised(page: Page, message: str, form: str) -> None:
    """As on every other form: "Error: " starts the page title, and an error summary at the top
    of the page, focused when the page loads, links to the field with the problem."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=message)
    expect(link).to_have_count(1)
    target = link.get_attribute("href")
    assert target, "the summary link has no target"
    assert target.startswith("#"), f"the summary links to {target!r}"
    expect(page.locator(f"{form} {target}")).to_have_count(1)
    expect(page).to_have_title(re.compile(r"^Error: "))


def assert_reflows(page: Page, path: str) -> None:
    """WCAG 1.4.10: nothing needs sideways scrolling at 320 CSS pixels (400% zoom)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
          .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
          .filter(el => !el.closest('.govuk-visually-hidden, .app-table-wrapper'))
          .slice(0, 5)
          .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)"""
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px; too wide: {wide}"


# The library -------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [CHAMPION, TRAINEE], ids=["champion", "trainee"])
def test_library_with_filters_has_no_violations(visitor, page, console_errors, library, email):
    query = (
        f"?q={library.word}&vocabulary=child_protection&theme=neglect&duration=medium"
        "&sort=most-used&archived=1"
    )
    sign_in_and_open(visitor, email, f"/library/{query}")
    expect(page.get_by_role("link", name=library.title, exact=True)).to_be_visible()
    expect(page.get_by_label("Kind of case")).to_have_value("child_protection")
    expect(page.get_by_label("Theme")).to_have_value("neglect")
    assert_no_violations(page)
    assert console_errors == []


def test_library_with_no_matches_has_no_violations(visitor, page, console_errors, library):
    sign_in_and_open(visitor, TRAINEE, f"/library/?q=zz{library.word}zz")
    expect(page.get_by_text("No templates match.")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


# Writing a template ------------------------------------------------------------------------


def test_new_template_form_has_no_violations(visitor, page, console_errors):
    sign_in_and_open(visitor, CHAMPION, "/library/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a template")
    assert_no_violations(page)
    assert console_errors == []


def test_new_template_form_with_errors_has_no_violations(visitor, page, console_errors):
    sign_in_and_open(visitor, CHAMPION, "/library/new")
    page.get_by_label("Summary", exact=True).fill("")
    page.get_by_label("Suggested time in minutes (optional)").fill("2")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title")
    expect(summary).to_contain_text("Enter a summary")
    expect(summary).to_contain_text("Enter a number of minutes from 5 to 480")
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    assert_no_violations(page)

    # The lines are read once the fields above are right: their errors are listed the same way.
    page.get_by_label("Title", exact=True).fill(unique("Lines with errors"))
    page.get_by_label("Summary", exact=True).fill("A template with badly typed lines.")
    page.get_by_label("Suggested time in minutes (optional)").fill("45")
    page.get_by_label("Family members", exact=True).fill("Jade Lark")
    page.get_by_label("Chronology", exact=True).fill("yesterday: the school rang")
    page.get_by_role("button", name="Save draft").click()
    expect(summary).to_contain_text("Line 1: write name, age, relation")
    expect(summary).to_contain_text("Line 1: start with a date such as 3/2/2026, then a colon")
    expect(page.locator("#family_members-error")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


# A template's page -------------------------------------------------------------------------


def test_draft_template_as_champion_has_no_violations(visitor, page, console_errors, library):
    """The publish form (a draft), Manage, Versions, Archive and Delete."""
    sign_in_and_open(visitor, CHAMPION, f"/library/{library.draft_id}")
    expect(page.locator("form[action$='/publish']")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_publish_with_errors_is_accessible(visitor, page, console_errors, library):
    sign_in_and_open(visitor, CHAMPION, f"/library/{library.draft_id}")
    form = page.locator("form[action$='/publish']")
    form.get_by_label("Chosen cohorts").check()
    form.get_by_role("button", name="Publish").click()
    message = "Choose at least one cohort, or publish to the whole organisation"
    expect(page.locator(".govuk-error-message")).to_contain_text(message)
    assert_no_violations(page)
    assert console_errors == []
    assert_errors_summarised(page, message, "form[action$='/publish']")


def test_published_template_as_champion_has_no_violations(visitor, page, console_errors, library):
    """The start, assign and reveal forms, the exercise list and the reference map shown."""
    sign_in_and_open(visitor, CHAMPION, f"/library/{library.template_id}")
    expect(page.locator("form[action$='/start']")).to_be_visible()
    expect(page.locator("form[action$='/assign']")).to_be_visible()
    expect(page.get_by_label("Show the reference map to")).to_be_visible()
    expect(page.get_by_text(f"Shown to: {COHORT}")).to_be_visible()
    expect(page.get_by_role("heading", name="Pair 1", exact=False)).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_second_version_as_champion_offers_every_form(visitor, page, console_errors, library):
    """Version 1 is published to the cohort and version 2 is being written: the champion can
    publish version 2, and meanwhile set version 1 as an exercise and show its reference map
    (as the cohort's supervisor still can)."""
    sign_in_and_open(visitor, CHAMPION, f"/library/{library.edited_id}")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft version 2")
    expect(page.locator("form[action$='/publish']")).to_be_visible()
    expect(page.locator("form[action$='/assign']")).to_be_visible()
    expect(page.get_by_label("Show the reference map to")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_assign_with_errors_is_accessible(visitor, page, console_errors, library):
    sign_in_and_open(visitor, CHAMPION, f"/library/{library.template_id}")
    form = page.locator("form[action$='/assign']")
    form.get_by_label("Cohort").select_option(label=COHORT)
    form.get_by_label("Day").fill("31")
    form.get_by_label("Month").fill("2")
    form.get_by_label("Year").fill("2027")
    form.get_by_role("button", name="Set as an exercise").click()
    error = page.locator("form[action$='/assign'] .govuk-error-message")
    expect(error).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []
    message = error.inner_text().removeprefix("Error:").strip()
    assert_errors_summarised(page, message, "form[action$='/assign']")


def test_template_as_trainee_has_no_violations(visitor, page, console_errors, library):
    """The start form with co-authors from the cohort."""
    sign_in_and_open(visitor, TRAINEE, f"/library/{library.template_id}")
    start = page.locator("form[action$='/start']")
    expect(start.get_by_role("button", name="Start a map from this")).to_be_visible()
    expect(start.locator("input[type=checkbox]").first).to_be_visible()
    expect(page.locator("form[action$='/assign']")).to_have_count(0)
    assert_no_violations(page)
    assert console_errors == []


# Importing ---------------------------------------------------------------------------------


def test_import_page_has_no_violations(visitor, page, console_errors):
    sign_in_and_open(visitor, CHAMPION, "/library/import")
    expect(page.get_by_label("Template file")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_import_without_a_file_has_no_violations(visitor, page, console_errors):
    sign_in_and_open(visitor, CHAMPION, "/library/import")
    page.get_by_role("button", name="Import as a draft").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Choose a template file")
    assert_no_violations(page)
    assert console_errors == []


def test_import_problems_are_accessible(visitor, page, console_errors, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "nope", "template": {"title": "", "vocabulary": "x"}}')
    sign_in_and_open(visitor, CHAMPION, "/library/import")
    page.get_by_label("Template file").set_input_files(broken)
    page.get_by_role("button", name="Import as a draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file was not imported")
    expect(summary.locator(".govuk-error-summary__list li").first).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))


# Comparing and exercises -------------------------------------------------------------------


def test_compare_page_has_no_violations(visitor, page, console_errors, library):
    sign_in_and_open(visitor, TRAINEE, f"/maps/{library.map_id}/compare")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your map beside the reference map")
    for tag in ["Also in the reference", "Only on yours", "Not on yours"]:
        expect(page.get_by_text(tag).first).to_be_visible()
    expect(page.get_by_text("You put this in Existing strengths")).to_be_visible()
    expect(page.get_by_role("heading", name="Pair 1")).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


def test_trainee_home_with_an_exercise_has_no_violations(visitor, page, console_errors, library):
    sign_in_and_open(visitor, TRAINEE, "/")
    expect(exercise_item(page, library.title).locator(".govuk-tag")).to_have_text("In progress")
    assert_no_violations(page)
    assert console_errors == []


def test_map_from_a_template_has_no_violations(visitor, page, console_errors, library):
    """The map with the template's prompts, example card and scenario panel."""
    sign_in_and_open(visitor, TRAINEE, f"/maps/{library.map_id}")
    expect(page.locator(".app-prompt").first).to_be_visible()
    expect(page.get_by_text(EXAMPLE_STRENGTH).first).to_be_visible()
    assert_no_violations(page)
    assert console_errors == []


# Reflow ------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [CHAMPION, TRAINEE], ids=["champion", "trainee"])
def test_library_reflows_at_320_css_pixels(visitor, page, library, email):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_and_open(visitor, email, f"/library/?q={library.word}")
    expect(page.get_by_role("link", name=library.title, exact=True)).to_be_visible()
    assert_reflows(page, "/library/")
    visitor.goto(f"/library/{library.template_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(library.title)
    assert_reflows(page, f"/library/{library.template_id}")


def test_compare_page_reflows_at_320_css_pixels(visitor, page, library):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_and_open(visitor, TRAINEE, f"/maps/{library.map_id}/compare")
    expect(page.get_by_role("heading", name="Pair 1")).to_be_visible()
    assert_reflows(page, f"/maps/{library.map_id}/compare")
    visitor.screenshot("library-compare-320px")
