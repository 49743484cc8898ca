"""Findings in a column or field: what its values hold, and what its name says.

Shared by the database, CSV and JSON sources: the values of one column are judged
together by ``Scanner.column``, and the column's name is read by ``columns``. A
category the name gives is reported only when the values do not already show it.

``scan_workbook`` reads a spreadsheet (XLSX) the same way: each sheet a table, its
first row the header when it holds no digits, each cell's value judged with the rest
of its column, and each finding placed at its sheet, column and row.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from .. import catalogue
from .columns import category_of, covering
from .engine import ColumnResult, Scanner
from .findings import Column, Finding, Place, Scan, mask
from .recognizers import recognized_categories

__all__ = ["column_findings", "from_result", "scan_workbook"]


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


def _at(place: Place, line: int) -> Place:
    return Place(place.source, place.table, place.column, line, None, place.datastore)


def scan_workbook(scanner: Scanner, data: bytes, source: str) -> Scan:
    """Scan an XLSX workbook: per sheet, per column, the values judged together.

    Read with openpyxl in read-only mode, row by row, so a large sheet is not held as
    cells; the formulas' last computed values are read, not the formulas. A column is
    named by its header (the first row, when it holds no digit) or else by its letter;
    a finding's line is the row of the first value that holds it. Raises
    ``ValueError`` for bytes that are not a workbook.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile's, KeyError and its own
        raise ValueError(f"not a readable workbook: {error}") from error
    scan = Scan(sources=[source])
    try:
        for sheet in book.worksheets:
            header: list[str] | None = None
            values: dict[int, list[str]] = {}
            rows: dict[int, list[int]] = {}
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v).strip() for v in row]
                if not any(cells):
                    continue
                if header is None and not values:
                    if not any(c.isdigit() for cell in cells for c in cell):
                        header = cells
                        continue
                    header = []
                for index, cell in enumerate(cells):
                    if cell:
                        values.setdefault(index, []).append(cell)
                        rows.setdefault(index, []).append(number)
            for index in sorted(values):
                letter = get_column_letter(index + 1)
                named = header[index] if header and index < len(header) else ""
                place = Place(source, table=sheet.title, column=named or letter)
                result = scanner.column(values[index], hint=named)
                found, scanned = from_result(scanner, place, result, named, rows[index])
                scan.findings.extend(found)
                scan.columns.append(scanned)
    finally:
        book.close()
    return scan
