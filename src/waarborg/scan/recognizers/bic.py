"""BICs (SWIFT codes) with a valid country code, near a context word (BIC, SWIFT)."""

from __future__ import annotations

import re

from stdnum import bic

from . import register
from .base import Recognizer

_FORM = re.compile(r"[A-Z]{6}[A-Z2-9][A-NP-Z0-9](?:[A-Z0-9]{3})?")


@register
class Bic(Recognizer):
    name = "bic"
    label = "BIC (bank identifier code)"
    categories = ("bic", "bank_account", "payment_data")
    shape = rb"AAAAAA(?<![a9A\-]AAAAAA)[A9][A9](?:[A9]{3})?(?![a9A\-])"
    context = ("bic", "swift", "swift-code", "swiftcode", "bic-code", "bankcode", "bic code")
    needs_context = True
    window = 64

    def validate(self, candidate: str) -> bool:
        return _FORM.fullmatch(candidate) is not None and bic.is_valid(candidate)
