"""Who is staff: admin bearer tokens for the API, and the admin page's session.

A bearer token (``Authorization: Bearer wbg_...``) is checked against the stored
hashes on every call, by one check (``admitted``) for the admin API and the
applications' API alike; a revoked token is refused at once. Only a token of scope
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
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..store import Database, admin_tokens, tokens
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
    "admitted",
    "bearer",
    "end_session",
    "login",
    "open_session",
    "presented",
    "require_application",
    "require_staff",
]

bearer = HTTPBearer(
    auto_error=False,
    bearerFormat="wbg_...",
    description=(
        "An admin token from `waarborg admin token create NAME` (`--scope app` for an "
        "application, which opens the applications' API only)."
    ),
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="waarborg"'}


@dataclass(frozen=True)
class Staff:
    """The token a call was made with: its name and what it opens."""

    name: str
    scope: TokenScope = TokenScope.ADMIN

    @property
    def actor(self) -> str:
        return f"admin:{self.name}"


def presented(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token sent, or a 401 when there is none that could be one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "an admin token is required: Authorization: Bearer wbg_...", _CHALLENGE)
    token = credentials.credentials
    if not token.startswith(admin_tokens.PREFIX) or len(token) > 200:
        raise ApiError(401, "the admin token is not valid", _CHALLENGE)
    return token


async def admitted(database: Database, found: admin_tokens.Active | None, token: str) -> Staff:
    """The one check of a token, for staff and applications alike: the token found
    active (``admin_tokens.lookup``, only reading), or a 401. Its use is written down
    at most every few minutes, in a thread, so a call never waits for the write lock."""
    if found is None:
        raise ApiError(401, "the admin token is not valid", _CHALLENGE)
    if found.touch_due:
        await run_in_threadpool(_touch, database, token)
    return Staff(found.name, found.scope)


def _touch(database: Database, token: str) -> None:
    with database.write() as session:
        admin_tokens.authenticate(session, token)


async def _caller(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Staff:
    token = presented(credentials)
    database = web(request).database
    return await admitted(database, await admin_tokens.read_lookup(database, token), token)


async def require_staff(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Staff:
    """The caller's admin token (scope ``admin``); a 401, or a 403 for an ``app`` token."""
    staff = await _caller(request, credentials)
    if staff.scope != TokenScope.ADMIN:
        raise ApiError(
            403,
            f"the token {staff.name!r} opens the applications' API only (consent and "
            "restrictions); use a token created with --scope admin",
        )
    return staff


async def require_application(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Staff:
    """The caller's token for the applications' API: scope ``app`` or ``admin``."""
    return await _caller(request, credentials)


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
