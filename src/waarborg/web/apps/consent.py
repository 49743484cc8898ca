"""The consent API: recording consent and reading it back, for applications and for the
cookie banner.

Who may read whose state:

- **Applications** (``/api/v1/consent``, ``/api/v1/newsletters``) send an admin bearer
  token, one per application (``waarborg admin token create shop``). They record and
  read the consent of people by email address: a person's consents are personal data,
  so no one without a token reads or writes them.
- **The cookie banner** (``/api/v1/consent/visitor``) needs no token. It records the
  choice of an anonymous visitor under a random id that ``consent.js`` made and keeps
  in a first-party cookie, and reads back only that id's state. The id is 128 random
  bits: knowing it is what allows reading it, and it leads to no one else. These
  routes answer any origin (CORS without credentials), because the banner runs on the
  organisation's own website; recording is rate-limited per IP address.

Every recording is committed before the answer goes out: a 2xx means it is stored.
On SQLite the recordings of a process are committed in groups, several in one
transaction (``Database.committed``, ``store/group.py``); each answer still waits
for its own group's commit.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ... import clock
from ...consent import iso27560, ledger
from ...consent.cookies import MARKETING, category_of, cookie_purpose
from ...consent.notice import application_notice
from ...errors import ConsentError
from ...store import admin_tokens, ratelimit
from ...store.enums import ConsentState
from ...store.models import AdminToken, Consent
from ...store.tokens import hash_token
from ..admin.api import ErrorOut
from ..auth import admitted, bearer, presented, require_application
from ..errors import ApiError, envelope
from ..security import client_ip
from ..state import web
from .consent_models import (
    ConsentIn,
    HistoryOut,
    RecordedOut,
    RecordsOut,
    StateOut,
    VisitorIn,
    VisitorOut,
)
from .consent_state import parts

__all__ = ["router"]

#: Answers the banner may read from any website: no cookies are sent or accepted.
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}
_MINUTE = timedelta(minutes=1)

router = APIRouter(
    prefix="/api/v1",
    tags=["consent"],
    responses={422: {"model": ErrorOut, "description": "The request is not valid"}},
)


async def require_app(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The calling application's token name, or a 401 (``auth.require_application``)."""
    return (await require_application(request, credentials)).name


AppDep = Annotated[str, Depends(require_app)]
_TOKEN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No admin token, or not a valid one"}
}


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _event_json(event: ledger.Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "subject": event.subject.removeprefix(ledger.VISITOR),
        "purpose": event.purpose,
        "state": event.state.value,
        "notice_hash": event.notice_hash,
        "method": event.method,
        "lang": event.lang,
        "ip": event.ip,
        "at": _time(event.at),
    }


_NONE = {
    "consented": False,
    "state": None,
    "at": None,
    "method": None,
    "event_id": None,
    "notice_hash": None,
    "notice_current": None,
}


def _state_json(event: ledger.Event | None, current_hash: str | None) -> dict[str, Any]:
    if event is None:
        return dict(_NONE)
    return {
        "consented": event.given,
        "state": event.state.value,
        "at": _time(event.at),
        "method": event.method,
        "event_id": event.event_id,
        "notice_hash": event.notice_hash,
        "notice_current": None if current_hash is None else event.notice_hash == current_hash,
    }


def _invalid(exc: ConsentError) -> ApiError:
    status = 409 if exc.field == "event_id" else 422
    return ApiError(status, str(exc))


def _subject(value: str) -> str:
    try:
        return ledger.email_subject(value)
    except ConsentError as exc:
        raise _invalid(exc) from None


# Answers are built as plain JSON here (the declared models document them): these are
# the hot routes, and validating an answer again costs as much as the query.


# --- the cookie banner (first: the routes called most, and routes are tried in order) ------


def _cors(status: int, error: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        envelope(status, error), status_code=status, headers={**CORS, **(headers or {})}
    )


class _Limited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


@router.get(
    "/consent/visitor/{visitor}",
    response_model=VisitorOut,
    summary="A visitor's current cookie choice (the banner; no token)",
    responses={404: {"model": ErrorOut, "description": "Not a visitor id"}},
)
async def read_visitor(request: Request, visitor: str) -> Response:
    """Only the state of this visitor id. A category never chosen is not consented."""
    consent = parts(request)
    try:
        subject = ledger.visitor_subject(visitor)
    except ConsentError:
        return _cors(404, "not a visitor id")
    wanted = consent.purposes_asked
    database = web(request).database
    latest = await ledger.read_current(database, subject, wanted)
    content = {
        "ok": True,
        "visitor": visitor,
        "version": consent.banner.version,
        "categories": {
            category.key: _state_json(
                latest.get(purpose), category.notice.hash if category.notice else None
            )
            for purpose, category in wanted.items()
        },
        "events": [],
    }
    return JSONResponse(content, headers=CORS)


