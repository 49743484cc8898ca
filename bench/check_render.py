"""Benchmark: `waarborg check` plus `waarborg render` of one example, start-up included.

Each round runs both commands as fresh processes, the way a CI job or a person at a
terminal does, and measures the wall time of the pair. The reference is the budget
of 0.5 s for the pair; the bare interpreter start-up (`python -c pass`) is measured
in the same run to show how much of the time is Python itself.

    python bench/check_render.py [--rounds 30] [--example examples/iemagoo/privacy.yaml]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.5


def _timed(commands: list[list[str]]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--example", default=str(ROOT / "examples/iemagoo/privacy.yaml"))
    args = parser.parse_args()

    exe = [sys.executable, "-m", "waarborg"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "statement.html")
        pair = [
            # check exits 1 when the declaration has errors; the seeds have real gaps
            [*exe, "check", "--format", "json", args.example],
            [*exe, "render", args.example, "--lang", "nl", "-o", out],
        ]
        check_only = [pair[0]]
        bare = [[sys.executable, "-c", "pass"]]

        def run_check(command: list[str]) -> None:
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )

        # warm the file cache once
        for command in pair:
            run_check(command)

        pairs, checks, bares = [], [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            run_check(pair[0])
            middle = time.perf_counter()
            subprocess.run(
                pair[1], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            end = time.perf_counter()
            pairs.append(end - start)
            checks.append(middle - start)
            bares.append(_timed(bare))
        del check_only

    median_pair = statistics.median(pairs)
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"example: {os.path.relpath(args.example, ROOT)}, rounds: {args.rounds}")
    print(
        f"check + render (2 processes): median {median_pair * 1000:.0f} ms, "
        f"min {min(pairs) * 1000:.0f} ms, max {max(pairs) * 1000:.0f} ms"
    )
    print(f"check alone:                  median {statistics.median(checks) * 1000:.0f} ms")
    print(f"python -c pass:               median {statistics.median(bares) * 1000:.0f} ms")
    print(
        f"ratio to the 0.5 s budget:    {median_pair / BUDGET:.2f} "
        f"({'within' if median_pair <= BUDGET else 'OVER'} budget)"
    )


if __name__ == "__main__":
    main()
