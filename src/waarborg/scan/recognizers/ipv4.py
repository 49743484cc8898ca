"""IPv4 addresses in dotted-quad form (each part 0 to 255)."""

from __future__ import annotations

import re

from . import register
from .base import Recognizer

_PARTS = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.|$)){4}")


@register
class Ipv4(Recognizer):
    name = "ipv4"
    label = "IPv4 address"
    categories = ("ip_address", "online_identifier")
    shape = rb"9(?<![a9A.]9)9{0,2}\.9{1,3}\.9{1,3}\.9{1,3}(?![a9A]|\.9)"

    def validate(self, candidate: str) -> bool:
        return _PARTS.fullmatch(candidate) is not None
