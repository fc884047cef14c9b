"""Reading case scenarios."""

from app.extensions import db
from app.models import Scenario, User


def scenarios_for(user: User) -> list[Scenario]:
    """Every scenario in the user's organisation, by title."""
    return db.session.scalars(
        db.select(Scenario)
        .where(Scenario.organisation_id == user.organisation_id)
        .order_by(Scenario.title)
    ).all()
