"""Retention sweeps on a real SQLite file and a real PostgreSQL: a rule tied to each kind
of event, legal holds, references, the dry run against the run, the recorded run, its
audit entries, resuming, and two workers at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from waarborg import clock
from waarborg.audit import verify
from waarborg.datastores.sweeps import RANGE_GROWTH
from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration
from waarborg.errors import UsageError
from waarborg.retention import LEASE, plan, sweep, targets
from waarborg.retention.sweep import Report, TableSweep
from waarborg.store import Database, create_engine
from waarborg.store.enums import JobStatus
from waarborg.store.models import AuditEntry, JobRun

from . import retention_world as world
from .databases import with_search_path
from .retention_world import NOW

Shop = tuple[Declaration, sa.Engine]


@pytest.fixture
def make_shop(
    database: Database, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Shop]]:
    """Makes identical datastores on the store's kind of database: SQLite files of
    their own, or PostgreSQL schemas (the first is the store's own schema, whose table
    names differ)."""
    engines: list[sa.Engine] = []
    schemas: list[str] = []
    admin: list[sa.Engine] = []

    def make() -> Shop:
        if database.dialect == "sqlite":
            path = tmp_path / f"shop{len(engines)}.db"
            path.touch()
            url = f"sqlite:///{path}"
        elif not engines:
            url = database.url.render_as_string(hide_password=False)
        else:
            base: str = request.getfixturevalue("postgres_url")
            if not admin:
                admin.append(create_engine(base, isolation_level="AUTOCOMMIT"))
            schema = f"test_{uuid.uuid4().hex[:16]}"
            with admin[0].connect() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            url = with_search_path(base, schema)
            url = (
                sa.make_url(url)
                .set(drivername="postgresql+psycopg")
                .render_as_string(hide_password=False)
            )
        engine = sa.create_engine(url)
        engines.append(engine)
        world.fill(engine)
        return world.declaration(url), engine

    yield make
    for engine in engines:
        engine.dispose()
    for schema in schemas:
        with admin[0].connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    for engine in admin:
        engine.dispose()


@pytest.fixture
def shop(make_shop: Callable[[], Shop]) -> Shop:
    return make_shop()


@pytest.fixture(autouse=True)
def now() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def runs(database: Database) -> list[JobRun]:
    with database.read() as session:
        return list(session.scalars(select(JobRun).order_by(JobRun.id)))


def audit(database: Database) -> list[AuditEntry]:
    with database.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


# --- planning --------------------------------------------------------------------------


def test_each_rule_becomes_its_tables_children_first() -> None:
    found = targets(world.declaration("sqlite:///unused.db"))
    order = [t.table for t in found]
    assert order.index("subscription") < order.index("customer")
    assert order.index("invoice") < order.index("customer")
    by_table = {t.table: t for t in found}
    assert by_table["subscription"].action == "anonymise"
    assert by_table["customer"].action == "delete"
    assert (by_table["visit"].event, by_table["visit"].column) == ("collection", "visited_at")
    assert by_table["invoice"].hold == "AWR art. 52"
    note, login = by_table["note"], by_table["login"]
    assert note.skipped is not None and "gives no period" in note.skipped
    assert login.skipped is not None and "maps no column to the event 'login'" in login.skipped
    assert note.expiry(NOW) is None and login.expiry(NOW) is None


def test_an_unknown_rule_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no retention rule 'fical'"):
        targets(world.declaration("sqlite:///unused.db"), ["fical"])


def test_the_dry_run_counts_rows_per_rule_and_table_and_changes_nothing(
    shop: Shop,
) -> None:
    declaration, engine = shop
    before = world.snapshot(engine)
    result = plan(declaration)
    assert world.snapshot(engine) == before
    counts = {
        t.target.table: (t.counts.rows, t.counts.expired, t.counts.changes, t.counts.no_event)
        for t in result.tables
        if t.counts
    }
    assert counts == world.COUNTS
    assert result.changes == sum(c[2] for c in world.COUNTS.values())
    order = list(result.rules())
    assert order.index("subscription") < order.index("after_relationship")
    assert order.index("fiscal") < order.index("after_relationship")
    assert result.unswept == ("cookies",)
    skipped = {t.target.table for t in result.tables if t.counts is None}
    assert skipped == {"note", "login"}
    as_json = result.as_dict()
    invoice = as_json["rules"]["fiscal"][0]
    assert invoice["hold"] == "AWR art. 52" and invoice["changes"] == 2
    assert invoice["cutoff"] == "2019-03-01T12:00:00+00:00"


# --- the run ---------------------------------------------------------------------------


def test_a_run_sweeps_exactly_the_expired_rows_of_each_event(
    shop: Shop, database: Database
) -> None:
    declaration, engine = shop
    before = {name: world.ids(engine, name) for name in world.ROWS}
    report = sweep(declaration, database, batch_size=2)
    assert report.status == "done" and not report.resumed
    for name, rows in before.items():
        assert world.ids(engine, name) == rows - world.GONE.get(name, set()), name
    # relationship ended: Jan stays for his held invoice, Bram for a live subscription
    assert world.ids(engine, "customer") == {1, 3, 4, 6}
    # invoice date: the tax hold keeps the invoices of the last seven years
    assert world.ids(engine, "invoice") == {10, 13}
    # subscription ended: anonymised, its link to the customer cut
    with engine.connect() as connection:
        subs = {r.id: r for r in connection.execute(sa.select(world.subscription))}
    assert (subs[50].email, subs[50].customer_id, subs[50].plan) == (None, None, "basis")
    assert subs[60].email == "bram@example.nl" and subs[60].customer_id == 6
    changed = {t.target.table: t.changed for t in report.tables}
    assert changed == {t: c[2] for t, c in world.COUNTS.items()} | {"note": 0, "login": 0}
    assert report.deleted == 7 and report.anonymised == 1


def test_the_run_does_what_the_dry_run_said(shop: Shop, database: Database) -> None:
    declaration, _ = shop
    planned = {t.target.name: t.counts.changes for t in plan(declaration).tables if t.counts}
    report = sweep(declaration, database, batch_size=3)
    assert {t.target.name: t.changed for t in report.tables if not t.target.skipped} == planned
    again = plan(declaration)
    assert again.changes == 0


def test_a_second_run_changes_nothing(shop: Shop, database: Database) -> None:
    declaration, engine = shop
    sweep(declaration, database)
    after = world.snapshot(engine)
    report = sweep(declaration, database)
    assert report.status == "done" and report.deleted == report.anonymised == 0
    assert world.snapshot(engine) == after
    assert [r.status for r in runs(database)] == [JobStatus.DONE]


def test_held_rows_go_once_their_hold_ends(shop: Shop, database: Database) -> None:
    declaration, engine = shop
    sweep(declaration, database, rules=["fiscal"])
    assert world.ids(engine, "invoice") == {10, 13}
    report = sweep(declaration, database, rules=["fiscal"], now=NOW + timedelta(days=1))
    assert world.ids(engine, "invoice") == {10}
    assert report.deleted == 1
    # once the invoice is gone, Jan's customer row can go too
    sweep(declaration, database, now=NOW.replace(year=2031, month=5, day=2))
    assert 1 not in world.ids(engine, "customer")


def test_a_chosen_rule_sweeps_only_its_tables(shop: Shop, database: Database) -> None:
    declaration, engine = shop
    report = sweep(declaration, database, rules=["account_cancelled"])
    assert [t.target.table for t in report.tables] == ["account"]
    assert world.ids(engine, "account") == {2, 3}
    assert world.ids(engine, "customer") == {1, 2, 3, 4, 5, 6, 7}
    assert [r.key for r in runs(database)] == ["rules:account_cancelled"]


def test_the_run_is_recorded_with_an_audit_entry_per_table(shop: Shop, database: Database) -> None:
    declaration, _ = shop
    report = sweep(declaration, database, batch_size=2, actor="cli:test")
    [run] = runs(database)
    assert run.job == "retention" and run.key == "all" and run.status == JobStatus.DONE
    assert run.result is not None and run.result["deleted"] == 7
    assert run.progress["tables"]["shop.customer"]["done"] is True
    entries = audit(database)
    tables = [e for e in entries if e.action == "retention.sweep"]
    assert sorted(e.subject or "" for e in tables) == sorted(
        f"retention:{t.target.rule}" for t in report.tables if not t.target.skipped
    )
    assert all(e.actor == "cli:test" for e in entries)
    assert [e.action for e in entries][-1] == "retention.run"
    assert entries[-1].subject == f"job_run:{run.id}"
    with database.read() as session:
        assert verify(session) == []


# --- resuming and two workers ----------------------------------------------------------


class Stop(Exception):
    """An injected failure."""


def stop_after(batches: int) -> tuple[list[int], Callable[[TableSweep], None]]:
    seen = [0]

    def callback(_: TableSweep) -> None:
        seen[0] += 1
        if seen[0] == batches:
            raise Stop

    return seen, callback


def test_an_interrupted_run_resumes_and_ends_as_an_uninterrupted_one(
    database: Database, make_shop: Callable[[], Shop]
) -> None:
    (interrupted, first), (whole, second) = make_shop(), make_shop()
    _, fail = stop_after(3)
    with pytest.raises(Stop):
        sweep(interrupted, database, batch_size=1, on_batch=fail)
    [run] = runs(database)
    assert run.status == JobStatus.FAILED and "Stop" in (run.error or "")
    assert sum(t["batches"] for t in run.progress["tables"].values()) == 3
    with clock.frozen(NOW + timedelta(hours=1)):
        resumed = sweep(interrupted, database, batch_size=1)
    assert resumed.status == "done" and resumed.resumed
    assert resumed.now == NOW  # the cutoffs of the first attempt
    sweep(whole, database, rules=list(world.RETENTION), batch_size=1)
    assert world.snapshot(first) == world.snapshot(second)
    sweeps = [e for e in audit(database) if e.action == "retention.sweep"]
    swept = [t for t in world.TABLES if t not in ("note", "login")]
    assert len(sweeps) == 2 * len(swept)  # one per table and run: none twice


def test_a_second_worker_does_nothing_while_the_first_is_alive(
    shop: Shop, database: Database
) -> None:
    declaration, engine = shop
    before = world.snapshot(engine)
    answers: list[Report] = []

    def second_worker(_: TableSweep) -> None:
        if not answers:
            answers.append(sweep(declaration, database))

    first = sweep(declaration, database, batch_size=1, on_batch=second_worker)
    [busy] = answers
    assert busy.status == "busy" and busy.run == first.run and busy.heartbeat_at == NOW
    assert busy.tables == ()
    assert first.status == "done" and first.deleted == 7
    assert world.snapshot(engine) != before
    assert len(runs(database)) == 1


def test_a_stopped_worker_is_taken_over_after_its_lease(shop: Shop, database: Database) -> None:
    """The first worker stops beating (it hangs); once its lease has run out a second
    one takes the run over and finishes it, and the first, waking up, stops."""
    declaration, engine = shop
    seen: list[TableSweep] = []
    taken: list[object] = []

    def hang(table: TableSweep) -> None:
        seen.append(table)
        if len(seen) == 2:
            with clock.frozen(NOW + LEASE + timedelta(seconds=1)):
                taken.append(sweep(declaration, database, batch_size=1))

    first = sweep(declaration, database, batch_size=1, on_batch=hang)
    [second] = taken
    assert isinstance(second, Report) and second.status == "done" and second.resumed
    assert first.status == "lost"
    assert world.ids(engine, "customer") == {1, 3, 4, 6}
    [run] = runs(database)
    assert run.status == JobStatus.DONE and run.result == second.as_dict()
    sweeps = [e.data for e in audit(database) if e.action == "retention.sweep"]
    assert len(sweeps) == len(set(sweeps)) == 5


def test_a_failed_run_is_resumed_by_the_next_call_at_once(shop: Shop, database: Database) -> None:
    declaration, engine = shop
    _, fail = stop_after(1)
    with pytest.raises(Stop):
        sweep(declaration, database, batch_size=1, on_batch=fail)
    report = sweep(declaration, database, batch_size=1)
    assert report.status == "done" and report.resumed
    assert world.ids(engine, "account") == {2, 3}


# --- key-range batches (SQLite, one integer key) ---------------------------------------------


def _ledger(path: Path, keys: list[object]) -> Declaration:
    """A SQLite datastore: ``entry`` with the integer ``keys`` (its rowid),
    ``entry_loose`` with all of them in a plain integer column; every fourth row is
    still kept, the others expired."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE entry (id INTEGER PRIMARY KEY, name TEXT, booked_at DATE)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE entry_loose (id INTEGER NOT NULL, name TEXT, booked_at DATE)"
        )
        rows = [
            {"id": key, "at": "2026-01-01" if n % 4 == 3 else "2010-01-01"}
            for n, key in enumerate(keys)
        ]
        insert = "INSERT INTO {} VALUES (:id, 'Klant', :at)"
        connection.execute(sa.text(insert.format("entry_loose")), rows)
        whole = [row for row in rows if isinstance(row["id"], int)]
        connection.execute(sa.text(insert.format("entry")), whole)
    engine.dispose()
    text = f"""
waarborg: 1
controller: {{name: Test B.V.}}
categories: {{name: {{}}}}
retention:
  booking: {{after: booked, keep: P1Y}}
datastores:
  books:
    url: sqlite:///{path}
    tables:
      entry: {{key: id, columns: {{name: name}}, events: {{booked: booked_at}}, retention: booking}}
      entry_loose:
        key: id
        columns: {{name: name}}
        events: {{booked: booked_at}}
        retention: booking
"""
    return load_text(text, "privacy.yaml", env={})


