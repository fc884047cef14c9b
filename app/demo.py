"""The demo organisation: people, a cohort and fictional case scenarios. Safe to run again."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict, TypeVar

from app.auth.service import password_matches, set_password
from app.demo_scenarios import SCENARIOS
from app.extensions import db
from app.models import (
    Category,
    ChronologyEntry,
    Cohort,
    CohortMembership,
    FamilyMember,
    Map,
    MapSource,
    Organisation,
    Perspective,
    PublishScope,
    Role,
    Scenario,
    Template,
    User,
    Vocabulary,
)

ORGANISATION = "Fernleigh Children's Services Academy"
COHORT = "ASYE cohort 6 — January"
# The published password of the fictional demo accounts.
DEMO_PASSWORD = "practise-mapping"  # nosec B105


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
    db.session.flush()
    _seed_maps(people)
    _seed_template(people, cohort)
    _seed_session(people, cohort)


# Two example maps, made only when missing so a trainee's own edits survive a re-run.
class DemoMap(TypedDict):
    owner: str
    co_authors: list[str]
    scenario: str
    title: str
    submit: bool


DEMO_MAPS: list[DemoMap] = [
    {
        "owner": "trainee@example.org",
        "co_authors": ["tom.adebayo@example.org"],
        "scenario": "maisie-and-kai-orchard-row",
        "title": "Maisie and Kai: practice map",
        "submit": False,
    },
    {
        "owner": "ffion.hughes@example.org",
        "co_authors": [],
        "scenario": "maisie-and-kai-orchard-row",
        "title": "Maisie and Kai: Ffion's map",
        "submit": True,
    },
]

DEMO_CARDS = [
    (
        Category.HARM,
        "Police found Kai (2) awake in the hallway at 1.30am in a soaked nappy.",
        "Police",
    ),
    (
        Category.HARM,
        "Maisie has dropped from the 50th centile to just below the 9th since December.",
        "Health visitor",
    ),
    (
        Category.COMPLICATING_FACTOR,
        "Shannon says the argument was “about money, nothing more”.",
        "Shannon",
    ),
    (
        Category.EXISTING_STRENGTH,
        "Bernadette is round most days and both children run to her.",
        "Nursery",
    ),
    (
        Category.EXISTING_SAFETY,
        "On the night of the police call, Shannon rang Bernadette, who took both children to her flat within twenty minutes.",
        "Police",
    ),
    (Category.NEXT_STEP, "Health visitor to weigh Maisie every week for the next month.", ""),
    (Category.HOUSE_OF_WORRIES, "When Mummy and Daddy shout.", "Kai"),
    (Category.HOUSE_OF_GOOD_THINGS, "Nanna's flat and the park.", "Kai"),
    (Category.HOUSE_OF_DREAMS, "Everyone being happy at home.", "Kai"),
]


def _seed_maps(people: dict[str, User]) -> None:
    from app.maps import service as maps

    for spec in DEMO_MAPS:
        owner = people[spec["owner"]]
        exists = db.session.scalar(
            db.select(Map.id).where(Map.owner_id == owner.id, Map.title == spec["title"])
        )
        if exists:
            continue
        scenario = db.session.scalar(db.select(Scenario).where(Scenario.slug == spec["scenario"]))
        the_map = maps.create_map(
            owner,
            source=MapSource.SCENARIO,
            title=spec["title"],
            vocabulary=scenario.vocabulary,
            has_grey_area=True,
            scenario=scenario,
            co_authors=[people[email] for email in spec["co_authors"]],
        )
        for category, text, source in DEMO_CARDS:
            maps.add_card(the_map, owner, category=category, text=text, source=source)
        pair = maps.add_pair(
            the_map,
            owner,
            statement_who="Children's services and the health visitor",
            statement_behaviour="Shannon and Łukasz drink until they cannot wake when Maisie and Kai need them at night",
            statement_impact="Maisie will not get the feeds she needs to grow, and Kai will be frightened and unsafe",
            statement="Children's services and the health visitor are worried that Shannon and Łukasz drink "
            "until they cannot wake when Maisie and Kai need them at night, and if nothing changes Maisie "
            "will not get the feeds she needs to grow, and Kai will be frightened and unsafe.",
            goal="Shannon and Łukasz will make sure a sober adult is always caring for Maisie and Kai, so "
            "that Maisie is fed through the night and gains weight and Kai sleeps in a calm home. The "
            "health visitor will see Maisie's weight rise each week. This will have been happening for "
            "six months.",
        )
        maps.set_child(the_map, owner, name="Kai", age=2)
        map_scale = next(scale for scale in the_map.scales if scale.pair_id is None)
        for perspective, name, score, reason in [
            (
                Perspective.WORKER,
                "",
                3,
                "Maisie's weight is dropping and the drinking is not yet explained.",
            ),
            (
                Perspective.PARENT_OR_CARER,
                "Shannon (mother)",
                7,
                "We never drink when we're on our own with them.",
            ),
            (
                Perspective.PARENT_OR_CARER,
                "Bernadette (grandmother)",
                5,
                "I'm there most days but not at night.",
            ),
        ]:
            maps.add_rating(
                map_scale,
                owner,
                perspective=perspective,
                rater_name=name,
                score=score,
                reason=reason,
            )
        maps.add_rating(
            pair.scale,
            owner,
            perspective=Perspective.WORKER,
            score=3,
            reason="No plan for nights yet.",
        )
        if spec["submit"]:
            maps.submit_map(the_map, owner)


DEMO_SESSION = "Group supervision: Maisie and Kai"


def _seed_session(people: dict[str, User], cohort: Cohort) -> None:
    """A planned group supervision: Ffion presents her submitted map, Helen facilitates."""
    from app.models import SupervisionSession
    from app.supervision import service as supervision

    if db.session.scalar(
        db.select(SupervisionSession.id).where(SupervisionSession.title == DEMO_SESSION)
    ):
        return
    facilitator = people["supervisor@example.org"]
    presenter = people["ffion.hughes@example.org"]
    presented = db.session.scalar(
        db.select(Map).where(Map.owner_id == presenter.id, Map.title == DEMO_MAPS[1]["title"])
    )
    session = supervision.plan_session(
        facilitator,
        cohort=cohort,
        title=DEMO_SESSION,
        held_on=date.today() + timedelta(days=2),
        question="What would tell us the children are safe enough at night?",
    )
    supervision.set_up(
        session,
        facilitator,
        people=[people["trainee@example.org"], people["tom.adebayo@example.org"]],
        presenter=presenter,
        advisor=None,
        question=session.question,
        maps=[presented] if presented is not None else [],
    )


Row = TypeVar("Row")


def _get_or_add(model: type[Row], **identity: Any) -> Row:
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


DEMO_TEMPLATE_SCENARIO = "zoe-cedar-walk"
DEMO_TEMPLATE_PROMPTS = {
    "harm": "What has already happened to Zoë because of how things are at home?",
    "statements": "Who is worried, about what, and what will happen to Zoë if nothing changes?",
    "existing_strength": "Who and what helps this family? Think about school and the wider family.",
    "existing_safety": "When has someone already made sure Zoë was looked after, and for how long?",
    "goals": "What will Zoë's mum and the people around her be doing, and for how long?",
    "next_step": "Who will do what, and by when?",
}
DEMO_REFERENCE_CARDS = [
    (Category.HARM, "Zoë has missed school on days her mum is unwell and arrives tired."),
    (Category.EXISTING_STRENGTH, "Zoë and her mum are close and talk about how she is feeling."),
    (Category.EXISTING_STRENGTH, "The school has a young carers' group Zoë could join."),
    (
        Category.COMPLICATING_FACTOR,
        "Mum worries that asking for help means Zoë will be taken away.",
    ),
    (Category.NEXT_STEP, "School to introduce Zoë to the young carers' group this week."),
]


def _seed_template(people: dict[str, User], cohort: Cohort) -> None:
    """An early help exercise, published to the demo cohort and set for it."""
    from app.library import service as library
    from app.maps import service as maps

    champion = people[SIGN_IN_ACCOUNTS[2].email]
    data = next(s for s in SCENARIOS if s["slug"] == DEMO_TEMPLATE_SCENARIO)
    title = f"Exercise: {data['title']}"
    existing = db.session.scalars(
        db.select(Template).where(Template.author_id == champion.id)
    ).all()
    if any(t.title == title for t in existing):
        return
    document = library.blank_document() | {
        "title": title,
        "vocabulary": data["vocabulary"],
        "summary": data["summary"],
        "referral": data["referral"],
        "learning_objectives": "- Tell existing strengths from existing safety\n- Write a worry "
        "statement in plain, behavioural words\n- Scale from Zoë's and her mum's points of view",
        "themes": ["young carers", "school attendance"],
        "suggested_minutes": 45,
        "family_members": [
            {"name": m["name"], "age": m["age"], "relation": m["relation"]}
            for m in data["family_members"]
        ],
        "chronology": [
            {"date": e["date"].isoformat(), "entry": e["entry"]} for e in data["chronology"]
        ],
        "prompts": DEMO_TEMPLATE_PROMPTS,
        "example_cards": [
            {
                "category": "existing_strength",
                "text": "Zoë's teacher says she is kind to younger children.",
                "source": "School",
            }
        ],
    }
    template = library.create_template(champion, document)
    reference = library.reference_map_for(template, champion)
    for category, text in DEMO_REFERENCE_CARDS:
        maps.add_card(reference, champion, category=category, text=text)
    pair = maps.add_pair(
        reference,
        champion,
        statement="The school is worried that Zoë misses school when her mum is unwell, and if nothing "
        "changes she will fall behind and lose touch with her friends.",
        goal="Zoë's mum and the people around her will make sure Zoë gets to school every day, so "
        "that she keeps up and sees her friends. The school will see her attendance rise. This will "
        "have been happening for a whole term.",
    )
    maps.add_rating(
        pair.scale,
        champion,
        perspective=Perspective.WORKER,
        score=5,
        reason="Mum wants help; no plan yet.",
    )
    scale = next(s for s in reference.scales if s.pair_id is None)
    maps.add_rating(
        scale,
        champion,
        perspective=Perspective.WORKER,
        score=6,
        reason="Loving home; care needs support.",
    )
    library.publish(template, champion, scope=PublishScope.COHORTS, cohorts=[cohort])
    library.assign(template, cohort, champion, None)
