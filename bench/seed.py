"""Seed a bench database (run with the app's environment: DATABASE_URL, SECRET_KEY, APP_CONFIG).

    python -m bench.seed classroom --trainees 1200 --out fixtures.json
    python -m bench.seed big --maps 10000 --cards 500000

`classroom` loads the demo data, then bench trainees in cohorts of 30, each with a 20-card map;
a 60-card map with 2 pairs and rated scales (the map page figure) and a submitted copy of it
presented in a live group supervision session (the projector). It writes what the load generator
needs (emails, map and card ids) to `--out`.

`big` adds 10,000 maps and 500,000 cards in bulk (COPY on PostgreSQL, executemany on SQLite):
50 maps for each of 200 trainees, the demo trainee among them, 20 of them in the demo cohort, so
the demo trainee's home, the demo supervisor's review queue and the library's use counts all grow.
"""

import argparse
import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table

from app import create_app
from app.auth.service import hash_password
from app.demo import COHORT, DEMO_PASSWORD, ORGANISATION, seed_demo
from app.extensions import db
from app.maps import service as maps
from app.models import (
    Card,
    Category,
    Cohort,
    CohortMembership,
    Map,
    MapEvent,
    MapSource,
    MapStatus,
    Organisation,
    Perspective,
    Role,
    Scale,
    Template,
    User,
    Vocabulary,
)
from app.supervision import service as supervision

# The fictional accounts of a throwaway database.
BENCH_PASSWORD = "bench-password"  # noqa: S105  # nosec B105
TRAINEE_EMAIL = "bench-{:04d}@example.org"
MAPPER_EMAIL = "bench-mapper@example.org"
COHORT_SIZE = 30
CARDS_PER_TRAINEE_MAP = 20
COLUMN_CATEGORIES = [
    Category.HARM,
    Category.COMPLICATING_FACTOR,
    Category.EXISTING_STRENGTH,
    Category.EXISTING_SAFETY,
    Category.NEXT_STEP,
]
CARD_TEXT = (
    "Nursery says Kai arrives hungry on Mondays and asks staff for toast before the register "
    "is taken; his key worker has noticed it most weeks since January."
)
BATCH = 5000


# Bulk inserts -------------------------------------------------------------------------------


