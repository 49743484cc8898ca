"""The declaration in the admin: the privacy statement, the cookie declaration and the
Art. 30 register as they would be published from the live declaration, with the
checker's findings beside them; "Publish", which keeps a new version of the statement;
and each published version with what changed since the one before.

The documents are those ``waarborg render`` and ``waarborg register`` write, in the
member of staff's language, and the statement with the privacy centre's own section, as
the centre serves it. A declaration with errors on the statement is shown as a draft
marked CONCEPT and cannot be published; the page says so, and why. Publishing is a POST
with the session's CSRF token, writes an audit entry, and makes no new version when
nothing differs from the current one (the page says that too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import i18n
from ...declaration.lint import Finding, Scope, check
from ...declaration.model import Declaration
from ...declaration.publish import draft_of
from ...declaration.register import write_register
from ...declaration.render import render_cookie_declaration, render_statement
from ...errors import NotFoundError, NotPublishable
from ...publication import Documents, Versions, prepare
from ...publication.versions import Addition
from ...settings import Settings
from ..auth import active_session
from ..centre import own_data
from ..centre.published import page_response
from ..security import CONTENT_SECURITY_POLICY, AdminSession, check_admin_csrf
from ..state import Web, web
from ..wording import LANGS
from .declaration_findings import FindingView, findings_of
from .imports import waiting
from .lang import staff_language
from .page import page

__all__ = ["DOCUMENTS", "FRAMING_POLICY", "document_of", "router"]

router = APIRouter(prefix="/admin/declaration", tags=["admin page"])

PART = "admin_declaration"
DOCUMENTS = ("statement", "cookies", "register")
_PAGES = {"statement": "", "cookies": "/cookies", "register": "/register"}
#: The admin's pages may frame the documents they show, and only their own.
FRAMING_POLICY = CONTENT_SECURITY_POLICY + "; frame-src 'self'"
_LangQuery = Annotated[str | None, Query(max_length=8, description="nl or en")]
_Csrf = Annotated[str | None, Form(max_length=200)]


@dataclass(frozen=True)
class _Live:
    """The live declaration as the checker sees it."""

    findings: list[Finding]
    statement_errors: int
    register_errors: int

    @property
    def publishable(self) -> bool:
        return self.statement_errors == 0


def _live(shared: Web) -> _Live:
    findings = check(shared.declaration)

    def errors(scope: Scope) -> int:
        return sum(1 for f in findings if f.scope == scope and f.severity.value == "error")

    return _Live(findings, errors(Scope.STATEMENT), errors(Scope.REGISTER))


def _addition(shared: Web) -> Addition:
    """The privacy centre's own section, as the centre adds it to the statement page."""

    def add(html: str, lang: str) -> str:
        return own_data.add_section(html, shared.declaration, shared.settings, lang)

    return add


def _document(shared: Web, live: _Live, doc: str, lang: str) -> str:
    """``doc`` in ``lang`` as it would be published: a draft, marked CONCEPT, while the
    checker finds errors of its scope."""
    return document_of(shared.declaration, shared.settings, live.findings, doc, lang)


def document_of(
    declaration: Declaration, settings: Settings, findings: list[Finding], doc: str, lang: str
) -> str:
    """``doc`` (``statement``, ``cookies`` or ``register``) of ``declaration`` in
    ``lang`` as it would be published, with the privacy centre's own section: a draft,
    marked CONCEPT, while ``findings`` hold errors of its scope. The admin's import
    shows an imported draft with it."""

    def errors(scope: Scope) -> list[Finding]:
        return [f for f in findings if f.scope == scope and f.severity.value == "error"]

    if doc == "register":
        found = [f for f in findings if f.scope == Scope.REGISTER]
        mark = draft_of(found) if errors(Scope.REGISTER) else None
        return str(write_register(declaration, "html", lang, draft=mark, findings=findings))
    statement_findings = [f for f in findings if f.scope == Scope.STATEMENT]
    mark = draft_of(statement_findings) if errors(Scope.STATEMENT) else None
    if doc == "cookies":
        return render_cookie_declaration(declaration, lang, "html", draft=mark)
    html = render_statement(declaration, lang, "html", draft=mark)
    return own_data.add_section(html, declaration, settings, lang)


