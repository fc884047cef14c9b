"""One unit of work per request: services add and flush, and the request commits once.

A request that changes data (POST, PUT, PATCH, DELETE) commits everything its services did when
it answers successfully (status below 400), and rolls it all back when it answers an error or
raises, so a failure half-way leaves nothing half-made. A request that only reads commits
nothing: its session ends with the request (the app context's teardown closes it). Services
never commit; each CLI command commits once (app/cli.py). The few early commits are records that
must stand whatever the request answers: the server-side session's bookkeeping as a request
begins (app/auth/sessions.py) and the change kept when a session has ended (app/auth/pending.py)."""

from flask import Flask, Response, request

from app.extensions import db

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _commit_or_roll_back(response: Response) -> Response:
    if request.method in READ_ONLY_METHODS:
        return response
    # Committed before the response is sent: a commit that fails answers 500, not success.
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def _roll_back_on_exception(error: BaseException | None) -> None:
    if error is not None:
        db.session.rollback()


def register(app: Flask) -> None:
    app.after_request(_commit_or_roll_back)
    app.teardown_request(_roll_back_on_exception)
