"""The scanner: every enabled recognizer over a text, overlaps resolved.

``Scanner.find`` runs each recognizer's own scan (a compiled regular expression, or a
search for a literal such as ``@`` or ``<<``) and validates the candidates. Where two
matches overlap, the longer one stays; of two equally long ones, the recognizer listed
first in the registry. ``Scanner.column`` judges the values of one column or field
together, joined by newlines so that one scan covers them all.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .recognizers import Recognizer, Span, enabled
from .recognizers.base import Text

__all__ = ["ColumnResult", "Scanner"]

#: The size of the pieces a long text is scanned in.
CHUNK = 16_384

#: In a column, the share of values that must pass a recognizer's checksum for the
#: column to hold that data without a context word (one in eleven random numbers
#: passes the BSN's 11-test).
CHECKSUM_SHARE = 0.8
#: ...and the fewest such values.
CHECKSUM_MIN = 5


@dataclass
class ColumnResult:
    """What the values of one column hold: per recognizer, the values that hold it."""

    values: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    #: Per recognizer, the index of the first value that holds it and what matched.
    first: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(self, other: ColumnResult) -> None:
        """Add the result of the next batch of the same column."""
        for name, hits in other.hits.items():
            self.hits[name] = self.hits.get(name, 0) + hits
            if name not in self.first:
                index, text = other.first[name]
                self.first[name] = (self.values + index, text)
        self.values += other.values


class Scanner:
    """The enabled recognizers, in order of precedence."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self.recognizers = list(recognizers)
        self.rank = {r.name: i for i, r in enumerate(self.recognizers)}
        self.by_name = {r.name: r for r in self.recognizers}
        self._scans = [r.spans for r in self.recognizers]

    @classmethod
    def build(
        cls, disabled: Collection[str] = (), selected: Collection[str] | None = None
    ) -> Scanner:
        return cls(enabled(disabled, selected))

    def find(self, text: str, hint: str = "") -> list[Span]:
        """Every match in ``text``, in order, none overlapping.

        A long text is scanned in pieces of about ``CHUNK`` characters, cut at a blank
        line or else a line end, so that no recognizer's work grows faster than the text.
        """
        if len(text) <= CHUNK:
            return self._find(text, hint)
        spans: list[Span] = []
        for offset, piece in chunks(text):
            spans.extend(
                (start + offset, end + offset, name) for start, end, name in self._find(piece, hint)
            )
        return spans

    def _find(self, text: str, hint: str) -> list[Span]:
        doc = Text(text)
        spans: list[Span] = []
        for scan in self._scans:
            spans += scan(doc, hint)
        return self._resolve(spans)

    def _resolve(self, spans: list[Span]) -> list[Span]:
        if len(spans) < 2:
            return spans
        rank = self.rank
        spans.sort()  # by start, then shorter first
        kept: list[Span] = [spans[0]]
        for span in spans[1:]:
            last = kept[-1]
            if span[0] >= last[1]:
                kept.append(span)
            elif span[1] - span[0] > last[1] - last[0] or (
                span[:2] == last[:2] and rank[span[2]] < rank[last[2]]
            ):
                kept[-1] = span
        return kept

    def column(self, values: Iterable[str], hint: str = "") -> ColumnResult:
        """Judge one column: which recognizers hit which of its values.

        A recognizer that needs a context word gets it from ``hint`` (the column's
        name); one with a checksum also counts when most values are, whole, a valid
        number of its kind (a column of BSNs named ``nummer``).
        """
        texts = [v for v in values if v]
        result = ColumnResult(values=len(texts))
        if not texts:
            return result
        joined = "\n".join(texts)
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        spans = self.find(joined, hint)
        spans.extend(self._by_checksum(joined, texts, starts, hint, spans))
        seen: dict[str, set[int]] = {}
        for start, end, name in spans:
            index = bisect_right(starts, start) - 1
            rows = seen.setdefault(name, set())
            if index not in rows:
                rows.add(index)
                result.first.setdefault(name, (index, joined[start:end]))
        result.hits = {name: len(rows) for name, rows in seen.items()}
        return result

    def _by_checksum(
        self, joined: str, texts: list[str], starts: list[int], hint: str, found: list[Span]
    ) -> list[Span]:
        extra: list[Span] = []
        names = {s[2] for s in found}
        value_starts = frozenset(starts)
        for recognizer in self.recognizers:
            if not (recognizer.checksum and recognizer.needs_context) or recognizer.name in names:
                continue
            whole = [
                span
                for span in recognizer.spans(Text(joined), hint, context=False)
                if span[0] in value_starts
                and span[1] - span[0] == len(texts[bisect_right(starts, span[0]) - 1])
            ]
            if len(whole) >= CHECKSUM_MIN and len(whole) >= CHECKSUM_SHARE * len(texts):
                extra.extend(whole)
        return extra


def chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of about ``size`` characters with their offsets, each cut
    after a blank line, else after a line end, else where the size runs out."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            floor = start + size // 2
            cut = text.rfind("\n\n", floor, end)
            if cut == -1:
                cut = text.rfind("\n", floor, end)
            end = end if cut == -1 else cut + 1
        yield start, text[start:end]
        start = end
