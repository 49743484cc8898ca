"""Measure ``waarborg import`` against declarations written by hand from the same text.

The groups of statements, each imported with ``importer.read.read`` and
``importer.extract.extract`` and held against a gold declaration:

- ``seeds``: the five seed statements (``../shared/seeds/``) against the declarations in
  ``examples/`` (each example names its seed in its header comment);
- ``set``: the real statements of ``tests/data/statements/`` against their declarations;
  their texts are not kept in the repository and are read from a cache folder that
  ``bench/import_texts.py`` fills from the repositories at the commits their
  ``SOURCE.md`` names;
- ``templates``: statements made from the common Dutch templates (the generator text
  with "BSN zwart" and "binnen vier weken", an association's, a web shop's), with gold
  declarations in ``bench/import_data/templates/``, texts in the same cache;
- ``extra``: more real statements, chosen for what the others lack (outdated terms),
  with gold declarations in ``bench/import_data/extra/`` and no lawyer's reading;
- ``dev``: more real statements of varied kinds (an association, a web shop, a
  municipality, a practice, a SaaS company, a statement in English...) to improve the
  rules on, so that ``set`` stays held out; gold declarations in
  ``bench/import_data/dev/``, texts in the same cache, no lawyer's reading;
- ``dev2``: a second development batch of other kinds (a church, a photographer, a
  recruitment agency, an app...), its golds written from the texts before the importer
  was run on them; gold declarations in ``bench/import_data/dev2/``, texts in the cache,
  and a lawyer's reading of each (``reading.md``) for the review figures;
- ``dev3``: a third development batch (an accountant, a gym, a dentist, a music
  association, an ordering platform...), its golds written from the texts before the
  importer was run on them; gold declarations in ``bench/import_data/dev3/``;
- ``fresh``: more real statements, measured but never tuned on (no rule is written with
  them in view), so that their figure is that of statements no rule was written beside;
  gold declarations in ``bench/import_data/fresh/``, texts in the same cache;
- ``unseen``: a third batch of real statements, its golds written from the texts before
  the importer was run on them, and kept out of tuning as ``fresh`` is; gold declarations
  in ``bench/import_data/unseen/``, texts in the same cache;
- ``roundtrip``: each example's statement as ``waarborg render`` writes it (HTML, not
  marked as a draft: the examples have open findings, and ``--draft`` would list them
  on the page), in Dutch and in English, against that example.

The figures are those of the issue's target table: field-level micro-F1 over
(field, normalised value) pairs (``bench/import_score.py`` says which fields and how
they are normalised), KvK/VAT/e-mail/phone, the rights and the response deadline,
outdated terms flagged (against ``bench/import_data/outdated.yaml``), evidence on every
extracted value, ``review`` against the lawyer's reading (scored as
``bench/checker_eval.py`` scores the checker), and speed on one core.

    python bench/import.py                     # every group
    python bench/import.py --group seeds       # one group
    python bench/import.py --only maasiso -v   # one statement, every miss and wrong value
    python bench/import.py --json out.json     # the figures as JSON as well

What cannot be measured (no extractor yet, a text not in the cache, no seeds folder) is
said plainly, with the reason; the figures then cover only what was measured. It
always exits 0: the figures are a measurement, not a test.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from waarborg.importer.model import Draft

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checker_eval
import import_score as S
from import_report import Case, Result, report
from machine import describe

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
STATEMENTS = ROOT / "tests" / "data" / "statements"
DATA = ROOT / "bench" / "import_data"
TEMPLATES = DATA / "templates"
SOURCES = DATA / "sources.yaml"
OUTDATED = DATA / "outdated.yaml"
GROUPS = (
    "seeds",
    "set",
    "templates",
    "extra",
    "dev",
    "dev2",
    "dev3",
    "fresh",
    "unseen",
    "roundtrip",
)
DEFAULT_TEXTS = Path.home() / ".cache" / "waarborg" / "import-bench"
_SEED_SOURCE = re.compile(r"^# Source: \.\./shared/seeds/(?P<file>[\w.-]+\.txt)", re.M)


# --- the cases -----------------------------------------------------------------------


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def seeds_dir(given: str | None) -> Path | None:
    """Where the seed statements are: as given, ``$WAARBORG_SEEDS``, or ``shared/seeds``
    beside the repository or its parent (a git worktree)."""
    for candidate in (given, os.environ.get("WAARBORG_SEEDS")):
        if candidate:
            return Path(candidate)
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared" / "seeds"
    return None


def _outdated_gold() -> dict[str, list[str]]:
    raw = _yaml(OUTDATED) if OUTDATED.is_file() else {}
    return {str(k): [str(t) for t in (v or [])] for k, v in raw.items()}


def _sources() -> dict[str, dict[str, Any]]:
    raw = _yaml(SOURCES) if SOURCES.is_file() else {}
    return {str(k): v for k, v in raw.items() if isinstance(v, dict)}


def cached_text(texts: Path, name: str, sources: dict[str, dict[str, Any]]) -> Path | str:
    """The cached text of a statement, or why there is none."""
    entry = sources.get(name)
    if entry is None:
        return f"{SOURCES.relative_to(ROOT)} names no source for it"
    path = texts / f"{name}.{entry.get('as', 'md')}"
    if path.is_file():
        return path
    return f"not in the text cache ({path}); run python bench/import_texts.py"


def cases(groups: Sequence[str], seeds: Path | None, texts: Path) -> list[Case]:
    outdated, sources = _outdated_gold(), _sources()
    found: list[Case] = []
    if "seeds" in groups:
        readings = {}
        if checker_eval.SEED_MAPPING.is_file():
            text = checker_eval.SEED_MAPPING.read_text("utf-8")
            readings = checker_eval.seed_sections(text)
        for example in sorted(EXAMPLES.glob("*/privacy.yaml")):
            name = example.parent.name
            match = _SEED_SOURCE.search(example.read_text("utf-8"))
            case = Case(name, "seeds", None, _yaml(example), readings.get(name))
            case.outdated = outdated.get(name)
            if match is None:
                case.missing = "its header names no seed statement"
            elif seeds is None or not (seeds / match["file"]).is_file():
                case.missing = f"seed {match['file']} not found (give --seeds-dir)"
            else:
                case.source = seeds / match["file"]
            found.append(case)
    if "set" in groups:
        for folder in sorted(d for d in STATEMENTS.iterdir() if (d / "privacy.yaml").is_file()):
            reading = folder / "reading.md"
            case = Case(folder.name, "set", None, _yaml(folder / "privacy.yaml"))
            case.reading = reading.read_text("utf-8") if reading.is_file() else None
            case.outdated = outdated.get(folder.name)
            _locate(case, cached_text(texts, folder.name, sources))
            found.append(case)
    for group in ("templates", "extra", "dev", "dev2", "dev3", "fresh", "unseen"):
        if group not in groups:
            continue
        for gold in sorted((DATA / group).glob("*/privacy.yaml")):
            name = gold.parent.name
            case = Case(name, group, None, _yaml(gold), outdated=outdated.get(name))
            # A lawyer's reading beside the gold (dev2 has one per statement).
            reading = gold.parent / "reading.md"
            case.reading = reading.read_text("utf-8") if reading.is_file() else None
            _locate(case, cached_text(texts, name, sources))
            found.append(case)
    if "roundtrip" in groups:
        for example in sorted(EXAMPLES.glob("*/privacy.yaml")):
            for lang in ("nl", "en"):
                name = f"{example.parent.name}-{lang}"
                found.append(Case(name, "roundtrip", example, _yaml(example)))
    return found


def _locate(case: Case, where: Path | str) -> None:
    if isinstance(where, Path):
        case.source = where
    else:
        case.missing = where


def render_roundtrip(case: Case, folder: Path) -> Path:
    """Write the example's statement as ``waarborg render`` does, in the case's language,
    without the draft marking ``--draft`` would add."""
    from waarborg.declaration.loader import load
    from waarborg.declaration.render import render_statement

    assert case.source is not None
    lang = case.name.rsplit("-", 1)[1]
    out = folder / f"{case.name}.html"
    out.write_text(render_statement(load(case.source), lang, "html"), "utf-8")
    return out


# --- running -------------------------------------------------------------------------

Importer = tuple[Callable[[Any], Any], Callable[[Any], Any]]


def importer() -> Importer | str:
    """``read`` and ``extract``, or why they cannot be used."""
    try:
        read = importlib.import_module("waarborg.importer.read").read
        extract = importlib.import_module("waarborg.importer.extract").extract
    except (ImportError, AttributeError) as exc:
        return f"the importer is not there yet ({type(exc).__name__}: {exc})"
    return read, extract


def run(case: Case, source: Path, parts: Importer, repeat: int) -> Result:
    """Import ``source`` and score the draft. A statement the importer fails on is
    recorded with its error and scored as an empty draft: every gold value missed."""
    read, extract = parts
    result = Result(case)
    draft: Draft | None = None
    try:
        text = read(source)
        cpu, wall = [], []
        for _ in range(max(repeat, 1)):
            c0, w0 = time.process_time(), time.perf_counter()
            draft = extract(text)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        result.cpu, result.wall = statistics.median(cpu), statistics.median(wall)
    except Exception as exc:  # a measurement: any failure is recorded, not raised
        result.error = f"{type(exc).__name__}: {exc}"
        draft = None
    gold = S.flatten(case.gold)
    found = S.flatten(draft.data) if draft is not None else set()
    result.fields, result.missed, result.wrong = S.score_pairs(gold, found)
    result.right = gold & found
    result.identifiers = S.score_pairs(
        *(S.pairs_of(p, S.IDENTIFIER_FIELDS) for p in (gold, found))
    )[0]
    result.rights = S.score_pairs(*(S.pairs_of(p, S.RIGHTS_FIELDS) for p in (gold, found)))[0]
    if case.outdated is not None:
        expected = S.outdated_kinds(case.outdated)
        terms = draft.outdated if draft is not None else []
        flagged = {S.outdated_kind(o.term) or S.outdated_kind(o.kind) for o in terms}
        flagged.discard(None)
        result.outdated = S.Counts(
            len(expected & flagged), len(flagged - expected), len(expected - flagged)
        )
    if draft is not None:
        result.evidence = S.coverage(draft)
        result.loads, findings = _check(draft.data)
    else:
        result.loads, findings = result.error, []
    if case.reading is not None:
        reading = checker_eval.parse_reading(case.reading)
        result.review = checker_eval.score(case.name, reading, findings)
        # A tag's path names the gold's keys (basis-missing@purposes.newsletter); the
        # draft chooses its own, so the same reading is also scored with the rule alone.
        anywhere = checker_eval.Reading(
            [
                replace(line, tags=tuple(replace(t, path=None) for t in line.tags))
                for line in reading.lines
            ],
            reading.problems,
        )
        result.review_anywhere = checker_eval.score(case.name, anywhere, findings)
        # What the checker finds in the hand-written declaration: the most a draft can give.
        result.review_gold = checker_eval.score(case.name, reading, _check(case.gold)[1])
    return result


def _check(data: dict[str, Any]) -> tuple[str | None, list[Any]]:
    from waarborg.declaration.lint import check
    from waarborg.declaration.loader import load_text
    from waarborg.errors import WaarborgError

    try:
        return None, list(check(load_text(yaml.safe_dump(data, allow_unicode=True))))
    except WaarborgError as exc:
        return str(exc).splitlines()[0], []
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # data that is no YAML at all
        return f"{type(exc).__name__}: {exc}", []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the importer held against gold declarations")
    parser.add_argument("--group", action="append", choices=GROUPS, help="only this group")
    parser.add_argument("--only", action="append", metavar="NAME", help="only this statement")
    parser.add_argument("--seeds-dir", help="the folder of the seed statements")
    parser.add_argument(
        "--texts",
        default=os.environ.get("WAARBORG_IMPORT_TEXTS", str(DEFAULT_TEXTS)),
        help=f"the text cache (default $WAARBORG_IMPORT_TEXTS or {DEFAULT_TEXTS})",
    )
    parser.add_argument("--repeat", type=int, default=3, help="extractions per statement, timed")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss and wrong value")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    args = parser.parse_args(argv)
    print(describe())  # the machine and python -c pass, beside the figures

    groups = args.group or list(GROUPS)
    all_cases = cases(groups, seeds_dir(args.seeds_dir), Path(args.texts))
    if args.only:
        all_cases = [c for c in all_cases if c.name in set(args.only)]
    total = {g: sum(1 for c in all_cases if c.group == g) for g in groups}
    skipped = [c for c in all_cases if c.missing is not None]
    parts = importer()
    why_not = parts if isinstance(parts, str) else None
    by_group: dict[str, list[Result]] = {}
    if not isinstance(parts, str):
        with tempfile.TemporaryDirectory(prefix="waarborg-import-bench-") as folder:
            for case in all_cases:
                if case.missing is not None:
                    continue
                assert case.source is not None
                try:
                    source = (
                        render_roundtrip(case, Path(folder))
                        if case.group == "roundtrip"
                        else case.source
                    )
                except Exception as exc:  # a measurement: say what failed, go on
                    case.missing = f"could not render it ({type(exc).__name__}: {exc})"
                    skipped.append(case)
                    continue
                by_group.setdefault(case.group, []).append(run(case, source, parts, args.repeat))
    cases_of = {g: [c for c in all_cases if c.group == g] for g in groups}
    text, figs = report(cases_of, by_group, skipped, total, args.verbose, why_not)
    print(text)
    if args.json:
        payload = {"not_measured": why_not, "figures": figs, "total": total}
        payload["skipped"] = {f"{c.group}/{c.name}": c.missing for c in skipped}
        Path(args.json).write_text(json.dumps(payload, indent=2, default=list), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
