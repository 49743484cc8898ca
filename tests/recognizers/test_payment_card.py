from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visa 4111 1111 1111 1111", ["4111 1111 1111 1111"]),
        ("mastercard 5555555555554444", ["5555555555554444"]),
        ("amex 3782-822463-10005", ["3782-822463-10005"]),
        ("nieuwe Mastercard-reeks 2221000000000009", ["2221000000000009"]),
        # the Luhn check fails
        ("4111 1111 1111 1112", []),
        # Luhn passes, but no card brand starts so
        ("1234 5678 9012 3452", []),
        # too short or too long
        ("411111111111", []),
        ("41111111111111111111", []),
    ],
)
def test_payment_card(text: str, expected: list[str]) -> None:
    assert found("payment_card", text) == expected
