"""The admin API for the registers: staff list, enter and handle complaints, and
record breaches with their decisions, notices and the export for the AP.

Every route needs an admin bearer token. The actions are the registers' own
(``registers.complaints``, ``registers.breaches``); each is written to the audit log
under ``admin:NAME``. Errors use the API's one envelope.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from ..registers import ap_export
from ..registers.breach_fields import BreachChanges, BreachFacts
from ..registers.breaches import Breaches, BreachView
from ..registers.complaints import ComplaintView
from .admin_api import STAFF_ERRORS, ErrorOut
from .auth import StaffDep
from .complaint_centre import complaints_of
from .errors import ApiError
from .state import web

__all__ = ["breaches_of", "router"]


def breaches_of(request: Request) -> Breaches:
    shared = web(request)
    return Breaches(shared.database, shared.declaration, shared.settings)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ComplaintList(BaseModel):
    ok: Literal[True] = True
    complaints: list[ComplaintView]


class ComplaintDetail(BaseModel):
    ok: Literal[True] = True
    complaint: ComplaintView
    trail: list[dict[str, Any]]


class BreachList(BaseModel):
    ok: Literal[True] = True
    breaches: list[BreachView]


class BreachDetail(BaseModel):
    ok: Literal[True] = True
    breach: BreachView
    trail: list[dict[str, Any]]


class ComplaintIn(_Body):
    name: str = Field(max_length=200, description="A complaint cannot be anonymous.")
    email: str = Field(max_length=320)
    text: str = Field(max_length=10_000)
    lang: Literal["nl", "en"] = "nl"
    channel: Literal["email", "post", "phone", "staff", "api"] = "email"
    received_at: datetime | None = Field(
        None, description="When it reached the organisation; the clocks run from here."
    )
    acknowledge: bool = Field(True, description="Mail the receipt with the status link now.")
    request: str | None = Field(None, max_length=64, description="A request it is about.")


class AcknowledgeIn(_Body):
    letter: bool = Field(True, description="Mail the receipt; false: acknowledged by hand.")


class AnswerIn(_Body):
    message: str = Field(min_length=1, max_length=10_000, description="Sent to the person.")


class CloseIn(_Body):
    outcome: str = Field(min_length=1, max_length=10_000, description="Sent to the person.")
    resolution: Literal["upheld", "partly_upheld", "not_upheld", "withdrawn"]


class DecisionIn(_Body):
    risk: Literal["unlikely", "risk", "high"]
    reason: str = Field(min_length=1, max_length=20_000, description="Art. 33(5).")
    notify_authority: bool | None = None
    notify_subjects: bool | None = None
    exemption: Literal["unintelligible", "risk_removed", "disproportionate"] | None = None


class NotifiedIn(_Body):
    reference: str = Field(min_length=1, max_length=100, description="The AP's number.")
    at: datetime | None = None
    late_reason: str | None = Field(None, max_length=20_000)


class SubjectsToldIn(_Body):
    how: str = Field(min_length=1, max_length=2_000)
    at: datetime | None = None


class Done(BaseModel):
    ok: Literal[True] = True
    public_id: str
    status: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    **STAFF_ERRORS,
    404: {"model": ErrorOut, "description": "No such complaint or breach"},
    409: {"model": ErrorOut, "description": "Its status does not allow it"},
    422: {"model": ErrorOut, "description": "The body is not valid"},
}

router = APIRouter(prefix="/api/v1/admin", tags=["admin: registers"], responses=_ERRORS)


def _naive(at: datetime | None, field: str) -> None:
    if at is not None and at.tzinfo is None:
        raise ApiError(422, f"{field}: give the time with its time zone")


def _complaint(request: Request, public_id: str) -> ComplaintView:
    view = complaints_of(web(request)).view(public_id) if len(public_id) <= 64 else None
    if view is None:
        raise ApiError(404, f"no complaint {public_id}")
    return view


def _breach(request: Request, public_id: str) -> BreachView:
    view = breaches_of(request).view(public_id) if len(public_id) <= 64 else None
    if view is None:
        raise ApiError(404, f"no breach {public_id}")
    return view


# --- complaints --------------------------------------------------------------------------


@router.get("/complaints", summary="List complaints, the clock that ends first on top")
def list_complaints(request: Request, staff: StaffDep, open_only: bool = True) -> ComplaintList:
    views = complaints_of(web(request)).list(open_only=open_only)
    return ComplaintList(complaints=views)


@router.post("/complaints", summary="Enter a complaint that came by e-mail, post or phone")
def file_complaint(request: Request, staff: StaffDep, body: ComplaintIn) -> Done:
    _naive(body.received_at, "received_at")
    register = complaints_of(web(request))
    public_id = register.file(
        name=body.name,
        email=body.email,
        text=body.text,
        lang=body.lang,
        channel=body.channel,
        actor=staff.actor,
        received_at=body.received_at,
        acknowledge=body.acknowledge,
        request=body.request,
    )
    return Done(public_id=public_id, status=_complaint(request, public_id).status.value)


@router.get("/complaints/{public_id}", summary="One complaint, with its audit trail")
def get_complaint(request: Request, staff: StaffDep, public_id: str) -> ComplaintDetail:
    view = _complaint(request, public_id)
    trail = complaints_of(web(request)).trail(public_id)
    return ComplaintDetail(complaint=view, trail=trail)


@router.post("/complaints/{public_id}/acknowledge", summary="Acknowledge receipt")
def acknowledge(request: Request, staff: StaffDep, public_id: str, body: AcknowledgeIn) -> Done:
    _complaint(request, public_id)
    complaints_of(web(request)).acknowledge(public_id, actor=staff.actor, letter=body.letter)
    return Done(public_id=public_id, status=_complaint(request, public_id).status.value)


@router.post("/complaints/{public_id}/answer", summary="Answer on the substance")
def answer(request: Request, staff: StaffDep, public_id: str, body: AnswerIn) -> Done:
    _complaint(request, public_id)
    complaints_of(web(request)).answer(public_id, actor=staff.actor, message=body.message)
    return Done(public_id=public_id, status=_complaint(request, public_id).status.value)


@router.post("/complaints/{public_id}/close", summary="Close with the outcome")
def close(request: Request, staff: StaffDep, public_id: str, body: CloseIn) -> Done:
    _complaint(request, public_id)
    complaints_of(web(request)).close(
        public_id, actor=staff.actor, outcome=body.outcome, resolution=body.resolution
    )
    return Done(public_id=public_id, status=_complaint(request, public_id).status.value)


# --- breaches ----------------------------------------------------------------------------


@router.get("/breaches", summary="The breach register, newest first")
def list_breaches(request: Request, staff: StaffDep, open_only: bool = False) -> BreachList:
    return BreachList(breaches=breaches_of(request).list(open_only=open_only))


@router.get(
    "/breaches.csv",
    summary="The breach register as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def breaches_csv(request: Request, staff: StaffDep) -> Response:
    body = ap_export.register_csv(breaches_of(request).list())
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="breaches.csv"'},
    )


@router.post("/breaches", summary="Record a breach; the 72 hours run from aware_at")
def record_breach(request: Request, staff: StaffDep, body: BreachFacts) -> Done:
    public_id = breaches_of(request).record(body, actor=staff.actor)
    return Done(public_id=public_id, status=_breach(request, public_id).state)


@router.get("/breaches/{public_id}", summary="One breach, with its audit trail")
def get_breach(request: Request, staff: StaffDep, public_id: str) -> BreachDetail:
    view = _breach(request, public_id)
    return BreachDetail(breach=view, trail=breaches_of(request).trail(public_id))


@router.patch("/breaches/{public_id}", summary="Add or correct facts")
def update_breach(request: Request, staff: StaffDep, public_id: str, body: BreachChanges) -> Done:
    _breach(request, public_id)
    breaches_of(request).update(public_id, body, actor=staff.actor)
    return Done(public_id=public_id, status=_breach(request, public_id).state)


@router.post("/breaches/{public_id}/decision", summary="Decide on notifying, with the reasons")
def decide(request: Request, staff: StaffDep, public_id: str, body: DecisionIn) -> Done:
    _breach(request, public_id)
    breaches_of(request).decide(
        public_id,
        actor=staff.actor,
        risk=body.risk,
        reason=body.reason,
        notify_authority=body.notify_authority,
        notify_subjects=body.notify_subjects,
        exemption=body.exemption,
    )
    return Done(public_id=public_id, status=_breach(request, public_id).state)


@router.post(
    "/breaches/{public_id}/notified", summary="Record the notice and the AP's notification number"
)
def notified(request: Request, staff: StaffDep, public_id: str, body: NotifiedIn) -> Done:
    _naive(body.at, "at")
    _breach(request, public_id)
    breaches_of(request).notified(
        public_id,
        actor=staff.actor,
        reference=body.reference,
        at=body.at,
        late_reason=body.late_reason,
    )
    return Done(public_id=public_id, status=_breach(request, public_id).state)


@router.post("/breaches/{public_id}/subjects-told", summary="Record that the people were told")
def subjects_told(request: Request, staff: StaffDep, public_id: str, body: SubjectsToldIn) -> Done:
    _naive(body.at, "at")
    _breach(request, public_id)
    breaches_of(request).subjects_told(public_id, actor=staff.actor, how=body.how, at=body.at)
    return Done(public_id=public_id, status=_breach(request, public_id).state)


_MEDIA = {"json": "application/json", "md": "text/markdown", "html": "text/html"}


@router.get(
    "/breaches/{public_id}/export",
    summary="The breach as the AP's notification form asks for it",
    response_class=Response,
    responses={200: {"content": {media: {} for media in _MEDIA.values()}}},
)
def export(
    request: Request,
    staff: StaffDep,
    public_id: str,
    format: Literal["json", "md", "html"] = Query("json"),
    lang: Literal["nl", "en"] = Query("nl"),
) -> Response:
    view = _breach(request, public_id)
    declaration = web(request).declaration
    if format == "json":
        body = json.dumps(ap_export.document(view, declaration), indent=2, ensure_ascii=False)
    elif format == "md":
        body = ap_export.markdown(view, declaration, lang)
    else:
        body = ap_export.html(view, declaration, lang)
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return Response(body, media_type=f"{_MEDIA[format]}; charset=utf-8", headers=headers)
