from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paspoortnummer: SPECI2014", ["SPECI2014"]),
        ("passport number NXC7P8KD1", ["NXC7P8KD1"]),
        ("reisdocument BR4K12L45", ["BR4K12L45"]),
        # no context word, or the word names another document
        ("SPECI2014", []),
        ("rijbewijs SPECI2014", []),
        # the letter O, a digit in front, the wrong length
        ("paspoort SPOCI2014", []),
        ("paspoort 1PECI2014", []),
        ("paspoort SPECI20145", []),
    ],
)
def test_passport(text: str, expected: list[str]) -> None:
    assert found("passport", text) == expected
