from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KvK 24431378", ["24431378"]),
        ("KvK-nummer: 24431378", ["24431378"]),
        ("ingeschreven bij de Kamer van Koophandel onder nummer 24431378.", ["24431378"]),
        ("Chamber of Commerce 2443 1378", ["2443 1378"]),
        # eight digits that are not a KvK number: no context word
        ("klantnummer 24431378", []),
        ("Debiteurnummer 24431378", []),
        # the context word belongs to an earlier number
        ("KvK 24431378, dossier 12345678", ["24431378"]),
        # nine digits, or part of a longer number or an amount
        ("KvK 244313781", []),
        ("KvK 24431378,50", []),
        ("KvK 00000000", []),
    ],
)
def test_kvk(text: str, expected: list[str]) -> None:
    assert found("kvk", text) == expected


def test_a_column_named_kvk() -> None:
    assert found("kvk", "24431378", hint="kvk_nummer") == ["24431378"]
