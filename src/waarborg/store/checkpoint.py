"""Checkpoints of a SQLite store kept out of the writers' way.

In WAL mode a commit appends its pages to the ``-wal`` file; a checkpoint copies them
into the database file and ``fsync``s both, and the first commit after a complete
checkpoint starts the log again from its beginning. SQLite's own automatic checkpoint
runs inside the ``COMMIT`` that takes the log past 1,000 pages, while that writer
still holds its turn (``db.py``'s ``Writer``): every other writer of every process
waited for the copy of 4 MB and two ``fsync``s (docs/store.md, docs/benchmarks.md).

Here a thread of each writing process does the checkpoints instead:

1. after each write transaction, the writer reads how many pages of the log are not yet
   in the database (the wal-index header in the ``-shm`` file, whose layout SQLite
   documents for its unix and windows VFS: ``mxFrame`` at byte 16, ``nBackfill`` at
   byte 96), a read of 100 bytes; past ``CHECKPOINT_PAGES`` it wakes the thread;
2. the thread copies the bulk with ``PRAGMA wal_checkpoint(PASSIVE)``, which never
   waits for and never holds back a writer, once or a few times while the writers go on
   appending;
3. it then takes the writers' turn for the little that was appended meanwhile (at most
   ``FINISH_PAGES`` unless the writers outran it) and checkpoints once more, so the log
   is copied completely and the next commit starts it again from the beginning. Without
   this step a log that is written without pause is never copied completely, and grows
   without end. When the bulk copied everything, the turn is not taken.

SQLite runs one checkpoint at a time: a process whose thread finds another's under way
leaves the work to it.

SQLite's automatic checkpoint stays on as a backstop, at ``BACKSTOP_PAGES``: if this
thread cannot keep up (or a process does not run it), a commit past that size
checkpoints as before. ``journal_size_limit`` shrinks the file back after a peak.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from . import trace

__all__ = [
    "BACKSTOP_PAGES",
    "CHECKPOINT_PAGES",
    "FINISH_PAGES",
    "JOURNAL_SIZE_LIMIT",
    "Checkpointer",
    "pending_pages",
    "wal_index",
]

log = logging.getLogger(__name__)

#: Pages waiting in the log that wake the checkpointing thread (SQLite's page is 4 KB).
CHECKPOINT_PAGES = 2000
#: Pages left after the copies outside the writers' turn that are copied inside it.
FINISH_PAGES = 200
#: How often the bulk is copied outside the writers' turn before taking it.
BULK_ROUNDS = 3
#: SQLite's own automatic checkpoint, only for when the thread falls behind.
BACKSTOP_PAGES = 10 * CHECKPOINT_PAGES
#: The size the ``-wal`` file is cut back to when a new log starts after a peak.
JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024

#: The wal-index header (walformat.html, 2.1): its version, then ``mxFrame`` at byte 16
#: of each of its two copies (0 and 48), then ``nBackfill`` at byte 96.
_WAL_INDEX_VERSION = 3007000
_HEADER = struct.Struct("=I12xI28xI12xI28xI")


#: Read-only descriptors of ``-shm`` files by path, with the process and the file they
#: were opened for. Never closed while the file is SQLite's: closing any descriptor of a
#: file drops every POSIX lock the process holds on it, and SQLite keeps its locks of
#: the log (the writer's, the readers', the checkpoint's) on the ``-shm`` file; closing
#: one here once let a commit be lost.
_DESCRIPTORS: dict[Path, tuple[int, int, int]] = {}
_DESCRIPTORS_LOCK = threading.Lock()


def _descriptor(shm: Path) -> int:
    """A descriptor of ``shm`` kept open for the life of the process (see above)."""
    with _DESCRIPTORS_LOCK:
        inode = os.stat(shm).st_ino
        kept = _DESCRIPTORS.get(shm)
        if kept is not None and kept[0] == os.getpid() and kept[2] == inode:
            return kept[1]
        if kept is not None and kept[0] == os.getpid():
            # The file was deleted (SQLite does so only when no connection has it
            # open) and made again: the old one's locks are nobody's any more.
            os.close(kept[1])
        descriptor = os.open(shm, os.O_RDONLY | os.O_CLOEXEC)
        _DESCRIPTORS[shm] = (os.getpid(), descriptor, os.fstat(descriptor).st_ino)
        return descriptor


def wal_index(shm: Path) -> tuple[int, int] | None:
    """The pages in the log since it last started and those of them copied into the
    database, from the wal-index in ``shm``; None while it cannot be read (no ``-shm``
    file yet, or a header being written)."""
    try:
        data = os.pread(_descriptor(shm), _HEADER.size, 0)
    except OSError:
        return None
    if len(data) < _HEADER.size:
        return None
    version, frames, _version2, frames2, backfilled = _HEADER.unpack(data)
    if version != _WAL_INDEX_VERSION or frames != frames2:
        return None
    return int(frames), int(backfilled)


def pending_pages(shm: Path) -> int | None:
    """Pages in the log not yet copied into the database (``wal_index``)."""
    found = wal_index(shm)
    return None if found is None else max(0, found[0] - found[1])


class Checkpointer:
    """The checkpoints of one SQLite file by one process: see the module's text.

    ``connect`` gives a connection outside any transaction; ``writer`` is the writers'
    turn (``db.py``'s ``Writer``)."""

    def __init__(
        self,
        database: Path,
        connect: Callable[[], AbstractContextManager[Any]],
        writer: AbstractContextManager[Any],
        *,
        pages: int = CHECKPOINT_PAGES,
    ) -> None:
        self.shm = database.with_name(database.name + "-shm")
        self.pages = pages
        self._connect = connect
        self._writer = writer
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._closed = False
        #: Pages a reader kept from the last copy: the next waits for ``pages`` more.
        self._pinned = 0
        #: Checkpoints completed inside the writers' turn, for tests and figures.
        self.finished = 0

    def wrote(self) -> None:
        """After a write transaction (outside the writers' turn): wake the thread once
        the log holds ``pages`` pages not yet in the database."""
        if self._closed or not self._due():
            return
        self._start()
        self._wake.set()

    def _due(self) -> bool:
        pending = pending_pages(self.shm)
        return pending is not None and pending >= self.pages + self._pinned

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            if self._pid != os.getpid():  # a forked child runs a thread of its own
                self._wake = threading.Event()
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="waarborg-checkpoint")
            self._thread.daemon = True
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._closed:
                return
            if not self._due():  # woken during the last checkpoint, for what it copied
                continue
            try:
                self.checkpoint()
            except Exception as error:  # SQLite's own checkpoint remains the backstop
                log.warning("checkpoint of %s failed: %s", self.shm.with_suffix(""), error)

    def checkpoint(self) -> bool:
        """Copy the log into the database: the bulk while the writers go on, the rest in
        their turn, so the next commit starts the log again. False when another
        process's checkpoint was under way (it does the work; SQLite lets one run)."""

        def passive(step: str = "checkpoint.passive") -> bool:
            traced = trace.enabled()  # the log's header is read for it only when traced
            started = time.monotonic()
            before = pending_pages(self.shm) if traced else None
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()[0]
            if traced:
                trace.event(
                    step, started, time.monotonic(), before=before, after=pending_pages(self.shm)
                )
            return not busy

        with self._connect() as connection:
            pending = pending_pages(self.shm)
            for _ in range(BULK_ROUNDS):
                if pending is not None and pending <= FINISH_PAGES:
                    break
                if not passive():
                    return False
                pending = pending_pages(self.shm)
            if pending != 0:  # copied completely already: the writers' turn is not needed
                waiting = time.monotonic()
                with self._writer:
                    trace.event("checkpoint.turn", waiting, time.monotonic())
                    if not passive("checkpoint.finish"):
                        return False
            self._pinned = pending_pages(self.shm) or 0
            self.finished += 1
            return True

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread (SQLite checkpoints the log itself when the last connection
        to the file closes)."""
        self._closed = True
        with self._lock:
            thread = self._thread if self._pid == os.getpid() else None
            self._thread = None
        if thread is not None and thread.is_alive():
            self._wake.set()
            thread.join(timeout)
