"""The admin page for the complaints register: complaints with the days left on their
clock, and the actions on each (the breaches have pages of their own:
``admin_breaches_page``).

Staff log in as on the request pages (a pasted admin token, then a signed session
cookie); every form carries the CSRF token bound to that session. Overdue items are
marked in words and with a symbol, not by colour alone. Times typed into the forms
are read in the organisation's time zone (Europe/Amsterdam).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import i18n
from ...errors import RequestError
from ...registers.complaints import RESOLUTIONS
from ..auth import active_session
from ..errors import request_error_status
from ..security import AdminSession, check_admin_csrf
from ..state import web
from .handlers import Desk, desk
from .lang import staff_language
from .page import page as _page
from .words import helpers

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin page"])

ZONE = ZoneInfo("Europe/Amsterdam")
_Text = Annotated[str | None, Form(max_length=20_000)]
_Short = Annotated[str | None, Form(max_length=200)]
_Csrf = Annotated[str | None, Form(max_length=200)]
_DONE = {
    "entered",
    "acknowledged",
    "answered",
    "closed",
    "recorded",
    "decided",
    "notified",
    "told",
}


def _login(request: Request, status: int = 200) -> Response:
    return _page(request, "admin_login.html.j2", None, status=status, error=None)


def _moment(value: str | None, field: str) -> datetime | None:
    """A time typed into a form (``2026-03-02T09:30``), in the organisation's zone."""
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RequestError(field, "write the time as 2026-03-02T09:30") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZONE)


