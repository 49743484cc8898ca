"""The admin's request pages: staff see the open requests with the days left
(``/admin/requests``; the overview at ``/admin`` is ``admin_overview``), open one to see
its history and audit trail, and approve, extend or deny it. What a request came to
is shown in words ("No data found ..."), and so is every Art. 19 notice: the e-mails
to recipients (queued, sent or failed) and the tasks for staff, which stay on the
request's page and on ``/admin/tasks`` until someone marks them done.

Staff log in once by pasting an admin token; the page then keeps a signed session
cookie (HttpOnly, SameSite=Strict, Secure over https) for a session the store keeps,
which logging out ends on the server. Every form carries a CSRF token bound to that
session. Overdue requests are marked in words and with a symbol, not
by colour alone.

Every page speaks the member of staff's language (``admin_lang.staff_language``) and
carries the navigation of the admin (``NAV``), the current page marked for screen
readers (``aria-current``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import i18n
from ...errors import DatastoreError, RequestError
from ...rights import found
from ...rights.service import RequestView
from ...store.enums import TokenScope
from ..auth import active_session, end_session, login, open_session
from ..errors import request_error_status
from ..pages import render
from ..security import (
    ADMIN_COOKIE,
    AdminSession,
    admin_csrf_token,
    check_admin_csrf,
    check_csrf,
    write_admin_session,
)
from ..state import web
from . import request as admin_request
from .handlers import Desk, desk
from .lang import remember, staff_language

__all__ = ["NAV", "NavItem", "nav", "page", "router"]

router = APIRouter(prefix="/admin", tags=["admin page"], include_in_schema=True)


@dataclass(frozen=True)
class NavItem:
    """A link of the admin's navigation: its words are ``admin.nav.<key>``."""

    key: str
    href: str
    current: bool = False


#: The admin's navigation, in order.
NAV = (
    NavItem("overview", "/admin"),
    NavItem("requests", "/admin/requests"),
    NavItem("tasks", "/admin/tasks"),
    NavItem("complaints", "/admin/complaints"),
    NavItem("breaches", "/admin/breaches"),
    NavItem("declaration", "/admin/declaration"),
    NavItem("import", "/admin/import"),
    NavItem("settings", "/admin/settings"),
    NavItem("me", "/admin/me"),
)


def nav(path: str) -> list[NavItem]:
    """The navigation with the page at ``path`` marked current (a request's page under
    "Verzoeken", the overview only on ``/admin`` itself)."""
    path = path.rstrip("/") or "/"

    def current(item: NavItem) -> bool:
        if item.href == "/admin":
            return path == "/admin"
        return path == item.href or path.startswith(item.href + "/")

    return [NavItem(item.key, item.href, current(item)) for item in NAV]


def page(
    request: Request,
    template: str,
    session: AdminSession | None,
    *,
    status: int = 200,
    part: str = "admin",
    lang: str | None = None,
    **context: Any,
) -> Response:
    """An admin page in the member of staff's language, with the staff session, its
    CSRF token and the navigation in the context; its ``t()`` looks words up in
    ``part`` (``i18n/<lang>/<part>.yaml``); ``lang`` chooses for one page."""
    token = admin_csrf_token(web(request).key, session) if session else ""
    return render(
        request,
        template,
        lang=lang or staff_language(request, session),
        part=part,
        status=status,
        admin=session,
        admin_area=True,
        admin_csrf=token,
        admin_nav=nav(request.url.path),
        **context,
    )


