from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Documentnummer: IR57BK2L3", ["IR57BK2L3"]),
        ("identiteitskaart nr. SPECI2014", ["SPECI2014"]),
        ("ID-kaart: NXC7P8KD1", ["NXC7P8KD1"]),
        # no context word
        ("kenmerk NXC7P8KD1", []),
        # the number ends in a letter
        ("Documentnummer: IR57BK2L3X", []),
        ("Documentnummer: IR57BK2LX", []),
    ],
)
def test_id_card(text: str, expected: list[str]) -> None:
    assert found("id_card", text) == expected
