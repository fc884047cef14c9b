"""Never lose typed work to an ended session.

When a change to a map arrives from someone whose session has ended, the form is kept (not
applied). After they sign in again they see what they typed and can save it with one click."""

import json
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import request, session
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import RequestRedirect

from app.extensions import db
from app.models import PendingChange
from app.models._types import utcnow

SESSION_KEY = "pending_change"
KEEP_FOR = timedelta(days=1)
MAX_SIZE = 64_000  # characters of JSON: generous for a pair builder, too small to abuse
# Only changes to maps are kept: they are where the long, typed work is.
KEPT_BLUEPRINTS = {"maps"}


def keep_posted_change() -> bool:
    """Keep this request's form for later, if it is a change worth keeping. True when kept."""
    if request.method != "POST" or request.blueprint not in KEPT_BLUEPRINTS:
        return False
    form = {
        key: values
        for key, values in request.form.lists()
        if key != "csrf_token" and any(value.strip() for value in values)
    }
    if not form:
        return False
    encoded = json.dumps(form)
    if len(encoded) > MAX_SIZE:
        return False
    db.session.execute(
        db.delete(PendingChange).where(PendingChange.created_at < utcnow() - KEEP_FOR)
    )
    change = PendingChange(id=secrets.token_urlsafe(32), path=request.path, form=form)
    db.session.add(change)
    db.session.commit()
    session[SESSION_KEY] = change.id
    return True


def has_pending_change() -> bool:
    return SESSION_KEY in session


def take_pending_change() -> PendingChange | None:
    """The kept change of this browser session, removed from storage as it is handed over."""
    change_id = session.pop(SESSION_KEY, None)
    if not change_id:
        return None
    change = db.session.get(PendingChange, change_id)
    if change is None:
        return None
    db.session.delete(change)
    db.session.commit()
    return change


def endpoint_for(path: str) -> tuple[str, Mapping[str, Any]] | None:
    """Which route a kept change was posted to, and its URL values."""
    from flask import current_app

    adapter = current_app.url_map.bind("localhost")
    try:
        return adapter.match(path, method="POST")
    except (NotFound, RequestRedirect, HTTPException):
        return None
