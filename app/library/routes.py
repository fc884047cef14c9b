"""The library: case scenarios (the fictional families to practise with), and the exercise
templates built on them: written, published, set as exercises, revealed and exchanged."""

import re
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import access, policy
from app.extensions import db
from app.library import document as documents
from app.library import service
from app.library.forms import (
    PROMPT_LABELS,
    AssignForm,
    ImportForm,
    PublishForm,
    RevealForm,
    StartForm,
    build_template_form,
    document_to_form_data,
    form_to_document,
)
from app.library.service import scenarios_for
from app.maps import service as maps_service
from app.maps.structure import CATEGORIES
from app.models import Category, Cohort, Exercise, PublishScope, Scenario, Template, Vocabulary
from app.security import accepts_files

bp = Blueprint("library", __name__, url_prefix="/scenarios")


@bp.get("/")
@policy.requires("list scenarios")
def scenarios() -> str:
    return render_template("library/scenarios.html", scenarios=scenarios_for(current_user))


@bp.get("/<int:scenario_id>")
@policy.requires("view a scenario", scenario=Scenario)
def scenario(scenario: Scenario) -> str:
    return render_template("library/scenario.html", scenario=scenario)


# Exercise templates --------------------------------------------------------------------------

templates_bp = Blueprint("templates", __name__, url_prefix="/library")


@templates_bp.get("/")
@policy.requires("browse the library")
def library() -> str:
    args = request.args
    author = args.get("author", "")
    items = service.library_for(
        current_user,
        query=args.get("q", "")[:200],
        vocabulary=args.get("vocabulary", ""),
        theme=args.get("theme", ""),
        duration=args.get("duration", ""),
        author_id=int(author) if author.isdigit() else None,
        sort=args.get("sort", "newest"),
        include_archived=args.get("archived") == "1",
    )
    everything = service.library_for(current_user)
    authors = {item.template.author for item in everything if item.template.author}
    return render_template(
        "library/library.html",
        items=items,
        themes=service.themes_in(everything),
        authors=sorted(authors, key=lambda a: a.name),
        durations=service.DURATIONS,
        args=args,
    )


def _template_page(template: Template, status: int = 200, **forms: Any) -> tuple[str, int]:
    version = access.version_for(template, current_user)
    if version is None:  # the policy has already refused a template with none to show
        abort(404)
    cohorts = service.assignable_cohorts(current_user)
    forms.setdefault("start_form", StartForm(formdata=None))
    forms["start_form"].co_authors.choices = [
        (u.id, u.name) for u in maps_service.co_author_candidates(current_user)
    ]
    forms.setdefault("publish_form", PublishForm(formdata=None))
    forms["publish_form"].cohorts.choices = [(c.id, c.name) for c in cohorts]
    for name in ("assign_form", "reveal_form"):
        forms.setdefault(name, (AssignForm if name == "assign_form" else RevealForm)(formdata=None))
        forms[name].cohort.choices = [(c.id, c.name) for c in cohorts]
    revealed_cohorts = [c for c in cohorts if access.reference_revealed(template, c)]
    my_cohort_revealed = any(access.reference_revealed(template, c) for c in current_user.cohorts)
    return render_template(
        "library/template.html",
        template=template,
        version=version,
        doc=version.document,
        # Champions, and the supervisors who decide when to show it, may read it before a reveal.
        show_reference=access.is_author_role(current_user)
        or policy.allowed(current_user, "reveal a reference map", template)
        or my_cohort_revealed,
        revealed_cohorts=revealed_cohorts,
        uses=service.maps_using(template),
        exercises=db.session.scalars(
            db.select(Exercise).where(Exercise.template_id == template.id)
        ).all(),
        **forms,
    ), status


@templates_bp.get("/<int:template_id>")
@policy.requires("view a template", template=Template)
def template(template: Template) -> ResponseReturnValue:
    return _template_page(template)


