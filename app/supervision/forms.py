"""Forms for planning and running group supervision. Choices are set per request."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms import TextAreaField as _TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms import DayMonthYearField, Form, strip_whitespace
from app.maps.forms import SCORE_CHOICES
from app.supervision.service import MAX_TEXT, MAX_TITLE

TOO_LONG = f"Write {MAX_TEXT:,} characters or fewer"


def text_area(label: str, description: str = "", required: str = "") -> _TextAreaField:
    validators = [Length(max=MAX_TEXT, message=TOO_LONG)]
    if required:
        validators.insert(0, DataRequired(message=required))
    return _TextAreaField(
        label,
        widget=GovTextArea(),
        description=description,
        filters=[strip_whitespace],
        validators=validators,
    )


def question_field() -> _TextAreaField:
    return text_area(
        "The presenter's question (optional)",
        "What the presenter wants help with, in their words. For example: "
        "“Is it safe for Kai to go home at weekends?”",
    )


class PlanSessionForm(Form):
    title = StringField(
        "Title of the session",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        description="For example: Group supervision, week 6",
        validators=[
            DataRequired(message="Enter a title for the session"),
            Length(max=MAX_TITLE, message=f"The title must be {MAX_TITLE} characters or fewer"),
        ],
    )
    held_on = DayMonthYearField(
        "Date of the session",
        description="For example, 27 11 2026",
        validators=[InputRequired(message="Enter the date of the session")],
    )
    cohort = SelectField(
        "Cohort", widget=GovSelect(), coerce=int, validators=[InputRequired("Choose a cohort")]
    )
    question = question_field()
    template = SelectField(
        "Map an exercise live (optional)",
        widget=GovSelect(),
        coerce=int,
        description="Starts a map from the exercise for the group to build together. "
        "You can also discuss maps that trainees have submitted.",
    )
    submit = SubmitField("Plan the session", widget=GovSubmitInput())


class SetUpForm(Form):
    people = SelectMultipleField(
        "Who is taking part?",
        widget=GovCheckboxesInput(),
        coerce=int,
        description="Group supervision works best with 4 to 10 people. You facilitate.",
    )
    presenter = SelectField("Presenter", widget=GovSelect(), coerce=int)
    advisor = SelectField("Advisor (optional)", widget=GovSelect(), coerce=int)
    question = question_field()
    maps = SelectMultipleField(
        "Maps to discuss",
        widget=GovCheckboxesInput(),
        coerce=int,
        description="Maps shared for review in the cohort, and the session's own map.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class OpenRoundForm(Form):
    scale = SelectField(
        "Scale to score",
        widget=GovSelect(),
        coerce=int,
        validators=[InputRequired(message="Choose a scale")],
    )
    submit = SubmitField("Open a scaling round", widget=GovSubmitInput())


class RoundRatingForm(Form):
    score = RadioField(
        "Your score from 0 to 10",
        widget=GovRadioInput(),
        choices=SCORE_CHOICES,
        validators=[InputRequired(message="Choose a score from 0 to 10")],
    )
    reason = text_area(
        "What makes it that score for you?",
        "Nobody sees your score or your reason until the facilitator reveals them.",
    )
    submit = SubmitField("Save my score", widget=GovSubmitInput())


class ReflectionForm(Form):
    went_well = text_area("What went well?")
    how_it_happened = text_area("How did you make it happen?")
    who_helped = text_area("Who or what helped?")
    learned = text_area("What did you learn?")
    next_steps = text_area("Agreed next steps", "Who will do what, and by when. One step per line.")
    summary = text_area(
        "A short record of the session",
        "The record of the session: what was decided, in a few sentences. First names only.",
    )
    save = SubmitField("Save the reflection", widget=GovSubmitInput())
    finish = SubmitField("Save and finish the session", widget=GovSubmitInput())
