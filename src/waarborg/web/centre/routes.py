"""The privacy centre: where a person exercises their rights, in Dutch or English.

Every page is rendered on the server and works without JavaScript. The flow: the
home page lists the rights; a form per right files a request and sends a
verification link; the link's page has a button whose POST confirms (a GET never
spends a token, because mail scanners open links); the status page and the download
page answer only to their own token, and a wrong token gets exactly the answer an
unknown id gets.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from ... import catalogue
from ...declaration import wording as statement_words
from ...declaration.document import Draft
from ...declaration.model import Declaration
from ...declaration.render import render_statement
from ...declaration.types import Duration
from ...store import sweep, tokens
from ...store.enums import TokenPurpose
from ...store.models import Request as RequestRow
from ..errors import ApiError
from ..pages import pick_language, render
from ..security import check_csrf, check_intake_limits, client_ip
from ..state import web
from ..wording import LANGS, lookup
from . import claims, forms, own_data, published

__all__ = ["router"]

router = APIRouter(tags=["privacy centre"])

_NOT_FOUND = "not found"
_LangQuery = Annotated[str | None, Query(max_length=8, description="nl or en")]
#: Path parameters, documented with their values; anything else is a 404.
_LangPath = Annotated[str, Path(json_schema_extra={"enum": list(LANGS)})]
_KindPath = Annotated[str, Path(json_schema_extra={"enum": list(forms.KINDS)})]


def _chosen(lang: str | None) -> str | None:
    return lang if lang in LANGS else None


def _known(lang: str) -> str:
    return lang if lang in LANGS else "nl"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ApiError(404, _NOT_FOUND)
    return lang


def _kind(kind: str) -> str:
    if kind not in forms.KINDS:
        raise ApiError(404, _NOT_FOUND)
    return kind


@router.get("/", include_in_schema=False)
def root(request: Request) -> Response:
    """To the centre in the browser's language."""
    return RedirectResponse(
        f"/{pick_language(request)}/", status_code=303, headers={"Vary": "Accept-Language"}
    )


@router.get("/{lang}/", response_class=HTMLResponse, summary="The privacy centre's home page")
def home(request: Request, lang: _LangPath) -> Response:
    """Every right as the law gives it; the response time and its extension as
    declared, or as the law sets them when the declaration is silent (``centre_claims``)."""
    lang = _lang(lang)
    shared = web(request)
    declaration = shared.declaration
    authority = catalogue.authorities().get(declaration.controller.authority)
    promise = claims.declared_response_time(declaration)
    extension = claims.declared_extension(declaration)
    return render(
        request,
        "home.html.j2",
        lang=lang,
        kinds=forms.KINDS,
        offered=claims.offered_rights(declaration),
        right_labels=statement_words.words(lang)["right_label"],
        authority=authority,
        authority_name=_authority_ref(authority, lang),
        no_id_copy=claims.says_no_id_copy(declaration),
        period=statement_words.duration_words(promise, lang) if promise else None,
        extension=statement_words.duration_words(extension, lang) if extension else None,
    )


def _authority_ref(authority: catalogue.Authority | None, lang: str) -> str:
    """The authority as named in a sentence, as the privacy statement names it."""
    return "" if authority is None else statement_words.authority_ref(authority, lang)


_DRAFTS: dict[int, tuple[Declaration, Draft | None]] = {}


def _draft(declaration: Declaration) -> Draft | None:
    """The draft mark of a declaration the checker finds errors in on the statement: the
    privacy centre never shows such a statement as final. Checked once per declaration."""
    cached = _DRAFTS.get(id(declaration))
    if cached is not None and cached[0] is declaration:
        return cached[1]
    from ...declaration.lint import check
    from ...declaration.publish import draft_of

    findings = check(declaration, scope="statement")
    errors = any(f.severity.value == "error" for f in findings)
    mark = draft_of(findings, file_names_only=True) if errors else None
    _DRAFTS[id(declaration)] = (declaration, mark)
    return mark


