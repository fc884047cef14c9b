"""Forms of the map editor. Several appear on one page, so each gets a prefix (unique ids)."""

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from app.forms import DayMonthYearField, Form, strip_whitespace
from app.maps.comments import MAX_COMMENT
from app.maps.language import compose_goal, compose_statement, goal_hints, statement_hints
from app.maps.service import MAX_CARD_TEXT, MAX_SOURCE, MAX_TITLE
from app.models import MapSource, Perspective, Vocabulary

VOCABULARY_CHOICES = [
    SelectChoice(
        Vocabulary.CHILD_PROTECTION.value, "Child protection: danger statements and safety goals"
    ),
    SelectChoice(Vocabulary.EARLY_HELP.value, "Early help: worry statements and wellbeing goals"),
]


def vocabulary_field(**kwargs: Any) -> RadioField:
    """Child protection or early help: which words a map's statements and goals use."""
    return RadioField(
        "Words for statements and goals",
        widget=GovRadioInput(),
        choices=VOCABULARY_CHOICES,
        validators=[InputRequired(message="Choose child protection or early help")],
        **kwargs,
    )


def grey_area_field() -> BooleanField:
    return BooleanField(
        "Keep a grey area list for unclear or disputed information", widget=GovCheckboxInput()
    )


def co_authors_field(label: str = "Co-authors (optional)") -> SelectMultipleField:
    """Up to three people from the cohort, mapping in a trio (choices are set per request)."""
    return SelectMultipleField(
        label,
        widget=GovCheckboxesInput(),
        coerce=int,
        description="Mapping in a trio? Choose up to 3 people from your cohort. They can edit the map too.",
    )


class NewMapForm(Form):
    source = RadioField(
        "What do you want to map?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(MapSource.SCENARIO.value, "A case scenario"),
            SelectChoice(
                MapSource.CHILD_IN_YOUR_LIFE.value, "A child in your life (a warm-up, not a case)"
            ),
            SelectChoice(MapSource.BLANK.value, "A blank map"),
        ],
        default=MapSource.SCENARIO.value,
        validators=[InputRequired(message="Choose what you want to map")],
    )
    scenario = SelectField(
        "Case scenario",
        widget=GovSelect(),
        coerce=int,
        description="Only used when you map a case scenario.",
        validators=[Optional()],
    )
    title = StringField(
        "Title of your map",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        description="Leave blank to use the scenario's title.",
        validators=[
            Length(max=MAX_TITLE, message=f"The title must be {MAX_TITLE} characters or fewer")
        ],
    )
    vocabulary = vocabulary_field(default=Vocabulary.CHILD_PROTECTION.value)
    has_grey_area = grey_area_field()
    co_authors = co_authors_field()
    submit = SubmitField("Start mapping", widget=GovSubmitInput())


class SettingsForm(Form):
    title = StringField(
        "Title of your map",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a title"),
            Length(max=MAX_TITLE, message=f"The title must be {MAX_TITLE} characters or fewer"),
        ],
    )
    vocabulary = vocabulary_field()
    has_grey_area = grey_area_field()
    co_authors = co_authors_field("Co-authors")
    submit = SubmitField("Save settings", widget=GovSubmitInput())


TEXT_VALIDATORS = [
    DataRequired(message="Enter the text of the card"),
    Length(max=MAX_CARD_TEXT, message=f"A card must be {MAX_CARD_TEXT:,} characters or fewer"),
]
SOURCE_VALIDATORS = [
    Length(max=MAX_SOURCE, message=f"Who said it must be {MAX_SOURCE} characters or fewer"),
]


def version_field() -> HiddenField:
    """Which version of a card or pair the page showed: a whole number the page itself wrote."""
    return HiddenField(
        validators=[
            Optional(),
            Regexp(
                r"^[0-9]{1,9}\Z",
                message="This page is out of date. Go back, reload the page and try again.",
            ),
        ]
    )


class CardForm(Form):
    text = TextAreaField(
        "Card",
        widget=GovCharacterCount(),
        filters=[strip_whitespace],
        validators=TEXT_VALIDATORS,
    )
    source = StringField(
        "Who said it or where it came from (optional)",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=SOURCE_VALIDATORS,
    )
    version = version_field()
    submit = SubmitField("Save card", widget=GovSubmitInput())


