"""Review comments: threads on a map, a card, a statement pair or a rating; replies; resolving;
what the trainee and the supervisor see; and the whole review with feedback."""

import re
from datetime import date

import pytest
from markupsafe import escape

from app.extensions import db
from app.maps import comments, service
from app.maps.service import MapError
from app.models import (
    Card,
    Category,
    Comment,
    Map,
    MapEvent,
    MapSource,
    MapStatus,
    Perspective,
    User,
    Vocabulary,
)
from tests.conftest import row_counts
from tests.xss import PAYLOADS, markup_problems

HTMX = {"HX-Request": "true"}


@pytest.fixture
def submitted(world):
    """The world's map, submitted for review: its cohort's supervisor may now comment."""
    service.submit_map(world.map, world.trainee)
    return world


def comments_url(world, suffix=""):
    return f"/maps/{world.map.id}/comments{suffix}"


def events(world, action):
    return db.session.scalars(
        db.select(MapEvent).where(MapEvent.map_id == world.map.id, MapEvent.action == action)
    ).all()


# The service --------------------------------------------------------------------------------------


def test_a_reply_to_a_reply_joins_the_thread(world):
    first = comments.add_comment(
        world.map, world.supervisor, "Whose words are these?", card=world.card
    )
    answer = comments.reply(first, world.trainee, "The school nurse's.")
    again = comments.reply(answer, world.supervisor, "Then say so on the card.")
    assert answer.parent_id == first.id
    assert again.parent_id == first.id
    feedback = comments.threads_for(world.map)
    thread = next(t for t in feedback.threads if t.id == first.id)
    assert [c.body for c in thread.replies] == ["The school nurse's.", "Then say so on the card."]
    assert thread.about == "On the card: “Robin had a bruise on his arm.”"
    assert feedback.open_on_card(world.card.id) == 1
    assert answer.card_id is None  # only the thread's first comment carries the target


def test_resolve_and_reopen_a_thread(world):
    first = comments.add_comment(world.map, world.supervisor, "Add the date.", card=world.card)
    answer = comments.reply(first, world.trainee, "Done.")
    comments.resolve(first, world.trainee)
    assert first.is_resolved
    assert first.resolved_by_id == world.trainee.id
    feedback = comments.threads_for(world.map)
    assert [t.id for t in feedback.resolved] == [first.id]
    assert first.id not in [t.id for t in feedback.open]
    assert feedback.open_on_card(world.card.id) == 0
    comments.resolve(first, world.trainee)  # again: nothing changes
    assert len(events(world, "resolved comment")) == 1
    with pytest.raises(MapError, match="A reply cannot be resolved"):
        comments.resolve(answer, world.trainee)
    comments.unresolve(first, world.supervisor)
    assert not first.is_resolved
    assert first.resolved_by_id is None
    assert len(events(world, "reopened comment")) == 1


def test_open_threads_come_first(world):
    early = comments.add_comment(world.map, world.supervisor, "Early")
    late = comments.add_comment(world.map, world.supervisor, "Late")
    comments.resolve(early, world.supervisor)
    ids = [t.id for t in comments.threads_for(world.map).threads]
    assert ids == [world.comment.id, late.id, early.id]


def test_what_a_thread_is_about(world):
    scale = world.map.scales[0] if world.map.scales[0].pair_id is None else world.map.scales[1]
    rating = service.add_rating(scale, world.trainee, perspective=Perspective.WORKER, score=6)
    named = service.add_rating(
        world.pair.scale,
        world.trainee,
        perspective=Perspective.PARENT_OR_CARER,
        score=3,
        rater_name="Dee (mother)",
    )
    abouts = [
        comments.add_comment(world.map, world.supervisor, "x", **target)
        for target in ({}, {"pair": world.pair}, {"rating": rating}, {"rating": named})
    ]
    assert [comments.describe_target(c) for c in abouts] == [
        "On the whole map",
        "On danger statement 1",
        "On the worker's rating of 6 (the map's safety scale)",
        "On Dee (mother)'s rating of 3 (the scale for pair 1)",
    ]


