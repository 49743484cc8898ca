"""Dutch VAT numbers (btw-identificatienummer): ``NL`` + nine digits + ``B`` + two
digits, checked by python-stdnum (the 11-test of a company's RSIN, or the mod-97 check
of a sole trader's number)."""

from __future__ import annotations

from stdnum.nl import bsn, btw

from . import register
from ._mod97 import mod_97_10
from .base import Recognizer


@register
class Btw(Recognizer):
    name = "btw"
    label = "Dutch VAT number (btw-id)"
    categories = ("vat_number",)
    # On the text: the literal NL is rarer than two capitals on the shape; one
    # alternative for capitals and one for small letters, each with its literal.
    alternatives = (
        r"NL(?<!\wNL)[ .]?\d{4}[ .]?\d{2}[ .]?\d{3}[ .]?B[ .]?\d\d(?!\w)",
        r"nl(?<!\wnl)[ .]?\d{4}[ .]?\d{2}[ .]?\d{3}[ .]?b[ .]?\d\d(?!\w)",
    )
    checksum = True

    def validate(self, candidate: str) -> bool:
        candidate = candidate.upper()
        if not candidate.startswith("NL"):
            return False
        compact = candidate.replace(".", "").replace(" ", "")
        if not compact.isascii():  # digits of another script: python-stdnum judges them
            return btw.is_valid(compact)
        # python-stdnum's check, without its cleaning of what the pattern already made
        # clean: nine digits, B and two digits, neither number zero, and either the
        # 11-test of the nine digits or the mod-97 check of the whole.
        number, suffix = compact[2:11], compact[12:]
        return (
            int(number) > 0
            and int(suffix) > 0
            and (bsn.checksum(number) == 0 or mod_97_10(compact))
        )
