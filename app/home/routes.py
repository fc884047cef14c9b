"""Each role's home page, and the pages every visitor may read."""

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from app import policy
from app.home import service
from app.models import Role

bp = Blueprint("home", __name__)

HOME_TEMPLATES = {
    Role.TRAINEE: "home/trainee.html",
    Role.SUPERVISOR: "home/supervisor.html",
    Role.CHAMPION: "home/champion.html",
    Role.ADMIN: "home/admin.html",
}


@bp.get("/")
@policy.requires("view my home page")
def index() -> str:
    return render_template(HOME_TEMPLATES[current_user.role], **service.home_for(current_user))


@bp.get("/accessibility")
@policy.requires(policy.PUBLIC)
def accessibility() -> str:
    return render_template("home/accessibility.html")


@bp.get("/fictional-cases")
@policy.requires(policy.PUBLIC)
def fictional_cases() -> str:
    return render_template("home/fictional_cases.html")


NAVIGATION = [
    # (label, endpoint, the action that must be allowed, blueprints that count as "here")
    ("Home", "home.index", "view my home page", {"home"}),
    ("Your maps", "maps.maps", "list my maps", {"maps"}),
    ("Review queue", "maps.review_queue", "see my review queue", set()),
    ("Group supervision", "supervision.sessions", "list my group supervision", {"supervision"}),
    ("Exercise library", "templates.library", "browse the library", {"templates"}),
    ("Case scenarios", "library.scenarios", "list scenarios", {"library"}),
    ("Cohorts", "cohorts.cohorts", "list cohorts", {"cohorts"}),
    ("People", "people.people", "list people", {"people"}),
    ("Change password", "auth.change_password", "change my password", set()),
]


def navigation_items() -> list[dict[str, Any]]:
    """The menu's links that the visitor may follow, marking where they are (for base.html)."""
    here = request.blueprint
    return [
        {
            "text": label,
            "href": url_for(endpoint),
            "current": request.endpoint == endpoint,
            "active": here in blueprints and request.endpoint != endpoint,
        }
        for label, endpoint, action, blueprints in NAVIGATION
        if policy.allowed(current_user, action)
    ]
