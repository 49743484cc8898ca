from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kenteken GF-123-X", ["GF-123-X"]),
        ("1-KBB-00 en 12-ZT-BX", ["1-KBB-00", "12-ZT-BX"]),
        ("auto 99-XTN-3.", ["99-XTN-3"]),
        ("JF-JD-12", ["JF-JD-12"]),
        # dates, vowels and letters plates do not use, wrong side codes
        ("12-03-85", []),
        ("AB-123-C", []),
        ("GF-123-XY2", []),
        ("GF-12-34-56", []),
        ("EU-12-34", []),
    ],
)
def test_licence_plate(text: str, expected: list[str]) -> None:
    assert found("licence_plate", text) == expected
