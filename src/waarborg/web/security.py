"""The web layer's defences: CSRF tokens, the admin session cookie, rate limits on
intake, and the security headers every response carries.

CSRF: a *signed double-submit cookie*. The first page with a form sets a random
cookie (``wbg_csrf``); each form carries ``HMAC(secret key, cookie)``. A POST is
accepted only when the field matches the cookie it came with. Nothing is kept on the
server, so several web processes sharing the secret key agree, and the privacy
centre needs no session. The admin page's forms are bound to the admin session
instead (``HMAC(secret key, session id)``), so a cookie planted by a neighbouring
site cannot be paired with a token the attacker fetched himself.

The admin session cookie is signed (itsdangerous) and carries the admin token it was
opened with and a session token; the server keeps the session token's hash (a token
of purpose ``session`` in the store, ``auth.open_session``). Every request checks both
are still valid: logging out spends the session token, so the old cookie is refused
from then on, and revoking the admin token ends its sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import clock
from ..store import ratelimit
from ..store.db import Database

__all__ = [
    "ADMIN_COOKIE",
    "ADMIN_SESSION_LIFETIME",
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "AdminSession",
    "CsrfError",
    "ForwardedClient",
    "RateLimited",
    "SecurityHeaders",
    "SlashRedirects",
    "admin_csrf_token",
    "check_admin_csrf",
    "check_csrf",
    "check_intake_limits",
    "client_ip",
    "csrf_token",
    "forwarded_client",
    "read_admin_session",
    "set_pending_cookies",
    "sign_csrf",
    "write_admin_session",
]

CSRF_COOKIE = "wbg_csrf"
CSRF_FIELD = "csrf_token"
ADMIN_COOKIE = "wbg_admin"
ADMIN_SESSION_LIFETIME = timedelta(hours=8)

#: No scripts at all: the pages work without JavaScript. Styles only from our own file.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
    b"x-content-type-options": b"nosniff",
    b"cross-origin-opener-policy": b"same-origin",
    b"cross-origin-resource-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=()",
}


class CsrfError(Exception):
    """A POST without a valid CSRF token."""


class RateLimited(Exception):
    """Too many requests filed from one IP address or for one email address."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after} seconds")
        self.retry_after = retry_after


# --- CSRF ------------------------------------------------------------------------------


def _sign(key: bytes, purpose: str, value: str) -> str:
    message = f"{purpose}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign_csrf(key: bytes, cookie: str) -> str:
    """The form token that goes with a CSRF cookie's value."""
    return _sign(key, "csrf", cookie)


def csrf_token(request: Request, key: bytes) -> str:
    """The token for a form on this page; sets the CSRF cookie when the browser has none.

    The cookie is written by ``set_pending_cookies`` when the response is built.
    """
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) < 32:
        value = getattr(request.state, "new_csrf_cookie", None) or secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = value
    return _sign(key, "csrf", value)


def check_csrf(request: Request, key: bytes, submitted: str | None) -> None:
    """Raise CsrfError unless ``submitted`` matches the request's CSRF cookie."""
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) < 32 or not submitted:
        raise CsrfError("missing CSRF cookie or token")
    if not hmac.compare_digest(_sign(key, "csrf", value).encode(), submitted.encode()):
        raise CsrfError("CSRF token does not match")


def admin_csrf_token(key: bytes, session: AdminSession) -> str:
    return _sign(key, "admin-csrf", session.sid)


def check_admin_csrf(key: bytes, session: AdminSession, submitted: str | None) -> None:
    expected = admin_csrf_token(key, session).encode()
    if not submitted or not hmac.compare_digest(expected, submitted.encode()):
        raise CsrfError("admin CSRF token does not match")


def set_pending_cookies(request: Request, response: Response, *, secure: bool) -> None:
    """Write the CSRF cookie chosen while rendering, if any."""
    value = getattr(request.state, "new_csrf_cookie", None)
    if value:
        response.set_cookie(
            CSRF_COOKIE, value, httponly=True, samesite="lax", secure=secure, path="/"
        )


# --- the admin session -----------------------------------------------------------------


@dataclass(frozen=True)
class AdminSession:
    """Who is logged in to the admin page: the admin token's id and name, and the
    session token (``sid``) whose hash the store keeps while the session lasts."""

    token_id: int
    name: str
    sid: str

    @property
    def actor(self) -> str:
        return f"admin:{self.name}"


def _serializer(key: bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt="waarborg.admin-session")


