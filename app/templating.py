"""Every app-wide Jinja filter and global, registered once by create_app().

Dates are written one way everywhere, built from `str(day)` rather than strftime's `%-d`, which
only glibc understands. Templates call these filters and never `strftime` (a test checks):

    {{ d | long_date }}         1 December 2026
    {{ d | short_date }}        1 Dec 2026
    {{ t | date_time }}         1 December 2026 at 14:05
    {{ t | short_date_time }}   1 Dec 2026, 14:05

Each takes a date or a datetime (the long and short dates also an ISO date string, as a template
document holds one) and gives "" for None.

`policy_allows('an action', target)` asks app/policy.py from a template. The action must be
written as a literal naming a key of `policy.RULES`: in debug and testing, create_app() reads
every template and refuses to start when one names an action that has no rule, so a typo fails
the tests rather than a page.

Kept with their feature, because only that feature's templates use them: the maps blueprint's
`identifier_label` filter and its editor helpers (app/maps/routes.py), and the library's
`vocabulary_of`, `prompt_labels`, `category_label` and `reference_categories`
(app/library/routes.py).
"""

import re
from datetime import date, datetime
from pathlib import Path

from flask import Flask
from flask_login import current_user

from app import policy
from app.auth.pending import keep_token_for
from app.home.routes import navigation_items
from app.library.formatting import render_rich_text

# `policy_allows(` and what follows it: a quoted action, or anything else (which is refused).
POLICY_CALL = re.compile(r"""policy_allows\(\s*(?:(['"])(?P<action>.*?)\1|(?P<other>[^)\s]*))""")


def _written(value: date | str | None, rest: str) -> str:
    """The day of the month without a leading zero, then `rest` in strftime's terms."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value.strftime(rest)}"


def long_date(value: date | str | None) -> str:
    """The day, the month and the year: 1 December 2026."""
    return _written(value, "%B %Y")


def short_date(value: date | str | None) -> str:
    """The day, the month shortened and the year: 1 Dec 2026."""
    return _written(value, "%b %Y")


def date_time(value: datetime | None) -> str:
    """The long date and the time: 1 December 2026 at 14:05."""
    return _written(value, "%B %Y at %H:%M")


def short_date_time(value: datetime | None) -> str:
    """The short date and the time: 1 Dec 2026, 14:05."""
    return _written(value, "%b %Y, %H:%M")


def policy_allows(action: str, target: object = None) -> bool:
    """True when the signed-in person may do `action` (to `target`): the template's policy."""
    return policy.allowed(current_user, action, target)


def policy_actions_in(folder: Path) -> dict[str, list[str]]:
    """Every `policy_allows(...)` action in the templates under `folder`, with the templates
    that name it; a call whose action is not a quoted literal is listed as `<not a literal>`."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.html")):
        for call in POLICY_CALL.finditer(path.read_text(encoding="utf-8")):
            action = call["action"] if call["action"] is not None else "<not a literal>"
            found.setdefault(action, []).append(str(path.relative_to(folder)))
    return found


def check_policy_actions(folder: Path) -> None:
    """Raise when a template under `folder` asks `policy_allows` about an action with no rule."""
    unknown = {
        action: where
        for action, where in policy_actions_in(folder).items()
        if action not in policy.RULES
    }
    if unknown:
        lines = [f"  {action!r} in {', '.join(where)}" for action, where in unknown.items()]
        raise LookupError(
            "policy_allows() names an action with no rule in app/policy.py RULES:\n"
            + "\n".join(lines)
        )


def register(app: Flask) -> None:
    """Add the filters and globals to the app's Jinja environment; in debug and testing, check
    every template's policy actions first."""
    if app.debug or app.testing:
        check_policy_actions(Path(app.root_path, app.template_folder or "templates"))
    app.jinja_env.filters.update(
        rich_text=render_rich_text,
        long_date=long_date,
        short_date=short_date,
        date_time=date_time,
        short_date_time=short_date_time,
    )
    app.jinja_env.globals.update(
        policy_allows=policy_allows,
        # For base.html: the menu, and the <meta name="keep-token"> of a signed-in page.
        navigation_items=navigation_items,
        keep_token=lambda: keep_token_for(current_user),
    )
