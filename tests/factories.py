"""factory_boy factories for the models. Each commits, like the app's services do."""

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.auth.service import hash_password
from app.extensions import db
from app.models import (
    ChronologyEntry,
    Cohort,
    CohortMembership,
    FamilyMember,
    Organisation,
    Role,
    Scenario,
    User,
    Vocabulary,
)

PASSWORD = "a-long-test-password"


class Factory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class OrganisationFactory(Factory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Academy {n}")


class UserFactory(Factory):
    class Meta:
        model = User

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Person {n} Example")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    role = Role.TRAINEE
    active = True
    password_hash = factory.LazyFunction(lambda: hash_password(PASSWORD))


class CohortFactory(Factory):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"ASYE cohort {n}")

    @factory.post_generation
    def members(cohort, create, extracted, **kwargs):
        for user in extracted or []:
            db.session.add(CohortMembership(cohort=cohort, user=user))
        if extracted:
            db.session.commit()


class ScenarioFactory(Factory):
    class Meta:
        model = Scenario

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"scenario-{n}")
    title = factory.Sequence(lambda n: f"Scenario {n}")
    vocabulary = Vocabulary.CHILD_PROTECTION
    summary = "A fictional family for tests."
    referral = "First paragraph of the referral.\n\nSecond paragraph."
    family_members = factory.LazyFunction(
        lambda: [FamilyMember(position=0, name="Robin Test", age=4, relation="Child")]
    )
    chronology = factory.LazyFunction(
        lambda: [ChronologyEntry(occurred_on=date(2026, 3, 1), entry="School raised a worry.")]
    )
