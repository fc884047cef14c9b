"""The file format in which councils exchange exercise templates (schema version 1).

One JSON document holds one template: a fictional case scenario, starter prompts, example cards
and an optional reference map. `parse_document` reads a file and returns the template in its
canonical form, or raises `DocumentError` listing every problem by field path; `dump_document`
writes one. The format is described for other councils in docs/template-format.md.

Standalone on purpose: standard library only, so the format can be checked without the app (no
Flask, no database, no models; the category names are defined here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

FORMAT = "practice-mapper-template"
SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
MAX_DEPTH = 10

# Checks one item of a list, given its value and its path in the document.
ItemCheck = Callable[[object, str], None]

CARD_CATEGORIES: tuple[str, ...] = (
    "harm",
    "complicating_factor",
    "existing_strength",
    "existing_safety",
    "next_step",
    "grey_area",
    "house_of_worries",
    "house_of_good_things",
    "house_of_dreams",
)
PROMPT_KEYS: tuple[str, ...] = (
    "harm",
    "statements",
    "complicating_factor",
    "existing_strength",
    "existing_safety",
    "goals",
    "next_step",
    "grey_area",
)
VOCABULARIES: tuple[str, ...] = ("child_protection", "early_help")

# Limits, in characters (after surrounding whitespace is stripped) or items.
_TITLE = 200
_SUMMARY = 2_000
_REFERRAL = 20_000
_OBJECTIVES = 5_000
_THEMES, _THEME = 20, 40
_MINUTES = (5, 480)
_FAMILY, _NAME, _RELATION, _AGE = 30, 120, 120, (0, 120)
_CHRONOLOGY, _ENTRY = 200, 2_000
_PROMPT = 1_000
_EXAMPLE_CARDS, _REFERENCE_CARDS, _CARD_TEXT, _SOURCE = 100, 300, 2_000, 200
_PAIRS, _PAIR_TEXT, _REASON, _SCORE = 20, 2_000, 2_000, (0, 10)
_EXPORTED_AT = 100

# Keys in the order they are written; the first group of each tuple is required.
_TOP_REQUIRED = ("format", "schema_version", "template")
_TOP_OPTIONAL = ("exported_at",)
_TEMPLATE_REQUIRED = ("title", "vocabulary", "summary")
_TEMPLATE_OPTIONAL = (
    "referral",
    "learning_objectives",
    "themes",
    "suggested_minutes",
    "family_members",
    "chronology",
    "prompts",
    "example_cards",
    "reference",
)

HOSTILE = "contains markup or characters that are not allowed in a template"

# Tag-like script content. Prose such as "ages < 5 & older" matches none of these: a tag needs
# a letter straight after "<", and an event handler only counts inside something tag-like.
_HOSTILE_PATTERNS = (
    re.compile(r"</?(?:script|iframe|svg|object|embed|style)", re.IGNORECASE),
    # Browsers ignore tabs and line breaks inside a URL scheme, so allow whitespace between letters.
    re.compile(r"\s*".join("javascript") + r"\s*:", re.IGNORECASE),
    re.compile(r"\s*".join("vbscript") + r"\s*:", re.IGNORECASE),
    re.compile(r"data\s*:\s*text/html", re.IGNORECASE),
    # `<img src=x onerror=…`: an on…= attribute before the tag's ">" (or the next "<").
    re.compile(r"<[a-z!/][^<>]*?\bon[a-z]+\s*=", re.IGNORECASE),
    # NUL and the other C0 controls except tab, line feed and carriage return; DEL; and lone
    # surrogates (JSON "\ud800" decodes to one, and it cannot be stored or written as UTF-8).
    re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]"),
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A JSON string (possibly unterminated, in which case it runs to the end) or one bracket.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (a field path; "" for the whole file) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(ValueError):
    """A document that cannot be read or written; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# Reading ------------------------------------------------------------------------------------


