"""In-process measurements that need no load: SQL statements per request.

    python -m bench.probes --fixtures fx.json --out probes.json [--show]

Run with the app's environment (DATABASE_URL, SECRET_KEY, APP_CONFIG) on a database seeded by
`bench.seed classroom`. Counts the statements of the map page for a 5-card and a 300-card map
(the same approach as tests/test_maps_routes.py), and of each editing request the classroom
makes, so a fixed query count, or one that grows with the map, shows up here. `--pages` counts
the trainee home, library search and review queue instead (before and after `bench.seed big`). `--show` prints
each statement, first line only, to find where repeated queries come from.
"""

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import create_app
from app.extensions import db
from app.maps import service as maps
from app.models import Card, Category, MapSource, User, Vocabulary
from bench.seed import bulk_insert, card_rows

HTMX = {"HX-Request": "true"}


def statements_of(engine: Engine, action: Callable[[], object]) -> list[str]:
    """The SQL statements `action` runs. Call it outside an app context: each test request then
    gets its own context and session, as in production."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def signed_in_client(app: Flask, email: str) -> tuple[FlaskClient, str]:
    """A test client signed in as `email` (through the session, as Flask-Login keeps it), and
    a CSRF token for its posts."""
    client = app.test_client()
    user_id = db.session.scalar(db.select(User.id).where(User.email == email))
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    page = client.get("/")
    token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return client, token


def map_with_cards(owner_email: str, cards: int) -> int:
    """A new draft map of `owner_email` with `cards` cards (bulk inserted after the first)."""
    owner = db.session.scalar(db.select(User).where(User.email == owner_email))
    the_map = maps.create_map(
        owner,
        source=MapSource.BLANK,
        title=f"Probe: {cards} cards",
        vocabulary=Vocabulary.CHILD_PROTECTION,
    )
    maps.add_card(the_map, owner, category=Category.HARM, text="The first card.")
    bulk_insert(Card.__table__, card_rows([the_map.id], cards - 1, owner.id, datetime.now(UTC)))
    return the_map.id


def probe(app: Flask, fixtures: dict, show: bool) -> dict:
    email = fixtures["trainees"][-1]["email"]
    with app.app_context():
        small, large = map_with_cards(email, 5), map_with_cards(email, 300)
        client, token = signed_in_client(app, email)
        card = db.session.scalar(db.select(Card.id).where(Card.map_id == small).order_by(Card.id))
        engine = db.engine
    headers = HTMX | {"X-CSRFToken": token}
    requests = {
        "map page, 5 cards": lambda: client.get(f"/maps/{small}"),
        "map page, 300 cards": lambda: client.get(f"/maps/{large}"),
        "add card (htmx)": lambda: client.post(
            f"/maps/{small}/sections/harm/cards",
            data={"add-harm-text": "A probe card."},
            headers=headers,
        ),
        "edit form (htmx)": lambda: client.get(f"/maps/{small}/cards/{card}/edit", headers=HTMX),
        "edit card (htmx)": lambda: client.post(
            f"/maps/{small}/cards/{card}",
            data={f"card-{card}-text": "Edited.", f"card-{card}-version": "1"},
            headers=headers,
        ),
        "move card (htmx)": lambda: client.post(
            f"/maps/{small}/cards/{card}/move", data={"direction": "down"}, headers=headers
        ),
    }
    counts = {}
    for name, request in requests.items():
        responses: list = []
        statements = statements_of(
            engine, lambda request=request, into=responses: into.append(request())
        )
        status = responses[0].status_code
        counts[name] = {"queries": len(statements), "status": status}
        if show:
            print(f"\n{name}: {len(statements)} statements, HTTP {status}")
            for statement in statements:
                print("   ", " ".join(statement.split())[:150])
    return counts


PAGES = [
    ("trainee home", "/", "trainee"),
    ("library search", "/library/?q=young+carers", "trainee"),
    ("review queue", "/maps/reviews", "supervisor"),
]


def probe_pages(app: Flask, fixtures: dict, show: bool) -> dict:
    """Statements and size of the pages the big-data figure times, for the demo people."""
    demo = fixtures["demo"]
    with app.app_context():
        clients = {who: signed_in_client(app, demo[who])[0] for who in ("trainee", "supervisor")}
        engine = db.engine
    counts = {}
    for name, path, who in PAGES:
        responses: list = []
        statements = statements_of(
            engine, lambda path=path, who=who, into=responses: into.append(clients[who].get(path))
        )
        counts[name] = {
            "queries": len(statements),
            "status": responses[0].status_code,
            "bytes": len(responses[0].data),
        }
        if show:
            print(f"\n{name}: {len(statements)} statements")
            for statement in statements:
                print("   ", " ".join(statement.split())[:150])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--show", action="store_true")
    parser.add_argument(
        "--pages", action="store_true", help="count the big-data figure's pages instead"
    )
    args = parser.parse_args()
    with open(args.fixtures) as file:
        fixtures = json.load(file)
    measure = probe_pages if args.pages else probe
    counts = measure(create_app(), fixtures, args.show)
    with open(args.out, "w") as out:
        json.dump(counts, out, indent=2)
    print(json.dumps({name: c["queries"] for name, c in counts.items()}))


if __name__ == "__main__":
    main()
