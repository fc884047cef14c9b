"""Forms for writing, publishing, assigning and exchanging exercise templates.

Lists (family, chronology, example cards) are typed one item per line: quick to write, easy to
read back, and the same with or without JavaScript."""

import re
from datetime import date, datetime
from typing import Any

from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    Field,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import DayMonthYearField, Form, strip_whitespace
from app.library import document as documents
from app.maps.forms import co_authors_field, vocabulary_field
from app.maps.structure import CATEGORIES
from app.models import Category, PublishScope

PROMPT_LABELS = {
    "harm": "Harm",
    "statements": "Danger or worry statements",
    "complicating_factor": "Complicating factors",
    "existing_strength": "Existing strengths",
    "existing_safety": "Existing safety",
    "goals": "Safety or wellbeing goals",
    "next_step": "Next steps",
    "grey_area": "Grey area",
}
EXAMPLE_CATEGORIES = [c for c in Category]


def _area(label: str, hint: str = "", limit: int = 20_000) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=hint,
        filters=[strip_whitespace],
        validators=[Length(max=limit, message=f"{label} must be {limit:,} characters or fewer")],
    )


class TemplateForm(Form):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired(message="Enter a title"), Length(max=200)],
    )
    vocabulary = vocabulary_field()
    summary = TextAreaField(
        "Summary",
        widget=GovTextArea(),
        description="One or two sentences for the library.",
        filters=[strip_whitespace],
        validators=[DataRequired(message="Enter a summary"), Length(max=2000)],
    )
    referral = _area(
        "Referral",
        "Leave a blank line between paragraphs. Start lines with “- ” for a list. **Two stars** make text bold.",
    )
    learning_objectives = _area("Learning objectives", "Same formatting as the referral.", 5000)
    themes = StringField(
        "Themes",
        widget=GovTextInput(),
        description="Separated by commas, for example: neglect, domestic abuse, exploitation, disability",
        filters=[strip_whitespace],
        validators=[Length(max=1000)],
    )
    suggested_minutes = IntegerField(
        "Suggested time in minutes (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=5, max=480, message="Enter a number of minutes from 5 to 480"),
        ],
    )
    family_members = _area(
        "Family members",
        "One person per line: name, age, relation. For example: Kai Nowak, 2, Child",
        10_000,
    )
    chronology = _area(
        "Chronology",
        "One entry per line: the date, a colon, then what happened. For example: 3/2/2026: Nursery rang the health visitor.",
        100_000,
    )
    # Only on the edit page, for the author (and admins): removed from the form for anyone else.
    co_editors = SelectMultipleField(
        "Co-editors (optional)",
        widget=GovCheckboxesInput(),
        coerce=int,
        description="Other practice champions who may read and change this template before it "
        "is published, and edit its next versions. Your organisation's admins always can; "
        "nobody else sees your draft.",
    )
    submit = SubmitField("Save draft", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompt_fields: dict[str, Field] = {}
        self.example_fields: dict[str, Field] = {}

    # Dynamic fields are added in build_template_form().


def build_template_form(*args: Any, **kwargs: Any) -> TemplateForm:
    """A TemplateForm with a prompt box per section and an example-cards box per category."""

    class _Form(TemplateForm):
        pass

    for key, label in PROMPT_LABELS.items():
        setattr(
            _Form,
            f"prompt_{key}",
            _area(f"Prompt for {label.lower()}", "Shown as guidance, not as a card.", 1000),
        )
    for category in EXAMPLE_CATEGORIES:
        setattr(
            _Form,
            f"examples_{category.value}",
            _area(f"Example cards: {CATEGORIES[category].label}", "One card per line.", 50_000),
        )
    form = _Form(*args, **kwargs)
    form.prompt_fields = {key: getattr(form, f"prompt_{key}") for key in PROMPT_LABELS}
    form.example_fields = {
        c.value: getattr(form, f"examples_{c.value}") for c in EXAMPLE_CATEGORIES
    }
    return form


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def form_to_document(form: TemplateForm, reference: dict | None) -> dict | None:
    """The form as a template document, or None with errors added to the form's fields."""
    family = []
    for number, line in enumerate(_lines(form.family_members.data), start=1):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3 or not parts[0] or not parts[-1]:
            form.family_members.errors.append(f"Line {number}: write name, age, relation")
            continue
        age_text = ",".join(parts[1:-1]).strip()
        if age_text and not age_text.isdigit():
            form.family_members.errors.append(
                f"Line {number}: the age must be a whole number, or left empty"
            )
            continue
        family.append(
            {"name": parts[0], "age": int(age_text) if age_text else None, "relation": parts[-1]}
        )
    chronology = []
    for number, line in enumerate(_lines(form.chronology.data), start=1):
        when, _, entry = line.partition(":")
        day = _parse_date(when)
        if day is None or not entry.strip():
            form.chronology.errors.append(
                f"Line {number}: start with a date such as 3/2/2026, then a colon"
            )
            continue
        chronology.append({"date": day.isoformat(), "entry": entry.strip()})
    examples = [
        {"category": category, "text": text, "source": None}
        for category, field in form.example_fields.items()
        for text in _lines(field.data)
    ]
    themes = [t.strip() for t in (form.themes.data or "").split(",") if t.strip()]
    doc = {
        "title": form.title.data,
        "vocabulary": form.vocabulary.data,
        "summary": form.summary.data,
        "referral": form.referral.data or "",
        "learning_objectives": form.learning_objectives.data or "",
        "themes": themes,
        "suggested_minutes": form.suggested_minutes.data,
        "family_members": family,
        "chronology": chronology,
        "prompts": {key: field.data for key, field in form.prompt_fields.items() if field.data},
        "example_cards": examples,
        "reference": reference,
    }
    problems = documents.validate(
        {"format": documents.FORMAT, "schema_version": 1, "template": doc}
    )
    for problem in problems:
        _field_for(form, problem.path).errors.append(_problem_message(problem))
    if form.errors or any(f.errors for f in form):
        return None
    return doc


def _field_for(form: TemplateForm, path: str) -> Field:
    match = re.match(r"template\.(\w+)(?:\.(\w+)|\[(\d+)\])?", path or "")
    if not match:
        return form.title
    name, key = match.group(1), match.group(2)
    if name == "prompts" and key in form.prompt_fields:
        return form.prompt_fields[key]
    if name == "example_cards":
        return form.example_fields[Category.HARM.value]
    return getattr(form, name, form.title)


def _problem_message(problem: documents.Problem) -> str:
    index = re.search(r"\[(\d+)\]", problem.path or "")
    prefix = f"Line {int(index.group(1)) + 1}: " if index else ""
    return prefix + problem.message[0].upper() + problem.message[1:]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_to_form_data(doc: dict) -> dict:
    """Field values that show a document in the form."""
    data = {
        "title": doc["title"],
        "vocabulary": doc["vocabulary"],
        "summary": doc["summary"],
        "referral": doc["referral"],
        "learning_objectives": doc["learning_objectives"],
        "themes": ", ".join(doc["themes"]),
        "suggested_minutes": doc["suggested_minutes"],
        "family_members": "\n".join(
            f"{m['name']}, {'' if m['age'] is None else m['age']}, {m['relation']}"
            for m in doc["family_members"]
        ),
        "chronology": "\n".join(
            f"{date.fromisoformat(e['date']).strftime('%d/%m/%Y')}: {e['entry']}"
            for e in doc["chronology"]
        ),
    }
    for key in PROMPT_LABELS:
        data[f"prompt_{key}"] = doc["prompts"].get(key, "")
    for category in EXAMPLE_CATEGORIES:
        data[f"examples_{category.value}"] = "\n".join(
            c["text"] for c in doc["example_cards"] if c["category"] == category.value
        )
    return data


class PublishForm(Form):
    scope = RadioField(
        "Who can use this version?",
        widget=GovRadioInput(),
        choices=[SelectChoice(s.value, s.label) for s in PublishScope],
        validators=[InputRequired(message="Choose who can use it")],
    )
    cohorts = SelectMultipleField("Cohorts", widget=GovCheckboxesInput(), coerce=int)
    submit = SubmitField("Publish", widget=GovSubmitInput())


class AssignForm(Form):
    cohort = SelectField(
        "Cohort",
        widget=GovSelect(),
        coerce=int,
        validators=[InputRequired(message="Choose a cohort")],
    )
    due_on = DayMonthYearField("Due date (optional)", validators=[Optional()])
    submit = SubmitField("Set as an exercise", widget=GovSubmitInput())


class RevealForm(Form):
    cohort = SelectField(
        "Cohort",
        widget=GovSelect(),
        coerce=int,
        validators=[InputRequired(message="Choose a cohort")],
    )
    submit = SubmitField("Show the reference map", widget=GovSubmitInput())


class StartForm(Form):
    title = StringField(
        "Title of your map (optional)",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200)],
    )
    co_authors = co_authors_field()
    submit = SubmitField("Start a map from this", widget=GovSubmitInput())


class ImportForm(Form):
    file = FileField(
        "Template file",
        widget=GovFileInput(),
        description="A .json file exported from Practice Mapper, up to 1 MB.",
        validators=[
            FileRequired(message="Choose a template file"),
            FileAllowed(["json"], message="Choose a .json file exported from Practice Mapper"),
        ],
    )
    submit = SubmitField("Import as a draft", widget=GovSubmitInput())
