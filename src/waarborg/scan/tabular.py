"""Findings in a column or field: what its values hold, and what its name says.

Shared by the database, CSV and JSON sources: the values of one column are judged
together by ``Scanner.column``, and the column's name is read by ``columns``. A
category the name gives is reported only when the values do not already show it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import catalogue
from .columns import category_of, covering
from .engine import ColumnResult, Scanner
from .findings import Column, Finding, Place, mask
from .recognizers import recognized_categories

__all__ = ["column_findings", "from_result"]


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
