"""The language the admin pages speak to a member of staff.

Dutch unless the member of staff chose English (on ``/admin/me`` or with ``waarborg
admin staff set``; stored with their admin token, ``store.staff``). Every admin page
and every message the admin shows (a flash after an action, an error) takes its
language from :func:`staff_language`, so the choice holds everywhere at once.
``?lang=nl`` or ``?lang=en`` shows one page in that language without changing the
choice. Before logging in, the page speaks the language the browser last chose
(a cookie set at login and when the choice changes), else Dutch.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...store import staff
from ..security import AdminSession
from ..state import web
from ..wording import LANGS

__all__ = ["COOKIE", "remember", "staff_language"]

#: The cookie that remembers the choice in the browser (not a secret; no personal data).
COOKIE = "waarborg_admin_lang"
_YEAR = 365 * 24 * 3600


def staff_language(request: Request, session: AdminSession | None = None) -> str:
    """``nl`` or ``en``: ``?lang=`` when the page was asked for in a language, else the
    member of staff's stored choice, else Dutch. Without a session (the login page):
    the language the browser last chose, else Dutch."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    if session is not None:
        known = getattr(request.state, "staff_language", None)
        if known is None:
            with web(request).database.read() as store:
                known = staff.language_of(store, session.token_id) or LANGS[0]
            request.state.staff_language = known
        return str(known)
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGS:
        return chosen
    return LANGS[0]


def remember(request: Request, response: Response, language: str) -> None:
    """Let the browser remember ``language`` for the pages before logging in."""
    if language not in LANGS:
        return
    response.set_cookie(
        COOKIE,
        language,
        max_age=_YEAR,
        httponly=True,
        samesite="strict",
        secure=web(request).https,
        path="/admin",
    )
