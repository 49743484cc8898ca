"""IPv4 addresses in dotted-quad form (each part 0 to 255)."""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text

#: From the first dot on, on the shape: a dot is rarer than a digit, so the scan
#: starts there and reads the first part backwards.
_AFTER_FIRST_PART = re.compile(rb"\.9{1,3}\.9{1,3}\.9{1,3}(?![a9A]|\.9)")
_PARTS = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.|$)){4}")


@register
class Ipv4(Recognizer):
    name = "ipv4"
    label = "IPv4 address"
    categories = ("ip_address", "online_identifier")

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        out: list[Span] = []
        shape, plain = doc.shape, doc.text
        for match in _AFTER_FIRST_PART.finditer(shape):
            dot, end = match.span()
            # The first part: the one to three digits before the first dot, counted
            # from the four characters before it (a fourth digit rules it out).
            head = shape[max(0, dot - 4) : dot]
            digits = len(head) - len(head.rstrip(b"9"))
            if not 0 < digits < 4:
                continue
            start = dot - digits
            if start > 0 and shape[start - 1] in b"a9A.":
                continue
            if _PARTS.fullmatch(plain, start, end):
                out.append((start, end, self.name))
        return out
