"""A supervisor returns a submitted map: reviewed, or changes requested and submitted again."""

from app.extensions import db
from app.library import service as library
from app.maps import service as maps
from app.models import MapEvent, MapStatus, User
from tests.conftest import row_counts


def submit(client, auth, world):
    auth.sign_in(world.trainee)
    assert client.post_form(f"/maps/{world.map.id}/submit").status_code == 302
    auth.sign_out()


def test_review_queue_lists_submitted_maps_of_my_cohorts(client, auth, world):
    submit(client, auth, world)
    auth.sign_in(world.supervisor)
    assert "Robin&#39;s map" in client.get("/maps/reviews").text
    auth.sign_out()
    auth.sign_in(world.other_supervisor)
    assert "Robin&#39;s map" not in client.get("/maps/reviews").text


def test_changes_requested_then_resubmitted_then_reviewed(client, auth, world):
    submit(client, auth, world)
    auth.sign_in(world.supervisor)
    page = client.get(f"/maps/{world.map.id}").text
    assert "Return this map to Priya Trainee" in page
    response = client.post_form(
        f"/maps/{world.map.id}/review",
        {
            "outcome": "changes_requested",
            "summary": "Good harm cards. Split the danger statement in two.",
        },
    )
    assert response.status_code == 302
    assert world.map.status is MapStatus.CHANGES_REQUESTED
    auth.sign_out()

    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").text
    assert "Changes requested by Sam Supervisor" in page
    assert "Split the danger statement in two." in page
    response = client.post_form(
        f"/maps/{world.map.id}/sections/harm/cards",
        {"add-harm-text": "A second bruise, on his leg."},
    )
    assert response.status_code == 303  # editable again
    assert client.post_form(f"/maps/{world.map.id}/submit").status_code == 302
    assert world.map.status is MapStatus.SUBMITTED
    auth.sign_out()

    auth.sign_in(world.supervisor)
    client.post_form(
        f"/maps/{world.map.id}/review", {"outcome": "reviewed", "summary": "Well done."}
    )
    assert world.map.status is MapStatus.REVIEWED
    auth.sign_out()
    auth.sign_in(world.trainee)
    assert (
        client.post_form(
            f"/maps/{world.map.id}/sections/harm/cards", {"add-harm-text": "x"}
        ).status_code
        == 403
    )
    actions = [
        e.action
        for e in db.session.scalars(db.select(MapEvent).where(MapEvent.map_id == world.map.id))
    ]
    assert actions.count("submitted") == 2
    assert "changes requested" in actions
    assert "reviewed" in actions


def test_review_needs_an_outcome_and_a_summary(client, auth, world):
    submit(client, auth, world)
    auth.sign_in(world.supervisor)
    before = row_counts()
    response = client.post_form(f"/maps/{world.map.id}/review", {"outcome": "", "summary": "  "})
    assert response.status_code == 400
    assert "Choose reviewed or changes requested" in response.text
    assert "Write a short summary for the trainee" in response.text
    assert row_counts() == before
    assert world.map.status is MapStatus.SUBMITTED


def test_only_the_cohorts_supervisors_review(client, auth, world):
    submit(client, auth, world)
    for person in (world.other_supervisor, world.trainee, world.champion, world.admin):
        auth.sign_in(person)
        response = client.post_form(
            f"/maps/{world.map.id}/review", {"outcome": "reviewed", "summary": "x"}
        )
        assert response.status_code == 403
        auth.sign_out()
    assert world.map.status is MapStatus.SUBMITTED


def test_my_exercises_shows_reviewed(world):
    exercise_template = world.template
    library.assign(exercise_template, world.cohort, world.supervisor, None)
    maps.submit_map(world.map, world.trainee)
    maps.return_map(
        world.map,
        db.session.get(User, world.supervisor.id),
        outcome=MapStatus.REVIEWED,
        summary="Good",
    )
    assert [e.status for e in library.exercises_for(world.trainee)] == ["reviewed"]


def submitted_maps(ids: tuple[int, int, int], count: int, start: int = 0) -> None:
    """`count` maps submitted by the classmate and the co-author (ids: theirs and the
    trainee's), each with the trainee as co-author. Loaded by id: a query count empties the
    session between batches."""
    from app.models import MapSource, Vocabulary

    people = [db.session.get(User, ids[0]), db.session.get(User, ids[1])]
    trainee = db.session.get(User, ids[2])
    for number in range(start, start + count):
        owner = people[number % 2]
        the_map = maps.create_map(
            owner,
            source=MapSource.BLANK,
            title=f"Waiting map {number:03d}",
            vocabulary=Vocabulary.CHILD_PROTECTION,
            co_authors=[trainee],
        )
        maps.submit_map(the_map, owner)


def test_the_review_queue_comes_a_page_at_a_time(client, auth, world):
    submitted_maps((world.classmate.id, world.co_author.id, world.trainee.id), 30)
    auth.sign_in(world.supervisor)
    first = client.get("/maps/reviews").text
    # The world's session map was submitted first, so it waits longest.
    assert "31 maps are waiting. Page 1 of 2." in first
    assert "Waiting map 023" in first
    assert "Waiting map 024" not in first
    second = client.get("/maps/reviews?page=2").text
    assert "Waiting map 024" in second
    assert "Waiting map 029" in second
    assert "Waiting map 000" not in second
    assert "Page 2 of 2" in client.get("/maps/reviews?page=999").text
    assert "Page 1 of 2" in client.get("/maps/reviews?page=-3").text


def test_the_review_queue_runs_the_same_queries_however_long_it_is(app, client, auth, world):
    from tests.test_maps_routes import query_count

    ids = (world.classmate.id, world.co_author.id, world.trainee.id)
    submitted_maps(ids, 3)
    auth.sign_in(world.supervisor)
    short = query_count(app, lambda: client.get("/maps/reviews"))
    submitted_maps(ids, 20, start=3)
    long = query_count(app, lambda: client.get("/maps/reviews"))
    assert short == long
