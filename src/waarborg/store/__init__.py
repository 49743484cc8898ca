"""Waarborg's own database: requests and their events, tokens, the audit log, the
outbox, consents, complaints, breaches and job state.

SQLAlchemy 2 models (``models``), the engine and sessions (``db``), and Alembic
migrations shipped in the package (``migrate``). SQLite in WAL mode by default;
PostgreSQL through ``WAARBORG_DATABASE_URL``.
"""

from __future__ import annotations

from .db import Database, create_engine, normalise_url, safe_url
from .migrate import check_current, head_revision, migrate

__all__ = [
    "Database",
    "check_current",
    "create_engine",
    "head_revision",
    "migrate",
    "normalise_url",
    "safe_url",
]
