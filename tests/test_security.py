"""Security headers, CSRF on every unsafe route, error pages."""

import pytest

from tests.conftest import row_counts


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