def _file(shared: Web) -> str:
    source = shared.declaration.source
    return PurePath(source.file).name if source is not None else "privacy.yaml"


def who(actor: str, lang: str) -> str:
    """Who published, in words: the staff token's name, or the user of the command line."""
    kind, _, name = actor.partition(":")
    if kind == "admin" and name:
        return name
    if kind == "cli" and name:
        return i18n.t(f"{PART}.versions.by_cli", lang, name=name)
    return actor


def _counted(key: str, count: int, lang: str) -> str:
    """``1 fout`` / ``3 fouten``: the ``_one`` or ``_many`` form of ``key``."""
    form = "one" if count == 1 else "many"
    return i18n.t(f"{PART}.{key}_{form}", lang, count=count)


def _lang_query(request: Request) -> str:
    """``?lang=..`` when the page was asked for in a language, to keep after a POST."""
    asked = request.query_params.get("lang")
    return f"lang={asked}" if asked in LANGS else ""


def _login(request: Request, status: int = 401) -> Response:
    return page(request, "admin_login.html.j2", None, status=status, error=None)


def _page(
    request: Request,
    session: AdminSession,
    template: str,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    response = page(request, template, session, status=status, part=PART, **context)
    response.headers["Content-Security-Policy"] = FRAMING_POLICY
    return response


def _findings_summary(views: list[FindingView], lang: str) -> str:
    errors = sum(1 for v in views if v.severity == "error")
    warnings = len(views) - errors
    return i18n.format_list(
        [_counted("findings.errors", errors, lang), _counted("findings.warnings", warnings, lang)],
        lang,
    )


def _overview(
    request: Request,
    session: AdminSession,
    doc: str,
    *,
    status: int = 200,
    refused: bool = False,
) -> Response:
    shared = web(request)
    lang = staff_language(request, session)
    live = _live(shared)
    versions = Versions(shared.database)
    listed = versions.list()
    current = listed[0] if listed else None
    documents: Documents | None = None
    if live.publishable:
        documents = prepare(shared.declaration, findings=live.findings, addition=_addition(shared))
    differs = documents is None or versions.differs(documents)
    scope = Scope.REGISTER if doc == "register" else Scope.STATEMENT
    views = findings_of(shared.declaration, live.findings, lang, scope)
    statement_views = (
        views
        if scope == Scope.STATEMENT
        else findings_of(shared.declaration, live.findings, lang, Scope.STATEMENT)
    )
    warnings = sum(1 for v in statement_views if v.severity == "warning")
    query = _lang_query(request)
    other = "en" if lang == "nl" else "nl"
    return _page(
        request,
        session,
        "admin_declaration.html.j2",
        status=status,
        doc=doc,
        pages={
            d: f"/admin/declaration{_PAGES[d]}" + (f"?{query}" if query else "") for d in DOCUMENTS
        },
        frame_url=f"/admin/declaration/document/{doc}?lang={lang}",
        other_url=f"/admin/declaration/document/{doc}?lang={other}",
        file=_file(shared),
        findings=views,
        summary=_findings_summary(views, lang),
        draft=(live.register_errors if doc == "register" else live.statement_errors) > 0,
        publishable=live.publishable,
        refusal=_counted("publish.refused", live.statement_errors, lang)
        if not live.publishable
        else None,
        warnings=_counted("publish.warnings", warnings, lang) if warnings else None,
        refused=refused,
        current=current,
        current_by=who(current.published_by, lang) if current else None,
        differs=differs,
        next_number=(current.number + 1) if current else 1,
        versions=[(v, who(v.published_by, lang)) for v in listed],
        done=_done(request, versions, lang),
        publish_url="/admin/declaration/publish" + (f"?{query}" if query else ""),
        query=query,
        waiting=waiting(shared.settings, shared.declaration),
        waiting_file=shared.settings.declaration_path().name,
    )


def _done(request: Request, versions: Versions, lang: str) -> str | None:
    """What the last publication came to, for the page it leads back to."""
    done = request.query_params.get("done")
    number = request.query_params.get("version", "")
    if done not in ("published", "same") or not number.isdigit() or len(number) > 9:
        return None
    info = versions.info(int(number))
    if info is None:
        return None
    if done == "published":
        current = versions.current()
        if current is None or current.number != info.number:
            return None  # "the privacy centre now shows it" would no longer be true
        return i18n.t(f"{PART}.done.published", lang, number=info.number)
    return i18n.t(
        f"{PART}.done.same",
        lang,
        number=info.number,
        date=i18n.format_datetime(info.published_at, lang),
    )


@router.get("", response_class=HTMLResponse, summary="The privacy statement and its findings")
def statement(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request, status=200)
    return _overview(request, session, "statement")


@router.get("/cookies", response_class=HTMLResponse, summary="The cookie declaration")
def cookies(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    return _overview(request, session, "cookies")


@router.get("/register", response_class=HTMLResponse, summary="The Art. 30 register")
def register(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    return _overview(request, session, "register")


@router.get(
    "/document/{doc}",
    response_class=HTMLResponse,
    summary="A document as it would be published, to show in a frame",
)
def document(
    request: Request,
    doc: Annotated[str, Path(json_schema_extra={"enum": list(DOCUMENTS)})],
    lang: _LangQuery = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    if doc not in DOCUMENTS:
        raise NotFoundError(f"no document {doc[:40]}")
    shared = web(request)
    chosen = lang if lang in LANGS else staff_language(request, session)
    html = _document(shared, _live(shared), doc, chosen)
    # links in the document open in the whole window, not in the frame
    html = html.replace("<head>", '<head>\n<base target="_top">', 1)
    return page_response(html, framed=True)


@router.post("/publish", summary="Publish the statement as a new version")
def publish(request: Request, csrf_token: _Csrf = None) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    shared = web(request)
    check_admin_csrf(shared.key, session, csrf_token)
    live = _live(shared)
    try:
        documents = prepare(shared.declaration, findings=live.findings, addition=_addition(shared))
    except NotPublishable:
        return _overview(request, session, "statement", status=409, refused=True)
    result = Versions(shared.database).publish(documents, actor=session.actor)
    query = urlencode(
        {"done": "published" if result.new else "same", "version": result.version.number}
    )
    extra = _lang_query(request)
    return RedirectResponse(
        f"/admin/declaration?{query}" + (f"&{extra}" if extra else ""), status_code=303
    )


@router.get(
    "/versions/{number}",
    response_class=HTMLResponse,
    summary="A published version and what changed since the one before",
)
def version(
    request: Request,
    number: Annotated[str, Path(max_length=12)],
    text: _LangQuery = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    shared = web(request)
    lang = staff_language(request, session)
    versions = Versions(shared.database)
    info = versions.info(int(number)) if number.isdigit() and len(number) <= 9 else None
    if info is None:
        return _page(
            request, session, "admin_declaration_missing.html.j2", status=404, number=number
        )
    text_lang = text if text in LANGS else lang
    later = versions.info(info.number + 1)
    found = versions.changes(info.number, text_lang)
    summary = None
    if found is not None and not found.none:
        summary = i18n.format_list(
            [
                _counted(f"version.{kind}", count, lang)
                for kind, count in (
                    ("added", found.added),
                    ("removed", found.removed),
                    ("changed", found.changed),
                )
                if count
            ],
            lang,
        )
    query = _lang_query(request)
    other = "en" if text_lang == "nl" else "nl"
    return _page(
        request,
        session,
        "admin_declaration_version.html.j2",
        info=info,
        by=who(info.published_by, lang),
        later=later,
        changes=found,
        summary=summary,
        text_lang=text_lang,
        other_text_url=f"/admin/declaration/versions/{info.number}?text={other}"
        + (f"&{query}" if query else ""),
        back_url="/admin/declaration" + (f"?{query}" if query else ""),
        counted=lambda key, count: _counted(f"version.{key}", count, lang),
    )