@router.get("/{lang}/privacy", response_class=HTMLResponse, summary="The privacy statement")
def statement(request: Request, lang: _LangPath) -> Response:
    """The current published version of the privacy statement, with the earlier ones
    listed (``published``). Before the first publication: the statement rendered from
    the declaration, marked as a draft while the checker finds errors in it, with the
    centre's own section last: what the privacy centre itself keeps, and how long. Its
    inline style is allowed by its hash; scripts stay forbidden."""
    lang = _lang(lang)
    served = published.current_statement(request, lang)
    if served is not None:
        return served
    shared = web(request)
    declaration = shared.declaration
    html = render_statement(declaration, lang, "html", draft=_draft(declaration))
    html = own_data.add_section(html, declaration, shared.settings, lang)
    return published.page_response(html)


def _form_page(
    request: Request,
    lang: str,
    kind: str,
    submission: forms.Submission | None = None,
    status: int = 200,
) -> Response:
    shared = web(request)
    declaration = shared.declaration
    words = statement_words.words(lang)
    choices: list[forms.Choice] = []
    if kind == "objection":
        notes = {
            "marketing": str(lookup(lang, "objection_marketing")),
            "interest": str(lookup(lang, "objection_interest")),
            "public_task": str(lookup(lang, "objection_public_task")),
        }
        choices = forms.purpose_choices(
            declaration, forms.objection_purposes(declaration), lang, notes
        )
    elif kind == "withdraw_consent":
        choices = forms.purpose_choices(declaration, forms.consent_purposes(declaration), lang)
    elif kind == "restriction":
        choices = forms.purpose_choices(declaration, list(declaration.purposes), lang)
    return render(
        request,
        "form.html.j2",
        lang=lang,
        status=status,
        kind=kind,
        title=words["right_label"][kind],
        description=lookup(lang, "right_law." + kind),
        offered=kind in claims.offered_rights(declaration),
        choices=choices,
        needs_choice=kind in ("objection", "withdraw_consent"),
        form=submission or forms.Submission(kind=kind),
    )


@router.get("/{lang}/request/{kind}", response_class=HTMLResponse, summary="The form for one right")
def request_form(request: Request, lang: _LangPath, kind: _KindPath) -> Response:
    return _form_page(request, _lang(lang), _kind(kind))


