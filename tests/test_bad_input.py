"""Every unsafe route, fed nonsense: a clear 4xx or form error, never a crash, nothing written."""

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
