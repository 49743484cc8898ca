"""The scanner on files as real organisations keep them, against a user's own regexes.

The corpus is ``bench/scan_real_corpus.py``'s (generated first when missing), written
from the official rules and public name lists by code that shares nothing with the
recognizers. Three scanners run in the same process and the same run:

- **Waarborg**, through its engine (``waarborg.scan.engine.Scanner.build().find``),
  one call per document;
- **the baseline**, ``bench/scan_baseline.py``: twelve regular expressions, the
  11-proof and mod-97, as a user would write them;
- **Presidio**'s ``AnalyzerEngine`` (``bench/presidio_runner.py``) when
  ``--presidio-python`` names a virtualenv's Python that has it, on a *blank* Dutch
  spaCy pipeline (no trained model can be installed here): its pattern recognizers
  work, its NER finds nothing, so it finds no person names.

At the end, issue 14's table of targets: precision per kind, recall per group of
kinds, and throughput on dense and other text for each scanner, with the ratio to the
baseline, all from this one run, after ``bench/machine.py``'s line on the machine.

Spans: a prediction is right when it overlaps a planted span of its kind; precision is
the share of predictions that are right, recall the share of planted spans found.
Kinds nobody planted (IP addresses, licence plates) are counted apart. Throughput is
the text's size in UTF-8 over the CPU time of the process (one core), the median of
the rounds, for the dense documents (CSV, JSON) and for the others (e-mails, letters,
logs, README files, lists).

Files: ``waarborg scan --format json`` is then run once over the folder of files
(XLSX included, which only this path can read), and its findings are held against
the planted values per file and kind by count: ``right = min(found, planted)``.

    python bench/scan_real.py --errors 5
    python bench/scan_real.py --presidio-python /work/presidio-venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import scan_baseline  # noqa: E402

REAL = HERE / "data" / "scan" / "real"
KINDS = ["bsn", "iban", "btw", "kvk", "postcode", "phone", "date_of_birth", "email", "person_name"]
DENSE = {"csv", "json"}
PRESIDIO = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "IBAN_CODE": "iban",
    "DATE_TIME": "date_of_birth",
    "CREDIT_CARD": "payment_card",
    "IP_ADDRESS": "ipv4",
    "PERSON": "person_name",  # on a blank spaCy pipeline: none found
}

Span = tuple[int, int, str]


def _shape(text: str) -> str:
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", text)))


def _variant(kind: str, value: str) -> str:
    """The class of a planted value: its shape, and for postcodes the newer letters."""
    if kind == "person_name":
        return "initials" if re.match(r"(?:[A-Z]\.)+ ", value) else str(len(value.split()))
    if kind == "email":
        return "capital" if value[:1].isupper() else "small"
    shape = _shape(value)
    if kind == "postcode" and set(value[-2:].upper()) & set("IOQUY"):
        shape += " with I/O/Q/U/Y"
    return shape


def _timed(find: Any, texts: list[str], rounds: int) -> tuple[list[list[float]], list[list[Span]]]:
    """CPU seconds per round and per document, and the predictions of the last round."""
    seconds: list[list[float]] = []
    found: list[list[Span]] = []
    for _ in range(rounds):
        per_doc: list[float] = []
        found = []
        for text in texts:
            started = time.process_time()
            spans = find(text)
            per_doc.append(time.process_time() - started)
            found.append([(s, e, k) for s, e, k in spans])
        seconds.append(per_doc)
    return seconds, found


def _presidio(
    python: str, rounds: int, docs: list[dict[str, Any]]
) -> tuple[list[list[float]], list[list[Span]], dict[str, Any]]:
    """Presidio's CPU seconds per round and document, its predictions of the last
    round, and what ran (``bench/presidio_runner.py``)."""
    done = subprocess.run(
        [
            python,
            str(HERE / "presidio_runner.py"),
            str(REAL / "corpus.jsonl"),
            "--rounds",
            str(rounds),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout)
    predictions = [
        [(s, e, PRESIDIO[t]) for s, e, t in doc if t in PRESIDIO] for doc in result["predictions"]
    ]
    assert len(predictions) == len(docs)
    about = {k: v for k, v in result.items() if k not in ("seconds", "predictions")}
    return result["seconds"], predictions, about


def evaluate(
    docs: list[dict[str, Any]], predictions: list[list[Span]], errors: int = 0, label: str = ""
) -> tuple[dict[str, dict[str, float]], dict[str, Counter[str]], Counter[str]]:
    """Precision and recall per kind; the missed spans by kind, form and shape; others."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    missed: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    unplanted: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for doc, predicted in zip(docs, predictions, strict=True):
        text, truth = doc["text"], [tuple(s) for s in doc["spans"]]
        for s, e, k in truth:
            counts[k]["truth"] += 1
            counts[f"{k}@{doc['form']}"]["truth"] += 1
            variant = f"{k}#{_variant(k, text[s:e])}"
            counts[variant]["truth"] += 1
            if any(pk == k and ps < e and s < pe for ps, pe, pk in predicted):
                counts[k]["found"] += 1
                counts[f"{k}@{doc['form']}"]["found"] += 1
                counts[variant]["found"] += 1
            else:
                key = _shape(text[s:e]) if k != "person_name" else "name"
                before = text[max(0, s - 14) : s].replace("\n", "⏎")
                missed[k][f"{doc['form']:8} {key!r:24} after …{before!r}"] += 1
                if shown[k + "-"] < errors:
                    shown[k + "-"] += 1
                    print(
                        f"  {label} missed {k}: {text[max(0, s - 40) : e + 10]!r} -> {text[s:e]!r}"
                    )
        for s, e, k in predicted:
            if k not in KINDS:
                unplanted[k] += 1
                continue
            counts[k]["predicted"] += 1
            if any(tk == k and ts < e and s < te for ts, te, tk in truth):
                counts[k]["right"] += 1
            else:
                under = [tk for ts, te, tk in truth if ts < e and s < te] or ["nothing"]
                wrong[k][f"{doc['form']:8} {text[s:e]!r} (is {under[0]})"] += 1
                if shown[k + "+"] < errors:
                    shown[k + "+"] += 1
                    print(
                        f"  {label} wrong {k}: {text[max(0, s - 40) : e + 10]!r} -> {text[s:e]!r}"
                    )
    table = {
        kind: {
            "truth": c["truth"],
            "predicted": c["predicted"],
            "precision": c["right"] / c["predicted"] if c["predicted"] else float("nan"),
            "recall": c["found"] / c["truth"] if c["truth"] else float("nan"),
        }
        for kind, c in counts.items()
    }
    for kind, c in wrong.items():
        missed["wrong " + kind] = c
    return table, missed, unplanted


