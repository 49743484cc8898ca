"""A scan of a folder of many small files: the whole scan, and the same scan stopped
by Ctrl-C part-way and resumed.

Writes ``--files`` small files (default 100,000: notes, CSV exports and JSON, about
200 bytes each, in 100 folders; git-ignored, in ``bench/data/scan/many-N/``), then runs
``waarborg scan --jobs J --format json`` three ways as fresh processes: whole; stopped
with SIGINT after ``--stop-after`` seconds; and resumed with ``--resume``. Prints the
times, the line the stopped scan says, and whether the resumed report is the whole
scan's report.

    python bench/scan_many.py --files 100000 --jobs 2 --stop-after 20
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from machine import describe

OUT = Path(__file__).resolve().parent / "data" / "scan"


def write(count: int) -> Path:
    root = OUT / f"many-{count}"
    if root.exists() and sum(1 for _ in root.rglob("*.*")) >= count:
        return root
    for i in range(count):
        folder = root / f"map{i % 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 3
        if kind == 0:
            text = f"Notitie {i}: klant belde, mail k{i}@example.nl, tel 06-12345678.\n"
            (folder / f"notitie{i:06d}.txt").write_text(text, "utf-8")
        elif kind == 1:
            text = f"naam,email,bsn\nKlant {i},k{i}@example.nl,123456782\n"
            (folder / f"export{i:06d}.csv").write_text(text, "utf-8")
        else:
            data = {"klant": {"id": i, "email": f"k{i}@example.nl", "postcode": "1234 AB"}}
            (folder / f"klant{i:06d}.json").write_text(json.dumps(data), "utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--stop-after", type=float, default=20.0, help="seconds")
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    started = time.perf_counter()
    root = write(args.files)
    print(f"{args.files:,} files in {root} ({time.perf_counter() - started:.0f} s to write)")
    src = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "waarborg", "scan", "--format", "json"]
    command += ["--jobs", str(args.jobs)]
    whole, report = OUT / "many-whole.json", OUT / "many-resumed.json"
    state = Path(f"{report}.scan-state")
    state.unlink(missing_ok=True)

    started = time.perf_counter()
    subprocess.run([*command, "-o", str(whole), str(root)], env=env, capture_output=True)
    print(f"whole scan, {args.jobs} jobs: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    running = subprocess.Popen(
        [*command, "-o", str(report), str(root)], env=env, stderr=subprocess.PIPE, text=True
    )
    time.sleep(args.stop_after)
    running.send_signal(signal.SIGINT)
    _, said = running.communicate()
    stopped = time.perf_counter() - started
    print(f"stopped after {stopped:.1f} s, exit {running.returncode}: {said.strip()}")
    started = time.perf_counter()
    resumed = subprocess.run(
        [*command, "--resume", "-o", str(report), str(root)], env=env, capture_output=True
    )
    print(f"resumed: {time.perf_counter() - started:.1f} s, exit {resumed.returncode}")
    same = json.loads(whole.read_text("utf-8")) == json.loads(report.read_text("utf-8"))
    print(f"the resumed report is the whole scan's report: {same}")


if __name__ == "__main__":
    main()
