"""`flask users …`, `flask cohorts …` and `flask seed-demo`."""

from datetime import UTC, date, datetime

from app import demo
from app.extensions import db
from app.models import Cohort, Organisation, Role, Scenario, User
from tests.conftest import row_counts


def test_users_create_with_generated_password(runner, world):
    result = runner.invoke(
        args=[
            "users", "create", "--name", "Kemi Ade", "--email", "Kemi@Example.org",
            "--role", "supervisor", "--organisation", world.organisation.name,
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created supervisor Kemi Ade <kemi@example.org> with password: " in result.output
    user = db.session.scalar(db.select(User).where(User.email == "kemi@example.org"))
    assert user.role is Role.SUPERVISOR


def test_users_create_needs_an_organisation_when_there_are_several(runner, world):
    result = runner.invoke(
        args=["users", "create", "--name", "A B", "--email", "ab@example.org", "--role", "trainee"]
    )
    assert result.exit_code == 2
    assert "several organisations" in result.output


def test_users_create_refuses_duplicates_and_bad_roles(runner, world):
    before = row_counts()
    result = runner.invoke(
        args=[
            "users", "create", "--name", "Dup", "--email", world.trainee.email,
            "--role", "trainee", "--organisation", world.organisation.name,
        ]
    )  # fmt: skip
    assert result.exit_code == 2
    assert "already exists" in result.output
    result = runner.invoke(
        args=["users", "create", "--name", "X", "--email", "x@example.org", "--role", "wizard"]
    )
    assert result.exit_code == 2
    assert row_counts() == before


def test_first_user_creates_the_organisation(runner, app):
    result = runner.invoke(
        args=[
            "users", "create", "--name", "Jo Admin", "--email", "jo@example.org", "--role", "admin",
            "--password", "a-good-long-password", "--organisation", "Newtown Academy",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Organisation.name)) == "Newtown Academy"
    client = app.test_client()
    response = client.post_form(
        "/sign-in", {"email": "jo@example.org", "password": "a-good-long-password"}
    )
    assert response.status_code == 302


def test_users_list_deactivate_and_reactivate(runner, world):
    result = runner.invoke(args=["users", "deactivate", world.trainee.email])
    assert result.exit_code == 0
    assert "can no longer sign in" in result.output
    assert not world.trainee.active
    listing = runner.invoke(args=["users", "list"]).output
    assert f"{world.trainee.email}" in listing
    assert "(deactivated)" in listing

    assert runner.invoke(args=["users", "reactivate", world.trainee.email]).exit_code == 0
    assert world.trainee.active
    result = runner.invoke(args=["users", "deactivate", "nobody@example.org"])
    assert result.exit_code == 2
    assert "No one has the email address" in result.output


def test_cohorts_create_add_list_remove(runner, world):
    org = ["--organisation", world.organisation.name]
    name = "ASYE cohort 9 — May"
    assert runner.invoke(args=["cohorts", "create", name, *org]).exit_code == 0
    result = runner.invoke(args=["cohorts", "add-member", name, world.trainee.email, *org])
    assert result.exit_code == 0, result.output
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == name))
    assert cohort.has_member(world.trainee)
    assert world.trainee.email in runner.invoke(args=["cohorts", "list"]).output

    result = runner.invoke(args=["cohorts", "add-member", name, world.champion.email, *org])
    assert result.exit_code == 2
    assert "Only trainees and supervisors" in result.output

    result = runner.invoke(args=["cohorts", "remove-member", name, world.trainee.email, *org])
    assert result.exit_code == 0
    db.session.expire_all()
    assert not cohort.has_member(world.trainee)
    result = runner.invoke(
        args=["cohorts", "add-member", "No such cohort", world.trainee.email, *org]
    )
    assert result.exit_code == 2
    assert "There is no cohort called" in result.output


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    result = {}
    connection = db.session.connection()
    for table in db.metadata.sorted_tables:
        rows = connection.execute(table.select().order_by(*table.primary_key.columns)).all()
        result[table.name] = [tuple(row) for row in rows]
    return result


def test_seed_demo_is_idempotent(runner, app):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    once = snapshot()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert snapshot() == once
    assert first.output == second.output


def test_seed_demo_contents(runner, app):
    output = runner.invoke(args=["seed-demo"]).output
    for person in demo.SIGN_IN_ACCOUNTS:
        assert f"{person.email}" in output
        assert demo.DEMO_PASSWORD in output
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 1
    cohort = db.session.scalar(db.select(Cohort))
    assert len(cohort.trainees) == 6
    assert len(cohort.supervisors) == 1
    roles = db.session.scalars(db.select(User.role)).all()
    assert roles.count(Role.CHAMPION) == 1
    assert roles.count(Role.ADMIN) == 1

    scenarios = db.session.scalars(db.select(Scenario)).all()
    assert len(scenarios) >= 3
    assert {s.vocabulary.value for s in scenarios} == {"child_protection", "early_help"}
    for scenario in scenarios:
        assert scenario.referral
        assert len(scenario.family_members) >= 3
        assert len(scenario.chronology) >= 3
        assert all(isinstance(entry.occurred_on, date) for entry in scenario.chronology)
    ages = {
        member.age for s in scenarios for member in s.family_members if member.relation == "Child"
    }
    assert min(ages) < 2
    assert max(ages) >= 12


def test_seed_demo_restores_a_changed_demo_account(runner, app):
    runner.invoke(args=["seed-demo"])
    admin = db.session.scalar(db.select(User).where(User.email == "admin@example.org"))
    admin.active = False
    admin.password_hash = "x"
    db.session.commit()
    runner.invoke(args=["seed-demo"])
    db.session.refresh(admin)
    assert admin.active
    response = app.test_client().post_form(
        "/sign-in", {"email": "admin@example.org", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_timestamps_come_back_timezone_aware(runner, app):
    runner.invoke(args=["seed-demo"])
    db.session.expire_all()
    user = db.session.scalar(db.select(User))
    assert user.created_at.tzinfo is not None
    assert user.created_at <= datetime.now(UTC)


def test_seed_demo_prints_the_address_it_is_given(runner, app):
    output = runner.invoke(args=["seed-demo", "--url", "http://127.0.0.1:5050"]).output
    assert "Sign in at http://127.0.0.1:5050 with:" in output
    assert "5000" not in output
