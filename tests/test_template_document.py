"""The template exchange format (app/library/document.py): reading, checking, tidying, writing.

Plain functions, no app or database: the module is standard library only.
"""

import ast
import copy
import json
import re
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from app.library import document
from app.library.document import (
    CARD_CATEGORIES,
    FORMAT,
    MAX_BYTES,
    MAX_DEPTH,
    PROMPT_KEYS,
    SCHEMA_VERSION,
    DocumentError,
    Problem,
    dump_document,
    normalise,
    parse_document,
    validate,
)

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "contains markup or characters that are not allowed in a template"
EXPORTED = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def full_template() -> dict:
    """Every field present, with the untidiness import has to cope with."""
    return {
        "title": "  Kayla, 4: arguments at home \n",
        "vocabulary": "child_protection",
        "summary": "\tPractise sorting harm from danger. ",
        "referral": "Police were called on **2 March**.\r\n\r\n- broken table\r\n- Kayla crying\r\n",
        "learning_objectives": "1. tell harm from danger\n2. write one danger statement",
        "themes": ["domestic abuse", " Early years ", "Domestic Abuse", "early YEARS", "housing"],
        "suggested_minutes": 45,
        "family_members": [
            {"name": " Kayla Morris ", "age": 4, "relation": "Child"},
            {"name": "Jade Morris", "age": None, "relation": "Mother"},
            {"name": "Dean Carter", "relation": "Mother's partner"},
        ],
        "chronology": [
            {"date": "2026-01-14", "entry": "Nursery notes Kayla is quiet after weekends."},
            {"date": " 2026-03-02 ", "entry": "Police attend after a neighbour hears a crash."},
        ],
        "prompts": {
            "goals": "What will the adults be doing, and for how long?",
            "harm": " What has already happened to Kayla? ",
        },
        "example_cards": [
            {"category": "harm", "text": "Kayla was crying on the stairs.", "source": "Police"},
            {"category": "existing_strength", "text": "Pauline collects Kayla twice a week."},
            {"category": "house_of_dreams", "text": "“A big garden with a swing.”", "source": " "},
        ],
        "reference": {
            "cards": [{"category": "existing_safety", "text": "Jade moved to her mum's."}],
            "pairs": [
                {
                    "statement": "The nursery is worried that Kayla will see more fights.",
                    "goal": "Jade will keep disagreements away from Kayla for six months.",
                    "score": 4,
                    "reason": "Safety is new.",
                },
                {"statement": "Second worry.", "goal": "Second goal."},
            ],
            "map_score": {"score": 4},
        },
    }


def minimal_template() -> dict:
    return {"title": "Kayla", "vocabulary": "early_help", "summary": "A short exercise."}


def wrap(template: object, **top: object) -> dict:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "template": template, **top}


