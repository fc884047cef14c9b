"""Nothing typed is lost to an ended session: the change is kept and offered after sign-in."""

from app.extensions import db
from app.models import Card, PendingChange
from tests.conftest import row_counts
from tests.factories import PASSWORD


def end_session(client):
    client.delete_cookie("session", domain="localhost")


def post_card_after_session_ended(client, auth, world, headers=None):
    auth.sign_in(world.trainee)
    token = client.csrf_token()
    end_session(client)
    return client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={"csrf_token": token, "add-harm-text": "Words typed over a long lunch"},
        headers=headers or {},
    )


def test_change_after_session_ended_is_kept_not_applied(client, auth, world):
    cards_before = db.session.scalar(db.select(db.func.count()).select_from(Card))
    response = post_card_after_session_ended(client, auth, world)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/unsaved-change")
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) == cards_before
    assert db.session.scalar(db.select(db.func.count()).select_from(PendingChange)) == 1
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
    assert db.session.scalar(db.select(db.func.count()).select_from(PendingChange)) == 0


def test_htmx_change_after_session_ended_redirects_the_page(client, auth, world):
    response = post_card_after_session_ended(client, auth, world, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in?next=/unsaved-change")


def test_someone_else_signing_in_does_not_see_it(client, auth, world):
    post_card_after_session_ended(client, auth, world)
    auth.sign_in(world.classmate)
    page = client.get("/unsaved-change")
    assert page.status_code == 409
    assert "Words typed over a long lunch" not in page.text


def test_signed_out_in_another_tab_keeps_the_change_too(client, auth, world):
    auth.sign_in(world.trainee)
    token = client.csrf_token()
    auth.sign_out()
    before = row_counts()
    response = client.post(
        f"/maps/{world.map.id}/cards/{world.card.id}",
        data={
            "csrf_token": token,
            f"card-{world.card.id}-text": "Edited after sign-out",
            f"card-{world.card.id}-version": "1",
        },
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
