"""The app's models, one module per aggregate. Import from here."""

from app.models.accounts import Cohort, CohortMembership, Organisation, Role, User
from app.models.library import ChronologyEntry, FamilyMember, Scenario, Vocabulary

__all__ = [
    "ChronologyEntry",
    "Cohort",
    "CohortMembership",
    "FamilyMember",
    "Organisation",
    "Role",
    "Scenario",
    "User",
    "Vocabulary",
]
