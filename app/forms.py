"""Helpers shared by every feature's forms."""

from flask_wtf import FlaskForm


def strip_whitespace(value):
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
        def get_translations(self, form):
            return PlainWords()
