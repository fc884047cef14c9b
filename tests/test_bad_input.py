"""Every unsafe route, fed nonsense: a clear 4xx or form error, never a crash, nothing written."""

from io import BytesIO

import pytest
from flask import url_for

from tests.conftest import row_counts
from tests.test_permissions import url_values

HUGE = "x" * 100_000

# Every field name a form of the app uses (prefixes are filled in per route below).
FIELDS = [
    "name", "email", "role", "person", "password", "current_password", "new_password",
    "confirm_password", "source", "scenario", "title", "vocabulary", "has_grey_area",
    "co_authors", "category", "position", "direction", "version", "statement", "goal",
    "statement_who", "statement_behaviour", "statement_impact", "goal_carers", "goal_child",
    "goal_professionals", "goal_duration", "child_name", "child_age", "body", "card", "pair",
    "rating", "held_on", "cohort", "question", "template", "people", "presenter", "advisor",
    "maps", "scale", "score", "reason", "went_well", "how_it_happened", "who_helped", "learned",
    "next_steps", "summary", "finish",
]  # fmt: skip
PREFIXED = ["text", "source", "version", "perspective", "rater_name", "score", "reason",
            "rated_on", "low_anchor", "high_anchor"]  # fmt: skip


def hostile_bodies(world):
    card, scale = world.card, world.pair.scale
    prefixes = ["add-harm", f"card-{card.id}", f"scale-{scale.id}", f"anchors-{scale.id}"]
    names = FIELDS + [f"{prefix}-{field}" for prefix in prefixes for field in PREFIXED]
    return {
        "100 kB in every field": {name: HUGE for name in names},
        "wrong types": {name: ["[]", "{}", "-1", "NaN", "1e309", "\x00"] for name in names},
        "out of range numbers": {name: "99999999999999999999" for name in names},
    }


@pytest.mark.parametrize("kind", ["100 kB in every field", "wrong types", "out of range numbers"])
@pytest.mark.parametrize("who", ["trainee", "supervisor", "admin"])
def test_no_route_crashes_or_half_writes(app, client, auth, world, kind, who):
    auth.sign_in(getattr(world, who))
    values = url_values(world)
    body = hostile_bodies(world)[kind]
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    for rule in sorted(rules, key=lambda r: r.rule):
        if rule.endpoint == "auth.sign_out":
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: v for k, v in values.items() if k in rule.arguments})
        before = row_counts()
        response = client.post_form(url, body)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code >= 400:
            assert row_counts() == before, url
        assert world.card.text == "Robin had a bruise on his arm.", url


# Requests no page of the app sends ----------------------------------------------------------

# Field names that hold an id or a number (of a card, a person, a version of what was edited).
NUMBERS = ["version", "card", "pair", "rating", "person", "cohort", "scenario", "co_authors",
           "template", "maps", "people", "presenter", "advisor", "scale", "member", "position",
           "score", "child_age", "cohorts"]  # fmt: skip


def every_field(world) -> list[str]:
    card, scale = world.card, world.pair.scale
    prefixes = ["add-harm", f"card-{card.id}", f"scale-{scale.id}", f"anchors-{scale.id}"]
    return FIELDS + [f"{prefix}-{field}" for prefix in prefixes for field in PREFIXED]


def send_shape(client, url, shape, world, token):
    """Post `url` in one of the shapes no form of the app sends, with a valid CSRF token."""
    header = {"X-CSRFToken": token}
    names = every_field(world)
    if shape == "JSON object":
        return client.post(url, json={name: "Words" for name in names}, headers=header)
    if shape in ("JSON number", "JSON array"):
        body = "5" if shape == "JSON number" else '["Words", 1]'
        return client.post(url, data=body, content_type="application/json", headers=header)
    if shape == "text/plain body":
        return client.post(url, data="name=Words", content_type="text/plain", headers=header)
    if shape == "a file in every field":
        files = {name: (BytesIO(b"Words"), "words.txt") for name in names}
        return client.post(url, data={"csrf_token": token, **files}, headers=header)
    if shape == "non-numeric versions":
        fields = {name: "Some words" for name in names if field_of(name) not in NUMBERS}
        versions = {name: "abc" for name in names if field_of(name) == "version"}
        return client.post(url, data={"csrf_token": token, **fields, **versions})
    assert shape == "non-numeric ids"
    fields = {name: "Some words" for name in names if field_of(name) not in NUMBERS}
    ids = {name: ["abc", "1x", "²"] for name in names if field_of(name) in NUMBERS}
    return client.post(url, data={"csrf_token": token, **fields, **ids})


def field_of(name: str) -> str:
    return name.rsplit("-", 1)[-1]


NOT_FORMS = ["JSON object", "JSON number", "JSON array", "text/plain body", "a file in every field"]
ODD_VALUES = ["non-numeric versions", "non-numeric ids"]


@pytest.mark.parametrize("shape", NOT_FORMS + ODD_VALUES)
@pytest.mark.parametrize("who", ["trainee", "supervisor", "admin"])
def test_every_unsafe_route_answers_a_malformed_request_with_400(
    app, client, auth, world, shape, who
):
    auth.sign_in(getattr(world, who))
    token = client.csrf_token()  # a session's token stays the same while it lasts
    values = url_values(world)
    for rule in sorted(
        (rule for rule in app.url_map.iter_rules() if "POST" in rule.methods), key=lambda r: r.rule
    ):
        if rule.endpoint == "auth.sign_out":
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: v for k, v in values.items() if k in rule.arguments})
        before = row_counts()
        response = send_shape(client, url, shape, world, token)
        assert response.status_code < 500, (url, response.status_code)
        if shape in NOT_FORMS:
            # Refused before any view reads it, with a sentence a person understands.
            assert response.status_code == 400, url
            assert "Go back, reload the page and try again" in response.text, url
        if response.status_code >= 400 or shape in NOT_FORMS:
            assert row_counts() == before, url
        assert world.card.text == "Robin had a bruise on his arm.", url


def test_a_non_numeric_version_of_a_pair_is_a_400_not_a_crash(client, auth, world):
    auth.sign_in(world.trainee)
    before = row_counts()
    response = client.post_form(
        f"/maps/{world.map.id}/pairs/{world.pair.id}",
        {"statement": "New words", "goal": "New goal", "version": "abc"},
    )
    assert response.status_code == 400
    assert "reload the page" in response.text
    assert row_counts() == before
    assert world.pair.statement == "The school is worried Robin will be hurt again."


def test_the_template_import_still_takes_its_file(client, auth, world):
    auth.sign_in(world.champion)
    response = client.post_form(
        "/library/import", {"file": (BytesIO(b'{"not": "a template"}'), "t.json")}
    )
    assert response.status_code == 400  # the file is read and its problems listed
    assert "not a form from Practice Mapper" not in response.text
    assert "A file was sent where none was asked for" not in response.text
