from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ip=2001:db8::1 ok", ["2001:db8::1"]),
        ("fe80::1ff:fe23:4567:890a", ["fe80::1ff:fe23:4567:890a"]),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334.", ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]),
        ("::ffff:192.0.2.128", ["::ffff:192.0.2.128"]),
        # times, ratios and labels
        ("om 12:30:45 uur", []),
        ("Naam: Jan", []),
        ("a:b:c", []),
        ("2001:db8:::1", []),
    ],
)
def test_ipv6(text: str, expected: list[str]) -> None:
    assert found("ipv6", text) == expected
