"""Each member of staff's own choices: the language of the admin and of their
notices, the address their notices go to, and the kinds of notices they turned off.

A member of staff is an active admin token of scope ``admin`` (``store.admin_tokens``);
an application's token (scope ``app``) has no choices and is sent nothing. Until a
member chooses, the admin speaks Dutch to them and they are sent no notices: they have
no address. An address is checked as every address Waarborg writes to
(``identity.parse_email``). Revoking a token clears its address.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ChoiceError, EmailAddressError, NotFoundError
from ..identity import parse_email
from .enums import StaffNoticeKind, TokenScope
from .models import AdminToken

__all__ = [
    "KINDS",
    "LANGUAGES",
    "UNCHANGED",
    "Member",
    "change",
    "language_of",
    "member",
    "members",
    "named",
    "parse_kinds",
]

#: The languages the admin speaks; the first is the one until a member chooses.
LANGUAGES = ("nl", "en")
#: The kinds of notices, each of which a member can turn off.
KINDS: tuple[str, ...] = tuple(kind.value for kind in StaffNoticeKind)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: Passed to ``change`` for a choice to leave as it is.
UNCHANGED: Final = _Unchanged()


@dataclass(frozen=True)
class Member:
    """A member of staff and their choices."""

    id: int
    name: str
    #: ``nl`` or ``en``: what they chose, else Dutch.
    language: str
    #: Whether they chose the language (else it is Dutch by default).
    language_chosen: bool
    email: str | None
    off: frozenset[str]

    def wants(self, kind: str) -> bool:
        """Whether a notice of ``kind`` is mailed to them: they have an address and did
        not turn that kind off."""
        return self.email is not None and kind not in self.off

    @property
    def actor(self) -> str:
        return f"admin:{self.name}"


def _member(row: AdminToken) -> Member:
    return Member(
        id=row.id,
        name=row.name,
        language=row.language or LANGUAGES[0],
        language_chosen=row.language is not None,
        email=row.email,
        off=frozenset(str(kind) for kind in row.notices_off or ()),
    )


_ACTIVE = select(AdminToken).where(
    AdminToken.revoked_at.is_(None), AdminToken.scope == TokenScope.ADMIN
)


def member(session: Session, token_id: int) -> Member | None:
    """The member of staff of an active admin token, or None."""
    row = session.scalar(_ACTIVE.where(AdminToken.id == token_id))
    return None if row is None else _member(row)


def named(session: Session, name: str) -> Member:
    """The member of staff with the active admin token ``name``."""
    row = session.scalar(_ACTIVE.where(AdminToken.name == name))
    if row is None:
        raise NotFoundError(f"no active staff token named {name!r} (scope admin)")
    return _member(row)


def members(session: Session) -> list[Member]:
    """Every member of staff, oldest token first."""
    rows = session.scalars(_ACTIVE.order_by(AdminToken.created_at, AdminToken.id))
    return [_member(row) for row in rows]


def language_of(session: Session, token_id: int) -> str | None:
    """The language the member of staff chose, or None when they did not (or the token
    is no longer active)."""
    found = session.scalar(
        select(AdminToken.language).where(
            AdminToken.id == token_id,
            AdminToken.revoked_at.is_(None),
            AdminToken.scope == TokenScope.ADMIN,
        )
    )
    return found if found in LANGUAGES else None


def parse_kinds(values: Iterable[str]) -> frozenset[str]:
    """Kinds of notices as named (``complaint``, ``review``, ``breach``, ``deadline``);
    ChoiceError for another."""
    kinds = frozenset(value.strip() for value in values if value.strip())
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise ChoiceError(
            "notices", f"no kind of notice {', '.join(unknown)}; the kinds are: {', '.join(KINDS)}"
        )
    return kinds


def _address(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_email(value)
    except EmailAddressError as exc:
        raise ChoiceError("email", exc.message) from None


def change(
    session: Session,
    token_id: int,
    *,
    language: str | _Unchanged | None = UNCHANGED,
    email: str | _Unchanged | None = UNCHANGED,
    off: Iterable[str] | _Unchanged = UNCHANGED,
) -> Member:
    """Store a member of staff's choices; what is ``UNCHANGED`` stays as it is.

    ``language`` ``nl`` or ``en`` (None: back to the default); ``email`` one plain
    address (None or empty: no notices by mail); ``off`` the kinds of notices they do
    not want (all of them at once: the ones not named are wanted).
    """
    row = session.scalar(_ACTIVE.where(AdminToken.id == token_id))
    if row is None:
        raise NotFoundError("no active staff token with that id")
    if not isinstance(language, _Unchanged):
        if language is not None and language not in LANGUAGES:
            raise ChoiceError("language", f"choose one of: {', '.join(LANGUAGES)}")
        row.language = language
    if not isinstance(email, _Unchanged):
        row.email = _address(email)
    if not isinstance(off, _Unchanged):
        row.notices_off = sorted(parse_kinds(off))
    session.flush()
    return _member(row)
