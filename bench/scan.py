"""The scanner benchmark: throughput and precision and recall per kind of data, with
Presidio run on the same corpus in the same run (its ``AnalyzerEngine`` on a blank
spaCy pipeline: its pattern recognizers work, its NER finds nothing; see
``bench/presidio_runner.py``).

Generates the corpus first when it is missing (``bench/scan_corpus.py``). Each round
scans every document of the corpus one by one (as a folder of small files or a list of
messages is scanned), and then the corpus as one stream (as a large file or a
database column is scanned); throughput is the corpus's size in UTF-8 over the CPU
time of the process (one core), the median of the rounds. A
prediction counts as right when it overlaps a planted span of its kind; precision is
the share of predictions that are right, recall the share of planted spans found.

    python bench/scan.py --presidio-python /work/presidio-venv/bin/python

Without ``--presidio-python`` only Waarborg runs.

This corpus is written beside the recognizers and shares their assumptions (it
imports ``waarborg`` code); ``bench/scan_real.py`` scores the scanner on a corpus that
shares nothing with them (``bench/scan_real_corpus.py``), against a user's own regexes.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from machine import describe

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402

CORPUS = HERE / "data" / "scan" / "corpus.jsonl"

#: Presidio's entity types and the kinds of the corpus they stand for. Presidio finds
#: dates of any kind; it has no notion of a date of birth, a BSN, a KvK or BTW number,
#: a postcode, a passport or identity-card number, an MRZ or a Dutch licence plate,
#: and its PERSON entity needs a trained spaCy model, which cannot be installed here:
#: ``bench/presidio_runner.py`` runs it on a blank pipeline, whose NER finds nothing.
PRESIDIO: dict[str, str] = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "IBAN_CODE": "iban",
    "CREDIT_CARD": "payment_card",
    "IP_ADDRESS": "ip",
    "DATE_TIME": "date_of_birth",
}

Spans = list[list[Any]]


def _scan_waarborg(texts: list[str], rounds: int) -> tuple[list[float], list[Spans]]:
    from waarborg.scan.engine import Scanner

    scanner = Scanner.build()
    seconds: list[float] = []
    predictions: list[Spans] = []
    found: list[list[tuple[int, int, str]]] = []
    for _ in range(rounds):
        started = time.process_time()
        found = [scanner.find(text) for text in texts]
        seconds.append(time.process_time() - started)
    predictions = [[list(span) for span in spans] for spans in found]
    return seconds, predictions


def _stream_waarborg(texts: list[str], rounds: int) -> list[float]:
    """The corpus as one text, as ``waarborg scan`` reads a file (in pieces of 16 KB)."""
    from waarborg.scan.engine import Scanner

    scanner = Scanner.build()
    stream = "\n\n".join(texts)
    seconds: list[float] = []
    for _ in range(rounds):
        started = time.process_time()
        scanner.find(stream)
        seconds.append(time.process_time() - started)
    return seconds


def _scan_presidio(python: str, rounds: int) -> tuple[list[float], list[Spans]]:
    runner = HERE / "presidio_runner.py"
    done = subprocess.run(
        [python, str(runner), str(CORPUS), "--rounds", str(rounds)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout)
    texts_predictions: list[Spans] = []
    for doc in result["predictions"]:
        texts_predictions.append(
            [[s, e, PRESIDIO[t]] for s, e, t in doc if t in PRESIDIO]  # others: no kind here
        )
    # (CPU seconds per document, summed per round)
    return [sum(round_) for round_ in result["seconds"]], texts_predictions


def _kind(entity: str, text: str) -> str:
    if entity == "ip":
        return "ipv6" if ":" in text else "ipv4"
    return entity


def evaluate(
    docs: list[dict[str, Any]], predictions: list[Spans], *, errors: int = 0
) -> dict[str, dict[str, float]]:
    """Precision and recall per kind; prints up to ``errors`` mistakes of each kind."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    shown: dict[str, int] = defaultdict(int)
    for doc, predicted in zip(docs, predictions, strict=True):
        text = doc["text"]
        truth = [(s, e, k) for s, e, k in doc["spans"]]
        guesses = [(s, e, _kind(k, text[s:e])) for s, e, k in predicted]
        for s, e, k in truth:
            counts[k]["truth"] += 1
            if any(gk == k and gs < e and s < ge for gs, ge, gk in guesses):
                counts[k]["found"] += 1
            elif shown[k + "-"] < errors:
                shown[k + "-"] += 1
                print(f"  missed {k}: {text[max(0, s - 40) : e + 10]!r} -> {text[s:e]!r}")
        for s, e, k in guesses:
            counts[k]["predicted"] += 1
            if any(tk == k and ts < e and s < te for ts, te, tk in truth):
                counts[k]["right"] += 1
            elif shown[k + "+"] < errors:
                shown[k + "+"] += 1
                print(f"  wrong {k}: {text[max(0, s - 40) : e + 10]!r} -> {text[s:e]!r}")
    table: dict[str, dict[str, float]] = {}
    for kind, c in sorted(counts.items()):
        table[kind] = {
            "truth": c["truth"],
            "predicted": c["predicted"],
            "precision": c["right"] / c["predicted"] if c["predicted"] else float("nan"),
            "recall": c["found"] / c["truth"] if c["truth"] else float("nan"),
        }
    return table


