"""Downloads of maps and packs of maps. Files are built in memory and streamed: never written to disk."""

import json
import re
import unicodedata
from datetime import UTC, date, datetime
from io import BytesIO

from flask import Blueprint, Response, abort, request, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import policy
from app.exports import packs
from app.exports.map_json import map_document
from app.exports.pdf_data import map_data
from app.library.calibration import shared_maps
from app.maps import service as maps
from app.maps.view import MAP, build_view
from app.models import Map, SupervisionSession, Template
from app.pdf import A3, A4, ExportOptions, render_map
from app.supervision.service import load_session

bp = Blueprint("exports", __name__)


@bp.get("/maps/<int:map_id>/export.pdf")
@policy.requires("view a map", the_map=MAP)
def map_pdf(the_map: Map) -> ResponseReturnValue:
    """The map as a landscape PDF: A4 unless `?size=a3`. With `?comments=yes`, open review
    comments print as numbered notes, for the people who may read them."""
    view = build_view(the_map, current_user)
    with_comments = view.can_comment and request.args.get("comments") == "yes"
    data = map_data(view, today=date.today(), with_comments=with_comments)
    return _pdf(render_map(data, _options()), "map", the_map.title)


@bp.get("/maps/<int:map_id>/export.json")
@policy.requires("view a map", the_map=MAP)
def map_json(the_map: Map) -> ResponseReturnValue:
    """The map as a JSON document (docs/map-export.md), for whoever may download its PDF."""
    view = build_view(the_map, current_user)
    document = map_document(view, maps.history(the_map), exported_at=datetime.now(UTC))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _download(text.encode("utf-8"), "application/json", "map", the_map.title, "json")


@bp.get("/sessions/<int:session_id>/pack.pdf")
@policy.requires("take part in a session", session=load_session)
def session_pack(session: SupervisionSession) -> ResponseReturnValue:
    """The group supervision pack: cover, every map of the session, the revealed rounds."""
    if not session.maps:
        abort(404, description="This session has no maps to put in a pack yet.")
    return _pdf(packs.session_pack(session, current_user, _options()), "session", session.title)


@bp.get("/library/<int:template_id>/pack.pdf")
@policy.requires("download an exercise pack", template=Template)
def exercise_pack(template: Template) -> ResponseReturnValue:
    """Every map of the exercise shared for review (in one cohort with `?cohort=<id>`)."""
    maps = shared_maps(template, current_user)
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id:
        maps = [m for m in maps if m.cohort_id == cohort_id]
    if not maps:
        abort(404, description="No maps of this exercise have been submitted for review yet.")
    title = (template.latest_published or template.latest).document["title"]
    return _pdf(packs.exercise_pack(template, maps, current_user, _options()), "exercise", title)


def _options() -> ExportOptions:
    size = A3 if request.args.get("size", "").lower() == A3 else A4
    return ExportOptions(page_size=size)


def _pdf(content: bytes, kind: str, title: str) -> Response:
    return _download(content, "application/pdf", kind, title, "pdf")


def _download(content: bytes, mimetype: str, kind: str, title: str, extension: str) -> Response:
    """Stream a download named `<kind>-<title>-<date>.<extension>`; nothing touches disk."""
    response = send_file(
        BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"{kind}-{slug(title)}-{date.today().isoformat()}.{extension}",
    )
    return response  # app/security.py adds Cache-Control: no-store


def slug(title: str) -> str:
    """A filename-safe slug: "Zoë's map" becomes "zoes-map"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower().replace("'", "")).strip("-")
    return words[:60].strip("-") or "untitled"
