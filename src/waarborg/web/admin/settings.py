"""The organisation's settings on the admin page (``/admin/settings``): per right,
whether its requests wait for staff's approval before anything is carried out.

The choice is stored in Waarborg's store and overrides ``WAARBORG_REVIEW``, which
stays the starting point for rights nobody chose for (``rights.review``); every
change is recorded in the audit log with who made it. A rectification always waits
for staff, who decide what the correct data is: it is shown, not offered.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ...errors import RequestError
from ...rights import review
from ..auth import active_session
from ..security import check_admin_csrf
from ..state import web
from . import request_view as words_of
from .lang import staff_language
from .page import page
from .request import staff_page

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin page"], include_in_schema=True)

#: Rights whose note explains what switching them on means.
_NOTES = {"objection": "settings.objection_note", "withdraw_consent": "settings.withdraw_note"}


def _login(request: Request) -> Response:
    return page(request, "admin_login.html.j2", None, status=401, error=None)


@router.get("/settings", response_class=HTMLResponse, summary="The organisation's settings")
def settings_page(
    request: Request,
    changed: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    shared = web(request)
    words = words_of.Words(shared.declaration, staff_language(request, session))
    rows = []
    for choice in review.choices(shared.database, shared.settings):
        kind = choice.kind.value
        if choice.source == "chosen" and choice.changed_at is not None:
            since = words.t(
                "settings.chosen",
                date=words.moment(choice.changed_at),
                who=words_of.actor(words, choice.changed_by or ""),
            )
        elif choice.source == "setting":
            since = words.t("settings.from_setting")
        else:
            since = ""
        rows.append(
            {
                "kind": kind,
                "label": words.t(f"kinds.{kind}"),
                "article": words.t(f"articles.{kind}"),
                "review": choice.review,
                "always": choice.source == "always",
                "since": since,
                "note": words.t(_NOTES[kind]) if kind in _NOTES else "",
            }
        )
    saved = None
    if changed is not None:
        current = {row["kind"]: row["review"] for row in rows}
        parts = [
            words.t(
                "settings.change_on" if current.get(kind) else "settings.change_off",
                kind=words.t(f"kinds.{kind}"),
            )
            for kind in changed.split(",")
            if kind in current
        ]
        saved = (
            words.t("settings.saved", changes=words.listing(parts))
            if parts
            else words.t("settings.saved_nothing")
        )
    return staff_page(request, "admin_settings.html.j2", session, rows=rows, saved=saved)


@router.post("/settings/review", summary="Choose per right whether requests wait for review")
def save_review(
    request: Request,
    review_kinds: Annotated[list[str] | None, Form(alias="review", max_length=32)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    shared = web(request)
    check_admin_csrf(shared.key, session, csrf_token)
    chosen = set(review_kinds or [])
    offered = [k.value for k in review.KINDS if k not in review.ALWAYS]
    if chosen - {k.value for k in review.KINDS}:
        raise RequestError("review", "not a right")
    changed = review.choose(
        shared.database,
        shared.settings,
        {kind: kind in chosen for kind in offered},
        actor=session.actor,
    )
    return RedirectResponse(f"/admin/settings?changed={','.join(changed)}", status_code=303)
