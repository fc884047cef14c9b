"""The app factory, configuration and database settings."""

import pytest
from sqlalchemy import text

from app import create_app
from app.config import DEFAULT_SECRET_KEY, ProductionConfig, config_from_environment
from app.extensions import db
from tests.databases import config_for


def test_testing_config(app):
    assert app.testing
    assert app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_missing_secret_key():
    config = type("NoKey", (ProductionConfig,), {"SECRET_KEY": None})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_refuses_default_secret_key():
    config = type("DefaultKey", (ProductionConfig,), {"SECRET_KEY": DEFAULT_SECRET_KEY})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_starts_with_a_real_key_and_secure_cookies(database_url):
    config = type(
        "Good",
        (ProductionConfig,),
        {"SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": database_url},
    )
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"]
    response = app.test_client().get("/accessibility")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_config_chosen_from_environment(monkeypatch):
    monkeypatch.setenv("APP_CONFIG", "production")
    assert config_from_environment() is ProductionConfig
    monkeypatch.setenv("APP_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="not known"):
        config_from_environment()


def test_unset_app_config_means_production(monkeypatch):
    monkeypatch.delenv("APP_CONFIG", raising=False)
    assert config_from_environment() is ProductionConfig


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    app = create_app(config_for(f"sqlite:///{tmp_path / 'pragmas.db'}"))
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_migrations_match_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
