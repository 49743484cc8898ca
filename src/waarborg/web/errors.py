"""One error envelope for the API, and the same errors as readable pages.

Every error the JSON API returns has exactly this shape (``tests/test_web_errors.py``
pins it)::

    {"ok": false, "error": "a sentence saying what is wrong", "status": 401}

Paths under ``/api/`` get the envelope; every other path gets an HTML page in the
visitor's language with the same status code.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import psycopg
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import NotFoundError, RequestError, WaarborgError
from .pages import pick_language, render
from .security import CsrfError, RateLimited

__all__ = ["ApiError", "envelope", "error_response", "install"]

log = logging.getLogger("waarborg.web")

#: The Retry-After of an answer given while the store is unavailable.
STORE_RETRY_AFTER_S = 30


class ApiError(Exception):
    """An error with its HTTP status and the sentence to show."""

    def __init__(self, status: int, error: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.headers = headers


def envelope(status: int, error: str) -> dict[str, Any]:
    """The API's error body."""
    return {"ok": False, "error": error, "status": status}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page_language(request: Request) -> str:
    first = request.url.path.strip("/").split("/", 1)[0]
    return first if first in ("nl", "en") else pick_language(request)


def error_response(
    request: Request,
    status: int,
    error: str,
    *,
    headers: Mapping[str, str] | None = None,
    minutes: int | None = None,
    reason: str | None = None,
) -> Response:
    """The error as the envelope (API) or as a page (everything else). ``reason`` adds
    the page's sentence on what to do (``errors.reason.<reason>`` in the wording)."""
    if _is_api(request):
        return JSONResponse(envelope(status, error), status_code=status, headers=headers)
    lang = _page_language(request)
    shown = status if status in (400, 403, 404, 405, 413, 422, 429, 500, 503) else 400
    if status >= 500:
        shown = 503 if status == 503 else 500
    return render(
        request,
        "error.html.j2",
        lang=lang,
        status=status,
        headers=headers,
        shown=shown,
        minutes=minutes or 60,
        reason=reason,
        switch_url="/en/" if lang == "nl" else "/nl/",
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "invalid request: " + "; ".join(parts)


#: The fields of a RequestError that are a conflict with the record as it stands (its
#: status, or a preview the data has moved on from), not a fault in what was sent.
CONFLICTS = ("status", "preview")


def request_error_status(exc: RequestError) -> int:
    """409 for a conflict with the record as it stands, 422 for what was sent: the
    same for the admin's pages and its API."""
    return 409 if exc.field in CONFLICTS else 422


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the envelope or a page."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(request, exc.status, exc.error, headers=exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        return error_response(request, exc.status_code, detail, headers=exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, 422, _validation_message(exc))

    async def csrf_error(request: Request, exc: Exception) -> Response:
        return error_response(
            request, 403, "the form's CSRF token is missing or does not match; reload the page"
        )

    async def rate_limited(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RateLimited)
        return error_response(
            request,
            429,
            "too many requests; try again later",
            headers={"Retry-After": str(exc.retry_after)},
            minutes=max(1, -(-exc.retry_after // 60)),
        )

    async def waarborg_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, NotFoundError):
            return error_response(request, 404, str(exc))
        if isinstance(exc, RequestError):
            status = request_error_status(exc)
            return error_response(request, status, f"{exc.field}: {exc.message}")
        log.exception("unexpected error serving %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error")

    async def store_unavailable(request: Request, exc: Exception) -> Response:
        # The database is down, unreachable or (SQLite) locked for too long: nothing
        # was acknowledged, so the person can simply send it again.
        # The driver's message only: SQLAlchemy's own names the statement and its
        # parameters, which may hold personal data.
        cause = getattr(exc, "orig", None) or exc
        log.error("the store is unavailable serving %s: %s", request.url.path, cause)
        return error_response(
            request,
            503,
            "the store is unavailable for a moment; try again shortly",
            headers={"Retry-After": str(STORE_RETRY_AFTER_S)},
            minutes=1,
        )

    async def unstorable(request: Request, exc: Exception) -> Response:
        # The database refused a value (out of range, a character it cannot store) that
        # got past the checks at the door: nothing was stored, and the sender can fix it.
        # The kind of error only: the driver's message may quote the value itself.
        cause = getattr(exc, "orig", None) or exc
        state = getattr(cause, "sqlstate", None) or "-"
        log.warning(
            "the store refused a value serving %s: %s (SQLSTATE %s)",
            request.url.path,
            type(cause).__name__,
            state,
        )
        return error_response(
            request, 422, "a value in the request cannot be stored as given; correct it"
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error serving %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(CsrfError, csrf_error)
    app.add_exception_handler(RateLimited, rate_limited)
    app.add_exception_handler(WaarborgError, waarborg_error)
    for unavailable in (OperationalError, InterfaceError, psycopg.OperationalError):
        app.add_exception_handler(unavailable, store_unavailable)
    for refused in (DataError, psycopg.DataError):
        app.add_exception_handler(refused, unstorable)
    app.add_exception_handler(Exception, server_error)
