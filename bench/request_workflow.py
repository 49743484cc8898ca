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
erasure under 100 ms, at least 50 access requests per second.

Beside each request through the workflow it runs the same right for another customer on
the SQL connector alone (``bench/datastore_requests.py`` times only that), in turn, and
prints the ratio of the medians, workflow / connector: what Waarborg's bookkeeping
(store transactions, audit chain, export, letter, mail queue) adds to the SQL a request
must run, measured in the same run.

With ``--workers N`` it then starts worker processes (not threads) on the same store:
1, 2, 4, ... up to N of them in turn, ``--rounds`` times. Each process loads the
declaration, opens its own connections and answers one request to warm up; then the
batch of ``--requests`` verified access requests is released to all of them at once,
each claiming requests as ``waarborg worker`` does (``Requests.process_due``). It
prints the throughput per number of processes (median of the rounds) and its ratio to
one process, and checks that every request was answered exactly once (one ``answered``
event and one audit entry each) and that the audit chain verifies.

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
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select, update

from waarborg import clock
from waarborg.audit import chain
from waarborg.datastores.registry import ConnectorPool, connect
from waarborg.declaration.loader import load
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus
from waarborg.store.models import AuditEntry, Request, RequestEvent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import present
from lookup_modes import MODES, address, connectors
from machine import describe

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


def run_beside_connector(
    services: dict[str, Requests],
    ids: dict[str, list[str]],
    alone: dict[str, Callable[[int], Any]],
    people: dict[str, list[int]],
) -> tuple[dict[str, tuple[list[float], float]], dict[str, list[float]]]:
    """Process the requests one after another, one of each lookup in turn, each followed
    by the same right on the connector alone for another person; per lookup the
    latencies and their sum, and the connector's latencies."""
    latencies: dict[str, list[float]] = {mode: [] for mode in services}
    connector: dict[str, list[float]] = {mode: [] for mode in services}
    turns = zip(*(ids[mode] for mode in services), *(people[m] for m in services), strict=True)
    for turn in turns:
        for i, mode in enumerate(services):
            public_id, person = turn[i], turn[len(services) + i]
            begin = time.perf_counter()
            status = services[mode].process(public_id)
            latencies[mode].append(time.perf_counter() - begin)
            if status != RequestStatus.ANSWERED:
                raise SystemExit(f"request {public_id} ended {status}, not answered")
            begin = time.perf_counter()
            alone[mode](person)
            connector[mode].append(time.perf_counter() - begin)
    return {mode: (latencies[mode], sum(latencies[mode])) for mode in services}, connector


def _worker(
    declaration: str,
    store_url: str,
    data_dir: str,
    mode: str,
    start: Any,
    results: Any,
) -> None:
    """One worker process: warm up on one request, wait for the start, then claim and
    answer requests until none is due (as the worker's requests job does)."""
    loaded = load(Path(declaration))
    settings = Settings(
        data_dir=Path(data_dir), database_url=store_url, base_url="http://127.0.0.1:8000"
    )
    database = Database(store_url)
    service = Requests(database, loaded, settings)
    service.connectors = ConnectorPool(loaded, enabled=connectors(mode))
    with clock.frozen(TODAY):
        warmed = service.process_due(limit=1)
        start.wait()
        taken = service.process_due(limit=1_000_000)
        results.put((warmed, taken, time.monotonic()))
    service.close()
    database.dispose()


