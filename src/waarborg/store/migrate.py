"""Schema migrations of Waarborg's own database, run from code (Alembic).

The migrations ship inside the package (``store/migrations``), so ``waarborg db
upgrade`` works on an installed Waarborg without an ``alembic.ini``. Several
processes may start an upgrade at once: on PostgreSQL they queue on an advisory lock,
on SQLite on the write lock.
"""

from __future__ import annotations

import io
import threading
import time
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from ..errors import StoreError
from .db import create_engine, normalise_url, safe_url

__all__ = ["check_current", "current_revision", "head_revision", "migrate", "migration_sql"]

SCRIPT_LOCATION = "waarborg.store:migrations"
#: The key of the PostgreSQL advisory lock held while migrating ("wbg-migr").
_LOCK_KEY = 0x7762672D6D696772
#: Migrations in this process take turns.
_MIGRATING = threading.Lock()
#: Tries of a SQLite migration that found the database locked, before the last one.
_SQLITE_ATTEMPTS = 5


def _config(**attributes: Any) -> Config:
    config = Config(output_buffer=attributes.pop("output_buffer", None))
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes.update(attributes)
    return config


def head_revision() -> str:
    """The newest migration this Waarborg ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at, or None for a database never migrated."""
    return MigrationContext.configure(connection).get_current_revision()


def migrate(url: str | URL, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database at ``url`` to ``revision``; returns (before, after).

    Runs in one transaction: a failed migration leaves the database as it was. In one
    process, migrations take turns; a SQLite database that another process holds
    locked past the busy timeout (while it switches the file to WAL, for one, SQLite
    answers "locked" at once) is tried again a few times before giving up.
    """
    with _MIGRATING:
        for attempt in range(_SQLITE_ATTEMPTS):
            try:
                return _migrate(url, revision)
            except _Locked:
                time.sleep(0.05 * (attempt + 1))
        return _migrate(url, revision, last=True)


class _Locked(Exception):
    """SQLite said the database is locked; the migration was rolled back."""


def _migrate(url: str | URL, revision: str, *, last: bool = False) -> tuple[str | None, str | None]:
    engine = create_engine(url, foreign_keys=False, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execution_options(waarborg_begin="IMMEDIATE")
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY}
                    )
                before = current_revision(connection)
                command.upgrade(_config(connection=connection), revision)
                after = current_revision(connection)
                if connection.dialect.name == "sqlite":
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(f"the migration left broken references: {broken[:5]}")
    except OperationalError as exc:
        if not last and engine.dialect.name == "sqlite" and "locked" in str(exc.orig):
            raise _Locked from None
        raise StoreError(f"cannot migrate {safe_url(url)}: {exc.orig}") from None
    finally:
        engine.dispose()
    return before, after


def migration_sql(url: str | URL, revision: str = "head") -> str:
    """The SQL that ``migrate`` would run on an empty database, for a DBA to review."""
    buffer = io.StringIO()
    config = _config(output_buffer=buffer)
    rendered = normalise_url(url).render_as_string(hide_password=False)
    # Alembic's config is a ConfigParser: a literal % is written %%.
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    command.upgrade(config, revision, sql=True)
    return buffer.getvalue()


def check_current(engine: Engine) -> None:
    """Raise StoreError unless the database is at the newest migration."""
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
    except OperationalError as exc:
        raise StoreError(f"cannot reach {safe_url(engine.url)}: {exc.orig}") from None
    head = head_revision()
    if current != head:
        state = "has no schema yet" if current is None else f"is at revision {current}"
        raise StoreError(
            f"the database {safe_url(engine.url)} {state}; this Waarborg needs {head}. "
            "Run 'waarborg db upgrade'."
        )
