"""The record of a sweep in Waarborg's store: a ``JobRun`` claimed under a lease.

One row per scope (all rules, or a chosen set) of job ``retention``. A caller claims it:

- no row yet, or the last run finished: a new run starts, at its own moment ``now``;
- a run that failed, or whose worker stopped beating (its heartbeat is older than the
  lease): this caller takes it over and resumes where it stopped, with the moment the
  run started with, so the cutoffs are those of the first attempt;
- a run whose worker is alive (a fresh heartbeat): the caller gets ``None`` and does
  nothing.

Every later write of the run's progress is one ``UPDATE ... WHERE heartbeat_at = <the
heartbeat this worker wrote last>``: a worker whose run was taken over (the new owner
wrote a later heartbeat) changes no row, finds out at its next batch and stops instead
of writing over the new owner. ``progress`` also names the owner, for people.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..store.db import Database
from ..store.enums import JobStatus
from ..store.models import JobRun

__all__ = [
    "JOB",
    "LEASE",
    "Busy",
    "Claim",
    "LeaseLost",
    "claim",
    "finish",
    "record",
    "scope",
    "writing",
]

JOB = "retention"
#: How long a run's heartbeat stays fresh: a batch must take less.
LEASE = timedelta(minutes=10)


class LeaseLost(Exception):
    """Another worker took the run over (this one's lease ran out)."""


@dataclass(frozen=True)
class Busy:
    """Another worker holds the run."""

    run: int
    heartbeat_at: datetime | None


@dataclass
class Claim:
    """A run this worker holds."""

    run: int
    owner: str
    now: datetime
    resumed: bool
    progress: dict[str, Any]
    #: The heartbeat this worker wrote last.
    beat: datetime

    def tables(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self.progress.setdefault("tables", {})
        return found


def scope(rules: list[str] | None) -> str:
    """The key of the run: ``all`` or the chosen rules."""
    return "all" if rules is None else "rules:" + ",".join(sorted(set(rules)))


def claim(database: Database, key: str, now: datetime, *, lease: timedelta = LEASE) -> Claim | Busy:
    """Claim the run ``key``: start one at ``now``, or resume one whose worker stopped."""
    for attempt in range(2):
        try:
            return _claim(database, key, now, lease)
        except IntegrityError:  # another caller created the row first
            if attempt:
                raise
    raise AssertionError("unreachable")


def _claim(database: Database, key: str, now: datetime, lease: timedelta) -> Claim | Busy:
    owner = secrets.token_hex(8)
    beat = clock.now()
    with database.write() as session:
        query = select(JobRun).where(JobRun.job == JOB, JobRun.key == key).with_for_update()
        row = session.scalars(query).one_or_none()
        if row is None:
            progress = _fresh(owner, now)
            row = JobRun(job=JOB, key=key, started_at=beat, heartbeat_at=beat, progress=progress)
            session.add(row)
            session.flush()
            return Claim(row.id, owner, now, False, progress, beat)
        alive = row.heartbeat_at is not None and row.heartbeat_at > beat - lease
        if row.status == JobStatus.RUNNING and alive:
            return Busy(row.id, row.heartbeat_at)
        resumed = row.status != JobStatus.DONE and "now" in row.progress
        if resumed:
            progress = {**row.progress, "owner": owner}
            now = datetime.fromisoformat(progress["now"])
        else:
            progress = _fresh(owner, now)
            row.started_at = beat
            row.result = None
        row.status = JobStatus.RUNNING
        row.heartbeat_at = beat
        row.finished_at = None
        row.error = None
        row.progress = progress
        return Claim(row.id, owner, now, resumed, progress, beat)


def _fresh(owner: str, now: datetime) -> dict[str, Any]:
    return {"owner": owner, "now": now.isoformat(), "tables": {}}


@contextmanager
def writing(database: Database, held: Claim, *, durable: bool = True) -> Iterator[Session]:
    """A store transaction that records ``held.progress`` and a heartbeat, if this
    worker still owns the run; raises ``LeaseLost`` otherwise. Audit entries written in
    it are kept exactly when the progress is.

    ``durable=False`` is for the progress of one batch: on PostgreSQL its commit does
    not wait for the disk (``synchronous_commit = off``), as SQLite's WAL mode with
    ``synchronous=NORMAL`` does not. A crash of the database server may then lose the
    last of these records; the batches they recorded run again and change nothing."""
    beat = clock.now()
    with database.write() as session:
        if not durable and database.dialect == "postgresql":
            session.execute(text("SET LOCAL synchronous_commit = off"))
        moved = session.execute(
            update(JobRun)
            .where(
                JobRun.id == held.run,
                JobRun.status == JobStatus.RUNNING,
                JobRun.heartbeat_at == held.beat,
            )
            .values(progress=_copy(held.progress), heartbeat_at=beat)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost(held.run)
        yield session
    held.beat = beat


#: ``record``'s statement, built once.
_PROGRESS = (
    update(JobRun)
    .where(
        JobRun.id == bindparam("run"),
        JobRun.status == JobStatus.RUNNING,
        JobRun.heartbeat_at == bindparam("beat"),
    )
    .values(progress=bindparam("progress"), heartbeat_at=bindparam("now"))
)


def record(database: Database, held: Claim) -> None:
    """Record ``held.progress`` and a heartbeat, as ``writing(durable=False)`` does with
    nothing else in the transaction: the progress of one batch, in one statement built
    once on a Core connection (a sweep writes it after every batch)."""
    beat = clock.now()
    values = {"run": held.run, "beat": held.beat, "progress": _copy(held.progress), "now": beat}
    with database.writing() as connection:
        if database.dialect == "postgresql":
            connection.execute(text("SET LOCAL synchronous_commit = off"))
        if connection.execute(_PROGRESS, values).rowcount != 1:
            raise LeaseLost(held.run)
    held.beat = beat


def finish(
    session: Session,
    held: Claim,
    status: JobStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Close the run in the transaction of ``writing``."""
    row = session.get(JobRun, held.run)
    assert row is not None
    row.status = status
    row.finished_at = clock.now()
    row.result = result
    row.error = error


def _copy(progress: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, so the ORM sees a new value and writes it."""
    return {
        key: {t: dict(state) for t, state in value.items()} if key == "tables" else value
        for key, value in progress.items()
    }