@templates_bp.route("/new", methods=["GET", "POST"])
@policy.requires("write templates")
def new_template() -> ResponseReturnValue:
    form = build_template_form()
    del form.co_editors  # named once the template exists, on its edit page
    if request.method == "GET":
        form.process(data=document_to_form_data(service.blank_document()) | {"title": ""})
    if form.validate_on_submit():
        document = form_to_document(form, reference=None)
        if document is not None:
            created = service.create_template(current_user, document)
            flash("Your template has been saved as a private draft.", "success")
            return redirect(url_for("templates.template", template_id=created.id))
    return render_template(
        "library/template_form.html", form=form, template=None
    ), 400 if form.errors else 200


@templates_bp.route("/<int:template_id>/edit", methods=["GET", "POST"])
@policy.requires("manage a template", template=Template)
def edit_template(template: Template) -> ResponseReturnValue:
    form = build_template_form()
    latest = template.latest
    names_co_editors = policy.allowed(current_user, "name co-editors of a template", template)
    candidates = service.co_editor_candidates(template) if names_co_editors else []
    if names_co_editors:
        form.co_editors.choices = [(u.id, u.name) for u in candidates]
    else:
        del form.co_editors
    if request.method == "GET":
        form.process(
            data=document_to_form_data(latest.document)
            | {"co_editors": sorted(template.co_editor_ids)}
        )
    if form.validate_on_submit():
        document = form_to_document(form, reference=latest.document.get("reference"))
        if document is not None:
            if names_co_editors:
                chosen = [u for u in candidates if u.id in form.co_editors.data]
                service.set_co_editors(template, chosen)
            version = service.save_draft(template, current_user, document)
            flash(f"Draft version {version.number} saved. Publish it when it is ready.", "success")
            return redirect(url_for("templates.template", template_id=template.id))
    return render_template(
        "library/template_form.html", form=form, template=template
    ), 400 if form.errors else 200


@templates_bp.post("/<int:template_id>/publish")
@policy.requires("manage a template", template=Template)
def publish(template: Template) -> ResponseReturnValue:
    form = PublishForm()
    cohorts = service.assignable_cohorts(current_user)
    form.cohorts.choices = [(c.id, c.name) for c in cohorts]
    if form.validate_on_submit():
        try:
            version = service.publish(
                template,
                current_user,
                scope=PublishScope(form.scope.data),
                cohorts=[c for c in cohorts if c.id in form.cohorts.data],
            )
        except service.LibraryError as problem:
            form.scope.errors = [*form.scope.errors, str(problem)]
        else:
            flash(f"Version {version.number} is published.", "success")
            return redirect(url_for("templates.template", template_id=template.id))
    return _template_page(template, 400, publish_form=form, form=form)


@templates_bp.post("/<int:template_id>/archive")
@policy.requires("manage a template", template=Template)
def archive(template: Template) -> ResponseReturnValue:
    archived = request.form.get("archived", "1") == "1"
    service.set_archived(template, archived)
    flash(
        "Template archived: it is hidden from the library; maps already started keep it."
        if archived
        else "Template back in the library.",
        "success",
    )
    return redirect(url_for("templates.template", template_id=template.id))


@templates_bp.post("/<int:template_id>/delete")
@policy.requires("manage a template", template=Template)
def delete(template: Template) -> ResponseReturnValue:
    try:
        service.delete_template(template)
    except service.LibraryError as problem:
        abort(409, description=str(problem))
    flash("Template deleted.", "success")
    return redirect(url_for("templates.library"))


@templates_bp.post("/<int:template_id>/reference")
@policy.requires("manage a template", template=Template)
def reference(template: Template) -> ResponseReturnValue:
    reference_map = service.reference_map_for(template, current_user)
    return redirect(url_for("maps.map_page", map_id=reference_map.id))


