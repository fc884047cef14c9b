"""Every route × every kind of visitor: the expected status, from one table.

Adding a route without adding it here fails `test_every_route_is_in_the_matrix`.
"""

import pytest

ROLES = [
    "anonymous",
    "trainee",  # owns the map
    "co_author",  # co-authors it
    "classmate",  # same cohort, not an author
    "other_trainee",  # another cohort
    "supervisor",
    "other_supervisor",
    "champion",  # wrote the template
    "other_champion",  # another champion: reads it once published, may not change it
    "admin",
    "outsider_admin",
]

SIGN_IN = "sign in"  # a redirect to the sign-in page
SIGNED_OUT = "signed out"  # a redirect to the sign-in page, and the session has ended


def expect(default, **by_role):
    """Expected result for every role: `default` unless named."""
    return {role: by_role.get(role, default) for role in ROLES}


SIGNED_IN = {"anonymous": SIGN_IN}
# A private draft: only its authors may open or change it.
AUTHORS = {"anonymous": SIGN_IN, "trainee": 200, "co_author": 200}


WRITERS = {
    "anonymous": SIGN_IN,
    "champion": 200,
    "other_champion": 200,
    "admin": 200,
    "outsider_admin": 200,
}
COHORT_ONE = {"trainee": 200, "co_author": 200, "classmate": 200, "supervisor": 200}
COHORT_ONE_STARTS = {role: 302 for role in COHORT_ONE}


def authors(status, **more):
    return expect(403, anonymous=SIGN_IN, trainee=status, co_author=status, **more)


SESSION_PEOPLE = {"anonymous": SIGN_IN, "trainee": 200, "classmate": 200, "supervisor": 200}
ADMIN_ONLY = {"anonymous": SIGN_IN, "admin": 200, "outsider_admin": 200}

