"""axe-core on every page type: no WCAG 2.0, 2.1 or 2.2 A/AA violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGES = {
    None: ["/sign-in", "/accessibility", "/fictional-cases", "/no-such-page"],
    "trainee@example.org": ["/", "/scenarios/", "/scenarios/1", "/account/password"],
    "supervisor@example.org": ["/", "/cohorts/", "/cohorts/1"],
    "champion@example.org": ["/"],
    "admin@example.org": [
        "/",
        "/people/",
        "/people/new",
        "/people/1",
        "/cohorts/1",
        "/cohorts/new",
    ],
}
CASES = [(email, path) for email, paths in PAGES.items() for path in paths]


def violations(page) -> list[str]:
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(("email", "path"), CASES, ids=[f"{e or 'anonymous'}{p}" for e, p in CASES])
def test_page_has_no_accessibility_violations(visitor, page, console_errors, email, path):
    if email:
        visitor.sign_in(email)
    visitor.goto(path)
    assert violations(page) == []
    assert console_errors == []


def test_form_errors_have_no_accessibility_violations(visitor, page):
    visitor.sign_in("admin@example.org")
    visitor.goto("/people/new")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert violations(page) == []


def test_page_reflows_at_320_css_pixels(visitor, page):
    """WCAG 1.4.10: at 400% zoom of a 1280px window nothing needs horizontal scrolling."""
    page.set_viewport_size({"width": 320, "height": 640})
    visitor.sign_in("admin@example.org")
    for path in ["/", "/people/", "/people/1", "/cohorts/1", "/scenarios/1"]:
        visitor.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
