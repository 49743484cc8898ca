"""Each HTTP request's time in the server, for ``WAARBORG_STORE_TRACE``
(``waarborg.store.trace``): the app adds this middleware only when tracing."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Receive, Scope, Send

from ..store import trace

__all__ = ["HttpTimes"]


class HttpTimes:
    """ASGI middleware recording each HTTP request's time in the server (``http``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            trace.event("http", start, time.monotonic(), path=scope.get("path", ""))
