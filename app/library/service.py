"""Case scenarios and exercise templates: writing, publishing, finding, assigning, revealing,
and exchanging them with other councils."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from app.access import is_author_role, reaches, scenarios_reaching, startable_version, version_for
from app.extensions import db
from app.library import document as documents
from app.maps import service as maps
from app.maps.view import ScaleView, read_map
from app.models import (
    Category,
    ChronologyEntry,
    Cohort,
    CohortMembership,
    Exercise,
    FamilyMember,
    Map,
    MapCoAuthor,
    MapSource,
    MapStatus,
    Perspective,
    PublishScope,
    ReferenceReveal,
    Role,
    Scenario,
    Template,
    TemplateCoEditor,
    TemplateVersion,
    TemplateVersionCohort,
    User,
    VersionStatus,
    Vocabulary,
)
from app.models._types import utcnow


class LibraryError(ValueError):
    """A library change that cannot be made; the message is for the person."""


def scenarios_for(user: User) -> Sequence[Scenario]:
    """The listed scenarios that reach the user (see `access.scenarios_reaching`), by title."""
    return db.session.scalars(
        scenarios_reaching(user).where(Scenario.listed.is_(True)).order_by(Scenario.title)
    ).all()


# The library ---------------------------------------------------------------------------------


@dataclass
class LibraryItem:
    template: Template
    version: TemplateVersion
    uses: int

    @property
    def document(self) -> dict:
        return self.version.document


DURATIONS = {
    "short": ("Up to 30 minutes", 0, 30),
    "medium": ("31 to 60 minutes", 31, 60),
    "long": ("Over an hour", 61, 10_000),
}


def library_for(
    user: User,
    *,
    query: str = "",
    vocabulary: str = "",
    theme: str = "",
    duration: str = "",
    author_id: int | None = None,
    sort: str = "newest",
    include_archived: bool = False,
) -> list[LibraryItem]:
    """Templates the user may see, searched (title, summary, themes), filtered and sorted."""
    templates = db.session.scalars(
        db.select(Template)
        .where(Template.organisation_id == user.organisation_id)
        # Everything the list reads, up front: no query per template.
        .options(
            selectinload(Template.versions).selectinload(TemplateVersion.cohorts),
            joinedload(Template.author),
        )
    ).all()
    uses = dict(
        db.session.execute(
            db.select(TemplateVersion.template_id, func.count(Map.id))
            .join(Map, Map.template_version_id == TemplateVersion.id)
            .where(Map.deleted_at.is_(None))
            .group_by(TemplateVersion.template_id)
        ).all()
    )
    words = query.casefold().split()
    items = []
    for template in templates:
        if template.archived_at is not None and not (include_archived and is_author_role(user)):
            continue
        version = version_for(template, user)
        if version is None:
            continue
        doc = version.document
        haystack = " ".join([doc["title"], doc["summary"], " ".join(doc["themes"])]).casefold()
        if any(word not in haystack for word in words):
            continue
        if vocabulary and doc["vocabulary"] != vocabulary:
            continue
        if theme and theme.casefold() not in (t.casefold() for t in doc["themes"]):
            continue
        if duration in DURATIONS:
            _, low, high = DURATIONS[duration]
            minutes = doc.get("suggested_minutes")
            if minutes is None or not low <= minutes <= high:
                continue
        if author_id and template.author_id != author_id:
            continue
        items.append(LibraryItem(template, version, uses.get(template.id, 0)))
    if sort == "most-used":
        items.sort(key=lambda item: (-item.uses, item.document["title"].casefold()))
    else:
        items.sort(
            key=lambda item: item.version.published_at or item.version.created_at, reverse=True
        )
    return items


def themes_in(items: list[LibraryItem]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        for theme in item.document["themes"]:
            seen.setdefault(theme.casefold(), theme)
    return sorted(seen.values(), key=str.casefold)


# Writing templates --------------------------------------------------------------------------


def blank_document() -> dict:
    return documents.normalise(
        {
            "title": "Untitled exercise",
            "vocabulary": "child_protection",
            "summary": "To be written.",
        }
    )


def create_template(author: User, document: dict) -> Template:
    """A new private draft (version 1) with this content."""
    problems = documents.validate(
        {"format": documents.FORMAT, "schema_version": 1, "template": document}
    )
    if problems:
        raise documents.DocumentError(problems)
    template = Template(organisation_id=author.organisation_id, author=author)
    template.versions.append(TemplateVersion(number=1, document=documents.normalise(document)))
    db.session.add(template)
    db.session.flush()
    return template


def save_draft(template: Template, by: User, document: dict) -> TemplateVersion:
    """Save content. A published version is frozen: saving starts the next draft version."""
    problems = documents.validate(
        {"format": documents.FORMAT, "schema_version": 1, "template": document}
    )
    if problems:
        raise documents.DocumentError(problems)
    version = template.latest
    if version.status is VersionStatus.PUBLISHED:
        version = TemplateVersion(number=version.number + 1)
        template.versions.append(version)
    version.document = documents.normalise(document)
    db.session.flush()
    return version


def co_editor_candidates(template: Template) -> Sequence[User]:
    """Who the author may name as co-editors: the organisation's other active champions (its
    admins may edit every template already)."""
    return db.session.scalars(
        db.select(User)
        .where(
            User.organisation_id == template.organisation_id,
            User.role == Role.CHAMPION,
            User.active.is_(True),
            User.id != template.author_id,
        )
        .order_by(User.name)
    ).all()


def set_co_editors(template: Template, co_editors: Sequence[User]) -> None:
    """Name who edits the template with its author (added to the session, committed with the
    draft they are saved with)."""
    allowed = {user.id for user in co_editor_candidates(template)}
    if any(user.id not in allowed for user in co_editors):
        raise LibraryError(
            "Choose co-editors from your organisation's practice champions and admins"
        )
    kept = {c.user_id: c for c in template.co_editors}
    template.co_editors = [
        kept.get(user.id) or TemplateCoEditor(user_id=user.id) for user in co_editors
    ]


def publish(
    template: Template, by: User, *, scope: PublishScope, cohorts: list[Cohort]
) -> TemplateVersion:
    """Freeze the latest draft as a published version, for chosen cohorts or everyone."""
    version = template.latest
    if version.status is VersionStatus.PUBLISHED:
        raise LibraryError("There are no changes to publish since the last version")
    if scope is PublishScope.COHORTS and not cohorts:
        raise LibraryError("Choose at least one cohort, or publish to the whole organisation")
    doc = dict(version.document)
    if template.reference_map_id:
        reference_map = db.session.get(Map, template.reference_map_id)
        if reference_map is not None and reference_map.deleted_at is None:
            doc["reference"] = reference_snapshot(reference_map)
    problems = documents.validate(
        {"format": documents.FORMAT, "schema_version": 1, "template": doc}
    )
    if problems:
        # The reference map is typed in the map editor, which allows any text: check it here.
        raise LibraryError(
            "Fix the reference map first: " + "; ".join(str(p) for p in problems[:5])
        )
    version.document = documents.normalise(doc)
    version.status = VersionStatus.PUBLISHED
    version.scope = scope
    version.cohorts = (
        [TemplateVersionCohort(cohort_id=c.id) for c in cohorts]
        if scope is PublishScope.COHORTS
        else []
    )
    version.published_at = utcnow()
    version.published_by_id = by.id
    version.scenario = _frozen_scenario(template, version)
    template.archived_at = None
    db.session.flush()
    return version


def _frozen_scenario(template: Template, version: TemplateVersion) -> Scenario:
    """The scenario of a published version, as a row maps can show beside them."""
    doc = version.document
    scenario = Scenario(
        organisation_id=template.organisation_id,
        author_id=template.author_id,
        slug=f"template-{template.id}-v{version.number}",
        title=doc["title"],
        vocabulary=Vocabulary(doc["vocabulary"]),
        summary=doc["summary"],
        referral=doc["referral"],
        learning_objectives=doc["learning_objectives"],
        themes=list(doc["themes"]),
        suggested_minutes=doc["suggested_minutes"],
        listed=False,
    )
    scenario.family_members = [
        FamilyMember(position=i, name=m["name"], age=m["age"], relation=m["relation"])
        for i, m in enumerate(doc["family_members"])
    ]
    scenario.chronology = [
        ChronologyEntry(occurred_on=date.fromisoformat(e["date"]), entry=e["entry"])
        for e in doc["chronology"]
    ]
    db.session.add(scenario)
    return scenario


def set_archived(template: Template, archived: bool) -> None:
    template.archived_at = utcnow() if archived else None
    db.session.flush()


def maps_using(template: Template) -> int:
    ids = [v.id for v in template.versions]
    return (
        db.session.scalar(db.select(func.count(Map.id)).where(Map.template_version_id.in_(ids)))
        if ids
        else 0
    )


def delete_template(template: Template) -> None:
    if maps_using(template):
        raise LibraryError("Maps have been started from this template: archive it instead")
    reference_id = template.reference_map_id
    db.session.delete(template)
    if reference_id:
        reference_map = db.session.get(Map, reference_id)
        if reference_map is not None:
            reference_map.deleted_at = utcnow()
    db.session.flush()


# The reference map ----------------------------------------------------------------------------


def reference_map_for(template: Template, champion: User) -> Map:
    """The template's reference map, started (from any imported reference) when missing."""
    if template.reference_map_id:
        existing = db.session.get(Map, template.reference_map_id)
        if existing is not None and existing.deleted_at is None:
            return existing
    doc = template.latest.document
    reference = maps.create_map(
        champion,
        source=MapSource.BLANK,
        title=f"Reference map: {doc['title']}"[:200],
        vocabulary=Vocabulary(doc["vocabulary"]),
        has_grey_area=True,
    )
    template.reference_map_id = reference.id
    imported = doc.get("reference") or {}
    for card in imported.get("cards", []):
        maps.add_card(
            reference,
            champion,
            category=Category(card["category"]),
            text=card["text"],
            source=card.get("source") or "",
        )
    for pair in imported.get("pairs", []):
        added = maps.add_pair(reference, champion, statement=pair["statement"], goal=pair["goal"])
        if pair.get("score") is not None:
            maps.add_rating(
                added.scale,
                champion,
                perspective=Perspective.WORKER,
                score=pair["score"],
                reason=pair.get("reason", ""),
            )
    if imported.get("map_score"):
        scale = next(s for s in reference.scales if s.pair_id is None)
        maps.add_rating(
            scale,
            champion,
            perspective=Perspective.WORKER,
            score=imported["map_score"]["score"],
            reason=imported["map_score"].get("reason", ""),
        )
    db.session.flush()
    return reference