def test_a_target_from_another_map_is_refused_and_nothing_is_written(world):
    other = service.create_map(
        world.classmate,
        source=MapSource.BLANK,
        title="Kit's own map",
        vocabulary=Vocabulary.CHILD_PROTECTION,
    )
    card = service.add_card(other, world.classmate, category=Category.HARM, text="Not yours")
    pair = service.add_pair(other, world.classmate, statement="S", goal="G")
    rating = service.add_rating(
        pair.scale, world.classmate, perspective=Perspective.WORKER, score=2
    )
    before = row_counts()
    for target, message in [
        ({"card": card}, "no such card"),
        ({"pair": pair}, "no such statement"),
        ({"rating": rating}, "no such rating"),
    ]:
        with pytest.raises(MapError, match=message):
            comments.add_comment(world.map, world.supervisor, "Sneaky", **target)
    with pytest.raises(MapError, match="one card, statement or rating at a time"):
        comments.add_comment(world.map, world.supervisor, "Two", card=world.card, pair=world.pair)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Enter your comment"),
        ("   \n ", "Enter your comment"),
        ("x" * 100_000, "5,000 characters or fewer"),
        ("Bad \x00 byte", "cannot be saved"),
    ],
)
def test_a_comment_needs_words_and_has_a_limit(world, body, message):
    before = row_counts()
    with pytest.raises(MapError, match=message):
        comments.add_comment(world.map, world.supervisor, body)
    with pytest.raises(MapError, match=message):
        comments.reply(world.comment, world.supervisor, body)
    assert row_counts() == before


def test_comments_are_in_the_history_and_flag_real_looking_data(world):
    first = comments.add_comment(
        world.map, world.supervisor, "Ring 07911 123456 about it?", card=world.card
    )
    assert first.flags == ["phone_number"]
    comments.reply(first, world.trainee, "No, it is fictional.")
    comments.resolve(first, world.trainee)
    summaries = [e.summary for e in service.history(world.map)]
    assert "Commented on the card: “Robin had a bruise on his arm.”" in summaries
    assert "Replied to the comment on the card: “Robin had a bruise on his arm.”" in summaries
    assert "Resolved the comment on the card: “Robin had a bruise on his arm.”" in summaries
    assert any(s.startswith("Text that looks like real personal data") for s in summaries)


# Over HTTP ---------------------------------------------------------------------------------------


