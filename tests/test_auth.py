"""Signing in and out, wrong details, deactivated people, the rate limit, passwords."""

import pytest

from app.extensions import db
from tests.factories import PASSWORD

HOME_HEADINGS = {
    "trainee": "Your maps and exercises",
    "supervisor": "Your cohorts",
    "champion": "Your templates",
    "admin": "People and cohorts",
}


@pytest.mark.parametrize("role", sorted(HOME_HEADINGS))
def test_each_role_signs_in_to_their_own_home_page(client, auth, world, role):
    response = auth.sign_in(getattr(world, role))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert f'<h1 class="govuk-heading-l">{HOME_HEADINGS[role]}</h1>' in home.text
    for other in set(HOME_HEADINGS.values()) - {HOME_HEADINGS[role]}:
        assert f">{other}</h1>" not in home.text


def test_sign_out_ends_the_session(client, auth, world):
    auth.sign_in(world.trainee)
    response = auth.sign_out()
    assert response.headers["Location"] == "/sign-in"
    assert "You have signed out" in client.get("/sign-in").text
    assert client.get("/").headers["Location"].startswith("/sign-in")


def test_sign_out_is_not_a_get(client, auth, world):
    auth.sign_in(world.trainee)
    assert client.get("/sign-out").status_code == 405
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_clear_message(client, auth, world):
    response = auth.sign_in(world.trainee, "not-the-password")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text
    assert client.get("/").status_code == 302


def test_unknown_email_gets_the_same_message(client, auth, world):
    response = auth.sign_in("nobody@example.org")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text


def test_email_is_not_case_sensitive(client, auth, world):
    assert auth.sign_in(world.trainee.email.upper()).status_code == 302


def test_empty_form_shows_field_errors(client):
    response = client.post_form("/sign-in", {"email": "", "password": ""})
    assert response.status_code == 400
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text
    assert "<title>Error: Sign in" in response.text


def test_deactivated_person_cannot_sign_in(client, auth, world):
    world.trainee.active = False
    db.session.commit()
    response = auth.sign_in(world.trainee)
    assert response.status_code == 400
    assert "Your account has been deactivated" in response.text
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_open_session(client, auth, world):
    auth.sign_in(world.trainee)
    assert client.get("/").status_code == 200
    world.trainee.active = False
    db.session.commit()
    assert client.get("/").headers["Location"].startswith("/sign-in")


def test_next_page_after_sign_in(client, auth, world):
    response = client.get("/scenarios/")
    assert response.headers["Location"] == "/sign-in?next=/scenarios/"
    response = client.post_form(
        "/sign-in?next=/scenarios/", {"email": world.trainee.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/scenarios/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_never_leaves_the_site(client, world, target):
    response = client.post_form(
        f"/sign-in?next={target}", {"email": world.trainee.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_htmx_request_when_signed_out_gets_hx_redirect(client):
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in")


def test_sign_in_is_rate_limited_per_address(client, world):
    token = client.csrf_token()
    for attempt in range(10):
        response = client.post(
            "/sign-in",
            data={"csrf_token": token, "email": f"guess{attempt}@example.org", "password": "x"},
        )
        assert response.status_code == 400
    response = client.post(
        "/sign-in", data={"csrf_token": token, "email": world.trainee.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "Wait a minute" in response.text


def test_sign_in_is_rate_limited_per_account_across_addresses(client, world):
    token = client.csrf_token()
    for attempt in range(10):
        response = client.post(
            "/sign-in",
            data={"csrf_token": token, "email": world.admin.email, "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{attempt + 1}"},
        )
        assert response.status_code == 400
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": world.admin.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    assert response.status_code == 429
    # Another account from a fresh address is unaffected.
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": world.trainee.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.2.1"},
    )
    assert response.status_code == 302


def test_passwords_are_hashed_with_scrypt_outside_tests(app, world):
    from app.auth.service import hash_password

    app.config.pop("PASSWORD_HASH_METHOD")
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("scrypt:")
    assert "correct horse" not in hashed
    assert PASSWORD not in world.trainee.password_hash


def test_change_password(client, auth, world):
    auth.sign_in(world.trainee)
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a-brand-new-password",
            "confirm_password": "a-brand-new-password",
        },
    )
    assert response.status_code == 302
    auth.sign_out()
    assert auth.sign_in(world.trainee).status_code == 400
    assert auth.sign_in(world.trainee, "a-brand-new-password").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        (
            "wrong-password",
            "a-brand-new-password",
            "a-brand-new-password",
            "Your current password is not correct",
        ),
        (PASSWORD, "short", "short", "must be between 12 and 200 characters"),
        (PASSWORD, "a-brand-new-password", "something-else-entirely", "do not match"),
    ],
)
def test_change_password_problems(client, auth, world, current, new, confirm, message):
    auth.sign_in(world.trainee)
    old_hash = world.trainee.password_hash
    response = client.post_form(
        "/account/password",
        {"current_password": current, "new_password": new, "confirm_password": confirm},
    )
    assert response.status_code == 400
    assert message in response.text
    db.session.refresh(world.trainee)
    assert world.trainee.password_hash == old_hash


