"""Where the scanner's time goes, pass by pass, on the corpus of ``bench/scan_real.py``.

    python bench/scan_passes.py --rounds 5

Per group of forms (dense: CSV and JSON; logs; the short documents: e-mails, letters,
lists, README files), the CPU time of each recognizer's pass over the texts as the
engine reads them (a table with its delimiter made a tab), one ``Text`` shared by all
passes in the engine's order, so the first pass that needs the lower-case text or the
context words' automaton pays for it; then the automaton's pass alone, the parse of
the tables, and the whole ``Scanner.find``. Each figure is the least of ``--rounds``
rounds, in ms of CPU and in ns per byte; the reference is the 12-regex baseline
(``bench/scan_baseline.py``) over the same texts in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import scan_baseline  # noqa: E402

CORPUS = HERE / "data" / "scan" / "real" / "corpus.jsonl"
GROUPS = {
    "dense (csv, json)": ("csv", "json"),
    "logs": ("log",),
    "short (mail, letter, list, markdown)": ("mail", "letter", "list", "markdown"),
}


def least(work: Callable[[str], object], items: list[str], rounds: int) -> float:
    """The least CPU seconds of ``rounds`` runs of ``work`` over every one of ``items``."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for item in items:
            work(item)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: missing; run bench/scan_real_corpus.py first")
    from waarborg.scan import delimited
    from waarborg.scan.engine import Scanner
    from waarborg.scan.recognizers.base import Text, _Stems

    print(machine.describe())
    with CORPUS.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    scanner = Scanner.build()
    for doc in docs:  # every context word's beginning known, as after the first texts
        scanner.find(doc["text"])
    for group, forms in GROUPS.items():
        texts = [d["text"] for d in docs if d["form"] in forms]
        size = sum(len(t.encode()) for t in texts)
        grids = [delimited.table(t) if "\n" in t[:4096] else None for t in texts]
        plains = [
            t if g is None or g.delimiter == "\t" else t.replace(g.delimiter, "\t")
            for t, g in zip(texts, grids, strict=True)
        ]
        rows: list[tuple[str, float]] = []
        names = [r.name for r in scanner.recognizers]
        best_round: dict[str, float] | None = None
        for _ in range(args.rounds):
            spent_round = dict.fromkeys(names, 0.0)
            for plain in plains:
                shared = Text(plain)
                for recognizer in scanner.recognizers:
                    started = time.process_time()
                    recognizer.spans(shared, "")
                    spent_round[recognizer.name] += time.process_time() - started
            if best_round is None or sum(spent_round.values()) < sum(best_round.values()):
                best_round = spent_round
        assert best_round is not None
        rows += sorted(best_round.items(), key=lambda item: -item[1])
        lowers = [p.lower() for p in plains]
        automaton = least(_Stems.find, lowers, args.rounds)
        rows.append(("context words' automaton alone", automaton))
        rows.append(("tables parsed", least(delimited.table, texts, args.rounds)))
        whole = least(scanner.find, texts, args.rounds)
        baseline = least(scan_baseline.find, texts, args.rounds)
        print(f"\n{group}: {len(texts)} documents, {size / 1e6:.2f} MB")
        print("| pass | CPU ms | ns per byte | share of find |")
        print("|---|---:|---:|---:|")
        for name, seconds in rows:
            print(
                f"| {name} | {seconds * 1000:.1f} | {seconds * 1e9 / size:.1f} "
                f"| {seconds / whole:.2f} |"
            )
        print(f"| Scanner.find, whole | {whole * 1000:.1f} | {whole * 1e9 / size:.1f} | 1.00 |")
        print(
            f"| baseline (12 regexes), whole | {baseline * 1000:.1f} | "
            f"{baseline * 1e9 / size:.1f} | {baseline / whole:.2f} |"
        )
        print(
            f"find: {size / whole / 1e6:.1f} MB/s per core, {baseline / whole:.2f}x the "
            f"baseline's {size / baseline / 1e6:.1f} MB/s"
        )


if __name__ == "__main__":
    main()