def test_supervisor_comments_on_a_card_and_the_trainee_sees_it(client, auth, submitted):
    world = submitted
    auth.sign_in(world.supervisor)
    page = client.get(f"/maps/{world.map.id}").text
    assert 'Comment<span class="govuk-visually-hidden"> on card' in page
    assert "Comment on danger statement 1" in page
    response = client.post_form(
        comments_url(world), {"body": "Say who saw the bruise.", "card": world.card.id}
    )
    assert response.status_code == 303
    comment = db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    assert comment.card_id == world.card.id
    assert comment.author_id == world.supervisor.id
    auth.sign_out()

    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").text
    assert "2 comments to look at." in page  # the trainee's own question is open too
    assert '<a class="govuk-notification-banner__link" href="#feedback">' in page
    assert "Say who saw the bruise." in page
    assert ">1 comment</strong>" in page  # the marker on the card
    card_page = client.get(f"/maps/{world.map.id}/cards/{world.card.id}/comments")
    assert card_page.status_code == 200
    assert "Say who saw the bruise." in card_page.text
    assert "Is the harm card clear?" not in card_page.text  # a whole-map thread

    response = client.post_form(
        comments_url(world, f"/{comment.id}/replies"), {"body": "The nursery manager."}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    assert [r.body for r in comment.replies] == ["The nursery manager."]
    auth.sign_out()

    auth.sign_in(world.supervisor)
    assert client.post_form(comments_url(world, f"/{comment.id}/resolve")).status_code == 303
    assert comment.is_resolved
    auth.sign_out()
    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").text
    assert "1 comment to look at." in page
    assert "Resolved</strong>" in page
    assert "by Sam Supervisor" in page


def test_only_authors_and_the_cohorts_supervisors_comment(client, auth, submitted):
    world = submitted
    for person in (world.other_supervisor, world.classmate, world.champion, world.admin):
        auth.sign_in(person)
        for url, data in [
            (comments_url(world), {"body": "Hello"}),
            (comments_url(world, f"/{world.comment.id}/replies"), {"body": "Hello"}),
            (comments_url(world, f"/{world.comment.id}/resolve"), {}),
        ]:
            assert client.post_form(url, data).status_code == 403, (person.name, url)
        auth.sign_out()
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1


def test_a_draft_is_not_open_to_supervisors(client, auth, world):
    auth.sign_in(world.supervisor)
    response = client.post_form(comments_url(world), {"body": "Too early"})
    assert response.status_code == 403


def test_group_supervision_readers_do_not_see_or_write_feedback(client, auth, world):
    """The trainee presents the classmate's map in a session: they may read it, not its feedback."""
    comments.add_comment(world.session_map, world.supervisor, "Private to Kit and me.")
    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.session_map.id}")
    assert page.status_code == 200
    assert "Private to Kit and me." not in page.text
    assert 'id="feedback"' not in page.text
    response = client.post_form(f"/maps/{world.session_map.id}/comments", {"body": "Hi"})
    assert response.status_code == 403


def test_a_comment_of_another_map_is_not_found(client, auth, world):
    other = service.create_map(
        world.trainee, source=MapSource.BLANK, title="Second", vocabulary=Vocabulary.EARLY_HELP
    )
    auth.sign_in(world.trainee)
    for suffix in ("replies", "resolve", "unresolve"):
        response = client.post_form(
            f"/maps/{other.id}/comments/{world.comment.id}/{suffix}", {"body": "x"}
        )
        assert response.status_code == 404


def test_bad_comments_are_refused_clearly(client, auth, submitted):
    world = submitted
    other = service.create_map(
        world.classmate, source=MapSource.BLANK, title="Kit's", vocabulary=Vocabulary.EARLY_HELP
    )
    foreign = service.add_card(other, world.classmate, category=Category.HARM, text="Kit's card")
    auth.sign_in(world.supervisor)
    before = row_counts()
    for data, message in [
        ({"body": "  "}, "Enter your comment"),
        ({"body": "x" * 100_000}, "A comment must be 5,000 characters or fewer"),
        ({"body": "Hello", "card": foreign.id}, "There is no such card on this map"),
        ({"body": "Hello", "card": "abc"}, "Enter a whole number"),
        ({"body": "Hello", "pair": "99999999999999999999"}, "Choose a card, statement or rating"),
        ({"body": "Hello", "rating": 999999}, "There is no such rating on this map"),
    ]:
        page = client.post_form(comments_url(world), data)
        assert page.status_code == 400, data
        assert message in page.text, data
        assert "<title>Error:" in page.text
        fragment = client.post_form(comments_url(world), data, headers=HTMX)
        assert fragment.status_code == 400
        assert message in fragment.text
        assert "<html" not in fragment.text
    response = client.post_form(comments_url(world, f"/{world.comment.id}/replies"), {"body": ""})
    assert response.status_code == 400
    assert "Enter your comment" in response.text
    assert row_counts() == before


def test_a_reply_cannot_be_resolved_on_its_own(client, auth, submitted):
    world = submitted
    answer = comments.reply(world.comment, world.supervisor, "Yes, it is clear.")
    auth.sign_in(world.trainee)
    response = client.post_form(comments_url(world, f"/{answer.id}/resolve"))
    assert response.status_code == 409
    assert "resolve the whole thread" in response.text


