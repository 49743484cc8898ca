"""The BSN (burgerservicenummer), the Dutch citizen service number.

Nine digits that pass the 11-test, written whole or as ``1234.56.782``; accepted only
with a context word (bsn, burgerservicenummer, sofinummer) nearby or in the column
name, since one in eleven random nine-digit numbers passes the test.
"""

from __future__ import annotations

from stdnum.nl import bsn

from . import register
from .base import Recognizer


@register
class Bsn(Recognizer):
    name = "bsn"
    label = "BSN (citizen service number)"
    categories = ("bsn",)
    shape = rb"9999(?<![a9A.,\-]9999)(?P<s>[. ]?)99(?P=s)999(?![a9A]|[.,\-]9)"
    context = (
        "bsn",
        "burgerservicenummer",
        "burger service nummer",
        "burgerservice nummer",
        "sofinummer",
        "sofi-nummer",
        "sofi nummer",
        "citizen service number",
        "persoonsgebonden nummer",
    )
    needs_context = True
    checksum = True

    def validate(self, candidate: str) -> bool:
        digits = candidate.replace(".", "").replace(" ", "")
        return digits != "000000000" and bsn.checksum(digits) == 0
