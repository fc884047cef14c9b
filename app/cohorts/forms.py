from collections.abc import Iterable
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms import Form, strip_whitespace
from app.models import User


class NewCohortForm(Form):
    name = StringField(
        "Cohort name",
        filters=[strip_whitespace],
        widget=GovTextInput(),
        description="For example, ASYE cohort 6 — January",
        validators=[
            DataRequired(message="Enter a name for the cohort"),
            Length(max=120, message="Cohort name must be 120 characters or fewer"),
        ],
    )
    submit = SubmitField("Create cohort", widget=GovSubmitInput())


class AddMemberForm(Form):
    person = SelectField(
        "Person to add",
        widget=GovSelect(),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(message="Select a person to add")],
    )
    submit = SubmitField("Add to cohort", widget=GovSubmitInput())

    def __init__(self, candidates: Iterable[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person.choices = [
            SelectChoice(user.id, f"{user.name} ({user.role.label.lower()})") for user in candidates
        ]
