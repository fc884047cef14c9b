"""The exercise library in a real browser: a practice champion writes a template, builds its
reference map, publishes it to a cohort and sets it as an exercise; a trainee finds it, starts a
map from it and submits; a supervisor shows the reference map to the cohort and the trainee
compares. Also a template exported as a file and imported again, and a broken file refused.

The live server's database is shared by every browser test, so each template has a unique title
and nothing outside the test's own objects is counted."""

import json
import re
from datetime import date, timedelta

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Visitor
from tests.browser.test_map_accessibility import add_rating
from tests.browser.test_map_editor import (
    MAP_SCALE,
    SUPERVISOR,
    TRAINEE,
    add_card,
    card_texts,
    map_id_of,
    other_person,
    unique,
)

CHAMPION = "champion@example.org"
COHORT = "ASYE cohort 6 — January"

REFERRAL = (
    "The school rang on a Tuesday: **Jade, 11, was locked in her bedroom overnight**.\n"
    "\n"
    "What the school has seen:\n"
    "- Jade arrives hungry most mornings\n"
    "- her PE kit has not been washed for weeks"
)
FAMILY = "Jade Lark, 11, Child\nDanielle Lark, 34, Mother\nMaureen Lark, 67, Grandmother"
CHRONOLOGY = (
    "3/2/2026: The school rang children's services.\n"
    "10/2/2026: The social worker visited the family at home."
)
HARM_PROMPT = "What has already happened to Jade, and what did it do to her?"
EXAMPLE_STRENGTH = "Jade's nan collects her from school every Friday."
REFERENCE_HARM = "Jade was locked in her bedroom overnight and missed her tea."
TRAINEE_HARM = "Jade spent a whole night shut in her room without food."


# Helpers -----------------------------------------------------------------------------------


def watch_console(page: Page) -> list[str]:
    """The conftest `console_errors` fixture, for a page of another browser context."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    return errors


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner")


def template_id_of(page: Page) -> int:
    match = re.search(r"/library/(\d+)$", page.url)
    assert match, f"not on a template page: {page.url}"
    return int(match.group(1))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def write_template(page: Page, visitor: Visitor, title: str, *, themes: str = "") -> int:
    """Write a template through "Write a template"; returns its id (a private draft)."""
    visitor.goto("/library/")
    page.get_by_role("link", name="Write a template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a template")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Child protection: danger statements and safety goals").check()
    page.get_by_label("Summary", exact=True).fill(
        "Jade, 11, is found locked in her bedroom; her nan helps on Fridays."
    )
    page.get_by_label("Referral", exact=True).fill(REFERRAL)
    page.get_by_label("Family members", exact=True).fill(FAMILY)
    page.get_by_label("Chronology", exact=True).fill(CHRONOLOGY)
    if themes:
        page.get_by_label("Themes", exact=True).fill(themes)
    page.get_by_label("Suggested time in minutes (optional)").fill("45")
    page.get_by_label("Prompt for harm").fill(HARM_PROMPT)
    page.get_by_label("Example cards: Existing strengths").fill(EXAMPLE_STRENGTH)
    page.get_by_role("button", name="Save draft").click()
    expect(banner(page)).to_contain_text("Your template has been saved as a private draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return template_id_of(page)


def build_reference_map(page: Page, visitor: Visitor, template_id: int, title: str) -> int:
    """From the template page: build the reference map, with a harm card and a map rating."""
    visitor.goto(f"/library/{template_id}")
    page.get_by_role("button", name="Build the reference map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reference map: {title}")
    map_id = map_id_of(page)
    add_card(page, "harm", REFERENCE_HARM)
    add_rating(page, MAP_SCALE, "Worker", 3)
    return map_id


def publish_to_cohort(page: Page, visitor: Visitor, template_id: int) -> None:
    visitor.goto(f"/library/{template_id}")
    form = page.locator("form[action$='/publish']")
    form.get_by_label("Chosen cohorts").check()
    form.get_by_label(COHORT, exact=True).check()
    form.get_by_role("button", name="Publish").click()
    expect(banner(page)).to_contain_text("Version 1 is published.")
    expect(page.locator(".govuk-caption-l .govuk-tag--green")).to_have_text("Version 1")


def set_as_exercise(page: Page, visitor: Visitor, template_id: int, due: date) -> None:
    visitor.goto(f"/library/{template_id}")
    form = page.locator("form[action$='/assign']")
    form.get_by_label("Cohort").select_option(label=COHORT)
    form.get_by_label("Day").fill(str(due.day))
    form.get_by_label("Month").fill(str(due.month))
    form.get_by_label("Year").fill(str(due.year))
    form.get_by_role("button", name="Set as an exercise").click()
    expect(banner(page)).to_contain_text(f"Set as an exercise for {COHORT}.")
    expect(page.get_by_text(f"Set for {COHORT}, due {long_date(due)}")).to_be_visible()


def reveal_to_cohort(page: Page, visitor: Visitor, template_id: int) -> None:
    visitor.goto(f"/library/{template_id}")
    page.get_by_label("Show the reference map to").select_option(label=COHORT)
    page.get_by_role("button", name="Show the reference map").click()
    expect(banner(page)).to_contain_text(
        f"{COHORT} can now compare their maps with the reference map."
    )
    expect(page.get_by_text(f"Shown to: {COHORT}")).to_be_visible()


def exercise_item(page: Page, title: str) -> Locator:
    """The trainee's home page entry for one exercise."""
    exercises = page.get_by_role("heading", name="My exercises").locator(
        "xpath=following-sibling::ul[1]"
    )
    return exercises.locator("li").filter(has=page.get_by_role("link", name=title, exact=True))


