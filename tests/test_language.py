"""The statement and goal builders, and the plain-language hints."""

import pytest

from app.maps.language import (
    AVOID_LABELS,
    Hint,
    compose_goal,
    compose_statement,
    goal_hints,
    pair_count_hint,
    statement_hints,
)

WHO = "Children's services and the health visitor"
BEHAVIOUR = "Shannon and Łukasz drink until they are unable to wake when Maisie cries at night"
IMPACT = "Maisie will go hungry and not gain weight, and Kai will be frightened and unsafe"


def codes(hints: list[Hint]) -> list[str]:
    return [hint.code for hint in hints]


# compose_statement


def test_statement_with_all_parts_follows_the_formula():
    assert compose_statement(WHO, BEHAVIOUR, IMPACT) == (
        "Children's services and the health visitor are worried that Shannon and Łukasz drink "
        "until they are unable to wake when Maisie cries at night, and if nothing changes Maisie "
        "will go hungry and not gain weight, and Kai will be frightened and unsafe."
    )


def test_statement_trims_whitespace_and_trailing_full_stops():
    statement = compose_statement(f"  {WHO} ", f"{BEHAVIOUR}.  ", f"\n{IMPACT}..\n")
    assert statement == compose_statement(WHO, BEHAVIOUR, IMPACT)
    assert ".." not in statement


def test_statement_collapses_line_breaks_inside_a_part():
    assert compose_statement("The school", "Kai arrives\n\nlate", "") == (
        "The school is worried that Kai arrives late."
    )


def test_statement_verb_agrees_with_who():
    assert compose_statement("the health visitor", "x", "").startswith(
        "The health visitor is worried"
    )
    assert compose_statement("Thomas", "x", "").startswith("Thomas is worried")
    assert compose_statement("Mum & Dad", "x", "").startswith("Mum & Dad are worried")
    assert compose_statement("the teachers", "x", "").startswith("The teachers are worried")
    assert compose_statement("Social Services", "x", "").startswith("Social Services are worried")
    assert compose_statement("I", "x", "").startswith("I am worried")


def test_statement_does_not_repeat_words_the_practitioner_typed():
    assert compose_statement(
        "The nursery is worried that", "that Kai is hungry", "if nothing changes, Kai will be ill"
    ) == ("The nursery is worried that Kai is hungry, and if nothing changes Kai will be ill.")


@pytest.mark.parametrize(
    ("who", "behaviour", "impact", "expected"),
    [
        ("The nursery", "Kai is hungry", "", "The nursery is worried that Kai is hungry."),
        (
            "The nursery",
            "",
            "Kai will be ill",
            "The nursery is worried that if nothing changes Kai will be ill.",
        ),
        (
            "",
            "Kai is hungry",
            "Kai will be ill",
            "Kai is hungry, and if nothing changes Kai will be ill.",
        ),
        ("", "", "Kai will be ill", "If nothing changes Kai will be ill."),
        ("", "kai is hungry", "", "Kai is hungry."),
        ("The nursery", "", "", "The nursery is worried."),
        ("", "", "", ""),
        ("  ", " . ", "\n", ""),
    ],
)
def test_statement_with_missing_parts_drops_their_clauses(who, behaviour, impact, expected):
    assert compose_statement(who, behaviour, impact) == expected


def test_statement_keeps_case_and_unicode_as_written():
    statement = compose_statement(
        "the GP", "Zoë and Łukasz leave iPads on at night", "Zoë will be TIRED"
    )
    assert statement == (
        "The GP is worried that Zoë and Łukasz leave iPads on at night, and if nothing changes "
        "Zoë will be TIRED."
    )


def test_statement_ending_in_a_question_mark_gets_no_full_stop():
    assert (
        compose_statement("", "", "who will feed Maisie?")
        == "If nothing changes who will feed Maisie?"
    )


# compose_goal


def test_goal_with_all_parts():
    goal = compose_goal(
        "Shannon and Łukasz will make sure one sober adult is always caring for Maisie and Kai",
        "Maisie is fed through the night and gains weight",
        "The health visitor and nursery will see Maisie weighed every fortnight and gaining weight.",
        "six months",
    )
    assert goal == (
        "Shannon and Łukasz will make sure one sober adult is always caring for Maisie and Kai, "
        "so that Maisie is fed through the night and gains weight. The health visitor and nursery "
        "will see Maisie weighed every fortnight and gaining weight. This will have been happening "
        "for six months."
    )


