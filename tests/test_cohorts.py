"""Admins create cohorts and manage members; supervisors see their own cohorts."""

from app.extensions import db
from app.models import Cohort
from tests.conftest import row_counts


def test_admin_creates_a_cohort(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form("/cohorts/new", {"name": "ASYE cohort 8 — March"})
    assert response.status_code == 302
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == "ASYE cohort 8 — March"))
    assert cohort.organisation_id == world.organisation.id
    assert "ASYE cohort 8 — March" in client.get(response.headers["Location"]).text


def test_duplicate_or_empty_cohort_name_is_refused(client, auth, world):
    auth.sign_in(world.admin)
    before = row_counts()
    response = client.post_form("/cohorts/new", {"name": world.cohort.name})
    assert response.status_code == 400
    assert "A cohort with this name already exists" in response.text
    response = client.post_form("/cohorts/new", {"name": "   "})
    assert response.status_code == 400
    assert "Enter a name for the cohort" in response.text
    assert row_counts() == before


def test_add_and_remove_members(client, auth, world):
    auth.sign_in(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}").text
    assert world.other_trainee.name in page  # offered in the "Person to add" list
    assert world.champion.name not in page  # champions are not cohort members

    response = client.post_form(
        f"/cohorts/{world.cohort.id}/members", {"person": world.other_trainee.id}
    )
    assert response.status_code == 302
    assert world.cohort.has_member(world.other_trainee)

    response = client.post_form(
        f"/cohorts/{world.cohort.id}/members/{world.other_trainee.id}/remove"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert not world.cohort.has_member(world.other_trainee)


def test_cannot_add_a_champion_or_an_unknown_person(client, auth, world):
    auth.sign_in(world.admin)
    before = row_counts()
    for person in (world.champion.id, world.outsider_admin.id, 999999, "abc"):
        response = client.post_form(f"/cohorts/{world.cohort.id}/members", {"person": person})
        assert response.status_code == 400
        assert "Select one of the options" in response.text
    assert row_counts() == before


def test_removing_someone_not_in_the_cohort_says_so(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form(
        f"/cohorts/{world.cohort.id}/members/{world.other_trainee.id}/remove", follow_redirects=True
    )
    assert "is not in this cohort" in response.text


def test_supervisor_sees_their_cohort_without_admin_controls(client, auth, world):
    auth.sign_in(world.supervisor)
    home = client.get("/").text
    assert world.cohort.name in home
    assert world.other_cohort.name not in home
    page = client.get(f"/cohorts/{world.cohort.id}").text
    assert world.trainee.name in page
    assert "Add a member" not in page
    assert "Remove" not in page
    assert client.get(f"/cohorts/{world.other_cohort.id}").status_code == 403
