"""Findings in a column or field: what its values hold, and what its name says.

Shared by the database, CSV and JSON sources: the values of one column are judged
together by ``Scanner.column``, and the column's name is read by ``columns``. A
category the name gives is reported only when the values do not already show it.
A file's column is judged a batch of ``BATCH`` values at a time (``Field``), the
batches' results added up, so that memory does not grow with the file.

``scan_workbook`` reads a spreadsheet (XLSX) the same way: each sheet a table, its
first row the header when it holds no digits, each cell's value judged with the rest
of its column, and each finding placed at its sheet, column and row. ``scan_sheets``
does it for the rows of any spreadsheet (OpenDocument and old Excel files are read
into rows by ``documents``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from .. import catalogue
from .columns import category_of, covering
from .engine import ColumnResult, Scanner
from .findings import Column, Finding, Place, Scan, mask
from .recognizers import recognized_categories

__all__ = ["BATCH", "Field", "column_findings", "from_result", "scan_sheets", "scan_workbook"]


def column_findings(
    scanner: Scanner, place: Place, values: Sequence[str], name: str
) -> tuple[list[Finding], Column]:
    """Scan the values of one column named ``name`` (a sample, or all of them)."""
    return from_result(scanner, place, scanner.column(values, hint=name), name)


def from_result(
    scanner: Scanner,
    place: Place,
    result: ColumnResult,
    name: str,
    lines: Sequence[int] | Mapping[int, int] | None = None,
) -> tuple[list[Finding], Column]:
    """Findings from a judged column; ``lines`` gives each value's line in its file
    (at least of the first value of each kind found), by the value's index."""
    findings: list[Finding] = []
    for kind, hits in sorted(result.hits.items()):
        recognizer = scanner.by_name[kind]
        index, text = result.first[kind]
        where = place if lines is None else _at(place, lines[index])
        findings.append(
            Finding(
                kind,
                recognizer.label,
                recognizer.categories,
                where,
                hits,
                values=result.values,
                example=mask(text),
            )
        )
    category = category_of(name)
    # A name is weaker evidence than values: a column named for data the recognizers
    # know, whose values show none of it, is not reported by its name.
    shown = result.values > 0 and category in recognized_categories()
    if category is not None and not shown and not any(category in f.categories for f in findings):
        known = catalogue.categories().get(category)
        label = known.label.en if known is not None else category
        findings.append(
            Finding(category, label, covering(category), place, 0, by="name", values=result.values)
        )
    return findings, Column(place, result.values)


#: Values of one column or field judged at a time, so that memory stays flat.
BATCH = 10_000
#: The first values of a column kept to judge the column after it.
SAMPLE = 200


class Field:
    """The values of one column or field, judged a batch of ``BATCH`` at a time; the
    results of the batches are added up in ``result``."""

    def __init__(self, name: str, hint: str | None = None) -> None:
        self.name = name
        self.hint = name.rsplit(".", 1)[-1].rstrip("[]") if hint is None else hint
        self.values: list[str] = []
        self.lines: list[int] = []
        self.result = ColumnResult()
        #: The line of the first value of each kind found, by the value's index.
        self.first_lines: dict[int, int] = {}
        #: In a table without a header, the column before this one (KvK numbers are
        #: known by the organisations' names before them), and the first values kept
        #: for the column after it.
        self.before: Field | None = None
        self.sample: list[str] = []

    def add(self, scanner: Scanner, value: str, line: int) -> None:
        if len(self.sample) < SAMPLE:
            self.sample.append(value)
        self.values.append(value)
        self.lines.append(line)
        if len(self.values) >= BATCH:
            self.judge(scanner)

    def judge(self, scanner: Scanner) -> None:
        if not self.values:
            return
        before = self.before
        if before is not None and not self.hint and scanner.kvk_after(before.sample, self.values):
            batch = scanner.kvk_column(self.values)
        else:
            batch = scanner.column(self.values, hint=self.hint)
        for kind, (index, _) in batch.first.items():
            if kind not in self.result.first:
                self.first_lines[self.result.values + index] = self.lines[index]
        self.result.add(batch)
        self.values, self.lines = [], []

    def findings(self, scanner: Scanner, place: Place) -> tuple[list[Finding], Column]:
        """Judge what is left, and the findings of the whole column at ``place``."""
        self.judge(scanner)
        return from_result(scanner, place, self.result, self.hint, self.first_lines)


def _at(place: Place, line: int) -> Place:
    return Place(place.source, place.table, place.column, line, None, place.datastore)


def scan_workbook(scanner: Scanner, data: bytes | IO[bytes], source: str) -> Scan:
    """Scan an XLSX workbook (its bytes, or a binary file open on it): per sheet, per
    column, the values judged together, a batch of ``BATCH`` at a time.

    Read with openpyxl in read-only mode, row by row, so a large sheet is not held as
    cells; the formulas' last computed values are read, not the formulas. A column is
    named by its header (the first row, when it holds no digit) or else by its letter;
    a finding's line is the row of the first value that holds it. Raises
    ``ValueError`` for bytes that are not a workbook.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(
            io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True, data_only=True
        )
    except Exception as error:  # openpyxl raises zipfile's, KeyError and its own
        raise ValueError(f"not a readable workbook: {error}") from error
    try:
        return scan_sheets(
            scanner,
            source,
            ((sheet.title, sheet.iter_rows(values_only=True)) for sheet in book.worksheets),
        )
    finally:
        book.close()


def scan_sheets(
    scanner: Scanner, source: str, sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]
) -> Scan:
    """Scan the sheets of a spreadsheet (of any format), each given by its name and its
    rows of cell values, read one row at a time: per sheet and column, the values
    judged together, a batch of ``BATCH`` at a time. A column is named by its header
    (the first row, when it holds no digit) or else by its letter."""
    from openpyxl.utils import get_column_letter

    scan = Scan(sources=[source])
    for title, rows in sheets:
        header: list[str] | None = None
        fields: dict[int, Field] = {}
        for number, row in enumerate(rows, start=1):
            cells = ["" if v is None else str(v).strip() for v in row]
            if not any(cells):
                continue
            if header is None and not fields:
                if not any(c.isdigit() for cell in cells for c in cell):
                    header = cells
                    continue
                header = []
            for index, cell in enumerate(cells):
                if not cell:
                    continue
                field = fields.get(index)
                if field is None:
                    named = header[index] if header and index < len(header) else ""
                    field = fields[index] = Field(named or get_column_letter(index + 1), named)
                field.add(scanner, cell, number)
        for index in sorted(fields):
            field = fields[index]
            place = Place(source, table=title, column=field.name)
            found, scanned = field.findings(scanner, place)
            scan.findings.extend(found)
            scan.columns.append(scanned)
    return scan
