"""Measure the checker on real privacy statements against a lawyer's reading.

Every folder of ``tests/data/statements/`` holds a declaration of a real Dutch privacy
statement (``privacy.yaml``) and what a careful lawyer finds in it (``reading.md``),
written before the checker was run on it. Each line of the reading has a severity and
the rules that answer it (see ``tests/data/statements/README.md``):

- an ``E`` line is found when one of its rules reports an error there;
- a ``W`` line is found when one of its rules reports an error or a warning there;
- an ``OK`` line is violated when one of its rules reports anything there;
- an ``I`` line is not scored, but a finding of one of its rules is no false alarm;
- a tag ``new: an-id`` names a rule that does not exist yet: a miss.

A false alarm is an error or warning that no ``E``, ``W`` or ``I`` line of the statement
accounts for. "There" means: the rule matches and, where the tag gives a declaration
path (``rule@purposes.newsletter``), the finding is at that path or below it.

    python bench/checker_eval.py                 # the evaluation set
    python bench/checker_eval.py --seeds         # the five examples, from a mapping file
    python bench/checker_eval.py --only maasiso  # one statement

It prints, per statement and in total, the recall of E lines, of E and W lines together,
the false alarms and the OK lines violated, then every miss and false alarm with its
message. It always exits 0: the figures are a measurement, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from machine import describe

from waarborg.declaration.lint import Finding, Severity, all_rules, check
from waarborg.declaration.loader import load
from waarborg.errors import WaarborgError

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = ROOT / "tests" / "data" / "statements"
EXAMPLES = ROOT / "examples"
#: Where the lawyer's reading of the five seeds is mapped to rules, one ``## <example>``
#: section per folder of ``examples/``, in the format of a statement's reading.
SEED_MAPPING = ROOT / "tests" / "data" / "seed-readings.md"

SEVERITIES = ("E", "W", "I", "OK")
_LINE = re.compile(
    r"^- (?P<severity>E|W|I|OK) (?P<article>[^\[]*?)\s*\[(?P<tags>[^\]]*)\]:\s*(?P<reason>.+)$"
)
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PATH = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Tag:
    """A rule that answers a reading line, or a proposed rule (``new``)."""

    rule: str
    path: str | None = None
    new: bool = False

    def matches(self, finding: Finding) -> bool:
        if self.new or finding.rule != self.rule:
            return False
        if self.path is None:
            return True
        where = ".".join(str(p) for p in finding.path)
        return where == self.path or where.startswith(self.path + ".")

    def __str__(self) -> str:
        if self.new:
            return f"new: {self.rule}"
        return self.rule if self.path is None else f"{self.rule}@{self.path}"


@dataclass(frozen=True)
class Line:
    """One finding of the lawyer's reading."""

    severity: str
    article: str
    tags: tuple[Tag, ...]
    reason: str
    number: int

    def hits(self, findings: Iterable[Finding], severities: set[Severity]) -> list[Finding]:
        return [
            f for f in findings if f.severity in severities and any(t.matches(f) for t in self.tags)
        ]

    def __str__(self) -> str:
        tags = ", ".join(str(t) for t in self.tags)
        return f"{self.severity} {self.article} [{tags}]: {self.reason}"


@dataclass
class Reading:
    lines: list[Line] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_tags(text: str) -> tuple[list[Tag], list[str]]:
    """The tags between the brackets of a reading line, and what is wrong with them."""
    tags: list[Tag] = []
    problems: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            problems.append("an empty tag")
            continue
        if part.startswith("new:"):
            proposed = part[len("new:") :].strip()
            if _RULE_ID.match(proposed):
                tags.append(Tag(proposed, new=True))
            else:
                problems.append(f"'{part}' does not propose a rule id")
            continue
        rule, _, path = part.partition("@")
        if not _RULE_ID.match(rule) or (path and not _PATH.match(path)):
            problems.append(f"'{part}' is not a rule id or rule@path")
            continue
        tags.append(Tag(rule, path or None))
    return tags, problems


