"""Case scenarios: the fictional families to practise with."""

from flask import Blueprint, render_template
from flask_login import current_user

from app import policy
from app.library.service import scenarios_for
from app.models import Scenario

bp = Blueprint("library", __name__, url_prefix="/scenarios")


@bp.get("/")
@policy.requires("list scenarios")
def scenarios():
    return render_template("library/scenarios.html", scenarios=scenarios_for(current_user))


@bp.get("/<int:scenario_id>")
@policy.requires("view a scenario", scenario=Scenario)
def scenario(scenario: Scenario):
    return render_template("library/scenario.html", scenario=scenario)
