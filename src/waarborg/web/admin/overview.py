"""The admin's overview at ``/admin``: where do we stand? Requests by deadline,
complaints and breaches on their clocks, the Art. 19 tasks, the checker's findings,
consent per purpose over time, the last retention runs and the audit log's state,
each with a link to its full page (``overview`` gathers the figures).

Staff log in as on every admin page; the page shows no one's data beyond what the
full pages show, and fewer of the person's details (no e-mail addresses). It is in
the member of staff's language and works without JavaScript: the consent chart is an
SVG drawn here, with the same figures in a table for screen readers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ... import clock
from ...consent.figures import Period
from ..auth import active_session
from ..state import web
from . import overview_data as figures
from .lang import staff_language
from .page import page

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin page"])


@router.get("", response_class=HTMLResponse, summary="The overview: where do we stand?")
def overview(
    request: Request,
    per: Annotated[str, Query(max_length=10)] = "week",
) -> Response:
    session = active_session(request)
    if session is None:
        return page(request, "admin_login.html.j2", None, error=None)
    lang = staff_language(request, session)
    unit: Period = "month" if per == "month" else "week"
    return page(
        request,
        "admin_overview.html.j2",
        session,
        part="admin_overview",
        lang=lang,
        **figures.gather(web(request), clock.now(), lang, unit),
        chart=figures.chart_frame(),
    )
