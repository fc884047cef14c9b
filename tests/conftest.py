"""Fixtures in the Flask tutorial's shape: app, client, runner, auth; plus a shared `world`."""

import re
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy
from jinja2 import BytecodeCache

from app import create_app
from app.extensions import db
from app.library import service as library
from app.maps import service as maps
from app.models import (
    Card,
    Category,
    Cohort,
    Comment,
    Map,
    MapSource,
    Organisation,
    PublishScope,
    Role,
    ScalingRound,
    Scenario,
    StatementPair,
    SupervisionSession,
    Template,
    User,
    Vocabulary,
)
from app.supervision import service as supervision
from tests.databases import config_for, migrate_to_latest, throwaway_database
from tests.factories import (
    PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ScenarioFactory,
    UserFactory,
)

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture(scope="session")
def database_url():
    with throwaway_database("unit") as url:
        migrate_to_latest(url)
        yield url


class Client(FlaskClient):
    """A test client that can send forms with a valid CSRF token, as a browser would."""

    def open(self, *args, **kwargs):
        # The `app` fixture keeps one app context open for the whole test, and requests reuse
        # it: empty `g` (Flask-Login's user, Flask-WTF's token) so each request starts afresh.
        for name in list(g):
            g.pop(name)
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        page = self.get("/accessibility")
        return CSRF_META.search(page.text).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=data, **kwargs)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole run: each test's new app skips Jinja's parsing."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()

_ENGINES: dict[str, sa.Engine] = {}


def _shared_engine(self, bind_key, options, app):
    """One engine per database URL for the whole run (each test builds a new app): connections
    and SQLAlchemy's compiled-statement cache are reused instead of rebuilt every test."""
    url = str(options["url"])
    if url not in _ENGINES:
        _ENGINES[url] = sa.engine_from_config(options, prefix="")
    return _ENGINES[url]


# Flask-SQLAlchemy's engine factory (pinned version 3.1), replaced for the test run only.
SQLAlchemy._make_engine = _shared_engine


@pytest.fixture
def app(database_url):
    app = create_app(config_for(database_url))
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        empty_every_table()


