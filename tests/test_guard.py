"""The real-identifier guard: each detector flags what looks real and stays quiet on case notes."""

import dataclasses

import pytest

from app.maps.guard import KINDS, Finding, find_real_identifiers, kinds_in


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_real_identifiers(text)]


def test_kinds_and_labels():
    assert KINDS == {
        "nhs_number": "an NHS number",
        "postcode": "a postcode",
        "date_of_birth": "a date of birth",
        "phone_number": "a phone number",
        "email": "an email address",
    }


def test_finding_is_frozen_and_carries_its_label():
    finding = find_real_identifiers("NHS no 943 476 5919")[0]
    assert finding == Finding(kind="nhs_number", text="943 476 5919", label="an NHS number")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.text = "changed"


# NHS numbers


@pytest.mark.parametrize(
    "number",
    [
        "943 476 5919",
        "943-476-5919",
        "9434765919",
        "401 023 2137",
        "400 000 0020",  # 11 - (sum % 11) is 11, so the check digit is 0
    ],
)
def test_valid_nhs_numbers_are_flagged(number):
    assert found(f"NHS number {number} on file.") == [("nhs_number", number)]


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5918",  # wrong check digit
        "401 023 2130",  # wrong check digit
        "94347659190",  # a valid number inside a longer run of digits
        "19434765919",
        "Case ref 5550194347659190123",
        "943 476-5919",  # mixed separators
        "943 47 65919",  # not grouped 3-3-4
        "94-347-65919",
    ],
)
def test_invalid_or_embedded_nhs_numbers_are_not_flagged(text):
    assert "nhs_number" not in kinds_in(text)


def test_a_check_digit_of_ten_is_never_valid():
    # 400 000 008 gives 11 - (sum % 11) == 10, so no tenth digit makes it a real NHS number.
    for last in "0123456789":
        assert kinds_in(f"400 000 008{last}") == []


# Postcodes


@pytest.mark.parametrize(
    "postcode",
    [
        "SW1A 1AA",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "EC1A 1BB",
        "SW1A1AA",
        "b338th",
        "sw1a 1aa",
        "JE2 3AB",  # Jersey: real addresses too
    ],
)
def test_postcodes_are_flagged(postcode):
    assert found(f"Lives at 4 Acacia Road, {postcode}.") == [("postcode", postcode)]


@pytest.mark.parametrize(
    "text",
    [
        "Kai is age 14",
        "Dad drove up the A1 road",
        "Took the A1 2nd exit",  # A is not a postcode area
        "Amir is in Y7 2nd set for maths",  # nor is Y
        "Flat B2 1st floor",  # an ordinal, not an inward code
        "SW1A",  # outward part only
        "SW1A 1CA",  # C is never used in an inward code
        "XSW1A 1AA",  # inside a longer word
        "SW1A 1AAB",
    ],
)
def test_postcode_look_alikes_are_not_flagged(text):
    assert "postcode" not in kinds_in(text)


# Dates of birth


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/2015", "12/03/2015"),
        ("DOB: 12-03-2015", "12-03-2015"),
        ("D.O.B. 12.03.15", "12.03.15"),
        ("d.o.b - 12 March 2015", "12 March 2015"),
        ("Date of birth: 12th March 2015", "12th March 2015"),
        ("Maisie was born on 12 Mar 2015", "12 Mar 2015"),
        ("born on the 12th of March 2015", "12th of March 2015"),
        ("Kai was born March 12 2015", "March 12 2015"),
        ("Born: March 12th, 2015", "March 12th, 2015"),
        ("dob 1/3/2015", "1/3/2015"),
    ],
)
def test_introduced_birth_dates_are_flagged(text, date):
    assert found(text) == [("date_of_birth", date)]


@pytest.mark.parametrize(
    "text",
    [
        "Seen at home on 12/03/2015",  # a plain date in a chronology
        "Review meeting 12 March 2015",
        "Strategy discussion on March 12 2015",
        "DOB 32/03/2015",  # not a date
        "DOB 12/13/2015",
        "DOB 12/03.2015",  # mixed separators
        "DOB unknown; seen 12/03/2015",  # the date is not introduced as a birth date
        "Newborn baby seen 12/03/2015",  # "born" inside a word is not an introduction
        "born in March 2015",  # no day, so not a date of birth
    ],
)
def test_dates_without_a_birth_introduction_are_not_flagged(text):
    assert "date_of_birth" not in kinds_in(text)


