"""The privacy centre's complaint pages: a form to complain to the organisation, the
page of the link that confirms the address, and the complaint's status behind the
unguessable link from the receipt.

Rendered on the server, without JavaScript, in Dutch or English. The form carries a
CSRF token and counts against the same rate limits as request intake; a complaint
needs a name and an email address. The address first gets a link to confirm it and
nothing else: not the name, not the complaint (``Complaints.submit``). Only the POST
from the link's page registers the complaint and sends the receipt, because mail
scanners open links on their own. The status page answers only to the complaint's
own token: a wrong token and an unknown complaint get the same "not found" page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import catalogue
from ...declaration import wording as statement_words
from ...declaration.types import Duration
from ...errors import EmailAddressError
from ...identity import parse_email
from ...registers.complaints import MAX_TEXT, Complaints, name_problem
from ...settings import Settings
from ..address_wording import error_key
from ..pages import pick_language, render
from ..security import check_csrf, check_intake_limits, client_ip
from ..state import Web, web
from ..wording import LANGS, lookup

__all__ = ["complaints_of", "router"]

router = APIRouter(tags=["privacy centre"])

_LangPath = Annotated[str, Path(json_schema_extra={"enum": list(LANGS)})]


def complaints_of(shared: Web) -> Complaints:
    """The complaints register of the app's organisation."""
    return Complaints(shared.database, shared.declaration, shared.settings)


@dataclass
class _Form:
    name: str = ""
    email: str = ""
    text: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _check(name: str | None, email: str | None, text: str | None) -> _Form:
    form = _Form(" ".join((name or "").split()), (email or "").strip(), (text or "").strip())
    problem = name_problem(form.name)
    if problem is not None:
        form.errors["name"] = problem
    try:
        form.email = parse_email(form.email)
    except EmailAddressError as exc:
        form.errors["email"] = error_key(exc)
    if not form.text:
        form.errors["text"] = "text"
    elif len(form.text) > MAX_TEXT:
        form.errors["text"] = "too_long"
    return form


def _lang(lang: str) -> str:
    from ..errors import ApiError

    if lang not in LANGS:
        raise ApiError(404, "not found")
    return lang


