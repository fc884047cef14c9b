"""Error pages in the app's own look, with words a person can act on."""

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.auth import pending
from app.auth.service import unauthorized
from app.extensions import db, htmx

MESSAGES = {
    400: (
        "There is a problem with the request",
        "The page could not understand what was sent. Go back, check what you entered and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "Your account cannot open this page. If you think it should, ask your academy admin.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, the item "
        "may have been removed.",
    ),
    405: (
        "That action is not available here",
        "Go back and use the buttons on the page.",
    ),
    413: (
        "What you sent is too large",
        "Make the text shorter and try again.",
    ),
    429: (
        "Too many attempts",
        "You have tried this too many times in a short time. Wait a minute, then try again.",
    ),
    500: (
        "Sorry, there is a problem with Practice Mapper",
        "Nothing you saved before this has been lost. Try again in a few minutes.",
    ),
}


def render_error(
    status: int, title: str | None = None, message: str | None = None
) -> tuple[str, int]:
    default_title, default_message = MESSAGES.get(status, MESSAGES[500])
    if htmx:
        # A fragment for the page's error box (static/js/app.js shows it), not a whole page.
        return render_template(
            "errors/_fragment.html",
            title=title or default_title,
            message=message or default_message,
        ), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            message=message or default_message,
        ),
        status,
    )


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    # A description set by abort(…, description=) is meant for the person; Werkzeug's default is not.
    custom = error.description if error.description != type(error).description else None
    return render_error(status, message=custom)


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    if not current_user.is_authenticated and (
        pending.has_pending_change() or pending.keep_posted_change()
    ):
        # The session ended before this change arrived: keep the words, ask them to sign in.
        return unauthorized()
    return render_error(
        400,
        title="This form has expired",
        message="Your session ended or the page was open in another tab that signed out. "
        "Nothing was saved. Go back, reload the page and try again.",
    )


def handle_rate_limit(error: HTTPException) -> tuple[str, int]:
    # A limit with its own words for the person (the hourly sign-in lock) says them.
    limit = getattr(error, "limit", None)
    return render_error(429, message=getattr(limit, "error_message", None) or None)


def handle_server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    return render_error(500)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(429, handle_rate_limit)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