@templates_bp.get("/<int:template_id>/export")
@policy.requires("manage a template", template=Template)
def export(template: Template) -> ResponseReturnValue:
    try:
        text = service.export_document(template)
    except documents.DocumentError as error:
        problems = "; ".join(str(problem) for problem in error.problems[:5])
        abort(
            409, description=f"This template cannot be exported until these are fixed: {problems}."
        )
    slug = re.sub(r"[^a-z0-9]+", "-", template.title.lower()).strip("-")[:60] or "template"
    response = Response(text, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="template-{slug}.json"'
    return response


@templates_bp.route("/import", methods=["GET", "POST"])
@accepts_files("file")
@policy.requires("write templates")
def import_template() -> ResponseReturnValue:
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        try:
            imported = service.import_document(
                form.file.data.read(documents.MAX_BYTES + 1), current_user
            )
        except documents.DocumentError as error:
            problems = error.problems
        else:
            flash(
                "The template has been imported as a private draft. Check it, then publish it.",
                "success",
            )
            return redirect(url_for("templates.template", template_id=imported.id))
    status = 400 if form.errors or problems else 200
    return render_template("library/import.html", form=form, problems=problems), status


@templates_bp.post("/<int:template_id>/start")
@policy.requires("start a map from a template", template=Template)
def start(template: Template) -> ResponseReturnValue:
    form = StartForm()
    candidates = maps_service.co_author_candidates(current_user)
    form.co_authors.choices = [(u.id, u.name) for u in candidates]
    if form.validate_on_submit():
        try:
            new_map = service.start_map(
                current_user,
                template,
                title=form.title.data,
                co_authors=[u for u in candidates if u.id in form.co_authors.data],
            )
        except (service.LibraryError, maps_service.MapError) as problem:
            form.co_authors.errors = [*form.co_authors.errors, str(problem)]
        else:
            return redirect(url_for("maps.map_page", map_id=new_map.id))
    return _template_page(template, 400, start_form=form, form=form)


def _cohort_choice(form: AssignForm | RevealForm) -> Cohort | None:
    cohorts = service.assignable_cohorts(current_user)
    form.cohort.choices = [(c.id, c.name) for c in cohorts]
    if not form.validate_on_submit():
        return None
    return next(c for c in cohorts if c.id == form.cohort.data)


@templates_bp.post("/<int:template_id>/assign")
@policy.requires("set a template as an exercise", template=Template)
def assign(template: Template) -> ResponseReturnValue:
    form = AssignForm()
    cohort = _cohort_choice(form)
    if cohort is not None:
        try:
            service.assign(template, cohort, current_user, form.due_on.data)
        except service.LibraryError as problem:
            form.cohort.errors = [*form.cohort.errors, str(problem)]
        else:
            flash(f"Set as an exercise for {cohort.name}.", "success")
            return redirect(url_for("templates.template", template_id=template.id))
    return _template_page(template, 400, assign_form=form, form=form)


@templates_bp.post("/<int:template_id>/reveal")
@policy.requires("reveal a reference map", template=Template)
def reveal(template: Template) -> ResponseReturnValue:
    form = RevealForm()
    cohort = _cohort_choice(form)
    if cohort is None:
        return _template_page(template, 400, reveal_form=form, form=form)
    if request.form.get("hide") == "1":
        service.hide(template, cohort)
        flash(f"The reference map is hidden from {cohort.name} again.", "success")
    else:
        service.reveal(template, cohort, current_user)
        flash(f"{cohort.name} can now compare their maps with the reference map.", "success")
    return redirect(url_for("templates.template", template_id=template.id))


@templates_bp.context_processor
def library_helpers() -> dict:
    """Names for the library's own templates (app/templating.py has the app-wide ones)."""
    return {
        "vocabulary_of": lambda doc: Vocabulary(doc["vocabulary"]),
        "prompt_labels": PROMPT_LABELS,
        "category_label": lambda value: CATEGORIES[Category(value)].label,
        "reference_categories": [(c.value, CATEGORIES[c].label) for c in Category],
    }


@templates_bp.get("/<int:template_id>/calibration")
@policy.requires("see calibration for an exercise", template=Template)
def calibration(template: Template) -> str:
    from app.library.calibration import calibration_for

    return render_template(
        "library/calibration.html",
        template=template,
        calibration=calibration_for(template, current_user),
    )
