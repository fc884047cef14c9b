"""Server-side sessions: signing out, a password change, a deactivation or time ends them.

Time is moved by editing a session row's timestamps, never by sleeping."""

import hashlib
from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie

from app import create_app
from app.config import ProductionConfig
from app.extensions import db
from app.models import Card, PendingChange, UserSession
from app.models._types import utcnow
from tests.conftest import row_counts, sql_statements
from tests.databases import config_for
from tests.factories import PASSWORD

NEW_PASSWORD = "kettle-orchard-violet-stamp"


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def the_session(user) -> UserSession:
    return db.session.scalar(
        db.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id.desc())
    )


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_signing_in_keeps_only_a_hash_of_the_session_id(client, auth, world):
    auth.sign_in(world.trainee)
    with client.session_transaction() as cookie:
        raw_id = cookie["sid"]
    row = the_session(world.trainee)
    assert row.token_hash == hashlib.sha256(raw_id.encode()).hexdigest()
    assert raw_id not in row.token_hash
    assert row.ended_at is None


def test_a_replayed_cookie_after_signing_out_is_refused(client, auth, world):
    """Finding 2: keep the cookie, sign out, put the cookie back: still signed out."""
    auth.sign_in(world.trainee)
    kept = session_cookie(client)
    assert signed_in(client)
    auth.sign_out()
    assert the_session(world.trainee).ended_at is not None
    client.set_cookie("session", kept, domain="localhost")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_a_copied_cookie_is_refused_once_the_session_has_ended(app, auth, client, world):
    auth.sign_in(world.trainee)
    other_browser = app.test_client()
    other_browser.set_cookie("session", session_cookie(client), domain="localhost")
    assert signed_in(other_browser)
    auth.sign_out()
    assert not signed_in(other_browser)


def test_changing_the_password_ends_every_other_session_but_not_this_one(app, client, world):
    phone = app.test_client()
    for browser in (client, phone):
        browser.post_form("/sign-in", {"email": world.trainee.email, "password": PASSWORD})
        assert signed_in(browser)
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert "You have been signed out everywhere else" in client.get("/").text
    assert signed_in(client)
    assert not signed_in(phone)
    open_rows = db.session.scalars(
        db.select(UserSession).where(
            UserSession.user_id == world.trainee.id, UserSession.ended_at.is_(None)
        )
    ).all()
    assert len(open_rows) == 1


def test_deactivating_a_person_ends_all_their_sessions(app, client, auth, world):
    trainee_browser = app.test_client()
    trainee_browser.post_form("/sign-in", {"email": world.trainee.email, "password": PASSWORD})
    assert signed_in(trainee_browser)
    auth.sign_in(world.admin)
    client.post_form(f"/people/{world.trainee.id}/deactivate")
    assert the_session(world.trainee).ended_at is not None
    assert not signed_in(trainee_browser)
    # Reactivating does not bring an ended session back.
    client.post_form(f"/people/{world.trainee.id}/reactivate")
    assert not signed_in(trainee_browser)


def test_deactivating_from_the_command_line_ends_sessions_too(client, auth, runner, world):
    auth.sign_in(world.trainee)
    result = runner.invoke(args=["users", "deactivate", world.trainee.email])
    assert result.exit_code == 0, result.output
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("moved", "reason"),
    [
        ({"created_at": timedelta(hours=12, seconds=1)}, "lifetime"),
        # Busy all day: seen a minute ago, but signed in over 12 hours ago.
        (
            {"created_at": timedelta(hours=12, seconds=1), "last_seen_at": timedelta(minutes=1)},
            "lifetime",
        ),
        ({"last_seen_at": timedelta(hours=2, seconds=1)}, "idle"),
    ],
)
def test_a_session_ends_after_its_lifetime_or_when_idle(client, auth, world, moved, reason):
    auth.sign_in(world.trainee)
    row = the_session(world.trainee)
    for column, ago in moved.items():
        setattr(row, column, utcnow() - ago)
    db.session.commit()
    response = client.get("/")
    assert response.headers["Location"].startswith("/sign-in")
    db.session.refresh(row)
    assert row.ended_at is not None
    # Signing in again starts a new session.
    auth.sign_in(world.trainee)
    assert signed_in(client)


