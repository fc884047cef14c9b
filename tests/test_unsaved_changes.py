"""Nothing typed is lost to an ended session: the change is kept and offered after sign-in, to
its own person only, and only when it came from the app's own page with their keep token."""

from datetime import timedelta

import pytest

from app.auth import pending
from app.extensions import db
from app.models import Card, MapCoAuthor, PendingChange
from app.models._types import utcnow
from tests.conftest import row_counts
from tests.factories import PASSWORD, UserFactory

# What a browser adds to a request from one of the app's own pages.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def end_session(client):
    client.delete_cookie("session", domain="localhost")


def kept_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(PendingChange))


def tokens_of(client, auth, user) -> dict:
    """Sign `user` in and read the page's tokens, as static/js/app.js does."""
    auth.sign_in(user)
    return {"csrf": client.csrf_token(), "keep": client.keep_token()}


def post_card_after_session_ended(client, auth, world, headers=None, text=None):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    return client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={
            "csrf_token": tokens["csrf"],
            "add-harm-text": text or "Words typed over a long lunch",
        },
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"], **(headers or {})},
    )


def test_change_after_session_ended_is_kept_not_applied(client, auth, world):
    cards_before = db.session.scalar(db.select(db.func.count()).select_from(Card))
    response = post_card_after_session_ended(client, auth, world)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/unsaved-change")
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) == cards_before
    assert kept_count() == 1
    change = db.session.scalar(db.select(PendingChange))
    assert change.user_id == world.trainee.id
    assert "what you typed has been kept" in client.get("/sign-in").text


def test_after_signing_in_the_change_is_shown_and_saved(client, auth, world):
    post_card_after_session_ended(client, auth, world)
    response = client.post_form("/sign-in", {"email": world.trainee.email, "password": PASSWORD})
    assert response.headers["Location"] == "/unsaved-change"
    page = client.get("/unsaved-change")
    assert page.status_code == 200
    assert "Words typed over a long lunch" in page.text
    assert f'action="/maps/{world.map.id}/sections/harm/cards"' in page.text
    # The page's form posts the kept fields with a fresh token.
    response = client.post_form(
        f"/maps/{world.map.id}/sections/harm/cards",
        {"add-harm-text": "Words typed over a long lunch"},
    )
    assert response.status_code == 303
    assert db.session.scalar(db.select(Card).where(Card.text == "Words typed over a long lunch"))
    assert kept_count() == 0


def test_htmx_change_after_session_ended_redirects_the_page(client, auth, world):
    response = post_card_after_session_ended(client, auth, world, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in?next=/unsaved-change")


def test_a_plain_form_post_may_carry_the_token_as_a_field(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={
            "csrf_token": tokens["csrf"],
            "keep_token": tokens["keep"],
            "add-harm-text": "Sent without JavaScript",
        },
        headers={"Origin": "http://localhost"},
    )
    change = db.session.scalar(db.select(PendingChange))
    assert change.form == {"add-harm-text": ["Sent without JavaScript"]}


def test_someone_else_signing_in_is_not_handed_it(client, auth, world):
    post_card_after_session_ended(client, auth, world)
    response = auth.sign_in(world.classmate)
    assert response.headers["Location"] == "/"
    page = client.get("/unsaved-change", follow_redirects=True)
    assert "Words typed over a long lunch" not in page.text
    assert "There is no unsaved change waiting for you" in page.text
    assert kept_count() == 0


def test_a_token_of_one_person_is_not_handed_to_another(client, auth, world):
    """A's token with the change; B signs in on that browser: B is not shown A's change."""
    a_tokens = tokens_of(client, auth, world.co_author)
    auth.sign_out()
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={"csrf_token": tokens["csrf"], "add-harm-text": "Co-author's words"},
        headers={**SAME_ORIGIN, "X-Keep-Token": a_tokens["keep"]},
    )
    assert db.session.scalar(db.select(PendingChange.user_id)) == world.co_author.id
    auth.sign_in(world.trainee)
    assert "Co-author's words" not in client.get("/unsaved-change", follow_redirects=True).text


