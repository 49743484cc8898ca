"""Leases with a heartbeat: a worker renews its lease every few seconds while a job
runs, so a job whose worker died is taken over within a minute, by the job's next
tick or, for a job that ticks once a day, by another worker's rescue. A real worker
process is killed with SIGKILL in the middle of a request; another carries out that
request, and one confirmed after the kill, within a minute."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.mail import FolderMailer
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, leases, tokens
from waarborg.store.enums import JobStatus, RequestStatus, TokenPurpose
from waarborg.store.models import Request, WorkerSchedule
from waarborg.worker import Job, Runner, Services
from waarborg.worker.scheduler import RESCUE
from waarborg.worker.ticks import claim, finish, renew, stalled, tick_of

from .conftest import ROOT
from .worker_store import demo_store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


@pytest.fixture
def advance() -> Iterator[Any]:
    with clock.frozen(START) as move:
        yield move


@pytest.fixture(scope="module")
def declaration() -> Declaration:
    return load(ROOT / "examples" / "iemagoo" / "privacy.yaml")


@pytest.fixture
def services(database: Database, declaration: Declaration, tmp_path: Path) -> Services:
    settings = Settings(data_dir=tmp_path / "data", secret_key="s" * 40)
    return Services.build(database, declaration, settings, mailer=FolderMailer(tmp_path / "out"))


def test_a_worker_takes_over_within_a_minute_of_its_last_heartbeat() -> None:
    # a dead worker's lease runs out LEASE after its last beat; another worker looks
    # for such ticks every RESCUE; several beats fit in a lease
    assert leases.LEASE + RESCUE < timedelta(minutes=1)
    assert leases.BEAT * 3 <= leases.LEASE


def test_a_renewed_lease_holds_and_a_lapsed_one_is_taken_over_at_the_same_tick(
    database: Database, advance: Any
) -> None:
    lease = leases.LEASE
    tick = tick_of(clock.now(), DAY)
    assert claim(database, "daily", tick, holder="a:1", lease=lease)
    for _ in range(10):  # a long run, renewed every beat: nobody takes it
        advance(leases.BEAT)
        assert renew(database, "daily", tick, holder="a:1", lease=lease)
        assert not claim(database, "daily", tick, holder="b:2", lease=lease)
    assert stalled(database, ["daily"]) == []
    advance(lease + SECOND)  # a:1 died: no beat for longer than the lease
    assert stalled(database, ["daily"]) == ["daily"]
    assert claim(database, "daily", tick, holder="b:2", lease=lease)  # the same tick
    assert not renew(database, "daily", tick, holder="a:1", lease=lease)
    finish(database, "daily", tick, holder="a:1", result={"late": True})  # changes nothing
    finish(database, "daily", tick, holder="b:2", result={"ran": 1})
    with database.read() as session:
        row = session.get_one(WorkerSchedule, "daily")
        assert (row.holder, row.status, row.result, row.runs) == (
            "b:2",
            JobStatus.DONE,
            {"ran": 1},
            2,
        )
    assert not claim(database, "daily", tick, holder="c:3", lease=lease)  # done: not again


def test_a_daily_job_left_by_a_dead_worker_is_rescued_by_another(
    services: Services, advance: Any
) -> None:
    calls: list[str] = []

    def run(services: Services) -> Mapping[str, Any]:
        calls.append("ran")
        return {"ran": len(calls)}

    job = Job("daily", DAY, run, "Once a day.", offset=timedelta(hours=3))
    dead = Runner(services, [job], holder="dead:1")
    tick = tick_of(clock.now(), DAY, job.offset)
    assert claim(services.database, "daily", tick, holder=dead.holder, lease=job.lease)
    alive = Runner(services, [job], holder="alive:2")
    assert alive.tick("daily") is None  # its tick is held
    advance(leases.LEASE - SECOND)
    assert alive.rescue() == []  # not yet: the lease may still be renewed
    advance(2 * SECOND)
    rescued = alive.rescue()
    assert [(o.job, o.tick, o.result) for o in rescued] == [("daily", tick, {"ran": 1})]
    assert alive.rescue() == []


def test_a_running_job_renews_its_lease_from_a_thread(services: Services) -> None:
    seen: list[datetime | None] = []

    def slow(services: Services) -> Mapping[str, Any]:
        for _ in range(3):
            time.sleep(0.25)
            with services.database.read() as session:
                seen.append(session.get_one(WorkerSchedule, "slow").lease_until)
        return {}

    job = Job("slow", DAY, slow, "Slow.", beat=timedelta(seconds=0.1))
    Runner(services, [job], holder="one:1").tick("slow")
    assert len(set(seen)) == 3, seen  # renewed while it ran


# --- a real worker killed with SIGKILL ----------------------------------------------------

JAN = "jan.jansen@example.nl"

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import sqlalchemy as sa
    from sqlalchemy import event
    from waarborg.declaration.loader import load
    from waarborg.mail import FolderMailer
    from waarborg.settings import Settings
    from waarborg.store import Database
    from waarborg.worker import JOBS, Runner, Services, run_forever

    store, declaration, data_dir, crm, marker = sys.argv[1:]

    @event.listens_for(sa.engine.Engine, "before_cursor_execute")
    def stuck(conn, cursor, statement, *args):
        if conn.engine.url.database == crm:  # the datastore hangs mid-request
            Path(marker).write_text(str(os.getpid()))
            time.sleep(3600)

    settings = Settings(data_dir=data_dir, secret_key="x" * 40,
                        base_url="https://privacy.example.nl")
    services = Services.build(Database(store), load(declaration), settings,
                              mailer=FolderMailer(Path(data_dir) / "outbox"))
    run_forever(Runner(services, [JOBS["requests"]]))
    """
)


