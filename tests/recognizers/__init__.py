"""Tests of the scanner's recognizers: one module per recognizer, each a table of
(text, expected matches). Hard negatives are part of every table."""

from __future__ import annotations

from waarborg.scan.engine import Scanner


def found(name: str, text: str, hint: str = "") -> list[str]:
    """What recognizer ``name`` alone finds in ``text``, as the matched substrings."""
    scanner = _scanner(name)
    return [text[start:end] for start, end, _ in scanner.find(text, hint)]


_SCANNERS: dict[str, Scanner] = {}


def _scanner(name: str) -> Scanner:
    if name not in _SCANNERS:
        _SCANNERS[name] = Scanner.build(selected={name})
    return _SCANNERS[name]
