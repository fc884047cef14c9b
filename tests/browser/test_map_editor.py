"""The map editor in a real browser: building a whole map with the keyboard, two people editing
the same card, delete and undo, drag and drop, the editor without JavaScript, and a supervisor
reading a submitted map.

The live server's database is shared by every browser test, so each test starts its own map with
a unique title and never counts anything outside it."""

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from app.demo import DEMO_PASSWORD
from tests.browser.conftest import Visitor

TRAINEE = "trainee@example.org"
CO_AUTHOR = "tom.adebayo@example.org"
CO_AUTHOR_NAME = "Tom Adebayo"
SUPERVISOR = "supervisor@example.org"
SCENARIO = "Maisie and Kai, Orchard Row"
MAP_SCALE = "Safety scale for the whole map"

# One card for every category, in the child's and family's plain words.
CARDS = {
    "harm": "Nursery saw a bruise on Kai's cheek on a Monday in March.",
    "complicating_factor": "Shannon has missed three appointments with the health visitor.",
    "existing_strength": "Shannon's sister Leanne lives two streets away and visits most days.",
    "existing_safety": "Shannon took the children to Leanne's the night of the last argument.",
    "next_step": "The social worker will visit Shannon and the children on Thursday.",
    "grey_area": "Neighbours say there is shouting at night; Shannon says it is the TV.",
    "house_of_worries": "I don't like it when Mummy cries in the kitchen.",
    "house_of_good_things": "Auntie Leanne makes pancakes on Saturdays.",
    "house_of_dreams": "I want a dog and my own bedroom.",
}
LABELS = {
    "harm": "Harm",
    "complicating_factor": "Complicating factors",
    "existing_strength": "Existing strengths",
    "existing_safety": "Existing safety",
    "next_step": "Next steps",
    "grey_area": "Grey area",
    "house_of_worries": "House of worries",
    "house_of_good_things": "House of good things",
    "house_of_dreams": "House of dreams",
}

# Two statement / goal pairs: the builder's answers, and the sentences they should make.
PAIRS = [
    {
        "statement": {
            "Who is worried?": "The nursery and the health visitor",
            "About what behaviour or event?": "Shannon's partner shouts at her when Kai is in the room",
            "What is likely to happen to the child if nothing changes?": "Kai will keep hiding under the table and stop eating at nursery",
        },
        "goal": {
            "What will the carers be doing?": "Shannon will take the children to her sister's house when an argument starts",
            "What will the child experience?": "Kai feels calm and eats his lunch",
            "What will professionals see?": "The nursery will see Kai playing with other children",
            "For how long?": "six months",
        },
        "first_words": "The nursery and the health visitor are worried.",
        "composed_statement": (
            "The nursery and the health visitor are worried that Shannon's partner shouts at her "
            "when Kai is in the room, and if nothing changes Kai will keep hiding under the table "
            "and stop eating at nursery."
        ),
        "composed_goal": (
            "Shannon will take the children to her sister's house when an argument starts, so "
            "that Kai feels calm and eats his lunch. The nursery will see Kai playing with other "
            "children. This will have been happening for six months."
        ),
    },
    {
        "statement": {
            "Who is worried?": "The school",
            "About what behaviour or event?": "Maisie is left alone at home in the evenings",
            "What is likely to happen to the child if nothing changes?": "she could be hurt with no adult there to help",
        },
        "goal": {
            "What will the carers be doing?": "Shannon will arrange for her sister to be with Maisie every evening",
            "What will the child experience?": "Maisie always has an adult nearby",
            "What will professionals see?": "The school will hear from Maisie who was at home",
            "For how long?": "until the end of the school year",
        },
        "first_words": "The school is worried.",
        "composed_statement": (
            "The school is worried that Maisie is left alone at home in the evenings, and if "
            "nothing changes she could be hurt with no adult there to help."
        ),
        "composed_goal": (
            "Shannon will arrange for her sister to be with Maisie every evening, so that Maisie "
            "always has an adult nearby. The school will hear from Maisie who was at home. This "
            "will keep happening until the end of the school year."
        ),
    },
]


# Helpers -----------------------------------------------------------------------------------


def unique(title: str) -> str:
    return f"{title} {uuid.uuid4().hex[:8]}"


def map_id_of(page: Page) -> int:
    match = re.search(r"/maps/(\d+)", page.url)
    assert match, f"not on a map page: {page.url}"
    return int(match.group(1))


