"""The demo organisation: people, a cohort and fictional case scenarios. Safe to run again."""

from dataclasses import dataclass

from app.auth.service import password_matches, set_password
from app.demo_scenarios import SCENARIOS
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

ORGANISATION = "Fernleigh Children's Services Academy"
COHORT = "ASYE cohort 6 — January"
DEMO_PASSWORD = "practise-mapping"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    role: Role


PEOPLE = [
    DemoPerson("Priya Raman", "trainee@example.org", Role.TRAINEE),
    DemoPerson("Tom Adebayo", "tom.adebayo@example.org", Role.TRAINEE),
    DemoPerson("Ffion Hughes", "ffion.hughes@example.org", Role.TRAINEE),
    DemoPerson("Daniel Kowalczyk", "daniel.kowalczyk@example.org", Role.TRAINEE),
    DemoPerson("Aisha Siddiqui", "aisha.siddiqui@example.org", Role.TRAINEE),
    DemoPerson("Rory McAllister", "rory.mcallister@example.org", Role.TRAINEE),
    DemoPerson("Helen Osei", "supervisor@example.org", Role.SUPERVISOR),
    DemoPerson("Marcus Bell", "champion@example.org", Role.CHAMPION),
    DemoPerson("Jo Whitfield", "admin@example.org", Role.ADMIN),
]

# The accounts printed by `make run`: the first person of each role.
SIGN_IN_ACCOUNTS = [
    next(p for p in PEOPLE if p.role is role)
    for role in (Role.TRAINEE, Role.SUPERVISOR, Role.CHAMPION, Role.ADMIN)
]


def seed_demo() -> None:
    """Create or restore the demo data. Running it twice leaves the same data as running it once."""
    organisation = _get_or_add(Organisation, name=ORGANISATION)
    people = {person.email: _seed_person(organisation, person) for person in PEOPLE}

    cohort = _get_or_add(Cohort, organisation=organisation, name=COHORT)
    for person in PEOPLE:
        if person.role in (Role.TRAINEE, Role.SUPERVISOR):
            user = people[person.email]
            if db.session.get(CohortMembership, (cohort.id, user.id)) is None:
                db.session.add(CohortMembership(cohort=cohort, user=user))

    author = people[SIGN_IN_ACCOUNTS[2].email]
    for data in SCENARIOS:
        _seed_scenario(organisation, author, data)
    db.session.commit()


def _get_or_add(model, **identity):
    row = db.session.scalar(db.select(model).filter_by(**identity))
    if row is None:
        row = model(**identity)
        db.session.add(row)
        db.session.flush()
    return row


def _seed_person(organisation: Organisation, person: DemoPerson) -> User:
    user = db.session.scalar(db.select(User).where(User.email == person.email))
    if user is None:
        user = User(email=person.email)
        db.session.add(user)
    user.organisation = organisation
    user.name = person.name
    user.role = person.role
    user.active = True
    # Re-hashing would change the stored hash on every run; only reset a changed password.
    if not user.password_hash or not password_matches(user, DEMO_PASSWORD):
        set_password(user, DEMO_PASSWORD)
    db.session.flush()
    return user


def _seed_scenario(organisation: Organisation, author: User, data: dict) -> None:
    scenario = db.session.scalar(
        db.select(Scenario).where(
            Scenario.organisation_id == organisation.id, Scenario.slug == data["slug"]
        )
    )
    if scenario is None:
        scenario = Scenario(organisation=organisation, slug=data["slug"])
        db.session.add(scenario)
    scenario.author = author
    scenario.title = data["title"]
    scenario.vocabulary = Vocabulary(data["vocabulary"])
    scenario.summary = data["summary"]
    scenario.referral = data["referral"]

    wanted_family = [(m["name"], m["age"], m["relation"]) for m in data["family_members"]]
    if [(m.name, m.age, m.relation) for m in scenario.family_members] != wanted_family:
        scenario.family_members = [
            FamilyMember(position=i, name=name, age=age, relation=relation)
            for i, (name, age, relation) in enumerate(wanted_family)
        ]
    wanted_chronology = [(e["date"], e["entry"]) for e in data["chronology"]]
    if [(e.occurred_on, e.entry) for e in scenario.chronology] != wanted_chronology:
        scenario.chronology = [
            ChronologyEntry(occurred_on=day, entry=entry) for day, entry in wanted_chronology
        ]
    db.session.flush()