def _page(
    request: Request, template: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    def c(key: str, **values: Any) -> Any:
        """The complaint pages' words: ``i18n/<lang>/complaints.yaml``."""
        return lookup(lang, key, part="complaints", **values)

    return render(request, template, lang=lang, status=status, c=c, **context)


def _form_page(request: Request, lang: str, form: _Form, status: int = 200) -> Response:
    shared = web(request)
    register = complaints_of(shared)
    authority = catalogue.authorities().get(shared.declaration.controller.authority)
    clocks = register.clocks
    return _page(
        request,
        "complaint_form.html.j2",
        lang,
        status=status,
        form=form,
        # Only a clock the declaration promises is told: the law sets none for a
        # complaint to the organisation itself, and Waarborg's own default is no promise.
        respond=statement_words.duration_words(clocks.respond, lang) if clocks.declared else None,
        acknowledge=(
            statement_words.duration_words(clocks.acknowledge, lang) if clocks.acknowledge else None
        ),
        authority=authority,
        authority_name=authority.label.get(lang) if authority else None,
    )


@router.get(
    "/{lang}/complaint", response_class=HTMLResponse, summary="The form to make a complaint"
)
def complaint_form(request: Request, lang: _LangPath) -> Response:
    return _form_page(request, _lang(lang), _Form())


@router.post(
    "/{lang}/complaint",
    response_class=HTMLResponse,
    summary="Make a complaint; a link that confirms the address is e-mailed",
    status_code=303,
)
def file_complaint(
    request: Request,
    lang: _LangPath,
    name: Annotated[str | None, Form(max_length=400)] = None,
    email: Annotated[str | None, Form(max_length=400)] = None,
    text: Annotated[str | None, Form(max_length=MAX_TEXT * 2)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    lang = _lang(lang)
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    form = _check(name, email, text)
    if form.errors:
        return _form_page(request, lang, form, status=422)
    settings = shared.settings
    check_intake_limits(
        shared.database,
        shared.key,
        ip=client_ip(request),
        email=form.email,
        per_ip=settings.rate_limit_per_ip,
        per_email=settings.rate_limit_per_email,
        window=settings.rate_limit_window,
    )
    complaints_of(shared).submit(name=form.name, email=form.email, text=form.text, lang=lang)
    return RedirectResponse(f"/{lang}/complaint/sent", status_code=303)


@router.get(
    "/{lang}/complaint/sent",
    response_class=HTMLResponse,
    summary="Check your e-mail: the link that confirms the complaint was sent",
)
def complaint_sent(request: Request, lang: _LangPath) -> Response:
    lang = _lang(lang)
    return _page(
        request, "complaint_sent.html.j2", lang, period=_period(web(request).settings, lang)
    )


def _period(settings: Settings, lang: str) -> str:
    """How long a confirmation link works, in words."""
    hours = int(settings.verification_link_lifetime.total_seconds() // 3600)
    if hours >= 24 and hours % 24 == 0:
        return statement_words.duration_words(Duration(days=hours // 24), lang)
    return statement_words.duration_words(Duration(hours=max(hours, 1)), lang)


def _link_invalid(request: Request, lang: str | None) -> Response:
    shown = lang if lang in LANGS else pick_language(request)
    return render(
        request,
        "link_invalid.html.j2",
        lang=shown,
        status=404,
        switch_url="/en/" if shown == "nl" else "/nl/",
    )


@router.get(
    "/complaint/confirm/{token}",
    response_class=HTMLResponse,
    summary="The page of a complaint's confirmation link",
)
def confirm_page(
    request: Request, token: str, lang: Annotated[str | None, Query(max_length=8)] = None
) -> Response:
    """A button; a GET never spends the link, because mail scanners open links."""
    found = complaints_of(web(request)).pending(token) if len(token) <= 200 else None
    if found is None:
        return _link_invalid(request, lang)
    return _page(request, "complaint_confirm.html.j2", lang if lang in LANGS else found)


@router.post(
    "/complaint/confirm/{token}",
    response_class=HTMLResponse,
    summary="Confirm the address; the complaint is registered and its receipt sent",
)
def confirm_complaint(
    request: Request,
    token: str,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    register = complaints_of(shared)
    public_id = register.confirm(token) if len(token) <= 200 else None
    view = register.view(public_id) if public_id else None
    if view is None:
        return _link_invalid(request, lang)
    return _page(
        request,
        "complaint_received.html.j2",
        lang if lang in LANGS else (view.lang if view.lang in LANGS else "nl"),
    )


@router.get(
    "/complaints/{public_id}",
    response_class=HTMLResponse,
    summary="The person's view of their complaint",
)
def complaint_status(
    request: Request,
    public_id: str,
    t: Annotated[str, Query(max_length=200)] = "",
    lang: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    """Answers only to the complaint's own status token."""
    shared = web(request)
    chosen = lang if lang in LANGS else None
    view = complaints_of(shared).status(public_id, t) if t and len(public_id) <= 64 else None
    if view is None:
        shown = chosen or pick_language(request)
        return render(
            request,
            "error.html.j2",
            lang=shown,
            status=404,
            shown=404,
            minutes=60,
            switch_url="/en/" if shown == "nl" else "/nl/",
        )
    page_lang = chosen or (view.lang if view.lang in LANGS else "nl")
    authority = catalogue.authorities().get(shared.declaration.controller.authority)
    return _page(
        request,
        "complaint_status.html.j2",
        page_lang,
        view=view,
        # The answer's deadline is shown only when the declaration promises one.
        promised=complaints_of(shared).clocks.declared,
        authority=authority,
        authority_name=authority.label.get(page_lang) if authority else None,
    )