def reference_snapshot(reference_map: Map) -> dict:
    """The reference map as the document's `reference`: the cards its page shows, and each pair
    with the scale's reference score (`ScaleView.reference_rating`, the one rule compare and
    calibration use too)."""
    view = read_map(reference_map)

    def scored(scale: ScaleView) -> dict | None:
        rating = scale.reference_rating
        return {"score": rating.score, "reason": rating.reason} if rating else None

    pairs = []
    for pair in view.pairs:
        score = scored(pair.scale)
        pairs.append(
            {
                "statement": pair.pair.statement,
                "goal": pair.pair.goal,
                "score": score["score"] if score else None,
                "reason": score["reason"] if score else "",
            }
        )
    return {
        "cards": [
            {"category": card.category.value, "text": card.text, "source": card.source}
            for card in view.shown_cards
        ],
        "pairs": pairs,
        "map_score": scored(view.map_scale),
    }


def reveal(template: Template, cohort: Cohort, by: User) -> None:
    if db.session.get(ReferenceReveal, (template.id, cohort.id)) is None:
        db.session.add(
            ReferenceReveal(template_id=template.id, cohort_id=cohort.id, revealed_by_id=by.id)
        )
        db.session.flush()


def hide(template: Template, cohort: Cohort) -> None:
    reveal_row = db.session.get(ReferenceReveal, (template.id, cohort.id))
    if reveal_row is not None:
        db.session.delete(reveal_row)
        db.session.flush()


