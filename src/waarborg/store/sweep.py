"""Waarborg's own retention: what it keeps of its own data, for how long, and the
sweep that deletes the rest.

The periods are declared here once, and docs/store.md, the privacy centre's statement
page and the sweep all read them:

========================  ===============================================================
letters (``outbox``)      30 days after a letter was sent or given up; a letter an Art. 19
                          notice refers to is kept with its request
letters as files          30 days after they were written (the outbox folder, while no
                          SMTP host is set)
link tokens               7 days after the link was used or expired
rate-limit counters       1 day after their window ended
exports                   deleted at their download, or when their link expires
finished job runs         90 days after they finished
========================  ===============================================================

Requests, their timelines, consents, complaints, breaches and the audit log are not
swept: they are the organisation's evidence (docs/store.md says how long and why).

``sweep`` runs once a day in the worker (job ``own-retention``). It deletes in batches,
each batch one transaction that also records the run's progress in ``job_runs``, so a
run that stops (a worker killed) is resumed by the next with the same cut-off times and
its counts intact; it ends with one audit entry that says what was deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..settings import Settings
from . import leases
from .db import Database
from .enums import JobStatus, OutboxStatus, TokenPurpose
from .models import JobRun, OutboxMessage, RateLimit, RecipientNotice, Token

__all__ = [
    "BATCH",
    "JOB",
    "PERIODS",
    "Report",
    "expired_exports",
    "sweep",
]

log = logging.getLogger("waarborg.sweep")

JOB = "own-retention"
BATCH = 1000

#: How long Waarborg keeps its own data, by what it is (see the module's table).
PERIODS: dict[str, timedelta] = {
    "outbox": timedelta(days=30),
    "outbox_files": timedelta(days=30),
    "tokens": timedelta(days=7),
    "rate_limits": timedelta(days=1),
    "job_runs": timedelta(days=90),
}
#: The consent API counts per minute; the other limits per ``rate_limit_window``.
_SHORTEST_WINDOW = timedelta(minutes=1)


class LeaseLost(Exception):
    """Another sweep took this run over."""


@dataclass
class Report:
    """What one sweep did: rows and files deleted, by kind."""

    status: str  # done | busy | lost
    run: int | None = None
    now: datetime | None = None
    resumed: bool = False
    deleted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "run": self.run,
            "now": self.now.isoformat() if self.now else None,
            "resumed": self.resumed,
            "deleted": dict(self.deleted),
        }


# --- exports -------------------------------------------------------------------------


def expired_exports(database: Database, settings: Settings, *, now: datetime | None = None) -> int:
    """Delete the export files whose download link was used or has expired, and
    leftover files no live link points at; returns how many files were deleted."""
    now = now or clock.now()
    removed = 0
    live: set[Path] = set()
    with database.write() as session:
        for token in session.scalars(select(Token).where(Token.purpose == TokenPurpose.DOWNLOAD)):
            path = token.data.get("path")
            if not path:
                continue
            spent = token.used_at is not None or (
                token.expires_at is not None and token.expires_at <= now
            )
            if not spent:
                live.add(Path(path).resolve())
                continue
            removed += _unlink(Path(path))
            token.data = {**token.data, "path": None, "purged_at": now.isoformat()}
    # files no link points at: an export whose answer was never sent, a partial write
    folder = settings.exports_dir
    if folder.is_dir():
        for path in folder.iterdir():
            if not path.is_file() or path.resolve() in live:
                continue
            keep = settings.download_link_lifetime if path.suffix == ".zip" else timedelta(days=1)
            if _modified(path) < now - keep:
                removed += _unlink(path)
    return removed


def delete_export(path: Path) -> None:
    """Delete an export file once it was downloaded (its link works once)."""
    _unlink(path)


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


# --- the daily sweep ------------------------------------------------------------------


@dataclass
class _Held:
    run: int
    beat: datetime
    now: datetime
    resumed: bool
    deleted: dict[str, int]


def sweep(
    database: Database,
    settings: Settings,
    *,
    batch: int = BATCH,
    now: datetime | None = None,
    lease: timedelta = leases.LEASE,
    record: Callable[[Session, Report], None] | None = None,
) -> Report:
    """Delete Waarborg's own data whose period ended as of ``now`` (default: the
    clock's), ``batch`` rows per transaction; resumes a run that stopped, with its
    cut-off times; does nothing while another sweep runs (``busy``). ``record`` writes
    the run down (the worker: an audit entry) in the transaction that closes it."""
    held = _claim(database, now or clock.now(), lease)
    if held is None:
        return Report("busy")
    report = Report("done", held.run, held.now, held.resumed, held.deleted)
    try:
        if "exports" not in held.deleted:
            held.deleted["exports"] = expired_exports(database, settings, now=held.now)
            with _recording(database, held):
                pass
        if "outbox_files" not in held.deleted:
            held.deleted["outbox_files"] = _outbox_files(settings.outbox_dir, held.now)
            with _recording(database, held):
                pass
        for name, query in _queries(settings, held.now).items():
            while True:
                with _recording(database, held) as session:
                    count = _delete_batch(session, query, batch)
                    held.deleted[name] = held.deleted.get(name, 0) + count
                if count < batch:
                    break
        with _recording(database, held) as session:
            session.execute(
                update(JobRun)
                .where(JobRun.id == held.run)
                .values(status=JobStatus.DONE, finished_at=clock.now(), result=report.as_dict())
                .execution_options(synchronize_session=False)
            )
            if record is not None:
                record(session, report)
        return report
    except LeaseLost:
        report.status = "lost"
        return report
    except Exception as error:
        _failed(database, held, error)
        raise


def _claim(database: Database, now: datetime, lease: timedelta) -> _Held | None:
    for attempt in range(2):
        try:
            return _claim_once(database, now, lease)
        except IntegrityError:  # another sweep made the row first
            if attempt:
                raise
    raise AssertionError("unreachable")


def _claim_once(database: Database, now: datetime, lease: timedelta) -> _Held | None:
    beat = clock.now()
    with database.write() as session:
        query = select(JobRun).where(JobRun.job == JOB, JobRun.key == "all").with_for_update()
        row = session.scalars(query).one_or_none()
        if row is None:
            row = JobRun(job=JOB, key="all", started_at=beat)
            session.add(row)
        elif (
            row.status == JobStatus.RUNNING
            and row.heartbeat_at is not None
            and row.heartbeat_at > beat - lease
        ):
            return None
        resumed = row.status in (JobStatus.RUNNING, JobStatus.FAILED) and "now" in (
            row.progress or {}
        )
        if resumed:
            now = datetime.fromisoformat(row.progress["now"])
            deleted = dict(row.progress.get("deleted", {}))
        else:
            deleted = {}
            row.started_at = beat
            row.result = None
        row.status = JobStatus.RUNNING
        row.heartbeat_at = beat
        row.finished_at = None
        row.error = None
        row.progress = {"now": now.isoformat(), "deleted": deleted}
        session.flush()
        return _Held(row.id, beat, now, resumed, deleted)


@contextmanager
def _recording(database: Database, held: _Held) -> Iterator[Session]:
    """A transaction that records the run's progress and heartbeat, if this sweep still
    holds the run; ``LeaseLost`` otherwise (and nothing of the transaction is kept)."""
    beat = clock.now()
    with database.write() as session:
        # first: still ours? (and, on PostgreSQL, the run's row locked until the commit)
        moved = session.execute(
            update(JobRun)
            .where(
                JobRun.id == held.run,
                JobRun.status == JobStatus.RUNNING,
                JobRun.heartbeat_at == held.beat,
            )
            .values(heartbeat_at=beat)
            .execution_options(synchronize_session=False)
        )
        if getattr(moved, "rowcount", 0) != 1:
            raise LeaseLost(held.run)
        yield session
        session.execute(
            update(JobRun)
            .where(JobRun.id == held.run)
            .values(progress={"now": held.now.isoformat(), "deleted": dict(held.deleted)})
            .execution_options(synchronize_session=False)
        )
    held.beat = beat


def _failed(database: Database, held: _Held, error: Exception) -> None:
    """Record the failure, so the next run resumes; a store that cannot be written now
    leaves the run to its lease."""
    try:
        with database.write() as session:
            session.execute(
                update(JobRun)
                .where(JobRun.id == held.run, JobRun.heartbeat_at == held.beat)
                .values(
                    status=JobStatus.FAILED,
                    finished_at=clock.now(),
                    error=f"{type(error).__name__}: {error}",
                )
                .execution_options(synchronize_session=False)
            )
    except Exception:  # the original error is what the caller needs
        log.warning("could not record the failed sweep", exc_info=True)


# --- what is deleted --------------------------------------------------------------------

#: A batch: the keys of up to ``batch`` rows to delete, and how to delete those keys.
_Query = tuple[Callable[[int], Any], Callable[[list[Any]], Any]]


def _queries(settings: Settings, now: datetime) -> dict[str, _Query]:
    letters = now - PERIODS["outbox"]
    links = now - PERIODS["tokens"]
    window = max(settings.rate_limit_window, _SHORTEST_WINDOW)
    counters = now - window - PERIODS["rate_limits"]
    runs = now - PERIODS["job_runs"]
    notified = select(RecipientNotice.outbox_id).where(RecipientNotice.outbox_id.is_not(None))
    return {
        "outbox": (
            lambda n: (
                select(OutboxMessage.id)
                .where(
                    (
                        (OutboxMessage.status == OutboxStatus.SENT)
                        & (OutboxMessage.sent_at < letters)
                    )
                    | (
                        (OutboxMessage.status == OutboxStatus.FAILED)
                        & (OutboxMessage.created_at < letters)
                    )
                )
                .where(OutboxMessage.id.not_in(notified))
                .order_by(OutboxMessage.id)
                .limit(n)
            ),
            lambda keys: delete(OutboxMessage).where(OutboxMessage.id.in_(keys)),
        ),
        "tokens": (
            lambda n: (
                select(Token.id)
                .where((Token.used_at < links) | (Token.expires_at < links))
                .order_by(Token.id)
                .limit(n)
            ),
            lambda keys: delete(Token).where(Token.id.in_(keys)),
        ),
        "rate_limits": (
            lambda n: (
                select(RateLimit.bucket, RateLimit.window_start)
                .where(RateLimit.window_start < counters)
                .order_by(RateLimit.window_start, RateLimit.bucket)
                .limit(n)
            ),
            lambda keys: delete(RateLimit).where(
                tuple_(RateLimit.bucket, RateLimit.window_start).in_(keys)
            ),
        ),
        "job_runs": (
            lambda n: (
                select(JobRun.id)
                .where(JobRun.status == JobStatus.DONE, JobRun.finished_at < runs)
                .where(JobRun.job != JOB)
                .order_by(JobRun.id)
                .limit(n)
            ),
            lambda keys: delete(JobRun).where(JobRun.id.in_(keys)),
        ),
    }


def _delete_batch(session: Session, query: _Query, batch: int) -> int:
    """Delete up to ``batch`` rows; how many were deleted."""
    keys_of, deleting = query
    keys = session.execute(keys_of(batch)).all()
    if not keys:
        return 0
    values = [tuple(k) if len(k) > 1 else k[0] for k in keys]
    session.execute(deleting(values).execution_options(synchronize_session=False))
    return len(keys)


def _outbox_files(folder: Path, now: datetime) -> int:
    """Delete the letters written to the outbox folder more than the period ago."""
    if not folder.is_dir():
        return 0
    cutoff = now - PERIODS["outbox_files"]
    removed = 0
    for path in folder.glob("*.eml"):
        if path.is_file() and _modified(path) < cutoff:
            removed += _unlink(path)
    return removed