# Journeys ----------------------------------------------------------------------------------


def test_champion_publishes_and_trainee_starts_from_it(
    visitor, page, console_errors, browser, live_server
):
    title = unique("Jade and the locked bedroom")
    word = title.rsplit(" ", 1)[1]  # the unique part, to search for
    due = date.today() + timedelta(days=21)

    # The champion writes the template: a private draft, formatted as written.
    visitor.sign_in(CHAMPION)
    template_id = write_template(page, visitor, title, themes="neglect, school")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft version 1")
    referral = page.locator(".app-rich-text").filter(has_text="The school rang")
    expect(referral.locator("strong")).to_have_text("Jade, 11, was locked in her bedroom overnight")
    expect(referral.locator("ul > li")).to_have_text(
        ["Jade arrives hungry most mornings", "her PE kit has not been washed for weeks"]
    )
    expect(referral).not_to_contain_text("**")
    expect(page.get_by_text("Jade Lark (11), child")).to_be_visible()
    expect(page.get_by_text("3 February 2026")).to_be_visible()
    expect(page.get_by_text(HARM_PROMPT)).to_be_visible()
    expect(page.get_by_text(f"Existing strengths: {EXAMPLE_STRENGTH}")).to_be_visible()

    # …builds the reference map in the map editor…
    build_reference_map(page, visitor, template_id, title)

    # …then publishes to the cohort and sets it as an exercise with a due date.
    visitor.goto(f"/library/{template_id}")
    expect(page.get_by_role("button", name="Open the reference map")).to_be_visible()
    publish_to_cohort(page, visitor, template_id)
    expect(page.get_by_text(REFERENCE_HARM)).to_be_visible()  # copied in when published
    set_as_exercise(page, visitor, template_id, due)
    assert console_errors == []

    # The trainee, in a browser of their own.
    trainee_context, trainee = other_person(browser, live_server, TRAINEE)
    try:
        mine = trainee.page
        trainee_errors = watch_console(mine)
        trainee.goto("/")
        item = exercise_item(mine, title)
        expect(item).to_have_count(1)
        expect(item.locator(".govuk-tag")).to_have_text("Not started")
        expect(item).to_contain_text(f"due {long_date(due)}")

        # The library's search finds it by one word of its title.
        trainee.goto("/library/")
        mine.get_by_role("searchbox", name="Search").fill(word)
        mine.get_by_role("button", name="Apply").click()
        expect(mine).to_have_url(re.compile(rf"/library/\?q={word}"))
        expect(mine.get_by_role("heading", name="1 template", exact=True)).to_be_visible()
        mine.get_by_role("link", name=title, exact=True).click()
        expect(mine.get_by_role("heading", level=1)).to_have_text(title)
        expect(mine.get_by_text("The reference map stays hidden")).to_be_visible()
        expect(mine.locator("main")).not_to_contain_text(REFERENCE_HARM)

        # Start a map: the prompt, the example card and the scenario come with it.
        mine.get_by_role("button", name="Start a map from this").click()
        expect(mine).to_have_url(re.compile(r"/maps/\d+$"))
        map_id = map_id_of(mine)
        expect(mine.get_by_role("heading", level=1)).to_have_text(title)
        harm = mine.locator("section.app-section").filter(has=mine.locator("#cards-harm"))
        expect(harm.locator(".app-prompt")).to_have_text(f"Prompt: {HARM_PROMPT}")
        expect(card_texts(mine, "existing_strength")).to_have_text([EXAMPLE_STRENGTH])
        panel = mine.locator("aside.app-scenario-panel")
        expect(panel.locator("summary")).to_have_text(f"Case scenario: {title}")
        expect(panel).to_contain_text("Jade Lark (11), child")
        expect(mine.get_by_role("link", name="Compare with the reference map")).to_have_count(0)

        add_card(mine, "harm", TRAINEE_HARM)
        trainee.goto("/")
        expect(exercise_item(mine, title).locator(".govuk-tag")).to_have_text("In progress")
        trainee.goto(f"/maps/{map_id}")
        mine.get_by_role("button", name="Submit for review").click()
        expect(banner(mine)).to_contain_text("Your map has been submitted for review.")
        trainee.goto("/")
        expect(exercise_item(mine, title).locator(".govuk-tag")).to_have_text("Submitted")

        # The supervisor shows the reference map to the cohort.
        supervisor_context, supervisor = other_person(browser, live_server, SUPERVISOR)
        try:
            supervisor_errors = watch_console(supervisor.page)
            reveal_to_cohort(supervisor.page, supervisor, template_id)
            assert supervisor_errors == []
        finally:
            supervisor_context.close()

        # The trainee can now compare.
        trainee.goto(f"/maps/{map_id}")
        mine.reload()
        compare = mine.get_by_role("link", name="Compare with the reference map")
        expect(compare).to_be_visible()
        compare.click()
        expect(mine).to_have_url(re.compile(rf"/maps/{map_id}/compare$"))
        expect(mine.get_by_role("heading", level=1)).to_have_text(
            "Your map beside the reference map"
        )
        harm_compare = mine.locator("section.app-panel").filter(has=mine.locator("#compare-harm"))
        expect(harm_compare.locator("div > div").first).to_contain_text(TRAINEE_HARM)
        expect(harm_compare.locator("div > div").nth(1)).to_contain_text(REFERENCE_HARM)
        strengths = mine.locator("section.app-panel").filter(
            has=mine.locator("#compare-existing_strength")
        )
        expect(strengths).to_contain_text(EXAMPLE_STRENGTH)
        expect(mine.get_by_text("Reference score:")).to_contain_text("3")
        trainee.screenshot("library-journey-compare")

        # The trainee's library page now shows the reference map too.
        trainee.goto(f"/library/{template_id}")
        expect(mine.locator("main")).to_contain_text(REFERENCE_HARM)
        assert trainee_errors == []

        # The scenario beside the map shows the referral as the template page does: the bold
        # words and the list, not the marks typed to make them.
        trainee.goto(f"/maps/{map_id}")
        panel_text = mine.locator(".app-scenario-panel__text")
        expect(panel_text).to_contain_text("Jade arrives hungry most mornings")
        bold = panel_text.locator("strong").filter(has_text="Jade, 11, was locked in her bedroom")
        expect(bold).to_have_count(1)
        expect(panel_text.locator("li").filter(has_text="Jade arrives hungry")).to_have_count(1)
        expect(panel_text).not_to_contain_text("**")
    finally:
        trainee_context.close()


