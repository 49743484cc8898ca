"""Telephone numbers, Dutch and international: ``06-12345678``, ``(053) 480 1234``,
``+31 6 1234 5678``, ``0031 20 123 4567``, ``085 - 782 27 77``, ``+44 20 7946 0958``.

A candidate with the right number of digits is checked by the phonenumbers library
(a valid number of its country; a number without a country code is read as Dutch).
When the candidate ran into a following number, the groups at its end are dropped one
by one until a valid number remains. A date (``09-09-2018``) is never a number, even
where it spells a valid premium-rate one.
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers

from . import register
from .base import Recognizer

_LAST_GROUP = re.compile(r"[ .\-/)]+\d*$")
_DATE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2,4}")
#: After the country or area code: the rest of the digits, in groups.
_REST = r"(?:(?:[ .\-/]| - )?\d){6,13}(?![\w]|[.,-]\d)"


@register
class Phone(Recognizer):
    name = "phone"
    label = "Telephone number"
    categories = ("phone", "business_phone", "emergency_contact", "contact_list")
    # A number starts with +, 0 or (, one alternative each, never after a word, a
    # digit or a sign that joins it to what comes before.
    alternatives = (
        r"\+(?<![\w+.,:/(-]\+)[1-9]\d{0,2}(?:[ .-]?\(0\))?" + _REST,
        r"0(?<![\w+.,:/(-]0)(?:0[1-9]\d{0,2}(?:[ .-]?\(0\))?|\d)" + _REST,
        r"\((?<![\w+.,:/(-]\()0\d{1,4}\)" + _REST,
    )

    def accept(self, text: str, start: int, end: int, waived: bool) -> int | None:
        candidate = text[start:end]
        digits = _digits(candidate)
        if (
            len(digits) == 10
            and digits[1] != "0"
            and candidate.startswith(("0", "(0"))
            and _dutch(digits[1:4], 9)
        ):
            # The commonest case, a Dutch number of ten digits (``06-12345678``), as the
            # loop below would judge it at its first attempt: ten digits are no date
            # (a date has eight at most), and the national number is nine digits.
            return end
        if _DATE.fullmatch(text, start, end):
            # Nor is any shorter part of a date a number: a date has eight digits at
            # most, and what remains when its last group is dropped too few for any.
            return None
        for attempt in range(3):
            if attempt:
                candidate = text[start:end]
                digits = _digits(candidate)
            # The whole candidate is no date (above); a shorter one may be.
            dated = attempt > 0 and _DATE.fullmatch(candidate) is not None
            if not dated and _plausible(candidate, len(digits)) and _valid(candidate, digits):
                return end
            shorter = _LAST_GROUP.sub("", candidate)
            if shorter == candidate:
                return None
            end = start + len(shorter)
        return None


def _digits(candidate: str) -> str:
    """The candidate without its separators (a chain of replacements costs less than
    ``str.translate`` with a table)."""
    return (
        candidate.replace(" ", "")
        .replace("-", "")
        .replace(".", "")
        .replace("/", "")
        .replace("(", "")
        .replace(")", "")
        .replace("+", "")
    )


def _plausible(candidate: str, digits: int) -> bool:
    """The number of digits a valid number can have, before the costly check."""
    if candidate.startswith("+"):
        return 8 <= digits <= 15
    if candidate.startswith("00"):
        return 10 <= digits <= 17
    if candidate.startswith(("08", "09", "(08", "(09")):
        return 8 <= digits <= 11
    return digits == 10


def _valid(candidate: str, digits: str) -> bool:
    national = _dutch_national(candidate, digits)
    if national is not None:
        size = len(national)
        return _dutch(national[: 3 if size == 9 else 5 if size <= 6 else 4], size)
    number = _international(candidate, digits)
    if number is None:
        if candidate.startswith("00") and digits[2:3] == "0":
            # "00" and then a 0, as in the groups of an IBAN (``0003 5922 81``): no
            # country code begins with 0, and phonenumbers, which then reads the whole
            # as a Dutch national number, finds none valid (a test holds this to it).
            return False
        try:
            number = phonenumbers.parse(candidate, "NL")
        except phonenumbers.NumberParseException:
            return False
    return phonenumbers.is_valid_number(number)


def _international(candidate: str, digits: str) -> phonenumbers.PhoneNumber | None:
    """A number written with its country code (``+44 20 7946 0958``), split into
    country code and national number as phonenumbers' parser would, without its cost;
    None when the parser is needed (a national number that starts with 0)."""
    if candidate.startswith("00"):
        digits = digits[2:]
    elif not candidate.startswith("+"):
        return None
    for size in (1, 2, 3):
        code = int(digits[:size] or 0)
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = digits[size:]
            if "(0)" in candidate and national.startswith("0"):
                national = national[1:]
            if not national or national.startswith("0"):
                return None
            return phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
    return None


def _dutch_national(candidate: str, digits: str) -> str | None:
    """The national number (without the 0) of a Dutch number, else None."""
    if candidate.startswith(("+31", "0031")):
        national = digits[2:] if candidate.startswith("+") else digits[4:]
        return national[1:] if "(0)" in candidate and national.startswith("0") else national
    if candidate.startswith(("0", "(0")) and not digits.startswith("00"):
        return digits[1:]
    return None


@cache
def _dutch(prefix: str, length: int) -> bool:
    """Whether a Dutch national number is valid. In phonenumbers' data every kind of
    Dutch number is told by its length and its first digits: three for the common
    nine-digit numbers, four for longer and shorter ones, five for the short 140
    numbers. So the answer for a prefix and a length holds for every number that has
    them (a test checks this against phonenumbers itself)."""
    national = int(prefix.ljust(length, "0"))
    return phonenumbers.is_valid_number(
        phonenumbers.PhoneNumber(country_code=31, national_number=national)
    )
