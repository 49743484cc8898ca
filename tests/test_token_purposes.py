"""Every purpose of a one-time token is one the database takes: the CHECK constraint on
``tokens.purpose`` follows the enum, on SQLite and PostgreSQL, after every migration
and back."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from waarborg.store import Database, migrate, tokens
from waarborg.store.db import create_engine
from waarborg.store.enums import TokenPurpose
from waarborg.store.migrate import _config
from waarborg.store.models import Token


def test_every_token_purpose_is_taken_by_the_database(database: Database) -> None:
    with database.write() as session:
        issued = {
            purpose: tokens.issue(session, purpose, lifetime=timedelta(hours=1))
            for purpose in TokenPurpose
        }
    with database.write() as session:
        for purpose, token in issued.items():
            assert tokens.consume(session, token, purpose) is not None, purpose


def test_the_session_and_complaint_purposes_migrate_down_and_up(database_url: str) -> None:
    migrate(database_url)
    database = Database(database_url)
    try:
        with database.write() as session:
            tokens.issue(session, TokenPurpose.SESSION, lifetime=timedelta(hours=8))
            tokens.issue(session, TokenPurpose.VERIFY, lifetime=timedelta(hours=8))
    finally:
        database.dispose()
    engine = create_engine(database_url, foreign_keys=False, poolclass=NullPool)
    try:
        with engine.connect() as connection, connection.begin():
            command.downgrade(_config(connection=connection), "0005")
            # The session ended; the other token is kept.
            assert connection.scalar(select(func.count()).select_from(Token.__table__)) == 1
            command.upgrade(_config(connection=connection), "head")
    finally:
        engine.dispose()
