from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KvK 68750110", ["68750110"]),
        ("K.v.K. 68750110", ["68750110"]),
        ("Voorbeeld B.V. | K.v.K.: 68750110 | Utrecht", ["68750110"]),
        ("KvK-nummer: 68750110", ["68750110"]),
        ("ingeschreven bij de Kamer van Koophandel onder nummer 68750110.", ["68750110"]),
        ("Chamber of Commerce 6875 0110", ["6875 0110"]),
        # eight digits that are not a KvK number: no context word
        ("klantnummer 68750110", []),
        ("Debiteurnummer 68750110", []),
        # the context word belongs to an earlier number
        ("KvK 68750110, dossier 12345678", ["68750110"]),
        # nine digits, or part of a longer number or an amount
        ("KvK 687501101", []),
        ("KvK 68750110,50", []),
        ("KvK 00000000", []),
    ],
)
def test_kvk(text: str, expected: list[str]) -> None:
    assert found("kvk", text) == expected


def test_a_column_named_kvk() -> None:
    assert found("kvk", "68750110", hint="kvk_nummer") == ["68750110"]
