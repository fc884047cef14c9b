"""Signing in and out, and password handling."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db, htmx, login_manager
from app.models import User
from app.models._types import utcnow

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    """scrypt by default; the test config asks for a cheap hash so the suite stays quick."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


@dataclass
class SignInResult:
    user: User | None
    problem: str | None


WRONG_DETAILS = "Enter a correct email address and password"
DEACTIVATED = (
    "Your account has been deactivated, so you cannot sign in. "
    "Ask your academy admin if you need it back."
)


def authenticate(email: str, password: str) -> SignInResult:
    """Check the details. The same message for an unknown email and a wrong password."""
    user = db.session.scalar(db.select(User).where(User.email == normalise_email(email)))
    if user is None or not password_matches(user, password):
        return SignInResult(None, WRONG_DETAILS)
    if not user.active:
        return SignInResult(None, DEACTIVATED)
    return SignInResult(user, None)


def sign_in(user: User) -> None:
    # Signed-in sessions last PERMANENT_SESSION_LIFETIME, not until the browser closes.
    session.permanent = True
    login_user(user)
    user.last_signed_in_at = utcnow()
    db.session.commit()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: a deactivated person's open sessions stop working at once."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def unauthorized() -> ResponseReturnValue:
    """Anonymous request for a signed-in page: a redirect, or HX-Redirect for htmx.

    A change posted after the session ended is kept, and shown again after signing in."""
    from app.auth import pending

    next_page: str | None
    if pending.has_pending_change() or pending.keep_posted_change():
        next_page = url_for("auth.pending_change")
        message = (
            "Your session ended before your last change was saved. Sign in again: "
            "what you typed has been kept and you can save it."
        )
    else:
        next_page = request.full_path.rstrip("?") if request.method == "GET" else None
        message = login_manager.login_message
    target = url_for(login_manager.login_view, next=next_page)
    flash(message, login_manager.login_message_category)
    if htmx:
        response = make_response(message, 401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def safe_next_url(candidate: str | None) -> str | None:
    """Only a path on this site: never an absolute URL an attacker could send someone to."""
    if not candidate:
        return None
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not candidate.startswith("/") or candidate.startswith("//"):
        return None
    if "\\" in candidate:
        return None
    return candidate
