"""The PDF of a map and of a pack: read back with pypdf, as a reader of the printout would."""

import re
import unicodedata
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.models import Category
from app.pdf import (
    A3,
    CardData,
    ColumnData,
    CommentNote,
    DotPlotData,
    ExportOptions,
    MapData,
    PackCover,
    PackSection,
    PairData,
    RatingData,
    ScaleData,
    SectionData,
    page_geometry,
    render_map,
    render_pack,
)
from app.pdf.flowables import Lanes
from app.pdf.layout import MARGIN_X
from app.pdf.sample import sample_map
from app.pdf.text import printable
from tests.xss import PAYLOADS

FICTIONAL = "Training exercise — fictional case"
A4_LANDSCAPE = (841.89, 595.28)
A3_LANDSCAPE = (1190.55, 841.89)


# Reading a PDF back -----------------------------------------------------------------------------


def read(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def tidy(text: str) -> str:
    """Presentation forms back to letters, and runs of spaces to one, for comparing."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def page_texts(pdf: bytes) -> list[str]:
    return [tidy(page.extract_text()) for page in read(pdf).pages]


def lane_texts(pdf: bytes, page_size: str = "a4") -> list[list[str]]:
    """For each page, the text inside each of the three lanes, found by where it is drawn."""
    geometry = page_geometry(page_size)
    lane_width = (geometry.frame_width - 2 * Lanes.GAP) / 3
    pages = []
    for page in read(pdf).pages:
        lanes: list[list[str]] = [[], [], []]

        def visit(text, cm, tm, font, size, lanes=lanes):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            lane = int((x - MARGIN_X) // (lane_width + Lanes.GAP))
            lanes[min(max(lane, 0), 2)].append(text)

        page.extract_text(visitor_text=visit)
        pages.append([tidy(" ".join(chunks)) for chunks in lanes])
    return pages


def in_lane(text: str, lane: int, pages: list[list[str]]) -> bool:
    """The whole text is in that lane of a single page: in its column, and never split."""
    return any(tidy(text) in page[lane] for page in pages)


# Plain data with every piece of text unique ------------------------------------------------------

FILLER = "the worker noted this in a visit and checked it with the family afterwards"


def cards(label: str, count: int) -> list[CardData]:
    return [CardData(f"{label} card {n}: {FILLER} ({label.lower()} {n}).") for n in range(count)]


def scale(name: str) -> ScaleData:
    return ScaleData(
        name,
        "Things are so bad that the child cannot live at home.",
        "Everyone knows the child is safe enough to close the case.",
        [
            RatingData("Worker", 4, f"{name}: worker reason about the plan.", date(2026, 11, 1)),
            RatingData(
                "Kai (child)", 7, f"{name}: Kai says nan keeps him safe.", date(2026, 11, 2)
            ),
        ],
    )


def unique_map(per_category: int = 4, title: str = "Robin's map") -> MapData:
    pairs = [
        PairData(n, f"Statement {n}: the school is worried.", f"Goal {n}: dad will walk away.",
                 scale(f"Pair {n} scale"))
        for n in (1, 2)
    ]  # fmt: skip
    columns = [
        ColumnData("worries", "What are we worried about?", [
            SectionData("Harm", cards("Harm", per_category)),
            SectionData("Danger statements",
                        [CardData(p.statement, number=p.number) for p in pairs]),
            SectionData("Complicating factors", cards("Complicating", per_category)),
        ]),
        ColumnData("working-well", "What's working well?", [
            SectionData("Existing strengths", cards("Strength", per_category)),
            SectionData("Existing safety", cards("Safety", per_category)),
        ]),
        ColumnData("next", "What needs to happen?", [
            SectionData("Safety goals", [CardData(p.goal, number=p.number) for p in pairs]),
            SectionData("Next steps", cards("Next", per_category)),
        ]),
    ]  # fmt: skip
    return MapData(
        title=title,
        scenario_title="Robin and Mia",
        authors=["Priya Trainee", "Cleo Coauthor"],
        cohort="ASYE cohort 6",
        date=date(2026, 11, 25),
        status="Private draft",
        vocabulary="Child protection",
        statement_label="Danger statement",
        goal_label="Safety goal",
        columns=columns,
        pairs=pairs,
        map_scale=scale("Whole map"),
        grey_area=SectionData("Grey area", cards("Grey", 2)),
        houses=[
            SectionData("House of worries", cards("Worry", 2)),
            SectionData("House of good things", cards("Good", 2)),
            SectionData("House of dreams", cards("Dream", 2)),
        ],
        child="Kai, aged 7",
    )


# The map ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("per_category", [4, 60])
def test_every_card_is_in_its_own_column_lane(per_category):
    data = unique_map(per_category)
    pdf = render_map(data)
    pages = lane_texts(pdf)
    for lane, column in enumerate(data.columns):
        for section in column.sections:
            for card in section.cards:
                assert in_lane(card.text, lane, pages), (card.text, lane)
    for lane, house in enumerate(data.houses):
        for card in house.cards:
            assert in_lane(card.text, lane, pages)


def test_pairs_print_side_by_side_with_scales_and_reasons():
    data = unique_map()
    text = " ".join(page_texts(render_map(data)))
    for pair in data.pairs:
        assert f"Pair {pair.number}" in text
        assert pair.statement in text
        assert pair.goal in text
        for rating in pair.scale.ratings:
            assert rating.reason in text
            assert f"{rating.who}: {rating.score}" in text  # the label on the drawn line
    for rating in data.map_scale.ratings:
        assert rating.reason in text
    assert "Judgement: how safe is the child?" in text
    assert "Things are so bad that the child cannot live at home." in text
    assert "Grey card 0" in text
    assert "The child's Three Houses" in text
    assert "Kai, aged 7" in text


def test_title_block():
    text = page_texts(render_map(unique_map()))[0]
    for expected in ["Robin's map", "Robin and Mia", "Priya Trainee, Cleo Coauthor",
                     "ASYE cohort 6", "25 November 2026", "Private draft", "Child protection"]:  # fmt: skip
        assert expected in text


def test_every_page_is_numbered_and_marked_fictional():
    texts = page_texts(render_map(unique_map(60)))
    assert len(texts) > 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert FICTIONAL in text


def test_page_count_grows_sensibly_with_the_number_of_cards():
    counts = {n: len(read(render_map(sample_map(n))).pages) for n in (10, 60, 300)}
    assert counts[10] <= counts[60] < counts[300]
    # Five times the cards: more pages, but not wasteful (lanes fill each page).
    assert counts[300] <= 5 * counts[60]


def test_a_card_taller_than_a_page_is_split_but_nothing_is_lost():
    long_text = " ".join(f"word{n}" for n in range(1500))
    data = unique_map(2)
    worries = data.columns[0]
    harm = replace(worries.sections[0], cards=[CardData(long_text), *worries.sections[0].cards])
    data = replace(data, columns=[replace(worries, sections=[harm, *worries.sections[1:]]),
                                  *data.columns[1:]])  # fmt: skip
    pages = lane_texts(render_map(data))
    lane_zero = " ".join(page[0] for page in pages)
    assert "word0 " in lane_zero
    assert "word1499" in lane_zero
    assert in_lane("Harm card 1", 0, pages)


def test_special_characters_survive():
    names = "Łucja Żółć, Σοφία, Жанна, سارة, £20 → nan's"
    data = replace(
        unique_map(),
        title=f"Map for {names}",
        columns=[
            ColumnData("worries", "What are we worried about?", [
                SectionData("Harm", [CardData(f"{names} 😀 🦄 👍🏽", source="Зоя")]),
            ]),
            *unique_map().columns[1:],
        ],
    )  # fmt: skip
    texts = page_texts(render_map(data))
    assert texts[0].startswith("Map for Łucja Żółć, Σοφία, Жанна")
    whole = " ".join(texts)
    for word in ["Łucja", "Żółć", "Σοφία", "Жанна", "£20 → nan's", "Зоя"]:
        assert word in whole
    # Emoji the font lacks are described rather than drawn as boxes.
    assert "[grinning face] [unicorn face] [thumbs up sign]" in whole
    # pypdf reads right-to-left text back in reading order (its spacing around it varies).
    assert "سارة" in whole.replace(" ", "")


def test_user_markup_prints_literally():
    hostile = "<b>not bold</b> Tom & Jerry <script>alert(1)</script> &amp; <br/>"
    data = replace(unique_map(), title=hostile)
    worries = data.columns[0]
    harm = replace(worries.sections[0], cards=[CardData(hostile, source="<i>me</i>")])
    data = replace(data, columns=[replace(worries, sections=[harm]), *data.columns[1:]])
    text = " ".join(page_texts(render_map(data)))
    assert text.count(tidy(hostile)) >= 2  # the title and the card
    assert "Source: <i>me</i>" in text


@pytest.mark.parametrize(("size", "expected"), [("a4", A4_LANDSCAPE), (A3, A3_LANDSCAPE)])
def test_paper_size(size, expected):
    page = read(render_map(unique_map(), ExportOptions(page_size=size))).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        expected, abs=0.1
    )


def test_review_comments_print_as_numbered_notes_when_given():
    notes = [CommentNote(1, "Harm: Harm card 0", "Sam Supervisor", "Say who saw the bruise.")]
    data = replace(unique_map(), comments=notes)
    text = " ".join(page_texts(render_map(data)))
    assert "Review comments" in text
    assert "[1] On Harm: Harm card 0 — Sam Supervisor: Say who saw the bruise." in text
    hidden = " ".join(page_texts(render_map(data, ExportOptions(include_comments=False))))
    assert "Say who saw the bruise." not in hidden
    assert "Review comments" not in " ".join(page_texts(render_map(unique_map())))


# The pack --------------------------------------------------------------------------------------


def test_pack_has_a_cover_contents_and_every_map():
    titles = ["Robin's map", "Mia's map", "Kai's map"]
    sections = [
        PackSection(
            unique_map(3 + n, title=title),
            dot_plots=[DotPlotData("Pair 1", [("Ana", 4, "No plan yet"), ("Ben", 6, "")], 5)],
        )
        for n, title in enumerate(titles)
    ]
    cover = PackCover("Group supervision", "Session 3", "ASYE cohort 6", date(2026, 11, 25))
    pdf = render_pack(cover, sections)
    texts = page_texts(pdf)

    assert "Group supervision" in texts[0]
    assert "Session 3" in texts[0]
    assert texts[1].startswith("Contents")
    starts = [next(i for i, t in enumerate(texts) if i > 1 and t.startswith(f"{title} "))
              for title in titles]  # fmt: skip
    assert starts == sorted(starts)
    # The contents gives the page each map starts on, in order, after its title.
    listed = [int(n) for n in re.findall(r"Page 2 of \d+ ((?:\d+ ?)+)$", texts[1])[0].split()]
    assert listed == [start + 1 for start in starts]
    for title in titles:
        assert title in texts[1]
    whole = " ".join(texts)
    assert "Scaling round: Pair 1" in whole
    assert "No plan yet" in whole
    assert "Median 5" in whole
    assert "Harm card 4" in whole  # every map's cards, not just the first map's
    outline = read(pdf).outline
    assert [item.title for item in outline] == titles
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert FICTIONAL in text


# The route -------------------------------------------------------------------------------------


def pdf_url(world, query=""):
    return f"/maps/{world.map.id}/export.pdf{query}"


def test_the_owner_downloads_the_map_as_a_pdf(client, auth, world):
    auth.sign_in(world.trainee)
    response = client.get(pdf_url(world))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=map-robins-map-{date.today().isoformat()}.pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = " ".join(page_texts(response.data))
    assert "Robin had a bruise on his arm." in text
    assert world.pair.statement in text
    assert world.pair.goal in text
    assert "Priya Trainee, Cleo Coauthor" in text
    assert "ASYE cohort 6 — January" in text
    page = read(response.data).pages[0]
    assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE[0], abs=0.1)


def test_the_pdf_puts_cards_in_their_columns(client, auth, world):
    from app.maps import service

    service.add_card(world.map, world.trainee, category=Category.EXISTING_SAFETY,
                     text="Nan collects Robin every Wednesday.")  # fmt: skip
    auth.sign_in(world.trainee)
    pages = lane_texts(client.get(pdf_url(world)).data)
    assert in_lane("Robin had a bruise on his arm.", 0, pages)
    assert in_lane("Nan collects Robin every Wednesday.", 1, pages)
    assert in_lane(world.pair.goal, 2, pages)


def test_a3_on_request_and_a4_otherwise(client, auth, world):
    auth.sign_in(world.trainee)
    for query, width in [("?size=a3", A3_LANDSCAPE[0]), ("?size=A3", A3_LANDSCAPE[0]),
                         ("?size=letter", A4_LANDSCAPE[0])]:  # fmt: skip
        response = client.get(pdf_url(world, query))
        assert response.status_code == 200
        assert float(read(response.data).pages[0].mediabox.width) == pytest.approx(width, abs=0.1)


def test_another_trainee_cannot_download_the_map(client, auth, world):
    auth.sign_in(world.other_trainee)
    assert client.get(pdf_url(world)).status_code == 403


def test_open_review_comments_print_as_notes_when_asked(client, auth, world):
    from app.maps import comments, service

    service.submit_map(world.map, world.trainee)
    thread = comments.add_comment(
        world.map, world.supervisor, "Is this harm or a worry?", card=world.card
    )
    comments.reply(thread, world.trainee, "It happened, so harm.")
    done = comments.add_comment(world.map, world.supervisor, "Resolved already.")
    comments.resolve(done, world.supervisor)
    auth.sign_in(world.supervisor)

    text = " ".join(page_texts(client.get(pdf_url(world, "?comments=yes")).data))
    assert "Review comments" in text
    assert "Is this harm or a worry?" in text
    assert "It happened, so harm." in text
    assert "Resolved already." not in text
    assert "[1]" in text  # the card carries its note number
    plain = " ".join(page_texts(client.get(pdf_url(world)).data))
    assert "Is this harm or a worry?" not in plain


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_prints_literally_in_the_pdf(client, auth, world, payload):
    """The XSS corpus through a card, a pair and a rating reason of a real map: reportlab's
    markup never interprets it, and every visible character comes out as typed."""
    from app.maps import service
    from app.models import Perspective

    service.add_card(world.map, world.trainee, category=Category.EXISTING_SAFETY, text=payload)
    service.update_pair(
        world.pair, world.trainee, statement=payload, goal=payload, expected_version=1
    )
    service.add_rating(
        world.pair.scale, world.trainee, perspective=Perspective.WORKER, score=5, reason=payload
    )
    auth.sign_in(world.trainee)
    response = client.get(pdf_url(world))
    assert response.status_code == 200
    # Compared without spaces: a line can wrap anywhere in a long string. Characters the font
    # cannot draw (an emoji, a bidi override) print as a readable stand-in.
    text = "".join("".join(page_texts(response.data)).split())
    expected = "".join(printable(payload).split())
    assert text.count(expected) >= 4  # the card, the statement, the goal, the reason
