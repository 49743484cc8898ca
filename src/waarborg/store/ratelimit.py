"""Rate limits shared by every web process: hits counted per bucket and time window.

A bucket names what is limited without storing it: its kind (``ip``, ``email``,
``subscribe-ip`` ...) followed by a keyed hash of what is counted, so the table holds
no personal data in the clear. Counting is one upsert, atomic on SQLite and PostgreSQL
alike.

What is counted is what one sender controls, not the spelling it sends: a kind that
ends in ``ip`` counts the network (an IPv6 address by its /64, the block one
connection is handed, an IPv4 address on its own), and a kind that ends in ``email``
counts the mailbox (``identity.mailbox_key``: ``Jan+1@Example.nl`` is ``jan@example.nl``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .. import clock
from ..identity import mailbox_key
from .models import RateLimit

__all__ = ["bucket", "hit", "network", "purge", "window_start"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The prefix an IPv6 client is counted by: a /64 is one subscriber's network.
IPV6_PREFIX = 64


def network(ip: str) -> str:
    """The network an address is counted by: ``2001:db8:1:2::/64`` for any address in
    that /64, ``192.0.2.7/32`` for an IPv4 address (also when written as IPv4-mapped
    IPv6). Text that is not an address is counted as it is, in lower case."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip.strip().lower()
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return f"{address}/32"
    return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))


def bucket(kind: str, value: str, key: bytes) -> str:
    """The bucket name for a value, keyed by ``key``: a kind that ends in ``ip`` counts
    the value's network (``network``), one that ends in ``email`` its mailbox
    (``identity.mailbox_key``), any other the value in lower case."""
    if kind.endswith("ip"):
        text = network(value)
    elif kind.endswith("email"):
        text = mailbox_key(value)
    else:
        text = value.strip().lower()
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