def test_a_session_used_within_its_limits_stays_open(client, auth, world):
    auth.sign_in(world.trainee)
    row = the_session(world.trainee)
    row.created_at = utcnow() - timedelta(hours=11, minutes=59)
    row.last_seen_at = utcnow() - timedelta(hours=1, minutes=59)
    db.session.commit()
    assert signed_in(client)
    db.session.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_the_idle_timeout_is_configurable(app, client, auth, world):
    app.config["SESSION_IDLE_TIMEOUT"] = 60 * 30
    auth.sign_in(world.trainee)
    row = the_session(world.trainee)
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert not signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, auth, world):
    auth.sign_in(world.trainee)
    client.get("/")
    writes = [
        statement
        for statement in sql_statements(lambda: client.get("/"))
        if statement.startswith("UPDATE user_sessions")
    ]
    assert writes == []
    row = the_session(world.trainee)
    row.last_seen_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    writes = [
        statement
        for statement in sql_statements(lambda: client.get("/"))
        if statement.startswith("UPDATE user_sessions")
    ]
    assert len(writes) == 1


def test_the_cookie_lifetime_does_not_slide(app, client, auth, world):
    assert app.config["SESSION_REFRESH_EACH_REQUEST"] is False
    auth.sign_in(world.trainee)
    client.get("/")  # the page's form token is stored in the session
    response = client.get("/")
    assert "Set-Cookie" not in response.headers


def test_signing_in_gives_a_new_form_token(client, auth, world):
    before = client.csrf_token()
    auth.sign_in(world.trainee)
    assert client.csrf_token() != before


def test_a_remember_cookie_alone_signs_no_one_in(app, client, world):
    """The app never sets Flask-Login's remember cookie; a forged or old one opens nothing,
    because there is no live server-side session behind it."""
    client.set_cookie("remember_token", encode_cookie(str(world.trainee.id)), domain="localhost")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_a_cookie_naming_someone_else_is_refused(client, auth, world):
    auth.sign_in(world.trainee)
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(world.admin.id)
    assert client.get("/people/").headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("session_id", [None, 12345, "not-a-session"])
def test_a_missing_or_made_up_session_id_is_refused(client, auth, world, session_id):
    auth.sign_in(world.trainee)
    with client.session_transaction() as cookie:
        if session_id is None:
            del cookie["sid"]
        else:
            cookie["sid"] = session_id
    assert not signed_in(client)


def test_a_change_posted_after_the_session_timed_out_is_kept(client, auth, world):
    auth.sign_in(world.trainee)
    token, keep_token = client.csrf_token(), client.keep_token()
    row = the_session(world.trainee)
    row.last_seen_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    before = row_counts()
    # As static/js/app.js sends it from the app's own page: the person's keep token, same origin.
    response = client.post(
        f"/maps/{world.map.id}/sections/harm/cards",
        data={"csrf_token": token, "add-harm-text": "Typed before the long meeting"},
        headers={"X-Keep-Token": keep_token, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.headers["Location"].startswith("/sign-in?next=/unsaved-change")
    assert row_counts()["cards"] == before["cards"]
    assert db.session.scalar(db.select(db.func.count()).select_from(PendingChange)) == 1
    response = client.post_form("/sign-in", {"email": world.trainee.email, "password": PASSWORD})
    assert response.headers["Location"] == "/unsaved-change"
    assert "Typed before the long meeting" in client.get("/unsaved-change").text
    assert not db.session.scalar(
        db.select(Card).where(Card.text == "Typed before the long meeting")
    )


def test_old_session_rows_are_removed_when_someone_signs_in(client, auth, world):
    auth.sign_in(world.trainee)
    old = the_session(world.trainee)
    old.created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    auth.sign_in(world.admin)
    assert the_session(world.trainee) is None
    assert the_session(world.admin) is not None


def test_production_session_cookie_is_a_host_cookie(database_url):
    config = type(
        "Good",
        (ProductionConfig,),
        {"SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": database_url},
    )
    app = create_app(config)
    assert app.config["REMEMBER_COOKIE_NAME"].startswith("__Host-")
    response = app.test_client().get("/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain=" not in cookie
    with app.app_context():
        db.engine.dispose()


def test_a_test_config_app_is_not_a_host_cookie(database_url):
    """Outside production (plain http on a laptop) the cookie keeps Flask's name."""
    app = create_app(config_for(database_url))
    assert app.config["SESSION_COOKIE_NAME"] == "session"
    with app.app_context():
        db.engine.dispose()
