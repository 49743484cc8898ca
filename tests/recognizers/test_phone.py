from __future__ import annotations

import random

import phonenumbers
import pytest

from waarborg.scan.recognizers.phone import _dutch

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bel 06-12345678", ["06-12345678"]),
        ("bel 085 - 782 27 77 voor hulp", ["085 - 782 27 77"]),
        ("mobiel 06 1234 5678", ["06 1234 5678"]),
        ("0612345678", ["0612345678"]),
        ("tel. (053) 480 1234", ["(053) 480 1234"]),
        ("020-1234567", ["020-1234567"]),
        ("+31 6 12345678", ["+31 6 12345678"]),
        ("+31 (0)6 12345678", ["+31 (0)6 12345678"]),
        ("0031 20 123 4567", ["0031 20 123 4567"]),
        ("+44 20 7946 0958", ["+44 20 7946 0958"]),
        ("+32 470 12 34 56", ["+32 470 12 34 56"]),
        # a following number is not swallowed
        ("06-12345678 2024", ["06-12345678"]),
        # dates, even those that spell a premium-rate number (0909)
        ("09-09-2018", []),
        ("12-03-1985", []),
        # the fraction of a time stamp (a valid 0900 number otherwise)
        ("2026-10-04 06:02:09.001696", []),
        # too short or too long, or not a number that exists
        ("06-1234567", []),
        ("06-123456789", []),
        ("0000000000", []),
        ("+31 6 1234", []),
        # amounts and other numbers
        ("EUR 1.234.567,89", []),
        ("ordernummer 123456789", []),
    ],
)
def test_phone(text: str, expected: list[str]) -> None:
    assert found("phone", text) == expected


def test_dutch_numbers_are_told_by_their_prefix_and_length() -> None:
    """The cache of Dutch numbers by prefix and length gives what phonenumbers says for
    every number (the rule in phone._dutch)."""
    rng = random.Random(5)
    for _ in range(3000):
        length = rng.choice([5, 6, 7, 8, 9, 9, 9, 10, 11])
        national = str(rng.randint(10 ** (length - 1), 10**length - 1))
        for prefix in ("6", "8", "9", "14", "97", "800", "90"):
            if rng.random() < 0.2:
                national = (prefix + national)[:length]
        exact = phonenumbers.is_valid_number(
            phonenumbers.PhoneNumber(country_code=31, national_number=int(national))
        )
        cut = 3 if length == 9 else 5 if length <= 6 else 4
        assert _dutch(national[:cut], length) == exact, national


@pytest.mark.parametrize(
    "number",
    ["+44 20 7946 0958", "+32 470 12 34 56", "+49 30 1234567", "+33 6 12 34 56 78",
     "+1 202 555 0143", "+39 06 6988 1234", "+353 1 234 5678", "+44 (0)20 7946 0958"],
)  # fmt: skip
def test_international_numbers_are_read_as_the_parser_reads_them(number: str) -> None:
    from waarborg.scan.recognizers.phone import _valid

    digits = "".join(c for c in number if c.isdigit())
    expected = phonenumbers.is_valid_number(phonenumbers.parse(number, "NL"))
    assert _valid(number, digits) == expected


def test_00_and_a_0_is_never_a_valid_number_for_phonenumbers() -> None:
    """What the scanner skips without asking phonenumbers: a candidate of "00" and then
    a 0 that is no country code of its own reading is never a valid number."""
    import random

    import phonenumbers

    from waarborg.scan.recognizers.phone import _digits, _international, _plausible, _valid

    rnd = random.Random(31)
    checked = 0
    for _ in range(20_000):
        body = "0" + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(6, 15)))
        candidate = "00" + rnd.choice(["", " ", "-", ".", " - "])
        for index, char in enumerate(body):
            candidate += char
            if rnd.random() < 0.25 and index < len(body) - 1:
                candidate += rnd.choice([" ", "-", ".", "/"])
        digits = _digits(candidate)
        if not _plausible(candidate, len(digits)) or _international(candidate, digits) is not None:
            continue
        checked += 1
        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(candidate, "NL"))
        except phonenumbers.NumberParseException:
            valid = False
        assert not valid, candidate
        assert not _valid(candidate, digits)
    assert checked > 5_000
