"""The app's models, one module per aggregate. Import from here."""

from app.models.accounts import (
    Cohort,
    CohortMembership,
    Organisation,
    PendingChange,
    Role,
    User,
)
from app.models.library import ChronologyEntry, FamilyMember, Scenario, Vocabulary
from app.models.maps import (
    Card,
    Category,
    Map,
    MapCoAuthor,
    MapEvent,
    MapSource,
    MapStatus,
    Perspective,
    Rating,
    Scale,
    StatementPair,
)

__all__ = [
    "Card",
    "Category",
    "ChronologyEntry",
    "Cohort",
    "CohortMembership",
    "FamilyMember",
    "Map",
    "MapCoAuthor",
    "MapEvent",
    "MapSource",
    "MapStatus",
    "Organisation",
    "PendingChange",
    "Perspective",
    "Rating",
    "Role",
    "Scale",
    "Scenario",
    "StatementPair",
    "User",
    "Vocabulary",
]
