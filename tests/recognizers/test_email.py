from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jan.jansen@example.nl", ["jan.jansen@example.nl"]),
        ("<piet+nieuwsbrief@mail.example.co.uk>", ["piet+nieuwsbrief@mail.example.co.uk"]),
        ("a@b.nl, c_d@e-f.com", ["a@b.nl", "c_d@e-f.com"]),
        ("Contact: info@iemagoo.nl.", ["info@iemagoo.nl"]),
        # no domain, no top-level domain, no local part
        ("jan@", []),
        ("jan@localhost", []),
        ("@example.nl", []),
        ("twitter: @waarborg", []),
        ("a@b.c", []),
        ("user@domain.123", []),
    ],
)
def test_email(text: str, expected: list[str]) -> None:
    assert found("email", text) == expected
