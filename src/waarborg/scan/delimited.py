"""Delimited text: a CSV export found inside a text, its dialect sniffed, its fields
split with their offsets, so that the engine can judge each column as a whole.

A text is a table when its first lines split, by one of ``,`` ``;`` tab or ``|``,
into the same number of fields (two or more), and most of its lines do. The first
row is a header when it holds no digit and a column below it does. Quoted fields
(``"Jansen, J.";"06-12345678"``) keep their delimiters and doubled quotes; a line
that does not split into the table's fields (a quoted line break, a footer) is left
to the scan of the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import add, methodcaller

__all__ = ["Column", "Table", "sniff", "table"]

#: Delimiters, in the order they are tried.
DELIMITERS = (";", ",", "\t", "|")
#: How many lines the sniffer reads, and the share of all lines that must split alike.
SAMPLE = 8
SHARE = 0.9

_FIELDS = {
    d: re.compile(rf'[ \t]*"((?:[^"]|"")*)"[ \t]*(?={re.escape(d)}|$)|([^{re.escape(d)}]*)')
    for d in DELIMITERS
}


@dataclass
class Column:
    """One column: its name (empty without a header) and its values with their offsets
    in the text."""

    name: str = ""
    values: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)


@dataclass
class Table:
    delimiter: str
    columns: list[Column]
    #: The spans of the text that the table's rows cover (other lines are text).
    rows: list[tuple[int, int]]


def _split(line: str, delimiter: str) -> list[tuple[int, str]]:
    """The fields of a line with their offsets in it; quotes are taken off."""
    if '"' not in line:  # the common case, at the speed of str.split
        fields: list[tuple[int, str]] = []
        offset = 0
        for raw in line.split(delimiter):
            stripped = raw.strip()
            lead = len(raw) - len(raw.lstrip()) if stripped else 0
            fields.append((offset + lead, stripped))
            offset += len(raw) + 1
        return fields
    quoted = f'"{delimiter}"'
    if (
        line.startswith('"')
        and line.endswith('"')
        and '""' not in line
        and line.count('"') == 2 * (line.count(quoted) + 1)
    ):  # every field quoted, none with a quote inside: split at the quotes
        fields = []
        offset = 1
        for value in line[1:-1].split(quoted):
            fields.append((offset, value))
            offset += len(value) + 3
        return fields
    fields = []
    pattern = _FIELDS[delimiter]
    position = 0
    while True:
        match = pattern.match(line, position)
        assert match is not None  # the second alternative matches the empty string
        if match.group(1) is not None:
            fields.append((match.start(1), match.group(1).replace('""', '"')))
        else:
            raw = match.group(2)
            stripped = raw.strip()
            fields.append((match.start(2) + (len(raw) - len(raw.lstrip())), stripped))
        position = match.end()
        if position >= len(line) or line[position] != delimiter:
            break
        position += 1
    if position < len(line):  # a quote that does not close the field: not this dialect
        return []
    return fields


def _plain_fields(line: str, delimiter: str) -> list[tuple[int, str]]:
    """The fields of a line without quotes, unstripped, with their offsets in it."""
    fields: list[tuple[int, str]] = []
    at = 0
    for raw in line.split(delimiter):
        fields.append((at, raw))
        at += len(raw) + 1
    return fields


#: A cell's length with the delimiter after it (a line's, with its line end).
_NEXT = (1).__add__


def _digit(value: str) -> bool:
    """Whether ``value`` holds a digit (``str.isdigit`` of each character, in C)."""
    return any(map(str.isdigit, value))


def _add_rows(columns: list[Column], rows: list[list[str]], offsets: list[int]) -> None:
    """Add rows split without quotes (each as many cells as there are columns) to the
    columns, a column at a time: each cell stripped, at its offset in the text, and
    the empty ones left out."""
    if not rows:
        return
    at = offsets
    for column, cells in zip(columns, zip(*rows, strict=True), strict=True):
        starts = at
        # Each cell's end and its stripped value, mapped in C (no Python call per cell).
        at = list(map(add, starts, map(_NEXT, map(len, cells))))
        stripped = list(map(str.strip, cells))
        if stripped == list(cells):  # nothing to strip: the non-empty cells, in C
            column.values.extend(compress(cells, cells))
            column.starts.extend(compress(starts, cells))
            continue
        for cell, value, start in zip(cells, stripped, starts, strict=True):
            if value:
                column.values.append(value)
                column.starts.append(start + len(cell) - len(cell.lstrip()))


def sniff(lines: list[str]) -> str | None:
    """The delimiter that splits every one of ``lines`` into the same number of fields,
    or None: three fields or more, or two on three lines or more (two lines of a
    letter with a comma each are prose)."""
    sample = [line for line in lines[:SAMPLE] if line.strip()]
    if len(sample) < 2:
        return None
    for delimiter in DELIMITERS:
        if delimiter not in sample[0]:
            continue
        counts = {len(_split(line, delimiter)) for line in sample}
        if len(counts) == 1 and (counts.pop() >= 3 or len(sample) >= 3):
            return delimiter
    return None


def _lines(text: str) -> tuple[list[int], list[str]]:
    """The lines of ``text`` that are not blank, without their line ends, and where
    each starts: split, measured and filtered in C."""
    lines = text.split("\n")
    starts = list(accumulate(map(_NEXT, map(len, lines)), initial=0))
    starts.pop()
    if "\r" in text:
        lines = list(map(methodcaller("removesuffix", "\r"), lines))
    kept = list(map(str.strip, lines))  # empty, and so false, for a blank line
    return list(compress(starts, kept)), list(compress(lines, kept))


def table(text: str) -> Table | None:
    """The table that ``text`` is, or None when it is not delimited text."""
    head = text[:4096]
    if head.count("\n") < 2:
        return None
    first_lines = [line.rstrip("\r") for line in head.split("\n", SAMPLE + 1)[: SAMPLE + 1]]
    delimiter = sniff(first_lines)
    if delimiter is None:
        return None
    starts, lines = _lines(text)
    nonempty = len(lines)
    size = 0
    first: list[tuple[int, str]] = []
    columns: list[Column] = []
    covered: list[tuple[int, int]] = []
    #: Rows without quotes, split and not yet added to the columns, and their offsets:
    #: added a column at a time (``_add_rows``), in C where no cell needs stripping.
    rows: list[list[str]] = []
    row_offsets: list[int] = []
    todo = zip(starts, lines, strict=True)
    if len(lines) > 1 and '"' not in text[starts[1] :]:
        offset, line = starts[0], lines[0]
        fields = _split(line, delimiter) if '"' in line else _plain_fields(line, delimiter)
        if fields:
            # No quotes below the first line, the common case: every line split at the
            # speed of str.split, and those of the table's width kept, in C.
            size = len(fields)
            columns = [Column() for _ in range(size)]
            first = [(offset + at, value.strip()) for at, value in fields]
            covered.append((offset, offset + len(line)))
            rest, rest_starts = lines[1:], starts[1:]
            raws = list(map(methodcaller("split", delimiter), rest))
            fits = list(map(size.__eq__, map(len, raws)))
            rows = list(compress(raws, fits))
            row_offsets = list(compress(rest_starts, fits))
            ends = map(add, row_offsets, map(len, compress(rest, fits)))
            covered += zip(row_offsets, ends, strict=True)
            todo = zip((), (), strict=True)  # no line left for the loop below
    for offset, line in todo:
        if not size:
            fields = _split(line, delimiter) if '"' in line else _plain_fields(line, delimiter)
            size = len(fields)
            columns = [Column() for _ in range(size)]
            first = [(offset + at, value.strip()) for at, value in fields]
            covered.append((offset, offset + len(line)))
            continue
        if '"' in line:
            fields = _split(line, delimiter)
            if len(fields) != size:
                continue
            covered.append((offset, offset + len(line)))
            _add_rows(columns, rows, row_offsets)
            rows, row_offsets = [], []
            for column, (at, value) in zip(columns, fields, strict=True):
                if value:
                    column.values.append(value)
                    column.starts.append(offset + at)
            continue
        # A line without quotes among quoted ones, at the speed of str.split.
        raws = line.split(delimiter)
        if len(raws) != size:
            continue
        covered.append((offset, offset + len(line)))
        rows.append(raws)
        row_offsets.append(offset)
    _add_rows(columns, rows, row_offsets)
    if len(covered) < 2 or len(covered) < SHARE * nonempty:
        return None
    header = not any(_digit(value) for _, value in first) and any(
        sum(map(_digit, column.values[:50])) * 2 >= len(column.values[:50])
        for column in columns
        if column.values
    )
    if header:
        for column, (_, value) in zip(columns, first, strict=True):
            column.name = value
    else:
        for column, (at, value) in zip(columns, first, strict=True):
            if value:
                column.values.insert(0, value)
                column.starts.insert(0, at)
    return Table(delimiter, columns, covered)
