"""Alembic's environment for Waarborg's migrations.

``waarborg.store.migrate`` passes an open connection (``config.attributes``); a bare
``sqlalchemy.url`` works too, and offline mode (``--sql``) writes the SQL instead.
SQLite tables are changed in batch mode, which rebuilds a table to alter it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from waarborg.store import models
from waarborg.store.db import create_engine

config = context.config
target_metadata = models.Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=bool(url and url.startswith("sqlite")),
        output_buffer=config.output_buffer,
    )
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url, "give a connection or sqlalchemy.url"
    engine = create_engine(url, foreign_keys=False, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    _offline()
else:
    _online()
