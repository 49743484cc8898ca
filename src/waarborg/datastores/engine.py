"""Connecting to an organisation's database, and what its errors mean.

A plain ``postgresql://`` URL means psycopg 3; a plain ``mysql://`` or ``mariadb://``
URL means PyMySQL. A SQLite file must exist (no empty file
is made for a wrong path); its connections run real transactions and enforce foreign
keys, as PostgreSQL does. Database errors become ``DatastoreUnavailable`` when trying
again later can succeed (refused or lost connections, timeouts, locks, serialisation
conflicts) and ``DatastoreMisconfigured`` when the settings or the declaration are wrong.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc

from ..errors import DatastoreError, DatastoreMisconfigured, DatastoreUnavailable

__all__ = ["create_engine", "quiet_reflection", "translated"]


def create_engine(key: str, url_text: str | None, options: Mapping[str, Any]) -> sa.Engine:
    """An engine for the datastore ``key`` at ``url_text``, or ``DatastoreMisconfigured``."""
    text = url_text or ""
    if "${" in text:
        raise DatastoreMisconfigured(
            key,
            f"the url names an environment variable that is not set: {text}",
            "export the variable before running Waarborg",
        )
    try:
        url = sa.make_url(text)
    except exc.ArgumentError:
        raise DatastoreMisconfigured(
            key,
            "the url is not a database URL",
            "write it as dialect+driver://user:password@host/database, e.g. "
            "postgresql+psycopg://... or sqlite:///path/to/file.db",
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername in ("mysql", "mariadb"):
        url = url.set(drivername=f"{url.drivername}+pymysql")
    engine_options: dict[str, Any] = dict(options.get("engine", {}))
    # Errors and logs name a statement but never its values: they are people's data.
    engine_options.setdefault("hide_parameters", True)
    sqlite = url.get_backend_name() == "sqlite"
    if sqlite and url.database and url.database != ":memory:":
        if not url.database.startswith("file:") and not Path(url.database).exists():
            raise DatastoreMisconfigured(
                key, f"no SQLite database at {url.database}", "fix the path in the url"
            )
    if url.get_backend_name() in ("postgresql", "mysql", "mariadb"):
        if "connect_timeout" not in url.query:
            engine_options.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
    try:
        engine = sa.create_engine(url, **engine_options)
    except (ModuleNotFoundError, exc.NoSuchModuleError) as error:
        raise DatastoreMisconfigured(
            key,
            f"the database driver for {url.drivername} is not installed ({error})",
            "install it, e.g. pip install 'psycopg[binary]' for PostgreSQL or PyMySQL for "
            "MySQL and MariaDB",
        ) from None
    if sqlite:
        _sqlite_transactions(engine, options.get("sqlite_foreign_keys", True))
    return engine


@contextmanager
def quiet_reflection() -> Iterator[None]:
    """Reflect tables without SQLAlchemy's warning that it skips SQLite's expression
    indexes, such as the index on ``lower(email)`` docs/datastores.md recommends:
    nothing here needs them, and a warning printed for following that advice is noise."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "Skipped unsupported reflection of expression-based index", exc.SAWarning
        )
        yield


@contextmanager
def translated(key: str) -> Iterator[None]:
    """Database errors as Waarborg's: unavailable (retry later), misconfigured, or other."""
    try:
        yield
    except DatastoreError:
        raise
    except exc.DBAPIError as error:
        kind = _classify(error)
        detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if kind is DatastoreUnavailable:
            raise DatastoreUnavailable(
                key, f"the database cannot be reached now: {detail}"
            ) from error
        raise kind(key, f"the database refused: {detail}") from error
    except exc.TimeoutError as error:
        raise DatastoreUnavailable(key, f"no free connection: {error}") from error
    except exc.SQLAlchemyError as error:
        raise DatastoreError(key, str(error).splitlines()[0]) from error


def _sqlite_transactions(engine: sa.Engine, foreign_keys: bool) -> None:
    """Real transactions on SQLite (the driver's own handling starts them late), and
    foreign keys enforced as on other databases."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        if foreign_keys:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")


_TRANSIENT_STATES = ("08", "53", "57", "58", "40001", "40P01", "55P03")
_CONFIG_STATES = ("28", "3D", "42")
_TRANSIENT_WORDS = ("locked", "busy", "unable to open", "disk i/o", "connection", "timeout")


#: MySQL's and MariaDB's error numbers (PyMySQL gives no SQLSTATE): too many
#: connections, lock wait timeout, deadlock, cannot connect, server gone or lost.
_MYSQL_TRANSIENT = {1040, 1205, 1213, 2002, 2003, 2006, 2013}
#: Access denied (user, database), unknown database, table or column.
_MYSQL_CONFIG = {1044, 1045, 1049, 1054, 1146}


def _classify(error: exc.DBAPIError) -> type[DatastoreError]:
    if error.connection_invalidated:
        return DatastoreUnavailable
    args = getattr(error.orig, "args", ())
    if type(error.orig).__module__.startswith("pymysql") and args and isinstance(args[0], int):
        if args[0] in _MYSQL_TRANSIENT:
            return DatastoreUnavailable
        if args[0] in _MYSQL_CONFIG:
            return DatastoreMisconfigured
        return DatastoreError
    state = getattr(error.orig, "sqlstate", None)
    if isinstance(state, str) and state:
        if state.startswith(_TRANSIENT_STATES):
            return DatastoreUnavailable
        if state.startswith(_CONFIG_STATES):
            return DatastoreMisconfigured
        return DatastoreError
    text = str(error.orig).lower()
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        if "no such" in text or "has no column" in text:
            return DatastoreMisconfigured
        if any(word in text for word in _TRANSIENT_WORDS) or state is None:
            return DatastoreUnavailable
    return DatastoreError