@router.post(
    "/{lang}/request/{kind}",
    response_class=HTMLResponse,
    summary="File a request; a verification link is e-mailed",
    status_code=303,
)
def file_request(
    request: Request,
    lang: _LangPath,
    kind: _KindPath,
    email: Annotated[str | None, Form(max_length=400)] = None,
    message: Annotated[str | None, Form(max_length=forms.MAX_TEXT * 2)] = None,
    purposes: Annotated[list[str] | None, Form()] = None,
    purpose: Annotated[str | None, Form(max_length=100)] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    lang, kind = _lang(lang), _kind(kind)
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    submission = forms.check(
        shared.declaration,
        kind,
        email=email,
        message=message,
        purposes=purposes,
        purpose=purpose,
    )
    if submission.errors:
        return _form_page(request, lang, kind, submission, status=422)
    settings = shared.settings
    check_intake_limits(
        shared.database,
        shared.key,
        ip=client_ip(request),
        email=submission.email,
        per_ip=settings.rate_limit_per_ip,
        per_email=settings.rate_limit_per_email,
        window=settings.rate_limit_window,
    )
    shared.requests.file(
        kind=kind,
        email=submission.email,
        lang=lang,
        details=submission.details,
        channel="web",
        actor="subject",
    )
    return RedirectResponse(f"/{lang}/sent", status_code=303)


@router.get("/{lang}/sent", response_class=HTMLResponse, summary="Check your e-mail")
def sent(request: Request, lang: _LangPath) -> Response:
    lang = _lang(lang)
    lifetime = web(request).settings.verification_link_lifetime
    hours = int(lifetime.total_seconds() // 3600)
    period = (
        statement_words.duration_words(_duration(days=hours // 24), lang)
        if hours >= 24 and hours % 24 == 0
        else statement_words.duration_words(_duration(hours=max(hours, 1)), lang)
    )
    return render(request, "sent.html.j2", lang=lang, period=period)


def _duration(**parts: int) -> Duration:
    return Duration(**parts)


# --- links from the e-mails ----------------------------------------------------------


def _not_found(request: Request, lang: str) -> Response:
    return render(
        request,
        "error.html.j2",
        lang=lang,
        status=404,
        shown=404,
        minutes=60,
        switch_url=_other_home(lang),
    )


def _link_invalid(request: Request, lang: str) -> Response:
    return render(
        request, "link_invalid.html.j2", lang=lang, status=404, switch_url=_other_home(lang)
    )


def _other_home(lang: str) -> str:
    """A page about a wrong link switches language to the home page: it never repeats
    the link, so a wrong token and an unknown id get the same page."""
    return "/en/" if lang == "nl" else "/nl/"


def _verify_lang(request: Request, token: str) -> str | None:
    """The language of the request a verification token belongs to, without spending
    the token; None when the token is not valid."""
    shared = web(request)
    with shared.database.read() as session:
        found = tokens.peek(session, token, TokenPurpose.VERIFY)
        if found is None or found.request_id is None:
            return None
        row = session.get(RequestRow, found.request_id)
        return row.lang if row is not None and row.lang in LANGS else pick_language(request)


@router.get(
    "/verify/{token}", response_class=HTMLResponse, summary="The page of a verification link"
)
def verify_page(request: Request, token: str, lang: _LangQuery = None) -> Response:
    found = _verify_lang(request, token) if len(token) <= 200 else None
    if found is None:
        return _link_invalid(request, _chosen(lang) or pick_language(request))
    return render(request, "verify.html.j2", lang=_chosen(lang) or found)


@router.post("/verify/{token}", response_class=HTMLResponse, summary="Confirm a request")
def verify_confirm(
    request: Request,
    token: str,
    lang: _LangQuery = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    public_id = shared.requests.verify(token) if len(token) <= 200 else None
    view = shared.requests.view(public_id) if public_id else None
    if view is None:
        return _link_invalid(request, _chosen(lang) or pick_language(request))
    return render(request, "verified.html.j2", lang=_chosen(lang) or _known(view.lang), view=view)


@router.get(
    "/requests/{public_id}", response_class=HTMLResponse, summary="The person's view of a request"
)
def status_page(
    request: Request,
    public_id: str,
    t: Annotated[str, Query(max_length=200)] = "",
    lang: _LangQuery = None,
) -> Response:
    """Answers only to the request's own status token: a wrong token and an unknown id
    get the same page, status and words."""
    shared = web(request)
    chosen = _chosen(lang)
    view = shared.requests.status(public_id, t) if t and len(public_id) <= 64 else None
    if view is None:
        return _not_found(request, chosen or pick_language(request))
    return render(
        request,
        "status.html.j2",
        lang=chosen or _known(view.lang),
        view=view,
    )


@router.get("/download/{token}", response_class=HTMLResponse, summary="The page of a download link")
def download_page(request: Request, token: str, lang: _LangQuery = None) -> Response:
    shared = web(request)
    view = shared.requests.peek_download(token) if len(token) <= 200 else None
    if view is None:
        return _link_invalid(request, _chosen(lang) or pick_language(request))
    return render(request, "download.html.j2", lang=_chosen(lang) or _known(view.lang), view=view)


@router.post(
    "/download/{token}",
    summary="Download the export (a zip); the link works once",
    responses={200: {"content": {"application/zip": {}}}},
    response_class=Response,
)
def download(
    request: Request,
    token: str,
    lang: _LangQuery = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    shared = web(request)
    check_csrf(request, shared.key, csrf_token)
    path = shared.requests.download(token) if len(token) <= 200 else None
    if path is None:
        return _link_invalid(request, _chosen(lang) or pick_language(request))
    name = path.name if path.suffix == ".zip" else "export.zip"
    # the link works once: the file goes as soon as it has been sent
    return FileResponse(
        path,
        media_type="application/zip",
        filename=name,
        background=BackgroundTask(sweep.delete_export, path),
    )