class MoveForm(Form):
    category = SelectField("Move to", widget=GovSelect(), validators=[Optional()])
    position = IntegerField("Position", validators=[Optional(), NumberRange(min=0)])
    direction = SelectField(
        "Direction", choices=["up", "down"], validators=[Optional()], validate_choice=True
    )

    def problem(self) -> str:
        """Why the move was refused, for the 400 page."""
        return "Choose where to move the card: " + "; ".join(
            f"{name}: {', '.join(errors)}" for name, errors in self.errors.items()
        )


PAIR_PART_LABELS = {
    "statement_who": (
        "Who is worried?",
        "For example: children's services, the health visitor and the school",
    ),
    "statement_behaviour": (
        "About what behaviour or event?",
        "Describe what people do or might do, in plain words; no labels",
    ),
    "statement_impact": (
        "What is likely to happen to the child if nothing changes?",
        "The impact on the child, as specifically as you can",
    ),
    "goal_carers": (
        "What will the carers be doing?",
        "The actions of the parents, carers and their network",
    ),
    "goal_child": ("What will the child experience?", "What life will be like for the child"),
    "goal_professionals": (
        "What will professionals see?",
        "What will show professionals the goal is being met",
    ),
    "goal_duration": (
        "For how long?",
        "For example: for six months, including the school holidays",
    ),
}


def _part_field(name: str) -> TextAreaField:
    label, hint = PAIR_PART_LABELS[name]
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=hint,
        filters=[strip_whitespace],
        validators=[
            Length(
                max=MAX_CARD_TEXT,
                message=f"Each part must be {MAX_CARD_TEXT:,} characters or fewer",
            )
        ],
    )


class PairForm(Form):
    statement_who = _part_field("statement_who")
    statement_behaviour = _part_field("statement_behaviour")
    statement_impact = _part_field("statement_impact")
    goal_carers = _part_field("goal_carers")
    goal_child = _part_field("goal_child")
    goal_professionals = _part_field("goal_professionals")
    goal_duration = _part_field("goal_duration")
    statement = TextAreaField(
        "Final wording of the statement",
        widget=GovTextArea(),
        filters=[strip_whitespace],
        description="Leave blank to use the sentence built from your answers, or edit it here.",
        validators=[
            Length(
                max=MAX_CARD_TEXT,
                message=f"The statement must be {MAX_CARD_TEXT:,} characters or fewer",
            )
        ],
    )
    goal = TextAreaField(
        "Final wording of the goal",
        widget=GovTextArea(),
        filters=[strip_whitespace],
        description="Leave blank to use the sentence built from your answers, or edit it here.",
        validators=[
            Length(
                max=MAX_CARD_TEXT, message=f"The goal must be {MAX_CARD_TEXT:,} characters or fewer"
            )
        ],
    )
    version = version_field()
    submit = SubmitField("Save pair", widget=GovSubmitInput())

    def parts(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in PAIR_PART_LABELS}

    def composed(self) -> tuple[str, str]:
        """The statement and the goal built from the answers to the questions."""
        parts = self.parts()
        statement = compose_statement(
            parts["statement_who"], parts["statement_behaviour"], parts["statement_impact"]
        )
        goal = compose_goal(
            parts["goal_carers"],
            parts["goal_child"],
            parts["goal_professionals"],
            parts["goal_duration"],
        )
        return statement, goal

    def hints(self) -> dict:
        """What could make the statement and the goal clearer, as they would be saved."""
        statement, goal = self.composed()
        parts = self.parts()
        return {
            "statement": statement_hints(
                self.statement.data or statement, parts["statement_impact"]
            ),
            "goal": goal_hints(self.goal.data or goal, parts["goal_duration"]),
        }

    def final_wording(self) -> tuple[str, str] | None:
        """The statement and goal to save: as written, else as built from the answers. None,
        with the errors on the form, when either is missing or the form has errors already."""
        statement, goal = self.composed()
        final_statement = self.statement.data or statement
        final_goal = self.goal.data or goal
        if not final_statement:
            self.statement.errors = [
                *self.statement.errors,
                "Answer the questions above or write the statement",
            ]
        if not final_goal:
            self.goal.errors = [*self.goal.errors, "Answer the questions above or write the goal"]
        if self.statement.errors or self.goal.errors:
            return None
        return final_statement, final_goal