def parse_document(raw: bytes | str) -> dict:
    """The normalised `template` of the document in `raw`, or DocumentError with every problem.

    Checks, in order: size (at most MAX_BYTES of UTF-8), encoding, nesting depth (scanned before
    the JSON parser sees the text, so very deep input cannot exhaust the stack), JSON syntax, then
    `validate`. A leading byte-order mark is ignored.
    """
    if isinstance(raw, bytearray | memoryview):
        raw = bytes(raw)
    if isinstance(raw, str):
        too_big = len(raw) > MAX_BYTES or _utf8_size(raw) > MAX_BYTES
    elif isinstance(raw, bytes):
        too_big = len(raw) > MAX_BYTES
    else:
        raise TypeError(f"parse_document() needs bytes or str, not {type(raw).__name__}")
    if too_big:
        _fail("The file is larger than 1 MB")

    text = raw.removeprefix("\ufeff") if isinstance(raw, str) else _decode(raw)
    if not text.strip():
        _fail("The file is empty")
    if _deeper_than(text, MAX_DEPTH):
        _fail(_too_deep())

    duplicates: list[str] = []
    try:
        document = json.loads(
            text, object_pairs_hook=_pairs_hook(duplicates), parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        _fail(f"This is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}")
    except RecursionError:  # not reached after the scan above; kept as a second line of defence
        _fail(_too_deep())
    except _NotJSON as error:
        _fail(f"This is not valid JSON: {error}")
    except ValueError:  # an integer longer than Python will convert (4,300 digits)
        _fail("This is not valid JSON: a number in it has far too many digits")

    problems = [
        Problem("", f"The field {_quoted(key)} appears more than once in the same object")
        for key in dict.fromkeys(duplicates)
    ]
    problems += validate(document)
    if problems:
        raise DocumentError(problems)
    return normalise(document["template"])


def _fail(message: str) -> NoReturn:
    raise DocumentError([Problem("", message)])


def _too_deep() -> str:
    return f"The file is nested too deeply (more than {MAX_DEPTH} levels of brackets)"


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail("The file is saved as UTF-16; save it as UTF-8 and try again")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        _fail(
            f"The file is not UTF-8 text (line {line}: byte 0x{byte:02X} cannot be read); "
            "save it as UTF-8 and try again"
        )


def _deeper_than(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest more than `limit` deep, without recursion."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _pairs_hook(duplicates: list[str]) -> Callable[[list[tuple[str, object]]], dict]:
    def build(pairs: list[tuple[str, object]]) -> dict:
        result: dict = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    return build


class _NotJSON(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    raise _NotJSON(f"{name} is not a JSON number")


# Validating ---------------------------------------------------------------------------------


def validate(document: object) -> list[Problem]:
    """Every problem with `document` (already decoded from JSON); an empty list if it is valid.

    When the format or schema version is wrong nothing inside `template` is checked: the file is
    not one this installation can read, and a list of its "unknown" fields would only mislead.
    """
    check = _Checker()
    top = check.fields(document, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        return check.problems
    readable = True
    if "format" in top:
        value = top["format"]
        if value != FORMAT:
            readable = False
            check.add("format", f'must be "{FORMAT}"; this is not a Practice Mapper template')
    if "schema_version" in top:
        readable = _check_schema_version(check, top["schema_version"]) and readable
    if "exported_at" in top:
        check.text(top["exported_at"], "exported_at", 0, _EXPORTED_AT, nullable=True)
    if readable and "template" in top:
        _check_template(check, top["template"])
    return check.problems


def _check_schema_version(check: _Checker, value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        check.add(
            "schema_version", f"must be the whole number {SCHEMA_VERSION}, not {_kind(value)}"
        )
        return False
    if value > SCHEMA_VERSION:
        check.add(
            "schema_version",
            f"the file was written by a newer version of Practice Mapper (schema {value}); "
            f"this installation reads schema {SCHEMA_VERSION}"
            if value < 10**9
            else f"must be {SCHEMA_VERSION}",
        )
        return False
    if value < SCHEMA_VERSION:
        check.add("schema_version", f"must be {SCHEMA_VERSION} (there is no schema {value})")
        return False
    return True


def _check_template(check: _Checker, value: object) -> None:
    template = check.fields(value, "template", _TEMPLATE_REQUIRED, _TEMPLATE_OPTIONAL)
    if template is None:
        return
    fields = {
        "title": lambda v, p: check.text(v, p, 1, _TITLE),
        "vocabulary": lambda v, p: check.choice(v, p, VOCABULARIES, "a vocabulary"),
        "summary": lambda v, p: check.text(v, p, 1, _SUMMARY),
        "referral": lambda v, p: check.text(v, p, 0, _REFERRAL),
        "learning_objectives": lambda v, p: check.text(v, p, 0, _OBJECTIVES),
        "themes": lambda v, p: check.each(v, p, _THEMES, lambda t, q: check.text(t, q, 1, _THEME)),
        "suggested_minutes": lambda v, p: check.whole_number(v, p, *_MINUTES, nullable=True),
        "family_members": lambda v, p: check.each(v, p, _FAMILY, _family_member(check)),
        "chronology": lambda v, p: check.each(v, p, _CHRONOLOGY, _chronology_entry(check)),
        "prompts": lambda v, p: _check_prompts(check, v, p),
        "example_cards": lambda v, p: check.each(v, p, _EXAMPLE_CARDS, _card(check)),
        "reference": lambda v, p: _check_reference(check, v, p),
    }
    for key, check_field in fields.items():
        if key in template:
            check_field(template[key], f"template.{key}")


def _family_member(check: _Checker) -> ItemCheck:
    def check_member(value: object, path: str) -> None:
        member = check.fields(value, path, ("name", "relation"), ("age",))
        if member is None:
            return
        if "name" in member:
            check.text(member["name"], f"{path}.name", 1, _NAME)
        if "age" in member:
            check.whole_number(member["age"], f"{path}.age", *_AGE, nullable=True)
        if "relation" in member:
            check.text(member["relation"], f"{path}.relation", 1, _RELATION)

    return check_member


def _chronology_entry(check: _Checker) -> ItemCheck:
    def check_entry(value: object, path: str) -> None:
        entry = check.fields(value, path, ("date", "entry"))
        if entry is None:
            return
        if "date" in entry:
            check.iso_date(entry["date"], f"{path}.date")
        if "entry" in entry:
            check.text(entry["entry"], f"{path}.entry", 1, _ENTRY)

    return check_entry


def _card(check: _Checker) -> ItemCheck:
    def check_card(value: object, path: str) -> None:
        card = check.fields(value, path, ("category", "text"), ("source",))
        if card is None:
            return
        if "category" in card:
            check.choice(card["category"], f"{path}.category", CARD_CATEGORIES, "a card category")
        if "text" in card:
            check.text(card["text"], f"{path}.text", 1, _CARD_TEXT)
        if "source" in card:
            check.text(card["source"], f"{path}.source", 0, _SOURCE, nullable=True)

    return check_card


def _check_prompts(check: _Checker, value: object, path: str) -> None:
    if not isinstance(value, dict):
        check.add(path, f"must be an object, not {_kind(value)}")
        return
    for key, text in value.items():
        if key in PROMPT_KEYS:
            check.text(text, _at(path, key), 1, _PROMPT)
        else:
            check.add(
                _at(path, key),
                "is not a prompt this format knows; use one of: " + ", ".join(PROMPT_KEYS),
            )


def _check_reference(check: _Checker, value: object, path: str) -> None:
    if value is None:
        return
    reference = check.fields(value, path, (), ("cards", "pairs", "map_score"), nullable=True)
    if reference is None:
        return
    if "cards" in reference:
        check.each(reference["cards"], f"{path}.cards", _REFERENCE_CARDS, _card(check))
    if "pairs" in reference:
        check.each(reference["pairs"], f"{path}.pairs", _PAIRS, _pair(check))
    if "map_score" in reference and reference["map_score"] is not None:
        score = check.fields(
            reference["map_score"], f"{path}.map_score", ("score",), ("reason",), nullable=True
        )
        if score is not None:
            _check_score_and_reason(check, score, f"{path}.map_score", nullable=False)


def _pair(check: _Checker) -> ItemCheck:
    def check_pair(value: object, path: str) -> None:
        pair = check.fields(value, path, ("statement", "goal"), ("score", "reason"))
        if pair is None:
            return
        for key in ("statement", "goal"):
            if key in pair:
                check.text(pair[key], f"{path}.{key}", 1, _PAIR_TEXT)
        _check_score_and_reason(check, pair, path, nullable=True)

    return check_pair


def _check_score_and_reason(check: _Checker, parent: dict, path: str, *, nullable: bool) -> None:
    if "score" in parent:
        check.whole_number(parent["score"], f"{path}.score", *_SCORE, nullable=nullable)
    if "reason" in parent:
        check.text(parent["reason"], f"{path}.reason", 0, _REASON)


class _Checker:
    """Collects problems; each method checks one value at one path and never raises."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def fields(
        self,
        value: object,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        *,
        nullable: bool = False,
    ) -> dict | None:
        """`value` if it is an object (after reporting unknown and missing keys), else None."""
        if not isinstance(value, dict):
            if not path:
                self.add("", f"The file must hold one JSON object, not {_kind(value)}")
            else:
                either = " or null" if nullable else ""
                self.add(path, f"must be an object{either}, not {_kind(value)}")
            return None
        known = (*required, *optional)
        for key in value:
            if key not in known:
                self.add(_at(path, key), "is not a field this format knows")
        for key in required:
            if key not in value:
                self.add(_at(path, key), "is required")
        return value

    def each(self, value: object, path: str, most: int, check_item: ItemCheck) -> None:
        if not isinstance(value, list):
            self.add(path, f"must be a list, not {_kind(value)}")
            return
        if len(value) > most:
            self.add(path, f"must have at most {most} items (it has {len(value):,})")
        for index, item in enumerate(value):
            check_item(item, f"{path}[{index}]")

    def text(
        self, value: object, path: str, least: int, most: int, *, nullable: bool = False
    ) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, str):
            either = " or null" if nullable else ""
            self.add(path, f"must be text{either}, not {_kind(value)}")
            return
        if is_hostile(value):
            self.add(path, HOSTILE)
        length = len(clean_text(value))
        if length < least:
            self.add(path, "must not be empty")
        elif length > most:
            self.add(path, f"must be at most {most:,} characters long (it is {length:,})")

    def whole_number(
        self, value: object, path: str, least: int, most: int, *, nullable: bool = False
    ) -> None:
        if value is None and nullable:
            return
        rule = f"must be a whole number from {least} to {most}"
        if isinstance(value, bool) or not isinstance(value, int):
            either = " or null" if nullable else ""
            self.add(path, f"{rule}{either}, not {_kind(value)}")
        elif not least <= value <= most:
            self.add(path, f"{rule} (it is {value})" if abs(value) < 10**9 else rule)

    def choice(self, value: object, path: str, options: tuple[str, ...], what: str) -> None:
        listed = ", ".join(options)
        if not isinstance(value, str):
            self.add(path, f"must be {what} ({listed}), not {_kind(value)}")
        elif is_hostile(value):
            self.add(path, HOSTILE)
        elif clean_text(value) not in options:
            self.add(
                path,
                f"{_quoted(clean_text(value))} is not {what} this format knows; "
                f"use one of: {listed}",
            )

    def iso_date(self, value: object, path: str) -> None:
        rule = "must be a date written as YYYY-MM-DD, for example 2026-03-01"
        if not isinstance(value, str):
            self.add(path, f"{rule}, not {_kind(value)}")
            return
        if is_hostile(value):
            self.add(path, HOSTILE)
            return
        text = clean_text(value)
        if not _ISO_DATE.fullmatch(text):
            self.add(path, rule)
            return
        try:
            date.fromisoformat(text)
        except ValueError:
            self.add(path, f"is not a real date ({text} is not on the calendar)")


def is_hostile(text: str) -> bool:
    """Whether `text` holds tag-like script content or control characters."""
    return any(pattern.search(text) for pattern in _HOSTILE_PATTERNS)


def clean_text(text: str) -> str:
    """`text` with line endings made "\\n" and surrounding whitespace removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _kind(value: object) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _quoted(text: object, most: int = 40) -> str:
    text = str(text)
    if len(text) > most:
        text = text[:most] + "…"
    return json.dumps(text, ensure_ascii=False)


def _at(path: str, key: object) -> str:
    """The path of `key` inside `path`: `a.b`, or `a["odd key"]` when the key is not a name."""
    if isinstance(key, str) and _IDENTIFIER.fullmatch(key) and len(key) <= 40:
        return f"{path}.{key}" if path else key
    return f"{path}[{_quoted(key)}]"


# Normalising and writing --------------------------------------------------------------------


def normalise(template: dict) -> dict:
    """The canonical form of a `template` that passes validation.

    Every key in the documented order, optional ones filled with their defaults ("", [], {} or
    None); text stripped of surrounding whitespace with line endings made "\\n"; themes without
    case-insensitive duplicates (the first spelling is kept); prompts in PROMPT_KEYS order; an
    empty card source made null. Normalising a normalised template changes nothing.
    """

    def text(value: str | None) -> str:
        return clean_text(value) if value else ""

    def card(value: dict) -> dict:
        source = value.get("source")
        return {
            "category": text(value["category"]),
            "text": text(value["text"]),
            "source": text(source) or None,
        }

    themes: dict[str, str] = {}
    for theme in template.get("themes") or []:
        themes.setdefault(text(theme).casefold(), text(theme))

    prompts = template.get("prompts") or {}
    reference = template.get("reference")
    if reference is not None:
        map_score = reference.get("map_score")
        reference = {
            "cards": [card(c) for c in reference.get("cards") or []],
            "pairs": [
                {
                    "statement": text(p["statement"]),
                    "goal": text(p["goal"]),
                    "score": p.get("score"),
                    "reason": text(p.get("reason")),
                }
                for p in reference.get("pairs") or []
            ],
            "map_score": None
            if map_score is None
            else {"score": map_score["score"], "reason": text(map_score.get("reason"))},
        }

    return {
        "title": text(template["title"]),
        "vocabulary": text(template["vocabulary"]),
        "summary": text(template["summary"]),
        "referral": text(template.get("referral")),
        "learning_objectives": text(template.get("learning_objectives")),
        "themes": list(themes.values()),
        "suggested_minutes": template.get("suggested_minutes"),
        "family_members": [
            {"name": text(m["name"]), "age": m.get("age"), "relation": text(m["relation"])}
            for m in template.get("family_members") or []
        ],
        "chronology": [
            {"date": text(e["date"]), "entry": text(e["entry"])}
            for e in template.get("chronology") or []
        ],
        "prompts": {key: text(prompts[key]) for key in PROMPT_KEYS if key in prompts},
        "example_cards": [card(c) for c in template.get("example_cards") or []],
        "reference": reference,
    }


def dump_document(template: dict, *, exported_at: datetime | None = None) -> str:
    """The JSON text of a document holding `template`, normalised first.

    Keys in the documented order, two-space indent, non-ASCII written as itself, a trailing
    newline. `exported_at` must carry a timezone; without one the key is left out. Raises
    DocumentError if the template would not pass validation or the file would exceed 1 MB, so
    every file written here can be read back.
    """
    document: dict = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    if exported_at is not None:
        if exported_at.tzinfo is None or exported_at.utcoffset() is None:
            raise ValueError("exported_at must be timezone-aware")
        document["exported_at"] = exported_at.isoformat(timespec="seconds")
    document["template"] = template
    problems = validate(document)
    if problems:
        raise DocumentError(problems)
    document["template"] = normalise(template)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if _utf8_size(text) > MAX_BYTES:
        _fail("The file would be larger than 1 MB")
    return text