@router.options("/consent/visitor", include_in_schema=False)
@router.options("/consent/visitor/{visitor}", include_in_schema=False)
def visitor_preflight() -> Response:
    return Response(status_code=204, headers=CORS)


@router.post(
    "/consent/visitor",
    status_code=201,
    response_model=VisitorOut,
    summary="Record a visitor's cookie choice (the banner; no token)",
    responses={
        200: {"model": VisitorOut, "description": "Sent before with this event: nothing added"},
        409: {
            "model": ErrorOut,
            "description": "The banner changed since it was shown, or the event id was "
            "used for another choice",
        },
        429: {"model": ErrorOut, "description": "Too many choices from this address"},
    },
)
async def record_visitor(request: Request, body: VisitorIn) -> Response:
    """One event per category asked about. A category the body leaves out is refused.
    `Sec-GPC: 1` (or `gpc: true`) refuses marketing whatever the body says, with the
    method `gpc`. A choice sent again with its `event` adds nothing and answers 200 with
    the earlier events; an `event` used before for another choice or visitor is a 409."""
    shared, consent = web(request), parts(request)
    banner = consent.banner
    if body.version != banner.version:
        return _cors(409, "the cookie banner has changed since it was shown; show it again")
    unknown = sorted(set(body.choices) - {c.key for c in banner.asked})
    if unknown:
        return _cors(422, f"choices: not a category asked about: {', '.join(unknown)}")
    ip = client_ip(request)
    gpc = body.gpc or request.headers.get("sec-gpc", "").strip() == "1"
    choices = []
    for category in banner.asked:
        refused_by_gpc = gpc and category.key == MARKETING
        accepted = body.choices.get(category.key, False) and not refused_by_gpc
        choices.append(
            ledger.Choice(
                purpose=cookie_purpose(category.key),
                state=ConsentState.GIVEN if accepted else ConsentState.WITHDRAWN,
                method="gpc" if refused_by_gpc else "banner",
                notice=category.notice,
                event_id=f"{body.event}.{category.key}" if body.event else None,
            )
        )
    subject = ledger.visitor_subject(body.visitor)
    limit = shared.settings.consent_rate_limit_per_ip
    bucket = ratelimit.bucket("consent-ip", ip, shared.key) if limit > 0 else ""

    def write(connection: Connection) -> tuple[int, list[ledger.Event]]:
        if limit > 0 and ratelimit.hit(connection, bucket, _MINUTE) > limit:
            now = clock.now()
            ends = ratelimit.window_start(now, _MINUTE) + _MINUTE
            raise _Limited(max(1, int((ends - now).total_seconds())))
        status = 201
        resent = choices[0].event_id if choices else None
        if resent is not None and ledger.find(connection, resent) is not None:
            status = 200  # sent before: nothing is added, as POST /consent answers
        return status, ledger.record(connection, subject, choices, lang=body.lang, ip=ip)

    try:
        status, events = await shared.database.committed(write)
    except _Limited as exc:
        retry = {"Retry-After": str(exc.retry_after)}
        return _cors(429, "too many requests; try again later", retry)
    except ConsentError as exc:
        if exc.field != "event_id":
            return _cors(422, str(exc))
        return _cors(
            409,
            "event: this event id was recorded with another choice or for another visitor; "
            "send the new choice with a new event id",
        )
    content = {
        "ok": True,
        "visitor": body.visitor,
        "version": banner.version,
        "categories": {
            category_of(e.purpose) or e.purpose: _state_json(e, e.notice_hash) for e in events
        },
        "events": [_event_json(e) for e in events],
    }
    return JSONResponse(content, status_code=status, headers=CORS)


# --- applications --------------------------------------------------------------------------


