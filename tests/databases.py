"""Fixtures for tests that run against Waarborg's own database on SQLite and PostgreSQL,
and against an organisation's database on those and on MariaDB.

PostgreSQL comes from ``WAARBORG_TEST_POSTGRES_URL`` (``scripts/test`` sets it up
and exports it). Without it the PostgreSQL half skips with the reason, except in CI
(``CI=true``), where a missing PostgreSQL fails the run. Each test gets a schema of
its own on PostgreSQL and a file of its own on SQLite. MariaDB comes from
``WAARBORG_TEST_MARIADB_URL`` (``scripts/test-mariadb``) in the same way, and each
test gets a database of its own there.

Several runs may share one PostgreSQL server (two pytest processes, CI beside a
developer), so a test touches nothing outside its own schema: its connections carry the
schema's name as ``application_name``, and a test that drops connections, as a server
restart would, drops those and no others (``drop_own_connections``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from waarborg.store import Database, create_engine, migrate

from .requirements import missing

POSTGRES_ENV = "WAARBORG_TEST_POSTGRES_URL"
MARIADB_ENV = "WAARBORG_TEST_MARIADB_URL"
DIALECTS = ["sqlite", "postgresql"]
#: The databases an organisation's datastore is tested on (Waarborg's own store is
#: SQLite or PostgreSQL only).
DATASTORE_DIALECTS = ["sqlite", "postgresql", "mariadb"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL database the tests may create schemas in."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        missing(
            f"{POSTGRES_ENV} is unset",
            "run scripts/test (as root it installs and starts PostgreSQL), or point it at a "
            "PostgreSQL database",
        )
    return url


#: What every schema (and so every test's ``application_name``) of the suite starts with.
SCHEMA_PREFIX = "test_"


def with_search_path(url: str, schema: str) -> str:
    """``url`` with its connections working in ``schema``, and named after it
    (``application_name``) so that they can be told from other tests' connections."""
    parsed = make_url(url).update_query_dict(
        {"options": f"-csearch_path={schema}", "application_name": schema}
    )
    return parsed.render_as_string(hide_password=False)


def drop_own_connections(connection: Connection) -> int:
    """Terminate the other PostgreSQL connections that share ``connection``'s
    ``application_name`` (one test's own, as a restarted server would), and no one
    else's; returns how many. Refuses a connection that is not a test schema's."""
    name = connection.execute(text("SELECT current_setting('application_name')")).scalar_one()
    if not name.startswith(SCHEMA_PREFIX):
        raise AssertionError(f"not a test's connection (application_name {name!r})")
    dropped: int = connection.execute(
        text(
            # Each waits (up to 5 s) until the connection is gone.
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
            " WHERE application_name = :name AND usename = current_user"
            " AND pid <> pg_backend_pid()"
        ),
        {"name": name},
    ).scalar_one()
    return dropped


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh, empty schema, dropped afterwards."""
    schema = f"{SCHEMA_PREFIX}{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield with_search_path(postgres_url, schema)
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def mariadb_url() -> str:
    """The URL of a MariaDB server whose user may create databases named after the
    URL's own (``waarborg_test_...``)."""
    url = os.environ.get(MARIADB_ENV)
    if not url:
        missing(
            f"{MARIADB_ENV} is unset",
            "run scripts/test (as root it installs and starts MariaDB), or point it at a "
            "MariaDB database whose user may create databases named after it",
        )
    return url


@pytest.fixture
def mariadb_database_url(mariadb_url: str) -> Iterator[str]:
    """A URL on a fresh, empty MariaDB database (MariaDB's schemas are databases),
    dropped afterwards."""
    base = make_url(mariadb_url)
    name = f"{base.database}_{uuid.uuid4().hex[:16]}"
    admin = sqlalchemy.create_engine(mariadb_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        yield base.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE `{name}`"))
    finally:
        admin.dispose()


def empty_datastore(request: pytest.FixtureRequest, dialect: str, tmp_path: Path) -> str:
    """An empty organisation's database of ``dialect``: a SQLite file, a fresh schema
    on PostgreSQL (through psycopg 3) or a fresh database on MariaDB."""
    if dialect == "sqlite":
        path = tmp_path / "shop.db"
        path.touch()
        return f"sqlite:///{path}"
    if dialect == "mariadb":
        url: str = request.getfixturevalue("mariadb_database_url")
        return url
    parsed = make_url(request.getfixturevalue("postgres_schema_url"))
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@pytest.fixture(params=DIALECTS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'waarborg.db'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """Waarborg's database at the newest migration, on SQLite and on PostgreSQL."""
    migrate(database_url)
    db = Database(database_url)
    try:
        yield db
    finally:
        db.dispose()