def _verified(requests: Requests) -> str:
    public_id = requests.file(kind="access", email=JAN)
    with requests.database.write() as session:
        request = session.scalars(select(Request).where(Request.public_id == public_id)).one()
        token = tokens.issue(session, TokenPurpose.VERIFY, lifetime=None, request_id=request.id)
    assert requests.verify(token) == public_id
    return public_id


def _statuses(database: Database, ids: list[str]) -> list[RequestStatus]:
    with database.read() as session:
        found = {
            row.public_id: row.status
            for row in session.scalars(select(Request).where(Request.public_id.in_(ids)))
        }
    return [found[i] for i in ids]


@pytest.mark.slow
def test_a_request_left_by_a_killed_worker_is_done_within_a_minute(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    store = demo_store(postgres_schema_url, tmp_path)
    crm, declaration, data = store.demo / "crm.sqlite", store.declaration, store.data
    database, requests = store.database, store.requests
    first = _verified(requests)

    marker = tmp_path / "stuck"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            postgres_schema_url,
            str(declaration),
            str(data),
            str(crm),
            str(marker),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.communicate()[1]
        assert time.monotonic() < deadline, "the worker never took the request"
        time.sleep(0.1)
    with database.read() as session:  # the killed worker holds the request by its lease
        held = session.scalars(select(Request).where(Request.public_id == first)).one()
        assert held.status == RequestStatus.IN_PROGRESS
        assert held.next_attempt_at is not None and held.next_attempt_at > datetime.now(UTC)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    killed = time.monotonic()
    second = _verified(requests)  # confirmed after the kill

    worker = store.worker()
    try:
        while _statuses(database, [first, second]) != [RequestStatus.ANSWERED] * 2:
            assert worker.poll() is None, worker.communicate()[1]
            assert time.monotonic() - killed < 60, (
                f"not answered within a minute: {_statuses(database, [first, second])}"
            )
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[1]
        database.dispose()
    assert worker.returncode == 0, output
    assert "Traceback" not in output


def test_blocks_at_once_are_each_renewed_and_none_after_it_ends() -> None:
    calls: list[str] = []
    beat = timedelta(seconds=0.05)
    with leases.renewing(lambda: calls.append("outer"), every=beat):
        with leases.renewing(lambda: calls.append("inner"), every=beat):
            time.sleep(0.3)
        inner = calls.count("inner")
        time.sleep(0.3)
        assert calls.count("inner") == inner  # the inner block ended: no more renewals
    outer = calls.count("outer")
    time.sleep(0.2)
    assert inner >= 2 and outer >= 4, calls
    assert calls.count("outer") == outer


def test_a_failing_renewal_is_tried_again_on_the_next_beat() -> None:
    tries: list[int] = []

    def failing() -> None:
        tries.append(1)
        raise OSError("the database is away")

    with leases.renewing(failing, every=timedelta(seconds=0.05)):
        time.sleep(0.3)
    assert len(tries) >= 2


def test_the_beat_thread_is_woken_only_for_a_renewal_due_before_it_wakes() -> None:
    """A block whose first beat is after the thread's next wake-up does not wake it (a
    request that ends within milliseconds costs no switch of threads); one due sooner
    does, and is renewed on its own beat."""
    beats = leases._Beats()
    slow = beats.add(lambda: None, timedelta(seconds=60))
    deadline = time.monotonic() + 10
    while beats._asleep_until is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the thread has started and waits for the 60-second beat
    assert beats._asleep_until is not None
    for _ in range(20):
        beats.remove(beats.add(lambda: None, timedelta(seconds=120)))
    assert beats.woken == 0
    renewed = threading.Event()
    fast = beats.add(renewed.set, timedelta(seconds=0.05))
    assert beats.woken == 1
    assert renewed.wait(10)
    beats.remove(fast)
    beats.remove(slow)