def _words(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


def _count(value: str | None, field: str) -> int | None:
    if not value or not value.strip():
        return None
    if not value.strip().isdigit():
        raise RequestError(field, "give a whole number")
    return int(value)


def _act(
    request: Request,
    csrf_token: str | None,
    where: str,
    done: str,
    run: Callable[[AdminSession], str | None],
    again: Callable[[AdminSession, str, int], Response],
) -> Response:
    """Check the session and CSRF, run the action; back to ``where`` with ``done``, or
    the page again with the error."""
    session = active_session(request)
    if session is None:
        return _login(request, status=401)
    check_admin_csrf(web(request).key, session, csrf_token)
    try:
        target = run(session) or where
    except RequestError as exc:
        status = request_error_status(exc)
        return again(session, f"{exc.field}: {exc.message}", status)
    return RedirectResponse(f"{target}?done={done}", status_code=303)


# --- complaints --------------------------------------------------------------------------

#: What a complaint's page says after an action.
_COMPLAINT_DONE = ("entered", "acknowledged", "answered", "closed")
#: The fields whose errors the complaint pages word (``admin.complaints.errors``).
_COMPLAINT_FIELDS = (
    "name",
    "email",
    "text",
    "message",
    "outcome",
    "channel",
    "lang",
    "received_at",
    "resolution",
    "request",
    "status",
)


def _complaint_error(exc: RequestError, lang: str) -> tuple[str, str]:
    """A complaint's error in the member of staff's words, and the field it is about."""
    field = exc.field if exc.field in _COMPLAINT_FIELDS else "other"
    return i18n.t(f"admin.complaints.errors.{field}", lang), exc.field


def _complaint_act(
    request: Request,
    csrf_token: str | None,
    where: str,
    done: str,
    run: Callable[[AdminSession], str | None],
    again: Callable[[AdminSession, RequestError, int], Response],
) -> Response:
    """``_act`` for a complaint: the page again with the error in words."""
    session = active_session(request)
    if session is None:
        return _login(request, status=401)
    check_admin_csrf(web(request).key, session, csrf_token)
    try:
        target = run(session) or where
    except RequestError as exc:
        return again(session, exc, request_error_status(exc))
    return RedirectResponse(f"{target}?done={done}", status_code=303)


def _complaints_page(
    request: Request,
    session: AdminSession,
    *,
    open_only: bool = True,
    error: RequestError | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    views = desk(request, session.actor).complaints(open_only=open_only)
    lang = staff_language(request, session)
    message, field = _complaint_error(error, lang) if error else (None, None)
    return _page(
        request,
        "admin_complaints.html.j2",
        session,
        status=status,
        views=views,
        open_only=open_only,
        error=message,
        error_field=field,
        form=form or {},
        overdue=sum(1 for v in views if v.overdue),
        **helpers(lang),
    )


@router.get("/complaints", response_class=HTMLResponse, summary="The complaints, with days left")
def complaints(request: Request, show: Annotated[str, Query(max_length=10)] = "open") -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    return _complaints_page(request, session, open_only=show != "all")


@router.post("/complaints", summary="Enter a complaint that came by e-mail, post or phone")
def complaint_enter(
    request: Request,
    name: _Short = None,
    email: Annotated[str | None, Form(max_length=400)] = None,
    text: _Text = None,
    channel: _Short = None,
    received_at: _Short = None,
    lang: Annotated[str | None, Form(max_length=8)] = None,
    acknowledge: Annotated[str | None, Form(max_length=10)] = None,
    csrf_token: _Csrf = None,
) -> Response:
    form = {
        "name": name or "",
        "email": email or "",
        "text": text or "",
        "channel": channel or "",
        "lang": lang or "",
        "received_at": received_at or "",
    }

    def run(session: AdminSession) -> str:
        view = desk(request, session.actor).file_complaint(
            name=name or "",
            email=email or "",
            text=text or "",
            lang=lang or "nl",
            channel=channel or "email",
            received_at=_moment(received_at, "received_at"),
            acknowledge=acknowledge != "no",
            request=None,
        )
        return f"/admin/complaints/{view.public_id}"

    def again(session: AdminSession, error: RequestError, status: int) -> Response:
        return _complaints_page(request, session, error=error, status=status, form=form)

    return _complaint_act(request, csrf_token, "/admin/complaints", "entered", run, again)


def _complaint_page(
    request: Request,
    session: AdminSession,
    public_id: str,
    *,
    error: RequestError | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    staff_desk = desk(request, session.actor)
    view = staff_desk.complaint(public_id)
    lang = staff_language(request, session)
    message, field = _complaint_error(error, lang) if error else (None, None)
    return _page(
        request,
        "admin_complaint.html.j2",
        session,
        status=status,
        view=view,
        trail=staff_desk.complaint_trail(public_id),
        resolutions=RESOLUTIONS,
        error=message,
        error_field=field,
        done=done if done in _COMPLAINT_DONE else None,
        **helpers(lang),
    )


@router.get("/complaints/{public_id}", response_class=HTMLResponse, summary="One complaint")
def complaint(
    request: Request, public_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request, status=401)
    return _complaint_page(request, session, public_id, done=done)


def _on_complaint(
    request: Request, public_id: str, csrf: str | None, done: str, run: Callable[[Desk], None]
) -> Response:
    def again(session: AdminSession, error: RequestError, status: int) -> Response:
        return _complaint_page(request, session, public_id, error=error, status=status)

    def action(session: AdminSession) -> None:
        run(desk(request, session.actor))

    return _complaint_act(request, csrf, f"/admin/complaints/{public_id}", done, action, again)


@router.post("/complaints/{public_id}/acknowledge", summary="Acknowledge receipt")
def complaint_acknowledge(
    request: Request,
    public_id: str,
    letter: Annotated[str | None, Form(max_length=10)] = None,
    csrf_token: _Csrf = None,
) -> Response:
    def run(staff_desk: Desk) -> None:
        staff_desk.acknowledge(public_id, letter=letter != "no")

    return _on_complaint(request, public_id, csrf_token, "acknowledged", run)


@router.post("/complaints/{public_id}/answer", summary="Answer on the substance")
def complaint_answer(
    request: Request, public_id: str, message: _Text = None, csrf_token: _Csrf = None
) -> Response:
    def run(staff_desk: Desk) -> None:
        staff_desk.answer(public_id, message=message or "")

    return _on_complaint(request, public_id, csrf_token, "answered", run)


@router.post("/complaints/{public_id}/close", summary="Close with the outcome")
def complaint_close(
    request: Request,
    public_id: str,
    outcome: _Text = None,
    resolution: _Short = None,
    csrf_token: _Csrf = None,
) -> Response:
    def run(staff_desk: Desk) -> None:
        staff_desk.close(public_id, outcome=outcome or "", resolution=resolution or "")

    return _on_complaint(request, public_id, csrf_token, "closed", run)
