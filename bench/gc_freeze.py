"""Benchmark: a full collection of Python's garbage collector in a served process, with
and without its start-up objects set aside (``gc.freeze``, ``create_app(freeze=True)``).

A web process holds about 200,000 objects once started; a full collection scans all of
them, holding the interpreter's lock, in whichever thread it falls (the event loop, or
the writer holding the writers' turn). This builds the app on the demo organisation as
``waarborg serve`` does (``app_from_environment``), starts it (its lifespan, as uvicorn
does), records ``--requests`` consents through it, and times ``gc.collect()`` (CPU and
wall), alternating: the app started without the freeze (the reference), then with it,
``--rounds`` times each, in one process per start. Prints the medians, the objects a
full collection scanned, and the ratio frozen / unfrozen.

    python bench/gc_freeze.py [--rounds 5] [--requests 500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe

_CHILD = r"""
import gc, json, os, sys, time
from pathlib import Path
from fastapi.testclient import TestClient
from waarborg.consent.cookies import banner
from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.web import server

folder = Path(sys.argv[1])
freeze = sys.argv[2] == "1"
requests = int(sys.argv[3])
declaration = ensure_demo(folder / "demo")
os.environ.update(
    WAARBORG_DATA_DIR=str(folder / "data"),
    WAARBORG_DECLARATION=str(declaration),
    WAARBORG_DATABASE_URL=f"sqlite:///{folder / 'w.db'}",
    WAARBORG_SECRET_KEY="b" * 40,
    WAARBORG_BASE_URL="http://127.0.0.1",
    WAARBORG_CONSENT_RATE_LIMIT_PER_IP="0",
)
version = banner(load(declaration)).version
prepared = server.prepare(server.load_settings())
app = server.create_app(
    prepared.settings, prepared.declaration, database=prepared.database, freeze=freeze
)
cpu, wall = [], []
with TestClient(app, base_url="http://127.0.0.1") as client:
    for n in range(requests):
        answer = client.post(
            "/api/v1/consent/visitor",
            json={
                "visitor": f"gcbench{os.getpid()}{n:012d}",
                "choices": {"analytics": True, "marketing": False},
                "version": version,
                "lang": "nl",
            },
        )
        assert answer.status_code == 201, answer.text
    scanned = len(gc.get_objects())
    for _ in range(5):
        started, used = time.perf_counter(), time.process_time()
        gc.collect()
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    frozen = gc.get_freeze_count()
prepared.database.dispose()
print(json.dumps({"cpu": cpu, "wall": wall, "scanned": scanned, "frozen": frozen}))
"""


@dataclass
class Run:
    """One start of the app: five full collections' CPU and wall times (ms), the objects
    the collector tracked, and those set aside."""

    cpu: list[float]
    wall: list[float]
    scanned: int
    frozen: int


def _run(freeze: bool, requests: int) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, tmp, "1" if freeze else "0", str(requests)],
            env=env,
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        raise SystemExit(f"the app's run failed (exit code {done.returncode}):\n{done.stderr}")
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description="a full collection, with and without gc.freeze")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    print(describe())
    results: dict[bool, list[Run]] = {False: [], True: []}
    for _ in range(args.rounds):
        for freeze in (False, True):
            results[freeze].append(_run(freeze, args.requests))
    medians = {}
    for freeze, runs in results.items():
        cpu = statistics.median(statistics.median(r.cpu) for r in runs)
        wall = statistics.median(statistics.median(r.wall) for r in runs)
        scanned = statistics.median(r.scanned for r in runs)
        frozen = statistics.median(r.frozen for r in runs)
        medians[freeze] = cpu
        label = "frozen (gc.freeze)" if freeze else "unfrozen (reference)"
        print(
            f"{label:22} full collection: CPU {cpu:8.3f} ms, wall {wall:8.3f} ms; objects "
            f"tracked {scanned:,.0f}, set aside {frozen:,.0f}  (CPU by round "
            f"{[round(statistics.median(r.cpu), 3) for r in runs]})"
        )
    print(
        f"ratio frozen / unfrozen, CPU of a full collection: {medians[True] / medians[False]:.4f}"
    )


if __name__ == "__main__":
    main()
