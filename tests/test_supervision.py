"""Group supervision: planning, people and maps, present mode, the scaling round's state machine
(numbers hidden before the reveal in pages, fragments and JSON), live cards, reflection."""

from datetime import date

import pytest

from app.extensions import db
from app.library import service as library
from app.maps import service as maps
from app.models import (
    Category,
    MapSource,
    Perspective,
    RoundStatus,
    SessionRole,
    SessionStatus,
    Vocabulary,
)
from app.supervision import service
from app.supervision.service import SessionError
from tests.conftest import HalfWayFailure, fails_after, row_counts
from tests.xss import PAYLOADS, markup_problems

# The trainee's score in the world's open round, and a reason nobody else may see before the reveal.
SECRET_REASON = "Jay is often alone."


def as_(auth, person):
    """Sign in as someone else (the sign-in page turns away a signed-in visitor)."""
    auth.sign_out()
    assert auth.sign_in(person).status_code == 302


def session_url(world, part=""):
    return f"/sessions/{world.session.id}{part}"


def round_url(world, part=""):
    return f"/sessions/rounds/{world.scaling_round.id}{part}"


# Planning and setting up ---------------------------------------------------------------------


def test_only_a_supervisor_of_the_cohort_plans_a_session(world):
    for person in (world.trainee, world.other_supervisor, world.champion):
        with pytest.raises(SessionError, match="cohort you supervise"):
            service.plan_session(
                person, cohort=world.cohort, title="Week 7", held_on=date(2026, 12, 4)
            )


def test_planning_with_an_exercise_starts_a_map_for_the_group(world):
    session = service.plan_session(
        world.supervisor,
        cohort=world.cohort,
        title="Week 7",
        held_on=date(2026, 12, 4),
        template=world.template,
    )
    [group_map] = session.maps
    assert group_map.owner_id == world.supervisor.id
    assert group_map.cohort_id == world.cohort.id
    assert group_map.template_version_id == world.template.latest_published.id
    assert session.role_of(world.supervisor) is SessionRole.FACILITATOR
    assert session.status is SessionStatus.PLANNED


def test_set_up_gives_roles_and_keeps_the_facilitator(world):
    session = world.session
    roles = {p.user.name: p.role for p in session.participants}
    assert roles == {
        world.supervisor.name: SessionRole.FACILITATOR,
        world.trainee.name: SessionRole.PRESENTER,
        world.classmate.name: SessionRole.GROUP_MEMBER,
    }
    assert [p.role for p in session.people][:2] == [SessionRole.PRESENTER, SessionRole.FACILITATOR]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"people": "other_trainee"}, "session's cohort"),
        ({"presenter": "other_trainee"}, "session's cohort"),
        ({"presenter": "classmate", "advisor": "classmate"}, "different people"),
        ({"presenter": "supervisor"}, "You facilitate"),
        ({"maps": "draft"}, "shared with the session's cohort"),
    ],
)
def test_set_up_refuses_people_and_maps_from_elsewhere(world, change, message):
    draft = world.map  # a private draft: not shared with the cohort
    people = {
        "people": [world.person(change.get("people", "classmate"))],
        "presenter": world.person(change.get("presenter", "trainee")),
        "advisor": world.person(change["advisor"]) if "advisor" in change else None,
        "maps": [draft] if change.get("maps") else [world.session_map],
    }
    before = row_counts()
    with pytest.raises(SessionError, match=message):
        service.set_up(world.session, world.supervisor, question="Q", **people)
    db.session.rollback()
    assert row_counts() == before


def test_participants_see_only_their_sessions(client, auth, world):
    as_(auth, world.classmate)
    assert "Group supervision, week 6" in client.get("/sessions/").text
    as_(auth, world.co_author)
    assert "Group supervision, week 6" not in client.get("/sessions/").text
    assert client.get(session_url(world)).status_code == 403


def test_session_maps_are_open_to_participants_only(client, auth, world):
    url = f"/maps/{world.session_map.id}"
    as_(auth, world.trainee)  # presents it, though it is the classmate's map
    assert client.get(url).status_code == 200
    as_(auth, world.co_author)  # same cohort, not in the session
    assert client.get(url).status_code == 403


