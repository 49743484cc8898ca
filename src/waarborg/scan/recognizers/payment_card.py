"""Payment card numbers (credit and debit cards): 13 to 19 digits, whole or in groups,
with the issuer prefix and length of a known card brand and a valid Luhn check digit
(python-stdnum)."""

from __future__ import annotations

import re

from stdnum import luhn

from . import register
from .base import Recognizer

#: Issuer prefixes and the lengths of their card numbers.
_BRANDS = re.compile(
    r"^(?:4\d{12}(?:\d{3}){0,2}"  # Visa: 13, 16, 19
    r"|(?:5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)\d{12}"  # Mastercard
    r"|3[47]\d{13}"  # American Express
    r"|(?:6011|65\d\d|64[4-9]\d)\d{12,15}"  # Discover
    r"|35(?:2[89]|[3-8]\d)\d{12,15}"  # JCB
    r"|3(?:0[0-5]|[68]\d)\d{11,16}"  # Diners Club
    r"|(?:5[06-9]|6\d)\d{10,17})$"  # Maestro
)


@register
class PaymentCard(Recognizer):
    name = "payment_card"
    label = "Payment card number"
    categories = ("payment_card", "payment_data")
    shape = rb"9999(?<![a9A.,+\-]9999)(?:[ \-]?9){9,15}(?![a9A]|[.,\-]9)"
    checksum = True

    def validate(self, candidate: str) -> bool:
        digits = candidate.replace(" ", "").replace("-", "")
        return _BRANDS.match(digits) is not None and luhn.is_valid(digits)
