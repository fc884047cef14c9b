"""Feedback on a map: comments, replies and resolutions. The routes register on the maps
blueprint (`app.maps.routes.bp`), so their endpoints are `maps.add_comment`, `maps.reply`, …"""

import contextlib
from collections.abc import Callable
from typing import Any

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.extensions import htmx
from app.maps import comments
from app.maps.cards import card_of
from app.maps.forms import CommentForm, ReplyForm
from app.maps.routes import bp
from app.maps.service import MapError
from app.maps.view import MAP, build_view
from app.models import Card, Comment, Map, User
from app.responses import respond


def _comment_of(the_map: Map, comment: Comment) -> Comment:
    """The comment, if it is on this map: another map's comment id is simply not found."""
    if comment.map_id != the_map.id:
        abort(404, description="There is no such comment on this map.")
    return comment


def _feedback_changed(the_map: Map, thread: Comment, announce: str) -> ResponseReturnValue:
    """After a change to the feedback. htmx gets the part of the page the request came from (a
    card's comments, or the feedback panel) with the panel, the card's marker and the notice
    brought up to date around it; a plain post goes back to the thread on the map."""
    if not htmx:
        return respond(
            redirect_to=url_for("maps.map_page", map_id=the_map.id, _anchor=f"comment-{thread.id}"),
            notice=announce,
        )
    return respond(
        fragment="maps/_feedback_update.html",
        view=build_view(the_map, current_user),
        announce=announce,
        **comments.feedback_update(the_map, thread, htmx.target),
    )


def _comment_problem(the_map: Map, status: int = 400, **page: Any) -> tuple[str, int]:
    """A comment or reply that was not saved: the page's error box (htmx), or a page of its own
    with the form and the reason."""
    if htmx:
        form = page.get("comment_form") or page.get("reply_form")
        errors = [e for messages in form.errors.values() for e in messages] if form else []
        abort(status, description=" ".join(errors) or "Your comment was not saved.")
    page.setdefault("heading", "Your comment was not saved")
    page.setdefault("threads", [])
    return render_template(
        "maps/comments_page.html", view=build_view(the_map, current_user), **page
    ), status


@bp.get("/<int:map_id>/cards/<int:card_id>/comments")
@policy.requires("comment on a map", the_map=MAP, card=Card)
def card_comments(the_map: Map, card: Card) -> ResponseReturnValue:
    card = card_of(the_map, card)
    view = build_view(the_map, current_user)
    return respond(
        "maps/comments_page.html",
        fragment="maps/_card_comments.html",
        view=view,
        card=card,
        focus="region",
        heading="Comments on a card",
        threads=view.feedback.on_card(card.id),
        form_key=f"card-{card.id}",
        comment_target=("card", card.id),
        ratings=None,
        label="Your comment on this card",
    )


@bp.post("/<int:map_id>/comments")
@policy.requires("comment on a map", the_map=MAP)
def add_comment(the_map: Map) -> ResponseReturnValue:
    form = CommentForm()
    if form.validate_on_submit():
        try:
            target = comments.find_target(the_map, **form.target_ids())
            comment = comments.add_comment(the_map, current_user, form.body.data, **target)
        except MapError as problem:
            form.body.errors = [*form.body.errors, str(problem)]
        else:
            return _feedback_changed(the_map, comment, "Comment added.")
    target = {}
    if not form.target_errors():
        with contextlib.suppress(MapError):
            target = comments.find_target(the_map, **form.target_ids())
    page = comments.new_comment_page(the_map, target)
    return _comment_problem(the_map, comment_form=form, **page)


@bp.post("/<int:map_id>/comments/<int:comment_id>/replies")
@policy.requires("comment on a map", the_map=MAP, comment=Comment)
def reply(the_map: Map, comment: Comment) -> ResponseReturnValue:
    thread = comments.thread_root(_comment_of(the_map, comment))
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            comments.reply(thread, current_user, form.body.data)
        except MapError as problem:
            form.body.errors = [*form.body.errors, str(problem)]
        else:
            return _feedback_changed(the_map, thread, "Reply added.")
    return _comment_problem(
        the_map,
        heading="Your reply was not saved",
        reply_form=form,
        reply_to=thread.id,
        threads=[t for t in comments.threads_for(the_map).threads if t.id == thread.id],
    )


@bp.post("/<int:map_id>/comments/<int:comment_id>/resolve")
@policy.requires("resolve a comment", the_map=MAP, comment=Comment)
def resolve(the_map: Map, comment: Comment) -> ResponseReturnValue:
    return _change_thread(the_map, comment, comments.resolve, "Comment resolved.")


@bp.post("/<int:map_id>/comments/<int:comment_id>/unresolve")
@policy.requires("resolve a comment", the_map=MAP, comment=Comment)
def unresolve(the_map: Map, comment: Comment) -> ResponseReturnValue:
    return _change_thread(the_map, comment, comments.unresolve, "Comment reopened.")


def _change_thread(
    the_map: Map, comment: Comment, change: Callable[[Comment, User], object], done: str
) -> ResponseReturnValue:
    """Resolve or reopen a thread of this map; a change the thread refuses is a 409."""
    comment = _comment_of(the_map, comment)
    try:
        change(comment, current_user)
    except MapError as problem:
        abort(409, description=str(problem))
    return _feedback_changed(the_map, comment, done)