def test_plan_and_set_up_through_the_pages(client, auth, world):
    as_(auth, world.supervisor)
    response = client.post_form(
        "/sessions/new",
        {
            "title": "Week 8",
            "held_on": ["11", "12", "2026"],
            "cohort": str(world.cohort.id),
            "question": "What would tell us Jay is safe?",
            "template": "0",
        },
    )
    assert response.status_code == 302
    setup_url = response.headers["Location"]
    page = client.get(setup_url)
    assert world.classmate.name in page.text
    assert world.other_trainee.name not in page.text
    response = client.post_form(
        setup_url,
        {
            "people": [str(world.classmate.id), str(world.co_author.id)],
            "presenter": str(world.trainee.id),
            "advisor": str(world.co_author.id),
            "question": "What would tell us Jay is safe?",
            "maps": [str(world.session_map.id)],
        },
    )
    assert response.status_code == 302
    session_page = client.get(response.headers["Location"]).text
    assert "Cleo: advisor" in session_page
    assert "Priya: presenter" in session_page
    assert "What would tell us Jay is safe?" in session_page


def test_plan_form_errors_are_clear(client, auth, world):
    as_(auth, world.supervisor)
    before = row_counts()
    response = client.post_form(
        "/sessions/new", {"title": "", "cohort": str(world.other_cohort.id), "template": "0"}
    )
    assert response.status_code == 400
    assert "Enter a title for the session" in response.text
    assert "Enter the date of the session" in response.text
    assert row_counts() == before


def test_planning_that_fails_half_way_creates_nothing(world, monkeypatch):
    before = row_counts()
    # The group's map is started from the exercise, then planning fails.
    monkeypatch.setattr(library, "start_map", fails_after(library.start_map))
    with pytest.raises(HalfWayFailure):
        service.plan_session(
            world.supervisor,
            cohort=world.cohort,
            title="Week 7",
            held_on=date(2026, 12, 4),
            template=world.template,
        )
    db.session.rollback()  # what the request does when it fails
    assert row_counts() == before


def test_planning_that_fails_half_way_answers_500_and_creates_nothing(
    client, auth, world, monkeypatch, crashes_answer_500
):
    as_(auth, world.supervisor)
    before = row_counts()
    monkeypatch.setattr(library, "start_map", fails_after(library.start_map))
    response = client.post_form(
        "/sessions/new",
        {
            "title": "Week 8",
            "held_on": ["11", "12", "2026"],
            "cohort": str(world.cohort.id),
            "template": str(world.template.id),
        },
    )
    assert response.status_code == 500
    assert row_counts() == before


# Present mode and live cards -----------------------------------------------------------------


def test_present_mode_shows_the_map_without_editing_controls(client, auth, world):
    as_(auth, world.classmate)
    page = client.get(session_url(world, "/present"))
    assert page.status_code == 200
    assert "Jay was left." in page.text
    assert "What are we worried about?" in page.text
    assert "app-present-mode" in page.text
    assert "/static/js/present.js" in page.text
    assert "Delete" not in page.text
    assert "Add card" not in page.text


def board_poll(client, url) -> str:
    """The URL a following screen polls, as the page gives it."""
    import re

    page = client.get(url).text
    return re.search(r'hx-get="([^"]*/present/board[^"]*)"', page).group(1).replace("&amp;", "&")


def test_the_board_answers_204_until_the_map_changes(client, auth, world):
    as_(auth, world.classmate)
    board = board_poll(client, session_url(world, "/present"))
    assert client.get(board).status_code == 204

    # The facilitator adds a card live, to the presenter's submitted map.
    as_(auth, world.supervisor)
    response = client.post_form(
        f"/maps/{world.session_map.id}/sections/harm/cards", {"add-harm-text": "Jay missed school."}
    )
    assert response.status_code == 303

    as_(auth, world.classmate)
    response = client.get(board)
    assert response.status_code == 200
    assert "Jay missed school." in response.text
    assert client.get(board_poll(client, session_url(world, "/present"))).status_code == 204


def test_the_projector_hides_a_scales_scores_while_its_round_is_open(client, auth, world):
    maps.add_rating(
        world.session_map.scales[0], world.classmate, perspective=Perspective.WORKER, score=8
    )
    as_(auth, world.trainee)
    page = client.get(session_url(world, "/present")).text
    assert "scores stay hidden until the reveal" in page
    assert "Worker 8" not in page
    board = board_poll(client, session_url(world, "/present"))
    service.reveal(world.scaling_round, world.supervisor)
    response = client.get(board)
    assert response.status_code == 200
    assert "Worker 8" in response.text


