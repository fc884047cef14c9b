"""Security headers, CSRF on every unsafe route, error pages, security events logged."""

import json
import logging
import re

import pytest

from app.audit import LOGGER_NAME, JSONLineFormatter, log_event
from app.extensions import db
from app.models import Cohort, User
from tests.conftest import row_counts
from tests.factories import PASSWORD


def test_security_headers_on_every_page(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_error_pages_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, auth, world):
    auth.sign_in(world.admin)
    for url in ["/", "/people/", "/cohorts/", "/sign-in", "/accessibility"]:
        html = client.get(url).text
        assert "<script>" not in html
        assert "<script " not in html.replace("<script src=", "").replace(
            '<script type="module" src=', ""
        )
        assert " style=" not in html
        assert "<style" not in html


def test_session_cookie_is_httponly_and_lax(client, world):
    response = client.post_form(
        "/sign-in", {"email": world.trainee.email, "password": "a-long-test-password"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def unsafe_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "POST" in rule.methods),
        key=lambda rule: rule.rule,
    )


@pytest.mark.parametrize("who", ["admin", "trainee"])
def test_every_unsafe_route_rejects_a_missing_csrf_token(app, client, auth, world, who):
    from flask import url_for

    from tests.test_permissions import url_values

    auth.sign_in(getattr(world, who))
    values = url_values(world)
    for rule in unsafe_rules(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: v for k, v in values.items() if k in rule.arguments})
        before = row_counts()
        response = client.post(
            url,
            data={
                "name": "Changed",
                "role": "admin",
                "person": world.champion.id,
                "add-harm-text": "x",
            },
        )
        assert response.status_code == 400, url
        assert "This form has expired" in response.text
        assert row_counts() == before, url
    # Nothing about the trainee, the map or its card changed either.
    assert world.trainee.active
    assert world.trainee.name == "Priya Trainee"
    assert world.card.text == "Robin had a bruise on his arm."
    assert not world.card.is_deleted


