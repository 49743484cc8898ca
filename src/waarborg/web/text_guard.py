"""Text that cannot be stored is refused at the door, on every route.

A NUL in a form field once gave a 500 on PostgreSQL, on the public forms too. This
ASGI middleware applies ``waarborg.plaintext`` to everything a route can read as
text: the path (and so its parameters), the query string, and a body sent as a form
(URL-encoded or multipart) or as JSON (keys and strings, however deep). The first
wrong text is answered with a 422 that names it: in the API's envelope under
``/api/`` (``name: holds a NUL character (U+0000)...``), and as the error page in the
visitor's language elsewhere, saying what to do. A body is read here only when it is
a form or JSON, and ``BodyLimit`` (outside this one) has capped its size.
"""

from __future__ import annotations

import json
from email.message import Message as _ContentType
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..plaintext import problem, shown, walk
from .errors import error_response

__all__ = ["TextGuard"]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _kind(scope: Scope) -> str | None:
    """``json``, ``form`` or None, as the route would read the body (FastAPI reads a
    body without a content type as JSON)."""
    value = None
    for name, raw in scope.get("headers", ()):
        if name == b"content-type":
            value = raw.decode("latin-1")
            break
    if value is None:
        return "json"
    parsed = _ContentType()
    parsed["content-type"] = value
    main, sub = parsed.get_content_maintype(), parsed.get_content_subtype()
    if main == "application" and (sub == "json" or sub.endswith("+json")):
        return "json"
    if (main, sub) in (("application", "x-www-form-urlencoded"), ("multipart", "form-data")):
        return "form"
    return None


def _in_query(query: bytes) -> tuple[str, str] | None:
    text = query.decode("latin-1")
    for name, value in parse_qsl(text, keep_blank_values=True):
        for part in (name, value):
            wrong = problem(part)
            if wrong is not None:
                return shown(name), wrong
    return None


async def _in_form(scope: Scope, body: bytes) -> tuple[str, str] | None:
    sent = False

    async def once() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    request = Request(scope, once)
    try:
        form = await request.form()
    except Exception:
        return None  # not a form after all: the route says so
    try:
        for name, value in form.multi_items():
            for part in (name, value if isinstance(value, str) else None):
                wrong = problem(part) if part is not None else None
                if wrong is not None:
                    return shown(name), wrong
            if isinstance(value, UploadFile) and value.filename:
                wrong = problem(value.filename)
                if wrong is not None:
                    return shown(name), wrong
    finally:
        await form.close()
    return None


def _in_json(body: bytes) -> tuple[str, str] | None:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: the route says so
    return walk(value)


class TextGuard:
    """ASGI middleware: a 422 for text that cannot be stored, before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wrong = problem(scope.get("path", ""))
        found = ("path", wrong) if wrong is not None else _in_query(scope.get("query_string", b""))
        kind = _kind(scope) if scope.get("method") in _BODY_METHODS else None
        if found is not None or kind is None:
            if found is not None:
                await self._refuse(scope, receive, send, *found)
            else:
                await self.app(scope, receive, send)
            return
        chunks = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away before the body was complete.
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body:
            found = _in_json(body) if kind == "json" else await _in_form(scope, body)
        if found is not None:
            await self._refuse(scope, receive, send, *found)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, field: str, wrong: str
    ) -> None:
        response = error_response(Request(scope), 422, f"{field}: {wrong}", reason="control")
        await response(scope, receive, send)
