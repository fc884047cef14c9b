"""A supervisor reviews a submitted map in a real browser: comments on a card in place (htmx),
sees it arrive without a reload, and the page with its feedback stays accessible."""

import re
import uuid
from io import BytesIO
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.test_accessibility import violations
from tests.browser.test_map_editor import settled

SUPERVISOR = "supervisor@example.org"
SUBMITTED_MAP = "Maisie and Kai: Ffion's map"  # the demo's map waiting for review
CARD = "Police found Kai (2) awake in the hallway at 1.30am in a soaked nappy."


def test_supervisor_comments_on_a_card_in_place(visitor, page: Page, console_errors):
    visitor.sign_in(SUPERVISOR)
    visitor.goto("/maps/reviews")
    page.get_by_role("link", name=SUBMITTED_MAP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBMITTED_MAP)
    # Set on this page only: still there afterwards means the page was never reloaded.
    page.evaluate("window.appReviewMarker = 'same page'")

    card = page.locator("li.app-card").filter(has_text=CARD)
    card.get_by_role("link", name=re.compile(r"on card “Police found Kai")).click()
    settled(page)
    region = card.locator(".app-card-comments")
    expect(region.get_by_role("heading", name="Comments on this card")).to_be_focused()

    words = f"Say who told the police, and when. ({uuid.uuid4().hex[:6]})"
    region.get_by_label("Your comment on this card").fill(words)
    region.get_by_role("button", name=re.compile(r"^Add comment")).click()
    settled(page)

    expect(region.locator(".app-comment").filter(has_text=words)).to_have_count(1)
    expect(card.locator(".app-comment-count")).to_have_text(re.compile(r"^\d+ comments?$"))
    feedback = page.locator("#feedback")
    expect(feedback.locator(".app-comment").filter(has_text=words)).to_have_count(1)
    expect(page.locator("#announcer")).to_have_text("Comment added.")
    assert page.evaluate("window.appReviewMarker") == "same page"

    feedback.scroll_into_view_if_needed()
    visitor.screenshot("review-comment-on-a-card")
    assert violations(page) == []

    # The PDF, with the open comments as notes: a real PDF holding the card and the comment.
    page.locator(".app-export summary").click()
    page.get_by_label("A3").check()
    page.get_by_label("Include open review comments as numbered notes").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert re.fullmatch(
        r"map-maisie-and-kai-ffions-map-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename
    )
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert CARD in text
    assert words in text
    assert float(reader.pages[0].mediabox.width) > 1100  # A3 landscape: 1190.55 points
    assert console_errors == []
