"""One way to answer a request that htmx or a plain form may have sent.

htmx gets a fragment of the page's template; a plain form post that succeeded goes back to the
page (a redirect, with a notice), and one that failed gets the whole page again with its status."""

from typing import Any

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue

from app.extensions import htmx


def respond(
    page: str | None = None,
    *,
    fragment: str | None = None,
    redirect_to: str | None = None,
    status: int = 200,
    notice: str | None = None,
    redirect_status: int = 303,
    **context: Any,
) -> ResponseReturnValue:
    """Answer with `fragment` (htmx), a redirect to `redirect_to` (a plain request below 400,
    flashing `notice` when given) or `page`, each rendered with `context` and `status`.

    Without a `page`, a plain request that cannot be redirected is answered with `status` alone
    (the error page)."""
    if htmx and fragment is not None:
        return render_template(fragment, **context), status
    if redirect_to is not None and status < 400:
        if notice:
            flash(notice, "success")
        return redirect(redirect_to, redirect_status)
    if page is None:
        abort(status)
    return render_template(page, **context), status
