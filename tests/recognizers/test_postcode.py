from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7551 HT Hengelo", ["7551 HT"]),
        ("Postbus 93374, 2509 AJ Den Haag", ["2509 AJ"]),
        ("1234AB", ["1234AB"]),
        # pairs PostNL does not use, letters never used, a leading 0
        ("1234 SS", []),
        ("1234 SA", []),
        # every other pair, the newer letters I, O, Q, U, Y too, in any case, two spaces
        ("1234 IO", ["1234 IO"]),
        ("Dorpsstraat 1, 9999 QY Ons Dorp", ["9999 QY"]),
        ("1234 ab Utrecht", ["1234 ab"]),
        ("1234ab", ["1234ab"]),
        ("1234  UY", ["1234  UY"]),
        ("1234 Ab", []),
        # right after a comma in an export, but not after a number's decimal comma
        ("x@example.nl,6268 EJ,Bunde", ["6268 EJ"]),
        ("1,2345 AB", []),
        # units and words after a number
        ("bijlage.pdf (2048 KB)", []),
        ("1500 kg", []),
        ("sinds 2019 al klant", []),
        ("0123 AB", []),
        # years followed by a word in capitals, or lower case
        ("in 2024 IS het zover", []),
        # part of something longer
        ("12345 AB", []),
        ("1234 ABC", []),
    ],
)
def test_postcode(text: str, expected: list[str]) -> None:
    assert found("postcode", text) == expected