def run_processes(
    args: argparse.Namespace,
    store_url: str,
    data_dir: str,
    mode: str,
    n: int,
    batch: Callable[[int], list[str]],
) -> tuple[float, list[str]]:
    """Start ``n`` worker processes on the store, warm each on one request, release a
    batch of verified access requests to them at once; the throughput and the batch."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(n + 1)
    results = context.Queue()
    batch(n)  # one request for each process to warm up on
    processes = [
        context.Process(
            target=_worker,
            args=(str(args.declaration), store_url, data_dir, mode, start, results),
        )
        for _ in range(n)
    ]
    for process in processes:
        process.start()
    ids = batch(args.requests)
    start.wait(timeout=600)
    began = time.monotonic()
    done = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a worker process ended with exit code {process.exitcode}")
    warmed = sum(d[0] for d in done)
    taken = sum(d[1] for d in done)
    if warmed != n or taken != args.requests:
        raise SystemExit(f"{n} processes warmed on {warmed} and took {taken} requests")
    return args.requests / (max(d[2] for d in done) - began), ids


def check_once(database: Database, ids: list[str]) -> None:
    """Every request answered, with exactly one answered event and audit entry, and the
    audit chain intact."""
    with database.read() as session:
        answered = Counter(
            session.scalars(
                select(Request.public_id)
                .join(RequestEvent, RequestEvent.request_id == Request.id)
                .where(Request.public_id.in_(ids))
                .where(RequestEvent.kind == "answered")
            )
        )
        audited = Counter(
            session.scalars(
                select(AuditEntry.subject)
                .where(AuditEntry.subject.in_(ids))
                .where(AuditEntry.action == "request.answered")
            )
        )
        statuses = session.scalar(
            select(func.count())
            .select_from(Request)
            .where(Request.public_id.in_(ids))
            .where(Request.status == RequestStatus.ANSWERED)
        )
        problems = chain.verify(session)
    if statuses != len(ids) or any(answered[i] != 1 or audited[i] != 1 for i in ids):
        raise SystemExit("a request was not answered exactly once")
    if problems:
        raise SystemExit(f"the audit chain does not verify: {problems[0]}")


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


def _report(
    kind: str, results: dict[str, tuple[list[float], float]], alone: dict[str, list[float]]
) -> None:
    for mode, (latencies, total) in results.items():
        print(_line(kind, mode, latencies, total))
    for mode, (latencies, _total) in results.items():
        workflow, connector = statistics.median(latencies), statistics.median(alone[mode])
        print(
            f"{kind:<8} {LABELS[mode]:<16} connector alone median {connector * 1000:7.1f} ms   "
            f"workflow / connector {workflow / connector:.2f}"
        )
    if len(results) == 2:
        exact, folded = (statistics.median(results[m][0]) for m in MODES)
        print(f"{kind:<8} median case-insensitive / exact {folded / exact:.2f}")


def _counts(workers: int) -> list[int]:
    """1, 2, 4, ... up to ``workers``, and ``workers`` itself."""
    counts, n = [], 1
    while n < workers:
        counts.append(n)
        n *= 2
    return [*counts, workers]


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
        help="also answer batches of access requests with 1, 2, 4, ... up to this many "
        "worker processes",
    )
    parser.add_argument("--rounds", type=int, default=3, help="batches per number of processes")
    parser.add_argument(
        "--lookup",
        choices=["both", *MODES],
        default="both",
        help="exact (as before), folded (case-insensitive), or both in the same run",
    )
    args = parser.parse_args(argv)
    modes = list(MODES) if args.lookup == "both" else [args.lookup]
    counts = _counts(args.workers) if args.workers > 1 else []

    declaration = load(args.declaration)
    shop = sa.create_engine(next(iter(declaration.datastores.values())).url or "")
    with shop.connect() as connection:
        people = present(connection)
    shop.dispose()
    customers = len(people)
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    k = args.requests
    per = 4 * k + 5
    concurrent = (k + max(counts, default=0)) * len(counts) * args.rounds
    chosen = rng.sample(people, per * len(modes) + concurrent)
    mine = {mode: chosen[i * per : (i + 1) * per] for i, mode in enumerate(modes)}
    warm = {mode: mine[mode][:5] for mode in modes}
    readers = {mode: mine[mode][5 : 5 + k] for mode in modes}
    erased = {mode: mine[mode][5 + k : 5 + 2 * k] for mode in modes}
    read_alone = {mode: mine[mode][5 + 2 * k : 5 + 3 * k] for mode in modes}
    erased_alone = {mode: mine[mode][5 + 3 * k : 5 + 4 * k] for mode in modes}
    pool = iter(chosen[per * len(modes) :])

    print(describe())
    with tempfile.TemporaryDirectory(prefix="waarborg-bench-") as tmp:
        store_url = args.store_url or f"sqlite:///{Path(tmp) / 'waarborg.db'}"
        migrate(store_url)
        settings = Settings(
            data_dir=Path(tmp), database_url=store_url, base_url="http://127.0.0.1:8000"
        )
        database = Database(store_url)
        services: dict[str, Requests] = {}
        alone = {}
        for mode in modes:
            services[mode] = Requests(database, declaration, settings)
            services[mode].connectors = ConnectorPool(declaration, enabled=connectors(mode))
            alone[mode] = connect(declaration, "shop", enabled=connectors(mode))
        print(
            f"request_workflow: {customers:,} customers not yet erased, "
            f"{k} requests of each kind and lookup "
            f"({', '.join(LABELS[m] for m in modes)}), "
            f"store {database.engine.dialect.name}, datastore {shop.dialect.name}"
        )

        def filed(kind: str, people: dict[str, list[int]]) -> dict[str, list[str]]:
            return {
                mode: file_verified(services[mode], database, kind, people[mode], mode)
                for mode in modes
            }

        def access(mode: str) -> Callable[[int], Any]:
            return lambda n: alone[mode].access({"email": address(n, mode)})

        def erase(mode: str) -> Callable[[int], Any]:
            return lambda n: alone[mode].erase({"email": address(n, mode)})

        with clock.frozen(TODAY):
            warmed = filed("access", warm)
            run_beside_connector(services, warmed, {m: access(m) for m in modes}, warm)  # warm up
            for mode, ids in warmed.items():  # and every lookup finds its people
                views = [services[mode].view(public_id) for public_id in ids]
                found = [(v.outcome or {}).get("rows", {}).get("shop", {}) for v in views if v]
                if [rows.get("customer") for rows in found] != [1] * len(ids):
                    raise SystemExit(f"the {LABELS[mode]} lookup missed a customer: {found}")
            _report(
                "access",
                *run_beside_connector(
                    services, filed("access", readers), {m: access(m) for m in modes}, read_alone
                ),
            )
            _report(
                "erasure",
                *run_beside_connector(
                    services, filed("erasure", erased), {m: erase(m) for m in modes}, erased_alone
                ),
            )
        for service in services.values():
            service.close()
        for connector in alone.values():
            connector.close()

        if counts:
            mode = "folded" if "folded" in modes else modes[0]

            def batch(size: int) -> list[str]:
                with clock.frozen(TODAY):
                    people = {mode: [next(pool) for _ in range(size)]}
                    return file_verified(services[mode], database, "access", people[mode], mode)

            rates: dict[int, list[float]] = {n: [] for n in counts}
            every: list[str] = []
            for _ in range(args.rounds):
                for n in counts:
                    rate, ids = run_processes(args, store_url, tmp, mode, n, batch)
                    rates[n].append(rate)
                    every += ids
            check_once(database, every)
            one = statistics.median(rates[1])
            for n in counts:
                median = statistics.median(rates[n])
                print(
                    f"access   {LABELS[mode]:<16} {n} worker process{'es' if n > 1 else '  '} "
                    f"throughput {median:7.1f} req/s (median of {args.rounds}: "
                    f"{', '.join(f'{r:.1f}' for r in rates[n])})   "
                    f"ratio to 1 process {median / one:.2f}   "
                    f"throughput/target {median / TARGET_THROUGHPUT:.2f}"
                )
            print(
                f"every one of the {len(every)} requests answered exactly once by the "
                "processes; the audit chain verifies"
            )
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
