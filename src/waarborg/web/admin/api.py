"""The admin API: staff list, inspect, file and act on data-subject requests.

Every route needs an admin bearer token (``waarborg admin token create NAME``). Each
route reads its JSON body, calls the action of ``handlers.Desk`` that the admin pages
call too, and renders the result as JSON; each action is written to the request's
events and the audit log under ``admin:NAME``. An erasure or a restriction is
approved with the fingerprint of its preview (``GET .../preview``), as on the page.
A request says what it came to (``result``: ``no_data_found`` when nothing was found,
never ``completed``) and where each Art. 19 notice stands; the open tasks for staff are
listed on their own.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from ...rights import preview as previews
from ...rights.service import RequestView
from ..auth import StaffDep
from .handlers import DENY_REASONS, desk

__all__ = ["DENY_REASONS", "ErrorOut", "RequestOut", "router", "view_out"]

DenyReason = Literal[
    "insuf_verification", "no_match", "too_many_requests", "legal_obligation", "other"
]


Result = Literal["no_data_found", "completed", "partly_erased", "nothing_erased", "nothing_changed"]


class NoticeOut(BaseModel):
    """An Art. 19 notice: an e-mail to a recipient, a task for staff, or the change
    carried out through the processor's connector (open for staff when the processor
    kept something)."""

    public_id: str
    request_id: str
    request_kind: str
    recipient: str
    recipient_name: str
    categories: list[str]
    channel: Literal["email", "staff", "processor"]
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
    answer: dict[str, Any] | None = Field(
        default=None,
        description="For the processor channel: the processor's answer (the datastore, the "
        "connector, and per table the action, the records changed and those kept).",
    )


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
    preview: str | None = Field(
        None,
        max_length=64,
        description="For an erasure or a restriction: the fingerprint of the preview "
        "approved (GET .../preview). Refused when missing, or when the data changed since.",
    )


class PreviewItem(BaseModel):
    """What approving does to one kind of data in one table."""

    action: str = Field(description="delete, anonymise, keep, unchanged or restrict")
    rows: int
    categories: list[str] = Field(
        description="delete: what goes; anonymise and keep: what stays (erased: what "
        "goes); unchanged and restrict: what the rows hold."
    )
    erased: list[str]
    table: str
    reason: str | None = Field(
        None, description="Why rows are kept: hold, referenced (by kept rows), shared."
    )
    ground: str | None = None
    rule: str | None = None
    until: str | None = None


class PreviewStore(BaseModel):
    key: str
    items: list[PreviewItem]


class PreviewOut(BaseModel):
    """What approving an erasure or a restriction would do, before anything is done."""

    ok: Literal[True] = True
    public_id: str
    kind: str
    found: int = Field(description="Rows found in all datastores together.")
    stores: list[PreviewStore]
    recipients: list[str] = Field(description="The recipients to be told (Art. 19), by key.")
    purpose: str | None = None
    fingerprint: str = Field(description="Give it back as ``preview`` to approve.")


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


def preview_out(public_id: str, preview: previews.Preview) -> PreviewOut:
    stores = [
        PreviewStore(
            key=store.key,
            items=[
                PreviewItem(
                    action=str(item.action),
                    rows=item.rows,
                    categories=list(item.categories),
                    erased=list(item.erased),
                    table=item.table,
                    reason=item.reason,
                    ground=item.ground,
                    rule=item.rule,
                    until=None if item.until is None else str(item.until),
                )
                for item in store.items
            ],
        )
        for store in preview.stores
    ]
    return PreviewOut(
        public_id=public_id,
        kind=str(preview.kind),
        found=preview.found,
        stores=stores,
        recipients=[due.key for due in preview.recipients],
        purpose=preview.purpose,
        fingerprint=preview.fingerprint,
    )


@router.get("/requests", summary="List requests, soonest deadline first")
def list_requests(request: Request, staff: StaffDep, open_only: bool = True) -> RequestList:
    views = desk(request, staff.actor).requests(open_only=open_only)
    return RequestList(requests=[view_out(v) for v in views])


@router.post("/requests", summary="File a request that reached staff by e-mail, post or phone")
def file_request(request: Request, staff: StaffDep, body: FileIn) -> StatusOut:
    view = desk(request, staff.actor).file_request(
        kind=body.kind,
        email=body.email,
        lang=body.lang,
        details=body.details,
        channel=body.channel,
    )
    return StatusOut(public_id=view.public_id, status=view.status.value)


@router.get("/requests/{public_id}", summary="One request, with its audit trail")
def get_request(request: Request, staff: StaffDep, public_id: str) -> RequestDetail:
    staff_desk = desk(request, staff.actor)
    view = staff_desk.request(public_id)
    return RequestDetail(request=view_out(view), trail=staff_desk.request_trail(public_id))


@router.get(
    "/requests/{public_id}/preview",
    summary="What approving an erasure or a restriction would do; nothing is changed",
)
def preview(request: Request, staff: StaffDep, public_id: str) -> PreviewOut:
    return preview_out(public_id, desk(request, staff.actor).preview(public_id))


@router.post("/requests/{public_id}/approve", summary="Approve a request under review")
def approve(request: Request, staff: StaffDep, public_id: str, body: ApproveIn) -> StatusOut:
    view = desk(request, staff.actor).approve(
        public_id, changes=body.changes, note=body.note, preview=body.preview
    )
    return StatusOut(public_id=public_id, status=view.status.value)


@router.post("/requests/{public_id}/extend", summary="Extend the deadline once, with reasons")
def extend(request: Request, staff: StaffDep, public_id: str, body: ExtendIn) -> ExtendedOut:
    view = desk(request, staff.actor).extend(public_id, reasons=body.reasons)
    assert view.extended_until is not None  # extending sets it, or raises
    return ExtendedOut(public_id=public_id, extended_until=view.extended_until)


@router.get("/tasks", summary="The Art. 19 tasks for staff, oldest first")
def list_tasks(request: Request, staff: StaffDep, open_only: bool = True) -> TaskList:
    views = desk(request, staff.actor).tasks(open_only=open_only)
    return TaskList(tasks=[NoticeOut(**v.as_dict()) for v in views])


@router.post(
    "/tasks/{public_id}/done", summary="Mark an Art. 19 task done: staff told the recipient"
)
def task_done(request: Request, staff: StaffDep, public_id: str, body: DoneIn) -> TaskDone:
    done = desk(request, staff.actor).task_done(public_id, note=body.note)
    return TaskDone(task=NoticeOut(**done.as_dict()))


@router.post("/requests/{public_id}/deny", summary="Refuse a request, with the reasons")
def deny(request: Request, staff: StaffDep, public_id: str, body: DenyIn) -> StatusOut:
    view = desk(request, staff.actor).deny(public_id, reason=body.reason, details=body.details)
    return StatusOut(public_id=public_id, status=view.status.value)
