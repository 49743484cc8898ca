"""A limit on the size of a request's body, enforced while the body streams in.

One limit holds for every route (the setting ``max_body_bytes``, 1 MiB by default):
the largest body Waarborg takes, a breach with all its texts, stays well under it.
Routes that take a file may have a larger limit of their own (``larger``: the admin's
import of a statement, ``import_max_bytes``).

- A request that announces a larger body (``Content-Length``) is answered 413 before
  a byte of the body is read.
- A request that streams more than it announced, or announces nothing (chunked), is
  counted as it comes in and cut off the moment it passes the limit; what the route
  made of the cut-off body is dropped and the 413 goes out instead.

The 413 is the API's error envelope under ``/api/`` and the error page elsewhere, with
``Connection: close``, so that the server takes in nothing more of the body.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response

__all__ = ["DEFAULT_LIMIT", "BodyLimit", "describe"]

#: Bytes a request's body may hold unless ``max_body_bytes`` says otherwise.
DEFAULT_LIMIT = 1024 * 1024


class _TooLarge(Exception):
    """Raised inside the route's read of the body once it passes the limit."""


def describe(limit: int) -> str:
    """The limit in words: ``1 MB``, ``512 kB`` or ``800 bytes``."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} kB"
    return f"{limit} bytes"


def _announced(scope: Scope) -> int | None:
    """The body's length as the request announces it; None when it does not."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """ASGI middleware: a 413 for a request whose body is larger than ``limit`` bytes."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int = DEFAULT_LIMIT,
        larger: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        #: Limits by exact path, for the routes that take a file.
        self.larger = dict(larger or {})

    def _limit(self, scope: Scope) -> int:
        return self.larger.get(scope.get("path", ""), self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        announced = _announced(scope)
        if announced is not None and announced > limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    raise _TooLarge
            return message

        async def unless_over(message: Message) -> None:
            nonlocal started
            if over:
                return  # the route's answer to a cut-off body is not the answer
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            # Whatever the route made of the cut-off body (the body parser's error
            # included) gives way to the 413; anything else is the route's own error.
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            Request(scope),
            413,
            f"the request body is too large: at most {describe(self._limit(scope))} is accepted",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
