"""Configuration classes. Pick one with APP_CONFIG (development, production, testing)."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

# A key that must never reach production: the app refuses to start with it.
# A sentinel the app refuses in production, not a secret.
DEFAULT_SECRET_KEY = "change-me"  # nosec B105


def _development_secret_key() -> str:
    """A random key kept in instance/, so local sign-ins survive a restart."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'practice-mapper.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions are also kept on the server (app/auth/sessions.py): one ends 12 hours after
    # signing in whatever happens, and after SESSION_IDLE_TIMEOUT seconds without a request.
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12  # one working day, from signing in
    SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(60 * 60 * 2)))
    # How often a session's last-seen time is written: not on every request.
    SESSION_TOUCH_INTERVAL = 60
    # The cookie's expiry is not pushed on by every request: the lifetime does not slide.
    SESSION_REFRESH_EACH_REQUEST = False

    # A token lives as long as the session: a form left open over lunch still saves.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    # Template files are refused over 1 MB with a clear message; this caps every request.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute")
    # Failed sign-ins to one account, from anywhere, on top of the per-minute limits.
    SIGN_IN_ACCOUNT_HOURLY_LIMIT = os.environ.get("SIGN_IN_ACCOUNT_HOURLY_LIMIT", "100 per hour")

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers we trust.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    HSTS = False


class DevelopmentConfig(Config):
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()


class ProductionConfig(Config):
    NAME = "production"
    # The __Host- prefix: browsers accept the cookie only when Secure, with Path=/ and no Domain,
    # so another site on a sibling subdomain cannot set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    # The app never asks Flask-Login for a "remember me" cookie, and one would not sign anyone
    # in without a live server-side session; named and flagged like the session cookie anyway.
    REMEMBER_COOKIE_NAME = "__Host-remember"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_PATH = "/"
    REMEMBER_COOKIE_DOMAIN = None
    HSTS = True


class TestConfig(Config):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # nosec B105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # nosec B105


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_environment() -> type[Config]:
    """The class APP_CONFIG names; production when unset, so a forgotten setting fails safe."""
    name = os.environ.get("APP_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"APP_CONFIG={name!r} is not known; use one of {', '.join(CONFIGS)}."
        ) from None


def check_production_settings(config: Mapping[str, Any]) -> None:
    """Refuse to run in production with a missing or well-known secret key."""
    key = config.get("SECRET_KEY")
    if not key or key == DEFAULT_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing, the default, or shorter than 32 characters. "
            "Set SECRET_KEY in the environment to a long random value, for example "
            "the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
