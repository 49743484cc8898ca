"""Who is staff: admin bearer tokens for the API, and the admin page's session.

A bearer token (``Authorization: Bearer wbg_...``) is checked against the stored
hashes on every call; a revoked token is refused at once. Only a token of scope
``admin`` opens the admin API and the admin page; an ``app`` token opens the
applications' API alone (consent and restrictions). The admin page's session
cookie names the token it was opened with, which must still be active, and a session
token whose hash the store keeps (purpose ``session``, expiring with the cookie):
logging out spends it, so a copy of the cookie is worth nothing afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from starlette.requests import Request

from ..store import admin_tokens, tokens
from ..store.enums import TokenPurpose, TokenScope
from ..store.models import AdminToken
from .errors import ApiError
from .security import ADMIN_SESSION_LIFETIME, AdminSession, read_admin_session
from .state import web

__all__ = [
    "ApplicationDep",
    "Staff",
    "StaffDep",
    "active_session",
    "end_session",
    "login",
    "open_session",
    "require_application",
    "require_staff",
]

_bearer = HTTPBearer(
    auto_error=False,
    bearerFormat="wbg_...",
    description="An admin token from `waarborg admin token create NAME`.",
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="waarborg"'}


@dataclass(frozen=True)
class Staff:
    """The admin token a call was made with."""

    name: str
    scope: TokenScope = TokenScope.ADMIN

    @property
    def actor(self) -> str:
        return f"admin:{self.name}"


def _authenticated(credentials: HTTPAuthorizationCredentials | None, request: Request) -> Staff:
    """The caller's active token, any scope, or a 401 with the error envelope."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "an admin token is required: Authorization: Bearer wbg_...", _CHALLENGE)
    presented = credentials.credentials
    if not presented.startswith(admin_tokens.PREFIX) or len(presented) > 200:
        raise ApiError(401, "the admin token is not valid", _CHALLENGE)
    with web(request).database.write() as session:
        row = admin_tokens.authenticate(session, presented)
        if row is None:
            raise ApiError(401, "the admin token is not valid", _CHALLENGE)
        return Staff(row.name, row.scope)


def require_staff(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Staff:
    """The caller's admin token (scope ``admin``); a 401, or a 403 for an ``app`` token."""
    staff = _authenticated(credentials, request)
    if staff.scope != TokenScope.ADMIN:
        raise ApiError(
            403,
            f"the token {staff.name!r} opens the applications' API only (consent and "
            "restrictions); use a token created with --scope admin",
        )
    return staff


def require_application(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Staff:
    """The caller's token for the applications' API: scope ``app`` or ``admin``."""
    return _authenticated(credentials, request)


StaffDep = Annotated[Staff, Depends(require_staff)]
ApplicationDep = Annotated[Staff, Depends(require_application)]


def login(request: Request, presented: str) -> AdminToken | None:
    """The active token for a token pasted into the login form, or None; the caller
    lets in only a token of scope ``admin``."""
    presented = presented.strip()
    if not presented.startswith(admin_tokens.PREFIX) or len(presented) > 200:
        return None
    with web(request).database.write() as session:
        return admin_tokens.authenticate(session, presented)


def _session_subject(token_id: int) -> str:
    return f"admin-token:{token_id}"


def open_session(request: Request, row: AdminToken) -> str:
    """Open an admin page session for an admin token: the session token, whose hash
    the store keeps until it expires or is spent by logging out."""
    with web(request).database.write() as session:
        return tokens.issue(
            session,
            TokenPurpose.SESSION,
            lifetime=ADMIN_SESSION_LIFETIME,
            subject=_session_subject(row.id),
        )


def end_session(request: Request, found: AdminSession) -> None:
    """Log out: spend the session token, so the cookie is refused from now on."""
    with web(request).database.write() as session:
        tokens.consume(session, found.sid, TokenPurpose.SESSION)


def active_session(request: Request) -> AdminSession | None:
    """The admin page's session, when its cookie is sound, its session has not ended
    and its token is still active."""
    shared = web(request)
    found = read_admin_session(request, shared.key)
    if found is None or len(found.sid) > 200:
        return None
    with shared.database.read() as session:
        open_ = tokens.peek(session, found.sid, TokenPurpose.SESSION)
        if open_ is None or open_.subject != _session_subject(found.token_id):
            return None
        row = session.scalar(
            select(AdminToken).where(
                AdminToken.id == found.token_id,
                AdminToken.revoked_at.is_(None),
                AdminToken.scope == TokenScope.ADMIN,
            )
        )
    if row is None or row.name != found.name:
        return None
    return found
