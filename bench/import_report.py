"""What ``bench/import.py`` reports: a statement to import and what its import gave
(``Case``, ``Result``), the figures of a group as in the issue's target table
(``figures``), and the printed report (``report``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import checker_eval
import import_score as S


@dataclass
class Case:
    """One statement to import: its text, its gold declaration and what else scores it."""

    name: str
    group: str
    source: Path | None
    gold: dict[str, Any]
    reading: str | None = None
    outdated: list[str] | None = None
    missing: str | None = None


@dataclass
class Result:
    case: Case
    fields: S.Counts = field(default_factory=S.Counts)
    identifiers: S.Counts = field(default_factory=S.Counts)
    rights: S.Counts = field(default_factory=S.Counts)
    outdated: S.Counts | None = None
    evidence: S.Coverage = field(default_factory=S.Coverage)
    loads: str | None = None  # None: loads; else why not
    review: checker_eval.Score | None = None
    review_anywhere: checker_eval.Score | None = None
    review_gold: checker_eval.Score | None = None
    cpu: float = 0.0
    wall: float = 0.0
    missed: set[S.Pair] = field(default_factory=set)
    wrong: set[S.Pair] = field(default_factory=set)
    right: set[S.Pair] = field(default_factory=set)
    error: str | None = None


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pct(found: int, total: int) -> str:
    return "-" if total == 0 else f"{100 * found / total:.1f} % ({found}/{total})"


def figures(results: Sequence[Result]) -> dict[str, Any]:
    """The group's figures as in the issue's target table."""
    total = {k: S.Counts() for k in ("fields", "identifiers", "rights", "outdated")}
    evidence, review = S.Coverage(), checker_eval.Score("total")
    anywhere, gold = checker_eval.Score("total"), checker_eval.Score("total")
    for r in results:
        total["fields"].add(r.fields)
        total["identifiers"].add(r.identifiers)
        total["rights"].add(r.rights)
        if r.outdated is not None:
            total["outdated"].add(r.outdated)
        evidence.add(r.evidence)
        if r.review is not None:
            review.add(r.review)
        if r.review_anywhere is not None:
            anywhere.add(r.review_anywhere)
        if r.review_gold is not None:
            gold.add(r.review_gold)
    cpu = sorted(r.cpu for r in results if r.error is None)
    reviewed = [r for r in results if r.review is not None]
    return {
        "measured": len(results),
        "field_f1": total["fields"].f1,
        "field_precision": total["fields"].precision,
        "field_recall": total["fields"].recall,
        "identifiers_f1": total["identifiers"].f1,
        "rights_f1": total["rights"].f1,
        "outdated_recall": total["outdated"].recall,
        "outdated_precision": total["outdated"].precision,
        "outdated_expected": total["outdated"].tp + total["outdated"].fn,
        "outdated_wrong": total["outdated"].fp,
        "outdated_scored": sum(1 for r in results if r.outdated is not None),
        "evidence": (evidence.with_evidence, evidence.values),
        "bad_quotes": evidence.bad_quotes,
        "loads": (sum(1 for r in results if r.loads is None), len(results)),
        "review_e": (review.e_found, review.e_lines) if reviewed else None,
        "review_ew": (review.e_found + review.w_found, review.e_lines + review.w_lines)
        if reviewed
        else None,
        "review_false_alarms": len(review.false_alarms) if reviewed else None,
        "review_ew_gold": (gold.e_found + gold.w_found, gold.e_lines + gold.w_lines)
        if reviewed
        else None,
        "review_ew_anywhere": (
            anywhere.e_found + anywhere.w_found,
            anywhere.e_lines + anywhere.w_lines,
        )
        if reviewed
        else None,
        "per_second": len(cpu) / sum(cpu) if cpu and sum(cpu) > 0 else None,
        "p95_s": cpu[min(len(cpu) - 1, round(0.95 * (len(cpu) - 1)))] if cpu else None,
    }


ROWS: list[tuple[str, str, Callable[[dict[str, Any], str], str]]] = [
    (
        "field micro-F1",
        "≥ 0.85 (templates ≥ 0.92, round trip ≥ 0.98)",
        lambda f, g: _f(f["field_f1"]),
    ),
    (
        "  precision / recall",
        "",
        lambda f, g: f"{_f(f['field_precision'])} / {_f(f['field_recall'])}",
    ),
    ("KvK, VAT, e-mail, phone (F1)", "≥ 0.97", lambda f, g: _f(f["identifiers_f1"])),
    ("rights offered + deadline (F1)", "≥ 0.92", lambda f, g: _f(f["rights_f1"])),
    ("outdated terms flagged (recall)", "≥ 0.95", lambda f, g: _outdated_recall(f)),
    ("  terms flagged that are not there", "0", lambda f, g: _wrongly_flagged(f)),
    ("evidence on every value", "100 %", lambda f, g: _pct(*f["evidence"])),
    (
        "  quotes not text[start:end]",
        "0",
        lambda f, g: str(f["bad_quotes"]) if f["measured"] else "-",
    ),
    ("drafts that load", "all", lambda f, g: _pct(*f["loads"])),
    (
        "review: E lines found",
        "≥ 95 %",
        lambda f, g: _pct(*f["review_e"]) if f["review_e"] else "-",
    ),
    (
        "review: E+W lines found",
        "≥ 90 %",
        lambda f, g: _pct(*f["review_ew"]) if f["review_ew"] else "-",
    ),
    (
        "  the same, a tag's path ignored",
        "",
        lambda f, g: _pct(*f["review_ew_anywhere"]) if f["review_ew_anywhere"] else "-",
    ),
    (
        "  the checker on the gold itself",
        "",
        lambda f, g: _pct(*f["review_ew_gold"]) if f["review_ew_gold"] else "-",
    ),
    (
        "review: false alarms",
        "",
        lambda f, g: "-" if f["review_false_alarms"] is None else str(f["review_false_alarms"]),
    ),
    (
        "speed, statements/s (1 core CPU)",
        "≥ 20",
        lambda f, g: "-" if f["per_second"] is None else f"{f['per_second']:.1f}",
    ),
    (
        "speed, p95 s per statement",
        "< 0.5",
        lambda f, g: "-" if f["p95_s"] is None else f"{f['p95_s']:.3f}",
    ),
]


_W = 16


def _wrongly_flagged(f: dict[str, Any]) -> str:
    return str(f["outdated_wrong"]) if f["outdated_scored"] else "-"


def _outdated_recall(f: dict[str, Any]) -> str:
    if f["outdated_scored"] and not f["outdated_expected"]:
        return "none used"
    return _f(f["outdated_recall"])


def results_of(by_group: dict[str, list[Result]]) -> list[Result]:
    return [r for results in by_group.values() for r in results]


def _family_f1(results: Sequence[Result], name: str) -> str:
    counts = S.Counts()
    for r in results:
        counts.add(
            S.Counts(
                sum(1 for f, _ in r.right if S.family(f) == name),
                sum(1 for f, _ in r.wrong if S.family(f) == name),
                sum(1 for f, _ in r.missed if S.family(f) == name),
            )
        )
    if counts.f1 is None:
        return "-"
    return f"{counts.f1:.2f} ({counts.tp}/{counts.fp}/{counts.fn})"


def report(
    cases_of: dict[str, list[Case]],
    by_group: dict[str, list[Result]],
    skipped: list[Case],
    total: dict[str, int],
    verbose: bool,
    why_not: str | None,
) -> tuple[str, dict[str, Any]]:
    groups = list(total)
    figs = {g: figures(by_group.get(g, [])) for g in groups}
    out = ["The importer held against hand-written declarations (bench/import.py)", ""]
    if why_not:
        out += [f"NOT MEASURED: {why_not}.", "Nothing below is a figure of the importer.", ""]
    width = max(len(r[0]) for r in ROWS) + 2
    head = f"{'measure':<{width}}  " + "  ".join(f"{g:>{_W}}" for g in groups) + "  target"
    out += [head, "-" * len(head)]
    measured = [f"{figs[g]['measured']}/{total[g]}" for g in groups]
    counted = f"{'statements measured':<{width}}  " + "  ".join(f"{m:>{_W}}" for m in measured)
    out.append(counted)
    gold = [str(sum(len(S.flatten(c.gold)) for c in cases_of[g])) for g in groups]
    out.append(f"{'gold (field, value) pairs':<{width}}  " + "  ".join(f"{n:>{_W}}" for n in gold))
    for label, target, cell in ROWS:
        cells = "  ".join(f"{cell(figs[g], g):>{_W}}" for g in groups)
        out.append(f"{label:<{width}}  {cells}  {target}")
    families = sorted(
        {S.family(f) for r in results_of(by_group) for f, _ in r.right | r.missed | r.wrong}
    )
    if families:
        out += ["", "By field (F1, over the statements measured)"]
        for name in families:
            cells = "  ".join(f"{_family_f1(by_group.get(g, []), name):>{_W}}" for g in groups)
            out.append(f"  {name:<{width - 2}}  {cells}")
    if skipped:
        out += ["", "Not measured:"]
        out += [f"  {c.group}/{c.name}: {c.missing}" for c in skipped]
    for group in groups:
        for r in by_group.get(group, []):
            out.append("")
            line = f"## {group}/{r.case.name}"
            if r.error:
                out += [line, f"  failed: {r.error}"]
                continue
            out.append(
                f"{line}: F1 {_f(r.fields.f1)} (tp {r.fields.tp}, fp {r.fields.fp}, "
                f"fn {r.fields.fn}), evidence {_pct(r.evidence.with_evidence, r.evidence.values)}"
                f", {r.cpu * 1000:.0f} ms"
            )
            if r.loads is not None:
                out.append(f"  does not load: {r.loads}")
            if verbose:
                out += [f"  missed: {f} = {v}" for f, v in sorted(r.missed)]
                out += [f"  wrong:  {f} = {v}" for f, v in sorted(r.wrong)]
                out += [f"  no evidence: {p}" for p in r.evidence.without]
    return "\n".join(out), figs
