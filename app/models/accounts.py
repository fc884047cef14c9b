"""People, their organisation and the cohorts they train in; their signed-in sessions, and a
change posted after a session ended, kept so the words are not lost."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models._types import enum_column, timestamp, utcnow


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    SUPERVISOR = "supervisor"
    CHAMPION = "champion"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.TRAINEE: "Trainee",
    Role.SUPERVISOR: "Supervisor",
    Role.CHAMPION: "Practice champion",
    Role.ADMIN: "Admin",
}

# Only these roles belong to cohorts: trainees learn in them, supervisors review them.
COHORT_ROLES = (Role.TRAINEE, Role.SUPERVISOR)


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-case, so "Sam@Example.org" and "sam@example.org" are one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(timestamp())

    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list["CohortMembership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to sign in inactive users
        return self.active

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.name

    @property
    def cohorts(self) -> list["Cohort"]:
        return sorted((m.cohort for m in self.memberships), key=lambda c: c.name)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class Cohort(Model):
    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list["CohortMembership"]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    def members_with_role(self, role: Role) -> list[User]:
        return sorted(
            (m.user for m in self.memberships if m.user.role is role), key=lambda u: u.name
        )

    @property
    def trainees(self) -> list[User]:
        return self.members_with_role(Role.TRAINEE)

    @property
    def supervisors(self) -> list[User]:
        return self.members_with_role(Role.SUPERVISOR)

    def has_member(self, user: User) -> bool:
        return any(m.user_id == user.id for m in self.memberships)

    def __repr__(self) -> str:
        return f"<Cohort {self.name!r}>"


class CohortMembership(Model):
    __tablename__ = "cohort_memberships"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class PendingChange(Model):
    """A change posted after the person's session had ended, kept so the words are not lost.

    Its random id lives in the (new) session; after signing in again the person sees it and can
    save it. It is bound to the person whose keep token came with it (only they are shown it),
    and to the address it came from (a few per address a day). Rows older than a day are
    removed."""

    __tablename__ = "pending_changes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(String(500))
    form: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, index=True)


class UserSession(Model):
    """One signed-in browser session, kept on the server so it can be ended.

    The random session id lives only in the person's signed cookie; the database holds its
    SHA-256 hash, so a copy of this table cannot be replayed as a cookie. A session ends when the
    person signs out, changes their password elsewhere, is deactivated, or stays idle or open
    too long."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(timestamp())

    user: Mapped[User] = relationship()
