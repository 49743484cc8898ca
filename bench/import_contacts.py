"""How the importer reads an organisation's identity and contact details.

``bench/import_data/contacts.yaml`` holds the contact, colophon and footer parts of real
public Dutch web pages, each with the controller's details written by hand from the
excerpt. This script imports each excerpt as a Markdown statement and scores the
draft's controller fields against that gold with the scorer of ``bench/import.py``
(``import_score.flatten``), and the legal form by its letters:

    python bench/import_contacts.py          # the table
    python bench/import_contacts.py -v       # and every missed and wrong value

It prints the F1 of KvK, VAT, e-mail and phone together (the issue's target figure),
of all the controller's fields, and of each field with its true positives, false
positives and misses. It always exits 0: the figures are a measurement.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from waarborg.importer.extract import extract
from waarborg.importer.read import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_score as S

DATA = Path(__file__).resolve().parent / "import_data" / "contacts.yaml"

Pair = tuple[str, str]


def _legal_form(value: object) -> str | None:
    if not isinstance(value, str) or value == "unstated":
        return None
    return re.sub(r"[^a-z]", "", value.casefold()) or None


def pairs(controller: object) -> set[Pair]:
    """The scored pairs of a controller given as plain data."""
    if not isinstance(controller, Mapping):
        return set()
    found = {p for p in S.flatten({"controller": controller}) if p[0].startswith("controller.")}
    if form := _legal_form(controller.get("legal_form")):
        found.add(("controller.legal_form", form))
    return found


def score(cases: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each case's pairs found, missed and wrong, and the totals per field."""
    per_field: dict[str, Counter[str]] = {}
    rows = []
    for name, case in cases.items():
        text = read_bytes(str(case["text"]).encode("utf-8"), "md", f"{name}.md")
        draft = extract(text)
        gold = pairs(case.get("gold") or {})
        found = pairs(draft.data.get("controller"))
        for kind, chosen in (("tp", gold & found), ("fp", found - gold), ("fn", gold - found)):
            for field, _ in chosen:
                per_field.setdefault(field, Counter())[kind] += 1
        rows.append((name, gold - found, found - gold))
    return {"fields": per_field, "rows": rows}


def _f1(counts: Counter[str]) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    if not tp + fp + fn:
        return "-"
    return f"{2 * tp / (2 * tp + fp + fn):.3f} ({tp}/{fp}/{fn})"


def render(result: Mapping[str, Any], verbose: bool) -> str:
    fields: dict[str, Counter[str]] = result["fields"]
    identifiers: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for field, counts in fields.items():
        every.update(counts)
        if field in S.IDENTIFIER_FIELDS:
            identifiers.update(counts)
    lines = [
        f"The importer on {len(result['rows'])} contact parts ({DATA.name})",
        "",
        f"{'KvK, VAT, e-mail, phone (F1, tp/fp/fn)':45} {_f1(identifiers)}",
        f"{'every controller field':45} {_f1(every)}",
        "",
    ]
    lines += [f"  {field:43} {_f1(fields[field])}" for field in sorted(fields)]
    if verbose:
        for name, missed, wrong in result["rows"]:
            if missed or wrong:
                lines.append(f"\n## {name}")
                lines += [f"  missed {f} = {v!r}" for f, v in sorted(missed)]
                lines += [f"  wrong  {f} = {v!r}" for f, v in sorted(wrong)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss and error")
    args = parser.parse_args(argv)
    cases = yaml.safe_load(DATA.read_text("utf-8"))["cases"]
    print(render(score(cases), args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
