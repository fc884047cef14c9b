"""Security events as structured log lines: one JSON object per line on standard error.

`log_event("sign_in.failed", user_id=7)` writes
`{"time": "…", "event": "sign_in.failed", "user_id": 7, "ip": "203.0.113.9", …}` through the
`practice_mapper.security` logger. Callers pass ids, never passwords, tokens or case text.
This module imports no feature package, so the policy can log its refusals too."""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request

LOGGER_NAME = "practice_mapper.security"
logger = logging.getLogger(LOGGER_NAME)

# A field with one of these names is never written, whoever passes it.
NEVER_LOGGED = frozenset({"password", "new_password", "current_password", "token", "csrf_token"})


class _StandardError(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a test runner may swap it)."""

    is_security_log = True

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class JSONLineFormatter(logging.Formatter):
    """One JSON object per record: the time, the event and its fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, "security_fields", {}),
        }
        return json.dumps(line, default=str)


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one security event. In a request, the signed-in person (when already known) and the
    client's IP address are added; from the command line, `"via": "cli"`."""
    recorded: dict[str, Any] = {}
    if has_request_context():
        signed_in = g.get("_login_user")
        if signed_in is not None and signed_in.is_authenticated:
            recorded["user_id"] = signed_in.id
        recorded["ip"] = request.remote_addr
        recorded["via"] = "web"
    else:
        recorded["via"] = "cli"
    recorded.update({name: value for name, value in fields.items() if name not in NEVER_LOGGED})
    logger.log(level, event, extra={"security_fields": recorded})


def set_up_logging(app: Flask) -> None:
    """Send security events to standard error as JSON lines, under `flask run` and gunicorn alike.
    Idempotent: a second app in the same process adds no second handler."""
    logger.setLevel(logging.INFO)
    # Not passed on to the root logger, which a server may also print: one line per event.
    logger.propagate = False
    if not any(getattr(handler, "is_security_log", False) for handler in logger.handlers):
        handler = _StandardError()
        handler.setFormatter(JSONLineFormatter())
        logger.addHandler(handler)
