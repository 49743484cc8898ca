"""KvK numbers: the eight digits of the Dutch Business Register, accepted only near a
context word (KvK, K.v.K., Kamer van Koophandel, handelsregister, CoC), since any eight digits are
a valid number."""

from __future__ import annotations

from . import register
from .base import Recognizer


@register
class Kvk(Recognizer):
    name = "kvk"
    label = "KvK number (Chamber of Commerce)"
    categories = ("kvk",)
    shape = rb"9999(?<![a9A.,\-]9999)[ .]?9999(?![a9A]|[.,\-]9)"
    context = (
        "kvk",
        "k.v.k.",
        "k.v.k",
        "kvk-nr.",
        "kvk nr.",
        "handelsregisternummer",
        "inschrijvingsnummer",
        "kvknumber",
        "kvk_nummer",
        "cocnumber",
        "kvk-nummer",
        "kvknummer",
        "kvk nummer",
        "kvk nr",
        "kvk-nr",
        "kamer van koophandel",
        "handelsregister",
        "chamber of commerce",
        "coc",
        "coc number",
    )
    needs_context = True
    numeric = True
    longest = 9
    window = 40

    def validate(self, candidate: str) -> bool:
        digits = candidate.replace(" ", "").replace(".", "")
        return len(digits) == 8 and digits != "00000000"
