"""The admin API: staff list, inspect, file and act on data-subject requests.

Every route needs an admin bearer token (``waarborg admin token create NAME``). The
actions are the workflow's own (``rights.service.Requests``); each is written to the
request's events and the audit log under ``admin:NAME``. A request says what it came
to (``result``: ``no_data_found`` when nothing was found, never ``completed``) and
where each Art. 19 notice stands; the open tasks for staff are listed on their own.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from ..rights.service import RequestView
from .auth import StaffDep
from .errors import ApiError
from .state import web

__all__ = ["DENY_REASONS", "ErrorOut", "RequestOut", "router", "view_out"]

#: Reasons for a refusal: the Data Rights Protocol's, plus a legal obligation and other.
DENY_REASONS = ("insuf_verification", "no_match", "too_many_requests", "legal_obligation", "other")
DenyReason = Literal[
    "insuf_verification", "no_match", "too_many_requests", "legal_obligation", "other"
]


Result = Literal["no_data_found", "completed", "partly_erased", "nothing_erased", "nothing_changed"]


class NoticeOut(BaseModel):
    """An Art. 19 notice: an e-mail to a recipient, or a task for staff."""

    public_id: str
    request_id: str
    request_kind: str
    recipient: str
    recipient_name: str
    categories: list[str]
    channel: Literal["email", "staff"]
    state: Literal["queued", "sent", "failed", "open", "done"] = Field(
        description="An e-mail: queued (not sent yet), sent or failed; a task: open or done."
    )
    informed: bool = Field(description="Sent, or marked done by staff; queued is not informed.")
    address: str | None
    created_at: datetime
    sent_at: datetime | None
    done_at: datetime | None
    done_by: str | None
    note: str | None


class TaskList(BaseModel):
    ok: Literal[True] = True
    tasks: list[NoticeOut]


class TaskDone(BaseModel):
    ok: Literal[True] = True
    task: NoticeOut


class ErrorOut(BaseModel):
    """The one error envelope of the API."""

    ok: Literal[False]
    error: str
    status: int


class RequestOut(BaseModel):
    """A request as staff see it."""

    public_id: str
    kind: str
    status: str
    drp_status: str
    email: str
    lang: str
    channel: str
    received_at: datetime
    due: datetime
    extended_until: datetime | None
    days_left: int
    overdue: bool
    deny_reason: str | None
    outcome: dict[str, Any] | None
    events: list[dict[str, Any]]
    last_error: str | None
    attempts: int = 0
    result: Result | None = Field(
        None,
        description="What it came to: no_data_found (nothing found, so nothing was done), "
        "completed, partly_erased, nothing_erased, nothing_changed.",
    )
    notices: list[NoticeOut] = Field(
        default_factory=list, description="The Art. 19 notices to recipients (one request only)."
    )


class RequestList(BaseModel):
    ok: Literal[True] = True
    requests: list[RequestOut]


class RequestDetail(BaseModel):
    ok: Literal[True] = True
    request: RequestOut
    trail: list[dict[str, Any]]


class StatusOut(BaseModel):
    ok: Literal[True] = True
    public_id: str
    status: str


class ExtendedOut(BaseModel):
    ok: Literal[True] = True
    public_id: str
    extended_until: datetime


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileIn(_Body):
    kind: Literal[
        "access",
        "portability",
        "erasure",
        "rectification",
        "restriction",
        "objection",
        "withdraw_consent",
    ]
    email: str = Field(max_length=320)
    lang: Literal["nl", "en"] = "nl"
    details: dict[str, Any] | None = None
    channel: Literal["email", "api", "staff", "post", "phone"] = Field(
        "email", description="How the request reached the organisation."
    )


class ApproveIn(_Body):
    changes: dict[str, dict[str, Any]] | None = Field(
        None, description="For a rectification: the new values, by table and then column."
    )
    note: str | None = Field(None, max_length=5000)


class ExtendIn(_Body):
    reasons: str = Field(min_length=1, max_length=5000, description="Told to the person.")


class DoneIn(_Body):
    note: str | None = Field(None, max_length=5000, description="How the recipient was told.")


class DenyIn(_Body):
    reason: DenyReason
    details: str = Field(min_length=1, max_length=5000, description="Told to the person.")


def view_out(view: RequestView) -> RequestOut:
    data = asdict(view)
    data["status"] = view.status.value
    return RequestOut(**data)


#: The answers of every staff route to a caller who is not staff.
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No admin token, or not a valid one"},
    403: {"model": ErrorOut, "description": "A token of the applications' API (scope app)"},
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    **STAFF_ERRORS,
    404: {"model": ErrorOut, "description": "No such request"},
    409: {"model": ErrorOut, "description": "The request's status does not allow it"},
    422: {"model": ErrorOut, "description": "The body is not valid"},
}

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=_ERRORS)


def _found(request: Request, public_id: str) -> RequestView:
    view = web(request).requests.view(public_id) if len(public_id) <= 64 else None
    if view is None:
        raise ApiError(404, f"no request {public_id}")
    return view


@router.get("/requests", summary="List requests, soonest deadline first")
def list_requests(request: Request, staff: StaffDep, open_only: bool = True) -> RequestList:
    views = web(request).requests.list(open_only=open_only)
    return RequestList(requests=[view_out(v) for v in views])


@router.post("/requests", summary="File a request that reached staff by e-mail, post or phone")
def file_request(request: Request, staff: StaffDep, body: FileIn) -> StatusOut:
    shared = web(request)
    public_id = shared.requests.file(
        kind=body.kind,
        email=body.email,
        lang=body.lang,
        details=body.details,
        channel=body.channel,
        actor=staff.actor,
    )
    return StatusOut(public_id=public_id, status=_found(request, public_id).status.value)


@router.get("/requests/{public_id}", summary="One request, with its audit trail")
def get_request(request: Request, staff: StaffDep, public_id: str) -> RequestDetail:
    view = _found(request, public_id)
    return RequestDetail(request=view_out(view), trail=web(request).requests.trail(public_id))


@router.post("/requests/{public_id}/approve", summary="Approve a request under review")
def approve(request: Request, staff: StaffDep, public_id: str, body: ApproveIn) -> StatusOut:
    _found(request, public_id)
    status = web(request).requests.approve(
        public_id, actor=staff.actor, changes=body.changes, note=body.note
    )
    return StatusOut(public_id=public_id, status=status.value)


@router.post("/requests/{public_id}/extend", summary="Extend the deadline once, with reasons")
def extend(request: Request, staff: StaffDep, public_id: str, body: ExtendIn) -> ExtendedOut:
    _found(request, public_id)
    until = web(request).requests.extend(public_id, actor=staff.actor, reasons=body.reasons)
    return ExtendedOut(public_id=public_id, extended_until=until)


@router.get("/tasks", summary="The Art. 19 tasks for staff, oldest first")
def list_tasks(request: Request, staff: StaffDep, open_only: bool = True) -> TaskList:
    views = web(request).requests.tasks(open_only=open_only)
    return TaskList(tasks=[NoticeOut(**v.as_dict()) for v in views])


@router.post(
    "/tasks/{public_id}/done", summary="Mark an Art. 19 task done: staff told the recipient"
)
def task_done(request: Request, staff: StaffDep, public_id: str, body: DoneIn) -> TaskDone:
    if len(public_id) > 64:
        raise ApiError(404, f"no task {public_id}")
    done = web(request).requests.complete_task(public_id, actor=staff.actor, note=body.note)
    return TaskDone(task=NoticeOut(**done.as_dict()))


@router.post("/requests/{public_id}/deny", summary="Refuse a request, with the reasons")
def deny(request: Request, staff: StaffDep, public_id: str, body: DenyIn) -> StatusOut:
    _found(request, public_id)
    shared = web(request)
    shared.requests.deny(public_id, actor=staff.actor, reason=body.reason, details=body.details)
    return StatusOut(public_id=public_id, status=_found(request, public_id).status.value)
