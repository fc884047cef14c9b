"""Security headers, set in one place for every response; a refusal of requests no form of the
app sends (text no database can store, bodies that are not forms, files where none is asked
for); and the check that a request came from one of the app's own pages."""

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["HSTS"]:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    # Pages, fragments, JSON and exports show people's names and case text: never keep them in
    # any cache. Only the static files (CSS, scripts, fonts) may be cached.
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin() -> bool:
    """Whether the browser says this request came from one of the app's own pages: its
    Sec-Fetch-Site header, or (from a browser that sends none) an Origin or Referer with the
    app's scheme and host. A request that proves nothing is not same-origin."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    source = request.headers.get("Origin") or request.headers.get("Referer")
    return source is not None and _origin_of(source) == _origin_of(request.host_url)


def _from_another_site() -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in {"same-origin", "none"}
    source = request.headers.get("Origin") or request.headers.get("Referer")
    return source is not None and _origin_of(source) != _origin_of(request.host_url)


def leave_the_session_cookie_alone(response: Response) -> Response:
    """A form another site posts arrives without the session cookie (SameSite=Lax). Answering
    it with a new session cookie would replace the person's own and sign them out: don't."""
    if request.method not in SAFE_METHODS and _from_another_site():
        session.modified = False
    return response


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
NOT_A_FORM = (
    "What was sent is not a form from Practice Mapper. Go back, reload the page and try again."
)
NOT_A_FILE = "A file was sent where none was asked for. Go back, reload the page and try again."

V = TypeVar("V", bound=Callable[..., object])


def accepts_files(*names: str) -> Callable[[V], V]:
    """Mark a view whose form has file fields with these names: only there are files taken."""

    def mark(view: V) -> V:
        view.accepted_files = frozenset(names)  # type: ignore[attr-defined]
        return view

    return mark


def refuse_what_no_form_sends() -> None:
    """Every unsafe route of the app takes a form. A body of another type (JSON, plain text) or
    a file in a field that asks for text is refused with 400 and a plain message, before any
    view reads it, rather than failing half-way through one."""
    if request.method in SAFE_METHODS:
        return
    has_body = bool(request.content_length) or "Transfer-Encoding" in request.headers
    if request.mimetype not in FORM_TYPES and (request.mimetype or has_body):
        abort(400, description=NOT_A_FORM)
    if request.files:
        view = current_app.view_functions.get(request.endpoint or "")
        accepted: frozenset[str] = getattr(view, "accepted_files", frozenset())
        if any(name not in accepted for name in request.files):
            abort(400, description=NOT_A_FILE)


def refuse_nul_characters() -> None:
    """A NUL character is never typed by a person, and PostgreSQL refuses to store one: answer
    400 with a plain message rather than fail half-way through a change."""
    for values in (request.args, request.form):
        if any("\x00" in value for _, value in values.items(multi=True)):
            abort(400, description="What was sent contains a character that cannot be saved.")


def register(app: Flask) -> None:
    app.before_request(refuse_what_no_form_sends)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)
    app.after_request(leave_the_session_cookie_alone)