def encode(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def problems_in(raw: bytes | str) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        parse_document(raw)
    assert caught.value.problems, "a DocumentError must carry at least one problem"
    return [(p.path, p.message) for p in caught.value.problems]


def changed(change) -> str:
    """The full template's document, as JSON, after `change(template)`."""
    template = full_template()
    change(template)
    return encode(wrap(template))


# A valid document ---------------------------------------------------------------------------


def test_a_full_document_parses_into_its_tidy_canonical_form():
    template = parse_document(encode(wrap(full_template(), exported_at="2026-11-25T14:00:00Z")))

    assert template["title"] == "Kayla, 4: arguments at home"
    assert template["summary"] == "Practise sorting harm from danger."
    assert (
        template["referral"]
        == "Police were called on **2 March**.\n\n- broken table\n- Kayla crying"
    )
    # Duplicates differ only in capitals and spaces; the first spelling stays, in first-seen order.
    assert template["themes"] == ["domestic abuse", "Early years", "housing"]
    assert template["family_members"] == [
        {"name": "Kayla Morris", "age": 4, "relation": "Child"},
        {"name": "Jade Morris", "age": None, "relation": "Mother"},
        {"name": "Dean Carter", "age": None, "relation": "Mother's partner"},
    ]
    assert template["chronology"][1] == {
        "date": "2026-03-02",
        "entry": "Police attend after a neighbour hears a crash.",
    }
    # Prompts come back in PROMPT_KEYS order, whatever order the file used.
    assert list(template["prompts"]) == ["harm", "goals"]
    assert template["prompts"]["harm"] == "What has already happened to Kayla?"
    assert [c["source"] for c in template["example_cards"]] == ["Police", None, None]
    assert template["reference"]["cards"] == [
        {"category": "existing_safety", "text": "Jade moved to her mum's.", "source": None}
    ]
    assert template["reference"]["pairs"][1] == {
        "statement": "Second worry.",
        "goal": "Second goal.",
        "score": None,
        "reason": "",
    }
    assert template["reference"]["map_score"] == {"score": 4, "reason": ""}


def test_a_minimal_document_gets_every_default():
    assert parse_document(encode(wrap(minimal_template()))) == {
        "title": "Kayla",
        "vocabulary": "early_help",
        "summary": "A short exercise.",
        "referral": "",
        "learning_objectives": "",
        "themes": [],
        "suggested_minutes": None,
        "family_members": [],
        "chronology": [],
        "prompts": {},
        "example_cards": [],
        "reference": None,
    }


def test_normalise_keeps_the_documented_key_order_and_changes_nothing_the_second_time():
    once = normalise(full_template())
    assert list(once) == [
        "title",
        "vocabulary",
        "summary",
        "referral",
        "learning_objectives",
        "themes",
        "suggested_minutes",
        "family_members",
        "chronology",
        "prompts",
        "example_cards",
        "reference",
    ]
    assert normalise(copy.deepcopy(once)) == once


def test_validate_returns_no_problems_for_valid_documents():
    assert validate(wrap(full_template())) == []
    assert validate(wrap(minimal_template(), exported_at=None)) == []
    template = minimal_template() | {"reference": {}, "prompts": {k: "Ask." for k in PROMPT_KEYS}}
    assert validate(wrap(template)) == []


def test_every_category_and_both_vocabularies_are_accepted():
    template = minimal_template() | {
        "vocabulary": "child_protection",
        "example_cards": [{"category": c, "text": "A card."} for c in CARD_CATEGORIES],
    }
    parsed = parse_document(encode(wrap(template)))
    assert [c["category"] for c in parsed["example_cards"]] == list(CARD_CATEGORIES)


def test_the_example_in_the_documentation_is_a_valid_document():
    text = (ROOT / "docs" / "template-format.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1)
    template = parse_document(example)
    assert template["vocabulary"] == "child_protection"
    assert len(template["reference"]["pairs"]) == 1
    # The documented canonical form is what export writes (apart from the compact one-liners).
    assert json.loads(dump_document(template, exported_at=EXPORTED)) == json.loads(example)


def test_text_and_bytes_with_a_byte_order_mark_are_both_read():
    text = encode(wrap(minimal_template()))
    assert parse_document(text) == parse_document(text.encode())
    assert parse_document("\ufeff" + text)["title"] == "Kayla"
    assert parse_document(b"\xef\xbb\xbf" + text.encode())["title"] == "Kayla"
    assert parse_document(bytearray(text.encode()))["title"] == "Kayla"


def test_exported_at_is_optional_and_otherwise_ignored():
    for value in ("2026-11-25T14:00:00+00:00", "last Tuesday", None):
        assert parse_document(encode(wrap(minimal_template(), exported_at=value)))["title"]


# Prose is not hostile -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "prose",
    [
        "Children aged < 5 & their older siblings",
        "Scaled 3 -> 5 after the meeting; 5 > 3",
        "Mum <3 Kayla, she wrote on the card",
        'a<b and c>d, Tom & Jerry\'s "favourite" show',
        "The <b>nursery</b> said: one = two, online = fine",
        "Session on = Monday; on-call team: 9am",
        "Read javascript tutorials; the script was fine",
        "Tab\tseparated\nlines\r\nand [[[[[[[[[[[[brackets]]]]]]]]]]]] {{{{{{{{{{{{ in text",
    ],
)
def test_prose_with_angle_brackets_and_ampersands_is_accepted(prose):
    template = minimal_template() | {"summary": prose, "referral": prose}
    template["example_cards"] = [{"category": "grey_area", "text": prose, "source": prose[:200]}]
    assert parse_document(encode(wrap(template)))["summary"] == document.clean_text(prose)


# Round trip ---------------------------------------------------------------------------------


def unicode_template() -> dict:
    template = full_template()
    template["title"] = "Zoë and Łukasz → £40 a week 🏠"
    template["family_members"] = [
        {"name": "Zoë Ó Briain", "age": 7, "relation": "Child"},
        {"name": "Łukasz Wiśniewski", "age": 34, "relation": "Father"},
        {"name": "فاطمة الزهراء", "age": 31, "relation": "Mother"},
        {"name": "Νίκος Παπαδόπουλος", "age": None, "relation": "Neighbour 👋"},
    ]
    template["themes"] = ["money worries £", "ÉCOLE", "école"]
    return template


def test_dump_then_parse_then_dump_gives_identical_text_and_keeps_unicode():
    first = dump_document(unicode_template(), exported_at=EXPORTED)
    again = dump_document(parse_document(first), exported_at=EXPORTED)
    assert again == first
    assert dump_document(parse_document(first.encode("utf-8")), exported_at=EXPORTED) == first

    for text in ("Zoë", "Łukasz Wiśniewski", "فاطمة الزهراء", "Νίκος", "🏠", "👋", "£", "→"):
        assert text in first  # written as itself, not as \u escapes
    parsed = parse_document(first)
    assert parsed["title"] == "Zoë and Łukasz → £40 a week 🏠"
    assert parsed["family_members"][2]["name"] == "فاطمة الزهراء"
    assert parsed["themes"] == ["money worries £", "ÉCOLE"]


def test_dump_writes_the_documented_layout():
    text = dump_document(minimal_template(), exported_at=EXPORTED)
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text.startswith(
        "{\n"
        '  "format": "practice-mapper-template",\n'
        '  "schema_version": 1,\n'
        '  "exported_at": "2026-11-25T14:00:00+00:00",\n'
        '  "template": {\n'
        '    "title": "Kayla",\n'
        '    "vocabulary": "early_help",\n'
    )
    keys = list(json.loads(text)["template"])
    assert keys == list(normalise(minimal_template()))  # documented order, not alphabetical
    assert keys != sorted(keys)


def test_dump_writes_exported_at_with_its_timezone_or_leaves_it_out():
    ist = timezone(timedelta(hours=5, minutes=30))
    text = dump_document(minimal_template(), exported_at=datetime(2026, 3, 1, 9, 5, tzinfo=ist))
    assert json.loads(text)["exported_at"] == "2026-03-01T09:05:00+05:30"
    assert "exported_at" not in json.loads(dump_document(minimal_template()))
    with pytest.raises(ValueError, match="timezone"):
        dump_document(minimal_template(), exported_at=datetime(2026, 3, 1, 9, 5))


def test_dump_refuses_a_template_that_import_would_refuse():
    with pytest.raises(DocumentError) as caught:
        dump_document(minimal_template() | {"title": "", "suggested_minutes": 2})
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("template.title", "must not be empty"),
        ("template.suggested_minutes", "must be a whole number from 5 to 480 (it is 2)"),
    ]


