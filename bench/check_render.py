"""Benchmark: check plus render of one example, start-up included.

Every figure is the wall time of fresh processes, the way a CI job or a person at a
terminal runs Waarborg. Three ways are measured in the same run, on the same file:

- ``waarborg build --formats html``: one process that checks the declaration and
  renders the statement and cookie declaration in each language plus the register;
- ``waarborg check`` followed by ``waarborg render``: two processes, start-up paid twice;
  ``render`` checks the declaration too (it refuses one with errors), and the seed
  examples have errors, so it is run with ``--draft`` (as is ``build``);
- ``python -c pass``: the bare interpreter, the floor under every command.

The reference is the budget of 0.5 s; each line prints its ratio to it.

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
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.5


def _wall(commands: Sequence[Sequence[str]]) -> float:
    """Wall time of running ``commands`` one after another (exit codes are not checked:
    the seed examples have real gaps, so ``check`` exits 1)."""
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="check plus render, start-up included")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--example", default=str(ROOT / "examples/iemagoo/privacy.yaml"))
    args = parser.parse_args()

    exe = [sys.executable, "-m", "waarborg"]
    with tempfile.TemporaryDirectory() as tmp:
        cases: dict[str, list[list[str]]] = {
            "build --formats html (1 process)": [
                [*exe, "build", args.example, "-o", tmp, "--formats", "html", "--draft"]
            ],
            "check + render (2 processes)": [
                [*exe, "check", args.example],
                [
                    *exe,
                    "render",
                    args.example,
                    "--lang",
                    "nl",
                    "--draft",
                    "-o",
                    os.path.join(tmp, "s.html"),
                ],
            ],
            "python -c pass": [[sys.executable, "-c", "pass"]],
        }
        for commands in cases.values():  # warm the file cache and the template cache
            _wall(commands)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):  # interleaved, so load on the machine hits all alike
            for name, commands in cases.items():
                times[name].append(_wall(commands))

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; example: {os.path.relpath(args.example, ROOT)}; "
        f"rounds: {args.rounds}"
    )
    for name, values in times.items():
        median = statistics.median(values)
        verdict = "within" if median <= BUDGET else "over"
        print(
            f"{name:34} median {median * 1000:4.0f} ms  "
            f"(min {min(values) * 1000:4.0f}, max {max(values) * 1000:4.0f})  "
            f"ratio to 0.5 s budget {median / BUDGET:.2f} ({verdict})"
        )


if __name__ == "__main__":
    main()
