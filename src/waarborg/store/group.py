"""Group commit: the small writes of many requests in one SQLite transaction.

SQLite has one writer at a time, and each transaction costs its ``BEGIN IMMEDIATE``,
its ``COMMIT`` and a turn at the write lock, shared with the other processes on the
same file. A process that records many small things at once (the consent API) hands
each one to its ``GroupCommit``: one thread that takes every write waiting, runs
them in one transaction, each under a savepoint of its own, and commits. Each caller
gets its own result, or its own exception, only once the transaction is committed:
an answer sent after that is on disk (WAL mode: a committed transaction survives the
process being killed, ``docs/store.md``). While one transaction commits, the next
writes gather, so the busier the process, the larger the groups; an idle one commits
each write at once, adding no wait.

A write that fails rolls back to its savepoint and its exception goes to its caller;
the others in the group are committed. When the commit itself fails, every write of
the group gets that error and none is acknowledged. A write whose caller gave up
before its turn (a cancelled future) is not run.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Connection

from . import trace

if TYPE_CHECKING:
    from .db import Database

__all__ = ["GROUP_LIMIT", "GroupCommit"]

T = TypeVar("T")

#: The most writes in one transaction.
GROUP_LIMIT = 64


@dataclass
class _Job:
    work: Callable[[Connection], Any]
    future: Future[Any]
    #: When it was handed in (``time.monotonic``), for ``trace``.
    since: float = 0.0


class GroupCommit:
    """One writer thread of a process for ``database``; see the module's text."""

    def __init__(self, database: Database, limit: int = GROUP_LIMIT) -> None:
        self.database = database
        self.limit = limit
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, work: Callable[[Connection], T]) -> Future[T]:
        """Run ``work(connection)`` in the next group's transaction; the future holds its
        result (or exception) once that transaction is committed (or has failed)."""
        future: Future[T] = Future()
        self._start()
        self._jobs.put(_Job(work, future, time.monotonic()))
        return future

    def _start(self) -> None:
        with self._lock:
            alive = self._thread is not None and self._thread.is_alive()
            if alive and self._pid == os.getpid():
                return
            if self._pid != os.getpid():  # a forked child: the parent's queue is not its own
                self._jobs = queue.SimpleQueue()
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="waarborg-group-commit")
            self._thread.daemon = True
            self._thread.start()

    def close(self, timeout: float = 10.0) -> None:
        """Run what was handed in, then stop the thread."""
        with self._lock:
            thread = self._thread if self._pid == os.getpid() else None
            self._thread = None
        if thread is not None and thread.is_alive():
            self._jobs.put(None)
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            group = [job]
            stop = False
            while len(group) < self.limit:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                group.append(more)
            self._commit(group)
            if stop:
                return

    def _commit(self, group: list[_Job]) -> None:
        live = [job for job in group if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        started = time.monotonic()
        try:
            with self.database.writing() as connection:
                for job in live:
                    try:
                        with connection.begin_nested():
                            outcomes.append((job, job.work(connection), None))
                    except Exception as error:  # this write's own failure: its caller's
                        outcomes.append((job, None, error))
        except BaseException as error:  # the commit failed: no write is acknowledged
            for job in live:
                job.future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        trace.event(
            "group",
            started,
            time.monotonic(),
            size=len(live),
            queued=started - live[0].since,
        )
        for job, value, failure in outcomes:
            if failure is None:
                job.future.set_result(value)
            else:
                job.future.set_exception(failure)
