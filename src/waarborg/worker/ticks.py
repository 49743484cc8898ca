"""Once per tick across workers: each job's last claimed tick, in Waarborg's database.

A job runs every ``every`` (plus an ``offset``), counted from the Unix epoch in UTC,
so every worker agrees on when a tick starts. Before it runs a tick, a worker
claims it with one conditional UPDATE of the job's row in ``worker_schedule``: the
tick moves forward only if it is newer than the last one claimed and no other
worker holds a lease on the job. On PostgreSQL a second worker's UPDATE waits for the
first to commit and then finds the tick taken; on SQLite write transactions queue
for the one write lock. Either way one worker wins each tick. A worker first reads
the job's row, and claims only a tick the UPDATE could give it: a tick another worker
already took costs a read, not a write transaction (on SQLite, a turn at the write
lock that recordings of consent would wait behind).

The lease is short (``store.leases.LEASE``) and the holder renews it every few
seconds while the job runs (``renew``). A worker that dies mid-run stops renewing;
once its lease has run out, another worker takes over the tick it left running
(``claim`` matches a running tick whose lease ran out as well as a newer tick), and
``stalled`` names such ticks, so a worker need not wait for the job's next tick. The
jobs themselves are idempotent, so nothing is done twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import clock
from ..store.db import Database
from ..store.enums import JobStatus
from ..store.models import WorkerSchedule

__all__ = ["EPOCH", "claim", "finish", "renew", "schedule", "stalled", "tick_of"]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tick_of(at: datetime, every: timedelta, offset: timedelta = timedelta(0)) -> datetime:
    """The start of the tick that ``at`` falls in."""
    return at - (at - EPOCH - offset) % every


def claim(database: Database, job: str, tick: datetime, *, holder: str, lease: timedelta) -> bool:
    """Take ``tick`` of ``job`` for ``holder``; False when another worker has it (or
    a newer one), or still holds a lease on the job. A tick still running whose lease
    ran out (its worker died) is taken over."""
    now = clock.now()
    if not _claimable(database, job, tick, now):
        return False
    with database.write() as session:
        insert = pg_insert if database.dialect == "postgresql" else sqlite_insert
        session.execute(
            insert(WorkerSchedule)
            .values(job=job, tick_at=EPOCH, runs=0)
            .on_conflict_do_nothing(index_elements=[WorkerSchedule.job])
        )
        claimed = session.execute(
            update(WorkerSchedule)
            .where(WorkerSchedule.job == job, _takeable(tick, now))
            .values(
                tick_at=tick,
                holder=holder,
                lease_until=now + lease,
                started_at=now,
                finished_at=None,
                status=JobStatus.RUNNING,
                runs=WorkerSchedule.runs + 1,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(claimed, "rowcount", 0))


def _takeable(tick: datetime, now: datetime) -> Any:
    """A job's row whose ``tick`` may be claimed now: the tick is newer than the last one
    claimed (or is that one, still running), and no worker holds a lease on the job."""
    return and_(
        or_(
            WorkerSchedule.tick_at < tick,
            and_(WorkerSchedule.tick_at == tick, WorkerSchedule.status == JobStatus.RUNNING),
        ),
        or_(WorkerSchedule.lease_until.is_(None), WorkerSchedule.lease_until <= now),
    )


def _claimable(database: Database, job: str, tick: datetime, now: datetime) -> bool:
    """Whether the claim's UPDATE could match, read without taking the write lock: a
    tick already taken (every worker but one, every tick) costs no write transaction.
    The UPDATE checks the same again, so a race between the two only costs a write.
    A job without a row yet is claimable (the claim writes its row first)."""
    with database.read() as session:
        found = session.execute(
            select(case((_takeable(tick, now), 1), else_=0)).where(WorkerSchedule.job == job)
        ).first()
    return found is None or bool(found[0])


def renew(database: Database, job: str, tick: datetime, *, holder: str, lease: timedelta) -> bool:
    """Extend ``holder``'s lease on the running ``tick``; False when it no longer holds it."""
    with database.write() as session:
        renewed = session.execute(
            update(WorkerSchedule)
            .where(WorkerSchedule.job == job)
            .where(WorkerSchedule.tick_at == tick)
            .where(WorkerSchedule.holder == holder)
            .where(WorkerSchedule.status == JobStatus.RUNNING)
            .values(lease_until=clock.now() + lease)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(renewed, "rowcount", 0))


def stalled(database: Database, jobs: list[str]) -> list[str]:
    """The jobs among ``jobs`` whose running tick's lease has run out: their worker died."""
    with database.read() as session:
        return list(
            session.scalars(
                select(WorkerSchedule.job)
                .where(WorkerSchedule.job.in_(jobs))
                .where(WorkerSchedule.status == JobStatus.RUNNING)
                .where(WorkerSchedule.lease_until <= clock.now())
                .order_by(WorkerSchedule.job)
            )
        )


def finish(
    database: Database,
    job: str,
    tick: datetime,
    *,
    holder: str,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Record how the claimed tick ended and release the lease."""
    with database.write() as session:
        session.execute(
            update(WorkerSchedule)
            .where(WorkerSchedule.job == job)
            .where(WorkerSchedule.tick_at == tick)
            .where(WorkerSchedule.holder == holder)
            .values(
                status=JobStatus.FAILED if error else JobStatus.DONE,
                finished_at=clock.now(),
                lease_until=None,
                result=result,
                error=error,
            )
            .execution_options(synchronize_session=False)
        )


def schedule(database: Database) -> list[dict[str, Any]]:
    """Every job's row: its last tick, who ran it, how it ended."""
    with database.read() as session:
        rows = session.scalars(select(WorkerSchedule).order_by(WorkerSchedule.job))
        return [
            {
                "job": row.job,
                "tick_at": None if row.tick_at == EPOCH else row.tick_at,
                "holder": row.holder,
                "status": row.status.value if row.status else None,
                "started_at": row.started_at,
                "finished_at": row.finished_at,
                "runs": row.runs,
                "result": row.result,
                "error": row.error,
            }
            for row in rows
        ]
