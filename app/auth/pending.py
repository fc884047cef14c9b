"""Never lose typed work to an ended session, and never keep a change someone else sent.

When a change to a map arrives from someone whose session has ended, the form is kept (not
applied), but only when the request came from one of our own pages and carries that person's
keep token: a signed note of who they are, put in every page while they were signed in, which
outlives the session. A form another site posts has neither, so nothing is kept. After signing
in again the person (and only that person) is shown what was kept, in the page's words, and
chooses whether to save it."""

import json
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import RequestRedirect

from app.extensions import db
from app.models import PendingChange, User
from app.models._types import utcnow
from app.security import is_same_origin

SESSION_KEY = "pending_change"
KEEP_FOR = timedelta(days=1)
MAX_SIZE = 64_000  # characters of JSON: generous for a pair builder, too small to abuse
# A browser keeps one change (its session holds one id); a person a few a day; an address more,
# since a whole training room may reach the app from one address.
MAX_PER_ADDRESS = 30
MAX_PER_PERSON = 5
# Only changes to maps are kept: they are where the long, typed work is.
KEPT_BLUEPRINTS = {"maps"}

# The keep token: the page's <meta name="keep-token">, sent by static/js/app.js as a header on
# every htmx request and as a form field on plain form posts.
KEEP_HEADER = "X-Keep-Token"
KEEP_FIELD = "keep_token"
# Distinct from every other signed value of the app (the session's own salt, Flask-WTF's).
KEEP_SALT = "practice-mapper keep token"
NOT_KEPT = {"csrf_token", KEEP_FIELD}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=KEEP_SALT)


def keep_token_for(user: User) -> str:
    """A token saying "this is `user`", valid for KEEP_FOR: issued only in signed-in pages."""
    return str(_serializer().dumps({"user": user.id}))


def keep_token_person() -> int | None:
    """The id of the person whose valid keep token came with this request, if one did."""
    token = request.headers.get(KEEP_HEADER) or request.form.get(KEEP_FIELD)
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=int(KEEP_FOR.total_seconds()))
    except BadSignature:  # also an expired token (SignatureExpired)
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def _count(*conditions: Any) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(PendingChange).where(*conditions)
    )


def keep_posted_change() -> bool:
    """Keep this request's form for later, if it is a change worth keeping and provably from
    the person's own page. True when kept."""
    if request.method != "POST" or request.blueprint not in KEPT_BLUEPRINTS:
        return False
    if has_pending_change():  # one per browser: the first is the one offered
        return False
    if not is_same_origin():
        return False
    user_id = keep_token_person()
    if user_id is None:
        return False
    form = {
        key: values
        for key, values in request.form.lists()
        if key not in NOT_KEPT and any(value.strip() for value in values)
    }
    if not form:
        return False
    encoded = json.dumps(form)
    if len(encoded) > MAX_SIZE:
        return False
    fresh = PendingChange.created_at >= utcnow() - KEEP_FOR
    db.session.execute(db.delete(PendingChange).where(~fresh))
    address = request.remote_addr or "unknown"
    if _count(fresh, PendingChange.address == address) >= MAX_PER_ADDRESS:
        return False
    if _count(fresh, PendingChange.user_id == user_id) >= MAX_PER_PERSON:
        return False
    if db.session.get(User, user_id) is None:
        return False
    change = PendingChange(
        id=secrets.token_urlsafe(32), user_id=user_id, address=address, path=request.path, form=form
    )
    db.session.add(change)
    # Committed at once, not with the request: the request answers 400 or 401 (the session
    # ended), which rolls back (app/unit_of_work.py), and the words must still be kept.
    db.session.commit()
    session[SESSION_KEY] = change.id
    return True


def has_pending_change() -> bool:
    """Whether this browser has a change waiting (for whoever signs in next)."""
    return SESSION_KEY in session


def _waiting(user: User) -> PendingChange | None:
    change_id = session.get(SESSION_KEY)
    change = db.session.get(PendingChange, change_id) if isinstance(change_id, str) else None
    if change is None or change.user_id != user.id or change.created_at < utcnow() - KEEP_FOR:
        return None
    return change


