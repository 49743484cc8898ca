"""Benchmark: access and erasure requests run directly against the SQL connector.

It loads a declaration written by ``bench/fides_shape.py``, picks customers at random
(the erasures and the accesses never share one), and runs the requests one after
another through the datastore connector, with no web server or request workflow around
them. Per kind of request it prints the median and 95th-percentile latency, the
throughput over all requests (requests per second), and the SQL statements each sent.
With ``--workers`` above 1 the access requests also run concurrently on that many
threads, for the throughput of several web processes sharing one database.

The targets at 1M customers on 2 cores: access under 50 ms, erasure under 100 ms, and at
least 50 access requests per second.

    python bench/fides_shape.py --customers 100000 --out bench/data/sqlite-100k
    python bench/datastore_requests.py bench/data/sqlite-100k/privacy.yaml [--requests 100]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import email, present

#: The day the erasures run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TARGETS = {"access": 0.050, "erasure": 0.100}
TARGET_THROUGHPUT = 50.0


def _timed(
    run: Callable[[dict[str, str]], Any], people: list[int], counter: list[int]
) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    counter[0] = 0
    started = time.perf_counter()
    for n in people:
        begin = time.perf_counter()
        run({"email": email(n)})
        latencies.append(time.perf_counter() - begin)
    return latencies, time.perf_counter() - started, counter[0]


def _line(kind: str, latencies: list[float], total: float, statements: int) -> str:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    rate = len(latencies) / total
    verdict = "meets" if median < TARGETS[kind] else "misses"
    return (
        f"{kind:<8} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"throughput {rate:7.1f} req/s   {statements / len(latencies):5.1f} statements each"
        f"   ({verdict} the {TARGETS[kind] * 1000:.0f} ms target)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml from fides_shape.py")
    parser.add_argument("--store", default="shop")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="threads for concurrent access")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)

    declaration = load(args.declaration)
    connector = connect(declaration, args.store)
    assert isinstance(connector, SqlConnector)
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    sa.event.listen(connector.engine, "before_cursor_execute", count)
    with connector.engine.connect() as connection:
        people = present(connection)
    customers = len(people)
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    chosen = rng.sample(people, 2 * args.requests)
    readers, erased = chosen[: args.requests], chosen[args.requests :]

    url = sa.make_url(declaration.datastores[args.store].url or "")
    print(
        f"datastore_requests: {url.render_as_string(hide_password=True)}, "
        f"{customers:,} customers not yet erased, {args.requests} requests of each kind, "
        f"{os.cpu_count()} cores, {connector.engine.dialect.name}"
    )
    for n in rng.sample(people, 5):  # warm up: reflection, caches
        connector.access({"email": email(n)})

    latencies, total, statements = _timed(connector.access, readers, counter)
    found = sum(len(connector.access({"email": email(n)})["customer"]) for n in readers[:5])
    assert found == 5, "the chosen customers must be found"
    print(_line("access", latencies, total, statements))
    with clock.frozen(TODAY):
        latencies, total, statements = _timed(connector.erase, erased, counter)
    print(_line("erasure", latencies, total, statements))

    if args.workers > 1:
        started = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda n: connector.access({"email": email(n)}), readers))
        rate = len(readers) / (time.perf_counter() - started)
        print(f"access   throughput {rate:7.1f} req/s on {args.workers} threads")
    connector.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
