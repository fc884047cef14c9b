"""Spot text that looks like real personal identifiers.

Every case in Practice Mapper must be fictional. This module finds things in free text that look
like real identifiers (NHS numbers, postcodes, dates of birth, phone numbers, email addresses) so
the app can warn "this looks like real personal data; use fictional details". It is a warning, not
a block, so it leans towards flagging, but each detector is shaped to stay quiet on the ordinary
dates, ages, times and weights that fill a chronology.

Pure Python, no Flask: called on every save, so it must be quick and must never raise.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True)
class Finding:
    """One thing in the text that looks like a real personal identifier."""

    kind: str  # a key of KINDS
    text: str  # the matched snippet, exactly as it appears in the input
    label: str  # plain English for messages, e.g. "an NHS number"


KINDS: dict[str, str] = {
    "nhs_number": "an NHS number",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
    "phone_number": "a phone number",
    "email": "an email address",
}

# Where a detector found something in the text, and the snippet it found.
Hit = tuple[int, str]

# re.ASCII throughout: `\d` would otherwise match Arabic-Indic and other Unicode digits, which are
# not how anyone writes a UK identifier.

# 3-3-4 with the same separator (space, hyphen or none) both times. The look-arounds stop a match
# starting or ending inside a longer run of digits.
_NHS_NUMBER = re.compile(r"(?<![0-9])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{4}(?![0-9])", re.ASCII)

# The postcode areas of the UK, Crown Dependencies and BFPO. Requiring a real area (rather than
# any one or two letters) keeps school years ("Y7 2nd") and roads ("A1 2nd exit") from matching.
# Areas almost never change, so a fixed list is safe. Longer areas first so "SW" wins over "S".
_POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD "
    "LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK "
    "SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
# Outward code: area, a district digit, an optional digit or letter. Inward code: a digit and two
# letters, never C, I, K, M, O or V. Both parts are required, so "age 14" or "the A1" never match.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    + "|".join(sorted(_POSTCODE_AREAS.split(), key=len, reverse=True))
    + r")[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])",
    re.ASCII | re.IGNORECASE,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
_DATE = (
    # 12/03/2015, 12-03-2015, 12.03.15: same separator both times, day before month.
    r"(?:0?[1-9]|[12][0-9]|3[01])(?P<sep>[/.-])(?:0?[1-9]|1[0-2])(?P=sep)"
    r"(?:[0-9]{4}|[0-9]{2})(?![0-9])"
    # 12 March 2015, 12th March 2015, 12th of March, 2015
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+[0-9]{{4}}(?![0-9])"
    # March 12 2015, March 12th, 2015
    rf"|{_MONTH}\s+{_DAY},?\s+[0-9]{{4}}(?![0-9])"
)
# A date only counts when something says it is a birth date: chronologies are full of dates.
_BIRTH_DATE = re.compile(
    r"\b(?:d\.?o\.?b\b\.?|date[ -]of[ -]birth|birth[ -]?date|born(?:\s+on)?)"
    r"[\s:\-–]{0,4}(?:the\s+)?"
    rf"(?P<date>{_DATE})",
    re.ASCII | re.IGNORECASE,
)

# Local part, "@", dot-separated domain labels, then a top-level domain of letters. The look-behind
# means a match can only start at the beginning of a run, which keeps long runs of letters linear.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9-])",
    re.ASCII,
)


def _nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 over the first nine digits."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A remainder giving 10 is never issued, so such numbers are invalid.
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Hit]:
    for match in _NHS_NUMBER.finditer(text):
        digits = re.sub(r"[^0-9]", "", match.group())
        # Ten random digits pass the check about one time in eleven, so only valid ones are
        # flagged: a made-up number with a wrong check digit is exactly what we want people to use.
        if _nhs_check_digit_ok(digits):
            yield match.start(), match.group()


def _postcodes(text: str) -> Iterator[Hit]:
    for match in _POSTCODE.finditer(text):
        snippet = match.group()
        outward, inward = snippet[:-3], snippet[-3:]
        # People type a postcode in one case. Capitals then lower case is an ordinal after a room,
        # flat or junction ("Flat B2 1st floor", "M6 2nd exit"), not a postcode.
        if outward.isupper() and inward.islower():
            continue
        yield match.start(), snippet


def _birth_dates(text: str) -> Iterator[Hit]:
    for match in _BIRTH_DATE.finditer(text):
        # Report the date itself: it is the identifier to change, the introduction can stay.
        yield match.start("date"), match.group("date")


def _phone_numbers(text: str) -> Iterator[Hit]:
    # Leniency.VALID: only numbers that phonenumbers' metadata says are in allocated ranges,
    # however they are grouped. Guernsey, Jersey and the Isle of Man share +44 and the 07 range,
    # so a UK mobile such as 07911 123456 can come back as region "GG": keep anything in country
    # code 44 rather than only region "GB". Ofcom's drama mobiles (07700 900xxx) count as invalid
    # and are never flagged, but its drama landlines (020 7946 0xxx, 0161 496 0xxx) are valid.
    try:
        for match in phonenumbers.PhoneNumberMatcher(
            text, "GB", leniency=phonenumbers.Leniency.VALID
        ):
            if match.number.country_code == 44:
                yield match.start, match.raw_string
    except Exception:  # a third-party parser must never break saving a card
        return


def _emails(text: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(text):
        yield match.start(), match.group()


_DETECTORS: dict[str, Callable[[str], Iterator[Hit]]] = {
    "nhs_number": _nhs_numbers,
    "postcode": _postcodes,
    "date_of_birth": _birth_dates,
    "phone_number": _phone_numbers,
    "email": _emails,
}


def find_real_identifiers(text: str) -> list[Finding]:
    """Return what in `text` looks like real personal identifiers.

    Findings come in order of appearance (ties in KINDS order), with no repeats of the same kind
    and snippet. Returns an empty list for empty or non-string input; never raises.
    """
    if not text or not isinstance(text, str):
        return []
    hits: list[tuple[int, int, str, str]] = []
    for order, (kind, detect) in enumerate(_DETECTORS.items()):
        hits.extend((start, order, kind, snippet) for start, snippet in detect(text))
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for _start, _order, kind, snippet in sorted(hits):
        if (kind, snippet) not in seen:
            seen.add((kind, snippet))
            findings.append(Finding(kind=kind, text=snippet, label=KINDS[kind]))
    return findings


def kinds_in(text: str) -> list[str]:
    """Return the distinct kinds found in `text`, in KINDS order (for storing on a card)."""
    found = {finding.kind for finding in find_real_identifiers(text)}
    return [kind for kind in KINDS if kind in found]
