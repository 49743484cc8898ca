"""The scanner: every enabled recognizer over a text, overlaps resolved.

``Scanner.find`` runs each recognizer's own scan (a compiled regular expression, or a
search for a literal such as ``@`` or ``<<``) and validates the candidates. Where two
matches overlap, the longer one stays; of two equally long ones, the recognizer listed
first in the registry; but a match whose checksum holds beats one that has none (one
value, one kind: ``nl91 abna 0417 1643 00`` is an IBAN, not a telephone number with
an IBAN around it). ``Scanner.column`` judges the values of one column or field
together, joined by newlines so that one scan covers them all.

A text that is a delimited table (a CSV export, see ``delimited``) is scanned column
by column, each column's values judged as a whole with its header's name as the hint:
nine digits passing the 11-test in most rows are a BSN column, a column of plausible
birth dates holds dates of birth, a column of names from the gazetteer holds names,
label or not.

A long text, and a file of any size (``Scanner.stream``), is scanned in overlapping
windows (``windows``): each window owns the matches that *start* in its middle part,
and the overlap on either side is ``Scanner.margin`` characters, at least the longest
value a recognizer accepts plus the context it reads before a value. So no value is
cut at a window's border, and none found in an overlap is counted twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import sub

from . import delimited
from .columns import category_of
from .recognizers import Recognizer, Span, enabled
from .recognizers.base import Text
from .recognizers.date_of_birth import DateOfBirth
from .recognizers.person_name import (
    PersonName,
    is_name_column,
    organisation_value,
    personal_values,
)

__all__ = ["LONGEST", "ColumnResult", "Scanner", "windows"]

#: The size of the windows a long text is scanned in.
CHUNK = 262_144
#: The longest value any recognizer accepts, in characters (an e-mail address is at
#: most 254 by RFC 5321, a machine-readable zone 92 with its line ends, an IBAN 42).
LONGEST = 256

#: In a column, the share of values that must pass a recognizer's checksum for the
#: column to hold that data without a context word (one in eleven random numbers
#: passes the BSN's 11-test).
CHECKSUM_SHARE = 0.8
#: ...and the fewest such values.
CHECKSUM_MIN = 5
#: In a column without a name that says so, the share of values that must be plausible
#: birth dates (over at least ``BIRTH_YEARS`` different years, none in the last ten
#: years: an invoice's or a log's dates are recent and close together).
BIRTH_SHARE = 0.8
BIRTH_YEARS = 5
BIRTH_AGE = 10
#: A column of eight digits right after a column of organisations holds KvK numbers
#: when at least this share of the names are organisations' (and this many rows).
KVK_SHARE = 0.5
KVK_MIN = 3
#: In a column named for names, the share of values that must look like a person's.
NAMED_SHARE = 0.7


_YEAR = re.compile(r"(?:19|20)\d\d")


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
        self._checksum = {r.name for r in self.recognizers if r.checksum}
        birth = self.by_name.get("date_of_birth")
        self._birth = birth if isinstance(birth, DateOfBirth) else None
        self._names = "person_name" in self.by_name
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
        that no recognizer's work grows faster than the text. A delimited table is
        judged column by column.
        """
        if "\n" in text[:4096]:
            grid = delimited.table(text)
            if grid is not None:
                return self._table(text, grid)
        return self._text(text, hint)

    def _text(self, text: str, hint: str) -> list[Span]:
        if len(text) <= CHUNK:
            return self._find(text, hint)
        # The windows' own matches follow one another in order (each window owns the
        # matches that start in its middle part), so one resolution over all of them
        # keeps what ``stream`` would, without carrying each match's text.
        size = max(CHUNK, 4 * self.margin)
        spans: list[Span] = []
        for offset, window, low, high in windows((text,), size, self.margin):
            spans += self._owned(window, hint, low, high, offset)
        return self._resolve(spans)

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
        for item in owned:
            span = item[1]
            if last is None:
                last = item
                continue
            kept = last[1]
            if span[0] >= kept[1]:
                yield last
                last = item
            elif self._beats(span, kept):
                last = item
        if last is not None:
            yield last

    def _beats(self, span: Span, kept: Span) -> bool:
        """Whether ``span`` pushes out ``kept``, which it overlaps and starts no earlier
        than: a match whose checksum holds beats one without; else the longer one, and
        of two equally long ones the recognizer listed first."""
        checked, kept_checked = span[2] in self._checksum, kept[2] in self._checksum
        if checked != kept_checked:
            return checked
        return span[1] - span[0] > kept[1] - kept[0] or (
            span[:2] == kept[:2] and self.rank[span[2]] < self.rank[kept[2]]
        )

    def _owned(self, window: str, hint: str, low: int, high: int, offset: int) -> list[Span]:
        """The raw matches that start in ``window[low:high]``, sorted, at offsets in the
        whole text; resolved only when stitched, so that a value cut at the window's
        end cannot push out a whole one."""
        spans = [
            (start + offset, end + offset, name)
            for start, end, name in self._raw(window, hint)
            if low <= start < high
        ]
        spans.sort()
        return spans

    def _raw(self, text: str, hint: str) -> list[Span]:
        """Every recognizer's matches in ``text``, unresolved."""
        doc = Text(text)
        spans: list[Span] = []
        for scan in self._scans:
            spans += scan(doc, hint)
        if self._birth is not None and self._names:
            # A date right after a name: a list of participants, a form's details.
            after = self._birth.after_name
            born = [after(text, end) for _, end, kind in spans if kind == "person_name"]
            spans += [span for span in born if span is not None]
        return spans

    def _find(self, text: str, hint: str) -> list[Span]:
        return self._resolve(self._raw(text, hint))

    def _resolve(self, spans: list[Span]) -> list[Span]:
        if len(spans) < 2:
            return spans
        spans.sort()  # by start, then shorter first
        kept: list[Span] = [spans[0]]
        for span in spans[1:]:
            if span[0] >= kept[-1][1]:
                kept.append(span)
            elif self._beats(span, kept[-1]):
                kept[-1] = span
        return kept

    def _table(self, text: str, grid: delimited.Table) -> list[Span]:
        """The matches in a delimited table: those of the text as a whole, and those
        that each column's name and values show as a whole."""
        # The delimiter becomes a tab, which joins no value to the next: a telephone
        # number right after a comma is a value of its own, not part of a number.
        plain = text if grid.delimiter == "\t" else text.replace(grid.delimiter, "\t")
        spans = self._text(plain, "")
        previous: delimited.Column | None = None
        for column in grid.columns:
            before, previous = previous, column
            if not column.values:
                continue
            if before is not None and not column.name and self._kvk_after(before, column):
                spans.extend(
                    (start, start + 8, "kvk")
                    for start, value in zip(column.starts, column.values, strict=True)
                    if len(value) == 8 and value.isdigit()
                )
                continue
            joined = "\n".join(column.values)
            starts = _offsets(column.values)
            found: list[Span] = []
            if column.name:
                # The header is the context word the text lacks (a column ``bsn``).
                doc = Text(joined)
                for recognizer in self.recognizers:
                    if recognizer.needs_context and recognizer.in_hint(column.name):
                        found += recognizer.spans(doc, column.name)
            found += self._by_checksum(joined, column.values, starts, column.name, found)
            found += self._by_values(joined, column.values, starts, column.name, found)
            if not found:
                continue
            # From the joined values to the text: most matches are whole values, whose
            # shift is looked up by their start; the others' value is bisected for.
            shifts = dict(zip(starts, map(sub, column.starts, starts), strict=True))
            for start, end, name in found:
                at = shifts.get(start)
                if at is None:
                    index = bisect_right(starts, start) - 1
                    at = column.starts[index] - starts[index]
                spans.append((start + at, end + at, name))
        spans.sort()
        return self._resolve(spans)

    def _births(
        self,
        birth: DateOfBirth,
        joined: str,
        texts: list[str],
        starts: list[int],
        whole: list[Span] | None = None,
    ) -> bool:
        """Whether values are, most of them, plausible birth dates: over several
        years, none in the last ten."""
        if whole is None:
            whole = _whole(birth.spans, joined, texts, starts, BIRTH_SHARE)
        years = _whole_years(joined, whole)
        return (
            bool(whole)
            and len(years) >= min(BIRTH_YEARS, len(texts))
            and max(years, default=0) <= birth.last_year - BIRTH_AGE
        )

    def _kvk_after(self, before: delimited.Column, column: delimited.Column) -> bool:
        return self.kvk_after(before.values, column.values)

    def kvk_after(self, before: Sequence[str], values: Sequence[str]) -> bool:
        """Whether a column without a name is one of KvK numbers: eight digits in most
        rows, right after a column of organisations' names (a company's details, as
        exports and footers give them: ``Bakker Bouw B.V.;12345678``)."""
        if "kvk" not in self.by_name or len(before) < KVK_MIN:
            return False
        numbers = sum(len(v) == 8 and v.isdigit() for v in values)
        if numbers < CHECKSUM_SHARE * len(values):
            return False
        sample = before[:200]
        return sum(organisation_value(v) for v in sample) >= KVK_SHARE * len(sample)

    def kvk_column(self, values: Sequence[str]) -> ColumnResult:
        """A column that ``kvk_after`` found to hold KvK numbers: its values of eight
        digits are."""
        result = ColumnResult(values=sum(1 for v in values if v))
        hits = [(i, v) for i, v in enumerate(values) if len(v) == 8 and v.isdigit()]
        if hits:
            result.hits["kvk"] = len(hits)
            result.first["kvk"] = hits[0]
        return result

    def _judge(self, joined: str, texts: list[str], starts: list[int], hint: str) -> list[Span]:
        """The matches in the values of one column, judged as a whole."""
        spans = self._text(joined, hint)
        spans.extend(self._by_checksum(joined, texts, starts, hint, spans))
        spans.extend(self._by_values(joined, texts, starts, hint, spans))
        spans.sort()
        return self._resolve(spans)

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
        starts = _offsets(texts)
        spans = self._merged(joined, hint)
        if spans is None:
            spans = self._judge(joined, texts, starts, hint)
        seen: dict[str, set[int]] = {}
        for start, end, name in spans:
            index = bisect_right(starts, start) - 1
            rows = seen.setdefault(name, set())
            if index not in rows:
                rows.add(index)
                result.first.setdefault(name, (index, joined[start:end]))
        result.hits = {name: len(rows) for name, rows in seen.items()}
        return result

    def _merged(self, joined: str, hint: str) -> list[Span] | None:
        """The matches in a column that is a whole delimited table read as one column (a
        semicolon CSV read with commas: its name is ``naam;bsn;postcode``), judged column
        by column, with offsets in ``joined``; None for a column that is not one. The
        name may be a row of data (a file without a header) or cut short, so the values
        are sniffed without it when it does not fit."""
        if ";" not in joined[:4096] and "\t" not in joined[:4096] and "|" not in joined[:4096]:
            return None
        sample = joined.split("\n", delimited.SAMPLE)[: delimited.SAMPLE]
        skip = 0
        if hint and delimited.sniff([hint, *sample]) is not None:
            text, skip = hint + "\n" + joined, len(hint) + 1
        elif delimited.sniff(sample) is not None:
            text = joined
        else:
            return None
        grid = delimited.table(text)
        if grid is None or len(grid.columns) < 3:
            return None
        return [(s - skip, e - skip, n) for s, e, n in self._table(text, grid) if s >= skip]

    def _by_checksum(
        self, joined: str, texts: list[str], starts: list[int], hint: str, found: list[Span]
    ) -> list[Span]:
        extra: list[Span] = []
        names = {s[2] for s in found}
        for recognizer in self.recognizers:
            if not (recognizer.checksum and recognizer.needs_context) or recognizer.name in names:
                continue
            whole = _whole(recognizer.spans, joined, texts, starts, CHECKSUM_SHARE)
            if len(whole) >= CHECKSUM_MIN:
                extra.extend(whole)
        return extra

    def _by_values(
        self, joined: str, texts: list[str], starts: list[int], hint: str, found: list[Span]
    ) -> list[Span]:
        """Dates of birth and names that the column's values show as a whole."""
        extra: list[Span] = []
        names = {s[2] for s in found}
        birth = self.by_name.get("date_of_birth")
        if isinstance(birth, DateOfBirth) and "date_of_birth" not in names:
            # The dates of the first values first: an invoice's are recent.
            size = min(len(texts), TRIAL)
            trial = joined[: starts[size] - 1] if size < len(texts) else joined
            # Each date holds a year of its own (a separator stands before it): a trial
            # with too few years for the share holds too few dates.
            years = len(_YEAR.findall(trial))
            if years >= BIRTH_SHARE * size and self._births(
                birth, trial, texts[:size], starts[:size]
            ):
                # Most of the first values are dates: ``_whole`` need not try them again.
                whole = _whole(birth.spans, joined, texts, starts, BIRTH_SHARE, tried=True)
                if self._births(birth, joined, texts, starts, whole):
                    extra.extend(whole)
        person = self.by_name.get("person_name")
        if isinstance(person, PersonName):
            named = category_of(hint) in ("name", "first_name", "last_name") if hint else False
            # Each different value judged once: first names and surnames repeat.
            judged: dict[str, bool] = {}
            if named or is_name_column(texts, judged):
                judged.update(personal_values(set(texts).difference(judged)))
                personal = list(map(judged.__getitem__, texts))
                # A column named ``name`` of companies is no column of people's names.
                if named and sum(personal) < NAMED_SHARE * len(texts):
                    return extra
                taken = {s[0] for s in found if s[2] == "person_name"}
                for start, text, person_like in zip(starts, texts, personal, strict=True):
                    if person_like and start not in taken:
                        extra.append((start, start + len(text), "person_name"))
        return extra