def test_import_an_exported_template(visitor, page, console_errors, tmp_path):
    title = unique("Exported exercise")
    visitor.sign_in(CHAMPION)
    original = write_template(page, visitor, title)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a file for another council").click()
    download = download_info.value
    assert download.suggested_filename.startswith("template-exported-exercise-")
    assert download.suggested_filename.endswith(".json")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["format"] == "practice-mapper-template"
    assert document["template"]["title"] == title

    visitor.goto("/library/")
    page.get_by_role("link", name="Import a template file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a template file")
    page.get_by_label("Template file").set_input_files(exported)
    page.get_by_role("button", name="Import as a draft").click()
    expect(banner(page)).to_contain_text("The template has been imported as a private draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft version 1")
    imported = template_id_of(page)
    assert imported != original
    expect(page.get_by_text(HARM_PROMPT)).to_be_visible()
    expect(page.get_by_text(f"Existing strengths: {EXAMPLE_STRENGTH}")).to_be_visible()

    # A file that is not a template: refused, with each problem by its field path.
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "nope"}')
    visitor.goto("/library/import")
    page.get_by_label("Template file").set_input_files(broken)
    page.get_by_role("button", name="Import as a draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="The file was not imported")).to_be_visible()
    problems = summary.locator(".govuk-error-summary__list li")
    expect(problems.filter(has_text=re.compile(r"^format: must be"))).to_have_count(1)
    expect(problems.filter(has_text=re.compile(r"^schema_version: is required"))).to_have_count(1)
    expect(problems.filter(has_text=re.compile(r"^template: is required"))).to_have_count(1)
    visitor.screenshot("library-import-problems")
    assert console_errors == []


def test_trainee_sees_the_published_title_while_a_new_version_is_drafted(
    visitor, page, console_errors, browser, live_server
):
    """Editing a published template starts a private draft: trainees keep seeing the version
    published to them, on the home page as in the library."""
    title = unique("Published title")
    draft_title = unique("Unpublished draft title")
    visitor.sign_in(CHAMPION)
    template_id = write_template(page, visitor, title)
    publish_to_cohort(page, visitor, template_id)
    set_as_exercise(page, visitor, template_id, date.today() + timedelta(days=7))
    page.get_by_role("link", name="Edit the template").click()
    page.get_by_label("Title", exact=True).fill(draft_title)
    page.get_by_role("button", name="Save draft").click()
    expect(banner(page)).to_contain_text("Draft version 2 saved.")
    assert console_errors == []

    context, trainee = other_person(browser, live_server, TRAINEE)
    try:
        trainee.goto(f"/library/{template_id}")
        expect(trainee.page.get_by_role("heading", level=1)).to_have_text(title)
        trainee.goto("/")
        expect(exercise_item(trainee.page, title)).to_have_count(1)
        expect(trainee.page.locator("main")).not_to_contain_text(draft_title)
    finally:
        context.close()