def _left(path: Path, table: str) -> list[object]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        found = [r[0] for r in connection.exec_driver_sql(f"SELECT id FROM {table} ORDER BY id")]
    engine.dispose()
    return found


def test_sqlite_key_ranges_change_every_expired_row_in_bounded_batches(
    database: Database, tmp_path: Path
) -> None:
    """Keys with a wide gap, rows kept among the expired ones, and keys SQLite was given
    as text in an integer column: every expired row goes, and no batch of a key range
    changes more than ``RANGE_GROWTH`` times the batch size."""
    keys: list[object] = [*range(1, 200), *range(100_000, 100_040), "k-1", "k-2"]
    path = tmp_path / "books.db"
    declaration = _ledger(path, keys)
    kept = {key for n, key in enumerate(keys) if n % 4 == 3}
    seen: dict[str, list[int]] = {}

    def batch(table: TableSweep) -> None:
        steps = seen.setdefault(table.target.table, [])
        steps.append(table.changed - sum(steps))

    report = sweep(declaration, database, batch_size=5, on_batch=batch)
    assert report.status == "done"
    whole = {key for key in keys if isinstance(key, int)}
    assert set(_left(path, "entry")) == kept & whole
    assert set(_left(path, "entry_loose")) == kept
    assert report.deleted == len(whole - kept) + len(set(keys) - kept)
    assert max(seen["entry"]) <= 5 * RANGE_GROWTH
    assert len(seen["entry"]) < len(whole) // 5  # the gap took no batch per five keys


