"""Group supervision in real browsers: three people scale independently from three browser
contexts, nobody sees a number before the reveal, and a card added live reaches the projector."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visitor
from tests.browser.test_accessibility import violations

# Polling is every 3 s: allow a few polls before calling it broken.
LIVE = 10_000


@pytest.fixture
def people(browser, live_server):
    """Three separate browsers, as three people in the room with their own laptops."""
    contexts, visitors, errors = [], {}, {}
    for email in ("supervisor@example.org", "trainee@example.org", "tom.adebayo@example.org"):
        context = browser.new_context()
        page = context.new_page()
        seen: list[str] = []
        page.on("pageerror", lambda error, seen=seen: seen.append(str(error)))
        page.on(
            "console",
            lambda message, seen=seen: (
                message.type == "error"
                and not message.text.startswith("Failed to load resource")
                and seen.append(message.text)
            ),
        )
        visitor = Visitor(page, live_server)
        visitor.sign_in(email)
        contexts.append(context)
        visitors[email.split("@")[0]] = visitor
        errors[email.split("@")[0]] = seen
    yield visitors, errors
    for context in contexts:
        context.close()


def plan_session(helen: Visitor, title: str) -> str:
    """Helen plans a session, chooses the people and Ffion's submitted map, and starts it."""
    page = helen.page
    helen.goto("/sessions/new")
    page.get_by_label("Title of the session").fill(title)
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("The presenter's question (optional)").fill("Is Kai safe at night?")
    page.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People and maps")
    page.get_by_label("Priya Raman (trainee)").check()
    page.get_by_label("Tom Adebayo (trainee)").check()
    page.get_by_label("Presenter", exact=True).select_option(label="Ffion Hughes")
    page.get_by_label("Maisie and Kai: Ffion's map (Ffion Hughes)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_text("Under way").first).to_be_visible()
    return page.url


def open_session(visitor: Visitor, title: str) -> None:
    visitor.goto("/sessions/")
    visitor.page.get_by_role("link", name=title).click()


def test_three_people_scale_independently_before_the_reveal(people):
    visitors, errors = people
    helen, priya, tom = visitors["supervisor"], visitors["trainee"], visitors["tom.adebayo"]
    title = f"Scaling journey {uuid.uuid4().hex[:6]}"
    plan_session(helen, title)
    helen.page.get_by_label("Scale to score").select_option(index=0)
    helen.page.get_by_role("button", name="Open a scaling round").click()
    expect(helen.page.get_by_role("heading", level=1)).to_contain_text("safety scale")

    reasons = {"trainee": "Nanna lives close by.", "tom.adebayo": "Nights are not planned yet."}
    scores = {"trainee": "6", "tom.adebayo": "2"}
    for name, visitor in (("trainee", priya), ("tom.adebayo", tom)):
        open_session(visitor, title)
        visitor.page.get_by_role("link", name="safety scale").first.click()
        visitor.page.get_by_label(scores[name], exact=True).check()
        visitor.page.get_by_label("What makes it that score for you?").fill(reasons[name])
        visitor.page.get_by_role("button", name="Save my score").click()
        expect(visitor.page.locator("#round-results")).to_contain_text(
            f"Your score is {scores[name]}"
        )
    helen.page.get_by_label("3", exact=True).check()
    helen.page.get_by_role("button", name="Save my score").click()

    # Before the reveal nobody, the facilitator included, sees anyone else's number or reason.
    for name, visitor in visitors.items():
        expect(visitor.page.locator("#round-results")).to_contain_text(
            "3 of 4 people have scaled", timeout=LIVE
        )
        results = visitor.page.locator("#round-results")
        for other, reason in reasons.items():
            if other != name:
                expect(results).not_to_contain_text(reason)
        expect(results.locator("svg")).to_have_count(0)
        expect(results.locator("table")).to_have_count(0)

    helen.page.get_by_role("button", name="Reveal the scores").click()
    # Everyone's screen shows the dot plot within a few seconds, without reloading.
    for visitor in (priya, tom):
        results = visitor.page.locator("#round-results")
        expect(results.locator("svg.app-dot-plot")).to_be_visible(timeout=LIVE)
        expect(results).to_contain_text("Median 3, spread from 2 to 6")
        for reason in reasons.values():
            expect(results).to_contain_text(reason)
    assert violations(tom.page) == []
    tom.screenshot("scaling-round-revealed")

    # A changed score after the reveal is marked as such.
    tom.page.get_by_label("4", exact=True).check()
    tom.page.get_by_role("button", name="Save my score").click()
    expect(helen.page.locator("#round-results")).to_contain_text(
        "Changed after the reveal, from 2", timeout=LIVE
    )
    assert errors == {name: [] for name in visitors}


def test_a_card_added_live_reaches_the_projector(people):
    visitors, errors = people
    helen, tom = visitors["supervisor"], visitors["tom.adebayo"]
    title = f"Live cards {uuid.uuid4().hex[:6]}"
    session_url = plan_session(helen, title)

    open_session(tom, title)
    tom.page.get_by_role("link", name="Present Maisie and Kai: Ffion's map on a projector").click()
    expect(tom.page.get_by_role("heading", level=1)).to_have_text("Maisie and Kai: Ffion's map")
    assert violations(tom.page) == []

    # Keyboard navigation between sections: → chooses the first, then N and P step on and back.
    tom.page.keyboard.press("n")  # a bare letter does nothing until a section has focus
    assert tom.page.evaluate("document.activeElement.id") != "present-harm"
    tom.page.keyboard.press("ArrowRight")
    assert tom.page.evaluate("document.activeElement.id") == "present-harm"
    tom.page.keyboard.press("n")
    assert tom.page.evaluate("document.activeElement.id") == "present-statements"
    tom.page.keyboard.press("p")
    assert tom.page.evaluate("document.activeElement.id") == "present-harm"

    # Helen adds a card in the map editor; Tom's projector view shows it without a reload.
    helen.page.goto(session_url)
    helen.page.get_by_role("link", name="Open the map").first.click()
    text = f"Kai told nursery he was scared at night ({uuid.uuid4().hex[:4]})."
    form = helen.page.locator("#add-harm")
    form.locator("summary").click()
    form.locator("textarea").fill(text)
    form.get_by_role("button", name="Add card").click()
    expect(helen.page.locator("#cards-harm")).to_contain_text(text)

    expect(tom.page.locator("#present-harm")).to_contain_text(text, timeout=LIVE)
    # The presenter's place survives the refresh.
    assert tom.page.evaluate("document.activeElement.id") == "present-harm"
    tom.screenshot("present-mode-live-card")
    assert errors == {name: [] for name in visitors}


def test_session_pages_are_accessible(people):
    visitors, _ = people
    helen = visitors["supervisor"]
    title = f"Accessible {uuid.uuid4().hex[:6]}"
    plan_session(helen, title)
    assert violations(helen.page) == []
    helen.goto("/sessions/")
    assert violations(helen.page) == []
    helen.goto("/sessions/new")
    assert violations(helen.page) == []
    helen.page.get_by_role("button", name="Plan the session").click()
    expect(helen.page.locator(".govuk-error-summary")).to_be_visible()
    assert violations(helen.page) == []
