"""The connection to Waarborg's own database: engine, sessions, transactions.

SQLite (the embedded default) runs in WAL mode, so readers never wait for the
writer, with ``synchronous=NORMAL``, foreign keys on and a busy timeout. Write
transactions start with ``BEGIN IMMEDIATE``: they take SQLite's one write lock up
front and queue for it, instead of failing when a read turns into a write. A SQLite
file's checkpoints are a thread's of each process, out of the writers' way
(``checkpoint.py``).
PostgreSQL is reached through psycopg 3; a plain ``postgresql://`` URL is enough.
A web process also opens psycopg's asynchronous connections to PostgreSQL for the
hottest reads (``Database.fetch``), so they need not hop to a thread.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import anyio.to_thread
import psycopg
import sqlalchemy
from psycopg.rows import namedtuple_row
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Select, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from ..errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]
from ..files import create_private, private_dir
from . import trace
from .checkpoint import BACKSTOP_PAGES, JOURNAL_SIZE_LIMIT, Checkpointer
from .group import GroupCommit

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "Database", "create_engine", "normalise_url", "safe_url"]

#: Connections each process keeps open to PostgreSQL (and as many more at a peak).
POSTGRESQL_POOL_SIZE = 20
#: How long a SQLite connection waits for the write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000

_BEGIN = "waarborg_begin"
#: ``_BEGIN`` for no transaction at all: SQLite runs each statement on its own.
_NO_BEGIN = "NONE"

T = TypeVar("T")

#: A SELECT of any columns, for ``fetch``.
Query: TypeAlias = "Select[*tuple[Any, ...]]"
#: Asynchronous connections each web process keeps for ``fetch``. Few on purpose: a
#: read waits for one in the event loop, which is cheaper than more PostgreSQL
#: processes contending for the CPU (at 20, p99 of the consent API's reads was four
#: times as long at the same throughput; docs/benchmarks.md).
FETCH_POOL_SIZE = 4
#: How long ``fetch`` waits for a free connection (or for PostgreSQL to come back).
FETCH_TIMEOUT_S = 5.0


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; ``postgresql://`` and ``postgres://`` mean psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r}; use sqlite:/// or postgresql://"
        )
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL with its password masked, for messages."""
    return normalise_url(url).render_as_string(hide_password=True)


def create_engine(url: str | URL, *, foreign_keys: bool = True, **kwargs: Any) -> Engine:
    """An engine for Waarborg's database, with SQLite set up for concurrent use.

    For a SQLite file, its folder and the file are created, for their owner only.
    ``foreign_keys=False`` is for migrations only, which rebuild tables.
    """
    parsed = normalise_url(url)
    # Errors and logs name a statement but never its values, which may be personal data.
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        if "poolclass" not in kwargs:
            # As many pooled connections as a web process's threads use at once: past
            # the pool's size each connection would be opened and closed per request.
            kwargs.setdefault("pool_size", POSTGRESQL_POOL_SIZE)
            kwargs.setdefault("max_overflow", POSTGRESQL_POOL_SIZE)
        return sqlalchemy.create_engine(parsed, **kwargs)
    database = parsed.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not memory and not database.startswith("file:"):
        # The store holds personal data: its folder 0700, the file (and the -wal and
        # -shm files SQLite makes with the same mode beside it) 0600.
        private_dir(Path(database).parent)
        create_private(database)
    engine = sqlalchemy.create_engine(parsed, **kwargs)
    _configure_sqlite(engine, wal=not memory, foreign_keys=foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below; the sqlite3
        # module would otherwise issue its own deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                # Checkpoints are a thread's of each process (checkpoint.py), out of
                # the writers' turn; SQLite's own, inside a COMMIT, only as a backstop.
                cursor.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")
                cursor.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN, "DEFERRED")
        if mode == _NO_BEGIN:
            return  # each statement is its own transaction (Database.reading)
        connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite database, or None for one in memory."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


