"""The admin pages of the breach register, in the member of staff's language.

- ``/admin/breaches``: the register, with the hours left of the 72, and the register
  as CSV (``/admin/breaches.csv``) for a logged-in member of staff;
- ``/admin/breaches/new``: record a breach, its categories of personal data and
  groups of people ticked from the declaration ("other, namely" in words);
- ``/admin/breaches/{id}``: one breach with its facts, the decision on notifying
  (the risk has no default: staff choose), the notice, telling the people, the audit
  trail; ``/edit`` adds to its facts;
- ``/admin/breaches/{id}/authority``: the answers for the AP's notification form,
  question by question, to copy, and to download as text or JSON.

Staff log in as on the other admin pages (a signed session cookie); every form
carries the CSRF token bound to that session. A form with a problem comes back with
what was typed and each problem named by its field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import clock
from ...errors import RequestError
from ...registers import ap_export
from ...registers.breaches import BreachView
from ..auth import active_session
from ..errors import request_error_status
from ..security import AdminSession, check_admin_csrf
from ..state import web
from . import breach_authority, breach_form, breach_rows
from .breach_words import PART, BreachWords
from .handlers import Desk, desk
from .lang import staff_language
from .page import page

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin page"])

_Text = Annotated[str | None, Form(max_length=20_000)]
_Short = Annotated[str | None, Form(max_length=200)]
_Csrf = Annotated[str | None, Form(max_length=200)]
_Done = Annotated[str | None, Query(max_length=20)]
_DONE = ("recorded", "updated", "unchanged", "decided", "notified", "told")
#: A problem the register names by its field, in the reader's words: (action, field).
_KNOWN = {
    ("decide", "risk"): "risk",
    ("decide", "reason"): "reason",
    ("decide", "exemption"): "exemption",
    ("decide", "status"): "already_notified",
    ("notified", "reference"): "reference",
    ("notified", "at"): "at",
    ("notified", "late_reason"): "late_reason",
    ("notified", "status"): "not_to_notify",
    ("told", "how"): "how",
    ("told", "at"): "at",
}


def _words(request: Request, session: AdminSession | None) -> BreachWords:
    return BreachWords(web(request).declaration, staff_language(request, session))


def _show(
    request: Request,
    template: str,
    session: AdminSession,
    w: BreachWords,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    return page(request, template, session, status=status, part=PART, lang=w.lang, w=w, **context)


def _login(request: Request, status: int = 401) -> Response:
    return page(request, "admin_login.html.j2", None, status=status, error=None)


def _view(request: Request, public_id: str) -> BreachView:
    return Desk(web(request), "").breach(public_id)


def _done(w: BreachWords, done: str | None) -> str | None:
    return w.t(f"done.{done}") if done in _DONE else None


def _problem(w: BreachWords, action: str, exc: RequestError) -> str:
    """A problem the register found, in the reader's words where it is a known one."""
    known = _KNOWN.get((action, exc.field))
    if known is not None:
        return w.t(f"errors.{known}")
    field = exc.field.split(".")[0]
    label = w.t(f"form.fields.{field}") if field in breach_form.FIELDS else field
    return w.t("errors.other_problem", field=label, message=exc.message)


# --- the register ----------------------------------------------------------------------


@router.get("/breaches", response_class=HTMLResponse, summary="The breach register")
def breaches(request: Request, done: _Done = None) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request, status=200)
    w = _words(request, session)
    views = desk(request, session.actor).breaches()
    return _show(
        request,
        "admin_breaches.html.j2",
        session,
        w,
        views=views,
        overdue=sum(1 for v in views if v.overdue),
        done=_done(w, done),
    )


