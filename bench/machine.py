"""The machine a benchmark ran on, and the floor under every command on it.

Every benchmark prints :func:`describe` beside its figures: the processor, the number
of cores, the Python version and the median wall time of ``python -c pass`` measured
on the same machine at the same moment, so a reader on a slower or faster machine can
scale the absolute figures (the ratios a benchmark reports need no scaling).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time


def python_pass_seconds(rounds: int = 9) -> float:
    """The median wall time of ``python -c pass`` with this interpreter, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def describe(rounds: int = 9) -> str:
    """One line: machine, cores, Python, and ``python -c pass`` here and now."""
    floor = python_pass_seconds(rounds)
    return (
        f"machine: {platform.machine()} {platform.processor() or ''}".rstrip()
        + f", {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"python -c pass: {floor * 1000:.1f} ms (median of {rounds})"
    )


if __name__ == "__main__":
    print(describe())
