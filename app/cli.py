"""Command-line tasks: `flask seed-demo`, `flask users …`, `flask cohorts …`.

Services never commit (app/unit_of_work.py): each command that changes data commits once, at its
end, so a command that fails half-way leaves nothing half-made."""

import click
from flask import Flask
from flask.cli import AppGroup

from app import demo
from app.cohorts import service as cohorts
from app.extensions import db
from app.models import Cohort, Organisation, Role, User
from app.people import service as people

users_cli = AppGroup("users", help="Create, list, deactivate and reactivate people.")
cohorts_cli = AppGroup("cohorts", help="Create cohorts and manage their members.")

ROLE = click.Choice([role.value for role in Role])


def _organisation(name: str | None) -> Organisation:
    """The named organisation, or the only one; created when the database has none."""
    organisations = db.session.scalars(db.select(Organisation).order_by(Organisation.id)).all()
    if name:
        match = next((o for o in organisations if o.name == name), None)
        if match is None:
            match = Organisation(name=name)
            db.session.add(match)
            db.session.flush()
        return match
    if len(organisations) == 1:
        return organisations[0]
    if not organisations:
        raise click.UsageError(
            'No organisation exists yet: pass --organisation "Name" to create one.'
        )
    raise click.UsageError('There are several organisations: pass --organisation "Name".')


def _person(email: str) -> User:
    user = people.find_by_email(email)
    if user is None:
        raise click.UsageError(f"No one has the email address {email}.")
    return user


def _cohort(name: str, organisation: str | None) -> Cohort:
    cohort = cohorts.find_cohort(_organisation(organisation).id, name)
    if cohort is None:
        raise click.UsageError(f"There is no cohort called {name!r}.")
    return cohort


@users_cli.command("create")
@click.option("--name", required=True, help="Full name.")
@click.option("--email", required=True, help="Email address they sign in with.")
@click.option("--role", type=ROLE, required=True)
@click.option("--password", help="First password (generated and printed when left out).")
@click.option("--organisation", help="Organisation name (needed when there are several).")
def create_user(
    name: str, email: str, role: str, password: str | None, organisation: str | None
) -> None:
    """Add a person and print their first password."""
    try:
        user, password = people.create_person(
            _organisation(organisation), name, email, Role(role), password
        )
    except people.PersonError as problem:
        raise click.UsageError(str(problem)) from None
    db.session.commit()
    click.echo(
        f"Created {user.role.label.lower()} {user.name} <{user.email}> with password: {password}"
    )


@users_cli.command("list")
def list_users() -> None:
    """List everyone: role, email, name, and whether they can sign in."""
    for organisation in db.session.scalars(db.select(Organisation).order_by(Organisation.name)):
        click.echo(organisation.name)
        for user in people.people_in(organisation.id):
            state = "" if user.active else "  (deactivated)"
            click.echo(f"  {user.role.value:<10} {user.email:<36} {user.name}{state}")


def _set_active(email: str, active: bool) -> None:
    user = _person(email)
    people.set_active(user, active)
    db.session.commit()
    click.echo(
        f"{user.name} <{user.email}> {'can sign in again' if active else 'can no longer sign in'}."
    )


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Stop a person signing in (their maps stay)."""
    _set_active(email, False)


@users_cli.command("reactivate")
@click.argument("email")
def reactivate_user(email: str) -> None:
    """Let a deactivated person sign in again."""
    _set_active(email, True)


@cohorts_cli.command("create")
@click.argument("name")
@click.option("--organisation", help="Organisation name (needed when there are several).")
def create_cohort(name: str, organisation: str | None) -> None:
    """Create a cohort, e.g. "ASYE cohort 7 — September"."""
    try:
        cohort = cohorts.create_cohort(_organisation(organisation), name)
    except cohorts.CohortError as problem:
        raise click.UsageError(str(problem)) from None
    db.session.commit()
    click.echo(f"Created cohort {cohort.name!r}.")


@cohorts_cli.command("list")
def list_cohorts() -> None:
    """List cohorts with their members."""
    for cohort in db.session.scalars(db.select(Cohort).order_by(Cohort.name)):
        click.echo(f"{cohort.name} ({cohort.organisation.name})")
        for user in cohort.supervisors + cohort.trainees:
            click.echo(f"  {user.role.value:<10} {user.email:<36} {user.name}")


@cohorts_cli.command("add-member")
@click.argument("cohort")
@click.argument("email")
@click.option("--organisation", help="Organisation name (needed when there are several).")
def add_member(cohort: str, email: str, organisation: str | None) -> None:
    """Add a trainee or supervisor (by email) to COHORT."""
    target, user = _cohort(cohort, organisation), _person(email)
    try:
        cohorts.add_member(target, user)
    except cohorts.CohortError as problem:
        raise click.UsageError(str(problem)) from None
    db.session.commit()
    click.echo(f"Added {user.name} to {target.name!r}.")


@cohorts_cli.command("remove-member")
@click.argument("cohort")
@click.argument("email")
@click.option("--organisation", help="Organisation name (needed when there are several).")
def remove_member(cohort: str, email: str, organisation: str | None) -> None:
    """Remove a person (by email) from COHORT."""
    target, user = _cohort(cohort, organisation), _person(email)
    try:
        cohorts.remove_member(target, user)
    except cohorts.CohortError as problem:
        raise click.UsageError(str(problem)) from None
    db.session.commit()
    click.echo(f"Removed {user.name} from {target.name!r}.")


@click.command("seed-demo")
@click.option("--url", help="The address the app is served on, to print with the sign-ins.")
def seed_demo(url: str | None) -> None:
    """Load the fictional demo organisation (safe to run again) and print the sign-ins."""
    demo.seed_demo()
    db.session.commit()
    click.echo(
        f"Demo data is ready. Sign in at {url} with:"
        if url
        else "Demo data is ready. Sign in with:"
    )
    for person in demo.SIGN_IN_ACCOUNTS:
        click.echo(f"  {person.role.label:<18} {person.email:<26} {demo.DEMO_PASSWORD}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(cohorts_cli)
    app.cli.add_command(seed_demo)