def empty_every_table() -> None:
    """Leave the schema, drop the rows: the next test starts from an empty database."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: Client):
        self._client = client

    def sign_in(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post_form("/sign-in", {"email": email, "password": password})

    def sign_out(self):
        return self._client.post_form("/sign-out")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@dataclass
class World:
    """One organisation with two cohorts and someone in every role, plus one from elsewhere."""

    organisation: Organisation
    cohort: Cohort
    other_cohort: Cohort
    trainee: User
    other_trainee: User
    supervisor: User
    other_supervisor: User
    champion: User
    admin: User
    outsider_admin: User
    scenario: Scenario
    outsider_scenario: Scenario
    co_author: User
    classmate: User
    map: Map
    card: Card
    pair: StatementPair
    template: Template
    # The trainee's own question on the map, as a thread of feedback.
    comment: Comment
    # A group supervision under way: the supervisor facilitates, the trainee presents the
    # classmate's submitted map, the classmate is in the group. A round is open on its scale.
    session: SupervisionSession
    session_map: Map
    scaling_round: ScalingRound

    def person(self, role_name: str) -> User | None:
        return None if role_name == "anonymous" else getattr(self, role_name)


@pytest.fixture
def world(app) -> World:
    organisation = OrganisationFactory(name="Fernleigh Test Academy")
    people = {
        name: UserFactory(
            organisation=organisation, role=role, name=label, email=f"{name}@example.org"
        )
        for name, role, label in [
            ("trainee", Role.TRAINEE, "Priya Trainee"),
            ("other_trainee", Role.TRAINEE, "Owen Trainee"),
            ("supervisor", Role.SUPERVISOR, "Sam Supervisor"),
            ("other_supervisor", Role.SUPERVISOR, "Olu Supervisor"),
            ("champion", Role.CHAMPION, "Chris Champion"),
            ("admin", Role.ADMIN, "Alex Admin"),
            ("co_author", Role.TRAINEE, "Cleo Coauthor"),
            ("classmate", Role.TRAINEE, "Kit Classmate"),
        ]
    }
    cohort = CohortFactory(
        organisation=organisation,
        name="ASYE cohort 6 — January",
        members=[people["trainee"], people["supervisor"], people["co_author"], people["classmate"]],
    )
    other_cohort = CohortFactory(
        organisation=organisation,
        name="ASYE cohort 7 — September",
        members=[people["other_trainee"], people["other_supervisor"]],
    )
    elsewhere = OrganisationFactory(name="Elsewhere Academy")
    scenario = ScenarioFactory(organisation=organisation, author=people["champion"])
    the_map = maps.create_map(
        people["trainee"],
        source=MapSource.SCENARIO,
        title="Robin's map",
        vocabulary=Vocabulary.CHILD_PROTECTION,
        has_grey_area=True,
        scenario=scenario,
        co_authors=[people["co_author"]],
    )
    card = maps.add_card(
        the_map, people["trainee"], category=Category.HARM, text="Robin had a bruise on his arm."
    )
    pair = maps.add_pair(
        the_map,
        people["trainee"],
        statement="The school is worried Robin will be hurt again.",
        goal="Robin's dad will keep him safe for six months.",
    )
    # An exercise published to the first cohort, with its reference map shown to that cohort;
    # the trainee's map was started from it.
    template = library.create_template(
        people["champion"],
        library.blank_document() | {"title": "Robin's exercise", "summary": "A boy with a bruise."},
    )
    reference = library.reference_map_for(template, people["champion"])
    maps.add_card(reference, people["champion"], category=Category.HARM, text="Robin was hurt.")
    library.publish(template, people["champion"], scope=PublishScope.COHORTS, cohorts=[cohort])
    library.reveal(template, cohort, people["supervisor"])
    the_map.template_version = template.latest
    comment = Comment(map=the_map, author=people["trainee"], body="Is the harm card clear?")
    db.session.add(comment)
    db.session.commit()
    session_map = maps.create_map(
        people["classmate"],
        source=MapSource.BLANK,
        title="Kit's map of the Ellis family",
        vocabulary=Vocabulary.CHILD_PROTECTION,
    )
    maps.add_card(session_map, people["classmate"], category=Category.HARM, text="Jay was left.")
    maps.submit_map(session_map, people["classmate"])
    session = supervision.plan_session(
        people["supervisor"],
        cohort=cohort,
        title="Group supervision, week 6",
        held_on=date(2026, 11, 27),
        question="Is it safe for Jay to stay at home?",
    )
    supervision.set_up(
        session,
        people["supervisor"],
        people=[people["classmate"]],
        presenter=people["trainee"],
        advisor=None,
        question=session.question,
        maps=[session_map],
    )
    supervision.start(session, people["supervisor"])
    scaling_round = supervision.open_round(session, people["supervisor"], session_map.scales[0])
    supervision.rate(scaling_round, people["trainee"], score=4, reason="Jay is often alone.")
    return World(
        organisation=organisation,
        cohort=cohort,
        other_cohort=other_cohort,
        outsider_admin=UserFactory(
            organisation=elsewhere, role=Role.ADMIN, email="elsewhere@example.org"
        ),
        scenario=scenario,
        map=the_map,
        card=card,
        pair=pair,
        template=template,
        comment=comment,
        outsider_scenario=ScenarioFactory(organisation=elsewhere),
        session=session,
        session_map=session_map,
        scaling_round=scaling_round,
        **people,
    )


def row_counts() -> dict[str, int]:
    """How many rows each table holds: compare before and after to prove nothing changed."""
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(
                db.select(db.func.count()).select_from(table)
            ).scalar_one()
            for table in db.metadata.sorted_tables
        }
