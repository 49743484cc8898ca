"""Benchmark: a retention sweep of many expired rows, against the same deletes written
by hand as raw batched SQL, while a reader keeps querying the database.

It builds two identical ``invoice`` tables per database (SQLite files, PostgreSQL
schemas): ``--rows`` expired invoices (issued 2010-2018) with one in twenty interleaved
rows still under the 7-year tax hold, and a ``payment`` table that refers to one
invoice in a thousand (those stay, being referred to). Then, on one copy, Waarborg's
sweep (``waarborg.retention.sweep``: batches by key range, progress recorded in the
store after each batch, audit entries); on the other, the reference: a hand-written
loop of ``DELETE ... WHERE id > ? AND id <= ? AND issued_at <= ? AND NOT EXISTS
(payment)`` over consecutive key ranges of the same batch size, each committed. Both
must leave the same rows.

During each sweep a separate process reads (a point lookup by key, every 5 ms) and
records each read's latency; it also reads for a few seconds before, on the idle
database. Printed per database: both throughputs (rows deleted per second), the ratio
of Waarborg's to the hand-written one (target at least 0.7), and the reader's median
and p99 latency idle and during each sweep.

    python bench/retention_sweep.py --rows 10000000
    python bench/retention_sweep.py --rows 200000 --dialect sqlite      # a quick run

PostgreSQL comes from ``--postgres-url`` or ``WAARBORG_TEST_POSTGRES_URL``
(``scripts/test-postgres`` prints one); its schemas are dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from waarborg.declaration.loader import load_text
from waarborg.retention import BATCH, sweep
from waarborg.retention.targets import cutoff
from waarborg.store import Database, migrate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TARGET = 0.7
#: One row in this many is still under the hold.
HELD_EVERY = 20
#: One invoice in this many has a payment that refers to it.
PAID_EVERY = 1000
#: Seconds between two reads of the reader.
READ_PAUSE = 0.005


def _declaration(url: str) -> Any:
    data = {
        "waarborg": 1,
        "controller": {"name": "Bench B.V."},
        "categories": {"name": {}},
        "retention": {"fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"}},
        "datastores": {
            "books": {
                "url": url,
                "tables": {
                    "invoice": {
                        "key": "id",
                        "columns": {"name": "name"},
                        "events": {"invoice_date": "issued_at"},
                        "retention": "fiscal",
                    },
                    "payment": {"key": "id", "references": {"invoice_id": "invoice.id"}},
                },
            }
        },
    }
    return load_text(yaml.safe_dump(data), "privacy.yaml", env={})


# --- the data ----------------------------------------------------------------------------


def _total(rows: int) -> int:
    """Keys to generate so that about ``rows`` of them are expired."""
    return rows * HELD_EVERY // (HELD_EVERY - 1)


def _fill_sqlite(path: Path, rows: int) -> None:
    total = _total(rows)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        c.exec_driver_sql("PRAGMA journal_mode = WAL")
        c.exec_driver_sql(
            "CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer_id INTEGER, "
            "name VARCHAR(100), amount NUMERIC(10, 2), issued_at DATE)"
        )
        c.exec_driver_sql(
            "CREATE TABLE payment (id INTEGER PRIMARY KEY, "
            "invoice_id INTEGER REFERENCES invoice(id), paid_at DATE)"
        )
        c.exec_driver_sql(
            "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ?) "
            "INSERT INTO invoice SELECT x, x % 100000, 'Klant ' || x, 10.5, "
            f"CASE WHEN x % {HELD_EVERY} = 0 THEN date('2026-03-01', '-' || (x % 2000) || ' days') "
            "ELSE date('2010-01-01', '+' || (x % 3000) || ' days') END FROM seq",
            (total,),
        )
        c.exec_driver_sql(
            "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ?) "
            f"INSERT INTO payment SELECT x, x * {PAID_EVERY} - 1, '2018-01-01' FROM seq",
            (total // PAID_EVERY,),
        )
        c.exec_driver_sql("CREATE INDEX ix_payment_invoice_id ON payment (invoice_id)")
    engine.dispose()


def _fill_postgres(engine: sa.Engine, schema: str, rows: int) -> None:
    total = _total(rows)
    with engine.begin() as c:
        c.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        c.exec_driver_sql(
            f'CREATE TABLE "{schema}".invoice (id INTEGER NOT NULL, customer_id INTEGER, '
            "name VARCHAR(100), amount NUMERIC(10, 2), issued_at DATE)"
        )
        c.exec_driver_sql(
            f"INSERT INTO \"{schema}\".invoice SELECT x, mod(x, 100000), 'Klant ' || x, 10.5, "
            f"CASE WHEN mod(x, {HELD_EVERY}) = 0 THEN DATE '2026-03-01' - mod(x, 2000) "
            f"ELSE DATE '2010-01-01' + mod(x, 3000) END FROM generate_series(1, {total}) x"
        )
        c.exec_driver_sql(f'ALTER TABLE "{schema}".invoice ADD PRIMARY KEY (id)')
        c.exec_driver_sql(
            f'CREATE TABLE "{schema}".payment (id INTEGER PRIMARY KEY, '
            f'invoice_id INTEGER REFERENCES "{schema}".invoice(id), paid_at DATE)'
        )
        c.exec_driver_sql(
            f'INSERT INTO "{schema}".payment SELECT x, x * {PAID_EVERY} - 1, '
            f"DATE '2018-01-01' FROM generate_series(1, {total // PAID_EVERY}) x"
        )
        c.exec_driver_sql(f'CREATE INDEX ON "{schema}".payment (invoice_id)')
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.exec_driver_sql(f'VACUUM ANALYZE "{schema}".invoice')
        c.exec_driver_sql(f'VACUUM ANALYZE "{schema}".payment')


# --- the sweeps ----------------------------------------------------------------------------


def _by_hand(url: str, batch: int) -> int:
    """The reference: consecutive key ranges, one DELETE and one commit each."""
    engine = sa.create_engine(url)
    keep = _declaration(url).retention["fiscal"].keep
    assert keep is not None
    moment = cutoff(keep, NOW).date()
    deleted = 0
    with engine.connect() as c:
        top = int(c.exec_driver_sql("SELECT max(id) FROM invoice").scalar_one())
        c.commit()
        marker = "?" if engine.dialect.name == "sqlite" else "%s"
        sql = (
            f"DELETE FROM invoice WHERE id > {marker} AND id <= {marker} "
            f"AND issued_at IS NOT NULL AND issued_at <= {marker} AND NOT EXISTS "
            "(SELECT 1 FROM payment WHERE payment.invoice_id = invoice.id)"
        )
        low = 0
        while low < top:
            deleted += c.exec_driver_sql(sql, (low, low + batch, moment)).rowcount
            c.commit()
            low += batch
    engine.dispose()
    return deleted


def _waarborg(url: str, store: str, batch: int) -> int:
    database = Database(store)
    report = sweep(_declaration(url), database, now=NOW, batch_size=batch)
    database.dispose()
    assert report.status == "done"
    return report.deleted


def _remaining(url: str) -> tuple[int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as c:
        found = c.exec_driver_sql("SELECT count(*), coalesce(sum(id), 0) FROM invoice").one()
    engine.dispose()
    return int(found[0]), int(found[1])


# --- the reader ----------------------------------------------------------------------------


def _read(url: str, top: int, stop: Event, out: Any) -> None:
    """Point lookups by key until ``stop``; sends the latencies (seconds) back."""
    engine = sa.create_engine(url)
    marker = "?" if engine.dialect.name == "sqlite" else "%s"
    sql = f"SELECT name, issued_at FROM invoice WHERE id = {marker}"
    latencies: list[float] = []
    rng = random.Random(7)
    with engine.connect() as c:
        while not stop.is_set():
            key = rng.randint(1, top)
            began = time.perf_counter()
            c.exec_driver_sql(sql, (key,)).first()
            c.rollback()
            latencies.append(time.perf_counter() - began)
            time.sleep(READ_PAUSE)
    engine.dispose()
    out.send(latencies)


def _while_reading(url: str, top: int, work: Callable[[], int]) -> tuple[int, float, list[float]]:
    """Run ``work`` with the reader on; the rows it changed, its seconds, the reads."""
    context = mp.get_context("spawn")
    stop = context.Event()
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_read, args=(url, top, stop, send))
    reader.start()
    time.sleep(1.0)  # the reader is connected and warm
    began = time.perf_counter()
    changed = work()
    seconds = time.perf_counter() - began
    stop.set()
    latencies: list[float] = receive.recv()
    reader.join()
    return changed, seconds, latencies


def _idle(url: str, top: int, seconds: float) -> list[float]:
    def wait() -> int:
        time.sleep(seconds)
        return 0

    return _while_reading(url, top, wait)[2]


def _latency(latencies: list[float]) -> str:
    if len(latencies) < 2:
        return "no reads"
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"median {statistics.median(ordered) * 1000:6.2f} ms, p99 {p99 * 1000:7.2f} ms "
        f"({len(ordered)} reads)"
    )


def _compare(name: str, ours_url: str, raw_url: str, store: str, rows: int, batch: int) -> None:
    top = _total(rows)
    migrate(store)
    # the copies just written go to disk first, so that neither side's commits wait
    # behind them
    os.sync()
    idle = _idle(ours_url, top, 3.0)
    raw, raw_s, raw_reads = _while_reading(raw_url, top, lambda: _by_hand(raw_url, batch))
    ours, ours_s, ours_reads = _while_reading(
        ours_url, top, lambda: _waarborg(ours_url, store, batch)
    )
    same = _remaining(ours_url) == _remaining(raw_url)
    raw_rate, ours_rate = raw / raw_s, ours / ours_s
    ratio = ours_rate / raw_rate
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"{name}: {ours:,} rows deleted by the sweep, {raw:,} by hand; same rows left: {same}")
    print(f"  by hand (raw batched DELETE)  {raw_s:8.1f} s  {raw_rate:12,.0f} rows/s")
    print(f"  waarborg retention sweep      {ours_s:8.1f} s  {ours_rate:12,.0f} rows/s")
    print(f"  ratio {ratio:.2f} ({verdict} the {TARGET} target)")
    print(f"  reads, idle:                  {_latency(idle)}")
    print(f"  reads, during the raw DELETEs:{_latency(raw_reads)}")
    print(f"  reads, during the sweep:      {_latency(ours_reads)}")
    if not same or ours != raw:
        raise SystemExit("the two sweeps did not leave the same rows")


def _sqlite(rows: int, batch: int, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    began = time.perf_counter()
    _fill_sqlite(folder / "ours.db", rows)
    shutil.copyfile(folder / "ours.db", folder / "raw.db")
    print(f"sqlite: generated {_total(rows):,} invoices in {time.perf_counter() - began:.0f} s")
    _compare(
        "sqlite",
        f"sqlite:///{folder / 'ours.db'}",
        f"sqlite:///{folder / 'raw.db'}",
        f"sqlite:///{folder / 'store.db'}",
        rows,
        batch,
    )
    shutil.rmtree(folder)


def _postgres(url: str, rows: int, batch: int) -> None:
    base = sa.make_url(url).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(base)
    schemas = {"ours": "bench_retention_ours", "raw": "bench_retention_raw"}
    store = "bench_retention_store"
    try:
        with admin.begin() as c:
            for schema in [*schemas.values(), store]:
                c.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            c.exec_driver_sql(f'CREATE SCHEMA "{store}"')
        began = time.perf_counter()
        for schema in schemas.values():
            _fill_postgres(admin, schema, rows)
        print(
            f"postgresql: generated 2 x {_total(rows):,} invoices in "
            f"{time.perf_counter() - began:.0f} s"
        )

        def at(schema: str) -> str:
            return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )

        _compare("postgresql", at(schemas["ours"]), at(schemas["raw"]), at(store), rows, batch)
    finally:
        with admin.begin() as c:
            for schema in [*schemas.values(), store]:
                c.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="expired rows")
    parser.add_argument("--batch-size", type=int, default=BATCH)
    parser.add_argument("--dialect", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("WAARBORG_TEST_POSTGRES_URL"))
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "data" / "retention")
    args = parser.parse_args(argv)
    print(describe())
    print(f"retention_sweep: {args.rows:,} expired rows, batches of {args.batch_size:,}")
    if args.dialect in ("sqlite", "both"):
        _sqlite(args.rows, args.batch_size, args.dir)
    if args.dialect in ("postgresql", "both"):
        if not args.postgres_url:
            print("postgresql: skipped, no --postgres-url or WAARBORG_TEST_POSTGRES_URL")
        else:
            _postgres(args.postgres_url, args.rows, args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
