"""Dutch VAT numbers (btw-identificatienummer): ``NL`` + nine digits + ``B`` + two
digits, checked by python-stdnum (the 11-test of a company's RSIN, or the mod-97 check
of a sole trader's number)."""

from __future__ import annotations

from stdnum.nl import btw

from . import register
from .base import Recognizer


@register
class Btw(Recognizer):
    name = "btw"
    label = "Dutch VAT number (btw-id)"
    categories = ("vat_number",)
    # On the text: the literal NL is rarer than two capitals on the shape.
    pattern = r"NL(?<!\wNL)[ .]?\d{4}[ .]?\d{2}[ .]?\d{3}[ .]?B[ .]?\d\d(?!\w)"
    checksum = True

    def validate(self, candidate: str) -> bool:
        return candidate.startswith("NL") and btw.is_valid(
            candidate.replace(".", "").replace(" ", "")
        )
