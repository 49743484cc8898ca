"""IBANs of every country in the IBAN registry: the length of the country's IBAN, the
structure of its BBAN and the mod-97 check digits (python-stdnum), written compact or
in groups of four (``NL91 ABNA 0417 1643 00``), in capitals or in small letters
(``nl91abna0417164300``), as exports and logs write them."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from stdnum.util import get_cc_module

from . import register
from ._mod97 import mod_97_10
from .base import Recognizer, Span, Text

_KINDS = {"n": "0-9", "a": "A-Z", "c": "A-Za-z0-9"}


@cache
def structures() -> dict[str, tuple[int, re.Pattern[str]]]:
    """Per country code, the length of its IBANs and the structure of their BBAN, from
    python-stdnum's copy of the IBAN registry."""
    text = resources.files("stdnum").joinpath("iban.dat").read_text("utf-8")
    found: dict[str, tuple[int, re.Pattern[str]]] = {}
    for line in text.splitlines():
        parts = re.match(r'^([A-Z]{2}) .*bban="([^"]*)"', line)
        if parts:
            fields = re.findall(r"(\d+)!([nac])", parts[2])
            size = 4 + sum(int(n) for n, _ in fields)
            bban = "".join(f"[{_KINDS[kind]}]{{{n}}}" for n, kind in fields)
            found[parts[1]] = (size, re.compile(bban))
    return found


@cache
def _country_module(country: str) -> Any:
    """python-stdnum's own IBAN check of a country, where it has one."""
    return get_cc_module(country.lower(), "iban")


@register
class Iban(Recognizer):
    name = "iban"
    label = "IBAN (bank account number)"
    categories = ("iban", "bank_account", "payment_data")
    shape = rb"AA99(?<![a9A]AA99)(?: ?[A9]){11,30}"
    #: In small letters: a pattern of its own, so that each starts with its literal.
    lower_shape = re.compile(rb"aa99(?<![a9A]aa99)(?: ?[a9]){11,30}")

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        found = super().spans(doc, hint, context=context)
        lower = doc.shape_matches(self.lower_shape)
        if lower:
            accept, text = self.accept, doc.text
            for start, candidate_end in lower:
                end = accept(text, start, candidate_end, True)
                if end is not None:
                    found.append((start, end, self.name))
            found.sort()
        return found

    checksum = True

    def __init__(self) -> None:
        super().__init__()
        self.structures = structures()

    def accept(self, text: str, start: int, end: int, waived: bool) -> int | None:
        candidate = text[start:end].upper()
        structure = self.structures.get(candidate[:2])
        compact = candidate.replace(" ", "")
        if structure is None or len(compact) < structure[0] or not compact.isascii():
            return None
        size, bban = structure
        # The IBAN ends after its country's number of characters; what follows must
        # not continue the same group.
        # Each single space before the country's last character moves that end on by one.
        length = size
        space = candidate.find(" ")
        while space != -1 and space < length:
            length += 1
            space = candidate.find(" ", space + 1)
        end = start + length
        if end < len(text) and text[end].isalnum():
            return None
        number = compact[:size]
        if not (bban.fullmatch(number, 4) and mod_97_10(number[4:] + number[:4])):
            return None
        module = _country_module(number[:2])
        return end if module is None or module.is_valid(number) else None