def write_admin_session(
    response: Response, key: bytes, *, token_id: int, name: str, session: str, secure: bool
) -> None:
    """The cookie of a session opened in the store (``session`` is its token): signed,
    HttpOnly, SameSite=Strict, for the admin page only."""
    value = _serializer(key).dumps({"t": token_id, "n": name, "s": session})
    response.set_cookie(
        ADMIN_COOKIE,
        value,
        max_age=int(ADMIN_SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/admin",
    )


def read_admin_session(request: Request, key: bytes) -> AdminSession | None:
    """The session the cookie carries, when its signature holds and it is not too old.

    Whether the session and its admin token are still valid is checked by the caller,
    in the store (``auth.active_session``).
    """
    value = request.cookies.get(ADMIN_COOKIE)
    if not value:
        return None
    try:
        data: Any = _serializer(key).loads(
            value, max_age=int(ADMIN_SESSION_LIFETIME.total_seconds())
        )
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    token_id, name, sid = data.get("t"), data.get("n"), data.get("s")
    if not isinstance(token_id, int) or not isinstance(name, str) or not isinstance(sid, str):
        return None
    return AdminSession(token_id, name, sid)


# --- rate limits -----------------------------------------------------------------------


def client_ip(request: Request) -> str:
    """The client's address: the one that connects, or the one a trusted proxy names
    (``ForwardedClient``)."""
    return request.client.host if request.client else "unknown"


Network = IPv4Network | IPv6Network


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def forwarded_client(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client behind the proxies in ``trusted``: from the address that connects
    (``peer``), step left through ``X-Forwarded-For`` while the hop is a trusted proxy.
    What a client wrote into the header itself stays left of the first untrusted hop,
    so it is never taken; an entry that is not an address ends the walk."""

    def is_trusted(text: str) -> bool:
        found = _address(text)
        return found is not None and any(found in network for network in trusted)

    current = peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(current) or _address(hop) is None:
            break
        current = str(_address(hop))
    return current


class ForwardedClient:
    """ASGI middleware: behind a configured reverse proxy (``WAARBORG_TRUSTED_PROXIES``),
    the client is the address its ``X-Forwarded-For`` names. Added only when proxies
    are configured: without it, no header is believed, also not from localhost."""

    def __init__(self, app: ASGIApp, *, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = list(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client:
            values = [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
            if values:
                found = forwarded_client(str(client[0]), ",".join(values), self.trusted)
                if found != client[0]:
                    scope = {**scope, "client": (found, 0)}
        await self.app(scope, receive, send)


def check_intake_limits(
    database: Database,
    key: bytes,
    *,
    ip: str,
    email: str,
    per_ip: int,
    per_email: int,
    window: timedelta,
) -> None:
    """Count one request filed from ``ip`` for ``email``; raise RateLimited past a limit.

    ``ip`` counts by its network (an IPv6 address by its /64) and ``email`` by its
    mailbox (``identity.mailbox_key``): see ``store.ratelimit``. The buckets hold keyed
    hashes, never the addresses themselves.
    """
    with database.write() as session:
        by_ip = ratelimit.hit(session, ratelimit.bucket("ip", ip, key), window)
        by_email = ratelimit.hit(session, ratelimit.bucket("email", email, key), window)
    if by_ip > per_ip or by_email > per_email:
        now = clock.now()
        ends = ratelimit.window_start(now, window) + window
        raise RateLimited(max(1, int((ends - now).total_seconds())))


# --- redirects -------------------------------------------------------------------------


class SlashRedirects:
    """The router's fallback for a path no route matches: when the path with or without
    its trailing slash does match (``/nl`` for ``/nl/``), a redirect to it; otherwise the
    router's own "not found".

    Starlette's own redirect writes an absolute URL from the request's Host header, so
    a forged Host sent the visitor elsewhere. This one answers with the path alone,
    relative to the host the browser already asked, and never ``//`` (which a browser
    reads as another host).
    """

    def __init__(self, router: Router) -> None:
        self.router = router
        self.fallback = router.default
        router.redirect_slashes = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and path != "/":
            other = dict(scope)
            other["path"] = path.rstrip("/") if path.endswith("/") else path + "/"
            if any(route.matches(other)[0] is not Match.NONE for route in self.router.routes):
                location = "/" + str(other["path"]).lstrip("/")
                query = scope.get("query_string", b"")
                if query:
                    location += "?" + query.decode("latin-1")
                await RedirectResponse(location, status_code=307)(scope, receive, send)
                return
        await self.fallback(scope, receive, send)


# --- headers ---------------------------------------------------------------------------


class SecurityHeaders:
    """ASGI middleware: security headers on every response.

    A response that sets its own Content-Security-Policy (the privacy statement, with
    its one inline style allowed by hash) keeps it. Everything but the static files is
    ``Cache-Control: no-store``: pages carry tokens and personal data.
    """

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = dict(_HEADERS)
                extra[b"content-security-policy"] = CONTENT_SECURITY_POLICY.encode()
                if not static:
                    extra[b"cache-control"] = b"no-store"
                if self.https:
                    extra[b"strict-transport-security"] = b"max-age=31536000"
                headers.extend((k, v) for k, v in extra.items() if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