def _cell(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presidio-python", help="The Python of a virtualenv with Presidio.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of Waarborg's scan.")
    parser.add_argument("--presidio-rounds", type=int, default=1)
    parser.add_argument("--errors", type=int, default=0, help="Show mistakes per kind.")
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    if not CORPUS.exists():
        subprocess.run(["python", str(HERE / "scan_corpus.py")], check=True)
    with CORPUS.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    texts = [d["text"] for d in docs]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(
        f"corpus: {len(docs)} documents, {megabytes:.1f} MB, "
        f"{sum(len(d['spans']) for d in docs)} planted spans; "
        f"{platform.machine()}, Python {platform.python_version()}"
    )
    print(machine.describe())
    w_seconds, w_predictions = _scan_waarborg(texts, args.rounds)
    w_rate = megabytes / statistics.median(w_seconds)
    rounds = ", ".join(f"{s:.2f}s" for s in w_seconds)
    print(f"waarborg, document by document: {w_rate:.1f} MB/s per core (rounds: {rounds})")
    s_seconds = _stream_waarborg(texts, args.rounds)
    s_rate = megabytes / statistics.median(s_seconds)
    rounds = ", ".join(f"{s:.2f}s" for s in s_seconds)
    print(f"waarborg, the corpus as one stream: {s_rate:.1f} MB/s per core (rounds: {rounds})")
    w_table = evaluate(docs, w_predictions, errors=args.errors)
    p_table: dict[str, dict[str, float]] = {}
    if args.presidio_python:
        p_seconds, p_predictions = _scan_presidio(args.presidio_python, args.presidio_rounds)
        p_rate = megabytes / statistics.median(p_seconds)
        print(
            f"presidio, document by document: {p_rate:.2f} MB/s per core (rounds: "
            f"{', '.join(f'{s:.1f}s' for s in p_seconds)}); "
            f"waarborg / presidio: {w_rate / p_rate:.0f}x"
        )
        p_table = evaluate(docs, p_predictions, errors=args.errors)
    print()
    print("| kind | planted | Waarborg precision | Waarborg recall "
          "| Presidio precision | Presidio recall |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    covered = {_kind(k, ":" if k == "ip" else "") for k in PRESIDIO.values()} | {"ipv4"}
    for kind, row in w_table.items():
        other = p_table.get(kind, {})
        if not p_table:
            theirs = "| | |"
        elif kind == "person_name":
            theirs = "| blank spaCy pipeline: no NER, finds none | |"
        elif kind not in covered:
            theirs = "| no recognizer | |"
        else:
            theirs = (
                f"| {_cell(other.get('precision', float('nan')))} "
                f"| {_cell(other.get('recall', 0.0))} |"
            )
        print(
            f"| {kind} | {int(row['truth'])} | {_cell(row['precision'])} "
            f"| {_cell(row['recall'])} {theirs}"
        )


if __name__ == "__main__":
    main()
