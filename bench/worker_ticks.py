"""Benchmark: what claiming a tick costs the worker, next to the cheapest job's work.

Every tick of a scheduled job is first claimed in Waarborg's database (one INSERT ...
ON CONFLICT DO NOTHING and one conditional UPDATE in a write transaction) and
recorded when it ends (one UPDATE). This measures that claim-and-record step per
tick, and, as the reference, one run of the ``mail`` job with an empty outbox (the
query that looks for queued mail), which every worker runs every two seconds. It
prints the median and 95th percentile of each, and the ratio of the claim to the
reference, on SQLite (a file in a temporary folder) and, with ``--postgres URL``, on
PostgreSQL.

    python bench/worker_ticks.py [--rounds 300] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from machine import describe
from sqlalchemy import text

from waarborg import clock
from waarborg.mail import FolderMailer
from waarborg.mail.queue import deliver
from waarborg.store import Database, create_engine, migrate
from waarborg.worker.ticks import claim, finish, tick_of

EVERY = timedelta(seconds=2)


def _timed(step: Callable[[int], None], rounds: int) -> list[float]:
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        step(n)
        times.append(time.perf_counter() - started)
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def measure(url: str, rounds: int, outbox: Path) -> tuple[list[float], list[float]]:
    migrate(url)
    database = Database(url)
    mailer = FolderMailer(outbox)
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    try:
        with clock.frozen(start) as advance:

            def tick(n: int) -> None:
                at = tick_of(clock.now(), EVERY)
                assert claim(database, "bench", at, holder="bench:1", lease=timedelta(minutes=1))
                finish(database, "bench", at, holder="bench:1", result={"n": n})
                advance(EVERY)

            def mail(n: int) -> None:
                deliver(database, mailer)

            _timed(tick, 20)  # warm up
            _timed(mail, 20)
            return _timed(tick, rounds), _timed(mail, rounds)
    finally:
        database.dispose()


def _report(name: str, claims: list[float], jobs: list[float]) -> None:
    claim_ms, job_ms = statistics.median(claims) * 1000, statistics.median(jobs) * 1000
    print(
        f"{name:<10}  claim+record per tick: median {claim_ms:6.2f} ms, p95 "
        f"{_p95(claims) * 1000:6.2f} ms  |  reference, empty mail job: median {job_ms:6.2f} ms, "
        f"p95 {_p95(jobs) * 1000:6.2f} ms  |  ratio {claim_ms / job_ms:4.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--postgres", help="A PostgreSQL URL to create a schema in.")
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        _report("sqlite", *measure(url, args.rounds, Path(folder) / "out"))
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:12]}"
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                separator = "&" if "?" in args.postgres else "?"
                url = f"{args.postgres}{separator}options=-csearch_path%3D{schema}"
                _report("postgresql", *measure(url, args.rounds, Path(folder) / "out"))
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
