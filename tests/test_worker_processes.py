"""Several ``waarborg worker`` processes on one PostgreSQL store: each claims requests
on its own (``FOR UPDATE SKIP LOCKED``), every request is carried out and answered
exactly once, and the audit log stays one chain that verifies."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from waarborg import clock
from waarborg.audit import chain
from waarborg.store.enums import RequestStatus
from waarborg.store.models import AuditEntry, OutboxMessage, Request, RequestEvent

from .worker_store import demo_store

JAN = "jan.jansen@example.nl"
WORKERS = 3
REQUESTS = 80
#: How many requests one tick of the requests job took up, as a worker logs it.
TAKEN = re.compile(r"job requests at tick \S+: \{'taken_up': (\d+)\}")


def _started(worker: subprocess.Popen[str]) -> list[str]:
    """The worker's lines up to the one saying it runs (stderr)."""
    assert worker.stderr is not None
    lines = []
    for line in worker.stderr:
        lines.append(line)
        if "running 1 job(s)" in line:
            return lines
    raise AssertionError("the worker ended before it ran: " + "".join(lines))


@pytest.mark.slow
def test_several_worker_processes_answer_every_request_exactly_once(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    store = demo_store(postgres_schema_url, tmp_path)
    database, requests = store.database, store.requests
    workers = [store.worker() for _ in range(WORKERS)]
    output: list[list[str]] = [[] for _ in workers]
    try:
        for worker, lines in zip(workers, output, strict=True):
            lines += _started(worker)
        ids = [requests.file(kind="access", email=JAN) for _ in range(REQUESTS)]
        with database.write() as session:  # verified all at once: every worker finds work
            session.execute(
                update(Request)
                .where(Request.public_id.in_(ids))
                .values(status=RequestStatus.VERIFIED, verified_at=clock.now())
            )
        deadline = time.monotonic() + 300
        while True:
            with database.read() as session:
                answered = session.scalar(
                    select(func.count())
                    .select_from(Request)
                    .where(Request.public_id.in_(ids))
                    .where(Request.status == RequestStatus.ANSWERED)
                )
            if answered == REQUESTS:
                break
            for worker in workers:
                assert worker.poll() is None, worker.communicate()[1]
            assert time.monotonic() < deadline, f"{answered} of {REQUESTS} answered"
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker, lines in zip(workers, output, strict=True):
            lines.append(worker.communicate(timeout=60)[1])
    logs = ["".join(lines) for lines in output]
    for worker, log in zip(workers, logs, strict=True):
        assert worker.returncode == 0, log
        assert "Traceback" not in log

    with database.read() as session:
        events = Counter(
            tuple(row)
            for row in session.execute(
                select(Request.public_id, RequestEvent.kind)
                .join(RequestEvent.request)
                .where(Request.public_id.in_(ids))
            ).all()
        )
        entries = Counter(
            tuple(row)
            for row in session.execute(
                select(AuditEntry.subject, AuditEntry.action).where(AuditEntry.subject.in_(ids))
            ).all()
        )
        letters = Counter(
            session.scalars(
                select(OutboxMessage.request_id)
                .join(Request, Request.id == OutboxMessage.request_id)
                .where(Request.public_id.in_(ids))
                .where(OutboxMessage.kind == "answered")
            )
        )
        problems = chain.verify(session)
    for public_id in ids:
        for kind in ("started", "executed", "answered"):
            assert events[(public_id, kind)] == 1, (public_id, kind, events)
            assert entries[(public_id, f"request.{kind}")] == 1, (public_id, kind)
    assert len(letters) == REQUESTS and set(letters.values()) == {1}
    assert problems == []
    # each claim is counted by the worker that won it: together, every request once
    taken = [sum(int(n) for n in TAKEN.findall(log)) for log in logs]
    assert sum(taken) == REQUESTS, taken
    assert sum(1 for n in taken if n) >= 2, f"one worker did everything: {taken}"
    requests.close()
    database.dispose()
