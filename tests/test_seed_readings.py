"""The checker against a careful lawyer's reading of the five seed statements, line by
line (``../shared/ground-truth/seeds.md``).

``tests/data/seed-readings.md`` holds each line of that reading, in its words, with the
rules that answer it. These tests hold the mapping against the reading (every line of
the reading is there, with its severity and words) and the checker's output on each
example against the mapping: every E line is an error, every W line at least a
warning, nothing fires on an OK line, and no error or warning falls outside the reading
unless the reading asks for that very finding on another seed (a class the lawyer
reports where a statement is silent on it).
"""

from __future__ import annotations

import re
import sys

import pytest

from waarborg.declaration.lint import all_rules

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import checker_eval

GROUND_TRUTH = ROOT.parent / "shared" / "ground-truth" / "seeds.md"
MAPPING = ROOT / "tests" / "data" / "seed-readings.md"
FOLDERS = {
    "000": "classigogo",
    "001": "plusjeklas",
    "002": "iemagoo",
    "003": "connectmenow",
    "004": "qooqie",
}
#: How a severity of the reading may be held in the mapping.
HELD_AS = {"E": {"E"}, "W": {"W"}, "E/W": {"W"}, "I": {"I"}, "I/W": {"I"}, "OK": {"OK"}}

needs_reading = pytest.mark.skipif(
    not GROUND_TRUTH.exists(), reason=f"the lawyer's reading is not at {GROUND_TRUTH}"
)


def _reading() -> dict[str, list[tuple[str, str]]]:
    """The reading's lines by example folder: (severity, the rest of the line)."""
    out: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for raw in GROUND_TRUTH.read_text("utf-8").splitlines():
        heading = re.match(r"^## (\d{3}) ", raw)
        if heading:
            current = out.setdefault(FOLDERS[heading.group(1)], [])
            continue
        line = re.match(r"^- (E/W|I/W|E|W|I|OK)\b(.*)$", raw)
        if current is not None and line:
            current.append((line.group(1), line.group(2)))
    return out


def _mapped() -> dict[str, list[checker_eval.Line]]:
    sections = checker_eval.seed_sections(MAPPING.read_text("utf-8"))
    return {
        name: checker_eval.parse_reading(text, all_rules()).lines for name, text in sections.items()
    }


@needs_reading
def test_the_mapping_holds_every_line_of_the_reading_in_its_words() -> None:
    reading, mapped = _reading(), _mapped()
    assert sorted(mapped) == sorted(reading)
    for folder, lines in reading.items():
        for severity, rest in lines:
            words = _plain(rest)
            here = [m for m in mapped[folder] if _plain(m.reason) in words]
            assert here, f"{folder}: no line of the mapping holds {severity}{rest}"
        for m in mapped[folder]:
            source = [s for s, rest in lines if _plain(m.reason) in _plain(rest)]
            assert source, f"{folder}: '{m.reason}' is no line of the reading"
            assert any(m.severity in HELD_AS[s] for s in source), (folder, m.severity, source)


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_every_tag_of_the_mapping_is_a_rule() -> None:
    sections = checker_eval.seed_sections(MAPPING.read_text("utf-8"))
    for name, text in sections.items():
        reading = checker_eval.parse_reading(text, all_rules())
        assert not reading.problems, (name, reading.problems)


@pytest.fixture(scope="module")
def scores() -> dict[str, checker_eval.Score]:
    return {
        name: checker_eval.evaluate(name, declaration, text)
        for name, declaration, text in checker_eval.seeds(MAPPING)
    }


@pytest.mark.parametrize("folder", sorted(FOLDERS.values()))
def test_every_error_and_warning_of_the_reading_is_found(
    scores: dict[str, checker_eval.Score], folder: str
) -> None:
    score = scores[folder]
    assert not score.problems, score.problems
    missed = [str(line) for line, _hits in score.misses]
    assert not missed, f"{folder}: {missed}"
    assert score.e_found == score.e_lines and score.w_found == score.w_lines


@pytest.mark.parametrize("folder", sorted(FOLDERS.values()))
def test_nothing_fires_on_a_line_the_reading_finds_in_order(
    scores: dict[str, checker_eval.Score], folder: str
) -> None:
    assert not scores[folder].violations, [str(line) for line, _ in scores[folder].violations]


@pytest.mark.parametrize("folder", sorted(FOLDERS.values()))
def test_no_finding_the_reading_would_not_ask_for(
    scores: dict[str, checker_eval.Score], folder: str
) -> None:
    """An error or warning outside this seed's reading is allowed only where the reading
    asks for that finding on another seed, whose statement is silent in the same way."""
    asked: set[str] = set()
    for name, lines in _mapped().items():
        if name != folder:
            asked |= {
                t.rule
                for line in lines
                if line.severity in ("E", "W")
                for t in line.tags
                if not t.new
            }
    unasked = [
        f"{f.rule} at {'.'.join(map(str, f.path))}"
        for f in scores[folder].false_alarms
        if f.rule not in asked
    ]
    assert not unasked, f"{folder}: {unasked}"
