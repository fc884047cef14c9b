"""Creating and managing people's accounts."""

import secrets
from collections.abc import Sequence

from app.audit import log_event
from app.auth import sessions
from app.auth.service import normalise_email, password_problem, set_password
from app.extensions import db
from app.models import Organisation, Role, User


class PersonError(ValueError):
    """A request about a person that cannot be carried out; the message is for the admin."""


def generate_password() -> str:
    """A one-off password to hand to a new person: four short words' worth of randomness."""
    return secrets.token_urlsafe(12)


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(db.select(User.id).where(User.email == normalise_email(email)))
        is not None
    )


def create_person(
    organisation: Organisation, name: str, email: str, role: Role, password: str | None = None
) -> tuple[User, str]:
    """Add a person; returns them and their first password (generated when not given).
    A given password must pass the same rules as one a person chooses."""
    if email_taken(email):
        raise PersonError("An account with this email address already exists")
    user_inputs = [name, email]
    if password is None:
        password = generate_password()
        while password_problem(password, user_inputs) is not None:  # pragma: no cover
            password = generate_password()
    else:
        problem = password_problem(password, user_inputs)
        if problem is not None:
            raise PersonError(problem)
    user = User(
        organisation=organisation, name=name.strip(), email=normalise_email(email), role=role
    )
    set_password(user, password)
    db.session.add(user)
    db.session.flush()
    log_event("person.created", person_id=user.id, role=user.role.value)
    return user, password


def update_person(user: User, name: str, role: Role) -> None:
    """Change a person's name or role. A role outside cohorts ends their cohort memberships."""
    user.name = name.strip()
    old_role = user.role
    if role != user.role and role not in (Role.TRAINEE, Role.SUPERVISOR):
        user.memberships.clear()
    user.role = role
    db.session.flush()
    log_event("person.updated", person_id=user.id, role=role.value, old_role=old_role.value)


def set_active(user: User, active: bool, by: User | None = None) -> None:
    """Deactivate (cannot sign in, and every open session ends; their maps stay) or reactivate
    a person."""
    if by is not None and user.id == by.id and not active:
        raise PersonError("You cannot deactivate your own account")
    user.active = active
    ended = 0 if active else sessions.end_all(user, "deactivated")
    db.session.flush()
    if active:
        log_event("person.reactivated", person_id=user.id)
    else:
        log_event("person.deactivated", person_id=user.id, sessions_ended=ended)


def people_in(organisation_id: int) -> Sequence[User]:
    return db.session.scalars(
        db.select(User)
        .where(User.organisation_id == organisation_id)
        .order_by(User.active.desc(), User.name)
    ).all()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))