def test_dump_refuses_a_template_whose_file_would_be_over_1_mb():
    long = "x" * 2_000
    template = minimal_template() | {
        "chronology": [{"date": "2026-01-01", "entry": long}] * 200,
        "example_cards": [{"category": "harm", "text": long}] * 100,
        "reference": {"cards": [{"category": "harm", "text": long}] * 300},
    }
    assert validate(wrap(template)) == []
    with pytest.raises(DocumentError, match="larger than 1 MB"):
        dump_document(template)


# Malformed documents: each names the field and says what is wrong ---------------------------

MALFORMED = {
    "not JSON": (
        '{\n  "format": "practice-mapper-template",\n  "schema_version": 1\n  "template": {}\n}',
        [("", "This is not valid JSON (line 4, column 3): Expecting ',' delimiter")],
    ),
    "empty file": (" \n ", [("", "The file is empty")]),
    "JSON but an array": (
        encode([wrap(minimal_template())]),
        [("", "The file must hold one JSON object, not a list")],
    ),
    "JSON but a string": ('"hello"', [("", "The file must hold one JSON object, not text")]),
    "wrong format, and then nothing inside is checked": (
        encode(wrap({"title": 5, "colour": "red"}) | {"format": "practice-mapper-map"}),
        [("format", 'must be "practice-mapper-template"; this is not a Practice Mapper template')],
    ),
    "schema version 2": (
        encode(wrap({"title": "New", "new_field": True}) | {"schema_version": 2}),
        [
            (
                "schema_version",
                "the file was written by a newer version of Practice Mapper (schema 2); "
                "this installation reads schema 1",
            )
        ],
    ),
    "schema version as text": (
        encode(wrap(minimal_template()) | {"schema_version": "1"}),
        [("schema_version", "must be the whole number 1, not text")],
    ),
    "schema version 0": (
        encode(wrap(minimal_template()) | {"schema_version": 0}),
        [("schema_version", "must be 1 (there is no schema 0)")],
    ),
    "missing template": (
        encode({"format": FORMAT, "schema_version": 1}),
        [("template", "is required")],
    ),
    "unknown top-level key": (
        encode(wrap(minimal_template(), author="Sam")),
        [("author", "is not a field this format knows")],
    ),
    "unknown nested key": (
        changed(lambda t: t["family_members"][1].update(date_of_birth="2022-01-01")),
        [("template.family_members[1].date_of_birth", "is not a field this format knows")],
    ),
    "unknown key that is not a name": (
        changed(lambda t: t["reference"].update({"map score": 3})),
        [('template.reference["map score"]', "is not a field this format knows")],
    ),
    "missing nested field": (
        changed(lambda t: t["chronology"][0].pop("date")),
        [("template.chronology[0].date", "is required")],
    ),
    "age as text": (
        changed(lambda t: t["family_members"][0].update(age="4")),
        [
            (
                "template.family_members[0].age",
                "must be a whole number from 0 to 120 or null, not text",
            )
        ],
    ),
    "score true": (
        changed(lambda t: t["reference"]["pairs"][0].update(score=True)),
        [
            (
                "template.reference.pairs[0].score",
                "must be a whole number from 0 to 10 or null, not true or false",
            )
        ],
    ),
    "score with a decimal point": (
        changed(lambda t: t["reference"]["map_score"].update(score=4.0)),
        [
            (
                "template.reference.map_score.score",
                "must be a whole number from 0 to 10, not a decimal number",
            )
        ],
    ),
    "title as a list": (
        changed(lambda t: t.update(title=["Kayla"])),
        [("template.title", "must be text, not a list")],
    ),
    "score 11": (
        changed(lambda t: t["reference"]["pairs"][0].update(score=11)),
        [("template.reference.pairs[0].score", "must be a whole number from 0 to 10 (it is 11)")],
    ),
    "age -1": (
        changed(lambda t: t["family_members"][2].update(age=-1)),
        [("template.family_members[2].age", "must be a whole number from 0 to 120 (it is -1)")],
    ),
    "30 February": (
        changed(lambda t: t["chronology"][1].update(date="2026-02-30")),
        [("template.chronology[1].date", "is not a real date (2026-02-30 is not on the calendar)")],
    ),
    "date in British order": (
        changed(lambda t: t["chronology"][0].update(date="01/03/2026")),
        [
            (
                "template.chronology[0].date",
                "must be a date written as YYYY-MM-DD, for example 2026-03-01",
            )
        ],
    ),
    "unknown card category": (
        changed(lambda t: t["example_cards"][1].update(category="danger")),
        [
            (
                "template.example_cards[1].category",
                '"danger" is not a card category this format knows; use one of: '
                + ", ".join(CARD_CATEGORIES),
            )
        ],
    ),
    "unknown vocabulary": (
        changed(lambda t: t.update(vocabulary="Child protection")),
        [
            (
                "template.vocabulary",
                '"Child protection" is not a vocabulary this format knows; '
                "use one of: child_protection, early_help",
            )
        ],
    ),
    "unknown prompt key": (
        changed(lambda t: t["prompts"].update(worries="What worries you?")),
        [
            (
                "template.prompts.worries",
                "is not a prompt this format knows; use one of: " + ", ".join(PROMPT_KEYS),
            )
        ],
    ),
    "empty prompt": (
        changed(lambda t: t["prompts"].update(harm="   ")),
        [("template.prompts.harm", "must not be empty")],
    ),
    "over-long title": (
        changed(lambda t: t.update(title="T" * 201)),
        [("template.title", "must be at most 200 characters long (it is 201)")],
    ),
    "too many themes": (
        changed(lambda t: t.update(themes=[f"theme {n}" for n in range(21)])),
        [("template.themes", "must have at most 20 items (it has 21)")],
    ),
    "reference as a list": (
        changed(lambda t: t.update(reference=[])),
        [("template.reference", "must be an object or null, not a list")],
    ),
    "the same key twice": (
        encode(wrap(minimal_template())).replace('"title": "Kayla"', '"title": "A", "title": "B"'),
        [("", 'The field "title" appears more than once in the same object')],
    ),
    "NaN": (
        encode(wrap(minimal_template())).replace('ise."}', 'ise.", "x": NaN}'),
        [("", "This is not valid JSON: NaN is not a JSON number")],
    ),
    "script tag in the referral": (
        changed(lambda t: t.update(referral="Kayla said\n<script>alert(1)</script>")),
        [("template.referral", HOSTILE)],
    ),
    "javascript: in a card": (
        changed(lambda t: t["reference"]["cards"][0].update(text="See javascript:alert(1)")),
        [("template.reference.cards[0].text", HOSTILE)],
    ),
    "NUL character": (
        changed(lambda t: t.update(summary="Kayla\x00")),
        [("template.summary", HOSTILE)],
    ),
    "event handler in a name": (
        changed(lambda t: t["family_members"][0].update(name="<img src=x onerror=alert(1)>")),
        [("template.family_members[0].name", HOSTILE)],
    ),
    "bytes that are not UTF-8": (
        encode(wrap(minimal_template())).encode().replace(b"Kayla", b"Zo\xeb"),
        [
            (
                "",
                "The file is not UTF-8 text (line 1: byte 0xEB cannot be read); "
                "save it as UTF-8 and try again",
            )
        ],
    ),
    "UTF-16": (
        encode(wrap(minimal_template())).encode("utf-16"),
        [("", "The file is saved as UTF-16; save it as UTF-8 and try again")],
    ),
}


