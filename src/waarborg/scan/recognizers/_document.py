"""What the Dutch passport and identity-card recognizers share: the document number."""

from __future__ import annotations

from stdnum.nl import identiteitskaartnummer

from .base import Recognizer


class DocumentNumber(Recognizer):
    """Nine characters: two letters, six letters or digits, one digit; never the
    letter O (python-stdnum). The number carries no check digit of its own, so it
    needs a context word that names the document."""

    shape = rb"AA(?<![a9A\-]AA)[A9]{6}9(?![a9A\-])"
    needs_context = True
    window = 64

    def validate(self, candidate: str) -> bool:
        return identiteitskaartnummer.is_valid(candidate)
