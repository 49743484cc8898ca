"""Masking what the scanner finds in a text: a copy of an identity document with its
BSN, document number and MRZ masked, a log with its e-mail and IP addresses masked.

Two styles: ``stars`` writes ``*`` over every character but spaces and line ends, so
the layout stays (an MRZ stays two lines of 44); ``label`` writes the kind in brackets
(``[bsn]``).
"""

from __future__ import annotations

from collections.abc import Collection

from .engine import Scanner
from .recognizers import Span

__all__ = ["STYLES", "redact"]

STYLES = ("stars", "label")


def redact(
    scanner: Scanner, text: str, *, style: str = "stars", keep: Collection[str] = ()
) -> tuple[str, list[Span]]:
    """The text with every match masked (except the kinds in ``keep``), and the
    matches that were masked."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}")
    spans = [span for span in scanner.find(text) if span[2] not in keep]
    parts: list[str] = []
    position = 0
    for start, end, kind in spans:
        parts.append(text[position:start])
        if style == "label":
            parts.append(f"[{kind}]")
        else:
            parts.append("".join(c if c in " \n\r\t" else "*" for c in text[start:end]))
        position = end
    parts.append(text[position:])
    return "".join(parts), spans