class Writer:
    """The turn of one writer of a SQLite database. Threads of a process queue on a
    lock; processes on an exclusive ``flock`` of the file ``<database>-writer`` beside
    the database, which the kernel hands to the next waiting process as soon as it is
    released, so no writer sleeps in SQLite's busy handler while the lock is free.
    Re-entrant in a thread; without a file (a database in memory), or where there is
    no ``flock``, only the threads queue here."""

    def __init__(self, database: Path | None) -> None:
        self._threads = threading.RLock()
        self._path = (
            None
            if database is None or fcntl is None
            else database.with_name(database.name + "-writer")
        )
        self._depth = 0
        self._descriptor: int | None = None
        self._pid = 0
        self._taken = 0.0

    def _file(self) -> int:
        if self._descriptor is None or self._pid != os.getpid():  # a forked child opens its own
            assert self._path is not None
            create_private(self._path)
            self._descriptor = os.open(self._path, os.O_RDWR | os.O_CLOEXEC)
            self._pid = os.getpid()
        return self._descriptor

    def __enter__(self) -> None:
        started = time.monotonic()
        self._threads.acquire()
        if self._depth == 0 and self._path is not None and fcntl is not None:
            threads = time.monotonic()
            try:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise
            self._taken = time.monotonic()
            trace.event("turn.wait", started, self._taken, threads=threads - started)
        self._depth += 1

    def __exit__(self, *exc_info: object) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self._descriptor is not None and fcntl is not None:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
                trace.event("turn.hold", self._taken, time.monotonic())
        finally:
            self._threads.release()

    def close(self) -> None:
        """Close the lock file (it stays, for the next process)."""
        with self._threads:
            if self._descriptor is not None and self._pid == os.getpid():
                os.close(self._descriptor)
            self._descriptor = None


