"""A scan's report as text for people, JSON for tools, SARIF 2.1.0 for code-scanning
dashboards, and GitHub Actions annotations.

Every issue has a place: in a file (line and column), in a column or field, or in a
database table's column. An issue about a datastore also points at the place in the
declaration to fix, which SARIF and GitHub annotations use as the file location.
Examples of what was found are masked (``*******82``). A file that could not be read
is an issue of its own (``scan-not-scanned``), and the summary counts them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from ..annotations import github_annotation
from ..i18n import t
from .against import RULES, Issue
from .findings import Scan

__all__ = ["FORMATS", "counts", "render"]

SEVERITIES = ("error", "warning", "info")
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def counts(issues: list[Issue]) -> dict[str, int]:
    return {s: sum(1 for i in issues if i.severity == s) for s in SEVERITIES}


def _location(issue: Issue) -> str:
    where = issue.where
    if where is not None:
        return str(where)
    return str(issue.declared_at) if issue.declared_at is not None else "-"


def text(scan: Scan, issues: list[Issue], declaration: str | None, lang: str = "en") -> str:
    total = counts(issues)
    lines = [
        f"scanned {', '.join(scan.sources) or 'nothing'}: {len(scan.findings)} finding"
        f"{'s' if len(scan.findings) != 1 else ''} in {len(scan.columns)} columns and fields"
        + (f", held against {declaration}" if declaration else "")
    ]
    for severity in SEVERITIES:
        group = [i for i in issues if i.severity == severity]
        if not group:
            continue
        lines.append(f"\n  {severity.upper()}S")
        for issue in group:
            lines.append(f"  {_location(issue)}: {issue.rule} [{RULES[issue.rule].article}]: "
                         f"{issue.message}")  # fmt: skip
            if issue.finding is not None and issue.finding.example:
                lines.append(f"      example: {issue.finding.example}")
            if issue.declared_at is not None and issue.where is not None:
                lines.append(f"      declaration: {issue.declared_at}")
            if issue.hint:
                lines.append(f"      fix: {issue.hint}")
    for path, reason in scan.skipped:
        lines.append(f"  skipped {path}: {reason}")
    summary = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in total.items()]
    if scan.not_scanned:
        summary.append(t("scan.summary", lang, count=len(scan.not_scanned)))
    lines.append("\n" + ", ".join(summary))
    return "\n".join(lines) + "\n"


def as_json(scan: Scan, issues: list[Issue], declaration: str | None, lang: str = "en") -> str:
    report = {
        "sources": scan.sources,
        "declaration": declaration,
        "counts": counts(issues),
        "issues": [i.as_dict() for i in issues],
        "findings": [f.as_dict() for f in scan.findings],
        "columns": [{"place": c.place.as_dict(), "values": c.values} for c in scan.columns],
        "skipped": [{"path": p, "reason": r} for p, r in scan.skipped],
        "not_scanned": [n.as_dict() for n in scan.not_scanned],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def sarif(scan: Scan, issues: list[Issue], declaration: str | None, lang: str = "en") -> str:
    rules = list(RULES.values())
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for issue in issues:
        result: dict[str, Any] = {
            "ruleId": issue.rule,
            "ruleIndex": index[issue.rule],
            "level": _SARIF_LEVEL[issue.severity],
            "message": {"text": issue.message + (f" Fix: {issue.hint}" if issue.hint else "")},
        }
        locations = _sarif_locations(issue)
        if locations:
            result["locations"] = locations
        if issue.finding is not None:
            result["properties"] = {
                "kind": issue.finding.kind,
                "categories": list(issue.finding.categories),
                "count": issue.finding.count,
            }
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "waarborg",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.id,
                                "name": rule.id,
                                "shortDescription": {"text": rule.title},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                                "properties": {"article": rule.article},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _sarif_locations(issue: Issue) -> list[dict[str, Any]]:
    where = issue.where
    location: dict[str, Any] = {}
    if where is not None and where.table is None and Path(where.source).exists():
        region = {"startLine": where.line or 1}
        if where.col:
            region["startColumn"] = where.col
        location["physicalLocation"] = {
            "artifactLocation": {"uri": _uri(where.source)},
            "region": region,
        }
    elif issue.declared_at is not None:
        region = {"startLine": issue.declared_at.line or 1}
        if issue.declared_at.column:
            region["startColumn"] = issue.declared_at.column
        location["physicalLocation"] = {
            "artifactLocation": {"uri": _uri(issue.declared_at.file)},
            "region": region,
        }
    if where is not None and (where.table is not None or where.column is not None):
        name = ".".join(
            p for p in (where.datastore or where.source, where.table, where.column) if p
        )
        location["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "member"}]
    return [location] if location else []


def _uri(path: str) -> str:
    return Path(path).as_posix()


def github(scan: Scan, issues: list[Issue], declaration: str | None, lang: str = "en") -> str:
    lines: list[str] = []
    for issue in issues:
        where = issue.where
        place: dict[str, Any] = {}
        if where is not None and where.table is None and where.source != "-":
            place = {"file": where.source, "line": where.line, "col": where.col}
        elif issue.declared_at is not None:
            at = issue.declared_at
            place = {"file": at.file, "line": at.line, "col": at.column}
        message = (f"{where}: " if where is not None else "") + issue.message
        lines.append(
            github_annotation(_GITHUB_LEVEL[issue.severity], message, title=issue.rule, **place)
        )
    return "\n".join(lines) + ("\n" if lines else "")


FORMATS: dict[str, Callable[[Scan, list[Issue], str | None, str], str]] = {
    "text": text,
    "json": as_json,
    "sarif": sarif,
    "github": github,
}


def render(
    fmt: str, scan: Scan, issues: list[Issue], declaration: str | None = None, lang: str = "en"
) -> str:
    """The report in format ``fmt`` (one of ``FORMATS``); the words of files not
    scanned in ``lang``."""
    return FORMATS[fmt](scan, issues, declaration, lang)
