from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSN: 123456782", ["123456782"]),
        # in threes, with spaces or dots, and an API's field name as the label
        ("BSN 123 456 782", ["123 456 782"]),
        ("bsn: 123.456.782", ["123.456.782"]),
        ('{"citizenServiceNumber": "123456782"}', ["123456782"]),
        ("BSN 123 456 7820", []),
        ("Mijn burgerservicenummer is 1234.56.782.", ["1234.56.782"]),
        ("sofinummer 1234 56 782", ["1234 56 782"]),
        ("BSN 111222333 en BSN 123456782", ["111222333", "123456782"]),
        # the 11-test fails
        ("BSN: 123456789", []),
        ("BSN: 000000000", []),
        # valid, but no context word: an order number
        ("ordernummer 123456782", []),
        # the context word belongs to an earlier number
        ("BSN 111222333, ordernummer 123456782", ["111222333"]),
        # part of a longer number, or of a VAT number
        ("BSN: 1234567820", []),
        ("BSN: NL123456782B01", []),
        # mixed separators
        ("BSN: 1234.56 782", []),
    ],
)
def test_bsn(text: str, expected: list[str]) -> None:
    assert found("bsn", text) == expected


def test_a_column_named_bsn_needs_no_context_word() -> None:
    assert found("bsn", "123456782", hint="bsn") == ["123456782"]


def test_the_eleven_test_is_python_stdnums() -> None:
    import random

    from stdnum.nl import bsn

    from waarborg.scan.recognizers.bsn import eleven

    rng = random.Random(14)
    numbers = ["".join(rng.choice("0123456789") for _ in range(9)) for _ in range(20_000)]
    assert all(eleven(n) == (bsn.checksum(n) == 0) for n in numbers)
    assert any(eleven(n) for n in numbers) and not all(eleven(n) for n in numbers)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the context word's beginning must stand in the 48 characters before the number
        ("BSN" + " " * 44 + "123456782", ["123456782"]),
        ("BSN" + " " * 46 + "123456782", []),
        # a word that only begins like a context word is none
        ("bsnx 123456782", []),
        # a context word after the number, or none in the text at all
        ("123456782 is het bsn", []),
        ("ordernummer 123456782", []),
        # the words of a long window, each found by its beginning
        ("burger service nummer: 123 456 782", ["123 456 782"]),
        ("Sofi-nummer 123456782", ["123456782"]),
    ],
)
def test_a_context_word_before_the_number(text: str, expected: list[str]) -> None:
    assert found("bsn", text) == expected
