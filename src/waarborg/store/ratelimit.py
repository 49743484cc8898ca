"""Rate limits shared by every web process: hits counted per bucket and time window.

A bucket names what is limited without storing it: ``ip:`` or ``email:`` followed by
a keyed hash of the address, so the table holds no personal data in the clear.
Counting is one upsert, atomic on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .. import clock
from ..identity import email_key
from .models import RateLimit

__all__ = ["bucket", "hit", "purge", "window_start"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def bucket(kind: str, value: str, key: bytes) -> str:
    """The bucket name for a value (``kind`` is ``ip`` or ``email``), keyed by ``key``;
    an e-mail address by its key (``identity.email_key``), so one person is one bucket."""
    text = email_key(value) if kind == "email" else value.strip().lower()
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


def window_start(at: datetime, window: timedelta) -> datetime:
    """The start of the fixed window that ``at`` falls in."""
    return at - (at - _EPOCH) % window


def hit(session: Session | Connection, name: str, window: timedelta) -> int:
    """Count one hit in the bucket's current window; returns the hits so far, this one included."""
    start = window_start(clock.now(), window)
    bind = session if isinstance(session, Connection) else session.get_bind()
    dialect = bind.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(RateLimit).values(bucket=name, window_start=start, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=[RateLimit.bucket, RateLimit.window_start],
        set_={"hits": RateLimit.hits + 1},
    )
    hits = session.execute(statement.returning(RateLimit.hits)).scalar_one()
    return int(hits)


def purge(session: Session, *, before: datetime) -> int:
    """Delete windows that started before ``before``; returns the count."""
    result = session.execute(delete(RateLimit).where(RateLimit.window_start < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