def test_the_facilitator_adds_cards_and_nothing_else(client, auth, world):
    the_map = world.session_map
    card = the_map.cards[0]
    scale = the_map.scales[0]
    as_(auth, world.supervisor)
    page = client.get(f"/maps/{the_map.id}").text
    assert "you can add cards while the session is under way" in page
    assert 'id="add-harm"' in page
    assert f'id="card-{card.id}-edit"' not in page
    before = row_counts()
    for url, data in [
        (f"/maps/{the_map.id}/cards/{card.id}/delete", {}),
        (f"/maps/{the_map.id}/cards/{card.id}", {f"card-{card.id}-text": "Changed"}),
        (f"/maps/{the_map.id}/scales/{scale.id}/ratings", {f"scale-{scale.id}-score": "9"}),
        (f"/maps/{the_map.id}/child", {"child_name": "Jay"}),
    ]:
        assert client.post_form(url, data).status_code == 403, url
    assert row_counts() == before


def test_a_map_taken_back_to_a_draft_leaves_the_session(client, auth, world):
    maps.withdraw_submission(world.session_map, world.classmate)
    as_(auth, world.trainee)
    assert client.get(f"/maps/{world.session_map.id}").status_code == 403
    assert client.get(f"/maps/{world.session_map.id}/export.pdf").status_code == 403
    assert world.session.maps == []
    as_(auth, world.supervisor)
    response = client.post_form(
        f"/maps/{world.session_map.id}/sections/harm/cards", {"add-harm-text": "Live"}
    )
    assert response.status_code == 403


def test_only_the_facilitator_of_a_live_session_adds_cards_to_a_shared_map(client, auth, world):
    url = f"/maps/{world.session_map.id}/sections/harm/cards"
    as_(auth, world.trainee)  # presents, but the map is not theirs
    assert client.post_form(url, {"add-harm-text": "A card"}).status_code == 403
    as_(auth, world.supervisor)
    service.save_reflection(world.session, world.supervisor, finish=True)
    assert client.post_form(url, {"add-harm-text": "A card"}).status_code == 403


# Scaling rounds ------------------------------------------------------------------------------


def test_round_state_machine(world):
    scaling_round = world.scaling_round
    with pytest.raises(SessionError, match="Reveal the scores before closing"):
        service.close(scaling_round, world.supervisor)
    with pytest.raises(SessionError, match="already open"):
        service.open_round(world.session, world.supervisor, world.session_map.scales[0])

    service.rate(scaling_round, world.classmate, score=7, reason="Gran is there")
    service.rate(scaling_round, world.classmate, score=6, reason="Gran is there most days")
    service.reveal(scaling_round, world.supervisor)
    assert scaling_round.status is RoundStatus.REVEALED
    with pytest.raises(SessionError, match="already been revealed"):
        service.reveal(scaling_round, world.supervisor)

    # After the reveal: a change keeps what everyone saw; a first score is late.
    changed = service.rate(scaling_round, world.classmate, score=8, reason="Thinking again")
    service.rate(scaling_round, world.classmate, score=9, reason="And again")
    assert (changed.score, changed.score_at_reveal, changed.changed_after_reveal) == (9, 6, True)
    late = service.rate(scaling_round, world.supervisor, score=5, reason="")
    assert late.late
    assert not late.changed_after_reveal
    assert not next(r for r in scaling_round.ratings if r.user_id == world.trainee.id).late

    service.close(scaling_round, world.supervisor)
    with pytest.raises(SessionError, match="has closed"):
        service.rate(scaling_round, world.trainee, score=3, reason="")


def test_a_round_needs_a_live_session_a_session_scale_and_a_score(world):
    planned = service.plan_session(
        world.supervisor, cohort=world.cohort, title="Later", held_on=date(2026, 12, 11)
    )
    with pytest.raises(SessionError, match="Start the session"):
        service.open_round(planned, world.supervisor, world.session_map.scales[0])
    with pytest.raises(SessionError, match="one of the session's maps"):
        service.open_round(world.session, world.supervisor, world.map.scales[0])
    for score in (-1, 11, "7", True):
        with pytest.raises(SessionError, match="0 to 10"):
            service.rate(world.scaling_round, world.classmate, score=score, reason="")
    with pytest.raises(SessionError, match="Only people taking part"):
        service.rate(world.scaling_round, world.co_author, score=5, reason="")
    fresh = service.plan_session(
        world.supervisor, cohort=world.cohort, title="Empty", held_on=date(2026, 12, 11)
    )
    fresh.session_maps = world.session.session_maps[:0]
    service.set_up(
        fresh,
        world.supervisor,
        people=[],
        presenter=None,
        advisor=None,
        question="",
        maps=[world.session_map],
    )
    service.start(fresh, world.supervisor)
    empty = service.open_round(fresh, world.supervisor, world.session_map.scales[0])
    with pytest.raises(SessionError, match="Nobody has scaled yet"):
        service.reveal(empty, world.supervisor)


