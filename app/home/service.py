"""What each role's home page shows."""

from sqlalchemy import func

from app.extensions import db
from app.library.service import exercises_for, library_for, scenarios_for
from app.maps.service import maps_for
from app.models import Cohort, CohortMembership, Role, Scenario, SessionStatus, User
from app.supervision.service import sessions_for


def home_for(user: User) -> dict:
    """The view model for `user`'s home page, chosen by role."""
    builders = {
        Role.TRAINEE: _trainee_home,
        Role.SUPERVISOR: _supervisor_home,
        Role.CHAMPION: _champion_home,
        Role.ADMIN: _admin_home,
    }
    return builders[user.role](user)


def _trainee_home(user: User) -> dict:
    return {
        "cohorts": user.cohorts,
        "scenarios": scenarios_for(user),
        "maps": maps_for(user),
        "exercises": exercises_for(user),
        "sessions": _coming_sessions(user),
    }


def _supervisor_home(user: User) -> dict:
    return {"cohorts": user.cohorts, "sessions": _coming_sessions(user)}


def _coming_sessions(user: User) -> list:
    """Group supervision the user takes part in that has not finished yet."""
    return [s for s in sessions_for(user) if s.status is not SessionStatus.FINISHED]


def _champion_home(user: User) -> dict:
    mine = db.session.scalars(
        db.select(Scenario)
        .where(Scenario.author_id == user.id, Scenario.listed.is_(True))
        .order_by(Scenario.title)
    ).all()
    templates = [
        item
        for item in library_for(user, include_archived=True)
        if item.template.author_id == user.id
    ]
    return {"my_scenarios": mine, "scenarios": scenarios_for(user), "my_templates": templates}


def _admin_home(user: User) -> dict:
    people_by_role = dict(
        db.session.execute(
            db.select(User.role, func.count())
            .where(User.organisation_id == user.organisation_id, User.active.is_(True))
            .group_by(User.role)
        ).all()
    )
    member_counts = dict(
        db.session.execute(
            db.select(CohortMembership.cohort_id, func.count())
            .join(Cohort)
            .where(Cohort.organisation_id == user.organisation_id)
            .group_by(CohortMembership.cohort_id)
        ).all()
    )
    cohorts = db.session.scalars(
        db.select(Cohort)
        .where(Cohort.organisation_id == user.organisation_id)
        .order_by(Cohort.name)
    ).all()
    return {
        "people_by_role": [(role, people_by_role.get(role, 0)) for role in Role],
        "cohorts": [(cohort, member_counts.get(cohort.id, 0)) for cohort in cohorts],
    }
