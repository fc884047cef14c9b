"""How long a failed sign-in takes for a known email and for an unknown one (finding 4).

    .venv/bin/python -m bench.sign_in_timing [--rounds 30]

Builds a throwaway SQLite database with one person whose password is hashed as in production
(scrypt), then posts the sign-in form through Flask's test client, alternating a known email with
a wrong password and an unknown email, and prints the median time of each. Before the fix the
unknown email skipped the hash (about 14 ms against 194 ms); now both should take about the same.
A measurement to read, not a test: the suite proves the equal work by counting hash checks
(tests/test_auth.py)."""

import argparse
import statistics
import tempfile
import time

from flask_migrate import upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.models import Organisation, Role, User


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="pm-sign-in-") as folder:
        config = type(
            "BenchConfig",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                # Production's hashing, and no form token or rate limit in the way.
                "PASSWORD_HASH_METHOD": "scrypt",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            },
        )
        app = create_app(config)
        with app.app_context():
            upgrade()
            from app.auth.service import hash_password

            user = User(
                organisation=Organisation(name="Bench Academy"),
                name="Bench Person",
                email="known@example.org",
                role=Role.TRAINEE,
                password_hash=hash_password("the-right-password-here"),
            )
            db.session.add(user)
            db.session.commit()
        client = app.test_client()
        timings: dict[str, list[float]] = {"known email, wrong password": [], "unknown email": []}
        emails = {"known email, wrong password": "known@example.org", "unknown email": ""}
        for attempt in range(rounds + 1):
            for label in timings:
                email = emails[label] or f"nobody{attempt}@example.org"
                started = time.perf_counter()
                response = client.post("/sign-in", data={"email": email, "password": "wrong"})
                elapsed = time.perf_counter() - started
                if response.status_code != 400:
                    raise SystemExit(f"Expected a refused sign-in, got {response.status_code}")
                if attempt:  # the first round warms up (and makes the dummy hash once)
                    timings[label].append(elapsed)
        for label, values in timings.items():
            print(f"{label:<28} median {statistics.median(values) * 1000:7.1f} ms")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
