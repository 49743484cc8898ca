from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BIC: ABNANL2A", ["ABNANL2A"]),
        ("SWIFT-code RABONL2U", ["RABONL2U"]),
        ("bic INGBNL2AXXX", ["INGBNL2AXXX"]),
        # no context word
        ("ABNANL2A", []),
        # near a context word, but no country code, or O in place 8
        ("BIC: ABCDXY2A", []),
        ("BIC: ABNANL2O", []),
    ],
)
def test_bic(text: str, expected: list[str]) -> None:
    assert found("bic", text) == expected


def test_a_column_named_bic() -> None:
    assert found("bic", "ABNANL2A\nRABONL2U", hint="bic") == ["ABNANL2A", "RABONL2U"]
