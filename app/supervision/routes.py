"""Group supervision: plan a session, present maps on a projector, scale independently, reflect.

Screens that follow a live session poll small fragments every few seconds; a fragment that has
not changed answers 204, which htmx leaves alone."""

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.extensions import db, htmx
from app.library import service as library
from app.maps.view import build_view, load_map
from app.models import (
    Map,
    Scale,
    ScalingRound,
    SessionStatus,
    SupervisionSession,
    VersionStatus,
)
from app.supervision import service
from app.supervision.forms import (
    OpenRoundForm,
    PlanSessionForm,
    ReflectionForm,
    RoundRatingForm,
    SetUpForm,
)
from app.supervision.service import SessionError, first_name, load_round, load_session

bp = Blueprint("supervision", __name__, url_prefix="/sessions")

# How often a following screen asks for changes. Fast enough to feel live in the room.
POLL_SECONDS = 3


@bp.get("/")
@policy.requires("list my group supervision")
def sessions() -> str:
    return render_template("supervision/sessions.html", sessions=service.sessions_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@policy.requires("plan group supervision")
def new_session() -> ResponseReturnValue:
    form = PlanSessionForm()
    cohorts = current_user.cohorts
    form.cohort.choices = [(c.id, c.name) for c in cohorts]
    # Exercises published to the supervisor, by the title of the version they can see.
    startable = [
        item
        for item in library.library_for(current_user)
        if item.version.status is VersionStatus.PUBLISHED
    ]
    form.template.choices = [(0, "No exercise: discuss submitted maps")] + [
        (item.template.id, item.document["title"]) for item in startable
    ]
    if request.method == "GET":
        form.held_on.data = date.today()
    if not cohorts:
        form.cohort.errors = ["You are not in a cohort yet: ask an admin to add you to one"]
    elif form.validate_on_submit():
        cohort = next(c for c in cohorts if c.id == form.cohort.data)
        template = next(
            (i.template for i in startable if i.template.id == form.template.data), None
        )
        try:
            session = service.plan_session(
                current_user,
                cohort=cohort,
                title=form.title.data,
                held_on=form.held_on.data,
                question=form.question.data,
                template=template,
            )
        except SessionError as problem:
            form.template.errors = [*form.template.errors, str(problem)]
        else:
            flash("The session is planned. Now choose who takes part and the maps.", "success")
            return redirect(url_for("supervision.set_up", session_id=session.id))
    status = 400 if form.errors and request.method == "POST" else 200
    return render_template("supervision/new.html", form=form), status


@bp.get("/<int:session_id>")
@policy.requires("take part in a session", session=load_session)
def session_page(session: SupervisionSession) -> ResponseReturnValue:
    return _session_page(session, ReflectionForm(formdata=None, obj=session))


def _session_page(
    session: SupervisionSession, reflection: ReflectionForm, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "supervision/session.html",
        session=session,
        role=session.role_of(current_user),
        round_form=_open_round_form(session),
        reflection=reflection,
        first_name=first_name,
        **_rounds(session),
    ), status


def _rounds(session: SupervisionSession) -> dict[str, Any]:
    rounds = [service.round_view(r, current_user) for r in session.rounds]
    return {
        "rounds": rounds,
        # What a participant may see of every round: a new round or a reveal changes it.
        "rounds_stamp": "_".join(r.stamp for r in rounds) or "none",
        "poll_seconds": POLL_SECONDS,
    }


@bp.get("/<int:session_id>/rounds")
@policy.requires("take part in a session", session=load_session)
def rounds_panel(session: SupervisionSession) -> ResponseReturnValue:
    """The session's rounds, for polling: 204 while nothing a participant may see has changed."""
    context = _rounds(session)
    if request.args.get("since") == context["rounds_stamp"]:
        return "", 204
    return render_template("supervision/_rounds.html", session=session, **context)


@bp.route("/<int:session_id>/set-up", methods=["GET", "POST"])
@policy.requires("facilitate a session", session=load_session)
def set_up(session: SupervisionSession) -> ResponseReturnValue:
    form = SetUpForm()
    people = [u for u in service.candidate_people(session) if u.id != current_user.id]
    maps = service.candidate_maps(session)
    form.people.choices = [(u.id, f"{u.name} ({u.role.label.lower()})") for u in people]
    form.presenter.choices = [(0, "Nobody: the group maps an exercise")] + [
        (u.id, u.name) for u in people
    ]
    form.advisor.choices = [(0, "No advisor")] + [(u.id, u.name) for u in people]
    form.maps.choices = [(m.id, f"{m.title} ({m.owner.name})") for m in maps]
    if request.method == "GET":
        form.people.data = [p.user_id for p in session.participants]
        form.presenter.data = _holder(session, "presenter")
        form.advisor.data = _holder(session, "advisor")
        form.question.data = session.question
        form.maps.data = [entry.map_id for entry in session.session_maps]
    if form.validate_on_submit():
        by_id = {u.id: u for u in people}
        try:
            service.set_up(
                session,
                current_user,
                people=[by_id[i] for i in form.people.data if i in by_id],
                presenter=by_id.get(form.presenter.data),
                advisor=by_id.get(form.advisor.data),
                question=form.question.data,
                maps=[m for m in maps if m.id in form.maps.data],
            )
        except SessionError as problem:
            form.people.errors = [*form.people.errors, str(problem)]
        else:
            flash("The session's people and maps are saved.", "success")
            return redirect(url_for("supervision.session_page", session_id=session.id))
    status = 400 if form.errors else 200
    return render_template("supervision/set_up.html", session=session, form=form), status


def _holder(session: SupervisionSession, role: str) -> int:
    return next((p.user_id for p in session.participants if p.role.value == role), 0)


@bp.post("/<int:session_id>/start")
@policy.requires("facilitate a session", session=load_session)
def start(session: SupervisionSession) -> ResponseReturnValue:
    try:
        service.start(session, current_user)
    except SessionError as problem:
        flash(str(problem), "error")
    else:
        flash("The session is under way. Present a map, or open a scaling round.", "success")
    return redirect(url_for("supervision.session_page", session_id=session.id))


@bp.post("/<int:session_id>/reflection")
@policy.requires("facilitate a session", session=load_session)
def reflection(session: SupervisionSession) -> ResponseReturnValue:
    form = ReflectionForm()
    if form.validate_on_submit():
        answers = {name: form[name].data for name in service.REFLECTION_FIELDS}
        try:
            service.save_reflection(session, current_user, finish=form.finish.data, **answers)
        except SessionError as problem:
            abort(409, description=str(problem))
        flash(
            "The session has finished and its record is saved."
            if session.status is SessionStatus.FINISHED
            else "The reflection is saved.",
            "success",
        )
        return redirect(url_for("supervision.session_page", session_id=session.id))
    return _session_page(session, form, 400)


# Present mode -------------------------------------------------------------------------------


@bp.get("/<int:session_id>/present")
@policy.requires("take part in a session", session=load_session)
def present(session: SupervisionSession) -> str:
    the_map = load_map(_presented_map(session).id)
    if the_map is None:  # deleted since the session was loaded
        abort(404)
    return render_template(
        "supervision/present.html",
        session=session,
        view=build_view(the_map, current_user),
        stamp=_board_stamp(session, the_map),
        poll_seconds=POLL_SECONDS,
        scaling_now=service.scaling_now(session),
        can_add_cards=policy.allowed(current_user, "add a card", the_map),
    )


@bp.get("/<int:session_id>/present/board")
@policy.requires("take part in a session", session=load_session)
def present_board(session: SupervisionSession) -> ResponseReturnValue:
    """The board alone, for screens following the session: 204 while nothing has changed."""
    presented = _presented_map(session)
    stamp = _board_stamp(session, presented)
    if request.args.get("since") == stamp:
        return "", 204
    # Changed: only now is the whole map worth loading.
    the_map = load_map(presented.id)
    if the_map is None:  # deleted since the session was loaded
        abort(404)
    return render_template(
        "supervision/_board.html",
        session=session,
        view=build_view(the_map, current_user),
        stamp=stamp,
        poll_seconds=POLL_SECONDS,
        scaling_now=service.scaling_now(session),
    )


def _board_stamp(session: SupervisionSession, the_map: Map) -> str:
    """Changes with the map, and when a round opens or is revealed (scores hide or show)."""
    rounds = "-".join(str(scale_id) for scale_id in sorted(service.scaling_now(session)))
    return f"{service.board_stamp(the_map)}-{rounds}"


def _presented_map(session: SupervisionSession) -> Map:
    """The session's map asked for (`?map=<id>`), or its first: as the session loaded it."""
    maps = session.maps
    if not maps:
        abort(404, description="This session has no maps to present yet.")
    wanted = request.args.get("map", type=int)
    return next((m for m in maps if m.id == wanted), maps[0])


# Scaling rounds -----------------------------------------------------------------------------


def _open_round_form(session: SupervisionSession, **kwargs: Any) -> OpenRoundForm:
    """The form to open a round, offering the session's scales (empty unless posted)."""
    form = OpenRoundForm(**({"formdata": None} | kwargs))
    form.scale.choices = [(scale.id, name) for scale, name in service.scales_of(session)]
    return form


@bp.post("/<int:session_id>/rounds")
@policy.requires("facilitate a session", session=load_session)
def open_round(session: SupervisionSession) -> ResponseReturnValue:
    form = _open_round_form(session, formdata=request.form)
    if not form.validate_on_submit():
        abort(400, description="Choose one of the session's scales.")
    scale = db.session.get(Scale, form.scale.data)
    if scale is None:  # gone since the form was drawn
        abort(400, description="Choose one of the session's scales.")
    try:
        scaling_round = service.open_round(session, current_user, scale)
    except SessionError as problem:
        flash(str(problem), "error")
        return redirect(url_for("supervision.session_page", session_id=session.id))
    return redirect(url_for("supervision.scaling_round", scaling_round_id=scaling_round.id))


@bp.get("/rounds/<int:scaling_round_id>")
@policy.requires("take part in a scaling round", scaling_round=load_round)
def scaling_round(scaling_round: ScalingRound) -> ResponseReturnValue:
    return _round_page(scaling_round, RoundRatingForm(formdata=None, obj=_own(scaling_round)))


def _own(scaling_round: ScalingRound) -> dict[str, str] | None:
    own = service.round_view(scaling_round, current_user).own
    return None if own is None else {"score": str(own.score), "reason": own.reason}


def _round_page(
    scaling_round: ScalingRound, form: RoundRatingForm, status: int = 200
) -> tuple[str, int]:
    data = _own(scaling_round)
    if data and form.score.data is None:
        form.score.data, form.reason.data = data["score"], data["reason"]
    return render_template(
        "supervision/round.html",
        view=service.round_view(scaling_round, current_user),
        session=scaling_round.session,
        form=form,
        facilitator=policy.allowed(current_user, "run a scaling round", scaling_round),
        poll_seconds=POLL_SECONDS,
        first_name=first_name,
    ), status


@bp.get("/rounds/<int:scaling_round_id>/results")
@policy.requires("take part in a scaling round", scaling_round=load_round)
def round_results(scaling_round: ScalingRound) -> ResponseReturnValue:
    """The round's results panel, for polling: 204 while nothing a viewer may see has changed."""
    view = service.round_view(scaling_round, current_user)
    if request.args.get("since") == view.stamp:
        return "", 204
    return render_template(
        "supervision/_round_results.html",
        view=view,
        poll_seconds=POLL_SECONDS,
        first_name=first_name,
        facilitator=policy.allowed(current_user, "run a scaling round", scaling_round),
    )


@bp.get("/rounds/<int:scaling_round_id>.json")
@policy.requires("take part in a scaling round", scaling_round=load_round)
def round_json(scaling_round: ScalingRound) -> ResponseReturnValue:
    """The round as data: before the reveal, only counts and the asker's own score."""
    view = service.round_view(scaling_round, current_user)
    own = view.own
    return jsonify(
        {
            "scale": view.name,
            "status": scaling_round.status.value,
            "scaled": view.rated_count,
            "participants": view.participant_count,
            "mine": None if own is None else {"score": own.score, "reason": own.reason},
            "median": view.median,
            "ratings": [
                {
                    "name": first_name(r.user),
                    "score": r.score,
                    "reason": r.reason,
                    "late": r.late,
                    "score_at_reveal": r.score_at_reveal if r.changed_after_reveal else None,
                }
                for r in view.ratings
            ],
        }
    )


@bp.post("/rounds/<int:scaling_round_id>/rating")
@policy.requires("take part in a scaling round", scaling_round=load_round)
def rate(scaling_round: ScalingRound) -> ResponseReturnValue:
    form = RoundRatingForm()
    if form.validate_on_submit():
        try:
            service.rate(
                scaling_round, current_user, score=int(form.score.data), reason=form.reason.data
            )
        except SessionError as problem:
            form.score.errors = [*form.score.errors, str(problem)]
        else:
            if not htmx:
                flash("Your score is saved. Nobody sees it until the reveal.", "success")
            return redirect(url_for("supervision.scaling_round", scaling_round_id=scaling_round.id))
    return _round_page(scaling_round, form, 400)


@bp.post("/rounds/<int:scaling_round_id>/reveal")
@policy.requires("run a scaling round", scaling_round=load_round)
def reveal(scaling_round: ScalingRound) -> ResponseReturnValue:
    try:
        service.reveal(scaling_round, current_user)
    except SessionError as problem:
        flash(str(problem), "error")
    return redirect(url_for("supervision.scaling_round", scaling_round_id=scaling_round.id))


@bp.post("/rounds/<int:scaling_round_id>/close")
@policy.requires("run a scaling round", scaling_round=load_round)
def close(scaling_round: ScalingRound) -> ResponseReturnValue:
    try:
        service.close(scaling_round, current_user)
    except SessionError as problem:
        flash(str(problem), "error")
        return redirect(url_for("supervision.scaling_round", scaling_round_id=scaling_round.id))
    return redirect(url_for("supervision.session_page", session_id=scaling_round.session_id))
