"""The admin API for the registers: staff list, enter and handle complaints, and
record breaches with their decisions, notices and the export for the AP.

Every route needs an admin bearer token. Each route reads its JSON body, calls the
action of ``handlers.Desk`` that the admin pages call too (the registers' own,
``registers.complaints`` and ``registers.breaches``), and renders the result as JSON;
each action is written to the audit log under ``admin:NAME``. Errors use the API's one
envelope.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from ...registers import ap_export
from ...registers.breach_fields import BreachChanges, BreachFacts
from ...registers.breaches import BreachView
from ...registers.complaints import ComplaintView
from ..auth import StaffDep
from ..state import web
from .api import STAFF_ERRORS, ErrorOut
from .handlers import desk

__all__ = ["router"]


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


# --- complaints --------------------------------------------------------------------------


@router.get("/complaints", summary="List complaints, the clock that ends first on top")
def list_complaints(request: Request, staff: StaffDep, open_only: bool = True) -> ComplaintList:
    return ComplaintList(complaints=desk(request, staff.actor).complaints(open_only=open_only))


@router.post("/complaints", summary="Enter a complaint that came by e-mail, post or phone")
def file_complaint(request: Request, staff: StaffDep, body: ComplaintIn) -> Done:
    view = desk(request, staff.actor).file_complaint(
        name=body.name,
        email=body.email,
        text=body.text,
        lang=body.lang,
        channel=body.channel,
        received_at=body.received_at,
        acknowledge=body.acknowledge,
        request=body.request,
    )
    return Done(public_id=view.public_id, status=view.status.value)


@router.get("/complaints/{public_id}", summary="One complaint, with its audit trail")
def get_complaint(request: Request, staff: StaffDep, public_id: str) -> ComplaintDetail:
    staff_desk = desk(request, staff.actor)
    view = staff_desk.complaint(public_id)
    return ComplaintDetail(complaint=view, trail=staff_desk.complaint_trail(public_id))


@router.post("/complaints/{public_id}/acknowledge", summary="Acknowledge receipt")
def acknowledge(request: Request, staff: StaffDep, public_id: str, body: AcknowledgeIn) -> Done:
    view = desk(request, staff.actor).acknowledge(public_id, letter=body.letter)
    return Done(public_id=public_id, status=view.status.value)


@router.post("/complaints/{public_id}/answer", summary="Answer on the substance")
def answer(request: Request, staff: StaffDep, public_id: str, body: AnswerIn) -> Done:
    view = desk(request, staff.actor).answer(public_id, message=body.message)
    return Done(public_id=public_id, status=view.status.value)


@router.post("/complaints/{public_id}/close", summary="Close with the outcome")
def close(request: Request, staff: StaffDep, public_id: str, body: CloseIn) -> Done:
    view = desk(request, staff.actor).close(
        public_id, outcome=body.outcome, resolution=body.resolution
    )
    return Done(public_id=public_id, status=view.status.value)


# --- breaches ----------------------------------------------------------------------------


@router.get("/breaches", summary="The breach register, newest first")
def list_breaches(request: Request, staff: StaffDep, open_only: bool = False) -> BreachList:
    return BreachList(breaches=desk(request, staff.actor).breaches(open_only=open_only))


@router.get(
    "/breaches.csv",
    summary="The breach register as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def breaches_csv(request: Request, staff: StaffDep) -> Response:
    body = ap_export.register_csv(desk(request, staff.actor).breaches())
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="breaches.csv"'},
    )


@router.post("/breaches", summary="Record a breach; the 72 hours run from aware_at")
def record_breach(request: Request, staff: StaffDep, body: BreachFacts) -> Done:
    view = desk(request, staff.actor).record_breach(body)
    return Done(public_id=view.public_id, status=view.state)


@router.get("/breaches/{public_id}", summary="One breach, with its audit trail")
def get_breach(request: Request, staff: StaffDep, public_id: str) -> BreachDetail:
    staff_desk = desk(request, staff.actor)
    view = staff_desk.breach(public_id)
    return BreachDetail(breach=view, trail=staff_desk.breach_trail(public_id))


@router.patch("/breaches/{public_id}", summary="Add or correct facts")
def update_breach(request: Request, staff: StaffDep, public_id: str, body: BreachChanges) -> Done:
    view = desk(request, staff.actor).update_breach(public_id, body)
    return Done(public_id=public_id, status=view.state)


@router.post("/breaches/{public_id}/decision", summary="Decide on notifying, with the reasons")
def decide(request: Request, staff: StaffDep, public_id: str, body: DecisionIn) -> Done:
    view = desk(request, staff.actor).decide(
        public_id,
        risk=body.risk,
        reason=body.reason,
        notify_authority=body.notify_authority,
        notify_subjects=body.notify_subjects,
        exemption=body.exemption,
    )
    return Done(public_id=public_id, status=view.state)


@router.post(
    "/breaches/{public_id}/notified", summary="Record the notice and the AP's notification number"
)
def notified(request: Request, staff: StaffDep, public_id: str, body: NotifiedIn) -> Done:
    view = desk(request, staff.actor).notified(
        public_id, reference=body.reference, at=body.at, late_reason=body.late_reason
    )
    return Done(public_id=public_id, status=view.state)


@router.post("/breaches/{public_id}/subjects-told", summary="Record that the people were told")
def subjects_told(request: Request, staff: StaffDep, public_id: str, body: SubjectsToldIn) -> Done:
    view = desk(request, staff.actor).subjects_told(public_id, how=body.how, at=body.at)
    return Done(public_id=public_id, status=view.state)


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
    view = desk(request, staff.actor).breach(public_id)
    declaration = web(request).declaration
    if format == "json":
        body = json.dumps(ap_export.document(view, declaration), indent=2, ensure_ascii=False)
    elif format == "md":
        body = ap_export.markdown(view, declaration, lang)
    else:
        body = ap_export.html(view, declaration, lang)
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return Response(body, media_type=f"{_MEDIA[format]}; charset=utf-8", headers=headers)