@pytest.mark.parametrize(
    ("how_long", "closing"),
    [
        ("six months", "This will have been happening for six months."),
        ("for 3 months.", "This will have been happening for 3 months."),
        ("at least a year", "This will have been happening for at least a year."),
        ("until Maisie starts school", "This will keep happening until Maisie starts school."),
        ("over the next six months", "This will keep happening over the next six months."),
        ("by March", "This will be happening by March."),
        ("This will last for a year", "This will last for a year."),
    ],
)
def test_goal_time_frame_reads_naturally(how_long, closing):
    assert compose_goal("", "", "", how_long) == closing


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Shannon will feed Maisie", "", "", ""), "Shannon will feed Maisie."),
        (("", "so that Maisie gains weight", "", ""), "Maisie gains weight."),
        (
            ("Shannon will feed Maisie", "so that, Maisie gains weight", "", ""),
            "Shannon will feed Maisie, so that Maisie gains weight.",
        ),
        (
            ("", "", "the nursery will see Kai on time", "6 weeks"),
            "The nursery will see Kai on time. This will have been happening for 6 weeks.",
        ),
        (("", "", "", ""), ""),
        ((" ", "", "\t", "."), ""),
    ],
)
def test_goal_with_missing_parts(parts, expected):
    assert compose_goal(*parts) == expected


def test_goal_keeps_unicode_and_case():
    assert compose_goal("Zoë's nan will collect Kai", "", "", "") == "Zoë's nan will collect Kai."


# label hints


def test_every_label_has_a_plain_pattern_and_a_short_message():
    for label in AVOID_LABELS:
        hints = statement_hints(f"Kai is hungry because of {label}; Kai will be ill.")
        assert f"label:{label.replace(' ', '-')}" in codes(hints), label


@pytest.mark.parametrize(
    ("text", "code", "word"),
    [
        ("The children suffer NEGLECT.", "label:neglect", "NEGLECT"),
        ("Maisie is neglected.", "label:neglect", "neglected"),
        ("There is domestic violence at home.", "label:domestic-violence", "domestic violence"),
        ("Police attended a DV incident.", "label:domestic-violence", "DV"),
        ("There is domestic\nabuse.", "label:domestic-abuse", "domestic abuse"),
        ("Łukasz touched Kai inappropriately.", "label:inappropriate", "inappropriately"),
        ("School are concerned.", "label:concerns", "concerned"),
        ("Kai is at risk.", "label:risk", "at risk"),
        ("There is a risk of harm.", "label:risk", "risk"),
        ("The home is chaotic.", "label:chaotic", "chaotic"),
        ("Mum is not engaging.", "label:non-engagement", "not engaging"),
        ("Non-engagement with services.", "label:non-engagement", "Non-engagement"),
        ("Dad failed to engage.", "label:non-engagement", "failed to engage"),
        ("Substance misuse by both parents.", "label:substance-misuse", "Substance misuse"),
    ],
)
def test_label_hint_names_the_word_as_written(text, code, word):
    hint = next(hint for hint in statement_hints(text) if hint.code == code)
    assert f'"{word}"' in hint.message


def test_labels_are_whole_words_only():
    # "brisk", "unconcerned" and "advisory" contain "risk", "concerned" and "dv".
    assert (
        statement_hints("Kai is brisk and unconcerned; the advisory note says he will be hurt.")
        == []
    )


def test_one_hint_per_label_even_when_repeated():
    hints = statement_hints("Neglect, more neglect and neglected children will suffer.")
    assert codes(hints) == ["label:neglect"]


def test_label_hints_come_in_the_order_written():
    hints = statement_hints(
        "Kai is at risk because of domestic abuse and neglect; he will be hurt."
    )
    assert codes(hints) == ["label:risk", "label:domestic-abuse", "label:neglect"]


def test_labels_apply_to_goals_too():
    assert "label:chaotic" in codes(goal_hints("The home will be less chaotic for six months."))


# no-impact


def test_no_impact_hint_when_nothing_is_said_about_the_child():
    assert codes(statement_hints("The nursery is worried that Shannon drinks at night.")) == [
        "no-impact"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Shannon drinks at night and if nothing changes Maisie goes hungry.",
        "Shannon drinks at night and Maisie could go hungry.",
        "Shannon drinks at night; this is likely to leave Maisie hungry.",
        "Shannon's drinking affects Maisie.",
        "Kai gets hurt when Dad shouts.",
        "Kai is frightened when Dad shouts.",
    ],
)
def test_no_impact_hint_quiet_when_the_text_names_an_impact(text):
    assert "no-impact" not in codes(statement_hints(text))


