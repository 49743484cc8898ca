"""Benchmark: access and erasure requests from verified to answered, through the
request workflow.

Where ``bench/datastore_requests.py`` times the SQL connector alone, this times what a
worker does with a verified request: claim it, execute it on the datastore (for an
erasure: plan, then erase with legal holds), build the export zip or the answer letter,
queue the mail, and record every step with request events and audit entries in
Waarborg's own store. Filing and verifying the requests is set-up and not timed.

It loads a declaration written by ``bench/fides_shape.py``, files ``--requests``
access and as many erasure requests for customers chosen at random (never the same
customer twice), marks them verified, and then processes them one after another.
Per kind it prints the median and 95th-percentile latency, the throughput (requests
per second over the whole batch) and the ratio to the targets: access under 50 ms,
erasure under 100 ms, at least 50 access requests per second. With ``--workers N`` a
further batch of access requests is processed on N threads at once, as N worker
processes sharing the queue would, for the throughput of a deployment with several
workers.

    python bench/fides_shape.py --customers 100000 --out bench/data/sqlite-100k
    python bench/request_workflow.py bench/data/sqlite-100k/privacy.yaml [--requests 100]

Waarborg's own store is a fresh SQLite file in a temporary folder, or the database
``--store-url`` names (it is migrated first; use an empty database).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import update

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus
from waarborg.store.models import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import email, present

#: The day the requests run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TARGETS = {"access": 0.050, "erasure": 0.100}
TARGET_THROUGHPUT = 50.0


def file_verified(
    requests: Requests, database: Database, kind: str, people: list[int]
) -> list[str]:
    """File one request per person and mark them verified (set-up, not timed)."""
    ids = [requests.file(kind=kind, email=email(n), lang="nl") for n in people]
    with database.write() as session:
        session.execute(
            update(Request)
            .where(Request.public_id.in_(ids))
            .values(status=RequestStatus.VERIFIED, verified_at=clock.now(), next_attempt_at=None)
        )
    return ids


def run_requests(requests: Requests, ids: list[str]) -> tuple[list[float], float]:
    latencies: list[float] = []
    started = time.perf_counter()
    for public_id in ids:
        begin = time.perf_counter()
        status = requests.process(public_id)
        latencies.append(time.perf_counter() - begin)
        if status != RequestStatus.ANSWERED:
            raise SystemExit(f"request {public_id} ended {status}, not answered")
    return latencies, time.perf_counter() - started


def run_concurrently(requests: Requests, ids: list[str], workers: int) -> float:
    """Process ``ids`` on ``workers`` threads, as that many worker processes would share
    the queue; returns the seconds the whole batch took."""
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        statuses = list(pool.map(requests.process, ids))
    total = time.perf_counter() - started
    if any(status != RequestStatus.ANSWERED for status in statuses):
        raise SystemExit(f"not every request was answered: {set(statuses)}")
    return total


def _line(kind: str, latencies: list[float], total: float) -> str:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    rate = len(latencies) / total
    return (
        f"{kind:<8} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"throughput {rate:7.1f} req/s   "
        f"median/target {median / TARGETS[kind]:.2f}"
        + (f"   throughput/target {rate / TARGET_THROUGHPUT:.2f}" if kind == "access" else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml from fides_shape.py")
    parser.add_argument("--requests", type=int, default=100, help="requests of each kind")
    parser.add_argument("--store-url", help="Waarborg's own database (default: a temporary SQLite)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="also process a second batch of access requests on this many threads",
    )
    args = parser.parse_args(argv)

    declaration = load(args.declaration)
    shop = sa.create_engine(next(iter(declaration.datastores.values())).url or "")
    with shop.connect() as connection:
        people = present(connection)
    shop.dispose()
    customers = len(people)
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    k = args.requests
    chosen = rng.sample(people, 3 * k + 5)
    warm, readers, erased = chosen[:5], chosen[5 : 5 + k], chosen[5 + k : 5 + 2 * k]
    concurrent = chosen[5 + 2 * k :]

    with tempfile.TemporaryDirectory(prefix="waarborg-bench-") as tmp:
        store_url = args.store_url or f"sqlite:///{Path(tmp) / 'waarborg.db'}"
        migrate(store_url)
        settings = Settings(
            data_dir=Path(tmp), database_url=store_url, base_url="http://127.0.0.1:8000"
        )
        database = Database(store_url)
        requests = Requests(database, declaration, settings)
        print(
            f"request_workflow: {customers:,} customers not yet erased, "
            f"{args.requests} requests of each kind, "
            f"store {database.engine.dialect.name}, datastore {shop.dialect.name}, "
            f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        )
        with clock.frozen(TODAY):
            run_requests(requests, file_verified(requests, database, "access", warm))  # warm up
            latencies, total = run_requests(
                requests, file_verified(requests, database, "access", readers)
            )
            print(_line("access", latencies, total))
            latencies, total = run_requests(
                requests, file_verified(requests, database, "erasure", erased)
            )
            print(_line("erasure", latencies, total))
            if args.workers > 1:
                ids = file_verified(requests, database, "access", concurrent)
                total = run_concurrently(requests, ids, args.workers)
                rate = len(ids) / total
                print(
                    f"access   throughput {rate:7.1f} req/s on {args.workers} threads   "
                    f"throughput/target {rate / TARGET_THROUGHPUT:.2f}"
                )
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
