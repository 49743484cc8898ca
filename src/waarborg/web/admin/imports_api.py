"""The admin API for imported statements: the JSON renderer of the import that the
admin's page (``import_page``) renders as HTML, calling the same actions of
``handlers.Desk``.

``POST /api/v1/admin/imports`` takes a file (multipart, field ``file``) or an address
(multipart field ``url``, or JSON ``{"url": ...}``) and answers with the import's id
and its draft: the values found with their sentences, the silences, the outdated
terms and the checker's findings. ``GET .../imports/{id}`` gives the same again,
``POST .../imports/{id}/take`` takes the draft as the organisation's declaration.
Every route needs an admin bearer token; a statement that cannot be read is a 422
whose message says why (``?lang=nl`` for Dutch).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from ...declaration.lint import Scope
from ...errors import RequestError, StatementUnreadable
from ...importer.read import explain
from ...importer.write import sidecar
from ..auth import StaffDep
from ..errors import error_response
from ..state import web
from .api import STAFF_ERRORS, ErrorOut
from .handlers import desk
from .import_page import checked
from .imports import Imported

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/admin/imports",
    tags=["admin"],
    responses={**STAFF_ERRORS, 422: {"model": ErrorOut}},
)

_Id = Annotated[str, Path(max_length=64)]
_Lang = Annotated[Literal["nl", "en"], Query(description="The language of the messages")]


class ImportSummary(BaseModel):
    id: str
    at: datetime
    by: str
    kind: Literal["upload", "url"]
    origin: str


class TakenOut(BaseModel):
    at: datetime
    by: str
    path: str
    kept: str | None


class ImportOut(BaseModel):
    """An import: what it came from, the draft and what the checker finds in it."""

    ok: Literal[True] = True
    id: str
    at: datetime
    by: str
    kind: Literal["upload", "url"]
    origin: str
    format: str
    lang: str
    title: str | None
    loads: bool
    draft: dict[str, Any]
    evidence: list[dict[str, Any]]
    silences: list[dict[str, Any]]
    outdated: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    counts: dict[str, int]
    yaml: str
    links: dict[str, str]
    taken: list[TakenOut]


class ImportList(BaseModel):
    ok: Literal[True] = True
    imports: list[ImportSummary]


class TakeOut(BaseModel):
    ok: Literal[True] = True
    taken: TakenOut
    #: The running app keeps the declaration it started with.
    effective: Literal["after_restart"] = "after_restart"


def _out(imported: Imported, lang: str) -> ImportOut:
    state = checked(imported)
    side = sidecar(imported.draft)
    findings = []
    for f in state.findings:
        if f.severity.value not in ("error", "warning", "info"):
            continue
        shown: dict[str, Any] = {
            "rule": f.rule,
            "severity": f.severity.value,
            "scope": f.scope.value,
            "article": f.article,
            "path": list(f.path),
            "message": f.text(lang),
            "hint": f.hint_in(lang),
            "evidence": [
                {"quote": e.quote, "start": e.start, "end": e.end}
                for e in imported.draft.evidence_at(tuple(f.path))
            ],
        }
        findings.append(shown)
    statement = [f for f in state.findings if f.scope == Scope.STATEMENT]
    base = f"/admin/import/{imported.id}"
    return ImportOut(
        id=imported.id,
        at=imported.at,
        by=imported.by,
        kind=imported.kind,
        origin=imported.origin,
        format=imported.draft.text.format,
        lang=imported.draft.text.lang,
        title=imported.draft.text.title,
        loads=state.declaration is not None,
        draft=json.loads(json.dumps(imported.draft.data, default=str)),
        evidence=side["evidence"],
        silences=side["silences"],
        outdated=side["outdated"],
        findings=findings,
        counts={
            "values": len({e.path for e in imported.draft.evidence}),
            "silences": len(imported.draft.silences),
            "outdated": len(imported.draft.outdated),
            "errors": sum(1 for f in statement if f.severity.value == "error"),
            "warnings": sum(1 for f in statement if f.severity.value == "warning"),
        },
        yaml=imported.yaml,
        links={
            "page": base,
            "review": f"{base}/review",
            "yaml": f"{base}/draft.yaml",
            "evidence": f"{base}/evidence.json",
        },
        taken=[TakenOut(at=t.at, by=t.by, path=t.path, kept=t.kept) for t in imported.taken],
    )


@router.get("", summary="The imported statements, newest first")
def list_imports(request: Request, staff: StaffDep) -> ImportList:
    return ImportList(
        imports=[ImportSummary(**meta) for meta in desk(request, staff.actor).imports()]
    )


@router.post(
    "",
    status_code=201,
    responses={201: {"model": ImportOut, "description": "The import, with its draft"}},
    summary="Import a statement: a file (multipart `file`) or an address (`url`)",
)
async def start(request: Request, staff: StaffDep, lang: _Lang = "en") -> Any:
    staff_desk = desk(request, staff.actor)
    content_type = request.headers.get("content-type", "")
    url: str | None = None
    upload: tuple[bytes, str] | None = None
    if content_type.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=4) as form:
            file = form.get("file")
            if isinstance(file, UploadFile) and file.filename:
                upload = (await file.read(), file.filename)
            given = form.get("url")
            url = given if isinstance(given, str) else None
    else:
        try:
            body = await request.json()
        except ValueError:
            raise RequestError("body", "send a file as multipart, or JSON with a url") from None
        given = body.get("url") if isinstance(body, dict) else None
        url = given if isinstance(given, str) else None
    limit = web(request).settings.import_max_bytes
    try:
        if upload is not None:
            if len(upload[0]) > limit:
                return error_response(
                    request, 413, f"the file is too large: at most {limit} bytes are accepted"
                )
            imported = await run_in_threadpool(staff_desk.import_file, *upload)
        elif url:
            if len(url) > 2000:
                raise RequestError("url", "give an address of at most 2000 characters")
            imported = await run_in_threadpool(staff_desk.import_url, url)
        else:
            raise RequestError("file", "send a file (field file) or an address (field url)")
    except StatementUnreadable as exc:
        return error_response(request, 422, explain(exc, lang))
    answer = _out(imported, lang)
    return Response(
        answer.model_dump_json(),
        status_code=201,
        media_type="application/json",
        headers={"Location": f"/api/v1/admin/imports/{imported.id}"},
    )


@router.get("/{public_id}", summary="One import: its draft, evidence and findings")
def get_import(request: Request, staff: StaffDep, public_id: _Id, lang: _Lang = "en") -> ImportOut:
    return _out(desk(request, staff.actor).imported(public_id), lang)


@router.post("/{public_id}/take", summary="Take the draft as the organisation's declaration")
def take_import(request: Request, staff: StaffDep, public_id: _Id) -> TakeOut:
    taken = desk(request, staff.actor).take_import(public_id)
    return TakeOut(taken=TakenOut(at=taken.at, by=taken.by, path=taken.path, kept=taken.kept))
