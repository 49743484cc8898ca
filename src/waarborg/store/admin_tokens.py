"""Bearer tokens for the admin API, and for the applications' API only.

A token's scope says what it opens: ``admin`` the admin API, the admin page and the
applications' API; ``app`` the applications' API alone (consent and restrictions),
for an application such as a web shop that records and reads consent and checks
restrictions, and has no business with requests, complaints or breaches.
``create`` returns the token once; only its SHA-256 hash is stored. ``authenticate``
looks a presented token up by its hash, so the comparison never runs over the
secret itself, and then confirms the match in constant time.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from .. import clock
from ..errors import NotFoundError, UsageError
from .db import Database
from .enums import TokenScope
from .models import AdminToken
from .tokens import hash_token

__all__ = [
    "COLUMNS",
    "PREFIX",
    "Active",
    "active_from",
    "authenticate",
    "create",
    "list_tokens",
    "lookup",
    "read_lookup",
    "revoke",
]

#: Admin tokens start with this, so secret scanners and people can recognise them.
PREFIX = "wbg_"
#: ``last_used_at`` is written at most this often per token.
TOUCH_INTERVAL = timedelta(minutes=5)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")


def create(
    session: Session, name: str, scope: TokenScope = TokenScope.ADMIN
) -> tuple[AdminToken, str]:
    """A new token named ``name`` that opens ``scope``; returns its row and the token
    itself."""
    if not _NAME.match(name):
        raise UsageError(
            f"invalid token name {name!r}: use letters, digits and _ . @ - (at most 100)"
        )
    if _active(session, name) is not None:
        raise UsageError(f"an admin token named {name!r} exists; revoke it first")
    token = PREFIX + secrets.token_urlsafe(32)
    row = AdminToken(
        name=name, token_hash=hash_token(token), scope=TokenScope(scope), created_at=clock.now()
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise UsageError(f"an admin token named {name!r} exists; revoke it first") from None
    return row, token


def _active(session: Session, name: str) -> AdminToken | None:
    query = select(AdminToken).where(AdminToken.name == name, AdminToken.revoked_at.is_(None))
    return session.scalars(query).one_or_none()


def list_tokens(session: Session, *, include_revoked: bool = False) -> list[AdminToken]:
    """The tokens, oldest first; revoked ones only when asked."""
    query = select(AdminToken).order_by(AdminToken.created_at, AdminToken.id)
    if not include_revoked:
        query = query.where(AdminToken.revoked_at.is_(None))
    return list(session.scalars(query))


def revoke(session: Session, name: str) -> AdminToken:
    """Revoke the active token named ``name``; it stops working at once, and its
    member of staff's address for notices is forgotten."""
    row = _active(session, name)
    if row is None:
        raise NotFoundError(f"no active admin token named {name!r}")
    row.revoked_at = clock.now()
    row.email = None
    session.flush()
    return row


def authenticate(session: Session, token: str) -> AdminToken | None:
    """The active token's row for a presented bearer token, or None: found as
    ``lookup`` finds it (one query, one constant-time check for every caller).

    Records when the token was last used (at most every few minutes). That write is
    best effort: if the database is busy, the request is still let through.
    """
    found = lookup(session.connection(), token)
    if found is None:
        return None
    row = session.get(AdminToken, found.id)
    if row is None:
        return None
    now = clock.now()
    if found.touch_due:
        try:
            with session.begin_nested():
                session.execute(
                    update(AdminToken)
                    .where(AdminToken.id == row.id)
                    .values(last_used_at=now)
                    .execution_options(synchronize_session=False)
                )
            row.last_used_at = now
        except OperationalError:
            pass
    return row


@dataclass(frozen=True)
class Active:
    """An active token as ``lookup`` finds it."""

    id: int
    name: str
    last_used_at: datetime | None
    scope: TokenScope = TokenScope.ADMIN

    @property
    def touch_due(self) -> bool:
        """Whether ``authenticate`` would record a use now."""
        return self.last_used_at is None or clock.now() - self.last_used_at >= TOUCH_INTERVAL


#: The columns ``active_from`` reads.
COLUMNS = (
    AdminToken.id,
    AdminToken.name,
    AdminToken.token_hash,
    AdminToken.last_used_at,
    AdminToken.scope,
)
_ACTIVE = select(*COLUMNS).where(
    AdminToken.token_hash == bindparam("digest"), AdminToken.revoked_at.is_(None)
)


def lookup(connection: Connection, token: str) -> Active | None:
    """The active token for a presented bearer token, only reading (for hot API paths;
    the caller records the use with ``authenticate`` when ``touch_due``)."""
    digest = hash_token(token)
    return active_from(connection.execute(_ACTIVE, {"digest": digest}).first(), digest)


async def read_lookup(database: Database, token: str) -> Active | None:
    """``lookup``, read from the event loop (``Database.fetch``)."""
    digest = hash_token(token)
    rows = await database.fetch(_ACTIVE, {"digest": digest})
    return active_from(rows[0] if rows else None, digest)


def active_from(row: Any, digest: str) -> Active | None:
    """The token of a row of ``COLUMNS`` found under ``digest`` (confirmed in constant
    time), or None for no row."""
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    used = row.last_used_at
    return Active(
        row.id, row.name, None if used is None else used.astimezone(UTC), TokenScope(row.scope)
    )
