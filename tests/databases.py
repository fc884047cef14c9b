"""Throwaway databases for a test run: a temporary SQLite file, or a fresh PostgreSQL database
on the server named by DATABASE_URL (created here, dropped afterwards)."""

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask_migrate import upgrade
from sqlalchemy import URL, create_engine, make_url, text

from app import create_app
from app.config import TestConfig


def postgres_server_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@contextmanager
def throwaway_database(label: str) -> Iterator[str]:
    """Yield the URL of an empty database that disappears when the block ends."""
    server = postgres_server_url()
    if server is None:
        with tempfile.TemporaryDirectory(prefix="practice-mapper-") as folder:
            yield f"sqlite:///{folder}/{label}.db"
        return
    with _postgresql_database(make_url(server), f"pm_test_{label}_{uuid.uuid4().hex[:10]}") as url:
        yield url


@contextmanager
def copy_of_database(url: str, label: str) -> Iterator[str]:
    """Yield the URL of a copy of the database at `url` (nobody may be connected to it), which
    disappears when the block ends: SQLite's backup into a new file, or PostgreSQL's
    CREATE DATABASE … TEMPLATE."""
    source = make_url(url)
    if source.get_backend_name() != "sqlite":
        with _postgresql_database(source, f"{source.database}_{label}", source.database) as copy:
            yield copy
        return
    copy_path = f"{source.database}.{label}.db"
    with sqlite3.connect(source.database) as original, sqlite3.connect(copy_path) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    try:
        yield source.set(database=copy_path).render_as_string(hide_password=False)
    finally:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(copy_path + suffix):
                os.remove(copy_path + suffix)


@contextmanager
def _postgresql_database(server: URL, name: str, template: str | None = None) -> Iterator[str]:
    """Create database `name` on `server` (empty, or a copy of `template`); drop it at the end."""
    maintenance = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    copying = f' TEMPLATE "{template}"' if template else ""
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copying}'))
        # A throwaway database need not survive a power cut: skip waiting for each commit's flush.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()


def config_for(database_url: str, **overrides) -> type[TestConfig]:
    """A TestConfig subclass pointing at `database_url`."""
    return type("RunConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})


def migrate_to_latest(database_url: str) -> None:
    """Build the schema the way production does: by running every migration."""
    app = create_app(config_for(database_url))
    with app.app_context():
        upgrade()
        from app.extensions import db

        db.engine.dispose()