def test_htmx_requests_may_send_the_token_as_a_header(client, auth, world):
    auth.sign_in(world.admin)
    token = client.csrf_token()
    response = client.post(
        f"/people/{world.trainee.id}/deactivate",
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 302
    assert not world.trainee.active


@pytest.mark.parametrize("status", [400, 403, 404, 429, 500])
def test_error_pages_use_the_app_layout(make_app, status):
    from flask import abort

    app = make_app()
    app.add_url_rule(f"/boom-{status}", f"boom_{status}", lambda: abort(status))
    response = app.test_client().get(f"/boom-{status}")
    assert response.status_code == status
    assert "Practice Mapper" in response.text
    assert "every case here is fictional" in response.text


def test_unhandled_error_shows_the_500_page(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("kaput")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert "Sorry, there is a problem with Practice Mapper" in response.text
    assert "kaput" not in response.text


def test_a_nul_character_is_refused_with_a_message_and_nothing_written(client, auth, world):
    from tests.conftest import row_counts

    auth.sign_in(world.trainee)
    before = row_counts()
    response = client.post_form(
        f"/maps/{world.map.id}/sections/harm/cards", {"add-harm-text": "Robin\x00 was hurt"}
    )
    assert response.status_code == 400
    assert "a character that cannot be saved" in response.text
    assert row_counts() == before
    assert client.get("/library/?q=%00").status_code == 400


def test_an_id_too_large_for_the_database_is_not_found(client, auth, world):
    auth.sign_in(world.supervisor)
    for url in ("/maps/99999999999999999999", "/sessions/99999999999999999999",
                "/sessions/rounds/99999999999999999999.json"):  # fmt: skip
        assert client.get(url).status_code == 404, url


# --- Security events: one JSON line each, with who, what and from where; never a secret. ---


class SecurityLog:
    def __init__(self, caplog):
        self._caplog = caplog

    @property
    def lines(self) -> list[str]:
        """Each event as the line written to standard error."""
        formatter = JSONLineFormatter()
        return [
            formatter.format(record)
            for record in self._caplog.records
            if record.name == LOGGER_NAME
        ]

    @property
    def events(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]

    def named(self, event: str) -> list[dict]:
        return [line for line in self.events if line["event"] == event]


@pytest.fixture
def security_log(caplog) -> SecurityLog:
    logger = logging.getLogger(LOGGER_NAME)
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    if caplog.handler not in logger.handlers:
        logger.addHandler(caplog.handler)
    yield SecurityLog(caplog)
    logger.removeHandler(caplog.handler)


def test_sign_in_success_and_failure_are_logged(client, auth, world, security_log):
    auth.sign_in(world.trainee, "not-the-password")
    auth.sign_in("nobody@example.org", "another-guess")
    auth.sign_in(world.trainee)
    failed = security_log.named("sign_in.failed")
    assert [line.get("user_id") for line in failed] == [world.trainee.id, None]
    assert [line["reason"] for line in failed] == ["wrong password", "unknown email"]
    (succeeded,) = security_log.named("sign_in.succeeded")
    assert succeeded["user_id"] == world.trainee.id
    assert succeeded["ip"] == "127.0.0.1"
    assert succeeded["time"].endswith("+00:00")
    for line in security_log.lines:
        for secret in ("not-the-password", "another-guess", PASSWORD, "nobody@example.org"):
            assert secret not in line


def test_a_lock_out_is_logged(client, world, security_log):
    token = client.csrf_token()
    for _ in range(11):
        client.post(
            "/sign-in",
            data={"csrf_token": token, "email": world.admin.email, "password": "wrong-guess"},
        )
    (locked,) = security_log.named("sign_in.locked_out")
    assert locked["user_id"] == world.admin.id
    assert locked["level"] == "warning"
    assert "wrong-guess" not in "".join(security_log.lines)


def test_a_permission_refusal_is_logged(client, auth, world, security_log):
    auth.sign_in(world.trainee)
    assert client.get(f"/people/{world.admin.id}").status_code == 403
    (refused,) = security_log.named("permission.refused")
    assert refused["user_id"] == world.trainee.id
    assert refused["action"] == "manage a person"
    assert refused["person_id"] == world.admin.id


def test_sign_out_password_change_and_ended_sessions_are_logged(
    app, client, auth, world, security_log
):
    phone = app.test_client()
    phone.post_form("/sign-in", {"email": world.trainee.email, "password": PASSWORD})
    auth.sign_in(world.trainee)
    new = "kettle-orchard-violet-stamp"
    client.post_form(
        "/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    auth.sign_out()
    (changed,) = security_log.named("password.changed")
    assert changed["user_id"] == changed["person_id"] == world.trainee.id
    assert changed["other_sessions_ended"] == 1
    assert [line["reason"] for line in security_log.named("session.ended")] == [
        "password changed",
        "signed out",
    ]
    assert security_log.named("sign_out")[0]["user_id"] == world.trainee.id
    for line in security_log.lines:
        assert new not in line
        assert PASSWORD not in line


def test_admin_changes_to_people_and_cohorts_are_logged(client, auth, world, security_log):
    auth.sign_in(world.admin)
    created = client.post_form(
        "/people/new", {"name": "Nadia Brennan", "email": "nadia@example.org", "role": "trainee"}
    )
    first_password = re.search(r'data-testid="first-password">([^<]+)<', created.text).group(1)
    nadia = db.session.scalar(db.select(User).where(User.email == "nadia@example.org"))
    client.post_form(f"/people/{nadia.id}", {"name": "Nadia B", "role": "supervisor"})
    client.post_form(f"/people/{nadia.id}/deactivate")
    client.post_form(f"/people/{nadia.id}/reactivate")
    client.post_form("/cohorts/new", {"name": "ASYE cohort 8 — March"})
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == "ASYE cohort 8 — March"))
    client.post_form(f"/cohorts/{cohort.id}/members", {"person": nadia.id})
    client.post_form(f"/cohorts/{cohort.id}/members/{nadia.id}/remove")
    changes = [
        line for line in security_log.events if line["event"].startswith(("person.", "cohort."))
    ]
    assert [line["event"] for line in changes] == [
        "person.created",
        "person.updated",
        "person.deactivated",
        "person.reactivated",
        "cohort.created",
        "cohort.member_added",
        "cohort.member_removed",
    ]
    assert all(line["user_id"] == world.admin.id for line in changes)
    assert all(line["via"] == "web" for line in changes)
    assert changes[1]["old_role"] == "trainee"
    assert changes[1]["role"] == "supervisor"
    assert changes[6] | {"cohort_id": cohort.id, "person_id": nadia.id} == changes[6]
    # The first password shown to the admin is never logged.
    assert all(first_password not in line for line in security_log.lines)


def test_command_line_changes_are_logged(runner, world, security_log):
    runner.invoke(
        args=[
            "users", "create", "--name", "Jo Admin", "--email", "jo@example.org",
            "--role", "admin", "--password", "kettle-orchard-violet-stamp",
            "--organisation", world.organisation.name,
        ]
    )  # fmt: skip
    runner.invoke(args=["users", "deactivate", world.trainee.email])
    runner.invoke(args=["cohorts", "add-member", world.cohort.name, world.other_trainee.email,
                        "--organisation", world.organisation.name])  # fmt: skip
    events = [(line["event"], line["via"]) for line in security_log.events]
    assert ("person.created", "cli") in events
    assert ("person.deactivated", "cli") in events
    assert ("cohort.member_added", "cli") in events
    assert "kettle-orchard-violet-stamp" not in "".join(security_log.lines)


def test_no_case_text_or_secret_reaches_the_log(client, auth, world, security_log):
    """Editing a map logs nothing; a field named like a secret is dropped even if passed."""
    auth.sign_in(world.trainee)
    client.post_form(
        f"/maps/{world.map.id}/sections/harm/cards", {"add-harm-text": "Robin's secret words"}
    )
    with client.application.test_request_context():
        log_event("test.event", password="hunter2-hunter2", token="abc123", person_id=1)
    text = "".join(security_log.lines)
    assert "Robin's secret words" not in text
    assert "hunter2" not in text
    assert "abc123" not in text
    assert security_log.named("test.event")[0]["person_id"] == 1


def test_security_events_are_json_lines_on_standard_error(app, capfd):
    """What gunicorn or `flask run` prints: one JSON object on one line."""
    with app.test_request_context():
        log_event("test.event", person_id=7)
    line = capfd.readouterr().err.strip().splitlines()[-1]
    assert json.loads(line)["event"] == "test.event"
    assert json.loads(line)["person_id"] == 7


@pytest.mark.parametrize("who", ["trainee", "supervisor", "champion", "admin"])
def test_every_signed_in_response_is_no_store(app, client, auth, world, who):
    """Pages, fragments, JSON, PDFs, exports and redirects: nothing a signed-in person is sent
    may be kept by a browser or a shared cache."""
    from flask import url_for

    from tests.test_permissions import url_values

    auth.sign_in(getattr(world, who))
    values = url_values(world)
    seen = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: v for k, v in values.items() if k in rule.arguments})
        # Fragments too (the trainee's pages have the most of them).
        for headers in ({}, {"HX-Request": "true"}) if who == "trainee" else ({},):
            response = client.get(url, headers=headers)
            assert response.headers.get("Cache-Control") == "no-store", (url, response.status_code)
            seen.add(response.mimetype)
    # A change answered with a fragment, and one answered with a redirect.
    for headers in ({"HX-Request": "true"}, {}):
        response = client.post_form(
            f"/maps/{world.map.id}/child", {"child_name": "Robin"}, headers=headers
        )
        assert response.headers.get("Cache-Control") == "no-store"
    if who == "supervisor":
        assert {"text/html", "application/json", "application/pdf"} <= seen


def test_the_round_json_and_the_template_export_are_no_store(client, auth, world):
    auth.sign_in(world.supervisor)
    response = client.get(f"/sessions/rounds/{world.scaling_round.id}.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    auth.sign_out()
    auth.sign_in(world.champion)
    response = client.get(f"/library/{world.template.id}/export")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
