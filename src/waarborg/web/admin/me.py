"""``/admin/me``: a member of staff's own settings, the language of the admin and of
their notices, the address their notices go to and the kinds they want, with the
latest notices they were sent.

The form posts with the admin session's CSRF token, as every admin form; a change is
written to the audit log (whether an address is set, never the address itself).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import i18n, staff_notices
from ...audit import append
from ...errors import ChoiceError
from ...registers.complaints import letterhead
from ...store import staff
from ..auth import active_session
from ..security import AdminSession, check_admin_csrf
from ..state import web
from .lang import remember, staff_language
from .page import page

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin page"])

#: How many of the latest notices the page lists.
RECENT = 10


def _fallback(request: Request, members: list[staff.Member], lang: str) -> str | None:
    """Where notices go while no member of staff has an address, as a list in words;
    None when some member has one."""
    if any(member.email for member in members):
        return None
    shared = web(request)
    if shared.settings.staff_email:
        return shared.settings.staff_email
    addresses = {
        shared.requests.head.email,
        letterhead(shared.declaration, shared.settings).email,
    }
    return i18n.format_list(sorted(addresses), lang)


def _show(
    request: Request,
    session: AdminSession,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Response:
    lang = staff_language(request, session)
    with web(request).database.read() as store:
        me = staff.member(store, session.token_id)
        everyone = staff.members(store)
        recent = [
            notice
            for notice in staff_notices.recent(store, 5 * RECENT)
            if me is not None and me.name in notice.told
        ][:RECENT]
    if me is None:  # the token was revoked a moment ago
        return RedirectResponse("/admin", status_code=303)
    shown = form or {
        "language": me.language,
        "email": me.email or "",
        "notices": [kind for kind in staff.KINDS if kind not in me.off],
    }
    return page(
        request,
        "admin_me.html.j2",
        session,
        status=status,
        form=shown,
        kinds=staff.KINDS,
        errors=errors or {},
        saved=saved,
        recent=recent,
        fallback=_fallback(request, everyone, lang),
    )


@router.get("/me", response_class=HTMLResponse, summary="A member of staff's own settings")
def me(request: Request, done: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    session = active_session(request)
    if session is None:
        return page(request, "admin_login.html.j2", None, status=401, error=None)
    return _show(request, session, saved=done == "saved")


@router.post("/me", summary="Change a member of staff's own settings")
def save(
    request: Request,
    language: Annotated[str | None, Form(max_length=8)] = None,
    email: Annotated[str | None, Form(max_length=400)] = None,
    notices: Annotated[list[str] | None, Form()] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return page(request, "admin_login.html.j2", None, status=401, error=None)
    check_admin_csrf(web(request).key, session, csrf_token)
    lang = staff_language(request, session)
    wanted = [value[:20] for value in (notices or [])[: len(staff.KINDS) + 1]]
    form = {"language": language or "", "email": email or "", "notices": wanted}
    errors: dict[str, str] = {}
    if language not in staff.LANGUAGES:
        errors["language"] = i18n.t("admin.me.errors.language", lang)
    try:
        off = set(staff.KINDS) - staff.parse_kinds(wanted)
    except ChoiceError:
        errors["notices"] = i18n.t("admin.me.errors.notices", lang)
        off = set()
    member: staff.Member | None = None
    if not errors:
        try:
            with web(request).database.write() as store:
                member = staff.change(
                    store, session.token_id, language=language, email=email, off=off
                )
                append(
                    store,
                    actor=session.actor,
                    action="staff.choices",
                    subject=f"admin_token:{member.name}",
                    data={
                        "language": member.language,
                        "email": member.email is not None,
                        "notices_off": sorted(member.off),
                    },
                )
        except ChoiceError as exc:
            errors[exc.field] = i18n.t(f"admin.me.errors.{exc.field}", lang)
    if errors or member is None:
        return _show(request, session, form=form, errors=errors, status=422)
    response = RedirectResponse("/admin/me?done=saved", status_code=303)
    remember(request, response, member.language)
    return response
