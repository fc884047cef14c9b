"""Danger statements and safety goals: the practice formula, and gentle plain-language hints.

Practitioners are taught to write a danger (or worry) statement as *who* is worried, *about what
behaviour*, and *what impact on the child* if nothing changes; and a safety (or wellbeing) goal as
*what the carers will be doing*, *what the child will experience*, *what professionals will see*
and *for how long*. The builders here join those parts into plain sentences, and the hint
functions point out common slips. Hints are advice only: nothing here stops a card being saved.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hint:
    """One piece of advice: a stable `code` for templates and tests, and a sentence to show."""

    code: str
    message: str


# Labels that mean different things to different people. Each value finishes the sentence
# 'Instead of "<the word as written>", ...', so the hint names the word and says what to write.
AVOID_LABELS: dict[str, str] = {
    "neglect": "say what the child goes without and what the adults do or don't do.",
    "domestic violence": "say who does what to whom, and what the children see and hear.",
    "domestic abuse": "say who does what to whom, and what the children see and hear.",
    "inappropriate": "say what was actually said or done, so everyone can picture it.",
    "concerns": 'say "worried" and describe the behaviour that worries you.',
    "risk": "say what might happen to the child, and what would cause it.",
    "chaotic": "describe what a day at home is like for the child.",
    "non-engagement": "say what was offered and what happened, for example which visits were missed.",
    "substance misuse": "say what is taken, how often, and what happens to the child then.",
    "toxic trio": "describe each worry on its own and what it means for the child.",
}

# The written forms of each label that we look for (regular expressions, matched as whole words,
# case-insensitively), so "neglected" and "at risk" are caught as well as "neglect" and "risk".
_LABEL_FORMS: dict[str, str] = {
    "neglect": r"neglect(?:s|ed|ful|ing)?",
    "domestic violence": r"domestic[\s-]+violence|dv",
    "domestic abuse": r"domestic[\s-]+abuse",
    "inappropriate": r"inappropriate(?:ly)?",
    "concerns": r"concern(?:s|ed|ing)?",
    "risk": r"(?:at[\s-]+)?risk(?:s|y)?",
    "chaotic": r"chaotic|chaos",
    "non-engagement": (
        r"non[\s-]?engag(?:ement|ing|ed)|disengag(?:ed|ing|ement)"
        r"|not\s+engag(?:ing|ed)|fail(?:s|ed|ing|ure)?\s+to\s+engage"
    ),
    "substance misuse": r"substance\s+(?:misuse|abuse|use)",
    "toxic trio": r"toxic\s+trio",
}

_LABEL_PATTERNS = {
    label: re.compile(rf"(?<!\w)(?:{forms})(?!\w)", re.IGNORECASE)
    for label, forms in _LABEL_FORMS.items()
}

# Words suggesting the statement says what will happen to the child. Deliberately generous:
# a missed hint costs less than nagging someone who has written a good statement.
_IMPACT_CUES = re.compile(
    r"(?<!\w)(?:if\s+nothing\s+changes|will|won['’]t|would|could|may|might|likely"
    r"|impact\w*|affect\w*|effect\w*|hurt\w*|harm\w*|injur\w*|frighten\w*|scared|unsafe)(?!\w)",
    re.IGNORECASE,
)

# A goal phrased as what will stop rather than what will happen.
_NEGATIVE_GOAL = re.compile(
    r"(?<!\w)(?:will\s+not|won['’]t|will\s+no\s+longer|no\s+longer|no\s+more|never"
    r"|stop(?:s|ped|ping)?|(?:do|does)(?:\s+not|n['’]t))(?!\w)",
    re.IGNORECASE,
)

_COUNT = r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|next"
_UNIT = r"days?|weeks?|fortnights?|months?|years?|terms?"
_MONTH = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
# A time frame: "for six months", "3 weeks", "months", "until ...", "by March", "over the next".
_TIMEFRAME = re.compile(
    rf"(?<!\w)(?:(?:{_COUNT})[\s-]+(?:{_UNIT})|weeks|months|years|fortnight|until|till"
    rf"|by\s+(?:the\s+(?:end|start|time)|christmas|easter|half[\s-]term|summer|\d|{_MONTH})"
    r"|over\s+the\s+next)(?!\w)",
    re.IGNORECASE,
)

# Words after which "who" takes "are": we, they, collective services, and plain plurals.
_PLURAL_WORDS = {
    "we",
    "they",
    "you",
    "police",
    "people",
    "children",
    "staff",
    "services",
    "parents",
    "grandparents",
    "carers",
    "professionals",
}
_TIME_PREPOSITIONS = {"until", "till", "over", "through", "throughout", "during", "from", "every"}


def _clean(part: str | None) -> str:
    """Collapse whitespace and drop trailing full stops (and stray commas), keeping the case."""
    text = " ".join((part or "").split())
    return text.rstrip(".,;:… ").strip()


def _drop_lead(text: str, lead: str) -> str:
    """Remove a connecting phrase the practitioner typed that the template adds itself."""
    return re.sub(rf"^{lead}\b[\s,]*", "", text, flags=re.IGNORECASE)


def _sentence(text: str) -> str:
    """Capitalise the first letter only (names stay as written) and end with one full stop."""
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(("?", "!")) else f"{text}."


def _be(who: str) -> str:
    """Pick "am", "is" or "are" for "<who> ... worried"; a guess, kept simple on purpose."""
    if who.lower() == "i":
        return "am"
    if re.search(r"\band\b|&|,", who, re.IGNORECASE):
        return "are"
    last = who.split()[-1]
    if last.lower() in _PLURAL_WORDS:
        return "are"
    # "the health visitors" is plural; a capitalised "Thomas" or "James" is a name, not a plural.
    if last.islower() and last.endswith("s") and not last.endswith(("ss", "'s", "’s")):
        return "are"
    return "is"


def compose_statement(who: str, behaviour: str, impact: str) -> str:
    """Join the three parts of a danger (or worry) statement into one sentence.

    Template: "<who> are worried that <behaviour>, and if nothing changes <impact>." The verb
    agrees with `who` ("The health visitor is worried", "Mum and Dad are worried"), and if `who`
    already says "... is worried" it is used as written. Empty parts drop their clause; all
    empty gives "". Whitespace is tidied and a trailing full stop removed from each part; a
    leading "that" on the behaviour or "if nothing changes" on the impact is not repeated.
    """
    who = _clean(who)
    behaviour = _drop_lead(_clean(behaviour), "that")
    impact = _drop_lead(_clean(impact), r"if\s+nothing\s+changes")

    text = behaviour
    if impact:
        text = (
            f"{text}, and if nothing changes {impact}" if text else f"if nothing changes {impact}"
        )
    if who:
        if re.search(r"\bworried(?:\s+that)?$", who, re.IGNORECASE):
            opening = re.sub(r"\s+that$", "", who, flags=re.IGNORECASE)
        else:
            opening = f"{who} {_be(who)} worried"
        text = f"{opening} that {text}" if text else opening
    return _sentence(text)


def _timeframe_sentence(how_long: str) -> str:
    """Turn "six months", "for a year" or "until Maisie starts school" into a closing sentence."""
    if not how_long:
        return ""
    if re.search(r"\bwill\b", how_long, re.IGNORECASE):
        return how_long  # already a sentence of its own, e.g. "This will last for a year"
    first_word = how_long.split()[0].lower()
    if first_word == "for":
        return f"this will have been happening {how_long}"
    if first_word == "by":
        return f"this will be happening {how_long}"
    if first_word in _TIME_PREPOSITIONS:
        return f"this will keep happening {how_long}"
    return f"this will have been happening for {how_long}"


def compose_goal(
    carers_doing: str, child_experience: str, professionals_see: str, how_long: str
) -> str:
    """Join the four parts of a safety (or wellbeing) goal into a short paragraph.

    Template, one sentence per part:
    "<carers doing>, so that <child experience>. <professionals see>. This will have been
    happening for <how long>."
    Each part is written as its own clause with its own subject ("Shannon will ...", "Maisie
    is ...", "The nursery will see ..."). A leading "so that" on the child's part is not
    repeated. The time frame reads naturally whether given as "six months", "for six months",
    "by March" ("This will be happening by March.") or "until ..."/"over the next ..." ("This
    will keep happening until ..."); a time frame that already contains "will" is kept as a
    sentence of its own. Empty parts are left out; all empty gives "".
    """
    carers = _clean(carers_doing)
    child = _drop_lead(_clean(child_experience), "so that")
    first = f"{carers}, so that {child}" if carers and child else carers or child
    sentences = [first, _clean(professionals_see), _timeframe_sentence(_clean(how_long))]
    return " ".join(_sentence(sentence) for sentence in sentences if sentence)


def _label_hints(text: str) -> list[Hint]:
    """One hint per label found, in the order they appear in the text."""
    found = []
    for label, pattern in _LABEL_PATTERNS.items():
        match = pattern.search(text or "")
        if match:
            found.append((match.start(), label, " ".join(match.group(0).split())))
    return [
        Hint(f"label:{label.replace(' ', '-')}", f'Instead of "{word}", {AVOID_LABELS[label]}')
        for _, label, word in sorted(found)
    ]


def statement_hints(text: str, impact: str | None = None) -> list[Hint]:
    """Advice on a danger (or worry) statement.

    - "label:<label>" for each label in `AVOID_LABELS` found (whole words, any case).
    - "no-impact" when the statement seems not to say what will happen to the child. If the
      builder's `impact` part is given and not blank, that settles it; otherwise the text is
      searched for words such as "if nothing changes", "will", "could", "may", "likely",
      "impact", "affect", "hurt", "harm", "frightened" or "unsafe". A blank statement gets no
      hint: there is nothing to comment on yet.
    """
    hints = _label_hints(text)
    has_impact = bool(impact and impact.strip()) or bool(_IMPACT_CUES.search(text or ""))
    if (text or "").strip() and not has_impact:
        hints.append(
            Hint(
                "no-impact",
                "Say what is likely to happen to the child if nothing changes, so everyone can see why it matters.",
            )
        )
    return hints


def goal_hints(text: str, how_long: str | None = None) -> list[Hint]:
    """Advice on a safety (or wellbeing) goal.

    - "label:<label>" as for statements.
    - "negative-goal" when the goal says what will stop ("will not", "won't", "will no longer",
      "no more", "never", "stop", "don't") rather than what will happen.
    - "no-timeframe" when no time frame is given: a non-blank `how_long` settles it; otherwise
      the text is searched for durations ("for six months", "3 weeks", "months", "until",
      "by March", "by the end of", "over the next").
    A blank goal gets no hints.
    """
    hints = _label_hints(text)
    if not (text or "").strip():
        return hints
    negative = _NEGATIVE_GOAL.search(text)
    if negative:
        word = " ".join(negative.group(0).split())
        hints.append(
            Hint(
                "negative-goal",
                f'You wrote "{word}". Try saying what will be happening instead, so everyone knows what to look for.',
            )
        )
    if not (how_long and how_long.strip()) and not _TIMEFRAME.search(text):
        hints.append(
            Hint(
                "no-timeframe",
                'Say how long this needs to keep happening, for example "for six months", so everyone knows when it is enough.',
            )
        )
    return hints


def pair_count_hint(count: int) -> Hint | None:
    """A gentle note when a map has more than three statement and goal pairs, else None."""
    if count <= 3:
        return None
    return Hint(
        "too-many-pairs",
        f"This map has {count} statement and goal pairs. The framework suggests no more than three, to keep the plan focused.",
    )