def settled(page: Page) -> None:
    """Wait until no htmx request has been in flight or settling for 50 ms, as a person would
    before the next key. Content an out-of-band swap puts in is wired up by htmx 20 ms later
    and carries none of these classes meanwhile: hence two quiet looks, 50 ms apart."""
    # page.evaluate, not wait_for_function: the latter evaluates strings, which the CSP forbids.
    quiet = 0
    for _ in range(100):
        if page.evaluate(
            "!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
        ):
            quiet += 1
            if quiet == 2:
                return
        else:
            quiet = 0
        page.wait_for_timeout(50)
    raise AssertionError("htmx never settled")


def press(page: Page, locator: Locator, key: str = "Enter") -> None:
    """Focus a control and press a key on it, as a keyboard user would."""
    settled(page)
    locator.focus()
    expect(locator).to_be_focused()
    page.keyboard.press(key)


def type_into(page: Page, locator: Locator, text: str) -> None:
    locator.focus()
    page.keyboard.type(text)


def choose_with_keyboard(page: Page, select: Locator, label: str) -> None:
    """Pick an option of a closed <select> with the arrow keys."""
    select.focus()
    current = select.evaluate("s => s.selectedIndex")
    target = select.evaluate(
        "(s, label) => [...s.options].findIndex(o => o.text.trim() === label)", label
    )
    assert target >= 0, f"no option {label!r}"
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    expect(select.locator("option:checked")).to_have_text(label)


def start_map(
    page: Page,
    visitor: Visitor,
    title: str,
    *,
    grey_area: bool = True,
    co_authors: tuple[str, ...] = (),
) -> int:
    """Start a map of the demo scenario with the mouse; returns its id."""
    visitor.goto("/maps/new")
    page.get_by_label("A case scenario").check()
    page.get_by_label("Case scenario", exact=True).select_option(label=SCENARIO)
    page.get_by_label("Title of your map").fill(title)
    if grey_area:
        page.get_by_label("Keep a grey area list").check()
    for name in co_authors:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Start mapping").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return map_id_of(page)