def assert_hidden(text: str):
    assert SECRET_REASON not in text
    assert "Everyone’s scores" not in text
    assert "<svg" not in text


def test_nobody_sees_scores_before_the_reveal(client, auth, world):
    for person in (world.classmate, world.supervisor):
        as_(auth, person)
        assert_hidden(client.get(round_url(world)).text)
        assert_hidden(client.get(round_url(world, "/results")).text)
        assert_hidden(client.get(session_url(world)).text)
        data = client.get(round_url(world, ".json")).get_json()
        assert data["ratings"] == []
        assert data["median"] is None
        assert data["mine"] is None
        assert data["scaled"] == 1
        assert data["status"] == "open"
        assert "1 of 3 people have scaled" in client.get(round_url(world)).text

    # The trainee sees their own score and reason, and only that.
    as_(auth, world.trainee)
    data = client.get(round_url(world, ".json")).get_json()
    assert data["mine"] == {"score": 4, "reason": SECRET_REASON}
    assert data["ratings"] == []


def test_after_the_reveal_everyone_sees_the_dot_plot_median_and_reasons(client, auth, world):
    service.rate(world.scaling_round, world.classmate, score=7, reason="Gran is there")
    as_(auth, world.supervisor)
    assert client.post_form(round_url(world, "/reveal")).status_code == 302
    service.rate(world.scaling_round, world.classmate, score=8, reason="Changed my mind")

    as_(auth, world.classmate)
    page = client.get(round_url(world)).text
    assert SECRET_REASON in page
    assert "Changed my mind" in page
    assert "Median <strong>6</strong>" in page
    assert "spread from 4 to 8" in page
    assert "Changed after the reveal, from 7" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-dot-plot" role="img"' in page
    data = client.get(round_url(world, ".json")).get_json()
    assert [(r["name"], r["score"]) for r in data["ratings"]] == [("Priya", 4), ("Kit", 8)]
    assert data["ratings"][1]["score_at_reveal"] == 7


def test_round_results_poll_answers_204_until_something_visible_changes(client, auth, world):
    from app.supervision.service import round_view

    as_(auth, world.classmate)
    stamp = round_view(world.scaling_round, world.classmate).stamp
    url = round_url(world, f"/results?since={stamp}")
    assert client.get(url).status_code == 204
    service.rate(world.scaling_round, world.supervisor, score=2, reason="Worried")
    response = client.get(url)
    assert response.status_code == 200
    assert "2 of 3 people have scaled" in response.text
    assert "Worried" not in response.text


def test_scoring_through_the_page(client, auth, world):
    as_(auth, world.classmate)
    response = client.post_form(round_url(world, "/rating"), {"score": "6", "reason": "Gran"})
    assert response.status_code == 302
    assert "Your score is <strong>6</strong>" in client.get(round_url(world)).text
    before = row_counts()
    for bad in ({"score": "11"}, {"score": "six"}, {"reason": "x" * 100_000, "score": "5"}, {}):
        response = client.post_form(round_url(world, "/rating"), bad)
        assert response.status_code == 400
    assert row_counts() == before


def test_only_the_facilitator_reveals(client, auth, world):
    as_(auth, world.classmate)
    assert client.post_form(round_url(world, "/reveal")).status_code == 403
    assert world.scaling_round.status is RoundStatus.OPEN


# Reflection and the record -------------------------------------------------------------------


def test_reflection_finishes_the_session_and_closes_rounds(client, auth, world):
    as_(auth, world.supervisor)
    response = client.post_form(
        session_url(world, "/reflection"),
        {
            "went_well": "Everyone scaled before talking.",
            "learned": "Existing safety must be shown over time.",
            "next_steps": "Kit to ask Gran about weekends.",
            "summary": "The group agreed the danger statement.",
            "finish": "Save and finish the session",
        },
    )
    assert response.status_code == 302
    db.session.refresh(world.session)
    assert world.session.status is SessionStatus.FINISHED
    assert world.scaling_round.status is RoundStatus.CLOSED
    as_(auth, world.classmate)
    page = client.get(session_url(world)).text
    assert "Kit to ask Gran about weekends." in page
    assert "Finished" in page
    assert client.get(session_url(world, "/set-up")).status_code == 403
    as_(auth, world.supervisor)
    response = client.post_form(
        session_url(world, "/set-up"),
        {"people": [], "presenter": "0", "advisor": "0", "question": "", "maps": []},
    )
    assert response.status_code == 400
    assert "finished" in response.text


