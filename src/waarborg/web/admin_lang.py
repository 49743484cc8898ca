"""The language the admin pages speak to a member of staff.

Dutch unless the member of staff chose English. Every admin page and every message
the admin shows (a flash after an action, an error) takes its language from
:func:`staff_language`, so the choice holds everywhere at once.
"""

from __future__ import annotations

from starlette.requests import Request

from .security import AdminSession
from .wording import LANGS

__all__ = ["COOKIE", "staff_language"]

#: The cookie that remembers the choice in the browser (not a secret; no personal data).
COOKIE = "waarborg_admin_lang"


def staff_language(request: Request, session: AdminSession | None = None) -> str:
    """``nl`` or ``en``: ``?lang=`` when the page was asked for in a language, else the
    member of staff's choice, else Dutch."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGS:
        return chosen
    del session  # the stored per-staff choice, once there is one, is read here
    return "nl"