def _invoices(path: Path, *, declared: bool) -> Declaration:
    """A SQLite datastore: expired ``invoice`` rows, one of them paid (a ``payment`` row
    refers to it by a real foreign key), declared as a reference or not."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE invoice (id INTEGER PRIMARY KEY, name TEXT, issued_at DATE)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE payment (id INTEGER PRIMARY KEY, "
            "invoice_id INTEGER REFERENCES invoice(id))"
        )
        connection.execute(
            sa.text("INSERT INTO invoice VALUES (:id, 'Klant', '2010-01-01')"),
            [{"id": n} for n in range(1, 31)],
        )
        connection.exec_driver_sql("INSERT INTO payment VALUES (1, 7)")
    engine.dispose()
    payment = "{key: id, references: {invoice_id: invoice.id}}" if declared else "{key: id}"
    text = f"""
waarborg: 1
controller: {{name: Test B.V.}}
categories: {{name: {{}}}}
retention:
  fiscal: {{after: issued, keep: P7Y}}
datastores:
  books:
    url: sqlite:///{path}
    tables:
      invoice:
        key: id
        columns: {{name: name}}
        events: {{issued: issued_at}}
        retention: fiscal
      payment: {payment}
"""
    return load_text(text, "privacy.yaml", env={})


def test_a_declared_foreign_key_is_kept_by_the_sweep_s_own_guard(tmp_path: Path) -> None:
    """SQLite's check per deleted row is left off while the sweep's guard covers every
    foreign key to the table: the paid invoice stays all the same, and the datastore's
    connections check foreign keys again afterwards."""
    from waarborg.datastores.registry import connect

    path = tmp_path / "books.db"
    declaration = _invoices(path, declared=True)
    checked: list[int] = []
    connector = connect(declaration, "books")
    try:
        engine = connector.engine  # type: ignore[attr-defined]

        @sa.event.listens_for(engine, "before_cursor_execute")
        def _watch(connection: sa.Connection, *_: object) -> None:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            checked.append(raw.execute("PRAGMA foreign_keys").fetchone()[0])

        expiry = targets(declaration)[0].expiry(clock.now())
        assert expiry is not None
        batches = list(connector.sweep_batches(expiry, None, 5))
        assert sum(b.changed for b in batches) == 29
        assert 0 in checked  # the batches ran without SQLite's own check
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        connector.close()
    assert _left(path, "invoice") == [7]


def test_an_undeclared_foreign_key_still_stops_the_delete(
    database: Database, tmp_path: Path
) -> None:
    from waarborg.errors import DatastoreError

    path = tmp_path / "books.db"
    declaration = _invoices(path, declared=False)
    with pytest.raises(DatastoreError, match="FOREIGN KEY"):
        sweep(declaration, database, batch_size=5)
    assert 7 in _left(path, "invoice")