def start_map_with_keyboard(page: Page, visitor: Visitor, title: str) -> int:
    visitor.goto("/maps/new")
    press(page, page.get_by_label("A case scenario"), "Space")
    expect(page.get_by_label("A case scenario")).to_be_checked()
    choose_with_keyboard(page, page.get_by_label("Case scenario", exact=True), SCENARIO)
    type_into(page, page.get_by_label("Title of your map"), title)
    press(page, page.get_by_label("Keep a grey area list"), "Space")
    expect(page.get_by_label("Keep a grey area list")).to_be_checked()
    press(page, page.get_by_role("button", name="Start mapping"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return map_id_of(page)


def cards_in(page: Page, category: str) -> Locator:
    return page.locator(f"#cards-{category} > li.app-card")


def card_texts(page: Page, category: str) -> Locator:
    return cards_in(page, category).locator(".app-card__text")


def card_with(page: Page, text: str) -> Locator:
    return page.locator("li.app-card").filter(has_text=text)


def card_id(page: Page, text: str) -> int:
    return int(card_with(page, text).get_attribute("data-card-id"))


def announcer(page: Page) -> Locator:
    """The page's one polite live region (base.html)."""
    return page.locator("body > #announcer")


def add_card(page: Page, category: str, text: str) -> int:
    """Add a card with the mouse through the section's "Add …" form (htmx)."""
    form = page.locator(f"#add-{category}")
    if not form.locator("details").evaluate("details => details.open"):
        form.locator("summary").click()
    form.locator("textarea").fill(text)
    form.get_by_role("button", name="Add card").click()
    expect(card_texts(page, category).filter(has_text=text)).to_have_count(1)
    return card_id(page, text)


def add_card_with_keyboard(page: Page, category: str, text: str) -> None:
    form = page.locator(f"#add-{category}")
    if not form.locator("details").evaluate("details => details.open"):
        press(page, form.locator("summary"))
    textarea = form.locator("textarea")
    expect(textarea).to_be_visible()
    type_into(page, textarea, text)
    page.keyboard.press("Tab")  # to "Who said it", where Enter submits the form
    expect(form.get_by_label("Who said it or where it came from (optional)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(card_texts(page, category).filter(has_text=text)).to_have_count(1)
    expect(announcer(page)).to_have_text(f"Card added to {LABELS[category]}.")
    expect(textarea).to_have_value("")  # the form is emptied for the next card


def scale(page: Page, name: str) -> Locator:
    heading = page.get_by_role("heading", name=name, exact=True)
    return page.locator("section.app-scale").filter(has=heading)


def rating_row(page: Page, scale_name: str, who: str) -> Locator:
    return scale(page, scale_name).locator("table.app-ratings tbody tr").filter(has_text=who)


def add_rating_with_keyboard(
    page: Page,
    scale_name: str,
    perspective: str,
    score: int,
    *,
    name: str = "",
    reason: str = "",
) -> None:
    section = scale(page, scale_name)
    press(page, section.locator("summary").filter(has_text="Add a rating"))
    choose_with_keyboard(page, section.get_by_label("Whose view is this?"), perspective)
    if name:
        type_into(page, section.get_by_label("Their name or role (optional)"), name)
    radio = section.get_by_label(str(score), exact=True)
    press(page, radio, "Space")
    expect(radio).to_be_checked()
    if reason:
        type_into(page, section.get_by_label("What makes it that score? (optional)"), reason)
    press(page, section.get_by_role("button", name="Add rating"))
    who = f"{name} ({perspective.lower()})" if name else perspective
    expect(rating_row(page, scale_name, who).locator("td").nth(1)).to_have_text(str(score))
    expect(announcer(page)).to_contain_text("Rating added")


def write_pair_with_keyboard(page: Page, pair: dict, number: int) -> None:
    """Fill the pair builder, watching the live preview, then save."""
    press(page, page.get_by_role("link", name="Write a danger statement and its goal"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Write a danger statement and its safety goal"
    )
    preview = page.locator("#pair-preview")
    expect(preview).to_contain_text("Answer the questions above to build the sentence.")
    statement_parts = list(pair["statement"].items())
    first_label, first_answer = statement_parts[0]
    type_into(page, page.get_by_label(first_label, exact=True), first_answer)
    # The preview follows the typing (htmx, 400ms after the last key).
    expect(preview.locator(".app-card__text").first).to_have_text(pair["first_words"])
    for label, answer in statement_parts[1:]:
        type_into(page, page.get_by_label(label, exact=True), answer)
    expect(preview.locator(".app-card__text").first).to_have_text(pair["composed_statement"])
    for label, answer in pair["goal"].items():
        type_into(page, page.get_by_label(label, exact=True), answer)
    expect(preview.locator(".app-card__text").nth(1)).to_have_text(pair["composed_goal"])
    press(page, page.get_by_role("button", name="Save pair"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Pair {number} saved, with its own scale."
    )
    article = page.locator("article.app-pair").nth(number - 1)
    expect(article).to_contain_text(pair["composed_statement"])
    expect(article).to_contain_text(pair["composed_goal"])


def markup_problems(page: Page) -> list[str]:
    """What an htmx swap may have left behind: repeated ids, and anything but cards in a list
    of cards (a stray heading or live region there is read out and shown to everyone)."""
    return page.evaluate(
        """() => {
          const problems = [];
          const seen = new Map();
          for (const el of document.querySelectorAll('[id]')) {
            seen.set(el.id, (seen.get(el.id) || 0) + 1);
          }
          for (const [id, count] of seen) {
            if (count > 1) problems.push(`${count} elements have id="${id}"`);
          }
          for (const list of document.querySelectorAll('ol.app-cards[id]')) {
            for (const child of list.children) {
              if (child.tagName !== 'LI') {
                const text = child.textContent.replace(/\\s+/g, ' ').trim().slice(0, 70);
                problems.push(`#${list.id} holds a <${child.tagName.toLowerCase()}>: "${text}"`);
              }
            }
          }
          return problems;
        }"""
    )


def other_person(browser, live_server: str, email: str, **context_options):
    """A second person, in their own browser context (their own cookies), signed in."""
    context = browser.new_context(**context_options)
    visitor = Visitor(context.new_page(), live_server)
    visitor.sign_in(email)
    return context, visitor


# Journeys ----------------------------------------------------------------------------------


def test_trainee_builds_a_complete_map_with_the_keyboard(visitor, page, console_errors):
    visitor.sign_in(TRAINEE)
    title = unique("Keyboard map")
    map_id = start_map_with_keyboard(page, visitor, title)

    # A card in every category: the three columns, the grey area and the Three Houses.
    second_harm = "Kai told nursery staff that Daddy Lee shouted and threw a cup."
    disputed = "Shannon says Kai's bruise came from a fall at soft play."
    for category, text in CARDS.items():
        add_card_with_keyboard(page, category, text)
    add_card_with_keyboard(page, "harm", second_harm)
    add_card_with_keyboard(page, "complicating_factor", disputed)
    expect(page.locator("#count-harm")).to_have_text("2")

    # Move to… the grey area, with the select and the Move button.
    moving = card_id(page, disputed)
    choose_with_keyboard(page, page.locator(f"#card-{moving}-category"), "Grey area")
    press(page, page.locator(f"#card-{moving}-move"))
    expect(announcer(page)).to_have_text("Moved to Grey area, position 2 of 2.")
    expect(card_texts(page, "grey_area")).to_have_text([CARDS["grey_area"], disputed])
    expect(card_texts(page, "complicating_factor")).to_have_text([CARDS["complicating_factor"]])
    expect(page.locator(f"#card-{moving}-move")).to_be_focused()

    # Up and Down within Harm.
    expect(card_texts(page, "harm")).to_have_text([CARDS["harm"], second_harm])
    lower = card_id(page, second_harm)
    press(page, page.locator(f"#card-{lower}-up"))
    expect(card_texts(page, "harm")).to_have_text([second_harm, CARDS["harm"]])
    expect(announcer(page)).to_have_text("Moved to Harm, position 1 of 2.")
    expect(page.locator(f"#card-{lower}-up")).to_be_focused()
    upper = card_id(page, CARDS["harm"])
    press(page, page.locator(f"#card-{upper}-up"))
    expect(card_texts(page, "harm")).to_have_text([CARDS["harm"], second_harm])
    press(page, page.locator(f"#card-{upper}-down"))
    expect(card_texts(page, "harm")).to_have_text([second_harm, CARDS["harm"]])
    expect(announcer(page)).to_have_text("Moved to Harm, position 2 of 2.")

    # The child's name and age on the Three Houses.
    child = page.locator("#three-houses-child")
    press(page, child.locator("summary"))
    type_into(page, page.get_by_label("Child's first name (fictional)"), "Kai")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(child.locator("p").first).to_have_text("Kai, aged 2")
    expect(announcer(page)).to_have_text("Saved.")

    # What htmx left in the page before leaving it (checked at the end, after the journey).
    problems_after_swaps = markup_problems(page)

    # Two statement / goal pairs through the builder page.
    for number, pair in enumerate(PAIRS, start=1):
        write_pair_with_keyboard(page, pair, number)

    # Ratings: the map's scale from three people, and each pair's scale.
    add_rating_with_keyboard(
        page, MAP_SCALE, "Worker", 4, reason="Shannon acts to protect but not every time."
    )
    add_rating_with_keyboard(page, MAP_SCALE, "Parent or carer", 7, name="Shannon")
    add_rating_with_keyboard(page, MAP_SCALE, "Child", 5, name="Kai")
    add_rating_with_keyboard(page, "Scale for pair 1", "Worker", 3)
    add_rating_with_keyboard(page, "Scale for pair 2", "Worker", 6)

    # Everything is still there after a reload.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expected = {category: [text] for category, text in CARDS.items()}
    expected["harm"] = [second_harm, CARDS["harm"]]
    expected["grey_area"] = [CARDS["grey_area"], disputed]
    for category, texts in expected.items():
        expect(card_texts(page, category)).to_have_text(texts)
        expect(page.locator(f"#count-{category}")).to_have_text(str(len(texts)))
    pairs = page.locator("article.app-pair")
    expect(pairs).to_have_count(2)
    for article, pair in zip([pairs.nth(0), pairs.nth(1)], PAIRS, strict=True):
        expect(article.locator(".app-card__text").nth(0)).to_have_text(pair["composed_statement"])
        expect(article.locator(".app-card__text").nth(1)).to_have_text(pair["composed_goal"])
    expect(page.locator("section[aria-labelledby='heading-statements'] ol")).to_contain_text(
        PAIRS[1]["composed_statement"]
    )
    for who, score in [("Worker", "4"), ("Shannon (parent or carer)", "7"), ("Kai (child)", "5")]:
        expect(rating_row(page, MAP_SCALE, who).locator("td").nth(1)).to_have_text(score)
    expect(rating_row(page, "Scale for pair 1", "Worker").locator("td").nth(1)).to_have_text("3")
    expect(rating_row(page, "Scale for pair 2", "Worker").locator("td").nth(1)).to_have_text("6")
    expect(scale(page, MAP_SCALE).locator("svg.scale-chart")).to_contain_text("Latest:")
    expect(page.locator("#three-houses-child")).to_contain_text("Kai, aged 2")
    assert map_id_of(page) == map_id
    visitor.screenshot("map-editor-keyboard-map")

    assert not problems_after_swaps, "htmx swaps left broken markup in the page:\n" + "\n".join(
        problems_after_swaps
    )
    assert console_errors == []


def test_edit_conflict_between_two_tabs(visitor, page, browser, live_server, console_errors):
    visitor.sign_in(TRAINEE)
    map_id = start_map(page, visitor, unique("Conflict map"), co_authors=(CO_AUTHOR_NAME,))
    original = "Kai was seen at nursery with a bruise."
    card = add_card(page, "harm", original)
    theirs = "Kai was seen at nursery with a bruise on his left cheek (Monday)."
    mine = "Nursery saw a bruise on Kai's cheek; Shannon was not asked about it."

    other_context, co_author = other_person(browser, live_server, CO_AUTHOR)
    try:
        other = co_author.page
        co_author.goto(f"/maps/{map_id}")
        for tab in (page, other):
            tab.locator(f"#card-{card}-edit").click()
            expect(tab.locator(f"#card-{card}-text")).to_be_focused()
            expect(tab.locator(f"#card-{card}-text")).to_have_value(original)

        # The trainee saves first.
        page.locator(f"#card-{card}-text").fill(theirs)
        page.get_by_role("button", name="Save card").click()
        expect(page.locator(f"#card-{card} > .app-card__text")).to_have_text(theirs)
        expect(announcer(page)).to_have_text("Card saved.")

        # The co-author saves an edit of the old version: nothing is overwritten.
        other.locator(f"#card-{card}-text").fill(mine)
        other.get_by_role("button", name="Save card").click()
        conflict = other.locator(f"#card-{card}")
        heading = conflict.get_by_role("heading", name="Someone else changed this card")
        expect(heading).to_be_visible()
        expect(heading).to_be_focused()
        their_version = conflict.locator(".app-conflict__version").filter(has_text="Their version")
        my_version = conflict.locator(".app-conflict__version").filter(has_text="Your version")
        expect(their_version.locator(".app-card__text")).to_have_text(theirs)
        expect(my_version.locator(".app-card__text")).to_have_text(mine)
        expect(other.locator("#app-request-error")).to_be_hidden()  # a 409 is not an error box
        # Before the co-author chooses, the saved card is still the trainee's.
        page.reload()
        expect(page.locator(f"#card-{card} > .app-card__text")).to_have_text(theirs)

        other.get_by_role("button", name="Keep mine").click()
        expect(other.locator(f"#card-{card} > .app-card__text")).to_have_text(mine)
        expect(other.locator(f"#card-{card}-edit")).to_be_focused()

        other.reload()
        expect(other.locator(f"#card-{card} > .app-card__text")).to_have_text(mine)
        page.reload()
        expect(page.locator(f"#card-{card} > .app-card__text")).to_have_text(mine)
        expect(cards_in(page, "harm")).to_have_count(1)
        # Nothing was lost: every saved version is in the history.
        visitor.goto(f"/maps/{map_id}/history")
        history = page.locator(".app-history")
        expect(history).to_contain_text("Changed a card in Harm: “Kai was seen at nursery")
        expect(history).to_contain_text("Changed a card in Harm: “Nursery saw a bruise")
        co_author.screenshot("map-editor-conflict-kept-mine")
    finally:
        other_context.close()
    assert console_errors == []


def test_delete_and_undo(visitor, page, console_errors):
    visitor.sign_in(TRAINEE)
    start_map(page, visitor, unique("Undo map"))
    first = "Nursery saw a bruise on Kai's cheek."
    second = "Maisie was found alone at home at 9pm."
    add_card(page, "harm", first)
    doomed = add_card(page, "harm", second)
    expect(page.locator("#count-harm")).to_have_text("2")

    press(page, page.locator(f"#card-{doomed}").get_by_role("button", name="Delete"))
    expect(page.locator(f"#card-{doomed}")).to_contain_text(f"Card deleted: “{second}”")
    undo = page.get_by_role("button", name="Undo delete")
    expect(undo).to_be_focused()
    expect(page.locator("#count-harm")).to_have_text("1")
    expect(announcer(page)).to_have_text("Card deleted from Harm. Press Undo to restore it.")

    page.keyboard.press("Enter")  # on the focused Undo button
    expect(page.locator(f"#card-{doomed} > .app-card__text")).to_have_text(second)
    expect(page.locator("#count-harm")).to_have_text("2")
    expect(page.locator(f"#card-{doomed}-edit")).to_be_focused()
    expect(announcer(page)).to_have_text("Card restored to Harm.")
    expect(card_texts(page, "harm")).to_have_text([first, second])
    problems_after_swaps = markup_problems(page)

    page.reload()
    expect(card_texts(page, "harm")).to_have_text([first, second])
    expect(page.locator("#count-harm")).to_have_text("2")
    visitor.screenshot("map-editor-undo")
    assert not problems_after_swaps, "htmx swaps left broken markup in the page:\n" + "\n".join(
        problems_after_swaps
    )
    assert console_errors == []


def drag(page: Page, source: Locator, target: Locator) -> None:
    """Drag with real mouse movement in small steps, as SortableJS needs: sideways out of the
    source's column first, then onto the target, where it rests a moment before the drop.
    (A diagonal sweep at machine speed crosses the cards above it while Sortable is still
    animating the last swap, and the drop can land back in the source list.)"""
    source.scroll_into_view_if_needed()
    start = source.bounding_box()
    page.mouse.move(start["x"] + 20, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 20, steps=5)
    target.scroll_into_view_if_needed()
    end = target.bounding_box()
    x, y = end["x"] + 20, end["y"] + end["height"] / 2
    page.mouse.move(x, start["y"] + 20, steps=20)
    page.mouse.move(x, y, steps=10)
    page.wait_for_timeout(300)
    page.mouse.move(x + 2, y + 2, steps=5)
    page.mouse.up()


def test_drag_and_drop_moves_a_card(visitor, page, console_errors):
    visitor.sign_in(TRAINEE)
    start_map(page, visitor, unique("Drag map"))
    dragged = "Shannon rang the police when Lee came round drunk."
    staying = "Leanne collects the children from nursery on Fridays."
    add_card(page, "harm", "Kai had a bruise on his cheek.")
    moved = add_card(page, "harm", dragged)
    add_card(page, "existing_safety", staying)

    # Hold the card by its words (its links and buttons do not start a drag).
    drag(
        page,
        page.locator(f"#card-{moved} .app-card__text"),
        card_with(page, staying).locator(".app-card__text"),
    )
    expect(announcer(page)).to_contain_text("Moved to Existing safety")
    expect(cards_in(page, "existing_safety").filter(has_text=dragged)).to_have_count(1)
    expect(page.locator("#count-existing_safety")).to_have_text("2")
    expect(page.locator("#count-harm")).to_have_text("1")

    page.reload()
    expect(cards_in(page, "existing_safety").filter(has_text=dragged)).to_have_count(1)
    expect(cards_in(page, "harm").filter(has_text=dragged)).to_have_count(0)
    expect(page.locator("#count-existing_safety")).to_have_text("2")
    visitor.screenshot("map-editor-drag-and-drop")
    assert console_errors == []


def test_map_works_without_javascript(browser, live_server):
    context, trainee = other_person(browser, live_server, TRAINEE, java_script_enabled=False)
    try:
        page = trainee.page
        map_id = start_map(page, trainee, unique("No script map"))

        # Add: the details element opens without script, the form posts and redirects.
        form = page.locator("#add-harm")
        form.locator("summary").click()
        text = "Kai has a bruise on his cheek."
        form.get_by_label("Add harm").fill(text)
        form.get_by_role("button", name="Add card").click()
        expect(page).to_have_url(re.compile(rf"/maps/{map_id}#card-\d+$"))
        expect(card_texts(page, "harm")).to_have_text([text])
        expect(page.locator("#count-harm")).to_have_text("1")
        card = card_id(page, text)

        # Edit: the Edit link is a page of its own.
        page.locator(f"#card-{card}-edit").click()
        expect(page).to_have_url(re.compile(rf"/maps/{map_id}/cards/{card}/edit$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit card")
        changed = "Nursery saw a bruise on Kai's left cheek on Monday."
        page.get_by_label("Card", exact=True).fill(changed)
        page.get_by_role("button", name="Save card").click()
        expect(page).to_have_url(re.compile(rf"/maps/{map_id}#card-{card}$"))
        expect(card_texts(page, "harm")).to_have_text([changed])

        # Delete: a plain form post.
        page.locator(f"#card-{card}").get_by_role("button", name="Delete").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Card deleted. You can restore it from the map's history."
        )
        expect(cards_in(page, "harm")).to_have_count(0)
        expect(page.locator("#count-harm")).to_have_text("0")

        # …and back from the history page.
        page.get_by_role("link", name="History").click()
        page.get_by_role("button", name="Restore").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Card restored.")
        expect(card_texts(page, "harm")).to_have_text([changed])
        trainee.screenshot("map-editor-without-javascript")
    finally:
        context.close()


def test_supervisor_sees_submitted_map_read_only(visitor, page, browser, live_server):
    visitor.sign_in(TRAINEE)
    title = unique("Submitted map")
    map_id = start_map(page, visitor, title)
    text = "Shannon took the children to Leanne's the night of the argument."
    add_card(page, "existing_safety", text)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your map has been submitted for review."
    )

    context, supervisor = other_person(browser, live_server, SUPERVISOR)
    try:
        reader = supervisor.page
        supervisor.goto(f"/maps/{map_id}")
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)
        expect(reader.locator(".govuk-inset-text").first).to_contain_text(
            "It cannot be changed while it is being reviewed."
        )
        expect(card_texts(reader, "existing_safety")).to_have_text([text])
        for control in [
            reader.get_by_role("link", name=re.compile(r"^Edit")),
            reader.get_by_role("button", name=re.compile(r"^(Delete|Up|Down|Move)")),
            reader.locator("form.app-add-card"),
            reader.locator(".app-card__actions"),
            reader.locator("summary").filter(has_text="Add a rating"),
            reader.locator("summary").filter(has_text="Change the child's name"),
            reader.get_by_role("link", name=re.compile(r"danger statement and its goal")),
            reader.get_by_role("button", name="Submit for review"),
            reader.get_by_role("link", name="Settings"),
        ]:
            expect(control).to_have_count(0)
        supervisor.screenshot("map-editor-supervisor-read-only")
    finally:
        context.close()


def end_the_session(page: Page) -> None:
    """The session ends: its cookie goes. Once the page's own requests are done (a late answer
    to one of them would refresh the cookie)."""
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def sign_in_again(page: Page, visitor: Visitor) -> None:
    """The session has ended: the page went to sign-in, saying the change was kept."""
    page.wait_for_url(re.compile(r"/sign-in\?next=/unsaved-change$"))
    expect(page.locator("main")).to_contain_text("what you typed has been kept")
    page.get_by_label("Email address").fill(TRAINEE)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visitor.base_url + "/unsaved-change")


def test_a_change_sent_after_the_session_ended_is_kept_and_saved(visitor, page, console_errors):
    """The real app.js sends the keep token: an htmx card and a plain settings form, each sent
    after the session ended, are kept for the same person and offered after signing in."""
    visitor.sign_in(TRAINEE)
    map_id = start_map(page, visitor, unique("Kept change map"))
    form = page.locator("#add-harm")
    form.locator("summary").click()
    text = "Typed while the session ran out."
    form.locator("textarea").fill(text)
    end_the_session(page)  # while the form is open
    form.get_by_role("button", name="Add card").click()
    sign_in_again(page, visitor)
    expect(page.locator("main")).to_contain_text(text)
    page.get_by_role("button", name="Save this change").click()
    expect(card_texts(page, "harm")).to_have_text([text])

    # A plain form post (the settings page): the keep token goes as a field.
    page.goto(f"{visitor.base_url}/maps/{map_id}/settings")
    page.get_by_label("Title").fill("Renamed after the session ended")
    end_the_session(page)
    page.get_by_role("button", name="Save settings").click()
    sign_in_again(page, visitor)
    main = page.locator("main")
    expect(main).to_contain_text("Renamed after the session ended")
    expect(main).to_contain_text("Child protection")  # the vocabulary in words
    # Choices are made again on the page, never sent for the person.
    expect(page.get_by_role("button", name="Save this change")).to_have_count(0)
    page.get_by_role("link", name="Open the page to make this change").click()
    page.wait_for_url(f"{visitor.base_url}/maps/{map_id}/settings")
    visitor.screenshot("map-editor-kept-change")
    # The only failed requests are the two sent after the session ended (401 and 400).
    assert [e for e in console_errors if not re.match(r"(401|400) for ", e)] == []
