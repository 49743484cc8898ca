"""The import in the admin: a privacy officer uploads the statement the organisation
already has (or gives its address), and sees the draft declaration the importer makes
of it: what was found, what the statement leaves out, the outdated terms and the
checker's findings, in the member of staff's language; the review (the statement's
text with the extracted parts highlighted and linked to the findings); the draft's
statement, cookie declaration and register as they would be published; and the
draft with its evidence to download.

"Take as our declaration" writes the draft to the declaration file Waarborg serves,
keeping the earlier file beside it. The running app keeps serving the declaration it
started with: the page says the new one takes effect when Waarborg restarts, and the
declaration page says a newer file is waiting. Nothing is published here: publishing
stays the declaration page's own button.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ... import i18n
from ...declaration.lint import Finding, Scope, check
from ...declaration.model import Declaration
from ...errors import DeclarationError, NotFoundError, RequestError, StatementUnreadable
from ...importer.read import explain
from ...importer.report import render as review_html
from ...importer.write import to_json
from ..auth import active_session
from ..centre.published import page_response
from ..security import AdminSession, check_admin_csrf
from ..state import web
from ..wording import LANGS
from .declaration import DOCUMENTS, FRAMING_POLICY, document_of
from .declaration_findings import FindingView, findings_of
from .handlers import desk
from .imports import Imported, waiting
from .lang import staff_language
from .page import page

__all__ = ["ACCEPT", "Checked", "checked", "router"]

router = APIRouter(prefix="/admin/import", tags=["admin page"])

PART = "admin_import"
#: The file types the form offers (the importer reads these).
ACCEPT = ".txt,.md,.html,.htm,.pdf,.docx,.odt"
_Csrf = Annotated[str | None, Form(max_length=200)]
_Id = Annotated[str, Path(max_length=64)]
_LangQuery = Annotated[str | None, Query(max_length=8, description="nl or en")]


@dataclass(frozen=True)
class Checked:
    """An import with its draft loaded and checked (``declaration`` None and
    ``problem`` set when the draft does not load)."""

    imported: Imported
    declaration: Declaration | None
    findings: list[Finding]
    problem: str | None


def checked(imported: Imported) -> Checked:
    """``imported``'s draft as a declaration, with the checker's findings on it now."""
    try:
        declaration = imported.declaration()
    except DeclarationError as exc:
        return Checked(imported, None, [], str(exc))
    return Checked(imported, declaration, check(declaration), None)


def _login(request: Request, status: int = 401) -> Response:
    return page(request, "admin_login.html.j2", None, status=status, error=None)


def _form(
    request: Request,
    session: AdminSession,
    *,
    error: str | None = None,
    url: str = "",
    status: int = 200,
) -> Response:
    shared = web(request)
    limit = shared.settings.import_max_bytes
    return page(
        request,
        "admin_import.html.j2",
        session,
        status=status,
        part=PART,
        error=error,
        url=url,
        accept=ACCEPT,
        limit=i18n.format_number(round(limit / (1024 * 1024), 1), staff_language(request, session)),
        imports=desk(request, session.actor).imports(),
    )


@router.get("", response_class=HTMLResponse, summary="Import a privacy statement")
def form(request: Request) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request, status=200)
    return _form(request, session)


@router.post("", summary="Import a statement from a file or a web address")
async def start(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    csrf_token: _Csrf = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    shared = web(request)
    check_admin_csrf(shared.key, session, csrf_token)
    lang = staff_language(request, session)
    staff = desk(request, session.actor)
    address = (url or "").strip()
    content = await file.read() if file is not None and file.filename else b""
    if file is not None:
        await file.close()
    try:
        if file is not None and file.filename:
            limit = shared.settings.import_max_bytes
            if len(content) > limit:
                error = i18n.t(
                    f"{PART}.errors.too_large",
                    lang,
                    name=file.filename,
                    limit=i18n.format_number(round(limit / (1024 * 1024), 1), lang),
                )
                return _form(request, session, error=error, url=address, status=413)
            imported = await run_in_threadpool(staff.import_file, content, file.filename)
        elif address:
            imported = await run_in_threadpool(staff.import_url, address)
        else:
            error = i18n.t(f"{PART}.errors.nothing", lang)
            return _form(request, session, error=error, status=422)
    except StatementUnreadable as exc:
        return _form(request, session, error=explain(exc, lang), url=address, status=422)
    except RequestError:
        error = i18n.t(f"{PART}.errors.address", lang)
        return _form(request, session, error=error, url=address, status=422)
    return RedirectResponse(f"/admin/import/{imported.id}", status_code=303)


def _found(imported: Imported) -> list[dict[str, Any]]:
    """The values found, one row per place in the declaration, with the first quote."""
    rows: dict[tuple[str | int, ...], dict[str, Any]] = {}
    for evidence in imported.draft.evidence:
        rows.setdefault(
            evidence.path,
            {
                "path": _dotted(evidence.path),
                "value": _shown(evidence.value),
                "quote": evidence.quote,
            },
        )
    return list(rows.values())


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _short(quote: str, limit: int = 200) -> str:
    words = " ".join(quote.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"


def _counted(key: str, count: int, lang: str) -> str:
    form = "one" if count == 1 else "many"
    return i18n.t(f"{PART}.{key}_{form}", lang, count=count)


def _views(state: Checked, lang: str, scope: Scope) -> list[FindingView]:
    if state.declaration is None:
        return []
    return findings_of(state.declaration, state.findings, lang, scope)


@router.get("/{public_id}", response_class=HTMLResponse, summary="An imported draft")
def draft(
    request: Request,
    public_id: _Id,
    doc: Annotated[str, Query(max_length=10)] = "statement",
    done: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    return _draft_page(request, session, public_id, doc=doc, done=done == "taken")


def _draft_page(
    request: Request,
    session: AdminSession,
    public_id: str,
    *,
    doc: str = "statement",
    done: bool = False,
    error: str | None = None,
    status: int = 200,
) -> Response:
    shared = web(request)
    lang = staff_language(request, session)
    imported = desk(request, session.actor).imported(public_id)
    state = checked(imported)
    doc = doc if doc in DOCUMENTS else "statement"
    statement = _views(state, lang, Scope.STATEMENT)
    register = _views(state, lang, Scope.REGISTER)
    errors = sum(1 for v in statement if v.severity == "error")
    warnings = len(statement) - errors
    other = "en" if lang == "nl" else "nl"
    base = f"/admin/import/{imported.id}"
    current = shared.declaration
    draft_stores = len(state.declaration.datastores) if state.declaration is not None else 0
    last = imported.taken[-1] if imported.taken else None
    response = page(
        request,
        "admin_import_draft.html.j2",
        session,
        status=status,
        part=PART,
        imported=imported,
        text=imported.draft.text,
        statement_lang=imported.draft.text.lang,
        loads=state.declaration is not None,
        problem=state.problem,
        found=[{**row, "quote": _short(row["quote"])} for row in _found(imported)],
        silences=[(_dotted(s.path), s.what) for s in imported.draft.silences],
        outdated=[(o.term, o.meaning, _short(o.quote)) for o in imported.draft.outdated],
        findings=statement,
        register_findings=register,
        summary=i18n.format_list(
            [
                _counted("findings.errors", errors, lang),
                _counted("findings.warnings", warnings, lang),
            ],
            lang,
        ),
        register_summary=_counted("findings.register", len(register), lang),
        doc=doc,
        documents=DOCUMENTS,
        frame_url=f"{base}/document/{doc}?lang={lang}",
        other_url=f"{base}/document/{doc}?lang={other}",
        review_url=f"{base}/review?lang={lang}",
        review_other_url=f"{base}/review?lang={other}",
        base=base,
        target=shared.settings.declaration_path().name,
        target_path=str(shared.settings.declaration_path()),
        lost_stores=len(current.datastores) if draft_stores == 0 else 0,
        done=done,
        last=last,
        waiting=waiting(shared.settings, shared.declaration),
        on_disk=_on_disk(shared.settings.declaration_path(), imported),
        error=error,
    )
    response.headers["Content-Security-Policy"] = FRAMING_POLICY
    return response


def _on_disk(path: FsPath, imported: Imported) -> bool:
    """Whether the declaration file is this draft, as taken."""
    try:
        return path.read_bytes() == imported.yaml.encode("utf-8")
    except OSError:
        return False


@router.get(
    "/{public_id}/document/{doc}",
    response_class=HTMLResponse,
    summary="A document of the draft as it would be published, to show in a frame",
)
def document(
    request: Request,
    public_id: _Id,
    doc: Annotated[str, Path(json_schema_extra={"enum": list(DOCUMENTS)})],
    lang: _LangQuery = None,
) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    if doc not in DOCUMENTS:
        raise NotFoundError(f"no document {doc[:40]}")
    state = checked(desk(request, session.actor).imported(public_id))
    if state.declaration is None:
        raise NotFoundError("the draft does not load")
    chosen = lang if lang in LANGS else staff_language(request, session)
    html = document_of(state.declaration, web(request).settings, state.findings, doc, chosen)
    html = html.replace("<head>", '<head>\n<base target="_top">', 1)
    return page_response(html, framed=True)


@router.get(
    "/{public_id}/review",
    response_class=HTMLResponse,
    summary="The review: the statement's text with its extracted parts and the findings",
)
def review(request: Request, public_id: _Id, lang: _LangQuery = None) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    state = checked(desk(request, session.actor).imported(public_id))
    chosen = lang if lang in LANGS else staff_language(request, session)
    findings = [f for f in state.findings if f.scope == Scope.STATEMENT]
    return page_response(review_html(state.imported.draft, findings, chosen), framed=True)


def _download(content: str, name: str, media: str) -> Response:
    return Response(
        content,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/{public_id}/draft.yaml", summary="The draft declaration, with its evidence")
def draft_yaml(request: Request, public_id: _Id) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    imported = desk(request, session.actor).imported(public_id)
    return _download(imported.yaml, imported.file_name, "application/yaml; charset=utf-8")


@router.get("/{public_id}/evidence.json", summary="The draft's evidence, with offsets")
def evidence_json(request: Request, public_id: _Id) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    imported = desk(request, session.actor).imported(public_id)
    return _download(
        to_json(imported.draft),
        f"{imported.file_name}.evidence.json",
        "application/json; charset=utf-8",
    )


@router.post("/{public_id}/take", summary="Take the draft as the organisation's declaration")
def take(request: Request, public_id: _Id, csrf_token: _Csrf = None) -> Response:
    session = active_session(request)
    if session is None:
        return _login(request)
    check_admin_csrf(web(request).key, session, csrf_token)
    lang = staff_language(request, session)
    try:
        desk(request, session.actor).take_import(public_id)
    except RequestError as exc:
        key = "draft" if exc.field == "draft" else "declaration"
        error = i18n.t(
            f"{PART}.take.refused_{key}", lang, file=web(request).settings.declaration_path().name
        )
        return _draft_page(request, session, public_id, error=error, status=409)
    return RedirectResponse(f"/admin/import/{public_id}?done=taken", status_code=303)
