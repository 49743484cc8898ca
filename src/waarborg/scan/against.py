"""Holding what a scan found against the declaration.

- **scan-undeclared** (error): personal data the declaration does not cover. In a
  file, a kind of data none of whose categories is declared. In a declared datastore,
  a column that holds personal data but is not declared (access and erasure would
  never reach it), or that is declared as another category.
- **scan-column-category** (warning): a declared column that also holds data of
  another category, one the declaration does declare (usernames that are e-mail
  addresses in a column declared as credentials).
- **scan-bsn-statute** (error): a BSN, where the declaration names no statute that
  requires it (UAVG art. 46).
- **scan-special-condition** (error): special-category data (Art. 9) without a purpose
  that names an Art. 9(2) condition for it; criminal data (Art. 10) without a purpose
  that names its legal ground.
- **scan-declared-empty** (info): a declared column whose values hold no data of its
  category, as far as the scanner can tell (only categories it recognizes).

Without a declaration every finding is reported as **scan-found** (warning).

With or without one, a file that could not be read or parsed is **scan-not-scanned**
(error): the scan is incomplete, and says so in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import catalogue
from ..datastores.resolve import resolve
from ..declaration.model import Declaration, Table
from ..errors import Location
from ..i18n import t
from .findings import Finding, Place, Scan
from .recognizers import recognized_categories

__all__ = ["RULES", "Issue", "Rule", "against", "not_scanned", "unjudged"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    article: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("scan-found", "warning", "Personal data found", "Art. 30"),
        Rule(
            "scan-undeclared",
            "error",
            "Personal data that the declaration does not cover",
            "Art. 30(1)(c), Art. 13(1)",
        ),
        Rule(
            "scan-column-category",
            "warning",
            "A declared column that also holds data of another declared category",
            "Art. 30(1)(c)",
        ),
        Rule("scan-bsn-statute", "error", "A BSN with no statute named", "UAVG art. 46"),
        Rule(
            "scan-special-condition",
            "error",
            "Special-category or criminal data without an Art. 9(2) condition or Art. 10 ground",
            "Art. 9(2), Art. 10",
        ),
        Rule(
            "scan-not-scanned",
            "error",
            "A file that could not be read or parsed, so the scan is incomplete",
            "Art. 5(2)",
        ),
        Rule(
            "scan-declared-empty",
            "info",
            "A declared column that holds no such data",
            "Art. 5(1)(c)",
        ),
    )
}


@dataclass
class Issue:
    """One thing to report: a rule, what it says, where, and how to fix it."""

    rule: str
    message: str
    hint: str | None = None
    finding: Finding | None = None
    #: The place in the declaration it concerns, when there is one.
    declared_at: Location | None = None
    #: The place in the data, when the issue is not about a finding (an empty column).
    place: Place | None = None

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def where(self) -> Place | None:
        return self.finding.place if self.finding is not None else self.place

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }
        if self.hint:
            data["hint"] = self.hint
        if self.where is not None:
            data["place"] = self.where.as_dict()
        if self.finding is not None:
            data["finding"] = self.finding.as_dict()
        if self.declared_at is not None:
            data["declaration"] = str(self.declared_at)
        return data


def not_scanned(scan: Scan, lang: str = "en") -> list[Issue]:
    """An error for each file that could not be read or parsed, worded in ``lang``."""
    return [
        Issue(
            "scan-not-scanned",
            t("scan.not_scanned", lang, why=t(f"scan.why.{n.reason}", lang, detail=n.detail)),
            t("scan.hint", lang),
            place=Place(n.source),
        )
        for n in scan.not_scanned
    ]


def unjudged(scan: Scan, lang: str = "en") -> list[Issue]:
    """Every finding as a warning, for a scan without a declaration."""
    return not_scanned(scan, lang) + [
        Issue(
            "scan-found",
            f"{_what(f)} ({_count(f)})",
            f"declare it as '{f.categories[0]}' in privacy.yaml, or remove it",
            f,
        )
        for f in scan.findings
    ]


def against(declaration: Declaration, scan: Scan, lang: str = "en") -> list[Issue]:
    """The issues of a scan held against ``declaration``."""
    return not_scanned(scan, lang) + _Judge(declaration).judge(scan)


class _Judge:
    def __init__(self, declaration: Declaration) -> None:
        self.d = declaration
        self.known = catalogue.categories()
        self.source = declaration.source
        self.tables: dict[str, dict[str, Table]] = {}

    def locate(self, *path: str | int, key: bool = False) -> Location | None:
        return None if self.source is None else self.source.locate(path, key=key)

    def judge(self, scan: Scan) -> list[Issue]:
        issues: list[Issue] = []
        for finding in scan.findings:
            issues.extend(self.finding(finding))
        issues.extend(self.empty(scan))
        return issues

    def finding(self, f: Finding) -> list[Issue]:
        declared = [c for c in f.categories if c in self.d.categories]
        table = self.table(f.place)
        issues: list[Issue] = []
        if table is not None and f.place.column is not None:
            issues.extend(self.column(f, table))
        elif not declared:
            issues.append(
                Issue(
                    "scan-undeclared",
                    f"{_what(f)} ({_count(f)}), and the declaration declares none of: "
                    f"{', '.join(f.categories)}",
                    f"declare '{f.categories[0]}' under categories: and name it in the "
                    "purposes that use it, or remove the data",
                    f,
                    self.locate("categories", key=True),
                )
            )
        elif f.place.datastore is not None and f.place.table is not None:
            issues.append(self.undeclared_table(f))
        issues.extend(self.statute(f))
        issues.extend(self.special(f))
        return issues

    def table(self, place: Place) -> Table | None:
        if place.datastore is None or place.table is None:
            return None
        if place.datastore not in self.tables:
            if place.datastore not in self.d.datastores:
                return None
            # The declared tables with those of a Fides dataset merged in.
            self.tables[place.datastore] = resolve(self.d, place.datastore).datastore.tables
        return self.tables[place.datastore].get(place.table)

    def column(self, f: Finding, table: Table) -> list[Issue]:
        store, name, column = f.place.datastore, f.place.table, f.place.column
        assert store is not None and name is not None and column is not None
        if column not in table.columns:
            return [
                Issue(
                    "scan-undeclared",
                    f"column {name}.{column} of datastore {store!r} holds {_noun(_what(f))} "
                    f"({_count(f)}), but the datastore does not declare it, so requests "
                    "never reach it",
                    f"add '{column}: {f.categories[0]}' under "
                    f"datastores.{store}.tables.{name}.columns",
                    f,
                    self.locate("datastores", store, "tables", name, key=True),
                )
            ]
        category = table.column(column).category
        if category in f.categories or category not in self.known:
            # A category of the declaration's own says what it holds; the scanner
            # cannot tell it wrong.
            return []
        elsewhere = [c for c in f.categories if c in self.d.categories]
        return [
            Issue(
                "scan-column-category" if elsewhere else "scan-undeclared",
                f"column {name}.{column} of datastore {store!r} is declared as {category!r} "
                f"but holds {_noun(_what(f))} ({_count(f)})",
                f"declare it as '{f.categories[0]}', or move that data out of the column",
                f,
                self.locate("datastores", store, "tables", name, "columns", column),
            )
        ]

    def undeclared_table(self, f: Finding) -> Issue:
        store, name = f.place.datastore, f.place.table
        assert store is not None
        return Issue(
            "scan-undeclared",
            f"table {name} of datastore {store!r} holds {_noun(_what(f))} in column "
            f"{f.place.column} ({_count(f)}), but the datastore does not declare the table",
            f"declare the table under datastores.{store}.tables with its key, identity and columns",
            f,
            self.locate("datastores", store, key=True),
        )

    def statute(self, f: Finding) -> list[Issue]:
        need = [c for c in f.categories if c in self.known and self.known[c].needs_statute]
        if not need:
            return []
        declared = [c for c in need if c in self.d.categories]
        if declared and all(self.d.categories[c].statute for c in declared):
            return []
        return [
            Issue(
                "scan-bsn-statute",
                f"{_what(f)} ({_count(f)}): the BSN may only be processed where a statute "
                "requires it, and the declaration names none",
                "name the statute in categories.bsn.statute (e.g. 'Wet op de "
                "loonbelasting 1964, art. 28'), or stop processing the BSN",
                f,
                self.locate("categories", "bsn", key=True)
                if "bsn" in self.d.categories
                else self.locate("categories", key=True),
            )
        ]

    def special(self, f: Finding) -> list[Issue]:
        issues: list[Issue] = []
        for category in f.categories[:1]:
            kind = self.special_kind(category)
            if kind is None:
                continue
            users = self.d.purposes_using(category)
            field = "art9" if kind == "art9" else "art10"
            if any(getattr(self.d.purposes[p], field) for p in users):
                continue
            article = "an Art. 9(2) condition" if kind == "art9" else "its Art. 10 ground"
            issues.append(
                Issue(
                    "scan-special-condition",
                    f"{_what(f)} ({_count(f)}) is special-category data, and no purpose "
                    f"that uses '{category}' names {article}",
                    f"set '{field}:' on the purpose that processes '{category}' "
                    "(see 'waarborg rules' and docs/declaration.md), or remove the data",
                    f,
                    self.locate("categories", category, key=True)
                    if category in self.d.categories
                    else self.locate("categories", key=True),
                )
            )
        return issues

    def special_kind(self, category: str) -> str | None:
        declared = self.d.categories.get(category)
        if declared is not None and declared.special:
            return declared.special
        known = self.known.get(category)
        return known.special if known is not None else None

    def empty(self, scan: Scan) -> list[Issue]:
        """Declared columns of a recognized category whose values hold none of it."""
        recognizable = recognized_categories()
        found = {
            (f.place.datastore, f.place.table, f.place.column, c)
            for f in scan.findings
            if f.by == "values"
            for c in f.categories
        }
        issues: list[Issue] = []
        for scanned in scan.columns:
            place = scanned.place
            table = self.table(place)
            if table is None or place.column not in table.columns:
                continue
            assert place.datastore is not None and place.table is not None
            category = table.column(place.column).category
            if category not in recognizable:
                continue
            key = (place.datastore, place.table, place.column, category)
            if key in found:
                continue
            what = (
                "is empty"
                if scanned.values == 0
                else f"holds no {category} in the {scanned.values} values looked at"
            )
            issues.append(
                Issue(
                    "scan-declared-empty",
                    f"column {place.table}.{place.column} of datastore {place.datastore!r} "
                    f"is declared as {category!r} but {what}",
                    "check the column's category, or drop the column from the declaration "
                    "if it no longer holds personal data",
                    declared_at=self.locate(*_column_path(place)),
                    place=place,
                )
            )
        return issues


def _column_path(place: Place) -> tuple[str, ...]:
    assert place.datastore and place.table and place.column
    return ("datastores", place.datastore, "tables", place.table, "columns", place.column)


def _what(f: Finding) -> str:
    return f.label + (" (by the column's name)" if f.by == "name" else "")


def _noun(label: str) -> str:
    """A label in the middle of a sentence: ``E-mail address`` becomes ``e-mail
    address``; ``BSN``, ``KvK number`` and ``Dutch postcode`` stay as they are."""
    first = label.split(" ", 1)[0]
    if first in ("Dutch",) or any(c.isupper() for c in first[1:]):
        return label
    return label[:1].lower() + label[1:]


def _count(f: Finding) -> str:
    if f.by == "name":
        return f"{f.values or 0} values looked at"
    if f.values is not None:
        return f"{f.count} of {f.values} values"
    return f"{f.count} time{'s' if f.count != 1 else ''}"