def _cell(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"


def _scan_files(python: str) -> tuple[float, dict[tuple[str, str], int]]:
    """``waarborg scan --format json`` over the folder: CPU seconds and counts per file."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    done = subprocess.run(
        [python, "-m", "waarborg", "scan", "--format", "json", "--fail-on", "never",
         "--no-progress", str(REAL / "files")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"waarborg scan failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    found: dict[tuple[str, str], int] = Counter()
    for issue in report["issues"]:
        finding = issue.get("finding")
        if not finding:
            continue
        source = Path(finding["place"]["source"]).name
        found[(source, finding["kind"])] += int(finding.get("count") or 1)
    return cpu, found


def main() -> None:
    global REAL
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presidio-python", help="The Python of a virtualenv with Presidio.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presidio-rounds", type=int, default=1)
    parser.add_argument("--errors", type=int, default=0, help="Show mistakes per kind.")
    parser.add_argument("--misses", type=int, default=8, help="Missed shapes to list per kind.")
    parser.add_argument("--classes", type=int, default=12, help="Classes of value per kind.")
    parser.add_argument("--no-files", action="store_true", help="Skip the CLI over the files.")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REAL,
        help="The corpus folder (bench/scan_real_corpus.py --out; generated when missing).",
    )
    args = parser.parse_args()
    REAL = args.corpus
    if not (REAL / "corpus.jsonl").exists():
        subprocess.run(
            [sys.executable, str(HERE / "scan_real_corpus.py"), "--out", str(REAL)], check=True
        )
    with (REAL / "corpus.jsonl").open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    texts = [d["text"] for d in docs]
    sizes = [len(t.encode()) for t in texts]
    dense = [i for i, d in enumerate(docs) if d["form"] in DENSE]
    sparse = [i for i, d in enumerate(docs) if d["form"] not in DENSE]
    mb = sum(sizes) / 1e6
    mb_dense = sum(sizes[i] for i in dense) / 1e6
    mb_sparse = sum(sizes[i] for i in sparse) / 1e6
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    print(
        f"corpus: {REAL}, {len(docs)} text documents, {mb:.2f} MB ({mb_dense:.2f} MB dense "
        f"CSV/JSON, {mb_sparse:.2f} MB other), {sum(len(d['spans']) for d in docs)} planted "
        f"spans; {cpu}, {os.cpu_count()} cores"
    )
    print(machine.describe())
    from waarborg.scan.engine import Scanner

    scanner = Scanner.build()
    runs = {
        "waarborg": _timed(scanner.find, texts, args.rounds),
        "baseline": _timed(scan_baseline.find, texts, args.rounds),
    }
    if args.presidio_python:
        p_seconds, p_predictions, about = _presidio(
            args.presidio_python, args.presidio_rounds, docs
        )
        runs["presidio"] = (p_seconds, p_predictions)
        print(
            f"presidio {about['presidio']} (spaCy {about['spacy']}): AnalyzerEngine on "
            f"{about['pipeline']}: its pattern recognizers work, its NER finds nothing "
            f"(no person names); recognizers: {', '.join(about['recognizers'])}"
        )
    results: dict[str, Any] = {}
    print()
    print("| scanner | dense MB/s per core | other MB/s per core | all MB/s | CPU s (median) |")
    print("|---|---:|---:|---:|---:|")
    for name, (seconds, _predictions) in runs.items():
        total = statistics.median(sum(r) for r in seconds)
        d_s = statistics.median(sum(r[i] for i in dense) for r in seconds)
        s_s = statistics.median(sum(r[i] for i in sparse) for r in seconds)
        results[name] = {"rate": mb / total, "dense": mb_dense / d_s, "sparse": mb_sparse / s_s}
        digits = 1 if name != "presidio" else 3
        print(
            f"| {name} | {mb_dense / d_s:.{digits}f} | {mb_sparse / s_s:.{digits}f} "
            f"| {mb / total:.{digits}f} | {total:.2f} |"
        )
    tables = {}
    for name, (_seconds, predictions) in runs.items():
        tables[name] = evaluate(docs, predictions, args.errors, name)
    w, b = results["waarborg"], results["baseline"]
    print(
        f"\nwaarborg / baseline speed: dense {w['dense'] / b['dense']:.2f}x, "
        f"other {w['sparse'] / b['sparse']:.2f}x, all {w['rate'] / b['rate']:.2f}x"
    )
    names = list(tables)
    print()
    print("| kind | planted | " + " | ".join(f"{n} P | {n} R" for n in names) + " |")
    print("|---|---:|" + "---:|---:|" * len(names))
    for kind in KINDS:
        row = tables["waarborg"][0].get(kind, {"truth": 0})
        cells = []
        for n in names:
            t = tables[n][0].get(kind, {})
            if n == "presidio" and kind not in PRESIDIO.values():
                cells.append("no recognizer | ")
                continue
            cells.append(
                f"{_cell(t.get('precision', float('nan')))} | {_cell(t.get('recall', 0.0))}"
            )
        print(f"| {kind} | {int(row['truth'])} | " + " | ".join(cells) + " |")
    print("\nrecall per form (waarborg / baseline):")
    forms = sorted({d["form"] for d in docs})
    print("| kind | " + " | ".join(forms) + " |")
    print("|---|" + "---:|" * len(forms))
    for kind in KINDS:
        cells = []
        for form in forms:
            wt = tables["waarborg"][0].get(f"{kind}@{form}")
            bt = tables["baseline"][0].get(f"{kind}@{form}")
            cells.append(f"{_cell(wt['recall'])} / {_cell(bt['recall'])}" if wt and bt else "")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    print("\nrecall per class of value (waarborg / baseline), the largest classes:")
    print("| kind | class | planted | waarborg | baseline |")
    print("|---|---|---:|---:|---:|")
    for kind in KINDS:
        classes = [
            (key, row) for key, row in tables["waarborg"][0].items() if key.startswith(kind + "#")
        ]
        classes.sort(key=lambda item: -item[1]["truth"])
        for key, row in classes[: args.classes]:
            base = tables["baseline"][0][key]
            print(
                f"| {kind} | `{key.split('#', 1)[1]}` | {int(row['truth'])} "
                f"| {_cell(row['recall'])} | {_cell(base['recall'])} |"
            )
    for n in names:
        print(f"\n{n}: predictions of kinds not planted: {dict(tables[n][2])}")
    if args.misses:
        print("\nwaarborg, what it misses and gets wrong (form, shape, text before):")
        for kind, counter in sorted(tables["waarborg"][1].items()):
            total = sum(counter.values())
            print(f"  {kind}: {total}")
            for key, count in counter.most_common(args.misses):
                print(f"    {count:6d}  {key}")
    print("\nMB/s per core by form (waarborg / baseline):")
    forms_all = sorted({d["form"] for d in docs})
    for form in forms_all:
        idx = [i for i, d in enumerate(docs) if d["form"] == form]
        size = sum(sizes[i] for i in idx) / 1e6
        rates = [
            size / statistics.median(sum(r[i] for i in idx) for r in runs[n][0])
            for n in ("waarborg", "baseline")
        ]
        spans = sum(len(docs[i]["spans"]) for i in idx) / (size * 1000)
        print(
            f"  {form:9} {size:5.2f} MB, {spans:5.1f} values/kB: {rates[0]:6.1f} / {rates[1]:5.1f}"
        )
    _targets(tables, results)
    if not args.no_files:
        _files(results)


#: The groups of issue 14's recall targets.
GROUPS = {
    "checksummed identifiers (BSN, IBAN, BTW)": (("bsn", "iban", "btw"), 0.99),
    "postcodes, phones, dates of birth": (("postcode", "phone", "date_of_birth"), 0.97),
    "names": (("person_name",), 0.93),
}


def _targets(tables: dict[str, Any], results: dict[str, Any]) -> None:
    """Issue 14's table of targets, for every scanner of this run side by side."""
    names = list(tables)
    print("\nissue 14's targets, this run (P precision, R micro recall; - where a scanner")
    print("has no recognizer for the kind):")
    print("| measure | target | " + " | ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names))
    for kind in KINDS:
        cells = []
        for n in names:
            row = tables[n][0].get(kind, {})
            cells.append(_cell(row.get("precision", float("nan"))))
        print(f"| P {kind} | ≥ 0.99 | " + " | ".join(cells) + " |")
    for label, (kinds, target) in GROUPS.items():
        cells = []
        for n in names:
            table = tables[n][0]
            truth = sum(table[k]["truth"] for k in kinds if k in table)
            found = sum(table[k]["recall"] * table[k]["truth"] for k in kinds if k in table)
            cells.append(_cell(found / truth if truth else float("nan")))
        print(f"| R {label} | ≥ {target} | " + " | ".join(cells) + " |")
    for kind in ("kvk", "email"):
        cells = [_cell(tables[n][0].get(kind, {}).get("recall", 0.0)) for n in names]
        print(f"| R {kind} (no target) | | " + " | ".join(cells) + " |")
    base = results["baseline"]
    for key, label, target in (("dense", "dense (CSV, JSON)", 15), ("sparse", "other", 50)):
        cells = [
            f"{results[n][key]:.{1 if n != 'presidio' else 3}f} "
            f"({results[n][key] / base[key]:.2f}x baseline)"
            for n in names
        ]
        print(
            f"| MB/s per core, {label}, one call per document | ≥ {target} and ≥ baseline | "
            + " | ".join(cells)
            + " |"
        )


def _files(results: dict[str, Any]) -> None:
    truth: dict[tuple[str, str], int] = Counter()
    forms: dict[str, str] = {}
    variant: dict[str, str] = {}
    with (REAL / "truth.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            forms[record["file"]] = record["form"]
            if "variant" in record:
                variant[record["file"]] = record["variant"]
            for item in record.get("spans", []) + record.get("cells", []):
                truth[(record["file"], item[2])] += 1
    size = sum(p.stat().st_size for p in (REAL / "files").iterdir()) / 1e6
    cpu, found = _scan_files(sys.executable)
    print(
        f"\nwaarborg scan --format json over {len(forms)} files ({size:.1f} MB on disk): "
        f"{cpu:.2f} s CPU, start-up included, {size / cpu:.1f} MB/s"
    )
    print("per kind, by count per file (right = min(found, planted)):")
    by_form = sorted(set(forms.values()))
    print("| kind | planted | precision | recall | " + " | ".join(f"R {f}" for f in by_form) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(by_form))
    for kind in KINDS:
        planted = sum(n for (f, k), n in truth.items() if k == kind)
        predicted = sum(n for (f, k), n in found.items() if k == kind)
        right = sum(min(n, found.get((f, k), 0)) for (f, k), n in truth.items() if k == kind)
        per_form = []
        for form in by_form:
            p = sum(n for (f, k), n in truth.items() if k == kind and forms[f] == form)
            r = sum(
                min(n, found.get((f, k), 0))
                for (f, k), n in truth.items()
                if k == kind and forms[f] == form
            )
            per_form.append(_cell(r / p) if p else "")
        print(
            f"| {kind} | {planted} | {_cell(right / predicted if predicted else float('nan'))} "
            f"| {_cell(right / planted if planted else float('nan'))} | "
            + " | ".join(per_form)
            + " |"
        )
    print("\nCSV files by separator and header, recall by count:")
    variants = sorted({v.rsplit(", ", 1)[0] for v in variant.values()})
    print("| kind | " + " | ".join(variants) + " |")
    print("|---|" + "---:|" * len(variants))
    for kind in KINDS:
        cells = []
        for name in variants:
            keys = [
                (f, k)
                for (f, k) in truth
                if k == kind and variant.get(f, "").rsplit(", ", 1)[0] == name
            ]
            planted = sum(truth[key] for key in keys)
            right = sum(min(truth[key], found.get(key, 0)) for key in keys)
            cells.append(_cell(right / planted) if planted else "")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    other = Counter(k for (f, k), n in found.items() if k not in KINDS for _ in range(n))
    print(f"findings of kinds not planted: {dict(other)}")


if __name__ == "__main__":
    main()