def parse_reading(text: str, known_rules: Iterable[str] | None = None) -> Reading:
    """The lines of the ``## Reading`` section (or of the whole text, when it has none).

    Every bullet in that section must be a reading line; a bullet that is not, a tag
    that is malformed, and (given ``known_rules``) a rule id the checker does not know
    are problems.
    """
    known = set(known_rules) if known_rules is not None else None
    reading = Reading()
    has_section = any(line.strip() == "## Reading" for line in text.splitlines())
    inside = not has_section
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("## "):
            inside = stripped == "## Reading" or not has_section
            continue
        if not inside or not stripped.startswith("- "):
            continue
        match = _LINE.match(stripped)
        if match is None:
            reading.problems.append(f"line {number}: not a reading line: {stripped[:80]}")
            continue
        tags, problems = parse_tags(match["tags"])
        reading.problems.extend(f"line {number}: {p}" for p in problems)
        if not tags:
            reading.problems.append(f"line {number}: no rule answers this line")
        if known is not None:
            for tag in tags:
                if not tag.new and tag.rule not in known:
                    reading.problems.append(f"line {number}: '{tag.rule}' is not a rule")
        reading.lines.append(
            Line(match["severity"], match["article"].strip(), tuple(tags), match["reason"], number)
        )
    return reading


