"""IPv6 addresses, full or shortened with ``::``, checked by the ``ipaddress`` module.

Every IPv6 address has ``::`` or seven colons; the scan looks for ``::`` or four groups
in a row (so a time such as ``12:30:45`` is passed over) and reads the address around
it.
"""

from __future__ import annotations

import ipaddress
import re

from . import register
from .base import Recognizer, Span, Text

_SEED = re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)")
_CHARS = frozenset("0123456789abcdefABCDEF:.")


@register
class Ipv6(Recognizer):
    name = "ipv6"
    label = "IPv6 address"
    categories = ("ip_address", "online_identifier")

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        text = doc.text
        out: list[Span] = []
        position = 0
        while True:
            seed = _SEED.search(text, position)
            if seed is None:
                return out
            start, end = seed.start(), seed.end()
            while start > 0 and text[start - 1] in _CHARS and seed.start() - start < 40:
                start -= 1
            while end < len(text) and text[end] in _CHARS and end - start < 46:
                end += 1
            while end > start and text[end - 1] == ".":
                end -= 1
            edge = (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")) and (
                end == len(text) or not (text[end].isalnum() or text[end] == "_")
            )
            if edge and _valid(text[start:end]):
                out.append((start, end, self.name))
                position = end
            else:
                position = seed.end() - 1


def _valid(candidate: str) -> bool:
    if candidate.count(":") < 2 or not any(c not in ":." for c in candidate):
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True
