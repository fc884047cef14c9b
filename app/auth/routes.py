"""Sign in, sign out and change password."""

import logging

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import RequestLimit
from flask_login import current_user

from app import policy
from app.audit import log_event
from app.auth import pending, service
from app.auth.forms import ChangePasswordForm, SignInForm
from app.extensions import limiter

bp = Blueprint("auth", __name__)

ACCOUNT_LOCKED = (
    "There have been too many wrong passwords for this account in the last hour, so it is "
    "locked for now. Wait an hour and try again, or ask your academy admin for help."
)


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _account_hourly_limit() -> str:
    return current_app.config["SIGN_IN_ACCOUNT_HOURLY_LIMIT"]


def _email_tried() -> str:
    return "sign-in:" + service.normalise_email(request.form.get("email", ""))


def _failed(response: Response) -> bool:
    """A sign-in that did not succeed: the form came back with an error."""
    return response.status_code == 400


def _log_lock_out(limit: RequestLimit) -> None:
    """A sign-in refused by a rate limit: who was tried (when the account exists), never the
    email address itself."""
    tried = service.find_account(request.form.get("email", ""))
    log_event(
        "sign_in.locked_out",
        level=logging.WARNING,
        user_id=tried.id if tried is not None else None,
        limit=str(limit.limit),
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], on_breach=_log_lock_out)
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_email_tried, on_breach=_log_lock_out)
@limiter.limit(
    _account_hourly_limit,
    methods=["POST"],
    key_func=_email_tried,
    scope="sign-in-hourly",
    deduct_when=_failed,
    on_breach=_log_lock_out,
    error_message=ACCOUNT_LOCKED,
)
@policy.requires(policy.PUBLIC)
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        result = service.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            service.sign_in(result.user)
            if pending.is_waiting_for(result.user):
                return redirect(url_for("auth.pending_change"))
            return redirect(
                service.safe_next_url(request.args.get("next")) or url_for("home.index")
            )
        form.email.errors.append(result.problem)
    return render_template("auth/sign_in.html", form=form), 200 if not form.errors else 400


@bp.post("/sign-out")
@policy.requires("sign out")
def sign_out() -> ResponseReturnValue:
    service.sign_out()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@policy.requires("change my password")
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not service.password_matches(current_user, form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            problem = service.password_problem(
                form.new_password.data, [current_user.name, current_user.email]
            )
            if problem is not None:
                form.new_password.errors.append(problem)
            else:
                ended = service.change_password(current_user, form.new_password.data)
                flash(
                    "Your password has been changed."
                    + (" You have been signed out everywhere else." if ended else ""),
                    "success",
                )
                return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form), 200 if not form.errors else 400


@bp.get("/unsaved-change")
@policy.requires("see my unsaved change")
def pending_change() -> ResponseReturnValue:
    """What the person typed before their session ended, in the page's words. Typed text can be
    saved with one press; choices (co-authors, a score) are shown and made again on the page."""
    change = pending.take_pending_change(current_user)
    if change is None:
        flash("There is no unsaved change waiting for you.", "info")
        return redirect(url_for("home.index"))
    match = pending.endpoint_for(change.path)
    the_map = None
    if match is not None and "map_id" in match[1]:
        from app.maps.view import load_map

        the_map = load_map(match[1]["map_id"])
    if the_map is None or not policy.allowed(current_user, "edit a map", the_map):
        return render_template("auth/pending_change.html", change=None), 409
    endpoint, values = match  # type: ignore[misc]
    if endpoint == "maps.settings":
        page = url_for("maps.settings", map_id=the_map.id)
    else:
        anchor = f"scale-{values['scale_id']}" if "scale_id" in values else None
        page = url_for("maps.map_page", map_id=the_map.id, _anchor=anchor)
    return render_template(
        "auth/pending_change.html",
        change=change,
        the_map=the_map,
        kept=pending.describe(change, the_map),
        choose_again=pending.has_choices(change),
        page=page,
    )