def test_signed_out_in_another_tab_keeps_the_change_too(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    auth.sign_out()
    before = row_counts()
    response = client.post(
        f"/maps/{world.map.id}/cards/{world.card.id}",
        data={
            "csrf_token": tokens["csrf"],
            f"card-{world.card.id}-text": "Edited after sign-out",
            f"card-{world.card.id}-version": "1",
        },
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
    )
    assert response.headers["Location"].startswith("/sign-in?next=/unsaved-change")
    assert row_counts()["cards"] == before["cards"]
    assert world.card.text != "Edited after sign-out"
    auth.sign_in(world.trainee)
    assert "Edited after sign-out" in client.get("/unsaved-change").text


def test_nothing_waiting(client, auth, world):
    auth.sign_in(world.trainee)
    response = client.get("/unsaved-change", follow_redirects=True)
    assert "There is no unsaved change waiting for you" in response.text


# Finding 1: a form another site posts becomes nothing at all ------------------------------------


def settings_post(world, **fields):
    return {
        "title": "Renamed by another site",
        "vocabulary": "early_help",
        "co_authors": str(world.classmate.id),
        **fields,
    }


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {},  # a request that proves nothing about where it came from
    ],
)
def test_a_cross_site_form_stores_nothing_and_nothing_is_offered(client, auth, world, headers):
    """Another site auto-posts the settings form into a browser whose cookie is withheld."""
    before = row_counts()
    response = client.post(
        f"/maps/{world.map.id}/settings", data=settings_post(world), headers=headers
    )
    assert response.status_code == 400
    assert row_counts() == before
    if headers:  # the browser said where the form came from: its cookie is left alone
        assert "session=" not in response.headers.get("Set-Cookie", "")
    response = auth.sign_in(world.trainee)
    assert response.headers["Location"] == "/"
    assert "There is no unsaved change" in client.get("/unsaved-change", follow_redirects=True).text
    assert not db.session.scalar(
        db.select(MapCoAuthor).where(MapCoAuthor.user_id == world.classmate.id)
    )


def test_same_origin_without_a_keep_token_stores_nothing(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    before = row_counts()
    client.post(
        f"/maps/{world.map.id}/settings",
        data={"csrf_token": tokens["csrf"], **settings_post(world)},
        headers=SAME_ORIGIN,
    )
    assert row_counts() == before


def test_a_forged_or_foreign_token_stores_nothing(client, auth, world, app):
    from itsdangerous import URLSafeTimedSerializer

    for token in [
        "not-a-token",
        URLSafeTimedSerializer("another-secret", salt=pending.KEEP_SALT).dumps({"user": 1}),
        # Signed with the app's key for another purpose (the session's salt): not a keep token.
        URLSafeTimedSerializer(app.config["SECRET_KEY"]).dumps({"user": world.trainee.id}),
    ]:
        client.post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"add-harm-text": "Forged"},
            headers={**SAME_ORIGIN, "X-Keep-Token": token},
        )
    assert kept_count() == 0


def test_a_kept_settings_change_is_shown_with_names_and_never_pre_chosen(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/settings",
        data={"csrf_token": tokens["csrf"], **settings_post(world, has_grey_area="y")},
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
    )
    assert kept_count() == 1
    auth.sign_in(world.trainee)
    page = client.get("/unsaved-change").text
    assert "Kit Classmate" in page  # the co-author's name, not their id
    assert "Early help" in page  # the vocabulary's label
    assert "Renamed by another site" in page
    # Choices are not carried over: no form posts them, the person opens the page to choose.
    assert 'name="co_authors"' not in page
    assert "checked" not in page
    assert "selected" not in page
    assert "Save this change" not in page
    assert f'href="/maps/{world.map.id}/settings"' in page
    assert not db.session.scalar(
        db.select(MapCoAuthor).where(MapCoAuthor.user_id == world.classmate.id)
    )


def test_a_kept_change_expires_after_a_day_even_when_not_cleaned_up(client, auth, world):
    post_card_after_session_ended(client, auth, world)
    change = db.session.scalar(db.select(PendingChange))
    change.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    response = auth.sign_in(world.trainee)
    assert response.headers["Location"] == "/"
    page = client.get("/unsaved-change", follow_redirects=True).text
    assert "Words typed over a long lunch" not in page


def test_a_keep_token_lasts_a_day(app, client, auth, world, monkeypatch):
    from itsdangerous import TimestampSigner

    auth.sign_in(world.trainee)
    csrf = client.csrf_token()
    fresh_token = client.keep_token()
    day_ago = int((utcnow() - timedelta(hours=25)).timestamp())
    with monkeypatch.context() as patched:
        patched.setattr(TimestampSigner, "get_timestamp", lambda self: day_ago)
        old_token = pending.keep_token_for(world.trainee)
    end_session(client)
    for text, token in [("Too late", old_token), ("In time", fresh_token)]:
        client.post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"csrf_token": csrf, "add-harm-text": text},
            headers={**SAME_ORIGIN, "X-Keep-Token": token},
        )
    assert db.session.scalar(db.select(PendingChange.form)) == {"add-harm-text": ["In time"]}


