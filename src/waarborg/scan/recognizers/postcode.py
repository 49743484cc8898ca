"""Dutch postcodes: four digits (not starting with 0) and two capitals, with or
without a space. The letters I, O, Q, U and Y are not used, nor the pairs SA, SD and
SS, which keeps most years followed by a word in capitals out."""

from __future__ import annotations

import re

from . import register
from .base import Recognizer

_FORM = re.compile(r"[1-9]\d{3} ?[A-HJ-NPRSTV-XZ]{2}")
#: Letter pairs PostNL does not use (as python-stdnum's check has them).
_UNUSED = frozenset(("SA", "SD", "SS"))


@register
class Postcode(Recognizer):
    name = "postcode"
    label = "Dutch postcode"
    categories = ("postcode", "address", "company_address")
    shape = rb"9999(?<![a9A.,\-]9999) ?AA(?![a9A\-])"

    def validate(self, candidate: str) -> bool:
        return _FORM.fullmatch(candidate) is not None and candidate[-2:] not in _UNUSED
