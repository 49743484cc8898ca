"""The sweep: every rule's expired rows deleted or anonymised, batch by batch, as a
recorded run that resumes where it stopped.

``sweep(declaration, database)`` is what a scheduler calls. It claims the run in the
store (``runs.py``), then works table by table, children before parents. Each batch is
one transaction on the datastore; after it, the run's progress (the key it reached,
the rows changed) is written to the store, so a run that is killed resumes after its
last recorded batch. When a table is done one audit entry records it (per rule and
table, never per row), in the same store transaction as the progress; the end of the
run is one more entry.

A batch that committed on the datastore just before a crash, and whose progress was not
recorded, is run again on resume: it changes nothing more, but its rows are not in the
counts. The progress of a batch is committed without waiting for the store's disk (the
end of a table, with its audit entry, waits), so a crash of the store's server can
lose the last few of them in the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from .. import clock
from ..audit import append
from ..datastores.base import Connector
from ..datastores.registry import connect
from ..declaration.model import Declaration
from ..store.db import Database
from ..store.enums import JobStatus
from . import runs
from .targets import Target, targets

__all__ = ["BATCH", "Report", "TableSweep", "sweep"]

#: Rows per batch (one transaction on the datastore each).
BATCH = 5000


@dataclass(frozen=True)
class TableSweep:
    """What a run did in one table under one rule."""

    target: Target
    changed: int = 0
    batches: int = 0
    done: bool = False
    #: Rows kept because held rows refer to them that lost what the holds do not keep.
    trimmed: int = 0

    @property
    def deleted(self) -> int:
        return self.changed if self.target.action == "delete" and not self.target.requested else 0

    @property
    def anonymised(self) -> int:
        return self.changed if self.target.action == "anonymise" else 0

    @property
    def requested(self) -> int:
        """Records the processor was asked to erase; it carries that out later."""
        return self.changed if self.target.requested else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.target.as_dict(),
            "deleted": self.deleted,
            "anonymised": self.anonymised,
            "requested": self.requested,
            "trimmed": self.trimmed,
            "batches": self.batches,
            "done": self.done,
        }


@dataclass(frozen=True)
class Report:
    """The outcome of ``sweep``.

    ``status`` is ``done`` (every table swept), ``busy`` (another worker holds the run:
    nothing was done) or ``lost`` (another worker took the run over while this one
    worked; it carries on from there).
    """

    status: Literal["done", "busy", "lost"]
    scope: str
    run: int
    now: datetime | None = None
    resumed: bool = False
    tables: tuple[TableSweep, ...] = ()
    #: For ``busy``: the last sign of life of the worker that holds the run.
    heartbeat_at: datetime | None = None
    skipped: tuple[str, ...] = field(default=())

    @property
    def deleted(self) -> int:
        return sum(t.deleted for t in self.tables)

    @property
    def anonymised(self) -> int:
        return sum(t.anonymised for t in self.tables)

    @property
    def requested(self) -> int:
        return sum(t.requested for t in self.tables)

    @property
    def trimmed(self) -> int:
        return sum(t.trimmed for t in self.tables)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "scope": self.scope,
            "run": self.run,
            "now": self.now.isoformat() if self.now else None,
            "resumed": self.resumed,
            "deleted": self.deleted,
            "anonymised": self.anonymised,
            "requested": self.requested,
            "trimmed": self.trimmed,
            "tables": [t.as_dict() for t in self.tables],
            "heartbeat_at": self.heartbeat_at.isoformat() if self.heartbeat_at else None,
        }


def sweep(
    declaration: Declaration,
    database: Database,
    *,
    now: datetime | None = None,
    rules: Collection[str] | None = None,
    batch_size: int = BATCH,
    lease: timedelta = runs.LEASE,
    actor: str = "retention",
    on_batch: Callable[[TableSweep], None] | None = None,
) -> Report:
    """Sweep the expired rows of every rule (or of ``rules``) as of ``now`` (default:
    the clock's), ``batch_size`` rows per transaction, and record the run in
    ``database`` (Waarborg's store). Resumes a run that stopped; does nothing when
    another worker is sweeping (``status == "busy"``). ``on_batch`` is called after
    every recorded batch with the table's progress so far.

    Raises ``UsageError`` for an unknown rule and ``DatastoreError`` when a datastore
    fails; the run is then recorded as failed and the next call resumes it.
    """
    chosen = sorted(set(rules)) if rules is not None else None
    found = targets(declaration, chosen)
    key = runs.scope(chosen)
    held = runs.claim(database, key, now or clock.now(), lease=lease)
    if isinstance(held, runs.Busy):
        return Report("busy", key, held.run, heartbeat_at=held.heartbeat_at)
    connectors: dict[str, Connector] = {}
    done: list[TableSweep] = []
    try:
        for target in found:
            done.append(
                _table(declaration, database, held, target, connectors, batch_size, actor, on_batch)
            )
        report = Report("done", key, held.run, held.now, held.resumed, tuple(done))
        with runs.writing(database, held) as session:
            append(
                session,
                actor=actor,
                action="retention.run",
                subject=f"job_run:{held.run}",
                data=_summary(report),
            )
            runs.finish(session, held, JobStatus.DONE, result=report.as_dict())
        return report
    except runs.LeaseLost:
        return Report("lost", key, held.run, held.now, held.resumed, tuple(done))
    except Exception as error:
        _failed(database, held, error)
        raise
    finally:
        for connector in connectors.values():
            connector.close()


def _table(
    declaration: Declaration,
    database: Database,
    held: runs.Claim,
    target: Target,
    connectors: dict[str, Connector],
    size: int,
    actor: str,
    on_batch: Callable[[TableSweep], None] | None,
) -> TableSweep:
    expiry = target.expiry(held.now)
    if expiry is None:
        return TableSweep(target, done=True)
    state: dict[str, Any] = held.tables().get(target.name) or {
        "rule": target.rule,
        "cursor": None,
        "changed": 0,
        "batches": 0,
        "done": False,
    }
    if not state["done"]:
        connector = connectors.get(target.datastore)
        if connector is None:
            connector = connectors[target.datastore] = connect(declaration, target.datastore)
        batches = connector.sweep_batches(expiry, state["cursor"], size)
        try:
            for batch in batches:
                state = {
                    **state,
                    "cursor": batch.upper,
                    "changed": state["changed"] + batch.changed,
                    "trimmed": state.get("trimmed", 0) + batch.trimmed,
                    "batches": state["batches"] + 1,
                    "done": batch.upper is None,
                }
                held.tables()[target.name] = state
                if not state["done"]:
                    runs.record(database, held)
                else:
                    with runs.writing(database, held) as session:
                        append(
                            session,
                            actor=actor,
                            action="retention.sweep",
                            subject=f"retention:{target.rule}",
                            data={
                                **target.as_dict(),
                                "run": held.run,
                                "cutoff": expiry.cutoff,
                                "changed": state["changed"],
                                "trimmed": state.get("trimmed", 0),
                                "batches": state["batches"],
                            },
                        )
                if on_batch is not None:
                    on_batch(
                        TableSweep(
                            target,
                            state["changed"],
                            state["batches"],
                            state["done"],
                            state["trimmed"],
                        )
                    )
        finally:
            close = getattr(batches, "close", None)
            if close is not None:
                close()
    return TableSweep(target, state["changed"], state["batches"], True, state.get("trimmed", 0))


def _summary(report: Report) -> dict[str, Any]:
    return {
        "scope": report.scope,
        "now": report.now,
        "resumed": report.resumed,
        "deleted": report.deleted,
        "anonymised": report.anonymised,
        "requested": report.requested,
        "trimmed": report.trimmed,
        "tables": {
            t.target.name: {
                "rule": t.target.rule,
                "changed": t.changed,
                "requested": t.target.requested,
                "service": t.target.service,
                "trimmed": t.trimmed,
                "skipped": t.target.skipped,
                "reason": t.target.reason,
                "reason_values": dict(t.target.reason_values),
            }
            for t in report.tables
        },
    }


def _failed(database: Database, held: runs.Claim, error: Exception) -> None:
    """Record the failure, so the next call resumes the run; a store that cannot be
    written now leaves the run to its lease."""
    try:
        with runs.writing(database, held) as session:
            runs.finish(session, held, JobStatus.FAILED, error=f"{type(error).__name__}: {error}")
    except Exception:  # the original error is what the caller needs
        return
