"""E-mail addresses: a local part, ``@`` and a domain with a top-level domain of
letters. The scan starts at each ``@`` and reads outwards, so text without one costs
next to nothing."""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
#: The local part, read backwards from the ``@``.
_LOCAL_REVERSED = re.compile(rf"{_ATOM}+(?:\.{_ATOM}+)*")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")


@register
class Email(Recognizer):
    name = "email"
    label = "E-mail address"
    categories = ("email", "business_email", "contact_list")

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        text = doc.text
        out: list[Span] = []
        at = text.find("@")
        while at != -1:
            before = text[max(0, at - 64) : at][::-1]
            local = _LOCAL_REVERSED.match(before)
            domain = _DOMAIN.match(text, at + 1) if local else None
            if local is not None and domain is not None:
                out.append((at - local.end(), domain.end(), self.name))
                at = text.find("@", domain.end())
            else:
                at = text.find("@", at + 1)
        return out
