"""Who may do what: the one place every route asks.

Each action is a plain sentence mapped to a rule `(user, target) -> bool`. Routes use the
`requires` decorator, which also loads the target from the URL (404 when it does not exist) and
marks the view so a test can prove that no route skips this module.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort
from flask.typing import ResponseReturnValue
from flask_login import AnonymousUserMixin, current_user

from app.access import (
    edits_template,
    facilitates_live,
    is_author_role,
    reference_revealed,
    role_for_map,
    scenario_reaches,
    startable_version,
    template_of_reference_map,
    version_for,
)
from app.audit import log_event
from app.extensions import db, login_manager
from app.models import (
    Cohort,
    Map,
    MapStatus,
    Role,
    Scenario,
    SessionRole,
    SupervisionSession,
    Template,
    User,
)
from app.models.maps import SHARED_STATUSES

# A rule is asked only about a signed-in `User` (`allowed` answers for everyone else), and gets
# the action's target: a map, a cohort, a template… or None.
Rule = Callable[[User, Any], bool]
View = Callable[..., ResponseReturnValue]
# A model class (the row with that id) or a function from an id to the row (None when missing).
Loader = type | Callable[[int], Any]

PUBLIC = "view a public page"
MAX_ID = 2**31 - 1


def _anyone(user: object, target: object = None) -> bool:
    return True


def _signed_in(user: User, target: object = None) -> bool:
    return user.is_authenticated


def _admin(user: User, target: object = None) -> bool:
    return user.is_authenticated and user.role is Role.ADMIN


def _same_organisation(user: User, target: Any) -> bool:
    return target is not None and target.organisation_id == user.organisation_id


def _admin_of(user: User, target: Any) -> bool:
    return _admin(user) and _same_organisation(user, target)


def _can_view_cohort(user: User, cohort: Cohort) -> bool:
    if _admin_of(user, cohort):
        return True
    return user.role is Role.SUPERVISOR and cohort.has_member(user)


def _can_view_scenario(user: User, scenario: Scenario) -> bool:
    """The organisation's own scenarios: everyone in it. A published template's copy: whoever
    the template reached (see `access.scenarios_reaching`)."""
    return _same_organisation(user, scenario) and scenario_reaches(scenario, user)


def _is_author(user: User, the_map: Map) -> bool:
    """Its authors; and, for a template's reference map, whoever may edit the template."""
    if user.id in the_map.author_ids:
        return True
    if not is_author_role(user) or the_map.organisation_id != user.organisation_id:
        return False
    template = template_of_reference_map(the_map)
    return template is not None and edits_template(user, template)


def _can_view_map(user: User, the_map: Map) -> bool:
    """Private to its authors until submitted; then the cohort's supervisors may read it too,
    and so may everyone in a group supervision session that discusses it."""
    if _is_author(user, the_map):
        return True
    if the_map.status in SHARED_STATUSES and _supervises(user, the_map):
        return True
    return role_for_map(user, the_map) is not None


def _supervises(user: User, the_map: Map) -> bool:
    return (
        user.role is Role.SUPERVISOR
        and the_map.cohort is not None
        and the_map.cohort.has_member(user)
    )


def _can_edit_map(user: User, the_map: Map) -> bool:
    return _is_author(user, the_map) and the_map.status.editable


def _can_add_card(user: User, the_map: Map) -> bool:
    """Its authors while they may edit it; and the facilitator of a session under way that
    discusses it, who adds cards live while the group talks (and nothing more)."""
    if _can_edit_map(user, the_map):
        return True
    return user.role is Role.SUPERVISOR and facilitates_live(user, the_map)


def _takes_part(user: User, session: SupervisionSession) -> bool:
    return session.role_of(user) is not None


def _facilitates(user: User, session: SupervisionSession) -> bool:
    return session.role_of(user) is SessionRole.FACILITATOR


def _can_review_map(user: User, the_map: Map) -> bool:
    return the_map.status is MapStatus.SUBMITTED and _supervises(user, the_map)


def _can_comment(user: User, the_map: Map) -> bool:
    """Feedback stays between a map's authors and its cohort's supervisors, even when others
    (a group supervision session, say) may read the map."""
    return _can_view_map(user, the_map) and (
        _is_author(user, the_map) or _supervises(user, the_map)
    )


def _writes_templates(user: User, target: object = None) -> bool:
    return user.role in (Role.CHAMPION, Role.ADMIN)


def _can_view_template(user: User, template: Template) -> bool:
    return version_for(template, user) is not None


def _can_manage_template(user: User, template: Template) -> bool:
    """Its author, the co-editors they named, and the organisation's admins: a draft is the
    author's until published, and editing the next version still needs being named."""
    return edits_template(user, template)


def _names_co_editors(user: User, template: Template) -> bool:
    """The author chooses who edits with them; the organisation's admins may change it too."""
    return edits_template(user, template) and (
        user.id == template.author_id or user.role is Role.ADMIN
    )


def _can_start_from_template(user: User, template: Template) -> bool:
    return startable_version(template, user) is not None


