"""Plain text: each kind of data found, with the line and column of its first
occurrence and how often it occurs.

A text is read as a stream of blocks (``scan_stream``), so a file of any size is
scanned in the memory of a window; the engine's overlapping windows make sure that
no value is cut where two blocks meet.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from ..engine import CHUNK, Scanner
from ..findings import Finding, Place, Scan, mask
from ..recognizers.mrz import inside

__all__ = ["BLOCK", "scan_stream", "scan_text"]

#: The characters read at a time from a file.
BLOCK = 1 << 20


def scan_text(scanner: Scanner, text: str, source: str) -> Scan:
    """Scan one text; ``source`` names it (a path, or ``-`` for standard input)."""
    return scan_stream(scanner, (text[i : i + BLOCK] for i in range(0, len(text), BLOCK)), source)


def scan_stream(scanner: Scanner, pieces: Iterable[str], source: str) -> Scan:
    """Scan the text that ``pieces`` make, one window at a time."""
    lines = _Lines(pieces)
    found: dict[str, Finding] = {}
    for value, (start, _end, kind) in scanner.stream(lines, size=CHUNK):
        _count(scanner, found, lines, source, value, start, kind)
        if kind == "mrz":
            # The BSN inside a Dutch document's zone is reported as a BSN too.
            for first, last, inner in inside(value):
                if inner in scanner.by_name:
                    _count(scanner, found, lines, source, value[first:last], start + first, inner)
    return Scan(findings=list(found.values()), sources=[source])


def _count(
    scanner: Scanner,
    found: dict[str, Finding],
    lines: _Lines,
    source: str,
    value: str,
    start: int,
    kind: str,
) -> None:
    finding = found.get(kind)
    if finding is None:
        line, column = lines.at(start)
        recognizer = scanner.by_name[kind]
        found[kind] = Finding(
            kind,
            recognizer.label,
            recognizer.categories,
            Place(source, line=line, col=column),
            1,
            example=mask(value),
        )
    else:
        finding.count += 1


class _Lines:
    """The pieces of a text, passed on, with what is needed to tell the line and
    column of an offset in the last few of them."""

    #: Pieces kept: more than the engine's window reaches back.
    KEEP = 8

    def __init__(self, pieces: Iterable[str]) -> None:
        self.pieces = pieces
        #: (offset, line at the offset, offset of that line's start, piece).
        self.recent: deque[tuple[int, int, int, str]] = deque(maxlen=self.KEEP)

    def __iter__(self) -> Iterator[str]:
        offset, line, line_start = 0, 1, 0
        for piece in self.pieces:
            self.recent.append((offset, line, line_start, piece))
            newlines = piece.count("\n")
            if newlines:
                line += newlines
                line_start = offset + piece.rfind("\n") + 1
            offset += len(piece)
            yield piece

    def at(self, position: int) -> tuple[int, int]:
        """The line and column (both from 1) of ``position``."""
        for offset, line, line_start, piece in reversed(self.recent):
            if offset <= position:
                before = piece[: position - offset]
                newlines = before.count("\n")
                if newlines:
                    line_start = offset + before.rfind("\n") + 1
                return line + newlines, position - line_start + 1
        raise ValueError(f"offset {position} is no longer held")  # the window outran KEEP
