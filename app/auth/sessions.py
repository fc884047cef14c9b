"""Server-side session state: each signed-in browser has a row that can be ended.

The raw session id is random and lives only in Flask's signed cookie; the row keeps its SHA-256
hash. Every request checks the row (Flask-Login's user loader calls `current_row`), so signing
out, a password change or a deactivation ends a session on every app server at once, and a
copied cookie stops working."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy.orm import joinedload

from app.audit import log_event
from app.extensions import db
from app.models import User, UserSession
from app.models._types import utcnow

SESSION_KEY = "sid"
# What Flask-Login keeps in the cookie; removed with our id when a session has ended.
FLASK_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember_seconds")


def _hash(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


def _seconds(name: str) -> timedelta:
    return timedelta(seconds=current_app.config[name])


def start(user: User) -> UserSession:
    """A new session for `user`; its id goes into the cookie. Rows past any lifetime are
    removed on the way, so the table stays small."""
    now = utcnow()
    db.session.execute(
        db.delete(UserSession).where(
            UserSession.created_at
            < now - _seconds("PERMANENT_SESSION_LIFETIME") - timedelta(days=1)
        )
    )
    raw_id = secrets.token_urlsafe(32)
    row = UserSession(user=user, token_hash=_hash(raw_id), created_at=now, last_seen_at=now)
    db.session.add(row)
    session[SESSION_KEY] = raw_id
    g.user_session = row
    return row


def _why_over(row: UserSession, now: datetime) -> str | None:
    if now - row.created_at >= _seconds("PERMANENT_SESSION_LIFETIME"):
        return "lifetime"
    if now - row.last_seen_at >= _seconds("SESSION_IDLE_TIMEOUT"):
        return "idle"
    return None


def forget() -> None:
    """Drop this browser's sign-in from its cookie (other keys, like a kept change, stay)."""
    for key in (SESSION_KEY, *FLASK_LOGIN_KEYS):
        session.pop(key, None)


def current_row(user_id: int) -> UserSession | None:
    """This request's live session of `user_id`, or None (and the cookie forgets it).

    Ends the row when it has been idle or open too long; notes the time it was last used at
    most once every SESSION_TOUCH_INTERVAL seconds, so not every request writes."""
    raw_id = session.get(SESSION_KEY)
    row = (
        db.session.scalar(
            db.select(UserSession)
            .options(joinedload(UserSession.user))
            .where(UserSession.token_hash == _hash(raw_id))
        )
        if isinstance(raw_id, str)
        else None
    )
    if row is None or row.user_id != user_id or row.ended_at is not None:
        forget()
        return None
    now = utcnow()
    why = _why_over(row, now)
    if why is not None:
        row.ended_at = now
        # Committed at once, not with the request: the request goes on to answer 401 or a
        # read-only page, neither of which commits (app/unit_of_work.py).
        db.session.commit()
        log_event("session.ended", person_id=row.user_id, session_id=row.id, reason=why)
        forget()
        return None
    if now - row.last_seen_at >= _seconds("SESSION_TOUCH_INTERVAL"):
        row.last_seen_at = now
        # Committed at once for the same reason: reading a page commits nothing else.
        db.session.commit()
    g.user_session = row
    return row


def end_current(reason: str) -> None:
    """End this browser's session (signing out)."""
    row = g.get("user_session")
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.session.flush()
        log_event("session.ended", person_id=row.user_id, session_id=row.id, reason=reason)
    forget()


def end_all(user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every open session of `user` (except `keep`); the caller commits. How many ended."""
    query = db.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    rows = db.session.scalars(query).all()
    now = utcnow()
    for row in rows:
        row.ended_at = now
    if rows:
        log_event(
            "session.ended",
            person_id=user.id,
            session_ids=[row.id for row in rows],
            reason=reason,
        )
    return len(rows)


def end_others(user: User, reason: str) -> int:
    """End every session of `user` but this browser's; the caller commits."""
    return end_all(user, reason, keep=g.get("user_session"))