class HashChecks:
    """Every password hash check sign-in makes, by the hash's method and cost."""

    def __init__(self, monkeypatch):
        from app.auth import service

        self.methods: list[str] = []
        real_check = service.check_password_hash

        def check(pwhash, password):
            self.methods.append(pwhash.split("$", 1)[0])
            return real_check(pwhash, password)

        monkeypatch.setattr(service, "check_password_hash", check)


def test_an_unknown_email_costs_the_same_hash_work_as_a_wrong_password(
    client, auth, world, monkeypatch
):
    """Finding 4: an unknown email used to skip the hash, so it answered ~14 times faster."""
    checks = HashChecks(monkeypatch)
    auth.sign_in(world.trainee, "not-the-password")
    auth.sign_in("nobody@example.org", "not-the-password")
    assert len(checks.methods) == 2
    known, unknown = checks.methods
    assert unknown == known == world.trainee.password_hash.split("$", 1)[0]


def test_the_same_hash_work_outside_tests_too(app, world, monkeypatch):
    """With the real scrypt settings, an unknown email is checked against a scrypt hash."""
    from app.auth import service

    app.config.pop("PASSWORD_HASH_METHOD")
    checks = HashChecks(monkeypatch)
    with app.test_request_context():
        service.authenticate("nobody@example.org", "a guess")
    assert checks.methods == [service.hash_password("x").split("$", 1)[0]]
    assert checks.methods[0].startswith("scrypt:")


def test_the_dummy_hash_is_made_once_per_process(client, auth, world, monkeypatch):
    from app.auth import service

    auth.sign_in("nobody@example.org")
    made = []
    monkeypatch.setattr(
        service, "generate_password_hash", lambda *args, **kwargs: made.append(1) or "x"
    )
    auth.sign_in("someone-else@example.org")
    assert made == []


def change_password_to(client, new):
    return client.post_form(
        "/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("eleven-char", "must be between 12 and 200 characters"),
        ("password1234", "This password is too easy to guess"),
        ("qwertyuiop12", "This password is too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "This password is too easy to guess"),
        # The person's own name and email address count as easy to guess.
        ("priyatrainee2026", "This password is too easy to guess"),
        ("x" * 201, "must be between 12 and 200 characters"),
    ],
)
def test_weak_passwords_are_refused(client, auth, world, new, message):
    """Finding 9: at least 12 characters, and not a common or personal password."""
    auth.sign_in(world.trainee)
    old_hash = world.trainee.password_hash
    response = change_password_to(client, new)
    assert response.status_code == 400
    assert message in response.text
    if "too easy" in message:
        assert "Use three or four unrelated words" in response.text
    db.session.refresh(world.trainee)
    assert world.trainee.password_hash == old_hash


def test_a_strong_password_of_twelve_characters_is_accepted(client, auth, world):
    auth.sign_in(world.trainee)
    assert change_password_to(client, "Vq7#mZ2!rK9p").status_code == 302


def test_the_command_line_refuses_a_weak_password(runner, world):
    from tests.conftest import row_counts

    before = row_counts()
    result = runner.invoke(
        args=[
            "users", "create", "--name", "Jo Admin", "--email", "jo@example.org",
            "--role", "admin", "--password", "password1234",
            "--organisation", world.organisation.name,
        ]
    )  # fmt: skip
    assert result.exit_code == 2
    assert "too easy to guess" in result.output
    assert row_counts() == before


def test_the_demo_and_generated_passwords_pass_the_rules(app):
    from app.auth.service import password_problem
    from app.demo import DEMO_PASSWORD
    from app.people.service import generate_password

    assert password_problem(DEMO_PASSWORD) is None
    assert password_problem(PASSWORD) is None
    assert all(password_problem(generate_password()) is None for _ in range(20))


def fail_to_sign_in(client, token, email, address):
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "email": email, "password": "wrong"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_locked_after_100_failures_in_an_hour(app, client, world):
    """Finding 9: at most 100 failed sign-ins per account per hour, whatever the minute limit."""
    app.config["SIGN_IN_RATE_LIMIT"] = "1000 per minute"
    token = client.csrf_token()
    for attempt in range(100):
        response = fail_to_sign_in(client, token, world.admin.email, f"10.1.{attempt}.1")
        assert response.status_code == 400, attempt
    # The 101st, even with the right password and from a new address, is refused.
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": world.admin.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.2.0.1"},
    )
    assert response.status_code == 429
    assert "too many wrong passwords for this account in the last hour" in response.text
    # Someone else signs in as usual.
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": world.trainee.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.2.0.2"},
    )
    assert response.status_code == 302


def test_only_failures_count_towards_the_hourly_lock(app, client, auth, world):
    app.config["SIGN_IN_ACCOUNT_HOURLY_LIMIT"] = "2 per hour"
    for _ in range(4):
        assert auth.sign_in(world.trainee).status_code == 302
        auth.sign_out()
    token = client.csrf_token()
    for _ in range(2):
        assert fail_to_sign_in(client, token, world.trainee.email, "10.3.0.1").status_code == 400
    assert auth.sign_in(world.trainee).status_code == 429
