"""What a scan finds: a kind of personal data, where, how often, and an example that
shows only its last characters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Column", "Finding", "Place", "Scan", "mask"]


@dataclass(frozen=True, order=True)
class Place:
    """Where data was found: a file (with a line and column), a field or column of a
    file (CSV, JSON), or a column of a database table."""

    source: str
    table: str | None = None
    column: str | None = None
    line: int | None = None
    col: int | None = None
    #: The declared datastore the source is, when known.
    datastore: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.table is not None:
            where += f" {self.table}"
            if self.column is not None:
                where += f".{self.column}"
        elif self.column is not None:
            where += f" [{self.column}]"
        if self.line is not None:
            where += f":{self.line}" + (f":{self.col}" if self.col is not None else "")
        return where

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Finding:
    """One kind of personal data in one place."""

    kind: str
    label: str
    #: The catalogue categories that declare this data; the first is the one to use.
    categories: tuple[str, ...]
    place: Place
    #: Occurrences in a text, or values of a column that hold it.
    count: int
    #: How it was found: ``values`` (a recognizer) or ``name`` (the column's name).
    by: str = "values"
    #: The values of the column that were looked at (columns only).
    values: int | None = None
    example: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "label": self.label,
            "categories": list(self.categories),
            "place": self.place.as_dict(),
            "count": self.count,
            "by": self.by,
        }
        if self.values is not None:
            data["values"] = self.values
        if self.example:
            data["example"] = self.example
        return data


@dataclass(frozen=True)
class Column:
    """A column or field that was scanned, and how many non-empty values it had."""

    place: Place
    values: int


@dataclass
class Scan:
    """Everything one run found, and what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def extend(self, other: Scan) -> None:
        self.findings.extend(other.findings)
        self.columns.extend(other.columns)
        self.sources.extend(other.sources)
        self.skipped.extend(other.skipped)


def mask(value: str, keep: int = 2) -> str:
    """``value`` with every letter and digit but the last ``keep`` masked, so a report
    can show what was found without repeating it (``*******82``)."""
    value = value.replace("\n", " ")
    if len(value) > 40:
        value = value[:40]
    shown = keep if sum(c.isalnum() for c in value) > 2 * keep else 0
    out: list[str] = []
    for char in reversed(value):
        if char.isalnum() and shown > 0:
            out.append(char)
            shown -= 1
        else:
            out.append("*" if char.isalnum() else char)
    return "".join(reversed(out))