def seed_sections(text: str) -> dict[str, str]:
    """The ``## <example>`` sections of the seed mapping file, by example folder."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        if raw.startswith("## "):
            current = sections.setdefault(raw[3:].strip(), [])
            continue
        if current is not None:
            current.append(raw)
    return {name: "\n".join(lines) for name, lines in sections.items()}


@dataclass
class Score:
    """What the checker found in one statement, held against its reading."""

    name: str
    e_lines: int = 0
    e_found: int = 0
    w_lines: int = 0
    w_found: int = 0
    ok_lines: int = 0
    ok_violated: int = 0
    misses: list[tuple[Line, list[Finding]]] = field(default_factory=list)
    violations: list[tuple[Line, list[Finding]]] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.e_lines += other.e_lines
        self.e_found += other.e_found
        self.w_lines += other.w_lines
        self.w_found += other.w_found
        self.ok_lines += other.ok_lines
        self.ok_violated += other.ok_violated
        self.misses += other.misses
        self.violations += other.violations
        self.false_alarms += other.false_alarms
        self.problems += other.problems


_ERRORS = {Severity.ERROR}
_ALARMS = {Severity.ERROR, Severity.WARNING}
_ANY = {Severity.ERROR, Severity.WARNING, Severity.INFO}


def score(name: str, reading: Reading, findings: Sequence[Finding]) -> Score:
    """Hold ``findings`` against ``reading``."""
    result = Score(name, problems=list(reading.problems))
    for line in reading.lines:
        if line.severity == "E":
            result.e_lines += 1
            if line.hits(findings, _ERRORS):
                result.e_found += 1
            else:
                result.misses.append((line, line.hits(findings, _ANY)))
        elif line.severity == "W":
            result.w_lines += 1
            if line.hits(findings, _ALARMS):
                result.w_found += 1
            else:
                result.misses.append((line, line.hits(findings, _ANY)))
        elif line.severity == "OK":
            result.ok_lines += 1
            hits = line.hits(findings, _ANY)
            if hits:
                result.ok_violated += 1
                result.violations.append((line, hits))
    accounted = [line for line in reading.lines if line.severity in ("E", "W", "I")]
    # A finding on the register (the organisation's records) answers a reading line that
    # names it, but it is no alarm about the statement when the reading does not.
    result.false_alarms = [
        f
        for f in findings
        if f.severity in _ALARMS
        and f.scope == "statement"
        and not any(t.matches(f) for line in accounted for t in line.tags)
    ]
    return result


def evaluate(name: str, declaration: Path, reading_text: str) -> Score:
    """Load ``declaration``, run the checker and score it against ``reading_text``."""
    reading = parse_reading(reading_text, all_rules())
    try:
        findings = check(load(declaration))
    except WaarborgError as exc:
        result = score(name, reading, [])
        result.problems.append(f"{declaration}: does not load: {exc}")
        return result
    return score(name, reading, findings)


def statements(folder: Path = STATEMENTS) -> list[tuple[str, Path, str]]:
    """(name, declaration, reading text) of every statement of the evaluation set."""
    return [
        (d.name, d / "privacy.yaml", (d / "reading.md").read_text("utf-8"))
        for d in sorted(folder.iterdir())
        if d.is_dir() and (d / "reading.md").is_file()
    ]


def seeds(mapping: Path = SEED_MAPPING) -> list[tuple[str, Path, str]]:
    """(name, declaration, reading text) of every example the seed mapping covers."""
    sections = seed_sections(mapping.read_text("utf-8"))
    return [(name, EXAMPLES / name / "privacy.yaml", text) for name, text in sections.items()]


def _ratio(found: int, total: int) -> str:
    if total == 0:
        return "  -  (0/0)"
    return f"{100 * found / total:5.1f} % ({found}/{total})"


def _finding(f: Finding) -> str:
    where = ".".join(str(p) for p in f.path) or "-"
    return f"{f.rule} ({f.severity.value}) at {where}: {f.message}"


def report(scores: Sequence[Score], title: str) -> str:
    """The figures per statement and in total, then every miss and false alarm."""
    out = [title, ""]
    width = max([len(s.name) for s in scores] + [len("total")])
    head = (
        f"{'statement':<{width}}  {'E recall':>16}  {'E+W recall':>16}  false alarms  OK violated"
    )
    out += [head, "-" * len(head)]
    total = Score("total")
    for s in scores:
        total.add(s)
        out.append(_row(s, width))
    out += ["-" * len(head), _row(total, width), ""]
    alarms_per_statement = len(total.false_alarms) / len(scores) if scores else 0.0
    out.append(f"false alarms per statement: {alarms_per_statement:.2f}")
    for s in scores:
        if not (s.misses or s.false_alarms or s.violations or s.problems):
            continue
        out += ["", f"## {s.name}"]
        out += [f"  problem: {p}" for p in s.problems]
        for line, hits in s.misses:
            out.append(f"  miss (line {line.number}): {line}")
            out += [f"      fired only as: {_finding(f)}" for f in hits]
        for f in s.false_alarms:
            out.append(f"  false alarm: {_finding(f)}")
        for line, hits in s.violations:
            out.append(f"  OK violated (line {line.number}): {line}")
            out += [f"      by: {_finding(f)}" for f in hits]
    return "\n".join(out)


def _row(s: Score, width: int) -> str:
    e_w = _ratio(s.e_found + s.w_found, s.e_lines + s.w_lines)
    return (
        f"{s.name:<{width}}  {_ratio(s.e_found, s.e_lines):>16}  {e_w:>16}  "
        f"{len(s.false_alarms):>12}  {s.ok_violated:>5}/{s.ok_lines:<5}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the checker held against a lawyer's reading")
    parser.add_argument(
        "--seeds",
        nargs="?",
        const=str(SEED_MAPPING),
        metavar="MAPPING",
        help="score the five examples instead, from a mapping file of their readings "
        f"(default {SEED_MAPPING.relative_to(ROOT)})",
    )
    parser.add_argument("--only", action="append", metavar="NAME", help="only this statement")
    args = parser.parse_args(argv)
    print(describe())  # the machine and python -c pass, beside the figures

    if args.seeds is not None:
        mapping = Path(args.seeds)
        if not mapping.is_file():
            print(f"no seed mapping at {mapping} yet; nothing to score")
            return 0
        cases, title = seeds(mapping), f"The checker on the five seeds ({mapping})"
    else:
        cases, title = statements(), f"The checker on real statements ({STATEMENTS})"
    if args.only:
        cases = [c for c in cases if c[0] in set(args.only)]
    scores = [evaluate(name, declaration, text) for name, declaration, text in cases]
    print(report(scores, title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