def is_waiting_for(user: User) -> bool:
    """Whether this browser's kept change is `user`'s, and still within its day."""
    return _waiting(user) is not None


def take_pending_change(user: User) -> PendingChange | None:
    """This browser's kept change, if it is `user`'s and not expired, removed from storage as
    it is handed over. Someone else's is never handed over: it is dropped."""
    change = _waiting(user)
    change_id = session.pop(SESSION_KEY, None)
    stale = change if change is not None else db.session.get(PendingChange, change_id or "")
    if stale is not None:
        db.session.delete(stale)
        # Committed at once: it is handed over on a page read with GET, which commits nothing.
        db.session.commit()
    return change


def endpoint_for(path: str) -> tuple[str, Mapping[str, Any]] | None:
    """Which route a kept change was posted to, and its URL values."""
    adapter = current_app.url_map.bind("localhost")
    try:
        return adapter.match(path, method="POST")
    except (NotFound, RequestRedirect, HTTPException):
        return None


# What a kept change is shown as: each field by the label it has on the page, and each chosen
# value by its words (a co-author's name, not their id). Field names may carry a prefix
# ("add-harm-text", "scale-3-score"): the part after the last "-" names the field.
LABELS = {
    "text": "Card",
    "source": "Who said it",
    "title": "Title",
    "vocabulary": "Words the map uses",
    "has_grey_area": "Grey area list",
    "co_authors": "Co-authors",
    "category": "Move to",
    "position": "Position in the list",
    "direction": "Move",
    "statement": "Final wording of the statement",
    "goal": "Final wording of the goal",
    "perspective": "Whose view",
    "rater_name": "Their name",
    "score": "Score",
    "reason": "Why this score",
    "rated_on": "Date",
    "low_anchor": "What 0 means",
    "high_anchor": "What 10 means",
    "child_name": "The child's name",
    "child_age": "The child's age",
    "body": "Comment",
    "summary": "Summary",
    "outcome": "Outcome",
}
# Choices the person made with a checkbox, a list or a button. They are shown, never carried
# over as pre-chosen values: the person opens the page and chooses again.
CHOICES = {"vocabulary", "has_grey_area", "co_authors", "category", "position", "direction",
           "perspective", "score", "outcome"}  # fmt: skip
# Carried with the change but not shown: which version was edited, which card a comment is on.
HIDDEN = {"version", "card", "pair", "rating", "submit", "preview"}


def field_name(key: str) -> str:
    return key.rsplit("-", 1)[-1]


def has_choices(change: PendingChange) -> bool:
    return any(field_name(key) in CHOICES for key in change.form)


def describe(change: PendingChange, the_map: Any) -> list[tuple[str, str]]:
    """Each kept field as (label on the page, what was typed or chosen, in words)."""
    from app.maps.forms import PAIR_PART_LABELS
    from app.maps.service import co_author_candidates
    from app.maps.structure import CATEGORIES
    from app.models import Category, Perspective, Vocabulary

    people = {str(user.id): user.name for user in co_author_candidates(the_map.owner)}
    in_words: dict[str, Any] = {
        "co_authors": lambda v: people.get(v, "someone who cannot be a co-author of this map"),
        "vocabulary": lambda v: Vocabulary(v).label,
        "has_grey_area": lambda v: "Yes",
        "category": lambda v: CATEGORIES[Category(v)].label,
        "perspective": lambda v: Perspective(v).label,
        "direction": lambda v: {"up": "Up", "down": "Down"}[v],
    }
    rows = []
    for key, values in change.form.items():
        name = field_name(key)
        if name in HIDDEN:
            continue
        label = LABELS.get(name) or PAIR_PART_LABELS.get(name, (name.replace("_", " "),))[0]
        words = []
        for value in values:
            try:
                words.append(in_words[name](value) if name in in_words else value)
            except (KeyError, ValueError):
                words.append("a choice the page does not offer")
        rows.append((label, ", ".join(words)))
    return rows
