"""The scanner: every enabled recognizer over a text, overlaps resolved.

``Scanner.find`` runs each recognizer's own scan (a compiled regular expression, or a
search for a literal such as ``@`` or ``<<``) and validates the candidates. Where two
matches overlap, the longer one stays; of two equally long ones, the recognizer listed
first in the registry. ``Scanner.column`` judges the values of one column or field
together, joined by newlines so that one scan covers them all.

A long text, and a file of any size (``Scanner.stream``), is scanned in overlapping
windows (``windows``): each window owns the matches that *start* in its middle part,
and the overlap on either side is ``Scanner.margin`` characters, at least the longest
value a recognizer accepts plus the context it reads before a value. So no value is
cut at a window's border, and none found in an overlap is counted twice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .recognizers import Recognizer, Span, enabled
from .recognizers.base import Text

__all__ = ["LONGEST", "ColumnResult", "Scanner", "windows"]

#: The size of the windows a long text is scanned in.
CHUNK = 16_384
#: The longest value any recognizer accepts, in characters (an e-mail address is at
#: most 254 by RFC 5321, a machine-readable zone 92 with its line ends, an IBAN 42).
LONGEST = 256

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
        #: The overlap of two windows on either side of their border: the longest value
        #: and the farthest a recognizer looks back for a context word.
        self.margin = LONGEST + max((r.window for r in self.recognizers), default=0)

    @classmethod
    def build(
        cls, disabled: Collection[str] = (), selected: Collection[str] | None = None
    ) -> Scanner:
        return cls(enabled(disabled, selected))

    def find(self, text: str, hint: str = "") -> list[Span]:
        """Every match in ``text``, in order, none overlapping.

        A long text is scanned in overlapping windows of about ``CHUNK`` characters, so
        that no recognizer's work grows faster than the text.
        """
        if len(text) <= CHUNK:
            return self._find(text, hint)
        pieces = (text[i : i + CHUNK] for i in range(0, len(text), CHUNK))
        return [span for _, span in self.stream(pieces, hint, CHUNK)]

    def stream(
        self, pieces: Iterable[str], hint: str = "", size: int = 1 << 20
    ) -> Iterator[tuple[str, Span]]:
        """Every match in the text that ``pieces`` make when joined (a file read block by
        block), in order, none overlapping, each with the text it matched. Holds one
        window of ``size`` characters at a time, whatever the text's length."""
        size = max(size, 4 * self.margin)
        owned = (
            (window[start - offset : end - offset], (start, end, name))
            for offset, window, low, high in windows(pieces, size, self.margin)
            for start, end, name in self._owned(window, hint, low, high, offset)
        )
        last: tuple[str, Span] | None = None
        rank = self.rank
        for item in owned:
            span = item[1]
            if last is None:
                last = item
                continue
            kept = last[1]
            if span[0] >= kept[1]:
                yield last
                last = item
            elif span[1] - span[0] > kept[1] - kept[0] or (
                span[:2] == kept[:2] and rank[span[2]] < rank[kept[2]]
            ):
                last = item
        if last is not None:
            yield last

    def _owned(self, window: str, hint: str, low: int, high: int, offset: int) -> list[Span]:
        """The raw matches that start in ``window[low:high]``, sorted, at offsets in the
        whole text; resolved only when stitched, so that a value cut at the window's
        end cannot push out a whole one."""
        doc = Text(window)
        spans: list[Span] = []
        for scan in self._scans:
            spans += [
                (start + offset, end + offset, name)
                for start, end, name in scan(doc, hint)
                if low <= start < high
            ]
        spans.sort()
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


def windows(pieces: Iterable[str], size: int, margin: int) -> Iterator[tuple[int, str, int, int]]:
    """Overlapping windows over the text that ``pieces`` make: ``(offset, window, low,
    high)``, where ``offset`` is the window's place in the text and the matches that
    start in ``window[low:high]`` are the window's own. Consecutive windows share
    ``2 * margin`` characters, and their own parts meet without a gap."""
    if size <= 2 * margin:
        raise ValueError("a window must be larger than its two margins")
    source = iter(pieces)
    text = ""
    #: Where ``text`` starts in the whole text, and where the window starts in ``text``.
    base = at = 0
    low = 0
    done = False
    while True:
        while not done and len(text) - at < size:
            piece = next(source, None)
            if piece is None:
                done = True
            elif piece:
                text = text[at:] + piece
                base += at
                at = 0
        if done and len(text) - at <= size:
            yield base + at, text[at:], low, len(text) - at
            return
        yield base + at, text[at : at + size], low, size - margin
        at += size - 2 * margin
        low = margin
