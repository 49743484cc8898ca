"""Plain text: each kind of data found, with the line and column of its first
occurrence and how often it occurs."""

from __future__ import annotations

from bisect import bisect_right

from ..engine import Scanner
from ..findings import Finding, Place, Scan, mask

__all__ = ["scan_text"]


def scan_text(scanner: Scanner, text: str, source: str) -> Scan:
    """Scan one text; ``source`` names it (a path, or ``-`` for standard input)."""
    spans = scanner.find(text)
    line_starts = [0]
    if spans:
        position = text.find("\n")
        while position != -1:
            line_starts.append(position + 1)
            position = text.find("\n", position + 1)
    found: dict[str, Finding] = {}
    for start, end, kind in spans:
        finding = found.get(kind)
        if finding is None:
            line = bisect_right(line_starts, start)
            column = start - line_starts[line - 1] + 1
            recognizer = scanner.by_name[kind]
            found[kind] = Finding(
                kind,
                recognizer.label,
                recognizer.categories,
                Place(source, line=line, col=column),
                1,
                example=mask(text[start:end]),
            )
        else:
            finding.count += 1
    return Scan(findings=list(found.values()), sources=[source])