@router.get(
    "/breaches.csv",
    summary="The breach register as CSV, for a logged-in member of staff",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def breaches_csv(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    body = breach_rows.register_csv(desk(request, session.actor).breaches(), w)
    name = w.t("csv.filename")
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


# --- recording a breach ----------------------------------------------------------------


def _record_page(
    request: Request,
    session: AdminSession,
    w: BreachWords,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return _form_page(request, session, w, None, values, errors=errors, status=status)


def _form_page(
    request: Request,
    session: AdminSession,
    w: BreachWords,
    view: BreachView | None,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The breach form: empty to record one (``view`` None), or to add to its facts."""
    return _show(
        request,
        "admin_breach_form.html.j2",
        session,
        w,
        status=status,
        view=view,
        typed=values,
        errors=errors or {},
        categories=w.category_choices(view.categories if view else ()),
        subjects=w.subject_choices(view.subject_types if view else ()),
        processors=_processors(request),
    )


def _processors(request: Request) -> list[str]:
    """The declared processors' names, offered while typing where a breach happened."""
    declaration = web(request).declaration
    return [
        recipient.name or key
        for key, recipient in declaration.recipients.items()
        if recipient.role == "processor"
    ]


@router.get("/breaches/new", response_class=HTMLResponse, summary="The form to record a breach")
def breach_new(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    contact = desk(request, session.actor).breach_register.default_contact()
    return _record_page(request, session, w, breach_form.blank(contact))


@router.post("/breaches", summary="Record a breach")
def breach_record(request: Request, form: Annotated[breach_form.BreachFormIn, Form()]) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    check_admin_csrf(web(request).key, session, form.csrf_token)
    w = _words(request, session)
    values = form.values()
    facts, errors = breach_form.read(values, w)
    if not errors:
        kept = {name: value for name, value in facts.items() if value not in (None, [])}
        try:
            public_id = desk(request, session.actor).record_breach(kept).public_id
        except RequestError as exc:
            errors = {exc.field.split(".")[0]: _problem(w, "record", exc)}
        else:
            return RedirectResponse(f"/admin/breaches/{public_id}?done=recorded", status_code=303)
    return _record_page(request, session, w, values, errors=errors, status=422)


# --- one breach ------------------------------------------------------------------------


def _breach_page(
    request: Request,
    session: AdminSession,
    w: BreachWords,
    view: BreachView,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    return _show(
        request,
        "admin_breach.html.j2",
        session,
        w,
        status=status,
        view=view,
        facts=breach_rows.facts(view, w),
        trail=breach_rows.trail(desk(request, session.actor).breach_trail(view.public_id), w),
        errors=errors or {},
        typed=typed or {},
        done=_done(w, done),
        running=view.state in ("assess", "notify_authority"),
    )


@router.get("/breaches/{public_id}", response_class=HTMLResponse, summary="One breach")
def breach(request: Request, public_id: str, done: _Done = None) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    return _breach_page(request, session, w, _view(request, public_id), done=done)


def _on_breach(
    request: Request,
    public_id: str,
    csrf_token: str | None,
    action: str,
    typed: dict[str, str],
    run: Callable[[AdminSession, BreachWords, BreachView], dict[str, str] | None],
) -> Response:
    """Check the session and CSRF, run an action on the breach; back to its page with
    what was done, or the page again with the problem and what was typed."""
    session = active_session(request)
    if session is None:
        return _login(request)
    check_admin_csrf(web(request).key, session, csrf_token)
    w = _words(request, session)
    view = _view(request, public_id)
    try:
        errors = run(session, w, view)
    except RequestError as exc:
        status = request_error_status(exc)
        problem = {exc.field.split(".")[0]: _problem(w, action, exc)}
        return _breach_page(request, session, w, view, errors=problem, typed=typed, status=status)
    if errors:
        return _breach_page(request, session, w, view, errors=errors, typed=typed, status=422)
    done = {"decide": "decided", "notified": "notified", "told": "told"}[action]
    return RedirectResponse(f"/admin/breaches/{public_id}?done={done}#facts", status_code=303)


@router.post("/breaches/{public_id}/decision", summary="Decide on notifying, with the reasons")
def breach_decide(
    request: Request,
    public_id: str,
    risk: _Short = None,
    reason: _Text = None,
    exemption: _Short = None,
    csrf_token: _Csrf = None,
) -> Response:
    typed = {"risk": risk or "", "reason": reason or "", "exemption": exemption or ""}

    def run(session: AdminSession, w: BreachWords, view: BreachView) -> dict[str, str] | None:
        errors = {}
        if risk not in ("unlikely", "risk", "high"):
            errors["risk"] = w.t("errors.risk")
        if not (reason or "").strip():
            errors["reason"] = w.t("errors.reason")
        if exemption and exemption not in ("unintelligible", "risk_removed", "disproportionate"):
            errors["exemption"] = w.t("errors.exemption")
        if errors:
            return errors
        excused = exemption if risk == "high" and exemption else None
        desk(request, session.actor).decide(
            public_id,
            risk=risk or "",
            reason=reason or "",
            notify_subjects=False if excused else None,
            exemption=excused,
        )
        return None

    return _on_breach(request, public_id, csrf_token, "decide", typed, run)


@router.post("/breaches/{public_id}/notified", summary="Record the notice to the authority")
def breach_notified(
    request: Request,
    public_id: str,
    reference: _Short = None,
    at: _Short = None,
    late_reason: _Text = None,
    csrf_token: _Csrf = None,
) -> Response:
    typed = {"reference": reference or "", "at": at or "", "late_reason": late_reason or ""}

    def run(session: AdminSession, w: BreachWords, view: BreachView) -> dict[str, str] | None:
        try:
            when = breach_form.moment(at)
        except breach_form.MomentProblem:
            return {"at": w.t("errors.at")}
        if not (reference or "").strip():
            return {"reference": w.t("errors.reference")}
        desk(request, session.actor).notified(
            public_id,
            reference=reference or "",
            at=when,
            late_reason=late_reason,
        )
        return None

    return _on_breach(request, public_id, csrf_token, "notified", typed, run)


@router.post("/breaches/{public_id}/subjects-told", summary="Record that the people were told")
def breach_told(
    request: Request, public_id: str, how: _Text = None, csrf_token: _Csrf = None
) -> Response:
    typed = {"how": how or ""}

    def run(session: AdminSession, w: BreachWords, view: BreachView) -> dict[str, str] | None:
        if not (how or "").strip():
            return {"how": w.t("errors.how")}
        desk(request, session.actor).subjects_told(public_id, how=how or "")
        return None

    return _on_breach(request, public_id, csrf_token, "told", typed, run)


# --- adding to the facts ---------------------------------------------------------------


@router.get(
    "/breaches/{public_id}/edit", response_class=HTMLResponse, summary="Add to a breach's facts"
)
def breach_edit(request: Request, public_id: str) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    view = _view(request, public_id)
    return _form_page(request, session, w, view, breach_form.values_of(view))


@router.post("/breaches/{public_id}", summary="Add to or correct a breach's facts")
def breach_update(
    request: Request, public_id: str, form: Annotated[breach_form.BreachFormIn, Form()]
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    check_admin_csrf(web(request).key, session, form.csrf_token)
    w = _words(request, session)
    view = _view(request, public_id)
    values = form.values()
    after, errors = breach_form.read(values, w, keep=view)
    if not errors:
        before, _ = breach_form.read(breach_form.values_of(view), w, keep=view)
        changed = breach_form.changes(before, after)
        if not changed:
            return RedirectResponse(f"/admin/breaches/{public_id}?done=unchanged", 303)
        try:
            desk(request, session.actor).update_breach(public_id, changed)
        except RequestError as exc:
            errors = {exc.field.split(".")[0]: _problem(w, "update", exc)}
        else:
            return RedirectResponse(f"/admin/breaches/{public_id}?done=updated", 303)
    return _form_page(request, session, w, view, values, errors=errors, status=422)


# --- the answers for the AP's form -----------------------------------------------------


@router.get(
    "/breaches/{public_id}/authority",
    response_class=HTMLResponse,
    summary="The answers for the AP's breach notification form, to copy",
)
def authority_page(request: Request, public_id: str) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    view = _view(request, public_id)
    declaration = web(request).declaration
    return _show(
        request,
        "admin_breach_authority.html.j2",
        session,
        w,
        view=view,
        sections=breach_authority.sections(view, declaration, w),
    )


def _download(body: str, media: str, name: str) -> Response:
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/breaches/{public_id}/authority.txt",
    response_class=Response,
    summary="The answers for the AP's form as a text file",
    responses={200: {"content": {"text/plain": {}}}},
)
def authority_text(request: Request, public_id: str) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    view = _view(request, public_id)
    declaration = web(request).declaration
    body = breach_authority.text_file(view, declaration, w, made=clock.now())
    return _download(body, "text/plain", f"{w.t('csv.filename')}-{view.public_id[:8]}.txt")


@router.get(
    "/breaches/{public_id}/authority.json",
    response_class=Response,
    summary="The answers for the AP's form as JSON (as stored)",
    responses={200: {"content": {"application/json": {}}}},
)
def authority_json(request: Request, public_id: str) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    w = _words(request, session)
    view = _view(request, public_id)
    document = ap_export.document(view, web(request).declaration)
    body = json.dumps(document, indent=2, ensure_ascii=False)
    return _download(body, "application/json", f"{w.t('csv.filename')}-{view.public_id[:8]}.json")
