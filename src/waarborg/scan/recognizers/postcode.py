"""Dutch postcodes: four digits (not starting with 0) and two letters, as real files
write them: ``1234AB``, ``1234 AB``, ``1234  AB``, ``1234 ab``, right after a comma.

PostNL uses every pair of letters but SA, SD and SS (the letters I, O, Q, U and Y too,
since 2005). What keeps other text out:

- a pair that is a unit (``2048 KB``, ``1500 kg``) is a size, not a postcode, unless
  a postcode's label stands before it or its place follows (``postcode: 1234 KM``,
  ``1234 KM Utrecht``), or the column is named for postcodes;
- in lower case with a space, a pair that is a Dutch or English word (``sinds 2019
  al``, ``in 2020 en``) is a year and a word; in capitals too when a small word
  follows (``in 2024 IS het zover``), where a postcode has its town or an end.
"""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text

_FORM = re.compile(r"[1-9]\d{3} {0,2}[A-Za-z]{2}")
#: Letter pairs PostNL does not use (as python-stdnum's check has them).
_UNUSED = frozenset(("SA", "SD", "SS"))
#: Units written after a number: sizes of files, lengths, weights, power.
_UNITS = frozenset("KB MB GB TB PB KM CM MM DM KG MG ML CL DL KW MW HZ PK".split())
#: Two-letter words of Dutch and English that follow a year or a number in a sentence.
_WORDS = frozenset(
    "al af an as at be by da de do en er ga ha he hi ik in is it ja je me na nu of oh ok "
    "om on op or so te to tv uw up us we ze zo".split()
)


#: A place after a postcode: a space and a capitalised word.
_PLACE_AFTER = re.compile(r" {1,2}[A-Z][a-z]")


@register
class Postcode(Recognizer):
    name = "postcode"
    label = "Dutch postcode"
    categories = ("postcode", "address", "company_address")
    # Not after a letter, a digit, a dot or a hyphen, nor after a digit and a comma
    # (``1,2345 AB``); a comma alone (``x@y.nl,6268 EJ``) is a separator.
    shape = rb"9999(?<![a9A.\-]9999)(?<!9,9999) {0,2}[Aa][Aa](?![a9A\-])"
    #: Labels that make a unit pair a postcode (``needs_context`` stays off: they are
    #: asked only for those pairs).
    context = ("postcode", "postalcode", "postal code", "zip", "zipcode", "pc")

    def __init__(self) -> None:
        super().__init__()
        self._labelled = False

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        # A column named for postcodes, or one judged as a whole, needs no label.
        self._labelled = not context or self.in_hint(hint)
        return super().spans(doc, hint, context=context)

    def validate(self, candidate: str) -> bool:
        if _FORM.fullmatch(candidate) is None:
            return False
        letters = candidate[-2:]
        if letters.upper() in _UNUSED:
            return False
        if letters.islower():
            return " " not in candidate or letters not in _WORDS
        return letters.isupper()

    def accept(self, text: str, start: int, end: int, waived: bool) -> int | None:
        if not self.validate(text[start:end]):
            return None
        if (
            text[end - 2 : end].upper() in _UNITS
            and not self._labelled
            and not self.near(text, start)
            and _PLACE_AFTER.match(text, end) is None
        ):
            return None
        if (
            text[end - 3] == " "
            and text[end - 2 : end].lower() in _WORDS
            and text[end : end + 2].startswith(" ")
            and text[end + 1 : end + 2].islower()
        ):
            return None
        return end