#: How many values of a column are tried first, before all of them are.
TRIAL = 40


def _offsets(values: Sequence[str]) -> list[int]:
    """Where each value starts in the values joined by newlines (in C: a length and
    its newline added up, with no Python call per value)."""
    ends = list(accumulate(map(_NEXT, map(len, values)), initial=0))
    ends.pop()
    return ends


#: A value's length with the newline after it.
_NEXT = (1).__add__


def _whole_years(joined: str, spans: list[Span]) -> set[int]:
    return {int(y) for s, e, _ in spans for y in _YEAR.findall(joined[s:e])}


def _whole(
    spans_of: Callable[..., list[Span]],
    joined: str,
    texts: list[str],
    starts: list[int],
    share: float,
    *,
    tried: bool = False,
) -> list[Span]:
    """The matches (context words waived) that are whole values of a column, when they
    are at least ``share`` of its values; else none. The first ``TRIAL`` values are
    tried first, so a column that is plainly not of this kind costs little, unless the
    caller found already (``tried``) that at least ``share`` of them are."""
    if len(texts) > 2 * TRIAL and not tried:
        trial = starts[TRIAL] - 1
        hits = _whole_in(spans_of(Text(joined[:trial]), context=False), texts, starts)
        if len(hits) < share * TRIAL * 0.75:
            return []
    whole = _whole_in(spans_of(Text(joined), context=False), texts, starts)
    return whole if len(whole) >= share * len(texts) else []


def _whole_in(spans: list[Span], texts: list[str], starts: list[int]) -> list[Span]:
    found: list[Span] = []
    for span in spans:
        index = bisect_right(starts, span[0]) - 1
        if starts[index] == span[0] and span[1] - span[0] == len(texts[index]):
            found.append(span)
    return found


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
