"""A trainee's map beside the template's reference map, category by category.

Cards are matched by the words they share (the reference and the trainee rarely write the same
sentence), so the summary can say what each side has that the other has not, and where a
reference item was put in a different category ("why existing safety rather than a strength?")."""

import re
from dataclasses import dataclass, field

from app.maps.structure import CATEGORIES
from app.maps.view import MapView
from app.models import Category

STOPWORDS = set(
    [
        "the",
        "and",
        "for",
        "are",
        "was",
        "were",
        "with",
        "that",
        "this",
        "have",
        "has",
        "had",
        "not",
        "but",
        "his",
        "her",
        "their",
        "they",
        "them",
        "she",
        "he",
        "him",
        "its",
        "our",
        "you",
        "your",
        "from",
        "into",
        "when",
        "then",
        "than",
        "who",
        "what",
        "will",
        "would",
        "could",
        "about",
        "there",
        "been",
        "being",
        "does",
        "did",
        "very",
        "also",
        "just",
        "only",
        "over",
        "under",
        "after",
        "before",
        "again",
        "more",
        "most",
        "some",
        "such",
        "each",
        "all",
        "any",
        "out",
        "off",
        "one",
        "two",
    ]
)
MATCH_AT = 0.5  # share of the shorter card's words


def words(text: str) -> set[str]:
    return {
        w
        for w in re.findall(r"[a-zà-ÿ0-9']+", text.casefold())
        if len(w) > 2 and w not in STOPWORDS
    }


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


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
    if view.map_scale is None:
        raise ValueError("Compare the whole map's view, not a card's")
    mine_by_category = {
        category: [card.text for card in view.section(category).cards]
        for category in Category
        if category is not Category.GREY_AREA or view.grey_area
    }
    reference_by_category: dict[Category, list[str]] = {category: [] for category in Category}
    for card in reference.get("cards", []):
        reference_by_category[Category(card["category"])].append(card["text"])

    used_mine: set[tuple[Category, int]] = set()
    categories = []
    for category in Category:
        info = CATEGORIES[category]
        result = CategoryComparison(category, info.label)
        mine = mine_by_category.get(category, [])
        for ref_text in reference_by_category[category]:
            best = _best_match(ref_text, category, mine, used_mine)
            if best is not None:
                used_mine.add((category, best))
                result.matched.append((mine[best], ref_text))
                continue
            moved = _found_elsewhere(ref_text, category, mine_by_category, used_mine)
            if moved is not None:
                result.elsewhere.append((ref_text, CATEGORIES[moved].label))
            else:
                result.only_reference.append(ref_text)
        categories.append(result)
    for result in categories:
        mine = mine_by_category.get(result.category, [])
        result.only_mine = [
            text for i, text in enumerate(mine) if (result.category, i) not in used_mine
        ]

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


def _best_match(
    text: str, category: Category, candidates: list[str], used: set[tuple[Category, int]]
) -> int | None:
    target = words(text)
    scored = [
        (similarity(target, words(candidate)), i)
        for i, candidate in enumerate(candidates)
        if (category, i) not in used
    ]
    scored = [item for item in scored if item[0] >= MATCH_AT]
    return max(scored)[1] if scored else None


def _found_elsewhere(
    text: str,
    category: Category,
    mine_by_category: dict[Category, list[str]],
    used: set[tuple[Category, int]],
) -> Category | None:
    target = words(text)
    best = None
    for other, candidates in mine_by_category.items():
        if other is category:
            continue
        for i, candidate in enumerate(candidates):
            score = similarity(target, words(candidate))
            if (other, i) not in used and score >= MATCH_AT and (best is None or score > best[0]):
                best = (score, other)
    return best[1] if best else None