def _login_page(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    return page(request, "admin_login.html.j2", None, status=status, error=error)


@router.get("/requests", response_class=HTMLResponse, summary="The list of requests")
def request_list(
    request: Request,
    show: Annotated[str, Query(max_length=10)] = "open",
) -> Response:
    session = active_session(request)
    if session is None:
        return _login_page(request)
    open_only = show != "all"
    shared = web(request)
    views = shared.requests.list(open_only=open_only)
    overdue = sum(1 for v in views if v.overdue)
    return page(
        request,
        "admin_list.html.j2",
        session,
        views=views,
        open_only=open_only,
        overdue=overdue,
        open_tasks=len(shared.requests.tasks()),
    )


@router.post("/login", response_class=HTMLResponse, summary="Log in with an admin token")
def do_login(
    request: Request,
    token: Annotated[str | None, Form(max_length=300)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    row = login(request, token or "")
    lang = staff_language(request)
    if row is None:
        return _login_page(request, error=i18n.t("admin.login.invalid", lang), status=401)
    if row.scope != TokenScope.ADMIN:
        return _login_page(
            request, error=i18n.t("admin.login.app_token", lang, name=row.name), status=403
        )
    response = RedirectResponse("/admin", status_code=303)
    if row.language:
        remember(request, response, row.language)
    write_admin_session(
        response,
        shared.key,
        token_id=row.id,
        name=row.name,
        session=open_session(request, row),
        secure=shared.https,
    )
    return response


@router.post("/logout", summary="Log out of the admin page")
def logout(
    request: Request, csrf_token: Annotated[str | None, Form(max_length=200)] = None
) -> Response:
    session = active_session(request)
    if session is not None:
        check_admin_csrf(web(request).key, session, csrf_token)
        end_session(request, session)
    response = RedirectResponse("/admin", status_code=303)
    response.delete_cookie(ADMIN_COOKIE, path="/admin")
    return response


def _detail(
    request: Request,
    session: AdminSession,
    view: RequestView,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    return admin_request.detail(request, session, view, error=error, done=done, status=status)


def _labels(request: Request, keys: list[str], lang: str) -> str:
    declaration = web(request).declaration
    return "; ".join(found.category_label(declaration, key, lang) for key in keys)


@router.get("/tasks", response_class=HTMLResponse, summary="The Art. 19 tasks still open")
def tasks(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login_page(request, status=401)
    lang = staff_language(request, session)
    open_tasks = [
        {**task.as_dict(), "data": _labels(request, task.categories, lang)}
        for task in web(request).requests.tasks()
    ]
    return page(request, "admin_tasks.html.j2", session, tasks=open_tasks)


@router.post("/tasks/{public_id}/done", summary="Mark an Art. 19 task done")
def task_done(
    request: Request,
    public_id: str,
    note: Annotated[str | None, Form(max_length=5000)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login_page(request, status=401)
    check_admin_csrf(web(request).key, session, csrf_token)
    staff_desk = desk(request, session.actor)
    try:
        done = staff_desk.task_done(public_id, note=note)
    except RequestError as exc:
        view = staff_desk.request(staff_desk.task(public_id).request_id)
        return _detail(request, session, view, error=exc.message, status=409)
    return RedirectResponse(
        f"/admin/requests/{done.request_id}?done=task_done#recipients", status_code=303
    )


def _view(request: Request, public_id: str) -> RequestView:
    return Desk(web(request), "").request(public_id)


@router.get(
    "/requests/{public_id}", response_class=HTMLResponse, summary="One request, with its trail"
)
def detail(
    request: Request,
    public_id: str,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login_page(request, status=401)
    return _detail(request, session, _view(request, public_id), done=done)


def _act(
    request: Request, public_id: str, csrf_token: str | None, action: str, run: Any
) -> Response:
    session = active_session(request)
    if session is None:
        return _login_page(request, status=401)
    check_admin_csrf(web(request).key, session, csrf_token)
    view = _view(request, public_id)
    try:
        form = run(session, view)
    except RequestError as exc:
        status = request_error_status(exc)
        error = admin_request.error_words(request, session, view, exc, action)
        view = _view(request, public_id)
        return _detail(request, session, view, error=error, status=status)
    except DatastoreError as exc:  # the preview could not be made again: nothing was done
        error = admin_request.datastore_words(request, session, exc)
        return _detail(request, session, _view(request, public_id), error=error, status=503)
    if form is not None and form.errors:
        return admin_request.detail(request, session, view, status=422, approval=form)
    return RedirectResponse(f"/admin/requests/{public_id}?done={action}", status_code=303)


@router.post("/requests/{public_id}/approve", summary="Approve a request under review")
def approve(
    request: Request,
    public_id: str,
    note: Annotated[str | None, Form(max_length=5000)] = None,
    field: Annotated[list[str] | None, Form(max_length=64)] = None,
    value: Annotated[list[str] | None, Form(max_length=5000)] = None,
    preview: Annotated[str | None, Form(max_length=64)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    """Approve: a rectification with the fields staff corrected (each a ``field`` id
    with its new ``value``), an erasure or a restriction with the ``preview`` staff saw."""

    def run(session: AdminSession, view: RequestView) -> admin_request.Approval | None:
        changes, seen, form = admin_request.approval(
            request, session, view, field or [], value or [], preview
        )
        if form.errors:
            return form
        desk(request, session.actor).approve(public_id, changes=changes, note=note, preview=seen)
        return None

    return _act(request, public_id, csrf_token, "approved", run)


@router.post("/requests/{public_id}/extend", summary="Extend the deadline once, with reasons")
def extend(
    request: Request,
    public_id: str,
    reasons: Annotated[str | None, Form(max_length=5000)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    def run(session: AdminSession, view: RequestView) -> None:
        desk(request, session.actor).extend(public_id, reasons=reasons or "")

    return _act(request, public_id, csrf_token, "extended", run)


@router.post("/requests/{public_id}/deny", summary="Refuse a request, with the reasons")
def deny(
    request: Request,
    public_id: str,
    reason: Annotated[str | None, Form(max_length=64)] = None,
    details: Annotated[str | None, Form(max_length=5000)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    def run(session: AdminSession, view: RequestView) -> None:
        desk(request, session.actor).deny(public_id, reason=reason, details=details or "")

    return _act(request, public_id, csrf_token, "denied", run)