def test_no_impact_hint_quiet_when_the_builder_has_an_impact_part():
    text = "The nursery is worried that Shannon drinks at night."
    assert codes(statement_hints(text, impact="Maisie goes hungry")) == []
    assert codes(statement_hints(text, impact="   ")) == ["no-impact"]
    assert codes(statement_hints(text, impact=None)) == ["no-impact"]


def test_blank_statement_gets_no_hints():
    assert statement_hints("") == []
    assert statement_hints("   \n") == []


# goal hints


GOOD_GOAL = compose_goal(
    "Shannon and Łukasz will make sure one sober adult is always caring for Maisie",
    "Maisie is fed through the night",
    "The health visitor will see Maisie gaining weight",
    "six months",
)


def test_a_well_written_goal_gets_no_hints():
    assert goal_hints(GOOD_GOAL) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Shannon will not drink for six months.", "will not"),
        ("Shannon won't drink for six months.", "won't"),
        ("Shannon won’t drink for six months.", "won’t"),
        ("Dad will no longer shout for six months.", "will no longer"),
        ("Dad will stop shouting for six months.", "stop"),
        ("Kai will never be left alone for six months.", "never"),
        ("There will be no more shouting for six months.", "no more"),
        ("Mum doesn't leave Kai alone for six months.", "doesn't"),
    ],
)
def test_negative_goal_hint_fires_and_quotes_the_words(text, word):
    hints = goal_hints(text)
    assert codes(hints) == ["negative-goal"]
    assert f'"{word}"' in hints[0].message


def test_negative_goal_hint_matches_whole_words_only():
    assert goal_hints("Kai will play with the nonstop train set for six months.") == []


def test_no_timeframe_hint_fires_without_a_duration():
    assert codes(goal_hints("Shannon will make sure a sober adult cares for Maisie.")) == [
        "no-timeframe"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Shannon will feed Maisie for six months.",
        "Shannon will feed Maisie for 3 months.",
        "Shannon will feed Maisie every night for a year.",
        "Shannon will feed Maisie for the coming weeks.",
        "Shannon will feed Maisie until the review.",
        "Shannon will feed Maisie by March.",
        "Shannon will feed Maisie by the end of term.",
        "Shannon will feed Maisie over the next half term.",
        "Shannon will feed Maisie for a fortnight.",
        "Shannon will feed Maisie for 2-week periods.",
    ],
)
def test_no_timeframe_hint_quiet_when_the_goal_has_one(text):
    assert "no-timeframe" not in codes(goal_hints(text))


def test_no_timeframe_hint_quiet_when_the_builder_has_a_how_long_part():
    text = "Shannon will make sure a sober adult cares for Maisie."
    assert goal_hints(text, how_long="six months") == []
    assert codes(goal_hints(text, how_long=" ")) == ["no-timeframe"]


def test_every_day_is_not_a_time_frame():
    assert codes(goal_hints("Shannon will feed Maisie every day.")) == ["no-timeframe"]


def test_blank_goal_gets_no_hints():
    assert goal_hints("") == []
    assert goal_hints(" ", how_long="") == []


# pair count


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_three_pairs_or_fewer_need_no_hint(count):
    assert pair_count_hint(count) is None


def test_more_than_three_pairs_gets_a_gentle_hint():
    hint = pair_count_hint(4)
    assert hint == Hint(
        "too-many-pairs",
        "This map has 4 statement and goal pairs. The framework suggests no more than three, to keep the plan focused.",
    )


# the messages themselves


def all_messages() -> list[str]:
    long_labels = " ".join(
        [
            "failing to engage",
            "domestic violence",
            "domestic abuse",
            "neglectful",
            "inappropriately",
            "concerning",
            "at risk",
            "chaotic",
            "substance misuse",
            "toxic trio",
        ]
    )
    hints = statement_hints(long_labels) + goal_hints("Dad will no longer shout.")
    hints.append(pair_count_hint(12))
    return [hint.message for hint in hints]


def test_messages_are_short_single_sentences_in_plain_words():
    messages = all_messages()
    assert len(messages) == 14
    for message in messages:
        assert len(message.split()) <= 25, message
        assert message[0].isupper(), message
        assert message.endswith("."), message


def test_hint_is_a_frozen_value():
    hint = Hint("no-impact", "x")
    with pytest.raises(AttributeError):
        hint.code = "other"  # type: ignore[misc]