@pytest.mark.parametrize(("raw", "expected"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_document_is_refused_with_the_field_and_the_reason(raw, expected):
    assert problems_in(raw) == expected


def test_several_problems_are_reported_at_once():
    def break_it(template):
        template["title"] = ""
        template["colour"] = "blue"
        template["family_members"][0]["age"] = 130
        template["chronology"][0]["date"] = "2026-13-01"
        template["example_cards"][2]["category"] = "house_of_fears"
        template["reference"]["pairs"][1]["goal"] = None
        template["prompts"]["harm"] = "<iframe src=//example.org>"

    found = problems_in(changed(break_it))
    assert len(found) >= 3
    assert found == [
        ("template.colour", "is not a field this format knows"),
        ("template.title", "must not be empty"),
        ("template.family_members[0].age", "must be a whole number from 0 to 120 (it is 130)"),
        ("template.chronology[0].date", "is not a real date (2026-13-01 is not on the calendar)"),
        ("template.prompts.harm", HOSTILE),
        (
            "template.example_cards[2].category",
            '"house_of_fears" is not a card category this format knows; use one of: '
            + ", ".join(CARD_CATEGORIES),
        ),
        ("template.reference.pairs[1].goal", "must be text, not null"),
    ]


def test_problems_in_the_top_level_and_the_template_come_together():
    found = problems_in(encode({"format": FORMAT, "schema_version": 1, "template": {}, "x": 1}))
    assert found == [
        ("x", "is not a field this format knows"),
        ("template.title", "is required"),
        ("template.vocabulary", "is required"),
        ("template.summary", "is required"),
    ]


def test_a_file_over_1_mb_is_refused_before_it_is_read():
    padding = " " * (MAX_BYTES + 1 - len(encode(wrap(minimal_template()))))
    raw = encode(wrap(minimal_template())) + padding
    assert len(raw.encode()) == MAX_BYTES + 1
    assert problems_in(raw) == [("", "The file is larger than 1 MB")]
    assert problems_in(raw.encode()) == [("", "The file is larger than 1 MB")]
    assert parse_document(raw[:-1])["title"] == "Kayla"  # exactly 1,000,000 bytes is allowed
    # Counted in UTF-8 bytes, not characters: 400,000 × "€" is 1.2 MB.
    assert problems_in("€" * 400_000) == [("", "The file is larger than 1 MB")]


TOO_DEEP = f"The file is nested too deeply (more than {MAX_DEPTH} levels of brackets)"


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 5000 + "]" * 5000,
        "[" * 5000,
        b"[" * 900_000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        encode(wrap(minimal_template())).replace('"Kayla"', "[" * 100_000 + "]" * 100_000),
    ],
    ids=["5000 closed lists", "5000 unclosed lists", "900,000 lists", "5000 objects", "inside"],
)
def test_deep_nesting_is_refused_without_crashing(raw):
    assert problems_in(raw) == [("", TOO_DEEP)]