# Starting maps and assigning exercises ------------------------------------------------------


def start_map(
    user: User, template: Template, *, title: str = "", co_authors: Sequence[User] = ()
) -> Map:
    """A map from the version of the template the user can see, with its example cards."""
    version = startable_version(template, user)
    if version is None:
        raise LibraryError("This template has not been published to you")
    doc = version.document
    new_map = maps.create_map(
        user,
        source=MapSource.TEMPLATE,
        title=title or doc["title"],
        vocabulary=Vocabulary(doc["vocabulary"]),
        has_grey_area=any(c["category"] == "grey_area" for c in doc["example_cards"])
        or "grey_area" in doc["prompts"],
        co_authors=list(co_authors),
    )
    new_map.template_version = version
    new_map.scenario = version.scenario
    db.session.flush()
    for card in doc["example_cards"]:
        maps.add_card(
            new_map,
            user,
            category=Category(card["category"]),
            text=card["text"],
            source=card.get("source") or "",
        )
    return new_map


def assignable_cohorts(user: User) -> Sequence[Cohort]:
    if user.role is Role.SUPERVISOR:
        return user.cohorts
    if is_author_role(user):
        return db.session.scalars(
            db.select(Cohort)
            .where(Cohort.organisation_id == user.organisation_id)
            .order_by(Cohort.name)
        ).all()
    return []


