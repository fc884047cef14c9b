"""Journeys in a real browser: signing in with the keyboard alone, for every role."""

import pytest
from playwright.sync_api import expect

from app.demo import DEMO_PASSWORD

HOMES = {
    "trainee@example.org": "Your maps and exercises",
    "supervisor@example.org": "Your cohorts",
    "champion@example.org": "Your templates",
    "admin@example.org": "People and cohorts",
}


def tab_to(page, predicate_js: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


@pytest.mark.parametrize("email", sorted(HOMES))
def test_sign_in_and_out_with_the_keyboard_only(visitor, page, console_errors, email):
    visitor.goto("/sign-in")
    tab_to(page, "el.id === 'email'")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(visitor.base_url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == HOMES[email]
    assert page.title() == f"{HOMES[email]} – Practice Mapper"

    tab_to(page, "el.textContent.trim() === 'Sign out'")
    page.keyboard.press("Enter")
    page.wait_for_url(visitor.base_url + "/sign-in")
    assert "You have signed out" in page.content()
    visitor.screenshot(f"signed-out-{email.split('@')[0]}")
    assert console_errors == []


def test_admin_adds_a_person_and_a_cohort(visitor, page, console_errors):
    visitor.sign_in("admin@example.org")
    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_label("Full name").fill("Bethan Morgan-Price")
    page.get_by_label("Email address").fill("bethan.morgan-price@example.org")
    page.get_by_label("Trainee").check()
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bethan Morgan-Price has been added")
    password = page.get_by_test_id("first-password").inner_text()

    visitor.goto("/cohorts/new")
    page.get_by_label("Cohort name").fill("ASYE cohort 7 — September")
    page.get_by_role("button", name="Create cohort").click()
    page.get_by_label("Person to add").select_option(label="Bethan Morgan-Price (trainee)")
    page.get_by_role("button", name="Add to cohort").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Bethan Morgan-Price has been added to ASYE cohort 7 — September"
    )
    visitor.screenshot("admin-cohort")

    page.get_by_role("button", name="Sign out").click()
    visitor.sign_in("bethan.morgan-price@example.org", password)
    assert "ASYE cohort 7 — September" in page.content()
    assert console_errors == []


def test_error_summary_links_to_the_field(visitor, page, console_errors):
    visitor.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # GOV.UK Frontend moves focus to the summary, which only works when its script ran under the CSP.
    # GOV.UK Frontend moves focus to the summary once its module has run.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    summary.get_by_role("link", name="Enter your email address").click()
    assert page.evaluate("document.activeElement.id") == "email"
    assert console_errors == []