def test_one_change_per_browser(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    for text in ("The first", "A second one"):
        client.post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"csrf_token": tokens["csrf"], "add-harm-text": text},
            headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
        )
    assert kept_count() == 1


def test_a_few_changes_per_person_and_per_address(app, world):
    """Finding 7: a fresh cookie each time no longer means a fresh row each time."""

    def post_from_a_fresh_browser(person, address):
        app.test_client().post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"add-harm-text": f"Typed by {person.name}"},
            headers={**SAME_ORIGIN, "X-Keep-Token": pending.keep_token_for(person)},
            environ_base={"REMOTE_ADDR": address},
        )

    # One person, from many addresses: their own cap holds.
    for n in range(pending.MAX_PER_PERSON + 3):
        post_from_a_fresh_browser(world.trainee, f"10.0.0.{n + 1}")
    assert kept_count() == pending.MAX_PER_PERSON
    # Many people from one address (a training room): the address's cap holds.
    for person in UserFactory.create_batch(
        pending.MAX_PER_ADDRESS + 3, organisation=world.organisation
    ):
        post_from_a_fresh_browser(person, "10.1.1.1")
    assert kept_count() == pending.MAX_PER_PERSON + pending.MAX_PER_ADDRESS


def test_anonymous_posts_without_a_keep_token_store_nothing(app, world):
    """Finding 7: anonymous POSTs to /maps/* from fresh cookies, each with a body."""
    before = row_counts()
    for attempt in range(10):
        app.test_client().post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"add-harm-text": "x" * 60_000},
            headers={**SAME_ORIGIN, "X-Keep-Token": f"guess-{attempt}"},
        )
    assert row_counts() == before


def test_pages_posted_without_javascript_carry_the_keep_token(app, client, auth, world):
    import re

    from itsdangerous import URLSafeTimedSerializer

    auth.sign_in(world.trainee)
    reader = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=pending.KEEP_SALT)
    for url in (
        f"/maps/{world.map.id}/settings",
        f"/maps/{world.map.id}/cards/{world.card.id}/edit",
    ):
        field = re.search(r'name="keep_token" value="([^"]+)"', client.get(url).text)
        assert reader.loads(field.group(1)) == {"user": world.trainee.id}, url


def test_signed_out_pages_carry_no_keep_token(client):
    assert 'name="keep-token"' not in client.get("/sign-in").text


def test_a_kept_rating_is_shown_in_words_and_made_again_on_the_map(client, auth, world):
    scale = world.pair.scale
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/scales/{scale.id}/ratings",
        data={
            "csrf_token": tokens["csrf"],
            f"scale-{scale.id}-perspective": "supervisor",
            f"scale-{scale.id}-score": "7",
            f"scale-{scale.id}-reason": "Dad has kept every appointment.",
            f"scale-{scale.id}-rater_name": "<not a choice>",
        },
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
    )
    auth.sign_in(world.trainee)
    page = client.get("/unsaved-change").text
    assert "Whose view" in page
    assert "Supervisor" in page
    assert "Dad has kept every appointment." in page
    assert f'href="/maps/{world.map.id}#scale-{scale.id}"' in page
    assert "Save this change" not in page


def test_a_choice_the_page_does_not_offer_is_named_as_such(client, auth, world):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/settings",
        data={"csrf_token": tokens["csrf"], "vocabulary": "klingon", "co_authors": "99999"},
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
    )
    auth.sign_in(world.trainee)
    page = client.get("/unsaved-change").text
    assert "a choice the page does not offer" in page
    assert "someone who cannot be a co-author of this map" in page


@pytest.mark.parametrize(
    "form",
    [{"add-harm-text": "   "}, {"add-harm-text": "x" * (pending.MAX_SIZE + 1)}],
    ids=["nothing typed", "too large"],
)
def test_nothing_typed_or_too_much_is_not_kept(client, auth, world, form):
    tokens = tokens_of(client, auth, world.trainee)
    end_session(client)
    client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={"csrf_token": tokens["csrf"], **form},
        headers={**SAME_ORIGIN, "X-Keep-Token": tokens["keep"]},
    )
    assert kept_count() == 0


def test_a_token_of_someone_who_no_longer_exists_keeps_nothing(app, client, world):
    from itsdangerous import URLSafeTimedSerializer

    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=pending.KEEP_SALT)
    for data in ({"user": 999_999}, {"user": "1"}, ["user", 1]):
        client.post(
            f"/maps/{world.map.id}/sections/harm/cards",
            data={"add-harm-text": "Words"},
            headers={**SAME_ORIGIN, "X-Keep-Token": signer.dumps(data)},
        )
    assert kept_count() == 0
