"""Fixtures in the Flask tutorial's shape: app, client, runner, auth; plus a shared `world`.

The run migrates one database and copies it; the `world` is built once, in the copy. Each test
runs inside one transaction on its app's database, rolled back when the test ends, so every test
starts from the same rows (empty, or the world) without rebuilding them.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import ClassVar

import pytest
import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context
from flask.globals import app_ctx
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession

from app import create_app
from app.extensions import db, limiter
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
from tests.databases import config_for, copy_of_database, migrate_to_latest, throwaway_database
from tests.factories import (
    PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ScenarioFactory,
    UserFactory,
)

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
KEEP_META = re.compile(r'<meta name="keep-token" content="([^"]+)"')


class Client(FlaskClient):
    """A test client that can send forms with a valid CSRF token, as a browser would."""

    def open(self, *args, **kwargs):
        # The `app` fixture keeps one app context open for the whole test, and requests reuse
        # it: empty `g` (Flask-Login's user, Flask-WTF's token) so each request starts afresh.
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        page = self.get("/accessibility")
        return CSRF_META.search(page.text).group(1)

    def keep_token(self) -> str:
        """The signed-in person's keep token, from the page as static/js/app.js reads it."""
        page = self.get("/accessibility")
        return KEEP_META.search(page.text).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=data, **kwargs)


@dataclass(frozen=True)
class Databases:
    """The run's two migrated databases: one left empty, one holding the shared `world`."""

    empty: str
    world: str
    # Each of the world's rows by the name a test uses: its model and primary key.
    world_rows: dict[str, tuple[type, int]]


@pytest.fixture(scope="session")
def databases() -> Iterator[Databases]:
    """Migrate once, copy the empty schema, and build the `world` in the copy, once per run."""
    with throwaway_database("unit") as empty_url:
        migrate_to_latest(empty_url)
        with copy_of_database(empty_url, "world") as world_url:
            builder = create_app(config_for(world_url))
            with builder.app_context():
                built = build_world()
                world_rows = {
                    field.name: (type(row), row.id)
                    for field in fields(built)
                    for row in [getattr(built, field.name)]
                }
                db.session.remove()
                db.engine.dispose()
            yield Databases(empty=empty_url, world=world_url, world_rows=world_rows)


class RolledBackSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session, on the connection the current test holds open for its app.

    That connection has begun a transaction: the session's commits release savepoints inside it
    (join_transaction_mode="create_savepoint"), and the test ends by rolling it all back. An app
    a test makes for itself has no such connection and uses its own engine as usual."""

    connections: ClassVar[dict[Flask, sa.Connection]] = {}

    def __init__(self, db, **kwargs):
        super().__init__(db, **kwargs)
        self._app = current_app._get_current_object()

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        connection = self.connections.get(self._app)
        if bind is None and connection is not None:
            return connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def _let_sqlalchemy_begin_sqlite_transactions(engine: sa.Engine) -> None:
    """SQLAlchemy's documented recipe for SAVEPOINT on pysqlite: the driver's own transaction
    handling would commit around them, so SQLAlchemy emits BEGIN itself."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _driver_leaves_transactions_alone(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def apps(databases) -> Iterator[dict[str, Flask]]:
    """One app per database for the whole run."""
    made = {}
    for name, url in (("empty", databases.empty), ("world", databases.world)):
        made[name] = create_app(config_for(url))
        made[name].test_client_class = Client
        with made[name].app_context():
            _let_sqlalchemy_begin_sqlite_transactions(db.engine)
    # Flask-SQLAlchemy's scoped session (one per app context), made with the session above.
    original = db.session
    db.session = sa.orm.scoped_session(
        sa.orm.sessionmaker(
            class_=RolledBackSession,
            db=db,
            query_cls=db.Query,
            join_transaction_mode="create_savepoint",
        ),
        scopefunc=lambda: id(app_ctx._get_current_object()),
    )
    yield made
    db.session = original
    for made_app in made.values():
        with made_app.app_context():
            db.engine.dispose()


def _wants_world(request: pytest.FixtureRequest) -> bool:
    return "world" in request.fixturenames


@pytest.fixture
def database_url(request, databases) -> str:
    """The URL of the database this test's app uses."""
    return databases.world if _wants_world(request) else databases.empty


@pytest.fixture
def app(request, apps) -> Iterator[Flask]:
    """The run's app, inside one transaction that is rolled back when the test ends. A test
    that asks for `world` gets the app whose database holds it; any other, an empty one."""
    test_app = apps["world" if _wants_world(request) else "empty"]
    config = dict(test_app.config)
    with test_app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        RolledBackSession.connections[test_app] = connection
        limiter.reset()
        try:
            yield test_app
        finally:
            db.session.remove()
            del RolledBackSession.connections[test_app]
            transaction.rollback()
            connection.close()
            test_app.config.clear()
            test_app.config.update(config)


@pytest.fixture
def make_app(database_url) -> Callable[..., Flask]:
    """A new app of the test's own, for a test that changes the app itself (adds a route)."""

    def make(**overrides) -> Flask:
        made = create_app(config_for(database_url, **overrides))
        made.test_client_class = Client
        return made

    return make


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
    # A second practice champion of the organisation, who did not write the template.
    other_champion: User

    def person(self, role_name: str) -> User | None:
        return None if role_name == "anonymous" else getattr(self, role_name)


@pytest.fixture
def world(app, databases) -> World:
    """The shared world, read in the test's own session (built once per run)."""
    return World(
        **{name: db.session.get(model, key) for name, (model, key) in databases.world_rows.items()}
    )


def build_world() -> World:
    """Build the world and commit it (once per run, in the world database)."""
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
        other_champion=UserFactory(
            organisation=organisation,
            role=Role.CHAMPION,
            name="Morgan Champion",
            email="other_champion@example.org",
        ),
    )


class HalfWayFailure(RuntimeError):
    """The failure a test injects half-way through a unit of work."""


def fails_after(function: Callable, *, calls: int = 1) -> Callable:
    """`function`, doing its work as usual and then raising HalfWayFailure on call `calls`: what
    a crash half-way through whatever calls it looks like."""
    made = 0

    def failing(*args, **kwargs):
        nonlocal made
        result = function(*args, **kwargs)
        made += 1
        if made >= calls:
            raise HalfWayFailure(f"{function.__name__} failed after writing")
        return result

    return failing


@pytest.fixture
def crashes_answer_500(app, monkeypatch) -> None:
    """Let an unexpected exception answer the 500 page, as in production, instead of reaching
    the test (Flask propagates it when testing)."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def row_counts() -> dict[str, int]:
    """How many rows each table holds: compare before and after to prove nothing changed."""
    connection = db.session.connection()
    return {
        table.name: connection.execute(db.select(db.func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


# What the test harness itself sends: the transaction SQLite's recipe begins, and the savepoints
# that the app's commits become inside a test's transaction. Production runs none of them.
HARNESS_STATEMENT = re.compile(r"(BEGIN|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def sql_statements(action: Callable[[], object]) -> list[str]:
    """The SQL statements `action` runs, each on one line, without the harness's own."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        if not HARNESS_STATEMENT.match(statement.lstrip()):
            statements.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return statements
