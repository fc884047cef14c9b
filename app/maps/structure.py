"""What a map is made of: the three columns, their sections, and the words each vocabulary uses.

One source for every view of a map (page, fragments, PDF and exports)."""

from dataclasses import dataclass

from app.models import Category, Vocabulary


@dataclass(frozen=True)
class CategoryInfo:
    category: Category
    label: str
    hint: str
    add_label: str


CATEGORIES: dict[Category, CategoryInfo] = {
    info.category: info
    for info in [
        CategoryInfo(
            Category.HARM,
            "Harm",
            "What has already happened to the child, and the effect it had.",
            "Add harm",
        ),
        CategoryInfo(
            Category.COMPLICATING_FACTOR,
            "Complicating factors",
            "Things, including professionals' actions, that make the worries harder to resolve.",
            "Add a complicating factor",
        ),
        CategoryInfo(
            Category.EXISTING_STRENGTH,
            "Existing strengths",
            "Resources and capacities in and around the family.",
            "Add a strength",
        ),
        CategoryInfo(
            Category.EXISTING_SAFETY,
            "Existing safety",
            "Protective actions shown over time, when the danger was present.",
            "Add existing safety",
        ),
        CategoryInfo(
            Category.NEXT_STEP,
            "Next steps",
            "Who will do what, and by when.",
            "Add a next step",
        ),
        CategoryInfo(
            Category.GREY_AREA,
            "Grey area",
            "Information that is unclear or disputed.",
            "Add to the grey area",
        ),
        CategoryInfo(
            Category.HOUSE_OF_WORRIES,
            "House of worries",
            "What worries the child, in their own words.",
            "Add a worry",
        ),
        CategoryInfo(
            Category.HOUSE_OF_GOOD_THINGS,
            "House of good things",
            "What is good in the child's life, in their own words.",
            "Add a good thing",
        ),
        CategoryInfo(
            Category.HOUSE_OF_DREAMS,
            "House of dreams",
            "How the child would like things to be, in their own words.",
            "Add a dream",
        ),
    ]
}

# A section of a column is a card category, or the statements / goals of the pairs.
STATEMENTS = "statements"
GOALS = "goals"


@dataclass(frozen=True)
class ColumnInfo:
    key: str
    heading: str
    sections: tuple  # Category members, STATEMENTS or GOALS


COLUMNS = (
    ColumnInfo(
        "worries",
        "What are we worried about?",
        (Category.HARM, STATEMENTS, Category.COMPLICATING_FACTOR),
    ),
    ColumnInfo(
        "working-well",
        "What's working well?",
        (Category.EXISTING_STRENGTH, Category.EXISTING_SAFETY),
    ),
    ColumnInfo("next", "What needs to happen?", (GOALS, Category.NEXT_STEP)),
)

COLUMN_CATEGORIES = tuple(c for c in Category if not c.is_house and c is not Category.GREY_AREA)
HOUSE_CATEGORIES = tuple(c for c in Category if c.is_house)


def board_of(category: Category) -> tuple[Category, ...]:
    """The categories a card may move between: the map's own, or the Three Houses."""
    if category.is_house:
        return HOUSE_CATEGORIES
    return (*COLUMN_CATEGORIES, Category.GREY_AREA)


def statement_words(vocabulary: Vocabulary) -> dict[str, str]:
    """The vocabulary's words, e.g. danger statement / safety goal or worry / wellbeing."""
    if vocabulary is Vocabulary.CHILD_PROTECTION:
        return {
            "statements": "Danger statements",
            "statement": "danger statement",
            "goals": "Safety goals",
            "goal": "safety goal",
            "pair": "danger statement and safety goal",
        }
    return {
        "statements": "Worry statements",
        "statement": "worry statement",
        "goals": "Wellbeing goals",
        "goal": "wellbeing goal",
        "pair": "worry statement and wellbeing goal",
    }
