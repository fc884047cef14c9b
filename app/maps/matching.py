"""Which trainee card stands for which reference item: the one matcher that the compare page
(app/maps/compare.py) and calibration (app/library/calibration.py) both ask.

Trainees rarely write the reference's sentence, so a card and an item are compared by what
their words mean, not by their spelling:

- common words ("the", "has", "told") are left out;
- each word is cut to its stem ("drinking", "drinks" → "drink");
- words practitioners use for the same thing count as one ("late to school" and "missed
  school"; "drunk" and "alcohol"; "hit" and "assault"; "nan" and "grandma"): see SYNONYMS;
- a misspelt word still counts when it is close enough to the other ("nursey", "nursery");
- names and family words ("Kayla", "mum") count half: every card of a case names the family, so
  sharing a name says little about sharing a fact.

The score is the share of each text's words found in the other, averaged over the two texts,
from 0 to 1. Then one assignment for the whole map: the best-scoring pair above MATCH_AT first,
then the next best among the cards and items still free, and so on, so a card stands for one
reference item at most and an item is found on one card at most. On a tie a card in the
reference item's own category wins.

Pure Python: no Flask, no database. Plain data in, an assignment out.
"""

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

CardId = TypeVar("CardId", bound=Hashable)
ItemKey = TypeVar("ItemKey", bound=Hashable)

MATCH_AT = 0.5  # the score a card needs to stand for a reference item
FUZZY_AT = 85  # rapidfuzz ratio (0–100) at which two different words count as the same
PEOPLE_WEIGHT = 0.5  # a name or a family word counts half


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that carry no fact of their own.
STOP_WORDS = _listed(
    """
    a about after again all also am an and any are as at be been before being both but by can
    could did do does doing done each even ever every for from had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my no nor
    not now of off on once only or our ours out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours one two time times s
    says said say saying tell tells told telling report reports reported
    """
)

# Words that turn a sentence round: "the social worker visits" and "asked the social worker to
# stop visiting" share their words but not their sense.
NEGATIONS = _listed(
    """
    not no never nothing none nobody without stop stops stopped
    dont doesnt didnt wont cant cannot isnt wasnt arent werent hasnt havent hadnt
    """
)
ONE_SIDED_NEGATION = 0.75  # the score is multiplied by this when only one text is negative

# One line per meaning: the first word names it, the others are how practitioners also say it
# (whole words, as written, or their stems). Plain words, the ones written on real maps.
SYNONYMS = """
school nursery college preschool academy class classes lesson lessons
miss missed late absent absence truant truanting
attend attends attended attending attendance
drink drinks drinking drank drunk alcohol booze beer wine vodka cider
drug drugs cannabis weed cocaine heroin substance substances
hit violence violent hurt hurting assault assaulted punch punched kick kicked slap slapped
    push pushed beat beaten attack attacked
argue argues argued arguing argument arguments row rows shout shouts shouted shouting
frightened scared afraid fear fearful terrified
mum mother mummy mom mam
dad father daddy stepdad
nan nana gran granny grandma grandmother
grandad grandpa granddad grandfather
aunt auntie aunty
child children kid kids
baby babies infant
home house flat
police officer officers
talk talks talked speak speaks spoke spoken meet meets met
collect collects collected pick picks picked fetch fetches fetched
take takes took taken bring brings brought
see sees saw seen witness witnessed watch watched
leave leaves left
find finds found
lose loses lost drop dropped
go goes went gone
bruise bruises bruised bruising mark marks
hungry hunger food meal meals fridge
dentist dental teeth tooth
doctor gp
depressed depression
job work works worked employment redundant unemployed
prison jail custody sentence
night overnight nights
continue continues continued keep keeps kept carry carries
wander wanders wandered wandering roam roaming
dirty messy unclean
day days daily
week weeks weekly
weekend weekends saturday saturdays sunday sundays
refuse refuses refused refusing decline declined
"""

# People: a name is a capitalised word inside a sentence; these are the family words.
FAMILY_WORDS = _listed(
    "mum dad nan grandad aunt uncle sister brother cousin partner child baby son daughter"
)


def stem(word: str) -> str:
    """A word without its common endings: "drinking" → "drink", "stopped" → "stop", "babies" →
    "baby", "mornings" → "morn". Deliberately small: it only has to make two forms of one word
    meet, not give a dictionary word."""
    # The plural first ("mornings" → "morning"), then a verb's or an adverb's ending.
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"  # babies → baby, worried → worry
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]  # boxes, watches
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]  # "class", "bus" and "crisis" keep theirs
    for ending, shortest in (("ing", 3), ("ed", 3), ("ly", 4)):
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            word = word[: -len(ending)]
            if ending != "ly" and word[-1] == word[-2] and word[-1] not in "lsfz":
                word = word[:-1]  # stopped → stopp → stop; "called" keeps "call"
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # "raise" meets "raised", "house" meets "houses"
    return word


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in SYNONYMS.replace("\n    ", " ").strip().splitlines():
        head, *others = line.split()
        for word in (head, *others):
            table.setdefault(word, head)
            table.setdefault(stem(word), head)
    return table


