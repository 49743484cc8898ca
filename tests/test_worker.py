"""The worker: jobs as a registry, once per tick across workers (real processes on a
real PostgreSQL), failures recorded without stopping the others, ``waarborg worker``
and the in-process worker of ``waarborg serve``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy import select, text

from waarborg import clock
from waarborg.cli import main
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.errors import UsageError
from waarborg.mail import FolderMailer, letters
from waarborg.mail.queue import enqueue
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import JobStatus, OutboxStatus
from waarborg.store.models import OutboxMessage, WorkerSchedule
from waarborg.worker import JOBS, Job, Registry, Runner, Services
from waarborg.worker.ticks import EPOCH, claim, tick_of

from .conftest import ROOT

START = datetime(2026, 3, 2, 9, 0, 0, 500_000, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture(scope="module")
def declaration() -> Declaration:
    return load(ROOT / "examples" / "iemagoo" / "privacy.yaml")


@pytest.fixture
def services(database: Database, declaration: Declaration, tmp_path: Path) -> Services:
    settings = Settings(data_dir=tmp_path / "data", secret_key="s" * 40)
    return Services.build(database, declaration, settings, mailer=FolderMailer(tmp_path / "out"))


@pytest.fixture
def advance() -> Iterator[Any]:
    with clock.frozen(START) as move:
        yield move


def test_ticks_are_counted_from_the_epoch_so_every_worker_agrees() -> None:
    assert tick_of(START, 2 * SECOND) == datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
    assert tick_of(START, timedelta(days=1), timedelta(hours=2)) == datetime(
        2026, 3, 2, 2, 0, tzinfo=UTC
    )
    assert tick_of(datetime(2026, 3, 2, 1, tzinfo=UTC), timedelta(days=1), timedelta(hours=2)) == (
        datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    )


def test_one_worker_wins_a_tick_and_a_lease_holds_the_next(
    database: Database, advance: Any
) -> None:
    tick = tick_of(clock.now(), 2 * SECOND)
    lease = timedelta(seconds=30)
    assert claim(database, "probe", tick, holder="a:1", lease=lease)
    assert not claim(database, "probe", tick, holder="b:2", lease=lease)  # the same tick
    advance(2 * SECOND)
    later = tick_of(clock.now(), 2 * SECOND)
    assert not claim(database, "probe", later, holder="b:2", lease=lease)  # a:1 still runs
    advance(lease)
    assert claim(database, "probe", tick_of(clock.now(), 2 * SECOND), holder="b:2", lease=lease)
    assert not claim(database, "probe", later, holder="a:1", lease=lease)  # an older tick


def test_a_tick_already_taken_is_read_and_not_claimed_in_a_write(
    database: Database, advance: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tick = tick_of(clock.now(), 2 * SECOND)
    lease = timedelta(seconds=30)
    writes: list[str] = []
    write = database.write

    def counted() -> Any:
        writes.append("write")
        return write()

    monkeypatch.setattr(database, "write", counted)
    assert claim(database, "probe", tick, holder="a:1", lease=lease)
    assert writes == ["write"]
    assert not claim(database, "probe", tick, holder="b:2", lease=lease)
    advance(2 * SECOND)
    assert not claim(database, "probe", tick_of(clock.now(), 2 * SECOND), holder="b:2", lease=lease)
    assert writes == ["write"]  # taken, or under a:1's lease: read, no write
    advance(lease)
    assert claim(database, "probe", tick_of(clock.now(), 2 * SECOND), holder="b:2", lease=lease)
    assert writes == ["write", "write"]


def _counting(calls: list[str], name: str = "probe") -> Job:
    def run(services: Services) -> Mapping[str, Any]:
        calls.append(name)
        return {"ran": len(calls)}

    return Job(name, 2 * SECOND, run, "Counts its runs.")


def test_two_runners_on_one_database_run_each_tick_once(services: Services, advance: Any) -> None:
    calls: list[str] = []
    first = Runner(services, [_counting(calls)], holder="one:1")
    second = Runner(services, [_counting(calls)], holder="two:2")
    for _ in range(5):
        outcomes = [first.tick("probe"), second.tick("probe")]
        assert sum(o is not None for o in outcomes) == 1
        advance(2 * SECOND)
    assert len(calls) == 5
    with services.database.read() as session:
        row = session.get(WorkerSchedule, "probe")
        assert row is not None and row.runs == 5 and row.status == JobStatus.DONE
        assert row.lease_until is None and row.result == {"ran": 5}


def test_a_failing_job_is_recorded_and_the_others_still_run(
    services: Services, advance: Any
) -> None:
    calls: list[str] = []

    def broken(services: Services) -> Mapping[str, Any]:
        raise RuntimeError("the datastore is down")

    runner = Runner(services, [Job("broken", 2 * SECOND, broken, "Fails."), _counting(calls)])
    failed, ran = runner.once()
    assert failed is not None and failed.error == "RuntimeError: the datastore is down"
    assert ran is not None and ran.result == {"ran": 1}
    with services.database.read() as session:
        row = session.get(WorkerSchedule, "broken")
        assert row is not None and row.status == JobStatus.FAILED and row.lease_until is None
    advance(2 * SECOND)
    assert runner.tick("broken") is not None  # the next tick tries again


def test_the_registry_refuses_duplicates_and_names_unknown_jobs() -> None:
    registry = Registry([_counting([], "a")])
    with pytest.raises(ValueError, match="already registered"):
        registry.add(_counting([], "a"))
    with pytest.raises(UsageError, match="the jobs are: a"):
        registry.select(["b"])
    names = [job.name for job in JOBS]
    assert {"requests", "mail", "request-reminders", "complaint-reminders"} <= set(names)
    assert {"breach-reminders", "request-expiry", "exports"} <= set(names)


def test_the_default_jobs_send_queued_mail_and_reminders(
    services: Services, advance: Any, tmp_path: Path
) -> None:
    facts = {"title": "Lek", "description": "Mail aan de verkeerde klant.", "aware_at": START}
    services.breaches.record({**facts, "aware_at": START - timedelta(hours=30)}, actor="test")
    runner = Runner(services, JOBS)
    by_job = {o.job: o for o in runner.once() if o is not None}
    assert by_job["breach-reminders"].result == {"queued": 1}  # under 48 hours left
    # the mail job ran before the reminder was queued; its next tick sends it (the
    # notice that the breach was recorded went with the first)
    assert len(list((tmp_path / "out").glob("*.eml"))) == 1
    advance(2 * SECOND)
    assert runner.tick("mail") is not None
    assert len(list((tmp_path / "out").glob("*.eml"))) == 2


def _queue_letter(database: Database, key: str) -> None:
    head = letters.Letterhead(name="iemagoo", email="c@iemagoo.nl", sender="p@iemagoo.nl")
    message = letters.verification(
        head, "jan@example.nl", "nl", kind="access", link="https://x/v/t", expires_at=START
    )
    with database.write() as session:
        enqueue(session, message, key=key, kind="verification")


def test_worker_once_runs_every_job_and_status_shows_them(tmp_path: Path) -> None:
    env = {"WAARBORG_DATA_DIR": str(tmp_path / "data"), "WAARBORG_SECRET_KEY": "s" * 40}
    url = f"sqlite:///{tmp_path / 'data' / 'waarborg.db'}"
    migrate(url)
    with Database(url) as database:
        _queue_letter(database, "cli:1")
    runner = CliRunner()
    result = runner.invoke(main, ["worker", "--once"], env=env)
    assert result.exit_code == 0, result.output
    assert 'mail: {"sent": 1, "retrying": 0, "failed": 0}' in result.output
    assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 1
    again = runner.invoke(main, ["worker", "--once", "--only", "mail"], env=env)
    assert again.exit_code == 0 and again.output.startswith("mail: ")  # run or already taken
    status = runner.invoke(main, ["worker", "--status"], env=env)
    assert status.exit_code == 0 and "complaint-reminders" in status.output
    assert "done" in status.output
    unknown = runner.invoke(main, ["worker", "--only", "nope"], env=env)
    assert unknown.exit_code == 2 and "the jobs are: requests, mail" in unknown.output
    assert "Traceback" not in unknown.output


# --- real processes ----------------------------------------------------------------------


def test_two_worker_processes_on_postgresql_run_each_tick_once(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    migrate(postgres_schema_url)
    with Database(postgres_schema_url) as database:
        with database.write() as session:
            session.execute(text("CREATE TABLE probe_runs (tick TEXT NOT NULL, pid INT NOT NULL)"))
    env = {**os.environ, "PROBE_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "tests.worker_probe", postgres_schema_url, "4.5"]
    workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
    for process in workers:
        assert process.wait(timeout=60) == 0
    with Database(postgres_schema_url) as database, database.read() as session:
        runs = session.execute(text("SELECT tick, pid FROM probe_runs")).all()
        runs_recorded = session.scalar(select(WorkerSchedule.runs))
    ticks = [tick for tick, _pid in runs]
    assert len(ticks) >= 3, runs  # about four ticks in 4.5 seconds
    assert len(set(ticks)) == len(ticks), f"a tick ran twice: {sorted(ticks)}"
    assert runs_recorded == len(ticks)


def test_the_worker_command_sends_mail_and_stops_on_sigterm(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    migrate(postgres_schema_url)
    with Database(postgres_schema_url) as database:
        _queue_letter(database, "process:1")
    env = {
        **os.environ,
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
        "WAARBORG_DATABASE_URL": postgres_schema_url,
        "WAARBORG_SECRET_KEY": "s" * 40,
        "WAARBORG_DECLARATION": str(ROOT / "examples" / "iemagoo" / "privacy.yaml"),
    }
    command = [sys.executable, "-m", "waarborg", "worker", "--only", "mail"]
    workers = [
        subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    # each worker says it runs before it starts: a SIGTERM before that would find it
    # still starting up, with no handler for the signal yet
    first = [process.stderr.readline() if process.stderr else "" for process in workers]
    try:
        with Database(postgres_schema_url) as database:
            deadline = time.monotonic() + 30
            while True:
                with database.read() as session:
                    status = session.scalar(select(OutboxMessage.status))
                if status == OutboxStatus.SENT:
                    break
                assert time.monotonic() < deadline, "the worker sent nothing"
                time.sleep(0.2)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        outputs = [
            line + process.communicate(timeout=30)[1]
            for line, process in zip(first, workers, strict=True)
        ]
    assert [process.returncode for process in workers] == [0, 0], outputs
    assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 1
    assert all("running 1 job(s): mail" in output for output in outputs)
    assert not any("Traceback" in output for output in outputs)


def test_epoch_is_utc() -> None:
    assert EPOCH.utcoffset() == timedelta(0)


def test_the_retention_job_sweeps_the_datastores(database: Database, tmp_path: Path) -> None:
    from . import retention_world as world

    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = sa.create_engine(url)
    world.fill(engine)
    settings = Settings(data_dir=tmp_path / "data", secret_key="s" * 40)
    services = Services.build(
        database, world.declaration(url), settings, mailer=FolderMailer(tmp_path / "out")
    )
    with clock.frozen(world.NOW):
        outcome = Runner(services, [JOBS["retention"]]).tick("retention")
    assert outcome is not None and outcome.error is None and outcome.result is not None
    assert outcome.result["status"] == "done"
    for table, gone in world.GONE.items():
        assert not gone & world.ids(engine, table), table
    engine.dispose()
