"""Bring examples/README.md up to date with what the checker finds in each example.

Rewrites, from ``waarborg check`` on each ``examples/<folder>/privacy.yaml``:

- the counts of the summary table (errors, warnings, infos on the statement);
- in each organisation's section, the count line and the table of rules on the statement,
  and the count line and table of rules on the register (left out when it has none).

The prose around them (what was recorded, and why) is not touched.
tests/test_examples.py reads the same tables back.

    python scripts/example_tables.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from waarborg.declaration.lint import Finding, Scope, Severity, check
from waarborg.declaration.loader import load

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "examples" / "README.md"
SEVERITIES = ("error", "warning", "info")
MOST_PLACES = 6


def _count_line(findings: list[Finding], prefix: str = "") -> str:
    counts = Counter(f.severity.value for f in findings)

    def part(severity: str) -> str:
        n = counts[severity]
        return f"{n} {severity}{'' if n == 1 else 's'}"

    return f"{prefix}**{', '.join(part(s) for s in SEVERITIES)}**"


def _table(findings: list[Finding], rule_header: str) -> list[str]:
    places: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in findings:
        where = ".".join(str(p) for p in f.path) or "(the declaration)"
        places[(f.severity.value, f.rule)].append(f"`{where}`")
    order = sorted(places, key=lambda k: (SEVERITIES.index(k[0]), -len(places[k]), k[1]))
    lines = [f"| Severity | {rule_header} | Count | Where |", "| --- | --- | ---: | --- |"]
    for severity, rule in order:
        distinct = list(dict.fromkeys(places[(severity, rule)]))
        shown = ", ".join(distinct[:MOST_PLACES])
        if len(distinct) > MOST_PLACES:
            shown += f" and {len(distinct) - MOST_PLACES} more"
        count = len(places[(severity, rule)])
        lines.append(f"| {severity} | `{rule}` | {count} | {shown} |")
    return lines


def _block(findings: list[Finding]) -> str:
    statement = [f for f in findings if f.scope == Scope.STATEMENT]
    register = [f for f in findings if f.scope == Scope.REGISTER]
    lines = [_count_line(statement), "", *_table(statement, "Rule")]
    if register:
        lines += ["", _count_line(register, "On the register: "), ""]
        lines += _table(register, "Register rule")
    return "\n".join(lines)


_MARKED = re.compile(r"<!-- findings -->\n.*?<!-- /findings -->", re.S)
_READING = re.compile(r"<!-- reading -->\n.*?<!-- /reading -->", re.S)
SEED_READINGS = ROOT / "tests" / "data" / "seed-readings.md"


def _reading_block(folder: str, findings: list[Finding]) -> str:
    """Each line of the lawyer's reading of this seed, with what the checker finds for it,
    and the findings (errors and warnings) the reading has no line for."""
    sys.path.insert(0, str(ROOT / "bench"))
    import checker_eval

    from waarborg.declaration.lint import all_rules

    sections = checker_eval.seed_sections(SEED_READINGS.read_text("utf-8"))
    if folder not in sections:
        return "(no reading)"
    reading = checker_eval.parse_reading(sections[folder], all_rules())
    rows = ["| Reading | What the lawyer finds | Finding today |", "| --- | --- | --- |"]
    accounted: set[int] = set()
    for line in reading.lines:
        hits = line.hits(findings, set(Severity))
        accounted |= {id(f) for f in hits}
        if hits:
            by_rule = Counter((f.rule, f.severity.value) for f in hits)
            found = "; ".join(
                f"`{rule}`, {severity}" + (f", {n} times" if n > 1 else "")
                for (rule, severity), n in by_rule.items()
            )
        else:
            found = "no finding" if line.severity in ("OK", "I") else "**not found**"
        what = line.reason.replace("|", "\\|")
        rows.append(f"| {line.severity} {line.article} | {what} | {found} |".replace("  ", " "))
    beyond = [
        f for f in findings if id(f) not in accounted and f.severity.value in ("error", "warning")
    ]
    if beyond:
        rows += ["", "Errors and warnings the reading has no line for:", ""]
        seen: Counter[tuple[str, str]] = Counter((f.rule, f.severity.value) for f in beyond)
        for (rule, severity), n in seen.items():
            scope = next(f.scope for f in beyond if f.rule == rule)
            where = " (on the register)" if scope == Scope.REGISTER else ""
            rows.append(f"- `{rule}`, {severity}" + (f", {n} times" if n > 1 else "") + where)
    return "\n".join(rows)


def rewrite(text: str, folders: dict[str, list[Finding]]) -> str:
    """``text`` with its summary counts and each section's findings brought up to date.

    Each section holds its findings between ``<!-- findings -->`` and
    ``<!-- /findings -->``; the section is the one the summary row links to."""
    out = text
    for folder, findings in folders.items():
        statement = Counter(f.severity.value for f in findings if f.scope == Scope.STATEMENT)
        row = re.compile(
            rf"^(\| \[[^]]+\]\(#([\w-]+)\) \(`{folder}/`\) \|)[^|]*\|[^|]*\|[^|]*\|", re.M
        )
        match = row.search(out)
        if match is None:
            raise SystemExit(f"no summary row for {folder}/")
        counts = " | ".join(str(statement[s]) for s in SEVERITIES)
        out = out[: match.start()] + f"{match.group(1)} {counts} |" + out[match.end() :]
        anchor = match.group(2)
        heading = next(
            m for m in re.finditer(r"^## (.+)$", out, re.M) if _slug(m.group(1)) == anchor
        )
        end = re.compile(r"^## ", re.M).search(out, heading.end())
        stop = end.start() if end else len(out)
        section = out[heading.end() : stop]
        if not _MARKED.search(section):
            raise SystemExit(f"#{anchor} has no <!-- findings --> ... <!-- /findings --> block")
        block = f"<!-- findings -->\n{_block(findings)}\n<!-- /findings -->"
        section = _MARKED.sub(_literal(block), section, count=1)
        if _READING.search(section):
            reading = f"<!-- reading -->\n{_reading_block(folder, findings)}\n<!-- /reading -->"
            section = _READING.sub(_literal(reading), section, count=1)
        out = out[: heading.end()] + section + out[stop:]
    return out


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that puts ``text`` in as it is (no backslash escapes)."""
    return lambda _match: text


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args()
    folders = {
        path.parent.name: check(load(path))
        for path in sorted((ROOT / "examples").glob("*/privacy.yaml"))
    }
    text = README.read_text("utf-8")
    new = rewrite(text, folders)
    if args.check:
        print("examples/README.md is " + ("current" if new == text else "out of date"))
        return 0 if new == text else 1
    README.write_text(new, "utf-8")
    print("wrote examples/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