def bulk_insert(table: Table, rows: list[dict]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, batched executemany elsewhere."""
    if not rows:
        return
    if db.engine.dialect.name == "postgresql":
        _copy(table, rows)
        return
    for start in range(0, len(rows), BATCH):
        db.session.execute(table.insert(), rows[start : start + BATCH])
    db.session.commit()


def _copy(table: Table, rows: list[dict]) -> None:
    """COPY FROM STDIN through psycopg: tens of times faster than INSERTs for 500,000 rows."""
    columns = list(rows[0])
    db.session.commit()
    raw = db.engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_copy_value(row[name]) for name in columns])
        raw.commit()
    finally:
        raw.close()


def _copy_value(value):
    """Values as the app's column types store them: enums by value, JSON as text."""
    if isinstance(value, list | dict):
        return json.dumps(value)
    if hasattr(value, "value") and not isinstance(value, str | int):
        return value.value
    return value


def card_rows(map_ids: Iterable[int], per_map: int, author_id: int, now: datetime) -> list[dict]:
    """`per_map` cards for each map, spread over the five column categories."""
    rows = []
    for map_id in map_ids:
        for n in range(per_map):
            category = COLUMN_CATEGORIES[n % len(COLUMN_CATEGORIES)]
            rows.append(
                {
                    "map_id": map_id,
                    "category": category,
                    "position": n // len(COLUMN_CATEGORIES),
                    "text": f"{n + 1}. {CARD_TEXT}",
                    "source": "Nursery" if n % 3 == 0 else None,
                    "flags": [],
                    "version": 1,
                    "created_by_id": author_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    return rows


def insert_maps(rows: list[dict]) -> list[int]:
    """Insert maps (marked by a unique title prefix), their scales and a history event each."""
    bulk_insert(Map.__table__, rows)
    prefix = rows[0]["title"].split("#")[0]
    # Titles are numbered with leading zeros: in title order, the ids follow `rows`.
    ids = db.session.scalars(
        db.select(Map.id).where(Map.title.like(f"{prefix}#%")).order_by(Map.title)
    ).all()
    now = datetime.now(UTC)
    bulk_insert(
        Scale.__table__,
        [
            {
                "map_id": map_id,
                "pair_id": None,
                "low_anchor": "Things are so bad that the child cannot live at home.",
                "high_anchor": "Everyone knows the child is safe enough to close the case.",
            }
            for map_id in ids
        ],
    )
    bulk_insert(
        MapEvent.__table__,
        [
            {
                "map_id": map_id,
                "actor_id": None,
                "action": "created",
                "summary": "Started the map",
                "card_id": None,
                "detail": {},
                "created_at": now,
            }
            for map_id in ids
        ],
    )
    return list(ids)


def map_row(title: str, owner_id: int, organisation_id: int, cohort_id: int | None, **extra):
    now = extra.pop("updated_at", datetime.now(UTC))
    return {
        "organisation_id": organisation_id,
        "owner_id": owner_id,
        "cohort_id": cohort_id,
        "scenario_id": None,
        "template_version_id": None,
        "source": MapSource.BLANK,
        "title": title,
        "vocabulary": Vocabulary.CHILD_PROTECTION,
        "has_grey_area": False,
        "status": MapStatus.DRAFT,
        "review_summary": "",
        "created_at": now,
        "updated_at": now,
        **extra,
    }


def add_trainees(
    organisation: Organisation, emails: list[str], cohorts: list[Cohort], password_hash: str
) -> list[int]:
    """Trainees in bulk, sharing one password hash (hashing each would take minutes)."""
    now = datetime.now(UTC)
    bulk_insert(
        User.__table__,
        [
            {
                "organisation_id": organisation.id,
                "name": f"Bench Trainee {n}",
                "email": email,
                "role": Role.TRAINEE,
                "password_hash": password_hash,
                "active": True,
                "created_at": now,
            }
            for n, email in enumerate(emails)
        ],
    )
    found = db.session.execute(db.select(User.email, User.id).where(User.email.in_(emails)))
    ids = {email: user_id for email, user_id in found}
    user_ids = [ids[email] for email in emails]
    bulk_insert(
        CohortMembership.__table__,
        [
            {"cohort_id": cohorts[n % len(cohorts)].id, "user_id": user_id, "added_at": now}
            for n, user_id in enumerate(user_ids)
        ],
    )
    return user_ids


def make_cohorts(organisation: Organisation, names: list[str]) -> list[Cohort]:
    cohorts = [Cohort(organisation=organisation, name=name) for name in names]
    db.session.add_all(cohorts)
    db.session.commit()
    return cohorts


# The classroom -------------------------------------------------------------------------------


def seed_classroom(trainees: int) -> dict:
    """Demo data, `trainees` bench trainees with a map each, the 60-card map and a session."""
    seed_demo()
    organisation = db.session.scalar(db.select(Organisation).filter_by(name=ORGANISATION))
    password_hash = hash_password(BENCH_PASSWORD)
    cohort_count = (trainees + COHORT_SIZE - 1) // COHORT_SIZE
    cohorts = make_cohorts(organisation, [f"Bench cohort {n + 1}" for n in range(cohort_count)])
    emails = [TRAINEE_EMAIL.format(n) for n in range(trainees)]
    user_ids = add_trainees(organisation, emails, cohorts, password_hash)

    cohort_of = {user_id: cohorts[n % len(cohorts)].id for n, user_id in enumerate(user_ids)}
    map_ids = insert_maps(
        [
            map_row(f"Bench map #{n:04d}", user_id, organisation.id, cohort_of[user_id])
            for n, user_id in enumerate(user_ids)
        ]
    )
    bulk_insert(
        Card.__table__, card_rows(map_ids, CARDS_PER_TRAINEE_MAP, user_ids[0], datetime.now(UTC))
    )
    cards = _card_ids_by_map(map_ids)
    big_map, presented, session = _seed_sixty_card_maps(organisation, password_hash)
    return {
        "password": BENCH_PASSWORD,
        "trainees": [
            {"email": email, "map": map_id, "cards": cards[map_id]}
            for email, map_id in zip(emails, map_ids, strict=True)
        ],
        "mapper": {"email": MAPPER_EMAIL, "map": big_map},
        "projector": {
            "email": "supervisor@example.org",
            "password": DEMO_PASSWORD,
            "session": session,
            "map": presented,
        },
        "demo": {
            "trainee": "trainee@example.org",
            "supervisor": "supervisor@example.org",
            "password": DEMO_PASSWORD,
        },
    }


def _card_ids_by_map(map_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {map_id: [] for map_id in map_ids}
    for map_id, card_id in db.session.execute(
        db.select(Card.map_id, Card.id).where(Card.map_id.in_(map_ids)).order_by(Card.id)
    ):
        found[map_id].append(card_id)
    return found


def _seed_sixty_card_maps(organisation: Organisation, password_hash: str) -> tuple[int, int, int]:
    """Through the service layer, as a trainee would build them: a 60-card draft for the map page
    and a submitted copy that the demo supervisor presents in a live session."""
    cohort = db.session.scalar(db.select(Cohort).filter_by(name=COHORT))
    mapper = User(
        organisation=organisation,
        name="Bench Mapper",
        email=MAPPER_EMAIL,
        role=Role.TRAINEE,
        password_hash=password_hash,
    )
    db.session.add(mapper)
    db.session.add(CohortMembership(cohort=cohort, user=mapper))
    db.session.commit()
    draft = _sixty_card_map(mapper, "Bench: sixty cards")
    presented = _sixty_card_map(mapper, "Bench: presented map")
    maps.submit_map(presented, mapper)
    supervisor = db.session.scalar(db.select(User).filter_by(email="supervisor@example.org"))
    session = supervision.plan_session(
        supervisor,
        cohort=cohort,
        title="Bench: the projector",
        held_on=datetime.now(UTC).date(),
    )
    supervision.set_up(
        session,
        supervisor,
        people=[mapper],
        presenter=mapper,
        advisor=None,
        question="",
        maps=[presented],
    )
    supervision.start(session, supervisor)
    return draft.id, presented.id, session.id


def _sixty_card_map(owner: User, title: str) -> Map:
    the_map = maps.create_map(
        owner, source=MapSource.BLANK, title=title, vocabulary=Vocabulary.CHILD_PROTECTION
    )
    for n in range(60):
        category = COLUMN_CATEGORIES[n % len(COLUMN_CATEGORIES)]
        maps.add_card(the_map, owner, category=category, text=f"{n + 1}. {CARD_TEXT}")
    for n in range(2):
        pair = maps.add_pair(
            the_map,
            owner,
            statement=f"Statement {n + 1}: the nursery and the health visitor are worried that "
            "Kai is left alone at night, and if nothing changes he will be hurt.",
            goal=f"Goal {n + 1}: a sober adult will care for Kai every night, and the nursery "
            "will see him arrive fed and rested. This will have been happening for six months.",
        )
        maps.add_rating(pair.scale, owner, perspective=Perspective.WORKER, score=3 + n)
    map_scale = next(scale for scale in the_map.scales if scale.pair_id is None)
    for score in (3, 5, 6):
        maps.add_rating(map_scale, owner, perspective=Perspective.WORKER, score=score)
    return the_map


# The big database ----------------------------------------------------------------------------


def seed_big(total_maps: int, total_cards: int, owners: int = 200, cohort_size: int = 20) -> dict:
    """`total_maps` maps with `total_cards` cards, 50 maps to each of `owners` trainees."""
    started = time.perf_counter()
    organisation = db.session.scalar(db.select(Organisation).filter_by(name=ORGANISATION))
    demo_cohort = db.session.scalar(db.select(Cohort).filter_by(name=COHORT))
    demo_trainee = db.session.scalar(db.select(User).filter_by(email="trainee@example.org"))
    template = db.session.scalar(db.select(Template).order_by(Template.id))
    version_id = template.latest_published.id if template and template.latest_published else None

    other_cohorts = make_cohorts(
        organisation, [f"Big cohort {n + 1}" for n in range(owners // cohort_size - 1)]
    )
    emails = [f"big-{n:04d}@example.org" for n in range(owners - 1)]
    # The first cohort_size - 1 join the demo cohort (with the demo trainee), the rest the others.
    in_demo = emails[: cohort_size - 1]
    elsewhere = emails[cohort_size - 1 :]
    password_hash = hash_password(BENCH_PASSWORD)
    ids = add_trainees(organisation, in_demo, [demo_cohort], password_hash)
    ids += add_trainees(organisation, elsewhere, other_cohorts, password_hash)
    owner_cohorts = [(demo_trainee.id, demo_cohort.id)]
    owner_cohorts += [(user_id, demo_cohort.id) for user_id in ids[: len(in_demo)]]
    owner_cohorts += [
        (user_id, other_cohorts[n % len(other_cohorts)].id)
        for n, user_id in enumerate(ids[len(in_demo) :])
    ]

    now = datetime.now(UTC)
    rows = []
    for n in range(total_maps):
        owner_id, cohort_id = owner_cohorts[n % len(owner_cohorts)]
        # 20% submitted, 10% reviewed, the rest drafts; a third started from the demo template.
        status = {0: MapStatus.SUBMITTED, 1: MapStatus.SUBMITTED, 2: MapStatus.REVIEWED}.get(
            n % 10, MapStatus.DRAFT
        )
        from_template = version_id is not None and n % 3 == 0
        rows.append(
            map_row(
                f"Big map #{n:05d}",
                owner_id,
                organisation.id,
                cohort_id,
                status=status,
                submitted_at=now - timedelta(minutes=n) if status is not MapStatus.DRAFT else None,
                template_version_id=version_id if from_template else None,
                source=MapSource.TEMPLATE if from_template else MapSource.BLANK,
                updated_at=now - timedelta(minutes=n),
            )
        )
    map_ids = insert_maps(rows)
    per_map = total_cards // total_maps
    for start in range(0, len(map_ids), 500):
        bulk_insert(Card.__table__, card_rows(map_ids[start : start + 500], per_map, ids[0], now))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return {
        "maps": len(map_ids),
        "cards": per_map * len(map_ids),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    classroom = commands.add_parser("classroom")
    classroom.add_argument("--trainees", type=int, default=1200)
    classroom.add_argument("--out", required=True)
    big = commands.add_parser("big")
    big.add_argument("--maps", type=int, default=10_000)
    big.add_argument("--cards", type=int, default=500_000)
    args = parser.parse_args()

    app = create_app()
    with app.app_context():
        if args.command == "classroom":
            fixtures = seed_classroom(args.trainees)
            with open(args.out, "w") as out:
                json.dump(fixtures, out)
            print(f"Seeded {args.trainees} trainees and the 60-card maps")
        else:
            print(json.dumps(seed_big(args.maps, args.cards)))


if __name__ == "__main__":
    main()
