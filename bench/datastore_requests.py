"""Benchmark: access and erasure requests run directly against the SQL connector.

It loads a declaration written by ``bench/fides_shape.py``, picks customers at random
(the erasures and the accesses never share one), and runs the requests one after
another through the datastore connector, with no web server or request workflow around
them. Per kind of request it prints the median and 95th-percentile latency, the
throughput over all requests (requests per second), and the SQL statements each sent.
With ``--workers`` above 1 the access requests also run concurrently in that many
processes (not threads), each with its own connection, released at once, for the
throughput of several worker processes sharing one database.

By default it runs both lookups of an e-mail address on the same data in the same run
(``--lookup both``, see ``bench/lookup_modes.py``): the exact lookup of before
(``column = :address``, the address as stored) and Waarborg's case-insensitive one
(``lower(column) IN (...)``, the address asked in mixed case), one request of each in
turn, each on customers of its own. It prints a line per lookup and kind, and the ratio
of the medians (case-insensitive / exact).

The targets at 1M customers on 2 cores: access under 50 ms, erasure under 100 ms, and at
least 50 access requests per second.

    python bench/fides_shape.py --customers 100000 --out bench/data/sqlite-100k
    python bench/datastore_requests.py bench/data/sqlite-100k/privacy.yaml [--requests 100]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import present
from lookup_modes import MODES, address, connectors
from machine import describe

#: The day the erasures run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TARGETS = {"access": 0.050, "erasure": 0.100}
TARGET_THROUGHPUT = 50.0
LABELS = {"exact": "exact", "folded": "case-insensitive"}


def _timed(
    runs: dict[str, Callable[[dict[str, str]], Any]],
    people: dict[str, list[int]],
    counter: list[int],
) -> dict[str, tuple[list[float], float, int]]:
    """Run one request per person, one of each lookup in turn; per lookup the latencies,
    their sum (the requests run one after another) and the statements sent."""
    latencies: dict[str, list[float]] = {mode: [] for mode in runs}
    statements = dict.fromkeys(runs, 0)
    for turn in zip(*(people[mode] for mode in runs), strict=True):
        for mode, n in zip(runs, turn, strict=True):
            counter[0] = 0
            begin = time.perf_counter()
            runs[mode]({"email": address(n, mode)})
            latencies[mode].append(time.perf_counter() - begin)
            statements[mode] += counter[0]
    return {mode: (latencies[mode], sum(latencies[mode]), statements[mode]) for mode in runs}


def _reader(
    declaration: str, store: str, mode: str, people: list[int], start: Any, out: Any
) -> None:
    """One process: its own connector, warmed up; after the start, its share of accesses."""
    connector = connect(load(Path(declaration)), store, enabled=connectors(mode))
    connector.access({"email": address(people[0], mode)})
    start.wait()
    for n in people:
        connector.access({"email": address(n, mode)})
    out.put(time.monotonic())
    connector.close()


def _processes(args: argparse.Namespace, mode: str, people: list[int]) -> float:
    """The accesses for ``people`` shared out over ``--workers`` processes; req/s."""
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(args.workers + 1), context.Queue()
    shares = [people[i :: args.workers] for i in range(args.workers)]
    processes = [
        context.Process(
            target=_reader, args=(str(args.declaration), args.store, mode, share, start, out)
        )
        for share in shares
    ]
    for process in processes:
        process.start()
    start.wait(timeout=600)
    began = time.monotonic()
    ended = max(float(out.get(timeout=600)) for _ in processes)
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a process ended with exit code {process.exitcode}")
    return len(people) / (ended - began)


def _line(kind: str, mode: str, latencies: list[float], total: float, statements: int) -> str:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    rate = len(latencies) / total
    verdict = "meets" if median < TARGETS[kind] else "misses"
    return (
        f"{kind:<8} {LABELS[mode]:<16} median {median * 1000:7.1f} ms   "
        f"p95 {p95 * 1000:7.1f} ms   throughput {rate:7.1f} req/s   "
        f"{statements / len(latencies):5.1f} statements each"
        f"   ({verdict} the {TARGETS[kind] * 1000:.0f} ms target)"
    )


def _report(kind: str, results: dict[str, tuple[list[float], float, int]]) -> None:
    for mode, (latencies, total, statements) in results.items():
        print(_line(kind, mode, latencies, total, statements))
    if len(results) == 2:
        exact, folded = (statistics.median(results[m][0]) for m in MODES)
        print(f"{kind:<8} median case-insensitive / exact {folded / exact:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml from fides_shape.py")
    parser.add_argument("--store", default="shop")
    parser.add_argument("--requests", type=int, default=100, help="per kind and lookup")
    parser.add_argument("--workers", type=int, default=1, help="processes for concurrent access")
    parser.add_argument(
        "--lookup",
        choices=["both", *MODES],
        default="both",
        help="exact (as before), folded (case-insensitive), or both in the same run",
    )
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    print(describe())  # the machine and python -c pass, beside the figures
    modes = list(MODES) if args.lookup == "both" else [args.lookup]

    declaration = load(args.declaration)
    made = {mode: connect(declaration, args.store, enabled=connectors(mode)) for mode in modes}
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    for connector in made.values():
        assert isinstance(connector, SqlConnector)
        sa.event.listen(connector.engine, "before_cursor_execute", count)
    first = next(iter(made.values()))
    assert isinstance(first, SqlConnector)
    with first.engine.connect() as connection:
        people = present(connection)
    customers = len(people)
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    k = args.requests
    chosen = rng.sample(people, 2 * k * len(modes))
    readers = {mode: chosen[2 * i * k : (2 * i + 1) * k] for i, mode in enumerate(modes)}
    erased = {mode: chosen[(2 * i + 1) * k : (2 * i + 2) * k] for i, mode in enumerate(modes)}

    url = sa.make_url(declaration.datastores[args.store].url or "")
    print(describe())
    print(
        f"datastore_requests: {url.render_as_string(hide_password=True)}, "
        f"{customers:,} customers not yet erased, {k} requests of each kind and lookup "
        f"({', '.join(LABELS[m] for m in modes)}), {os.cpu_count()} cores, "
        f"{first.engine.dialect.name}"
    )
    for mode, connector in made.items():
        for n in rng.sample(people, 5):  # warm up: reflection, caches
            connector.access({"email": address(n, mode)})
        found = sum(
            len(connector.access({"email": address(n, mode)})["customer"])
            for n in readers[mode][:5]
        )
        assert found == 5, f"the chosen customers must be found ({mode})"

    _report("access", _timed({m: c.access for m, c in made.items()}, readers, counter))
    with clock.frozen(TODAY):
        _report("erasure", _timed({m: c.erase for m, c in made.items()}, erased, counter))

    if args.workers > 1:
        for mode in made:
            rate = _processes(args, mode, readers[mode])
            print(
                f"access   {LABELS[mode]:<16} throughput {rate:7.1f} req/s "
                f"in {args.workers} processes"
            )
    for connector in made.values():
        connector.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