def test_finishing_keeps_an_unrevealed_rounds_scores_hidden(client, auth, world):
    service.save_reflection(world.session, world.supervisor, finish=True)
    assert world.scaling_round.status is RoundStatus.CLOSED
    as_(auth, world.classmate)
    data = client.get(round_url(world, ".json")).get_json()
    assert data["ratings"] == []
    assert data["status"] == "closed"
    assert SECRET_REASON not in client.get(round_url(world)).text
    assert SECRET_REASON not in client.get(round_url(world, "/results")).text
    assert world.session_map.scales[0].ratings == []


def test_a_closed_round_joins_the_maps_scale_history(world):
    service.rate(world.scaling_round, world.classmate, score=7, reason="Gran is near by.")
    service.reveal(world.scaling_round, world.supervisor)
    service.close(world.scaling_round, world.supervisor)
    ratings = world.session_map.scales[0].ratings
    assert sorted((r.rater_name, r.score, r.perspective) for r in ratings) == [
        ("Kit", 7, Perspective.GROUP_MEMBER),
        ("Priya", 4, Perspective.GROUP_MEMBER),
    ]
    assert {r.rated_on for r in ratings} == {world.session.held_on}
    assert "median 5.5" in maps.history(world.session_map)[0].summary


def test_someone_who_leaves_takes_their_score_out_of_an_open_round(world):
    service.set_up(
        world.session,
        world.supervisor,
        people=[world.classmate],
        presenter=None,
        advisor=None,
        question="",
        maps=[world.session_map],
    )
    assert world.scaling_round.ratings == []


def test_reflection_before_the_session_starts_is_refused(world):
    planned = service.plan_session(
        world.supervisor, cohort=world.cohort, title="Later", held_on=date(2026, 12, 11)
    )
    with pytest.raises(SessionError, match="Start the session"):
        service.save_reflection(planned, world.supervisor, finish=True)


# Hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_shown_literally(client, auth, world, payload):
    world.session.question = payload
    world.session.summary = payload
    db.session.commit()
    service.rate(world.scaling_round, world.classmate, score=5, reason=payload)
    service.reveal(world.scaling_round, world.supervisor)
    maps.add_card(world.session_map, world.classmate, category=Category.HARM, text=payload)
    as_(auth, world.classmate)
    for url in (
        session_url(world),
        session_url(world, "/present"),
        session_url(world, "/present/board"),
        round_url(world),
        round_url(world, "/results"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert markup_problems(response.text) == [], url
    data = client.get(round_url(world, ".json")).get_json()
    assert payload in [r["reason"] for r in data["ratings"]]


def test_a_session_with_no_maps_has_nothing_to_present(client, auth, world):
    session = service.plan_session(
        world.supervisor, cohort=world.cohort, title="Empty", held_on=date(2026, 12, 11)
    )
    as_(auth, world.supervisor)
    response = client.get(f"/sessions/{session.id}/present")
    assert response.status_code == 404
    assert "no maps to present" in response.text


def test_the_map_list_keeps_session_maps_to_their_authors(world):
    other = maps.create_map(
        world.classmate,
        source=MapSource.BLANK,
        title="Another",
        vocabulary=Vocabulary.EARLY_HELP,
    )
    assert other not in service.candidate_maps(world.session)
    maps.submit_map(other, world.classmate)
    assert other in service.candidate_maps(world.session)


def test_the_session_page_learns_of_a_new_round_without_a_reload(client, auth, world):
    import re

    as_(auth, world.classmate)
    page = client.get(session_url(world)).text
    poll = re.search(r'hx-get="([^"]*/rounds\?since=[^"]*)"', page).group(1).replace("&amp;", "&")
    assert client.get(poll).status_code == 204
    pair = maps.add_pair(world.session_map, world.classmate, statement="S", goal="G")
    service.open_round(world.session, world.supervisor, pair.scale)
    response = client.get(poll)
    assert response.status_code == 200
    assert "scale for pair 1" in response.text
    assert SECRET_REASON not in response.text
