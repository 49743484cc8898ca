"""One-time link tokens: identity verification, downloads, newsletter confirmation.

A token is 256 random bits, handed out once; only its SHA-256 hash is stored. It is
spent with one UPDATE that only matches an unused, unexpired token, so two clicks
racing for it cannot both win. A wrong, used and expired token all look the same to
the caller: ``None``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from .. import clock
from .enums import TokenPurpose
from .models import Token

__all__ = ["consume", "hash_token", "issue", "peek", "purge"]


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    session: Session,
    purpose: TokenPurpose,
    *,
    lifetime: timedelta | None,
    request_id: int | None = None,
    subject: str | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """Create a token and return it; this is the only time it exists in full.

    ``lifetime=None`` makes a token that never expires (it is still single use).
    """
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        Token(
            purpose=purpose,
            token_hash=hash_token(token),
            request_id=request_id,
            subject=subject,
            data=data or {},
            created_at=now,
            expires_at=None if lifetime is None else now + lifetime,
        )
    )
    return token


def _valid(token: str, purpose: TokenPurpose, now: datetime) -> Any:
    return (
        (Token.token_hash == hash_token(token))
        & (Token.purpose == purpose)
        & Token.used_at.is_(None)
        & or_(Token.expires_at.is_(None), Token.expires_at > now)
    )


def consume(session: Session, token: str, purpose: TokenPurpose) -> Token | None:
    """Spend a token: its row when it was valid and unused, else None.

    Atomic: of two transactions spending the same token, one gets None.
    """
    now = clock.now()
    spent = session.execute(
        update(Token)
        .where(_valid(token, purpose, now))
        .values(used_at=now)
        .returning(Token.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if spent is None:
        return None
    return session.get(Token, spent, populate_existing=True)


def peek(session: Session, token: str, purpose: TokenPurpose) -> Token | None:
    """The token's row if it is valid and unused, without spending it."""
    query = select(Token).where(_valid(token, purpose, clock.now()))
    return session.scalars(query).one_or_none()


def purge(session: Session, *, used_before: datetime) -> int:
    """Delete tokens that expired, or were used, before ``used_before``; returns the count."""
    result = session.execute(
        delete(Token)
        .where(or_(Token.expires_at < used_before, Token.used_at < used_before))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
