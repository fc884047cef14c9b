"""Helpers shared by every feature's forms."""

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField


def strip_whitespace(value: object) -> object:
    """A WTForms filter: ignore spaces around what was typed, so "   " counts as empty."""
    return value.strip() if isinstance(value, str) else value


PLAIN_MESSAGES = {
    "Not a valid choice.": "Select one of the options",
    "Invalid Choice: could not coerce.": "Select one of the options",
    "Not a valid integer value.": "Enter a whole number",
    "Not a valid date value.": "Enter a real date",
    "This field is required.": "Fill in this field",
    "'%(value)s' is not a valid choice for this field.": "Select only the options shown",
    "'%(value)s' are not valid choices for this field.": "Select only the options shown",
}


class PlainWords:
    """WTForms' built-in messages, reworded in the plain style of the rest of the app."""

    def gettext(self, message: str) -> str:
        return PLAIN_MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.gettext(singular if count == 1 else plural)


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, messages in plain words."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: FlaskForm) -> PlainWords:
            return PlainWords()


class DayMonthYearField(DateField):
    """A date typed as day, month and year boxes (GOV.UK date input), "25 11 2026" inside.

    The GOV.UK widget expects three raw values or none: a form posted without the date gets
    none, rather than an empty list the widget cannot show."""

    raw_data: list[str] | None

    def __init__(
        self, label: str | None = None, validators: Sequence[Any] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("format", "%d %m %Y")
        kwargs.setdefault("widget", GovDateInput())
        super().__init__(label, validators, **kwargs)

    def process(self, formdata: Any, *args: Any, **kwargs: Any) -> None:
        super().process(formdata, *args, **kwargs)
        if not self.raw_data:
            self.raw_data = None
        elif len(self.raw_data) != 3:
            self.raw_data = [*self.raw_data, "", "", ""][:3]