# Phone numbers: phonenumbers decides what is a valid (allocated) UK number.


@pytest.mark.parametrize(
    "number",
    [
        "07911 123456",  # mobile; phonenumbers says region GG, but it is still +44
        "07812 345678",
        "+44 7911 123456",
        "+447911123456",
        "020 7946 0018",  # Ofcom's London drama range, which phonenumbers treats as valid
        "0161 496 0000",
        "+44 (0)161 496 0000",
        "0117 496 0123",
    ],
)
def test_valid_uk_phone_numbers_are_flagged(number):
    assert found(f"Mum's number is {number} (mobile).") == [("phone_number", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 07911 12345",  # one digit short
        "Ring 0791",
        "Ring 999",
        "Ring 07700 900123",  # Ofcom drama mobile: phonenumbers treats it as invalid
        "Ring 01632 960123",  # Ofcom drama area: also invalid to phonenumbers
        "Ring +33 1 42 68 53 00",  # a French number is not a UK one
    ],
)
def test_short_fictional_or_foreign_numbers_are_not_flagged(text):
    assert "phone_number" not in kinds_in(text)


# Email addresses


@pytest.mark.parametrize(
    "email",
    [
        "jo.bloggs@example.org",  # the demo domain is flagged too: it is a warning
        "social.worker+cin@council.gov.uk",
        "KAI_2015@mail.co.uk",
    ],
)
def test_email_addresses_are_flagged(email):
    assert found(f"Email {email}.") == [("email", email)]


@pytest.mark.parametrize(
    "text",
    ["jo.bloggs@", "@example.org", "jo@localhost", "jo at example dot org", "jo@example.c0m"],
)
def test_email_look_alikes_are_not_flagged(text):
    assert "email" not in kinds_in(text)


# Together


def test_mixed_text_gives_findings_in_order():
    text = (
        "Kai Smith, DOB 12/03/2015, of SW1A 1AA, NHS 943 476 5919. Mum: 07911 123456, "
        "kai.mum@example.org. Dad's NHS number is also 943-476-5919, and Mum's 07911 123456 again."
    )
    assert find_real_identifiers(text) == [
        Finding("date_of_birth", "12/03/2015", "a date of birth"),
        Finding("postcode", "SW1A 1AA", "a postcode"),
        Finding("nhs_number", "943 476 5919", "an NHS number"),
        Finding("phone_number", "07911 123456", "a phone number"),
        Finding("email", "kai.mum@example.org", "an email address"),
        Finding("nhs_number", "943-476-5919", "an NHS number"),  # a different snippet
    ]


def test_kinds_in_lists_distinct_kinds_in_kinds_order():
    text = "kai.mum@example.org, 07911 123456, SW1A 1AA, sw1a 1aa, 943 476 5919"
    assert kinds_in(text) == ["nhs_number", "postcode", "phone_number", "email"]


@pytest.mark.parametrize(
    "text",
    [
        "Kai (2) was found in a soaked nappy at 1.30am on 10 February",
        "Health visitor weighed Maisie at 6.3 kg on 11/02/2026",
        "Amir (14) missed 12 of 20 sessions; school reports 78% attendance since 3 March 2025.",
        "Strategy meeting 14:30 on 04/03/2026; S47 enquiry opened; ICPC within 15 working days.",
        "Mum said Kai was born early, at 32 weeks, and weighed 1.8 kg.",
    ],
)
def test_typical_fictional_card_text_has_no_findings(text):
    assert find_real_identifiers(text) == []
    assert kinds_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "😀" * 2_000,
        "\ud800 lone surrogate",
        "\x00\x01\x02",
        "٩٤٣ ٤٧٦ ٥٩١٩",  # Arabic-Indic digits are not read as an NHS number
        "@" * 5_000,
        "1" * 100_000,
        "a." * 50_000,
    ],
)
def test_odd_input_never_raises(text):
    assert find_real_identifiers(text) == []


def test_non_string_input_gives_no_findings():
    assert find_real_identifiers(None) == []  # type: ignore[arg-type]
    assert kinds_in(None) == []  # type: ignore[arg-type]
