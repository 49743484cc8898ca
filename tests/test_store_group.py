"""Writes committed in groups (``Database.committed``, ``store/group.py``) and SQLite's
writers taking turns through a lock file (``store/db.py``'s ``Writer``)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import threading
from concurrent.futures import Future
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from waarborg.store import Database, migrate
from waarborg.store.group import GroupCommit
from waarborg.store.models import RateLimit
from waarborg.store.ratelimit import hit


class Refused(Exception):
    """One write's own failure."""


def _hits(database: Database, bucket: str) -> int:
    with database.reading() as connection:
        found = connection.execute(
            select(func.coalesce(func.sum(RateLimit.hits), 0)).where(RateLimit.bucket == bucket)
        ).scalar_one()
    return int(found)


def test_each_write_gets_its_own_result_and_a_failing_one_rolls_back_alone(
    database: Database,
) -> None:
    def counted(bucket: str, fail: bool = False) -> Any:
        def work(connection: Connection) -> int:
            hits = hit(connection, bucket, timedelta(minutes=1))
            if fail:
                raise Refused(bucket)
            return hits

        return work

    async def many() -> list[Any]:
        works = [counted("a"), counted("b", fail=True), counted("a"), counted("c")]
        return await asyncio.gather(*(database.committed(w) for w in works), return_exceptions=True)

    first, refused, second, other = asyncio.run(many())
    assert sorted([first, second]) == [1, 2] and other == 1
    assert isinstance(refused, Refused)
    assert (_hits(database, "a"), _hits(database, "b"), _hits(database, "c")) == (2, 0, 1)


def test_a_group_is_one_transaction_answered_only_after_its_commit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    group = GroupCommit(database)
    inside = threading.Event()
    release = threading.Event()
    seen: list[int] = []

    def first(connection: Connection) -> str:
        inside.set()
        release.wait(30)
        return "first"

    def later(n: int) -> Any:
        def work(connection: Connection) -> int:
            seen.append(n)
            return n

        return work

    try:
        held = group.submit(first)
        assert inside.wait(30)
        queued: list[Future[int]] = [group.submit(later(n)) for n in range(5)]
        cancelled = group.submit(later(99))
        assert cancelled.cancel()
        # nothing is answered while the first group's transaction is open
        assert not held.done() and not any(f.done() for f in queued)
        release.set()
        assert held.result(30) == "first"
        assert [f.result(30) for f in queued] == [0, 1, 2, 3, 4]
        assert seen == [0, 1, 2, 3, 4]  # the cancelled write never ran
    finally:
        release.set()
        group.close()
        database.dispose()


def test_sqlite_writers_hold_the_lock_file_for_their_turn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    lock = tmp_path / "w.db-writer"

    def taken() -> bool:
        """Whether some writer holds the lock file (another process would wait)."""
        descriptor = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(descriptor)
        return False

    try:
        with database.write():
            assert taken()
        assert not taken()
        assert lock.stat().st_mode & 0o777 == 0o600
        with database.writing():
            assert taken()
        assert not taken()
        with database.read():
            assert not taken()
    finally:
        database.dispose()


def test_a_database_in_memory_needs_no_lock_file(tmp_path: Path) -> None:
    database = Database("sqlite://")
    with database.write():
        pass
    database.dispose()
    assert not list(tmp_path.iterdir())


def test_when_the_commit_fails_no_write_of_the_group_is_acknowledged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    group = GroupCommit(database)

    def fine(connection: Connection) -> int:
        return 1

    def breaks_the_transaction(connection: Connection) -> int:
        # a deferred foreign key broken: the statement passes, the commit is refused
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        connection.exec_driver_sql(
            "INSERT INTO request_events (request_id, at, actor, kind, data) "
            "VALUES (987654, '2026-01-01 00:00:00', 'test', 'note', '{}')"
        )
        return 2

    try:
        gate = threading.Event()
        inside = threading.Event()

        def wait(connection: Connection) -> int:
            inside.set()
            gate.wait(30)
            return 0

        opened = group.submit(wait)  # holds the writer so the next two share a group
        assert inside.wait(30)
        both = [group.submit(fine), group.submit(breaks_the_transaction)]
        gate.set()
        assert opened.result(30) == 0
        errors = [f.exception(30) for f in both]
        assert all(e is not None for e in errors)
        with database.reading() as connection:
            found = connection.exec_driver_sql("SELECT count(*) FROM request_events")
            assert found.scalar_one() == 0
    finally:
        group.close()
        database.dispose()