def test_nesting_is_counted_outside_strings_only_and_up_to_the_limit():
    assert problems_in("[" * MAX_DEPTH + "]" * MAX_DEPTH) == [
        ("", "The file must hold one JSON object, not a list")
    ]
    assert problems_in("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == [("", TOO_DEEP)]
    # A quotation mark inside a string (written \" in the file) does not end the string.
    brackets = minimal_template() | {"summary": '[[[[[[[[[[[[ {{{{{{{{{{{{ "quoted" [[[['}
    raw = encode(wrap(brackets))
    assert '\\"quoted\\"' in raw
    assert parse_document(raw)["summary"] == brackets["summary"]


def test_the_json_reader_never_recurses_past_the_depth_check(monkeypatch):
    """Even if the scan missed something, a RecursionError becomes a problem, not a crash."""
    monkeypatch.setattr(document, "_deeper_than", lambda text, limit: False)
    assert problems_in("[" * 100_000 + "]" * 100_000) == [("", TOO_DEEP)]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<SCRIPT src=//example.org/x.js>",
        "text </script> text",
        '<iframe src="//example.org">',
        "<svg/onload=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<a href=# onclick = 'go()'>here</a>",
        "<div\nonmouseover=alert(1)>",
        "javascript:alert(1)",
        "JavaScript :alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "<object data=x>",
        "<embed src=x>",
        "<style>body{display:none}</style>",
        "Kayla\x00",
        "bell\x07",
        "escape \x1b[31m red",
        "form\x0cfeed",
        "delete\x7f",
        "half a pair \ud800",
    ],
)
def test_hostile_text_is_refused_in_any_text_field(hostile):
    template = full_template()
    template["example_cards"][0]["source"] = hostile
    template["themes"] = ["fine", hostile[:40]]
    raw = json.dumps(wrap(template))  # ASCII escapes, so a lone surrogate is written as \ud800
    assert problems_in(raw) == [
        ("template.themes[1]", HOSTILE),
        ("template.example_cards[0].source", HOSTILE),
    ]


