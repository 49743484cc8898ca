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

By default it runs both lookups of an e-mail address on the same data in the same run
(``--lookup both``, see ``bench/lookup_modes.py``): the exact lookup of before
(``column = :address``, the address filed as stored) and Waarborg's case-insensitive one
(``lower(column) IN (...)``, the address filed in mixed case with a space around it),
one request of each in turn, each on customers of its own. It prints a line per lookup
and kind, and the ratio of the medians (case-insensitive / exact).

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
from waarborg.datastores.registry import ConnectorPool
from waarborg.declaration.loader import load
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus
from waarborg.store.models import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import present
from lookup_modes import MODES, address, connectors

#: The day the requests run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TARGETS = {"access": 0.050, "erasure": 0.100}
TARGET_THROUGHPUT = 50.0
LABELS = {"exact": "exact", "folded": "case-insensitive"}


def file_verified(
    requests: Requests, database: Database, kind: str, people: list[int], mode: str
) -> list[str]:
    """File one request per person and mark them verified (set-up, not timed)."""
    ids = [requests.file(kind=kind, email=address(n, mode), lang="nl") for n in people]
    with database.write() as session:
        session.execute(
            update(Request)
            .where(Request.public_id.in_(ids))
            .values(status=RequestStatus.VERIFIED, verified_at=clock.now(), next_attempt_at=None)
        )
    return ids


def run_requests(
    services: dict[str, Requests], ids: dict[str, list[str]]
) -> dict[str, tuple[list[float], float]]:
    """Process the requests one after another, one of each lookup in turn; per lookup
    the latencies and their sum."""
    latencies: dict[str, list[float]] = {mode: [] for mode in services}
    for turn in zip(*(ids[mode] for mode in services), strict=True):
        for mode, public_id in zip(services, turn, strict=True):
            begin = time.perf_counter()
            status = services[mode].process(public_id)
            latencies[mode].append(time.perf_counter() - begin)
            if status != RequestStatus.ANSWERED:
                raise SystemExit(f"request {public_id} ended {status}, not answered")
    return {mode: (latencies[mode], sum(latencies[mode])) for mode in services}


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


def _line(kind: str, mode: str, latencies: list[float], total: float) -> str:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    rate = len(latencies) / total
    return (
        f"{kind:<8} {LABELS[mode]:<16} median {median * 1000:7.1f} ms   "
        f"p95 {p95 * 1000:7.1f} ms   throughput {rate:7.1f} req/s   "
        f"median/target {median / TARGETS[kind]:.2f}"
        + (f"   throughput/target {rate / TARGET_THROUGHPUT:.2f}" if kind == "access" else "")
    )


def _report(kind: str, results: dict[str, tuple[list[float], float]]) -> None:
    for mode, (latencies, total) in results.items():
        print(_line(kind, mode, latencies, total))
    if len(results) == 2:
        exact, folded = (statistics.median(results[m][0]) for m in MODES)
        print(f"{kind:<8} median case-insensitive / exact {folded / exact:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml from fides_shape.py")
    parser.add_argument("--requests", type=int, default=100, help="per kind and lookup")
    parser.add_argument("--store-url", help="Waarborg's own database (default: a temporary SQLite)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="also process a second batch of access requests on this many threads",
    )
    parser.add_argument(
        "--lookup",
        choices=["both", *MODES],
        default="both",
        help="exact (as before), folded (case-insensitive), or both in the same run",
    )
    args = parser.parse_args(argv)
    modes = list(MODES) if args.lookup == "both" else [args.lookup]

    declaration = load(args.declaration)
    shop = sa.create_engine(next(iter(declaration.datastores.values())).url or "")
    with shop.connect() as connection:
        people = present(connection)
    shop.dispose()
    customers = len(people)
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    k = args.requests
    per = 3 * k + 5
    chosen = rng.sample(people, per * len(modes))
    mine = {mode: chosen[i * per : (i + 1) * per] for i, mode in enumerate(modes)}
    warm = {mode: mine[mode][:5] for mode in modes}
    readers = {mode: mine[mode][5 : 5 + k] for mode in modes}
    erased = {mode: mine[mode][5 + k : 5 + 2 * k] for mode in modes}
    concurrent = {mode: mine[mode][5 + 2 * k :] for mode in modes}

    with tempfile.TemporaryDirectory(prefix="waarborg-bench-") as tmp:
        store_url = args.store_url or f"sqlite:///{Path(tmp) / 'waarborg.db'}"
        migrate(store_url)
        settings = Settings(
            data_dir=Path(tmp), database_url=store_url, base_url="http://127.0.0.1:8000"
        )
        database = Database(store_url)
        services: dict[str, Requests] = {}
        for mode in modes:
            services[mode] = Requests(database, declaration, settings)
            services[mode].connectors = ConnectorPool(declaration, enabled=connectors(mode))
        print(
            f"request_workflow: {customers:,} customers not yet erased, "
            f"{k} requests of each kind and lookup "
            f"({', '.join(LABELS[m] for m in modes)}), "
            f"store {database.engine.dialect.name}, datastore {shop.dialect.name}, "
            f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        )

        def filed(kind: str, people: dict[str, list[int]]) -> dict[str, list[str]]:
            return {
                mode: file_verified(services[mode], database, kind, people[mode], mode)
                for mode in modes
            }

        with clock.frozen(TODAY):
            warmed = filed("access", warm)
            run_requests(services, warmed)  # warm up
            for mode, ids in warmed.items():  # and every lookup finds its people
                views = [services[mode].view(public_id) for public_id in ids]
                found = [(v.outcome or {}).get("rows", {}).get("shop", {}) for v in views if v]
                if [rows.get("customer") for rows in found] != [1] * len(ids):
                    raise SystemExit(f"the {LABELS[mode]} lookup missed a customer: {found}")
            _report("access", run_requests(services, filed("access", readers)))
            _report("erasure", run_requests(services, filed("erasure", erased)))
            if args.workers > 1:
                for mode, ids in filed("access", concurrent).items():
                    total = run_concurrently(services[mode], ids, args.workers)
                    rate = len(ids) / total
                    print(
                        f"access   {LABELS[mode]:<16} throughput {rate:7.1f} req/s on "
                        f"{args.workers} threads   throughput/target {rate / TARGET_THROUGHPUT:.2f}"
                    )
        for service in services.values():
            service.close()
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
