from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a company's number: its RSIN (11-test) and B01
        ("btw NL000099998B57", ["NL000099998B57"]),
        ("btw nl000099998b57", ["nl000099998b57"]),
        ("BTW-id: NL 0000.99.998.B.57", ["NL 0000.99.998.B.57"]),
        # a sole trader's number (mod 97)
        ("NL002455799B11", ["NL002455799B11"]),
        # wrong check
        ("NL123456789B01", []),
        # another country, or glued to more
        ("BE0123456789", []),
        ("XNL000099998B57", []),
    ],
)
def test_btw(text: str, expected: list[str]) -> None:
    assert found("btw", text) == expected
