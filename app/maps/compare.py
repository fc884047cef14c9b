"""A trainee's map beside the template's reference map, category by category.

Cards are matched to reference items by the matcher calibration uses too (app/maps/matching.py):
by what their words mean, one card for one reference item at most. So the summary can say what
each side has that the other has not, and where a reference item was put in a different
category ("why existing safety rather than a strength?"); a card is either matched (here or in
another category) or only on the trainee's map, never both."""

from dataclasses import dataclass, field

from app.maps.matching import assign
from app.maps.structure import CATEGORIES
from app.maps.view import MapView
from app.models import Category


@dataclass
class CategoryComparison:
    category: Category
    label: str
    matched: list[tuple[str, str]] = field(default_factory=list)  # (mine, reference)
    only_mine: list[str] = field(default_factory=list)
    only_reference: list[str] = field(default_factory=list)
    elsewhere: list[tuple[str, str]] = field(default_factory=list)  # (reference, my category)


@dataclass
class PairComparison:
    number: int
    mine: object | None  # a PairView
    reference: dict | None


@dataclass
class Comparison:
    categories: list[CategoryComparison]
    pairs: list[PairComparison]
    map_score: dict | None
    my_map_ratings: list

    @property
    def matched_count(self) -> int:
        return sum(len(c.matched) for c in self.categories)

    @property
    def reference_count(self) -> int:
        return sum(
            len(c.matched) + len(c.only_reference) + len(c.elsewhere) for c in self.categories
        )


def compare(view: MapView, reference: dict) -> Comparison:
    """Compare the map of `view` (a MapView) with a template document's `reference`."""
    my_cards = [(card.id, card.category, card.text) for card in view.shown_cards]
    items = [
        (index, Category(card["category"]), card["text"])
        for index, card in enumerate(reference.get("cards", []))
    ]
    assignment = assign(my_cards, items)
    matched_ids = {match.card_id for match in assignment.values()}
    text_of = {card_id: text for card_id, _, text in my_cards}

    categories = []
    for category in Category:
        result = CategoryComparison(category, CATEGORIES[category].label)
        for key, item_category, text in items:
            if item_category is not category:
                continue
            match = assignment.get(key)
            if match is None:
                result.only_reference.append(text)
            elif match.category == category:
                result.matched.append((text_of[match.card_id], text))
            else:
                result.elsewhere.append((text, CATEGORIES[Category(match.category)].label))
        result.only_mine = [
            text
            for card_id, card_category, text in my_cards
            if card_category is category and card_id not in matched_ids
        ]
        categories.append(result)

    reference_pairs = reference.get("pairs", [])
    count = max(len(view.pairs), len(reference_pairs))
    pairs = [
        PairComparison(
            number=i + 1,
            mine=view.pairs[i] if i < len(view.pairs) else None,
            reference=reference_pairs[i] if i < len(reference_pairs) else None,
        )
        for i in range(count)
    ]
    return Comparison(
        categories=[
            c for c in categories if c.matched or c.only_mine or c.only_reference or c.elsewhere
        ],
        pairs=pairs,
        map_score=reference.get("map_score"),
        my_map_ratings=view.map_scale.latest,
    )
