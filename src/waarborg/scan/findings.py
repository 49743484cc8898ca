"""What a scan finds: a kind of personal data, where, how often, and an example that
shows only its last characters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["REASONS", "Column", "Finding", "NotScanned", "Place", "Scan", "mask"]


@dataclass(frozen=True, order=True)
class Place:
    """Where data was found: a file (with a line and column), a field or column of a
    file (CSV, JSON), a column of a database table, or a page of a document (PDF,
    TIFF) and, on an image, the box of the first value found (left, top, right,
    bottom, in pixels)."""

    source: str
    table: str | None = None
    column: str | None = None
    line: int | None = None
    col: int | None = None
    #: The declared datastore the source is, when known.
    datastore: str | None = None
    page: int | None = None
    box: tuple[int, int, int, int] | None = None

    def __str__(self) -> str:
        where = self.source
        if self.table is not None:
            where += f" {self.table}"
            if self.column is not None:
                where += f".{self.column}"
        elif self.column is not None:
            where += f" [{self.column}]"
        if self.page is not None:
            where += f" page {self.page}"
        if self.line is not None:
            where += f":{self.line}" + (f":{self.col}" if self.col is not None else "")
        if self.box is not None:
            where += " at ({},{})-({},{})".format(*self.box)
        return where

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v is not None}
        if self.box is not None:
            data["box"] = list(self.box)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        if "box" in data:
            data = {**data, "box": tuple(data["box"])}
        return cls(**data)


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            data["kind"],
            data["label"],
            tuple(data["categories"]),
            Place.from_dict(data["place"]),
            data["count"],
            data["by"],
            data.get("values"),
            data.get("example", ""),
        )


@dataclass(frozen=True)
class Column:
    """A column or field that was scanned, and how many non-empty values it had."""

    place: Place
    values: int


#: Why a file was not scanned (the wording is in ``i18n/<lang>/scan.yaml``).
REASONS = (
    "permission",
    "missing",
    "unreadable",
    "encoding",
    "damaged",
    "unparsable",
    "crashed",
)


@dataclass(frozen=True)
class NotScanned:
    """A file that could not be read or parsed, and why: one of ``REASONS``, with the
    system's or the reader's own words (in English) as ``detail``."""

    source: str
    reason: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail}


@dataclass
class Scan:
    """Everything one run found, and what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    not_scanned: list[NotScanned] = field(default_factory=list)

    def extend(self, other: Scan) -> None:
        self.findings.extend(other.findings)
        self.columns.extend(other.columns)
        self.sources.extend(other.sources)
        self.skipped.extend(other.skipped)
        self.not_scanned.extend(other.not_scanned)

    def as_dict(self) -> dict[str, Any]:
        """Everything, as plain data (``from_dict`` reads it back)."""
        return {
            "findings": [f.as_dict() for f in self.findings],
            "columns": [{"place": c.place.as_dict(), "values": c.values} for c in self.columns],
            "sources": self.sources,
            "skipped": [list(s) for s in self.skipped],
            "not_scanned": [n.as_dict() for n in self.not_scanned],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scan:
        return cls(
            [Finding.from_dict(f) for f in data["findings"]],
            [Column(Place.from_dict(c["place"]), c["values"]) for c in data["columns"]],
            list(data["sources"]),
            [(p, r) for p, r in data["skipped"]],
            [NotScanned(**n) for n in data["not_scanned"]],
        )


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
