"""Hostile text typed into the map editor never runs: Playwright fails the test on any dialog."""

from playwright.sync_api import expect

from tests.browser.test_map_editor import add_card, card_texts, start_map, unique
from tests.xss import PAYLOADS


def test_hostile_cards_never_run_in_the_browser(visitor, page, console_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visitor.sign_in("trainee@example.org")
    map_id = start_map(page, visitor, unique("Hostile text"))
    for payload in PAYLOADS:
        add_card(page, "harm", payload)  # through htmx: the fragment is swapped into the page
    visitor.goto(f"/maps/{map_id}")  # and the full page, after a reload
    texts = card_texts(page, "harm")
    expect(texts).to_have_count(len(PAYLOADS))
    for index, payload in enumerate(PAYLOADS):
        assert (
            texts.nth(index).text_content() == payload
        )  # shown literally, character for character
    page.locator("li.app-card").first.get_by_role("link", name="Edit").click()
    expect(page.locator("li.app-card--editing textarea")).to_have_value(PAYLOADS[0])
    page.wait_for_timeout(300)  # room for any injected script or handler to fire
    visitor.screenshot("hostile-text")
    assert dialogs == []
    assert console_errors == []
