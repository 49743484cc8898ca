from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ip=192.168.1.20", ["192.168.1.20"]),
        ("van 10.0.0.1 en 255.255.255.0", ["10.0.0.1", "255.255.255.0"]),
        ("151.48.196.0", ["151.48.196.0"]),
        # a part over 255, too few or too many parts
        ("256.1.1.1", []),
        ("192.168.1", []),
        ("1.2.3.4.5", []),
        # amounts and dates
        ("EUR 1.234.567", []),
        ("12.03.1985", []),
    ],
)
def test_ipv4(text: str, expected: list[str]) -> None:
    assert found("ipv4", text) == expected