def assign(template: Template, cohort: Cohort, by: User, due_on: date | None) -> Exercise:
    """Set the template as an exercise for a cohort (or change its due date)."""
    version = template.latest_published
    if version is None:
        raise LibraryError("Publish the template before setting it as an exercise")
    if not reaches(version, cohort):
        raise LibraryError(
            f"Publish the template to {cohort.name} (or the whole organisation) first"
        )
    exercise = db.session.scalar(
        db.select(Exercise).where(
            Exercise.template_id == template.id, Exercise.cohort_id == cohort.id
        )
    )
    if exercise is None:
        exercise = Exercise(template=template, cohort=cohort)
        db.session.add(exercise)
    exercise.due_on, exercise.assigned_by_id = due_on, by.id
    db.session.flush()
    return exercise


EXERCISE_STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "submitted": "Submitted",
    "reviewed": "Reviewed",
}


@dataclass
class ExerciseStatus:
    exercise: Exercise
    status: str
    map: Map | None
    title: str  # of the version the trainee can see, never of an unpublished draft

    @property
    def label(self) -> str:
        return EXERCISE_STATUSES[self.status]


def exercises_for(user: User) -> list[ExerciseStatus]:
    """The trainee's exercises (from their cohorts) and how far they have got with each."""
    cohort_ids = [c.id for c in user.cohorts]
    if not cohort_ids:
        return []
    exercises = db.session.scalars(
        db.select(Exercise)
        .where(Exercise.cohort_id.in_(cohort_ids))
        .join(Template)
        .where(Template.archived_at.is_(None))
        .options(
            joinedload(Exercise.template)
            .selectinload(Template.versions)
            .selectinload(TemplateVersion.cohorts),
            joinedload(Exercise.cohort),
        )
        .order_by(Exercise.due_on.is_(None), Exercise.due_on, Exercise.created_at)
    ).all()
    co_authored = db.select(MapCoAuthor.map_id).where(MapCoAuthor.user_id == user.id)
    my_maps = db.session.scalars(
        db.select(Map)
        .join(TemplateVersion, Map.template_version_id == TemplateVersion.id)
        .where(Map.deleted_at.is_(None), (Map.owner_id == user.id) | Map.id.in_(co_authored))
    ).all()
    result = []
    for exercise in exercises:
        version = version_for(exercise.template, user)
        if version is None:
            continue
        title = version.document["title"]
        mine = [m for m in my_maps if m.template_version.template_id == exercise.template_id]
        reviewed = [m for m in mine if m.status is MapStatus.REVIEWED]
        submitted = [m for m in mine if m.status is MapStatus.SUBMITTED]
        if reviewed:
            result.append(ExerciseStatus(exercise, "reviewed", reviewed[0], title))
        elif submitted:
            result.append(ExerciseStatus(exercise, "submitted", submitted[0], title))
        elif mine:
            result.append(ExerciseStatus(exercise, "in_progress", mine[0], title))
        else:
            result.append(ExerciseStatus(exercise, "not_started", None, title))
    return result


def exercises_set_by_cohort(cohort: Cohort) -> Sequence[Exercise]:
    return db.session.scalars(
        db.select(Exercise).where(Exercise.cohort_id == cohort.id).order_by(Exercise.created_at)
    ).all()


# Exchange ------------------------------------------------------------------------------------


def export_document(template: Template) -> str:
    """The latest version's content as the exchange format (see docs/template-format.md)."""
    version = template.latest
    doc = dict(version.document)
    if version.status is VersionStatus.DRAFT and template.reference_map_id:
        reference_map = db.session.get(Map, template.reference_map_id)
        if reference_map is not None and reference_map.deleted_at is None:
            doc["reference"] = reference_snapshot(reference_map)
    return documents.dump_document(doc, exported_at=utcnow())


def import_document(raw: bytes | str, by: User) -> Template:
    """Validate everything, then create a new private draft. Raises DocumentError, writing nothing."""
    template_doc = documents.parse_document(raw)
    return create_template(by, template_doc)


def cohort_members_count(cohort_id: int) -> int:
    return db.session.scalar(
        db.select(func.count())
        .select_from(CohortMembership)
        .where(CohortMembership.cohort_id == cohort_id)
    )