class Database:
    """Waarborg's database: one engine and its sessions.

    Use ``write()`` for a transaction that changes anything and ``read()`` for one
    that only reads. Both commit (or roll back on an error) when the block ends.
    """

    def __init__(self, url: str | URL, **engine_options: Any) -> None:
        self.url = normalise_url(url)
        self.engine = create_engine(self.url, **engine_options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Threads and processes queue for it here
        # (``Writer``) instead of in SQLite's busy handler, which polls with growing
        # sleeps and lets a late writer overtake one that waited long (seconds at the
        # tail).
        self._writer: AbstractContextManager[Any] = (
            Writer(sqlite_file(self.url)) if self.dialect == "sqlite" else nullcontext()
        )
        # A SQLite file's checkpoints, by a thread of this process out of the writers'
        # way (checkpoint.py).
        file = sqlite_file(self.url) if self.dialect == "sqlite" else None
        self.checkpoints = (
            Checkpointer(file, self._unwrapped, self._writer) if file is not None else None
        )
        # The pool of PostgreSQL's asynchronous connections, with the event loop it
        # belongs to.
        self._async: tuple[AsyncConnectionPool, asyncio.AbstractEventLoop] | None = None
        self._sql: dict[Query, str] = {}
        self._lock = threading.Lock()
        self._group: GroupCommit | None = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        try:
            with self._writer, self.sessions() as session, session.begin():
                session.connection(execution_options={_BEGIN: "IMMEDIATE"})
                yield session
        finally:
            self._wrote()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a transaction that only reads."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A Core connection in a write transaction, for hot paths that need no ORM
        session (the consent API): the same transaction rules as ``write()``."""
        try:
            with self._writer, self.engine.connect() as connection:
                connection.execution_options(**{_BEGIN: "IMMEDIATE"})
                with connection.begin():
                    yield connection
                    committing = time.monotonic()
                trace.event("commit", committing, time.monotonic())
        finally:
            self._wrote()

    def _wrote(self) -> None:
        """After a write transaction: a checkpoint when one is due (checkpoint.py)."""
        if self.checkpoints is not None:
            self.checkpoints.wrote()

    @contextmanager
    def _unwrapped(self) -> Iterator[Connection]:
        """A connection outside any transaction, for the checkpoints."""
        with self.engine.connect() as connection:
            connection.execution_options(**{_BEGIN: _NO_BEGIN})
            yield connection

    async def committed(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` in a write transaction, from the event loop; returns
        its result once the transaction is committed, so an answer sent after it
        acknowledges what is on disk. On SQLite the process's writes are grouped, many
        in one transaction, each under a savepoint of its own (``group.py``); on
        PostgreSQL each runs in a transaction of its own, in a thread."""
        if self.dialect == "sqlite":
            with self._lock:
                if self._group is None:
                    self._group = GroupCommit(self)
                group = self._group
            return await asyncio.wrap_future(group.submit(work))

        def alone() -> T:
            with self.writing() as connection:
                return work(connection)

        return await anyio.to_thread.run_sync(alone)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A Core connection for a short read, without a transaction around it
        (autocommit): each statement sees the latest committed data. It saves BEGIN and
        COMMIT, which cost more than a read of one row; use ``read()`` for a read that
        needs one consistent view over several statements."""
        with self.engine.connect() as connection:
            if self.dialect == "postgresql":
                connection.execution_options(isolation_level="AUTOCOMMIT")
            else:
                connection.execution_options(**{_BEGIN: _NO_BEGIN})
            yield connection

    async def open_async(self) -> None:
        """Open asynchronous connections to PostgreSQL for ``fetch``, bound to the
        running event loop (a web process does this at startup). Nothing on SQLite."""
        if self.dialect != "postgresql" or self._async is not None:
            return
        conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        pool = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=FETCH_POOL_SIZE,
            kwargs={"autocommit": True},
            timeout=FETCH_TIMEOUT_S,
            name="waarborg-reads",
            open=False,
        )
        await pool.open(wait=False)
        self._async = (pool, asyncio.get_running_loop())

    async def close_async(self) -> None:
        """Close what ``open_async`` opened, in the same event loop."""
        if self._async is not None:
            pool, _ = self._async
            self._async = None
            await pool.close()

    async def fetch(self, statement: Query, params: Mapping[str, Any]) -> Sequence[Any]:
        """The rows of one short SELECT, read from the event loop without a
        transaction (like ``reading()``); columns by name (``row.event_id``).

        On SQLite it runs in the event loop itself: a read takes tens of microseconds
        and never waits for a writer (WAL), and handing it to a thread would cost more
        than the read. On PostgreSQL it runs on psycopg's asynchronous connections when
        this event loop opened them (``open_async``), as SQL compiled once and prepared
        by the server after a few runs; otherwise in a thread. On those connections the
        values come as psycopg gives them: times aware but in the session's zone, JSON
        as dicts. A
        connection found broken (the server restarted) is dropped and the read tried
        once more, instead of pinging the server before every read.
        """
        if self.dialect == "sqlite":
            return self._fetch_here(statement, params)
        current = self._async
        if current is None or current[1] is not asyncio.get_running_loop():
            return await anyio.to_thread.run_sync(self._fetch_here, statement, params)
        pool = current[0]
        sql = self._compiled(statement)
        for attempt in (1, 2):
            async with pool.connection() as connection:
                cursor = connection.cursor(row_factory=namedtuple_row)
                try:
                    await cursor.execute(sql, params)
                    return await cursor.fetchall()
                except psycopg.OperationalError:
                    if attempt == 2 or not connection.broken:
                        raise
            # The server dropped its connections: the pool lets go of this one and
            # tests the others it holds before the second try.
            await pool.check()
        raise AssertionError("unreachable")  # pragma: no cover

    def _fetch_here(self, statement: Query, params: Mapping[str, Any]) -> Sequence[Any]:
        with self.reading() as connection:
            return connection.execute(statement, params).all()

    def _compiled(self, statement: Query) -> str:
        sql = self._sql.get(statement)
        if sql is None:
            sql = str(statement.compile(dialect=self.engine.dialect))
            if "POSTCOMPILE" in sql:
                raise ValueError("fetch() takes no expanding parameters (IN lists)")
            self._sql[statement] = sql
        return sql

    def check(self) -> None:
        """Raise StoreError unless the schema is at the latest migration."""
        from .migrate import check_current

        check_current(self.engine)

    def dispose(self) -> None:
        """Close the pooled connections (after the grouped writes handed in)."""
        with self._lock:
            group, self._group = self._group, None
        if group is not None:
            group.close()
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.engine.dispose()
        if isinstance(self._writer, Writer):
            self._writer.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Database({safe_url(self.url)!r})"