# (method, endpoint) -> {role: expected status}. URL values come from `url_values` below.
MATRIX = {
    ("GET", "home.index"): expect(200, **SIGNED_IN),
    ("GET", "home.accessibility"): expect(200),
    ("GET", "home.fictional_cases"): expect(200),
    ("GET", "auth.sign_in"): expect(302, anonymous=200),
    ("POST", "auth.sign_in"): expect(302, anonymous=400),
    ("POST", "auth.sign_out"): expect(SIGNED_OUT, **SIGNED_IN),
    ("GET", "auth.change_password"): expect(200, **SIGNED_IN),
    ("POST", "auth.change_password"): expect(400, **SIGNED_IN),
    ("GET", "people.people"): expect(403, **ADMIN_ONLY),
    ("GET", "people.new_person"): expect(403, **ADMIN_ONLY),
    ("POST", "people.new_person"): expect(403, anonymous=SIGN_IN, admin=400, outsider_admin=400),
    ("GET", "people.person"): expect(403, anonymous=SIGN_IN, admin=200),
    ("POST", "people.person"): expect(403, anonymous=SIGN_IN, admin=400),
    ("POST", "people.deactivate"): expect(403, anonymous=SIGN_IN, admin=302),
    ("POST", "people.reactivate"): expect(403, anonymous=SIGN_IN, admin=302),
    ("GET", "cohorts.cohorts"): expect(
        403, anonymous=SIGN_IN, supervisor=200, other_supervisor=200, admin=200, outsider_admin=200
    ),
    ("GET", "cohorts.new_cohort"): expect(403, **ADMIN_ONLY),
    ("POST", "cohorts.new_cohort"): expect(403, anonymous=SIGN_IN, admin=400, outsider_admin=400),
    ("GET", "cohorts.cohort"): expect(403, anonymous=SIGN_IN, supervisor=200, admin=200),
    ("POST", "cohorts.add_member"): expect(403, anonymous=SIGN_IN, admin=400),
    ("POST", "cohorts.remove_member"): expect(403, anonymous=SIGN_IN, admin=302),
    ("GET", "library.scenarios"): expect(200, **SIGNED_IN),
    ("GET", "library.scenario"): expect(200, anonymous=SIGN_IN, outsider_admin=403),
    ("GET", "auth.pending_change"): expect(302, **SIGNED_IN),
    ("GET", "maps.maps"): expect(200, **SIGNED_IN),
    ("GET", "maps.new_map"): expect(200, **SIGNED_IN),
    ("POST", "maps.new_map"): expect(400, **SIGNED_IN),
    ("GET", "maps.map_page"): authors(200),
    ("GET", "exports.map_pdf"): authors(200),
    ("GET", "exports.map_json"): authors(200),
    ("GET", "maps.history"): authors(200),
    ("GET", "maps.settings"): expect(403, anonymous=SIGN_IN, trainee=200),
    ("POST", "maps.settings"): expect(403, anonymous=SIGN_IN, trainee=400),
    ("POST", "maps.submit"): authors(302),
    ("POST", "maps.withdraw"): expect(403, anonymous=SIGN_IN, trainee=409),
    ("GET", "maps.delete"): expect(403, anonymous=SIGN_IN, trainee=200),
    ("POST", "maps.delete"): expect(403, anonymous=SIGN_IN, trainee=302),
    ("POST", "maps.add_card"): authors(400),
    ("GET", "maps.card"): authors(302),
    ("GET", "maps.edit_card"): authors(200),
    ("POST", "maps.save_card"): authors(400),
    ("POST", "maps.delete_card"): authors(303),
    ("POST", "maps.restore_card"): authors(303),
    ("POST", "maps.move_card"): authors(303),
    ("GET", "maps.new_pair"): authors(200),
    ("POST", "maps.new_pair"): authors(400),
    ("GET", "maps.edit_pair"): authors(200),
    ("POST", "maps.edit_pair"): authors(303),  # fields left out keep their words
    ("GET", "maps.preview_pair"): authors(200),
    ("POST", "maps.delete_pair"): authors(303),
    ("POST", "maps.add_rating"): authors(400),
    ("POST", "maps.update_anchors"): authors(400),
    ("POST", "maps.update_child"): authors(303),
    ("GET", "maps.compare"): authors(200),
    ("GET", "maps.review_queue"): expect(
        403, anonymous=SIGN_IN, supervisor=200, other_supervisor=200
    ),
    ("POST", "maps.review"): expect(
        403, anonymous=SIGN_IN
    ),  # the map is a draft: nothing to review
    # Feedback on a draft: only its authors (supervisors see it once it is submitted).
    ("GET", "maps.card_comments"): authors(200),
    ("POST", "maps.add_comment"): authors(400),
    ("POST", "maps.reply"): authors(400),
    ("POST", "maps.resolve"): authors(303),
    ("POST", "maps.unresolve"): authors(303),
    ("GET", "templates.library"): expect(200, **SIGNED_IN),
    ("GET", "templates.new_template"): expect(403, **WRITERS),
    ("POST", "templates.new_template"): expect(
        403, anonymous=SIGN_IN, champion=400, other_champion=400, admin=400, outsider_admin=400
    ),
    ("GET", "templates.import_template"): expect(403, **WRITERS),
    ("POST", "templates.import_template"): expect(
        403, anonymous=SIGN_IN, champion=400, other_champion=400, admin=400, outsider_admin=400
    ),
    # The template is published to the first cohort only. Other champions read what is
    # published; only its author (and co-editors, and admins) change it.
    ("GET", "templates.template"): expect(
        403, anonymous=SIGN_IN, **COHORT_ONE, champion=200, other_champion=200, admin=200
    ),
    ("GET", "templates.edit_template"): expect(403, anonymous=SIGN_IN, champion=200, admin=200),
    ("POST", "templates.edit_template"): expect(403, anonymous=SIGN_IN, champion=400, admin=400),
    ("POST", "templates.publish"): expect(403, anonymous=SIGN_IN, champion=400, admin=400),
    ("POST", "templates.archive"): expect(403, anonymous=SIGN_IN, champion=302, admin=302),
    ("POST", "templates.delete"): expect(403, anonymous=SIGN_IN, champion=409, admin=409),
    ("POST", "templates.reference"): expect(403, anonymous=SIGN_IN, champion=302, admin=302),
    ("GET", "templates.export"): expect(403, anonymous=SIGN_IN, champion=200, admin=200),
    ("POST", "templates.start"): expect(
        403, anonymous=SIGN_IN, **COHORT_ONE_STARTS, champion=302, other_champion=302, admin=302
    ),
    ("POST", "templates.assign"): expect(
        403, anonymous=SIGN_IN, supervisor=400, champion=400, other_champion=400, admin=400
    ),
    ("POST", "templates.reveal"): expect(
        403, anonymous=SIGN_IN, supervisor=400, champion=400, other_champion=400, admin=400
    ),
    ("GET", "templates.calibration"): expect(
        403, anonymous=SIGN_IN, supervisor=200, champion=200, other_champion=200, admin=200
    ),
    # Group supervision: the supervisor facilitates; the trainee presents and the classmate is
    # in the group. The session is under way, with a round open and the trainee's score in.
    ("GET", "exports.session_pack"): expect(403, **SESSION_PEOPLE),
    # The exercise's only trainee map is a draft: nothing to put in a pack.
    ("GET", "exports.exercise_pack"): expect(
        403, anonymous=SIGN_IN, supervisor=404, champion=404, other_champion=404, admin=404
    ),
    ("GET", "supervision.sessions"): expect(200, **SIGNED_IN),
    ("GET", "supervision.new_session"): expect(
        403, anonymous=SIGN_IN, supervisor=200, other_supervisor=200
    ),
    ("POST", "supervision.new_session"): expect(
        403, anonymous=SIGN_IN, supervisor=400, other_supervisor=400
    ),
    **{
        ("GET", endpoint): expect(403, **SESSION_PEOPLE)
        for endpoint in (
            "supervision.session_page",
            "supervision.rounds_panel",
            "supervision.present",
            "supervision.present_board",
            "supervision.scaling_round",
            "supervision.round_results",
            "supervision.round_json",
        )
    },
    ("POST", "supervision.rate"): expect(
        403, anonymous=SIGN_IN, trainee=400, classmate=400, supervisor=400
    ),
    ("GET", "supervision.set_up"): expect(403, anonymous=SIGN_IN, supervisor=200),
    ("POST", "supervision.set_up"): expect(403, anonymous=SIGN_IN, supervisor=400),
    ("POST", "supervision.start"): expect(403, anonymous=SIGN_IN, supervisor=302),
    ("POST", "supervision.reflection"): expect(403, anonymous=SIGN_IN, supervisor=302),
    ("POST", "supervision.open_round"): expect(403, anonymous=SIGN_IN, supervisor=400),
    ("POST", "supervision.reveal"): expect(403, anonymous=SIGN_IN, supervisor=302),
    ("POST", "supervision.close"): expect(403, anonymous=SIGN_IN, supervisor=302),
}

