"""The evaluation set and its scorer (``bench/checker_eval.py``).

These tests hold what must be true whatever the rules find: every statement has its
source, reading and declaration; every reading parses and names only rules that exist
(or proposes new ones); every declaration loads; and the scorer counts a line as found,
missed or violated, and a finding as a false alarm, exactly as its documentation says.
The scores themselves are a measurement, printed by the scorer, not asserted here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from waarborg.declaration.lint import Finding, Severity, all_rules
from waarborg.declaration.loader import load
from waarborg.errors import Location

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import checker_eval  # noqa: E402

FOLDERS = sorted(
    d for d in checker_eval.STATEMENTS.iterdir() if d.is_dir() and not d.name.startswith(".")
)


def test_the_set_has_at_least_twelve_statements() -> None:
    assert len(FOLDERS) >= 12


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_a_statement_has_its_source_reading_and_declaration(folder: Path) -> None:
    for name in ("SOURCE.md", "reading.md", "privacy.yaml"):
        assert (folder / name).is_file(), f"{folder.name} has no {name}"
    source = (folder / "SOURCE.md").read_text("utf-8")
    for fact in ("Repository:", "Commit:", "Licence", "Read:", "Kept:"):
        assert fact in source, f"{folder.name}/SOURCE.md does not give '{fact}'"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_a_reading_parses_and_names_only_known_rules(folder: Path) -> None:
    reading = checker_eval.parse_reading((folder / "reading.md").read_text("utf-8"), all_rules())
    assert reading.problems == []
    assert any(line.severity in ("E", "W") for line in reading.lines)
    assert any(line.severity == "OK" for line in reading.lines)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_a_declaration_loads(folder: Path) -> None:
    load(folder / "privacy.yaml")


def test_the_scorer_prints_every_statement_and_a_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert checker_eval.main([]) == 0
    out = capsys.readouterr().out
    for folder in FOLDERS:
        assert f"\n{folder.name} " in out
    assert "\ntotal " in out
    assert "does not load" not in out


def _finding(rule: str, severity: Severity, *path: str) -> Finding:
    return Finding(rule, severity, "-", f"{rule} fired", "-", tuple(path), Location("x.yaml"))


READING = """\
# A statement

## Reading
- E 13(1)(c) [basis-missing@purposes.shop]: no basis for the shop.
- E 13(2)(b) [rights-missing]: no rights.
- W 13(2)(a) [retention-vague, new: retention-criteria]: "zo lang als nodig".
- W 13(1)(e) [new: recipient-unnamed]: "derden".
- I 5(1)(c) [category-unused]: gender has no purpose.
- OK 13(2)(d) [complaint-right-missing]: the AP is named.
- OK 13(2)(c) [consent-withdrawal-missing@purposes.newsletter]: withdrawal is named.

## Model gaps
- Something the model cannot say.
"""


def test_lines_are_found_missed_or_violated_by_rule_severity_and_path() -> None:
    reading = checker_eval.parse_reading(READING, all_rules())
    assert reading.problems == []
    findings = [
        _finding("basis-missing", Severity.ERROR, "purposes", "shop", "basis"),
        _finding("rights-missing", Severity.WARNING, "rights"),  # an E line needs an error
        _finding("retention-vague", Severity.WARNING, "retention", "general"),
        _finding("category-unused", Severity.INFO, "categories", "gender"),
        _finding("consent-withdrawal-missing", Severity.ERROR, "purposes", "shop"),
        _finding("controller-kvk-missing", Severity.INFO, "controller"),
        _finding("security-measures-missing", Severity.WARNING),
    ]
    score = checker_eval.score("a", reading, findings)
    assert (score.e_found, score.e_lines) == (1, 2)
    assert (score.w_found, score.w_lines) == (1, 2)
    assert [line.number for line, _ in score.misses] == [5, 7]
    assert [f.rule for f in score.misses[0][1]] == ["rights-missing"]
    # a finding outside the OK line's path does not violate it, and infos are no alarm
    assert (score.ok_violated, score.ok_lines) == (0, 2)
    # rights-missing is on an E line, so it is a miss there, not a false alarm
    assert [f.rule for f in score.false_alarms] == [
        "consent-withdrawal-missing",
        "security-measures-missing",
    ]


def test_an_ok_line_is_violated_by_a_finding_of_any_severity() -> None:
    reading = checker_eval.parse_reading(READING, all_rules())
    findings = [_finding("complaint-right-missing", Severity.INFO, "rights")]
    score = checker_eval.score("a", reading, findings)
    assert score.ok_violated == 1
    assert score.false_alarms == []


def test_a_malformed_reading_is_reported_line_by_line() -> None:
    text = """\
## Reading
- E 13(1)(c) [basis-missing]: fine.
- E 13(1)(c) basis missing without tags.
- W 13(2)(a) []: no tags.
- W 13(2)(a) [no-such-rule, Bad Tag, new: ]: three bad tags.
"""
    reading = checker_eval.parse_reading(text, all_rules())
    assert [p.split(":")[0] for p in reading.problems] == [
        "line 3",
        "line 4",
        "line 4",
        "line 5",
        "line 5",
        "line 5",
    ]
    assert "'no-such-rule' is not a rule" in " ".join(reading.problems)


def test_the_seed_hook_waits_for_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert checker_eval.main(["--seeds", str(tmp_path / "missing.md")]) == 0
    assert "no seed mapping" in capsys.readouterr().out

    mapping = tmp_path / "seeds.md"
    mapping.write_text(
        "# Seeds\n\n## qooqie\n- E 13(1)(c) [basis-missing]: no basis named.\n", "utf-8"
    )
    assert checker_eval.main(["--seeds", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "\nqooqie " in out
    assert "does not load" not in out
