from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from app.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class PersonDetailsForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's full name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        validators=[InputRequired(message="Select a role")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class NewPersonForm(PersonDetailsForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="They sign in with this address.",
        validators=[
            InputRequired(message="Enter an email address"),
            Email(message="Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )
    submit = SubmitField("Add person", widget=GovSubmitInput())

    field_order = ("name", "email", "role")
