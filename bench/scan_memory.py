"""The memory a scan of one large file takes: peak RSS against the file's size.

Writes one file of ``--size`` MB (text, JSON Lines or CSV; git-ignored, in
``bench/data/scan/``, or ``--file`` to scan a file of your own), then scans it with
``scan_file`` in a fresh process and prints the peak resident memory (``ru_maxrss``),
the memory before the scan (imports and the recognizers), what the scan added, and the
ratio of the peak to the file's size. The target is a flat peak: under 200 MB on a
1 GB file.

    python bench/scan_memory.py --size 1024 --kind text
    python bench/scan_memory.py --size 1024 --kind jsonl
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from machine import describe

OUT = Path(__file__).resolve().parent / "data" / "scan"
BUDGET_MB = 200

#: One record of each kind: a person or two in a few hundred bytes of ordinary text.
RECORDS = {
    "text": (
        "Klant {i} belde over de levering van vorige week; alles is in orde en er is niets "
        "meer te doen. Notitie van de binnendienst, zonder verdere bijzonderheden. Mail "
        "k{i}@example.nl of bel 06-12345678, BSN 123456782.\n"
    ),
    "jsonl": (
        '{{"id": {i}, "naam": "Jan Jansen", "email": "k{i}@example.nl", "bsn": "123456782", '
        '"notitie": "Levering van vorige week in orde, niets meer te doen."}}\n'
    ),
    "csv": "{i},Jan Jansen,k{i}@example.nl,123456782,Levering in orde; niets meer te doen.\n",
}
HEADERS = {"text": "", "jsonl": "", "csv": "id,naam,email,bsn,notitie\n"}

_MEASURE = """
import resource, sys, time
from pathlib import Path
from waarborg.scan.engine import Scanner
from waarborg.scan.sources.files import scan_file
scanner = Scanner.build()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
scan = scan_file(scanner, Path(sys.argv[1]))
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, peak, took, sum(f.count for f in scan.findings), len(scan.not_scanned))
"""


def write(kind: str, size_mb: int) -> Path:
    path = OUT / f"memory-{size_mb}mb.{'txt' if kind == 'text' else kind}"
    if path.exists() and path.stat().st_size >= size_mb << 20:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    record = RECORDS[kind]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADERS[kind])
        i = 0
        while out.tell() < size_mb << 20:
            out.write("".join(record.format(i=i + n) for n in range(10_000)))
            i += 10_000
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1024, help="MB to write (default 1024)")
    parser.add_argument("--kind", choices=sorted(RECORDS), default="text")
    parser.add_argument("--file", type=Path, help="scan this file instead of writing one")
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    path = args.file or write(args.kind, args.size)
    size = path.stat().st_size
    src = Path(__file__).resolve().parent.parent / "src"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    before, peak, took, found, not_scanned = done.stdout.split()
    peak_mb, before_mb = int(peak) / 1024, int(before) / 1024
    print(f"file: {path} ({size / 2**20:,.0f} MB)")
    print(f"found: {int(found):,} values; not scanned: {not_scanned}; took {float(took):,.0f} s")
    print(f"peak RSS: {peak_mb:,.0f} MB (before the scan: {before_mb:,.0f} MB, "
          f"the scan added {peak_mb - before_mb:,.0f} MB)")  # fmt: skip
    print(f"peak / file size: {peak_mb / (size / 2**20):.3f}; budget {BUDGET_MB} MB: "
          f"{'within' if peak_mb < BUDGET_MB else 'OVER'}")  # fmt: skip
    print(f"measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")


if __name__ == "__main__":
    main()
