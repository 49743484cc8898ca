"""The BSN (burgerservicenummer), the Dutch citizen service number.

Nine digits that pass the 11-test, written whole, as ``1234.56.782`` or in threes
(``123 456 782``, ``123.456.782``); accepted only with a context word (bsn,
burgerservicenummer, sofinummer, persoonsnummer as identity documents print it, or
an API's field name such as ``citizenServiceNumber``) nearby or in the column name,
since one in eleven random nine-digit numbers passes the test. A column whose values
are, most of them, valid BSNs is judged as a whole by the engine, label or not.
"""

from __future__ import annotations

from . import register
from .base import Recognizer


@register
class Bsn(Recognizer):
    name = "bsn"
    label = "BSN (citizen service number)"
    categories = ("bsn",)
    shape = (
        rb"999(?<![a9A.,\-]999)(?:9(?P<s>[. ]?)99(?P=s)|(?P<t>[. ])999(?P=t))999"
        rb"(?![a9A]|[.,\-]9)"
    )
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
        # What a Dutch passport and identity card call it (``Persoonsnummer/Personal No.``).
        "persoonsnummer",
        "personal no",
        "citizenservicenumber",
        "citizen_service_number",
        "nationalid",
        "national_id",
        "national id",
    )
    needs_context = True
    numeric = True
    longest = 11
    checksum = True

    def validate(self, candidate: str) -> bool:
        digits = candidate.replace(".", "").replace(" ", "")
        return digits != "000000000" and eleven(digits)


#: What the weights (9 to 2 and -1) make of nine ASCII zeros (``"0"`` is byte 48):
#: taken off once, the bytes of the digits are weighed as they are.
_ZEROS = 48 * (9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 - 1)


def eleven(digits: str) -> bool:
    """The 11-test of nine ASCII digits, as python-stdnum's ``bsn.checksum`` computes
    it (weights 9 to 2 and -1), on the digits' bytes, without a call per digit."""
    b = digits.encode("ascii")
    total = 9 * b[0] + 8 * b[1] + 7 * b[2] + 6 * b[3] + 5 * b[4] + 4 * b[5] + 3 * b[6] + 2 * b[7]
    return (total - b[8] - _ZEROS) % 11 == 0
