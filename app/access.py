"""Who can reach what: the queries the policy asks.

The rules in `app.policy` decide; these functions only look things up (a template version that
reached a person, a session that shows a map). The library and supervision services use them
too, so each question has one answer. Only models and the database here: no feature package.
"""

from sqlalchemy import Select

from app.extensions import db
from app.models import (
    Cohort,
    Map,
    PublishScope,
    ReferenceReveal,
    Role,
    Scenario,
    SessionMap,
    SessionParticipant,
    SessionRole,
    SessionStatus,
    SupervisionSession,
    Template,
    TemplateVersion,
    TemplateVersionCohort,
    User,
    VersionStatus,
)

# Templates -----------------------------------------------------------------------------------


def is_author_role(user: User) -> bool:
    """Champions and admins write templates, and read every published version in their
    organisation (whatever it was published to)."""
    return user.role in (Role.CHAMPION, Role.ADMIN)


def edits_template(user: User, template: Template) -> bool:
    """A draft belongs to its author and the co-editors they name (champions or admins), and
    the organisation's admins may step in; nobody else sees or changes it."""
    if template.organisation_id != user.organisation_id or not is_author_role(user):
        return False
    return (
        user.role is Role.ADMIN
        or user.id == template.author_id
        or user.id in template.co_editor_ids
    )


def template_of_reference_map(the_map: Map) -> Template | None:
    """The template whose reference map this is, if any."""
    return db.session.scalar(db.select(Template).where(Template.reference_map_id == the_map.id))


def reaches(version: TemplateVersion, cohort: Cohort) -> bool:
    """True when a published version was published to this cohort (or to everyone)."""
    return version.scope is PublishScope.ORGANISATION or cohort.id in version.cohort_ids


def published_to(version: TemplateVersion | None, user: User) -> bool:
    """True when a published version reached one of the user's cohorts, or everyone."""
    if version is None or version.status is not VersionStatus.PUBLISHED:
        return False
    return any(reaches(version, cohort) for cohort in user.cohorts) or (
        version.scope is PublishScope.ORGANISATION
    )


def version_for(template: Template, user: User) -> TemplateVersion | None:
    """The version `user` should see: its editors the latest (draft or not); other champions
    and admins the latest published one; everyone else the newest published version that
    reached them."""
    if template.organisation_id != user.organisation_id:
        return None
    if edits_template(user, template):
        return template.latest
    if is_author_role(user):
        return template.latest_published
    if template.archived_at is not None:
        return None
    visible = [v for v in template.versions if published_to(v, user)]
    return visible[-1] if visible else None


def startable_version(template: Template, user: User) -> TemplateVersion | None:
    """The published version a map would start from (champions: the latest published one, even
    while they draft the next)."""
    if is_author_role(user) and template.organisation_id == user.organisation_id:
        return template.latest_published
    version = version_for(template, user)
    return version if version is not None and version.status is VersionStatus.PUBLISHED else None


def reference_revealed(template: Template, cohort: Cohort | None) -> bool:
    """True when the template's reference map has been revealed to this cohort."""
    if cohort is None:
        return False
    return db.session.get(ReferenceReveal, (template.id, cohort.id)) is not None


# Case scenarios ------------------------------------------------------------------------------


def scenarios_reaching(user: User) -> Select[Scenario]:
    """The scenarios `user` may read and map, as a query to refine.

    A scenario no template holds (the organisation's own case scenarios) reaches everyone in
    the organisation. The frozen copy a published template version keeps reaches exactly whom
    that version does: its cohorts or the whole organisation, while the template is not
    archived; champions and admins read every published version, so they get every copy."""
    held = db.select(TemplateVersion.scenario_id).where(TemplateVersion.scenario_id.is_not(None))
    reached = held.where(TemplateVersion.status == VersionStatus.PUBLISHED)
    if not is_author_role(user):
        in_my_cohorts = db.select(TemplateVersionCohort.version_id).where(
            TemplateVersionCohort.cohort_id.in_([c.id for c in user.cohorts])
        )
        reached = (
            reached.join(Template, Template.id == TemplateVersion.template_id)
            .where(Template.archived_at.is_(None))
            .where(
                (TemplateVersion.scope == PublishScope.ORGANISATION)
                | TemplateVersion.id.in_(in_my_cohorts)
            )
        )
    return db.select(Scenario).where(
        Scenario.organisation_id == user.organisation_id,
        (Scenario.listed.is_(True) & Scenario.id.not_in(held)) | Scenario.id.in_(reached),
    )


def scenario_reaches(scenario: Scenario, user: User) -> bool:
    """True when `user` may read the scenario and start a map from it."""
    found = db.session.scalar(
        scenarios_reaching(user).where(Scenario.id == scenario.id).with_only_columns(Scenario.id)
    )
    return found is not None


# Group supervision ---------------------------------------------------------------------------


def role_for_map(user: User, the_map: Map) -> SessionRole | None:
    """The user's strongest role in any session that shows the map."""
    rows = db.session.execute(
        db.select(SessionParticipant.role, SupervisionSession)
        .join(SupervisionSession, SupervisionSession.id == SessionParticipant.session_id)
        .join(SessionMap, SessionMap.session_id == SessionParticipant.session_id)
        .where(SessionParticipant.user_id == user.id, SessionMap.map_id == the_map.id)
    ).all()
    roles = [role for role, session in rows if session.shows(the_map)]
    return min(roles, key=list(SessionRole).index) if roles else None


def facilitates_live(user: User, the_map: Map) -> bool:
    """True when the user facilitates a session under way that discusses the map: they may
    add cards to it while the group talks."""
    sessions = db.session.scalars(
        db.select(SupervisionSession)
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .join(SessionMap, SessionMap.session_id == SupervisionSession.id)
        .where(
            SessionParticipant.user_id == user.id,
            SessionParticipant.role == SessionRole.FACILITATOR,
            SupervisionSession.status == SessionStatus.LIVE,
            SessionMap.map_id == the_map.id,
        )
    ).all()
    return any(session.shows(the_map) for session in sessions)
