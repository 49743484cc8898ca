"""Newsletter pages: sign up, confirm (double opt-in) and unsubscribe, in Dutch and
English, rendered on the server and usable without JavaScript.

- ``/{lang}/newsletter/{purpose}``: the sign-up form (CSRF, rate-limited per IP address
  and per email address in buckets of its own). It always answers "check your email",
  so it never tells whether an address is on the list.
- ``/confirm/{token}``: a page with a button; only the POST from it spends the token,
  because mail scanners open links on their own.
- ``/unsubscribe/{signed}``: the signed link from every newsletter. GET shows a button;
  POST unsubscribes at once, with no login, no CSRF token and no cookie: the signature
  is the credential, and RFC 8058 one-click (``List-Unsubscribe=One-Click``) is a POST
  from the mail provider. One click, as easy as signing up.

For applications, with an admin token: ``POST /api/v1/newsletters/{purpose}/subscribe``
sends the confirmation mail, and ``GET /api/v1/newsletters/{purpose}/unsubscribe``
gives an address's link and ``List-Unsubscribe`` headers for the mailer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ...consent.ledger import email_subject
from ...errors import ConsentError, EmailAddressError, MailError
from ...identity import parse_email
from ...mail.unsubscribe import ONE_CLICK
from ..address_wording import address_error, error_key
from ..admin.api import ErrorOut
from ..apps.consent import AppDep
from ..apps.consent_state import check_limit, parts
from ..errors import ApiError
from ..pages import pick_language, render
from ..security import check_csrf, client_ip
from ..state import web
from ..wording import LANGS
from .newsletter_wording import newsletter_words

__all__ = ["router"]

router = APIRouter(tags=["newsletters"])

_LangPath = Annotated[str, Path(json_schema_extra={"enum": list(LANGS)})]
_LangQuery = Annotated[str | None, Query(max_length=8, description="nl or en")]


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ApiError(404, "not found")
    return lang


def _chosen(request: Request, lang: str | None, fallback: str | None = None) -> str:
    if lang in LANGS:
        return str(lang)
    return fallback if fallback is not None and fallback in LANGS else pick_language(request)


def _purpose(request: Request, purpose: str) -> str:
    if purpose not in parts(request).newsletters.purposes:
        raise ApiError(404, "not found")
    return purpose


def _every_message(request: Request, purpose: str) -> bool:
    """Whether the declaration says every message of this newsletter carries an
    unsubscribe link (``unsubscribe: every_message``): the pages say so only then."""
    found = parts(request).newsletters.purposes.get(purpose)
    return found is not None and found.unsubscribe == "every_message"


def _page(
    request: Request,
    template: str,
    lang: str,
    *,
    status: int = 200,
    switch: str | None = None,
    **context: Any,
) -> HTMLResponse:
    values = {k: v for k, v in context.items() if isinstance(v, str)}
    if switch:
        context["switch_url"] = switch
    return render(
        request, template, lang=lang, status=status, w=newsletter_words(lang, **values), **context
    )


# --- signing up ----------------------------------------------------------------------------


def _form(
    request: Request, lang: str, purpose: str, email: str = "", error: str | None = None
) -> Response:
    """The sign-up form; ``error`` is the key of what is wrong with the address."""
    label = parts(request).newsletters.label(purpose, lang)
    return _page(
        request,
        "newsletter_form.html.j2",
        lang,
        status=422 if error else 200,
        label=label,
        purpose=purpose,
        email=email,
        error=error is not None,
        error_text=address_error(lang, error) if error else None,
        every_message=_every_message(request, purpose),
    )


@router.get(
    "/{lang}/newsletter/{purpose}", response_class=HTMLResponse, summary="Newsletter sign-up"
)
def subscribe_form(request: Request, lang: _LangPath, purpose: str) -> Response:
    return _form(request, _lang(lang), _purpose(request, purpose))


@router.post(
    "/{lang}/newsletter/{purpose}",
    response_class=HTMLResponse,
    status_code=303,
    summary="Sign up; a confirmation link is e-mailed",
)
def subscribe(
    request: Request,
    lang: _LangPath,
    purpose: str,
    email: Annotated[str | None, Form(max_length=400)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    lang, purpose = _lang(lang), _purpose(request, purpose)
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    settings = shared.settings
    newsletters = parts(request).newsletters
    try:
        key = email_subject(parse_email(email or ""))
    except EmailAddressError as exc:
        return _form(request, lang, purpose, (email or "").strip(), error=error_key(exc))
    except ConsentError:
        return _form(request, lang, purpose, (email or "").strip(), error="email")
    window = settings.rate_limit_window
    check_limit(shared, "subscribe-ip", client_ip(request), settings.rate_limit_per_ip, window)
    check_limit(shared, "subscribe-email", key, settings.rate_limit_per_email, window)
    newsletters.subscribe(purpose, key, lang=lang, ip=client_ip(request))
    return RedirectResponse(f"/{lang}/newsletter/{purpose}/sent", status_code=303)


@router.get(
    "/{lang}/newsletter/{purpose}/sent", response_class=HTMLResponse, summary="Check your e-mail"
)
def subscribe_sent(request: Request, lang: _LangPath, purpose: str) -> Response:
    lang, purpose = _lang(lang), _purpose(request, purpose)
    label = parts(request).newsletters.label(purpose, lang)
    return _page(request, "newsletter_message.html.j2", lang, title="sent", label=label)


# --- confirming ----------------------------------------------------------------------------


def _invalid(request: Request, lang: str) -> Response:
    return _page(
        request,
        "newsletter_message.html.j2",
        lang,
        status=404,
        switch="/en/" if lang == "nl" else "/nl/",
        title="invalid",
    )


@router.get("/confirm/{token}", response_class=HTMLResponse, summary="A confirmation link's page")
def confirm_page(request: Request, token: str, lang: _LangQuery = None) -> Response:
    newsletters = parts(request).newsletters
    pending = newsletters.pending(token)
    if pending is None:
        return _invalid(request, _chosen(request, lang))
    chosen = _chosen(request, lang, pending.lang)
    return _page(
        request,
        "newsletter_button.html.j2",
        chosen,
        title="confirm",
        label=newsletters.label(pending.purpose, chosen),
        email=pending.email,
        csrf_needed=True,
    )


@router.post("/confirm/{token}", response_class=HTMLResponse, summary="Confirm a sign-up")
def confirm(
    request: Request,
    token: str,
    lang: _LangQuery = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    newsletters = parts(request).newsletters
    done = newsletters.confirm(token, ip=client_ip(request))
    if done is None:
        return _invalid(request, _chosen(request, lang))
    pending, _event = done
    chosen = _chosen(request, lang, pending.lang)
    return _page(
        request,
        "newsletter_message.html.j2",
        chosen,
        title="confirmed",
        label=newsletters.label(pending.purpose, chosen),
        email=pending.email,
        every_message=_every_message(request, pending.purpose),
    )


# --- unsubscribing -------------------------------------------------------------------------


def _bad_link(request: Request, lang: str) -> Response:
    return _page(
        request,
        "newsletter_message.html.j2",
        lang,
        status=404,
        switch="/en/" if lang == "nl" else "/nl/",
        title="bad_link",
    )


@router.get(
    "/unsubscribe/{signed}", response_class=HTMLResponse, summary="An unsubscribe link's page"
)
def unsubscribe_page(request: Request, signed: str, lang: _LangQuery = None) -> Response:
    newsletters = parts(request).newsletters
    chosen = _chosen(request, lang)
    found = newsletters.read_link(signed)
    if found is None:
        return _bad_link(request, chosen)
    purpose, email = found
    return _page(
        request,
        "newsletter_button.html.j2",
        chosen,
        title="unsubscribe",
        label=newsletters.label(purpose, chosen),
        email=email,
        csrf_needed=False,
    )


@router.post(
    "/unsubscribe/{signed}",
    response_class=HTMLResponse,
    summary="Unsubscribe (RFC 8058 one-click; no login)",
)
def unsubscribe(
    request: Request,
    signed: str,
    lang: _LangQuery = None,
    list_unsubscribe: Annotated[str | None, Form(alias="List-Unsubscribe", max_length=64)] = None,
) -> Response:
    newsletters = parts(request).newsletters
    one_click = f"List-Unsubscribe={list_unsubscribe}" == ONE_CLICK
    chosen = _chosen(request, lang)
    done = newsletters.unsubscribe(
        signed,
        method="one_click" if one_click else "unsubscribe_link",
        ip=client_ip(request),
        lang=chosen if lang in LANGS else None,
    )
    if done is None:
        return _bad_link(request, chosen)
    return _page(
        request,
        "newsletter_message.html.j2",
        chosen,
        title="unsubscribed" if done.event is not None else "already",
        label=newsletters.label(done.purpose, chosen),
        email=done.email,
        again=f"/{chosen}/newsletter/{done.purpose}",
    )


# --- for applications ----------------------------------------------------------------------


class SubscribeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    lang: Literal["nl", "en"] = "nl"
    ip: str | None = Field(None, max_length=64, description="The person's IP; stored anonymised.")


class SubscribeOut(BaseModel):
    ok: Literal[True] = True
    status: Literal["confirmation_sent"] = "confirmation_sent"


class UnsubscribeOut(BaseModel):
    ok: Literal[True] = True
    url: str
    headers: dict[str, str]


_API_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No admin token, or not a valid one"},
    404: {"model": ErrorOut, "description": "Not a newsletter of the declaration"},
    422: {"model": ErrorOut, "description": "The request is not valid"},
}


def _api_purpose(request: Request, purpose: str) -> str:
    if purpose not in parts(request).newsletters.purposes:
        known = ", ".join(parts(request).newsletters.purposes) or "none are declared"
        raise ApiError(404, f"{purpose!r} is not a newsletter; newsletters: {known}")
    return purpose


@router.post(
    "/api/v1/newsletters/{purpose}/subscribe",
    status_code=202,
    summary="Sign a person up; Waarborg sends the confirmation link",
    responses=_API_ERRORS,
)
def api_subscribe(request: Request, app: AppDep, purpose: str, body: SubscribeIn) -> SubscribeOut:
    """Double opt-in: nothing is recorded until the person uses the link."""
    purpose = _api_purpose(request, purpose)
    try:
        parts(request).newsletters.subscribe(purpose, body.email, lang=body.lang, ip=body.ip)
    except (ConsentError, MailError) as exc:
        raise ApiError(422, str(exc)) from None
    return SubscribeOut()


@router.get(
    "/api/v1/newsletters/{purpose}/unsubscribe",
    summary="An address's unsubscribe link and List-Unsubscribe headers, for the mailer",
    responses=_API_ERRORS,
)
def api_unsubscribe_link(
    request: Request,
    app: AppDep,
    purpose: str,
    email: Annotated[str, Query(min_length=3, max_length=320)],
    mailto: Annotated[str | None, Query(max_length=320)] = None,
) -> UnsubscribeOut:
    purpose = _api_purpose(request, purpose)
    newsletters = parts(request).newsletters
    try:
        return UnsubscribeOut(
            url=newsletters.link(purpose, email),
            headers=newsletters.headers(purpose, email, mailto=mailto),
        )
    except (ConsentError, MailError) as exc:
        raise ApiError(422, str(exc)) from None
