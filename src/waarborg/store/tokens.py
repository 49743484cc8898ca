"""One-time link tokens: identity verification, downloads, newsletter confirmation.

A token is 256 random bits, handed out once; only its SHA-256 hash is stored. It is
spent with one UPDATE that only matches an unused, unexpired token, so two clicks
racing for it cannot both win. A wrong, used and expired token all look the same to
the caller: ``None``.

A link in a letter is made when the letter is sent, not when it is queued:
``reserve`` records the token's purpose, owner and expiry with no usable hash and
gives a placeholder to write into the letter; the outbox ``mint``s the token at
delivery, puts it in the message it hands to the mail server, and keeps only the
hash. So no live link waits in the store while a letter is queued, and none stays
there once it is sent.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from .. import clock
from .enums import TokenPurpose
from .models import HASH as HASH_LENGTH
from .models import Token

__all__ = ["Reserved", "consume", "hash_token", "issue", "mint", "peek", "purge", "reserve"]

#: A reserved token's stored "hash": never the hex digest of anything, so it matches
#: no token until ``mint`` replaces it.
RESERVED = "reserved:"
#: How a placeholder in a queued letter starts; 24 hex characters follow.
PLACEHOLDER = "WBLINK"


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


@dataclass(frozen=True)
class Reserved:
    """A token that exists only as a row until its letter is sent: ``placeholder`` is
    written into the letter where the token goes (``links.verify(base, placeholder)``),
    and the outbox replaces it at delivery."""

    token_id: int
    placeholder: str


_TOKENS = cast(Table, Token.__table__)
_RESERVE = insert(_TOKENS).returning(_TOKENS.c.id)


def reserve(
    session: Session,
    purpose: TokenPurpose,
    *,
    lifetime: timedelta | None,
    request_id: int | None = None,
    subject: str | None = None,
    data: dict[str, Any] | None = None,
) -> Reserved:
    """Record a token for a letter's link without making it; ``mint`` makes it when
    the letter is sent. The expiry counts from now, as the letter says."""
    now = clock.now()
    # One INSERT that returns the row's id, on the session's connection: it does not
    # flush what the session holds (that goes in one flush at commit, and the token
    # needs none of it) nor take the ORM's bulk path.
    token_id = (
        session.connection()
        .execute(
            _RESERVE,
            {
                "purpose": purpose,
                "token_hash": RESERVED + secrets.token_hex(32)[: HASH_LENGTH - len(RESERVED)],
                "request_id": request_id,
                "subject": subject,
                "data": data or {},
                "created_at": now,
                "expires_at": None if lifetime is None else now + lifetime,
            },
        )
        .scalar_one()
    )
    return Reserved(token_id=token_id, placeholder=PLACEHOLDER + secrets.token_hex(12))


def mint(session: Session, token_id: int) -> str | None:
    """Make the token of a reserved row, for the letter about to be sent; returns it,
    the only time it exists in full. A token minted before (a delivery tried again
    before any server accepted the letter) is replaced. None when the row is gone,
    spent or expired: that letter's link would not work, so it is not made."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    minted = session.execute(
        update(Token)
        .where(
            Token.id == token_id,
            Token.used_at.is_(None),
            or_(Token.expires_at.is_(None), Token.expires_at > now),
        )
        .values(token_hash=hash_token(token))
        .returning(Token.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return None if minted is None else token


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