# The smaller pieces -------------------------------------------------------------------------


def test_a_problem_reads_as_path_then_message():
    assert str(Problem("template.family_members[2].age", "must be a whole number")) == (
        "template.family_members[2].age: must be a whole number"
    )
    assert str(Problem("", "The file is larger than 1 MB")) == "The file is larger than 1 MB"
    with pytest.raises(AttributeError):
        Problem("a", "b").path = "c"  # frozen


def test_document_error_is_a_value_error_listing_every_problem():
    error = DocumentError([Problem("template.title", "must not be empty"), Problem("", "Oops")])
    assert isinstance(error, ValueError)
    assert str(error) == "template.title: must not be empty\nOops"
    assert len(error.problems) == 2


def test_validate_copes_with_any_value():
    for value in (None, True, 3, 2.5, "text", [], ["a"]):
        assert len(validate(value)) == 1
    assert validate({}) == [
        Problem("format", "is required"),
        Problem("schema_version", "is required"),
        Problem("template", "is required"),
    ]


def test_parse_document_wants_bytes_or_text():
    with pytest.raises(TypeError):
        parse_document({"format": FORMAT})  # type: ignore[arg-type]


def test_the_module_uses_only_the_standard_library_and_jsonschema():
    tree = ast.parse((ROOT / "app" / "library" / "document.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__", "jsonschema"}, imported


# The published schema -----------------------------------------------------------------------

SCHEMA_FILE = ROOT / "docs" / "template-format.schema.json"


def plain_validator() -> Draft202012Validator:
    """The schema as another council's tool would use it: no Practice Mapper code."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_schema_file_is_a_valid_draft_2020_12_schema_with_an_id_and_a_title():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://")
    assert schema["title"]
    assert schema["description"]


def test_the_schema_lists_the_models_categories_and_vocabularies():
    # The models own these lists; the schema (and so this module) must say the same, in order.
    from app.models import Category, Vocabulary

    defs = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    assert defs["category"]["enum"] == [c.value for c in Category]
    assert defs["vocabulary"]["enum"] == [v.value for v in Vocabulary]
    assert list(CARD_CATEGORIES) == [c.value for c in Category]


def test_any_json_schema_tool_accepts_the_documented_example_and_an_exported_file():
    text = (ROOT / "docs" / "template-format.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1))
    exported = json.loads(dump_document(unicode_template(), exported_at=EXPORTED))
    validator = plain_validator()
    assert list(validator.iter_errors(example)) == []
    assert list(validator.iter_errors(exported)) == []


@pytest.mark.parametrize(
    "name",
    [
        "missing template",
        "unknown nested key",
        "age -1",
        "30 February",
        "date in British order",
        "unknown card category",
        "unknown prompt key",
        "over-long title",
        "too many themes",
        "score true",
        "schema version 2",
    ],
)
def test_any_json_schema_tool_refuses_what_the_schema_can_express(name):
    raw, _ = MALFORMED[name]
    assert list(plain_validator().iter_errors(json.loads(raw)))
