"""The file format in which councils exchange exercise templates (schema version 1).

One JSON document holds one template: a fictional case scenario, starter prompts, example cards
and an optional reference map. `parse_document` reads a file and returns the template in its
canonical form, or raises `DocumentError` listing every problem by field path; `dump_document`
writes one. The format is described for other councils in docs/template-format.md, and its shape
in the JSON Schema docs/template-format.schema.json, which `validate` checks with `jsonschema`.
What a schema cannot say is checked here: file size, encoding, nesting depth, repeated keys,
numbers that are not JSON, and hostile text.

Standalone on purpose: the standard library and `jsonschema` only, so the format can be checked
without the app (no Flask, no database, no models). The card categories and vocabularies are the
schema's lists, which a test keeps equal to the models' Category and Vocabulary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

FORMAT = "practice-mapper-template"
SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
MAX_DEPTH = 10

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "template-format.schema.json"
SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_DEFINITIONS: dict = SCHEMA["$defs"]

CARD_CATEGORIES: tuple[str, ...] = tuple(_DEFINITIONS["category"]["enum"])
VOCABULARIES: tuple[str, ...] = tuple(_DEFINITIONS["vocabulary"]["enum"])
PROMPT_KEYS: tuple[str, ...] = tuple(
    _DEFINITIONS["template"]["properties"]["prompts"]["properties"]
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

# A location in a document: object keys and list indexes from the top.
Segments = tuple[str | int, ...]


def _whole_number(checker: object, instance: object) -> bool:
    # JSON Schema counts 4.0 as an integer; the format wants a whole number written as one.
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number),
)
_VALIDATOR = _Validator(SCHEMA, format_checker=FormatChecker(formats=["date"]))

# What a choice field holds, in words, by its key.
_CHOICES = {"category": "a card category", "vocabulary": "a vocabulary"}
_DATE_RULE = "must be a date written as YYYY-MM-DD, for example 2026-03-01"
_UNREADABLE = ("format", "schema_version")


@dataclass(frozen=True)
class _Found:
    """A problem before it is put in order: where, what, and how it sorts among its siblings."""

    at: Segments
    message: str
    keyword: str
    missing: bool = False


def validate(document: object) -> list[Problem]:
    """Every problem with `document` (already decoded from JSON); an empty list if it is valid.

    The shape is checked against docs/template-format.schema.json (text is compared with its
    surrounding whitespace removed); hostile text is checked here. Problems come in the order of
    the document's fields, unknown fields first. When the format or schema version is wrong
    nothing inside `template` is checked: the file is not one this installation can read, and a
    list of its "unknown" fields would only mislead.
    """
    if isinstance(document, dict):
        document = {
            key: _cleaned(value) if key in ("template", "exported_at") else value
            for key, value in document.items()
        }
    found: list[_Found] = []
    for error in _VALIDATOR.iter_errors(document):
        found += _explain(error)
    # One reason per value: a wrong type says it all, and a badly written date is not a real one.
    typed = {f.at for f in found if f.keyword == "type"}
    patterned = {f.at for f in found if f.keyword == "pattern"}
    found = [
        f
        for f in found
        if not (f.at in typed and f.keyword != "type")
        and not (f.at in patterned and f.keyword == "format")
    ]
    unreadable = any(f.at in [(key,) for key in _UNREADABLE] for f in found)
    if unreadable:
        found = [f for f in found if f.at[:1] != ("template",) or f.at == ("template",)]
    else:
        found = _with_hostile_text(document, found)
    return _in_order(found)


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


def _explain(error: ValidationError) -> list[_Found]:
    """The schema's `error` as problems in plain words, each at its field's path."""
    at: Segments = tuple(error.absolute_path)
    rule, value = error.validator, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if rule == "required":
        return [
            _Found((*at, key), "is required", "required", missing=True)
            for key in error.validator_value
            if isinstance(value, dict) and key not in value
        ]
    if rule == "additionalProperties" and isinstance(value, dict):
        known = schema.get("properties", {})
        unknown = (
            "is not a prompt this format knows; use one of: " + ", ".join(PROMPT_KEYS)
            if at[-1:] == ("prompts",)
            else "is not a field this format knows"
        )
        return [_Found((*at, key), unknown, rule) for key in value if key not in known]
    return [_Found(at, _message(rule, value, schema, at), str(rule))]


def _message(rule: object, value: object, schema: dict, at: Segments) -> str:
    name = str(at[-1]) if at else ""
    if rule == "type":
        return _type_message(value, schema, at)
    if rule == "const":
        return _const_message(value, name, at)
    if rule == "enum":
        listed = ", ".join(schema["enum"])
        what = _CHOICES.get(name, "a choice")
        return f"{_quoted(value)} is not {what} this format knows; use one of: {listed}"
    if rule in ("minLength", "pattern") and "minLength" in schema:
        return "must not be empty"
    if rule == "pattern":
        return _DATE_RULE
    if rule == "format":
        return f"is not a real date ({value} is not on the calendar)"
    return _limit_message(rule, value, schema)


def _const_message(value: object, name: str, at: Segments) -> str:
    if name == "format":
        return f'must be "{FORMAT}"; this is not a Practice Mapper template'
    if not isinstance(value, int) or isinstance(value, bool):
        return _type_message(value, {"type": "integer"}, at)
    if value < SCHEMA_VERSION:
        return f"must be {SCHEMA_VERSION} (there is no schema {value})"
    if value >= 10**9:
        return f"must be {SCHEMA_VERSION}"
    return (
        f"the file was written by a newer version of Practice Mapper (schema {value}); "
        f"this installation reads schema {SCHEMA_VERSION}"
    )


def _limit_message(rule: object, value: object, schema: dict) -> str:
    if rule == "maxLength" and isinstance(value, str):
        return f"must be at most {schema['maxLength']:,} characters long (it is {len(value):,})"
    if rule == "maxItems" and isinstance(value, list):
        return f"must have at most {schema['maxItems']} items (it has {len(value):,})"
    if rule in ("minimum", "maximum") and isinstance(value, int):
        number = f"must be a whole number from {schema['minimum']} to {schema['maximum']}"
        return f"{number} (it is {value})" if abs(value) < 10**9 else number
    return "is not allowed here"  # every keyword the schema uses is explained above


def _type_message(value: object, schema: dict, at: Segments) -> str:
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    either = " or null" if "null" in kinds else ""
    what = f"{either}, not {_kind(value)}"
    if not at:
        return f"The file must hold one JSON object, not {_kind(value)}"
    if at == ("schema_version",):
        return f"must be the whole number {SCHEMA_VERSION}, not {_kind(value)}"
    if "enum" in schema:
        listed = ", ".join(schema["enum"])
        return f"must be {_CHOICES.get(str(at[-1]), 'a choice')} ({listed}){what}"
    if "format" in schema:
        return f"{_DATE_RULE}{what}"
    if "integer" in kinds:
        return f"must be a whole number from {schema['minimum']} to {schema['maximum']}{what}"
    words = {"string": "text", "object": "an object", "array": "a list"}
    return f"must be {words[kinds[0]]}{what}"


def _with_hostile_text(document: object, found: list[_Found]) -> list[_Found]:
    """`found` with a problem for every piece of hostile text, in place of a choice or date."""
    # Nothing inside a field of the wrong type or an unknown field is looked at.
    unread = {f.at for f in found if f.keyword in ("type", "additionalProperties")}
    hostile: set[Segments] = set()
    for at, text in _texts(document, ()):
        inside_unread = any(at[:n] in unread for n in range(1, len(at) + 1))
        if at[:1] in (("template",), ("exported_at",)) and not inside_unread and is_hostile(text):
            hostile.add(at)
    replaced = ("enum", "pattern", "format")
    kept = [f for f in found if not (f.at in hostile and f.keyword in replaced)]
    return [_Found(at, HOSTILE, "hostile") for at in hostile] + kept


def _texts(value: object, at: Segments) -> Iterator[tuple[Segments, str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*at, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*at, key))


def _in_order(found: list[_Found]) -> list[Problem]:
    """Problems in the order of the fields they are about, each once.

    At every level: unknown fields (in the file's order), then missing ones, then the rest in the
    schema's order; a problem with a field comes before problems inside it, hostile text first.
    """

    def sort_key(item: tuple[int, _Found]) -> tuple:
        position, problem = item
        steps: list[tuple] = []
        schema: dict = SCHEMA
        for depth, segment in enumerate(problem.at):
            schema = _resolved(schema)
            if isinstance(segment, int):
                steps.append((2, segment, 0))
                schema = schema.get("items", {})
                continue
            known = list(schema.get("properties", {}))
            last = depth == len(problem.at) - 1
            if segment not in known:
                steps.append((0, position, 0))
            else:
                steps.append((1 if last and problem.missing else 2, known.index(segment), 0))
            schema = schema.get("properties", {}).get(segment, {})
        return (*steps, (-1, 0 if problem.keyword == "hostile" else 1, position))

    problems: list[Problem] = []
    for _, problem in sorted(enumerate(found), key=sort_key):
        readable = Problem(_path(problem.at), problem.message)
        if readable not in problems:
            problems.append(readable)
    return problems


def _resolved(schema: dict) -> dict:
    while "$ref" in schema:
        schema = _DEFINITIONS[schema["$ref"].removeprefix("#/$defs/")]
    return schema


def _path(at: Segments) -> str:
    path = ""
    for segment in at:
        path = f"{path}[{segment}]" if isinstance(segment, int) else _at(path, segment)
    return path


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