def test_card_comments_open_in_place_with_htmx(client, auth, submitted):
    world = submitted
    auth.sign_in(world.supervisor)
    fragment = client.get(f"/maps/{world.map.id}/cards/{world.card.id}/comments", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert f'id="card-{world.card.id}-comments"' in fragment.text
    assert "No comments on this card yet." in fragment.text
    assert f'name="card" value="{world.card.id}"' in fragment.text

    region = f"card-{world.card.id}-comments"
    response = client.post_form(
        comments_url(world),
        {"body": "Whose words?", "card": world.card.id},
        headers={**HTMX, "HX-Target": region},
    )
    assert response.status_code == 200
    text = response.text
    assert text.lstrip().startswith(f'<div class="app-card-comments" id="{region}">')
    assert "Whose words?" in text
    assert 'id="feedback" aria-labelledby="feedback-heading" hx-swap-oob="true"' in text
    assert f'id="card-{world.card.id}-feedback" hx-swap-oob="true"' in text
    assert ">1 comment</strong>" in text
    assert '<div id="announcer" hx-swap-oob="innerHTML">Comment added.</div>' in text
    assert 'id="feedback-notice" hx-swap-oob="true"' in text


def test_the_feedback_panel_is_swapped_after_a_reply_or_resolution(client, auth, submitted):
    world = submitted
    auth.sign_in(world.trainee)
    headers = {**HTMX, "HX-Target": "feedback"}
    response = client.post_form(
        comments_url(world, f"/{world.comment.id}/replies"), {"body": "Any view?"}, headers=headers
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(
        '<section class="app-panel app-feedback" id="feedback"'
    )
    assert "Any view?" in response.text
    assert "Reply added." in response.text
    response = client.post_form(
        comments_url(world, f"/{world.comment.id}/resolve"), headers=headers
    )
    assert "Comment resolved." in response.text
    assert "Every comment has been resolved." in response.text
    response = client.post_form(
        comments_url(world, f"/{world.comment.id}/unresolve"), headers=headers
    )
    assert "Comment reopened." in response.text
    assert "1 open comment." in response.text


def test_comments_on_pairs_and_ratings_from_the_map_page(client, auth, submitted):
    world = submitted
    rating = service.add_rating(
        world.pair.scale, world.trainee, perspective=Perspective.WORKER, score=6
    )
    auth.sign_in(world.supervisor)
    page = client.get(f"/maps/{world.map.id}").text
    assert f'<option value="{rating.id}">6 from Worker' in page
    for target, about in [("pair", "On danger statement 1"), ("rating", "On the worker's rating")]:
        value = world.pair.id if target == "pair" else rating.id
        response = client.post_form(comments_url(world), {"body": "Look again", target: value})
        assert response.status_code == 303
        page = client.get(f"/maps/{world.map.id}").text
        assert str(escape(about)) in page


def test_review_queue_counts_open_comments(client, auth, submitted):
    world = submitted
    comments.add_comment(world.map, world.supervisor, "One more")
    auth.sign_in(world.supervisor)
    assert "2 open comments" in client.get("/maps/reviews").text


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_comments_are_shown_literally(client, auth, submitted, payload):
    world = submitted
    auth.sign_in(world.supervisor)
    response = client.post_form(comments_url(world), {"body": payload, "card": world.card.id})
    assert response.status_code == 303
    thread = db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()
    comments.reply(thread, world.trainee, payload)
    pages = {
        "map": client.get(f"/maps/{world.map.id}"),
        "card page": client.get(f"/maps/{world.map.id}/cards/{world.card.id}/comments"),
        "card fragment": client.get(
            f"/maps/{world.map.id}/cards/{world.card.id}/comments", headers=HTMX
        ),
        "after a reply": client.post_form(
            comments_url(world, f"/{thread.id}/replies"),
            {"body": payload},
            headers={**HTMX, "HX-Target": f"card-{world.card.id}-comments"},
        ),
        "history": client.get(f"/maps/{world.map.id}/history"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert markup_problems(page.text) == [], name
        if name != "history":
            assert str(escape(payload.strip())) in page.text, name


def test_the_whole_review_with_feedback(client, auth, world):
    auth.sign_in(world.trainee)
    assert client.post_form(f"/maps/{world.map.id}/submit").status_code == 302
    auth.sign_out()

    # The supervisor comments on a card, then returns the map for changes.
    auth.sign_in(world.supervisor)
    response = client.post_form(
        comments_url(world),
        {"body": "Which day was this? Add it to the card.", "card": world.card.id},
    )
    assert response.status_code == 303
    response = client.post_form(
        f"/maps/{world.map.id}/review",
        {"outcome": "changes_requested", "summary": "Good start. See my comment on the harm card."},
    )
    assert response.status_code == 302
    assert world.map.status is MapStatus.CHANGES_REQUESTED
    auth.sign_out()

    # The trainee sees the comment, edits the card, replies and resolves, then submits again.
    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").text
    assert "2 comments to look at." in page
    assert "Which day was this? Add it to the card." in page
    thread = db.session.scalars(db.select(Comment).where(Comment.card_id == world.card.id)).one()
    response = client.post_form(
        f"/maps/{world.map.id}/cards/{world.card.id}",
        {
            f"card-{world.card.id}-text": "On Monday 2 March Robin had a bruise on his arm.",
            f"card-{world.card.id}-version": world.card.version,
        },
    )
    assert response.status_code == 303
    client.post_form(comments_url(world, f"/{thread.id}/replies"), {"body": "Added: Monday."})
    client.post_form(comments_url(world, f"/{thread.id}/resolve"))
    client.post_form(comments_url(world, f"/{world.comment.id}/resolve"))
    page = client.get(f"/maps/{world.map.id}").text
    assert "to look at." not in page
    assert client.post_form(f"/maps/{world.map.id}/submit").status_code == 302
    auth.sign_out()

    # The supervisor returns it as reviewed; the history tells the story.
    auth.sign_in(world.supervisor)
    response = client.post_form(
        f"/maps/{world.map.id}/review", {"outcome": "reviewed", "summary": "Well done."}
    )
    assert response.status_code == 302
    assert world.map.status is MapStatus.REVIEWED
    history = client.get(f"/maps/{world.map.id}/history").text
    for line in [
        "Commented on the card: “Robin had a bruise on his arm.”",
        "Replied to the comment on the card: “On Monday 2 March Robin had a bruise on his arm.”",
        "Resolved the comment on the card:",
        "Resolved the comment on the whole map",
    ]:
        assert str(escape(line)) in history, line
    # Feedback stays readable once the map is reviewed.
    page = client.get(f"/maps/{world.map.id}").text
    assert "Which day was this? Add it to the card." in page
    assert "Added: Monday." in page


def test_map_page_queries_stay_flat_with_feedback(app, client, auth, submitted):
    """Many threads and replies cost the map page no more queries than one."""
    from tests.test_maps_routes import query_count

    world = submitted
    auth.sign_in(world.supervisor)
    url = f"/maps/{world.map.id}"
    client.get(url)  # the supervisor's cohort, loaded once per request either way
    small = query_count(app, lambda: client.get(url))
    # query_count empties the session: fetch what the service needs again.
    the_map, card = db.session.get(Map, world.map.id), db.session.get(Card, world.card.id)
    supervisor, trainee = db.session.get(User, world.supervisor.id), the_map.owner
    for n in range(40):
        thread = comments.add_comment(the_map, supervisor, f"Thread {n}", card=card)
        comments.reply(thread, trainee, f"Reply {n}")
    large = query_count(app, lambda: client.get(url))
    assert large == small


def test_dates_and_names_show_on_each_message(client, auth, submitted):
    world = submitted
    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").text
    assert re.search(r"<strong>Priya Trainee</strong>,\s*<time datetime=", page)
    assert date.today().strftime("%-d %B %Y") in page
