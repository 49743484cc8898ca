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
        ("1234 IO", []),
        ("0123 AB", []),
        # years followed by a word in capitals, or lower case
        ("in 2024 IS het zover", []),
        ("1234 ab", []),
        # part of something longer
        ("12345 AB", []),
        ("1234 ABC", []),
    ],
)
def test_postcode(text: str, expected: list[str]) -> None:
    assert found("postcode", text) == expected