PERSPECTIVE_CHOICES = [SelectChoice(p.value, p.label) for p in Perspective]
SCORE_CHOICES = [SelectChoice(str(n), str(n)) for n in range(11)]


class RatingForm(Form):
    perspective = SelectField(
        "Whose view is this?",
        widget=GovSelect(),
        choices=PERSPECTIVE_CHOICES,
        validators=[InputRequired(message="Choose whose view this is")],
    )
    rater_name = StringField(
        "Their name or role (optional)",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        description="For example: Shannon (mother), Kai, nursery manager",
        validators=[Length(max=120, message="The name must be 120 characters or fewer")],
    )
    score = RadioField(
        "Score from 0 to 10",
        widget=GovRadioInput(),
        choices=SCORE_CHOICES,
        validators=[InputRequired(message="Choose a score from 0 to 10")],
    )
    reason = TextAreaField(
        "What makes it that score? (optional)",
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            Length(
                max=MAX_CARD_TEXT,
                message=f"The reason must be {MAX_CARD_TEXT:,} characters or fewer",
            )
        ],
    )
    rated_on = DayMonthYearField(
        "Date of the rating",
        default=date.today,
        validators=[InputRequired(message="Enter the date of the rating")],
    )
    submit = SubmitField("Add rating", widget=GovSubmitInput())


class AnchorsForm(Form):
    low_anchor = TextAreaField(
        "0 means",
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[DataRequired(message="Enter what 0 means"), Length(max=500)],
    )
    high_anchor = TextAreaField(
        "10 means",
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[DataRequired(message="Enter what 10 means"), Length(max=500)],
    )
    submit = SubmitField("Save wording", widget=GovSubmitInput())


class ChildForm(Form):
    child_name = StringField(
        "Child's first name (fictional)",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=120, message="The name must be 120 characters or fewer")],
    )
    child_age = IntegerField(
        "Age",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=25, message="Enter an age from 0 to 25")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ReviewForm(Form):
    outcome = RadioField(
        "Return the map",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("reviewed", "Reviewed: the map is finished"),
            SelectChoice(
                "changes_requested", "Changes requested: the trainee edits it and submits again"
            ),
        ],
        validators=[InputRequired(message="Choose reviewed or changes requested")],
    )
    summary = TextAreaField(
        "Summary for the trainee",
        widget=GovTextArea(),
        description="What went well, and what to work on. The trainee sees this on their map.",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Write a short summary for the trainee"),
            Length(
                max=MAX_CARD_TEXT,
                message=f"The summary must be {MAX_CARD_TEXT:,} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Return the map", widget=GovSubmitInput())


COMMENT_VALIDATORS = [
    DataRequired(message="Enter your comment"),
    Length(max=MAX_COMMENT, message=f"A comment must be {MAX_COMMENT:,} characters or fewer"),
]

# An id, never bigger than the database's whole numbers.
TARGET_VALIDATORS = [
    Optional(),
    NumberRange(min=1, max=2**31 - 1, message="Choose a card, statement or rating on this map"),
]


class CommentForm(Form):
    """A new thread: on the whole map, or on the card, pair or rating named by its id.

    Several appear on one page (the feedback panel, under cards, pairs and scales), each with its
    own ids but the same field names, so one form reads them all."""

    body = TextAreaField("Comment", filters=[strip_whitespace], validators=COMMENT_VALIDATORS)
    card = IntegerField(widget=HiddenInput(), validators=TARGET_VALIDATORS)
    pair = IntegerField(widget=HiddenInput(), validators=TARGET_VALIDATORS)
    rating = IntegerField("Which rating?", validators=TARGET_VALIDATORS)

    def target_ids(self) -> dict[str, int | None]:
        """The ids of the card, pair or rating the comment is about, for `find_target`."""
        return {"card_id": self.card.data, "pair_id": self.pair.data, "rating_id": self.rating.data}

    def target_errors(self) -> bool:
        return bool(self.card.errors or self.pair.errors or self.rating.errors)


class ReplyForm(Form):
    body = TextAreaField("Reply", filters=[strip_whitespace], validators=COMMENT_VALIDATORS)
