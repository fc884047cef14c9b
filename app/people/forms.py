from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from app.forms import Form, strip_whitespace
from app.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class PersonDetailsForm(Form):
    name = StringField(
        "Full name",
        filters=[strip_whitespace],
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the person's full name"),
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
        filters=[strip_whitespace],
        widget=GovTextInput(),
        description="They sign in with this address.",
        validators=[
            DataRequired(message="Enter an email address"),
            Email(message="Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )
    submit = SubmitField("Add person", widget=GovSubmitInput())

    field_order = ("name", "email", "role")
