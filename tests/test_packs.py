"""PDF packs: a group supervision session with three maps, and a cohort's exercise pack."""

from app.library import service as library
from app.maps import service as maps
from app.models import Category, MapSource, Vocabulary
from app.supervision import service as supervision
from tests.test_pdf import page_texts
from tests.test_supervision import as_


def shared_map(world, owner, title, card_text):
    the_map = maps.create_map(
        owner, source=MapSource.BLANK, title=title, vocabulary=Vocabulary.CHILD_PROTECTION
    )
    maps.add_card(the_map, owner, category=Category.EXISTING_SAFETY, text=card_text)
    maps.submit_map(the_map, owner)
    return the_map


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def test_a_session_pack_holds_the_cover_every_map_and_the_revealed_rounds(client, auth, world):
    second = shared_map(world, world.trainee, "Priya's map of the Ellis family", "Gran stays over.")
    third = shared_map(world, world.co_author, "Cleo's map of the Ellis family", "Dad walks Jay.")
    supervision.set_up(
        world.session,
        world.supervisor,
        people=[world.classmate, world.co_author],
        presenter=world.trainee,
        advisor=None,
        question=world.session.question,
        maps=[world.session_map, second, third],
    )
    supervision.rate(world.scaling_round, world.classmate, score=7, reason="Gran is near by.")
    hidden = supervision.open_round(world.session, world.supervisor, second.scales[0])
    supervision.rate(hidden, world.classmate, score=9, reason="Still a secret.")

    as_(auth, world.classmate)
    response = client.get(f"/sessions/{world.session.id}/pack.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "session-group-supervision-week-6-" in response.headers["Content-Disposition"]
    text = all_text(response.data)
    cover = page_texts(response.data)[0]
    assert "Group supervision, week 6" in cover
    assert "Is it safe for Jay to stay at home?" in cover
    # First names only on the cover.
    assert "Priya" in cover
    assert "Kit" in cover
    assert "Sam" in cover
    assert "Trainee" not in cover
    assert "Classmate" not in cover
    assert "Supervisor" not in cover
    assert "Contents" in page_texts(response.data)[1]
    for title, card in [
        (world.session_map.title, "Jay was left."),
        (second.title, "Gran stays over."),
        (third.title, "Dad walks Jay."),
    ]:
        assert title in text
        assert card in text
    # The open round is not revealed yet: the revealed one only.
    assert "Scaling round" not in text
    supervision.reveal(world.scaling_round, world.supervisor)
    text = all_text(client.get(f"/sessions/{world.session.id}/pack.pdf").data)
    assert "Gran is near by." in text
    assert "Jay is often alone." in text
    assert "Still a secret." not in text


def test_only_participants_download_the_session_pack(client, auth, world):
    as_(auth, world.co_author)
    assert client.get(f"/sessions/{world.session.id}/pack.pdf").status_code == 403


def test_the_exercise_pack_holds_every_shared_map_of_the_exercise(client, auth, world):
    first = library.start_map(world.classmate, world.template, title="Kit's exercise map")
    maps.add_card(first, world.classmate, category=Category.HARM, text="Robin was hurt at home.")
    maps.submit_map(first, world.classmate)
    second = library.start_map(world.co_author, world.template, title="Cleo's exercise map")
    maps.add_card(second, world.co_author, category=Category.HARM, text="Robin's arm was bruised.")
    maps.submit_map(second, world.co_author)
    draft = library.start_map(world.trainee, world.template, title="Priya's private draft")
    maps.add_card(draft, world.trainee, category=Category.HARM, text="Not shared yet.")

    as_(auth, world.supervisor)
    response = client.get(f"/library/{world.template.id}/pack.pdf?size=a3")
    assert response.status_code == 200
    pages = page_texts(response.data)
    assert "Contents" in pages[1]
    assert "Kit's exercise map" in pages[1]
    assert "Cleo's exercise map" in pages[1]
    text = all_text(response.data)
    assert "Robin was hurt at home." in text
    assert "Robin's arm was bruised." in text
    assert "Not shared yet." not in text
    assert "Priya's private draft" not in text

    # A supervisor of another cohort has no maps of this exercise to download.
    as_(auth, world.other_supervisor)
    assert client.get(f"/library/{world.template.id}/pack.pdf").status_code == 403
    as_(auth, world.classmate)
    assert client.get(f"/library/{world.template.id}/pack.pdf").status_code == 403