_MEANING = _synonym_table()
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _meaning(word: str) -> str:
    """The synonym group of `word`, or of a word in the list it is a misspelling of ("nursey"),
    else its stem."""
    found = _MEANING.get(word) or _MEANING.get(stem(word))
    if found is None and len(word) >= 5 and not word.isdigit():
        near = process.extractOne(word, _MEANING.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_AT)
        found = _MEANING[near[0]] if near else None
    return found or stem(word)


@dataclass(frozen=True)
class Term:
    """One meaningful word of a text, as the matcher compares it."""

    meaning: str  # the synonym group's head word, else the stem
    family: bool  # a family word: "mum", "nan"
    capitalised: bool  # written with a capital wherever it appears
    named: bool  # written with a capital inside a sentence: a name


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[Term, ...]:
    """The meaningful words of `text`, each once, in order."""
    found: dict[str, Term] = {}
    for index, match in enumerate(_WORD.finditer(text)):
        written = match.group()
        word = written.casefold().removesuffix("'s").replace("'", "")
        if word in STOP_WORDS or (len(word) < 3 and not word.isdigit()):
            continue
        meaning = _meaning(word)
        capital = written[0].isupper()
        named = capital and index > 0 and text[: match.start()].rstrip()[-1:] not in ".!?"
        seen = found.get(meaning)
        if seen is not None:
            capital = capital and seen.capitalised
            named = named or seen.named
        found[meaning] = Term(meaning, meaning in FAMILY_WORDS, capital, named)
    return tuple(found.values())


def _weights(these: Sequence[Term], those: Sequence[Term]) -> list[float]:
    """Each word's weight: a name or a family word counts PEOPLE_WEIGHT. A name is a word with
    a capital inside a sentence, or one with a capital in both texts (a sentence's first word,
    "Kayla was…", is a name only when the other text capitalises it too)."""
    other = {term.meaning: term for term in those}
    weights = []
    for term in these:
        twin = other.get(term.meaning)
        named = term.named or (
            twin is not None and (twin.named or (term.capitalised and twin.capitalised))
        )
        weights.append(PEOPLE_WEIGHT if named or term.family else 1.0)
    return weights


@lru_cache(maxsize=4096)
def negative(text: str) -> bool:
    """Whether the text says something is not so ("has not", "never", "stopped")."""
    return any(
        match.group().casefold().replace("'", "") in NEGATIONS
        for match in _WORD.finditer(text.replace("n't", "nt"))
    )


def _closeness(meaning: str, others: Sequence[Term]) -> float:
    """How well the best of `others` stands for `meaning`: 1 when the same, a fraction for a
    near spelling, 0 otherwise."""
    best = 0.0
    for other in others:
        if other.meaning == meaning:
            return 1.0
        if min(len(meaning), len(other.meaning)) >= 4 and not (meaning + other.meaning).isdigit():
            ratio = fuzz.ratio(meaning, other.meaning)
            if ratio >= FUZZY_AT:
                best = max(best, ratio / 100)
    return best


def _coverage(these: Sequence[Term], those: Sequence[Term]) -> float:
    weights = _weights(these, those)
    found = sum(w * _closeness(t.meaning, those) for t, w in zip(these, weights, strict=True))
    return found / sum(weights)


def similarity(a: str, b: str) -> float:
    """How far two texts say the same thing, 0 to 1: the share of each one's words found in
    the other, averaged."""
    terms_a, terms_b = terms(a), terms(b)
    if not terms_a or not terms_b:
        return 0.0
    score = (_coverage(terms_a, terms_b) + _coverage(terms_b, terms_a)) / 2
    if negative(a) != negative(b):
        score *= ONE_SIDED_NEGATION
    return score


def is_match(card: str, item: str) -> bool:
    """Whether the card, on its own, says the reference item's fact."""
    return similarity(card, item) >= MATCH_AT


@dataclass(frozen=True)
class Match(Generic[CardId]):
    """The card that stands for one reference item."""

    card_id: CardId
    category: str  # the card's category
    score: float


def assign(
    cards: Sequence[tuple[CardId, str, str]],
    items: Sequence[tuple[ItemKey, str, str]],
) -> dict[ItemKey, Match[CardId]]:
    """Which card stands for which reference item, for a whole map at once.

    `cards` are the trainee's (id, category, text), `items` the reference's (key, category,
    text); categories are compared as plain strings. Returns {item key: Match} for the items
    found; an item missing from it is not on the map, and a card named in no Match is only on
    the trainee's map. Best score first; on a tie the card in the item's own category, then the
    earlier item, then the earlier card, so the answer never depends on anything but the input.
    """
    candidates = []
    for item_index, (_, item_category, item_text) in enumerate(items):
        for card_index, (_, card_category, card_text) in enumerate(cards):
            score = similarity(card_text, item_text)
            if score >= MATCH_AT:
                elsewhere = card_category != item_category
                candidates.append((-round(score, 6), elsewhere, item_index, card_index, score))
    candidates.sort()
    assignment: dict[ItemKey, Match[CardId]] = {}
    used_items: set[int] = set()
    used_cards: set[int] = set()
    for _, _, item_index, card_index, score in candidates:
        if item_index in used_items or card_index in used_cards:
            continue
        card_id, card_category, _ = cards[card_index]
        assignment[items[item_index][0]] = Match(card_id, card_category, score)
        used_items.add(item_index)
        used_cards.add(card_index)
    return assignment
