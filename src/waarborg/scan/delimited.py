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


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, line[:-1] if line.endswith("\r") else line))
        start += len(line) + 1
    return out


def table(text: str) -> Table | None:
    """The table that ``text`` is, or None when it is not delimited text."""
    head = text[:4096]
    if head.count("\n") < 2:
        return None
    lines = _lines(text)
    delimiter = sniff([line for _, line in lines[: SAMPLE + 1]])
    if delimiter is None:
        return None
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    size = 0
    nonempty = 0
    for offset, line in lines:
        if not line.strip():
            continue
        nonempty += 1
        fields = _split(line, delimiter)
        if not size:
            size = len(fields)
        if len(fields) == size:
            rows.append((offset, fields))
    if len(rows) < 2 or len(rows) < SHARE * nonempty:
        return None
    first = [value for _, value in rows[0][1]]
    header = not any(c.isdigit() for value in first for c in value) and any(
        sum(any(c.isdigit() for c in fields[i][1]) for _, fields in rows[1:]) * 2 >= len(rows) - 1
        for i in range(size)
    )
    columns = [Column(first[i] if header else "") for i in range(size)]
    for offset, fields in rows[1:] if header else rows:
        for column, (start, value) in zip(columns, fields, strict=True):
            if value:
                column.values.append(value)
                column.starts.append(offset + start)
    covered = [(offset, offset + len(text[offset:].split("\n", 1)[0])) for offset, _ in rows]
    return Table(delimiter, columns, covered)
