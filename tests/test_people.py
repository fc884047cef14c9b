"""Admins add, change, deactivate and reactivate people."""

import re

from app.extensions import db
from app.models import CohortMembership, Role, User
from tests.conftest import row_counts


def test_admin_adds_a_person_who_can_then_sign_in(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form(
        "/people/new",
        {"name": "Nadia Brennan", "email": "Nadia.Brennan@Example.org", "role": "trainee"},
    )
    assert response.status_code == 200
    assert "Nadia Brennan has been added" in response.text
    password = re.search(r'data-testid="first-password">([^<]+)<', response.text).group(1)
    person = db.session.scalar(db.select(User).where(User.email == "nadia.brennan@example.org"))
    assert person.role is Role.TRAINEE
    assert person.organisation_id == world.organisation.id
    assert password not in person.password_hash

    auth.sign_out()
    assert auth.sign_in("nadia.brennan@example.org", password).status_code == 302
    assert "Your maps and exercises" in client.get("/").text


def test_duplicate_email_is_refused_and_nothing_is_written(client, auth, world):
    auth.sign_in(world.admin)
    before = row_counts()
    response = client.post_form(
        "/people/new",
        {"name": "Someone Else", "email": world.trainee.email.upper(), "role": "trainee"},
    )
    assert response.status_code == 400
    assert "An account with this email address already exists" in response.text
    assert row_counts() == before


def test_bad_input_gets_clear_messages(client, auth, world):
    auth.sign_in(world.admin)
    before = row_counts()
    response = client.post_form(
        "/people/new", {"name": "", "email": "not-an-email", "role": "wizard"}
    )
    assert response.status_code == 400
    assert "Enter the person&#39;s full name" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Select one of the options" in response.text
    assert row_counts() == before


def test_people_list_shows_everyone_in_the_organisation_only(client, auth, world):
    auth.sign_in(world.admin)
    page = client.get("/people/").text
    assert world.trainee.name in page
    assert world.supervisor.name in page
    assert world.outsider_admin.email not in page


def test_admin_cannot_open_a_person_from_another_organisation(client, auth, world):
    auth.sign_in(world.outsider_admin)
    assert client.get(f"/people/{world.trainee.id}").status_code == 403
    assert client.post_form(f"/people/{world.trainee.id}/deactivate").status_code == 403
    assert world.trainee.active


def test_deactivate_and_reactivate(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form(f"/people/{world.trainee.id}/deactivate", follow_redirects=True)
    assert "can no longer sign in" in response.text
    assert not world.trainee.active
    # Still listed, marked as deactivated, memberships kept.
    assert "Deactivated" in client.get("/people/").text
    assert world.cohort.has_member(world.trainee)

    client.post_form(f"/people/{world.trainee.id}/reactivate")
    assert world.trainee.active


def test_admin_cannot_deactivate_themselves(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form(f"/people/{world.admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.text
    assert world.admin.active


def test_change_name_and_role(client, auth, world):
    auth.sign_in(world.admin)
    response = client.post_form(
        f"/people/{world.supervisor.id}", {"name": "Sam Supervisor-Lee", "role": "supervisor"}
    )
    assert response.status_code == 302
    assert world.supervisor.name == "Sam Supervisor-Lee"
    assert world.cohort.has_member(world.supervisor)


def test_becoming_a_champion_leaves_cohorts(client, auth, world):
    auth.sign_in(world.admin)
    client.post_form(
        f"/people/{world.supervisor.id}", {"name": world.supervisor.name, "role": "champion"}
    )
    assert world.supervisor.role is Role.CHAMPION
    assert (
        db.session.scalar(
            db.select(CohortMembership).where(CohortMembership.user_id == world.supervisor.id)
        )
        is None
    )