@router.post(
    "/consent",
    status_code=201,
    response_model=RecordedOut,
    summary="Record consent given or withdrawn by a person (by email address)",
    responses={**_TOKEN_ERRORS, 409: {"model": ErrorOut, "description": "event_id reused"}},
)
async def record_consent(request: Request, app: AppDep, body: ConsentIn) -> Response:
    """Appends one event to the ledger. Without `notice_text` or `notice_hash`, the
    notice is the purpose as declared. With an `event_id` that was recorded before,
    nothing is added and the earlier event comes back (status 200)."""
    shared, consent = web(request), parts(request)
    subject = _subject(body.subject)
    declared = consent.notices.get(body.purpose)
    if declared is None:
        raise ApiError(
            422,
            f"purpose: {body.purpose!r} cannot be consented to; use one of: "
            + ", ".join(sorted(consent.notices)),
        )
    notice = application_notice(body.purpose, body.notice_text) if body.notice_text else None
    choice = ledger.Choice(
        purpose=body.purpose,
        state=ConsentState(body.state),
        method=body.method,
        notice=notice if notice else (None if body.notice_hash else declared),
        notice_hash=body.notice_hash,
        event_id=body.event_id,
        details={"application": app},
    )

    def write(connection: Connection) -> tuple[int, ledger.Event]:
        status = 201
        if body.event_id and ledger.find(connection, body.event_id) is not None:
            status = 200
        [event] = ledger.record(connection, subject, [choice], lang=body.lang, ip=body.ip)
        return status, event

    try:
        status, event = await shared.database.committed(write)
    except ConsentError as exc:
        raise _invalid(exc) from None
    return JSONResponse({"ok": True, "event": _event_json(event)}, status_code=status)


#: The application's token and the person's events in one statement, for the hottest
#: read of an application: one round trip instead of two. Without an active token under
#: the digest no row comes back, so nobody's consent is read for an unknown token.
_TOKEN_AND_EVENTS = (
    select(*admin_tokens.COLUMNS, *ledger.COLUMNS)
    .select_from(AdminToken)
    .outerjoin(Consent, Consent.subject_key == bindparam("subject"))
    .where(AdminToken.token_hash == bindparam("digest"), AdminToken.revoked_at.is_(None))
    .order_by(Consent.id)
)


class _TokenFirst(APIRoute):
    """A route that checks its token itself, in one statement with what it reads. When
    its parameters fail validation, a missing or wrong token is still refused first
    (401), as on every route that takes a token; the parameters' 422 comes only with a
    valid token."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def token_first(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError:
                await require_app(request, await bearer(request))
                raise

        return token_first


async def read_consent(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    subject: Annotated[str, Query(min_length=3, max_length=320)],
    purpose: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> Response:
    """Every declared purpose that rests on consent (or only the purposes asked for,
    cookie categories included): `consented` is true only when the latest event gives
    consent; a purpose never recorded is false."""
    token = presented(credentials)
    database = web(request).database
    consent = parts(request)
    wanted = list(purpose) if purpose else [p for p in consent.notices if not category_of(p)]
    try:
        key = ledger.email_subject(subject)
    except ConsentError as exc:
        await require_app(request, credentials)  # a 401 comes before a 422
        raise _invalid(exc) from None
    digest = hash_token(token)
    rows = await database.fetch(_TOKEN_AND_EVENTS, {"digest": digest, "subject": key})
    await admitted(database, admin_tokens.active_from(rows[0] if rows else None, digest), token)
    latest = ledger.latest((ledger.Event.of(r) for r in rows if r.event_id is not None), wanted)
    states = {
        p: _state_json(latest.get(p), n.hash if (n := consent.notices.get(p)) else None)
        for p in wanted
    }
    return JSONResponse({"ok": True, "subject": key, "purposes": states})


router.add_api_route(
    "/consent",
    read_consent,
    methods=["GET"],
    response_model=StateOut,
    summary="A person's current consent, per purpose",
    responses=_TOKEN_ERRORS,
    route_class_override=_TokenFirst,
)


@router.get(
    "/consent/history",
    response_model=HistoryOut,
    summary="Every consent event of a person",
    responses=_TOKEN_ERRORS,
)
def consent_history(
    request: Request, app: AppDep, subject: Annotated[str, Query(min_length=3, max_length=320)]
) -> Response:
    key = _subject(subject)
    with web(request).database.reading() as connection:
        events = ledger.history(connection, key)
    return JSONResponse({"ok": True, "subject": key, "events": [_event_json(e) for e in events]})


@router.get(
    "/consent/records",
    summary="A person's consents as ISO/IEC TS 27560 records",
    responses=_TOKEN_ERRORS,
)
def consent_records(
    request: Request,
    app: AppDep,
    subject: Annotated[str, Query(min_length=3, max_length=320)],
    lang: Literal["nl", "en"] = "nl",
) -> RecordsOut:
    shared = web(request)
    key = _subject(subject)
    with shared.database.reading() as connection:
        events = ledger.history(connection, key)
        notices = ledger.notices(connection, (e.notice_hash for e in events))
    records = iso27560.person_records(
        shared.declaration,
        key,
        events,
        notices=notices,
        base_url=shared.settings.base_url,
        lang=lang,
    )
    return RecordsOut(subject=key, records=records)
