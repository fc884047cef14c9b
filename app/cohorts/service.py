"""Cohorts and who is in them."""

from collections.abc import Sequence

from app.audit import log_event
from app.extensions import db
from app.models import Cohort, CohortMembership, Map, MapStatus, Organisation, Role, User
from app.models.accounts import COHORT_ROLES


class CohortError(ValueError):
    """A cohort change that cannot be made; the message is for the admin."""


def find_cohort(organisation_id: int, name: str) -> Cohort | None:
    return db.session.scalar(
        db.select(Cohort).where(
            Cohort.organisation_id == organisation_id, Cohort.name == name.strip()
        )
    )


def create_cohort(organisation: Organisation, name: str) -> Cohort:
    if find_cohort(organisation.id, name) is not None:
        raise CohortError("A cohort with this name already exists")
    cohort = Cohort(organisation=organisation, name=name.strip())
    db.session.add(cohort)
    db.session.flush()
    log_event("cohort.created", cohort_id=cohort.id)
    return cohort


def add_member(cohort: Cohort, user: User) -> None:
    """Add a trainee or supervisor from the cohort's organisation."""
    if user.organisation_id != cohort.organisation_id:
        raise CohortError("This person belongs to another organisation")
    if user.role not in COHORT_ROLES:
        raise CohortError("Only trainees and supervisors can be members of a cohort")
    if cohort.has_member(user):
        raise CohortError(f"{user.name} is already in this cohort")
    db.session.add(CohortMembership(cohort=cohort, user=user))
    db.session.flush()
    log_event("cohort.member_added", cohort_id=cohort.id, person_id=user.id)


def remove_member(cohort: Cohort, user: User) -> None:
    membership = db.session.get(CohortMembership, (cohort.id, user.id))
    if membership is None:
        raise CohortError(f"{user.name} is not in this cohort")
    db.session.delete(membership)
    db.session.flush()
    log_event("cohort.member_removed", cohort_id=cohort.id, person_id=user.id)


def cohorts_visible_to(user: User) -> Sequence[Cohort]:
    """All of an admin's organisation's cohorts; a supervisor's own cohorts."""
    if user.role is Role.ADMIN:
        return db.session.scalars(
            db.select(Cohort)
            .where(Cohort.organisation_id == user.organisation_id)
            .order_by(Cohort.name)
        ).all()
    return user.cohorts


def people_who_could_join(cohort: Cohort) -> Sequence[User]:
    """Active trainees and supervisors of the organisation who are not members yet."""
    members = db.select(CohortMembership.user_id).where(CohortMembership.cohort_id == cohort.id)
    return db.session.scalars(
        db.select(User)
        .where(
            User.organisation_id == cohort.organisation_id,
            User.role.in_(COHORT_ROLES),
            User.active.is_(True),
            User.id.not_in(members),
        )
        .order_by(User.role, User.name)
    ).all()


def submitted_maps(cohort: Cohort) -> Sequence[Map]:
    """Maps of this cohort that are submitted for review, oldest submission first."""
    return db.session.scalars(
        db.select(Map)
        .where(
            Map.cohort_id == cohort.id,
            Map.status == MapStatus.SUBMITTED,
            Map.deleted_at.is_(None),
        )
        .order_by(Map.submitted_at)
    ).all()
