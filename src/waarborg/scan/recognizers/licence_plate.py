"""Dutch licence plates (kentekens) in the side codes issued since 1951, written with
hyphens: ``XX-99-99`` to ``9-XX-999``. Plates since 1978 use no vowels and none of C, M,
Q, W and Y, which keeps words and dates out. The scan looks for the middle group
between its hyphens and reads the plate around it."""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text

_L = "[BDFGHJKLNPRSTVXZ]"
_SIDECODES = (
    rf"{_L}{{2}}-\d\d-\d\d",
    rf"\d\d-\d\d-{_L}{{2}}",
    rf"\d\d-{_L}{{2}}-\d\d",
    rf"{_L}{{2}}-\d\d-{_L}{{2}}",
    rf"{_L}{{2}}-{_L}{{2}}-\d\d",
    rf"\d\d-{_L}{{2}}-{_L}{{2}}",
    rf"\d\d-{_L}{{3}}-\d",
    rf"\d-{_L}{{3}}-\d\d",
    rf"{_L}{{2}}-\d{{3}}-{_L}",
    rf"{_L}-\d{{3}}-{_L}{{2}}",
    rf"{_L}{{3}}-\d\d-{_L}",
    rf"{_L}-\d\d-{_L}{{3}}",
    rf"\d-{_L}{{2}}-\d{{3}}",
    rf"\d{{3}}-{_L}{{2}}-\d",
)
_PLATE = re.compile("|".join(_SIDECODES))
#: The middle group and what follows, on the shape (9 a digit, A a capital).
_MIDDLE = re.compile(rb"-[A9]{2,3}-[A9]{1,3}(?![a9A\-])")


@register
class LicencePlate(Recognizer):
    name = "licence_plate"
    label = "Dutch licence plate"
    categories = ("licence_plate",)

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        out: list[Span] = []
        if "-" not in doc.text:
            return out
        shape, plain = doc.shape, doc.text
        for match in _MIDDLE.finditer(shape):
            start = match.start()
            while start > 0 and shape[start - 1] in b"A9" and match.start() - start < 3:
                start -= 1
            before = shape[start - 1] if start > 0 else 32
            if start == match.start() or before in b"a9A-":
                continue
            if _PLATE.fullmatch(plain, start, match.end()):
                out.append((start, match.end(), self.name))
        return out