# Routes that need no policy check, and why.
EXEMPT = {"static": "public files: CSS, scripts, fonts and images"}


def url_values(world) -> dict:
    return {
        "person_id": world.trainee.id,
        "cohort_id": world.cohort.id,
        "member_id": world.trainee.id,
        "scenario_id": world.scenario.id,
        "map_id": world.map.id,
        "card_id": world.card.id,
        "pair_id": world.pair.id,
        "scale_id": world.pair.scale.id,
        "comment_id": world.comment.id,
        "category": "harm",
        "template_id": world.template.id,
        "session_id": world.session.id,
        "scaling_round_id": world.scaling_round.id,
    }


def test_every_route_is_in_the_matrix(app):
    routes = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in EXEMPT
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - routes == set(), "these MATRIX entries no longer exist"


def test_every_view_asks_the_policy(app):
    unguarded = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint not in EXEMPT and not hasattr(view, "policy_action")
    ]
    assert unguarded == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "endpoint"), sorted(MATRIX))
def test_permission(app, client, auth, world, method, endpoint, role):
    from flask import url_for

    user = world.person(role)
    if user is not None:
        assert auth.sign_in(user).status_code == 302
    rule = next(r for r in app.url_map.iter_rules(endpoint))
    values = {name: value for name, value in url_values(world).items() if name in rule.arguments}
    with app.test_request_context():
        url = url_for(endpoint, **values)

    response = client.get(url) if method == "GET" else client.post_form(url)

    expected = MATRIX[(method, endpoint)][role]
    if expected in (SIGN_IN, SIGNED_OUT):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")
        if expected == SIGNED_OUT:
            assert client.get("/").headers["Location"].startswith("/sign-in")
    else:
        assert response.status_code == expected
        if expected == 302:
            assert not response.headers["Location"].startswith("/sign-in")
