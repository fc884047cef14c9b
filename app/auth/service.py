"""Signing in and out, and password handling."""

import functools
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from app.audit import log_event
from app.auth import sessions
from app.extensions import db, htmx, login_manager
from app.models import User
from app.models._types import utcnow

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# zxcvbn's scores run 0 (guessed at once) to 4; 3 is "safely unguessable" against an attacker
# who can make many guesses, which is what a leaked hash allows.
MIN_PASSWORD_SCORE = 3
# zxcvbn's time grows with the length; the first 100 characters decide any real password.
STRENGTH_CHECKED_CHARACTERS = 100
TOO_EASY_TO_GUESS = (
    "This password is too easy to guess. Use three or four unrelated words, "
    "and not your name or email address"
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_account(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    """scrypt by default; the test config asks for a cheap hash so the suite stays quick."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash of a random password, made once per process with the real method and cost."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _spend_the_same_time_as_a_check(password: str) -> None:
    """An unknown email costs the same hash work as a wrong password, so the time a sign-in
    takes does not tell an attacker which email addresses have accounts."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    check_password_hash(_dummy_hash(method), password)


def password_problem(password: str, user_inputs: list[str] | None = None) -> str | None:
    """What is wrong with a new password, in words for the person; None when it will do.

    At least 12 characters, and not easy to guess: zxcvbn scores it against common passwords,
    names, dictionary words, keyboard patterns and `user_inputs` (the person's name and email)."""
    if len(password) < MIN_PASSWORD_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return (
            f"Your new password must be between {MIN_PASSWORD_LENGTH} "
            f"and {MAX_PASSWORD_LENGTH} characters"
        )
    words = [part for value in user_inputs or [] for part in _words_of(value)]
    result = zxcvbn(password[:STRENGTH_CHECKED_CHARACTERS], user_inputs=words)
    if result["score"] < MIN_PASSWORD_SCORE:
        return TOO_EASY_TO_GUESS
    return None


def _words_of(value: str) -> list[str]:
    """A name or email address as zxcvbn's user inputs: the whole and each part of it."""
    value = value.strip().lower()
    parts = value.replace("@", " ").replace(".", " ").replace("-", " ").split()
    return [value, "".join(parts), *parts] if value else []


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
    user = find_account(email)
    if user is None:
        _spend_the_same_time_as_a_check(password)
        log_event("sign_in.failed", reason="unknown email")
        return SignInResult(None, WRONG_DETAILS)
    if not password_matches(user, password):
        log_event("sign_in.failed", user_id=user.id, reason="wrong password")
        return SignInResult(None, WRONG_DETAILS)
    if not user.active:
        log_event("sign_in.failed", user_id=user.id, reason="deactivated")
        return SignInResult(None, DEACTIVATED)
    return SignInResult(user, None)


def sign_in(user: User) -> None:
    """Start a new server-side session for `user`. The cookie carries its random id; the
    form token from before signing in is dropped, so a new one is made for the new session."""
    # The cookie lasts PERMANENT_SESSION_LIFETIME, not until the browser closes; the server
    # ends the session sooner when it is idle (SESSION_IDLE_TIMEOUT).
    session.permanent = True
    session.pop("csrf_token", None)
    row = sessions.start(user)
    login_user(user)
    user.last_signed_in_at = utcnow()
    db.session.flush()
    log_event("sign_in.succeeded", user_id=user.id, session_id=row.id)


def sign_out() -> None:
    """End this browser's session on the server, then forget it in the cookie."""
    log_event("sign_out")
    sessions.end_current("signed out")
    logout_user()


def change_password(user: User, password: str) -> int:
    """Set a new password and end every other session of `user` (this one stays).
    Returns how many sessions were ended."""
    set_password(user, password)
    ended = sessions.end_others(user, "password changed")
    db.session.flush()
    log_event("password.changed", person_id=user.id, other_sessions_ended=ended)
    return ended


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader, on every request: the browser's server-side session must exist,
    not be ended, and be within its lifetime and idle timeout; and the person must be active
    (so a deactivated person's open sessions stop working at once)."""
    if not user_id.isdigit():
        sessions.forget()
        return None
    row = sessions.current_row(int(user_id))
    if row is None:
        return None
    return row.user if row.user.active else None


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
