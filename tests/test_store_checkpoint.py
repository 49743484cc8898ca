"""SQLite's log copied into the database by a thread of each process, out of the
writers' way, and kept to a bounded size while writes never pause
(``store/checkpoint.py``)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from waarborg.store import Database, migrate
from waarborg.store.checkpoint import (
    BACKSTOP_PAGES,
    JOURNAL_SIZE_LIMIT,
    Checkpointer,
    pending_pages,
)

#: SQLite's page and the frame header in the log before each page.
FRAME = 4096 + 24


def _store(tmp_path: Path) -> tuple[Database, Checkpointer]:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    with database.writing() as connection:
        connection.exec_driver_sql("CREATE TABLE recording (id INTEGER PRIMARY KEY, data BLOB)")
    assert database.checkpoints is not None
    return database, database.checkpoints


def _record(connection: Connection) -> None:
    connection.exec_driver_sql("INSERT INTO recording (data) VALUES (randomblob(3500))")


def test_the_log_stays_bounded_by_size_under_recording_without_pause(tmp_path: Path) -> None:
    database, checkpoints = _store(tmp_path)
    checkpoints.pages = 100
    wal = tmp_path / "w.db-wal"
    written = largest = 0

    async def sustained() -> None:
        nonlocal written, largest
        # 40 times the checkpoint's size in pages, handed in without a pause: every
        # group of recordings waits only for its own commit.
        while written < 40 * checkpoints.pages * 4096:
            await asyncio.gather(*(database.committed(_record) for _ in range(64)))
            written += 64 * 3500
            largest = max(largest, wal.stat().st_size)

    try:
        asyncio.run(sustained())
        # The log went round: it was copied completely and started again many times, and
        # never held more than a few times the pages that wake the thread (SQLite's own
        # checkpoint would only have stepped in at BACKSTOP_PAGES). Copied only while
        # the writers go on (without the last copy in their turn), it grew with what was
        # written instead.
        assert checkpoints.finished >= 5
        assert largest <= 8 * checkpoints.pages * FRAME < BACKSTOP_PAGES * FRAME
        assert written > 4 * largest
        with database.reading() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM recording").scalar_one()
        assert count * 3500 == written
    finally:
        database.dispose()


def test_connections_leave_the_checkpoints_to_the_thread_with_sqlite_as_backstop(
    tmp_path: Path,
) -> None:
    database, _ = _store(tmp_path)
    try:
        with database.reading() as connection:
            backstop = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
            limit = connection.exec_driver_sql("PRAGMA journal_size_limit").scalar_one()
            synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
        assert (backstop, limit) == (BACKSTOP_PAGES, JOURNAL_SIZE_LIMIT)
        assert synchronous == 1  # NORMAL: a commit is in the log before it is answered
    finally:
        database.dispose()


def test_the_pages_waiting_are_read_from_the_wal_index(tmp_path: Path) -> None:
    database, checkpoints = _store(tmp_path)
    try:
        assert checkpoints.pages > 10  # these few writes do not wake the thread
        before = pending_pages(checkpoints.shm)
        assert before is not None
        with database.writing() as connection:
            for _ in range(5):
                _record(connection)
        after = pending_pages(checkpoints.shm)
        assert after is not None and after > before
        assert checkpoints.checkpoint()
        assert pending_pages(checkpoints.shm) == 0
        assert checkpoints.finished == 1
        assert pending_pages(tmp_path / "missing-shm") is None
    finally:
        database.dispose()


def test_the_last_copy_waits_for_the_writers_turn(tmp_path: Path) -> None:
    database, checkpoints = _store(tmp_path)
    with database.writing() as connection:
        _record(connection)
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with database.writing() as connection:
            _record(connection)
            holding.set()
            release.wait(30)

    other = threading.Thread(target=writer)
    other.start()
    try:
        assert holding.wait(30)
        copying = threading.Thread(target=checkpoints.checkpoint)
        copying.start()
        copying.join(0.5)
        # With few pages waiting there is no bulk: the copy waits while a writer has
        # its turn.
        assert copying.is_alive() and checkpoints.finished == 0
        release.set()
        copying.join(30)
        assert checkpoints.finished == 1
        assert pending_pages(checkpoints.shm) == 0
    finally:
        release.set()
        other.join(30)
        database.dispose()


def test_reading_the_wal_index_leaves_sqlites_locks_in_place(tmp_path: Path) -> None:
    database, checkpoints = _store(tmp_path)
    try:
        with database.writing() as connection:
            _record(connection)
        with database.read() as session:
            # A reader's snapshot: SQLite holds a lock on the -shm file for it.
            session.execute(text("SELECT count(*) FROM recording")).scalar_one()
            with database.writing() as connection:
                _record(connection)
            for _ in range(3):
                assert pending_pages(checkpoints.shm)
            # Another process may not start the log again under the reader's feet.
            other = subprocess.run(
                [sys.executable, "-c", _TRUNCATE, str(tmp_path / "w.db")],
                capture_output=True,
                text=True,
                check=True,
            )
            assert other.stdout.split()[0] == "1", other.stdout  # busy: the reader's lock held
    finally:
        database.dispose()


_TRUNCATE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=0)
print(*connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
"""


def test_pages_a_reader_keeps_wait_for_as_many_more_before_the_next_checkpoint(
    tmp_path: Path,
) -> None:
    database, checkpoints = _store(tmp_path)
    checkpoints.pages = 20
    try:
        with database.read() as session:
            # The reader's snapshot is older than the writes: SQLite cannot copy them.
            session.execute(text("SELECT count(*) FROM recording")).scalar_one()
            with database.writing() as connection:
                for _ in range(30):
                    _record(connection)
            assert checkpoints.checkpoint()
            kept = pending_pages(checkpoints.shm)
            assert kept is not None and kept >= 30
            # Waking the thread for them after every write would copy nothing.
            assert not checkpoints._due()
        with database.writing() as connection:
            for _ in range(30):
                _record(connection)
        assert checkpoints._due()
    finally:
        database.dispose()