def _can_set_exercises(user: User, template: Template) -> bool:
    return user.role in (Role.SUPERVISOR, Role.CHAMPION, Role.ADMIN) and _can_start_from_template(
        user, template
    )


def _oversees_exercise(user: User, template: Template) -> bool:
    """Its editors; supervisors it was published to; other champions once it is published."""
    return _can_manage_template(user, template) or (
        user.role in (Role.SUPERVISOR, Role.CHAMPION) and _can_view_template(user, template)
    )


def _can_compare(user: User, the_map: Map) -> bool:
    version = the_map.template_version
    if version is None or not version.document.get("reference") or not _can_view_map(user, the_map):
        return False
    return _writes_templates(user) or reference_revealed(version.template, the_map.cohort)


RULES: dict[str, Rule] = {
    PUBLIC: _anyone,
    "view my home page": _signed_in,
    "change my password": _signed_in,
    "see my unsaved change": _signed_in,
    "sign out": _signed_in,
    "list people": _admin,
    "add a person": _admin,
    "manage a person": _admin_of,
    "list cohorts": lambda user, target: user.role in (Role.ADMIN, Role.SUPERVISOR),
    "add a cohort": _admin,
    "view a cohort": _can_view_cohort,
    "manage a cohort": _admin_of,
    "list scenarios": _signed_in,
    "view a scenario": _can_view_scenario,
    "start a map": _signed_in,
    "list my maps": _signed_in,
    "view a map": _can_view_map,
    "edit a map": _can_edit_map,
    "add a card": _can_add_card,
    "submit a map": _can_edit_map,
    "manage a map": lambda user, the_map: user.id == the_map.owner_id,
    "compare with the reference": _can_compare,
    "review a map": _can_review_map,
    "comment on a map": _can_comment,
    "resolve a comment": _can_comment,
    "see my review queue": lambda user, target: user.role is Role.SUPERVISOR,
    "browse the library": _signed_in,
    "write templates": _writes_templates,
    "view a template": _can_view_template,
    "manage a template": _can_manage_template,
    "name co-editors of a template": _names_co_editors,
    "start a map from a template": _can_start_from_template,
    "set a template as an exercise": _can_set_exercises,
    "reveal a reference map": _can_set_exercises,
    "see calibration for an exercise": _oversees_exercise,
    "download an exercise pack": _oversees_exercise,
    "list my group supervision": _signed_in,
    "plan group supervision": lambda user, target: user.role is Role.SUPERVISOR,
    "take part in a session": _takes_part,
    "facilitate a session": _facilitates,
    "take part in a scaling round": lambda user, scaling_round: _takes_part(
        user, scaling_round.session
    ),
    "run a scaling round": lambda user, scaling_round: _facilitates(user, scaling_round.session),
}


def allowed(user: User | AnonymousUserMixin, action: str, target: Any = None) -> bool:
    """True when `user` may do `action` (to `target`, where the action has one)."""
    if action != PUBLIC and not user.is_authenticated:
        return False
    return RULES[action](user, target)


@dataclass(frozen=True)
class FromURL:
    """A target loaded from a URL value not named after the view's argument:
    `requires("view a map", the_map=FromURL("map_id", load_map))`."""

    url_value: str
    loader: Loader


def requires(action: str, **loaders: Loader | FromURL) -> Callable[[View], View]:
    """Guard a view: sign-in first, then load each `<name>_id` URL value as `name`, then ask.

    `@requires("view a cohort", cohort=Cohort)` turns the URL's `cohort_id` into a `cohort`
    argument (404 when missing) and checks the rule against it (403 when refused). A `FromURL`
    names the URL value itself.
    """
    if action not in RULES:
        raise KeyError(f"No policy rule for {action!r}")
    sources = {
        name: (spec.url_value, spec.loader) if isinstance(spec, FromURL) else (f"{name}_id", spec)
        for name, spec in loaders.items()
    }

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(**view_args: Any) -> ResponseReturnValue:
            if action != PUBLIC and not current_user.is_authenticated:
                return login_manager.unauthorized()
            targets = {
                name: _load(loader, view_args.pop(url_value))
                for name, (url_value, loader) in sources.items()
            }
            target = next(iter(targets.values()), None)
            if not allowed(current_user, action, target):
                log_event(
                    "permission.refused",
                    level=logging.WARNING,
                    action=action,
                    **{f"{name}_id": getattr(row, "id", None) for name, row in targets.items()},
                )
                abort(403)
            return view(**view_args, **targets)

        # Read by the test that proves every route asks the policy.
        guarded.policy_action = action  # type: ignore[attr-defined]
        return guarded

    return decorator


def _load(loader: Loader, key: int) -> Any:
    """The row (from a model class, or a loader function), or 404.
    A soft-deleted map is gone for everyone: 404 with a message."""
    if key > MAX_ID:  # larger than any id the database can hold
        abort(404)
    row = db.session.get(loader, key) if isinstance(loader, type) else loader(key)
    if row is None:
        abort(404)
    if getattr(row, "deleted_at", None) is not None and isinstance(row, Map):
        abort(404, description="This map has been deleted.")
    return row
