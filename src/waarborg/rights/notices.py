"""Art. 19: every recipient of data that was rectified, erased or restricted hears of it.

Which recipients: those of the purposes whose declared categories include a category
that was changed, each with the changed categories it received. How: where the
declaration gives the recipient a channel (``recipients.<key>.email``) an e-mail is
queued in the outbox; otherwise a task is opened for staff, shown on the admin page
until someone marks it done. A recipient reached through a processor connector
(``datastores.<key>.connector``, its ``recipient``) was told by the erasure or
rectification carried out there: its notice is done, by the connector, with the
processor's answer, or left open for staff when the processor kept records. Either way
one ``recipient_notices`` row records it, and the request's history and the audit log
say when and by whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock, i18n
from ..declaration import wording
from ..declaration.model import Declaration
from ..errors import NotFoundError, RequestError
from ..mail import letters
from ..store.enums import NoticeChannel, NoticeStatus, OutboxStatus, RequestKind
from ..store.models import OutboxMessage, RecipientNotice, Request
from . import found

if TYPE_CHECKING:
    from .execute import Snapshot
    from .service import Requests

__all__ = [
    "ACTIONS",
    "Due",
    "NoticeView",
    "complete",
    "due",
    "open_notices",
    "unstated_purposes",
    "views",
]

#: The rights whose effect recipients must hear of (Art. 19), as the notice names them.
ACTIONS: dict[RequestKind, letters.Action] = {
    RequestKind.ERASURE: "erasure",
    RequestKind.RECTIFICATION: "rectification",
    RequestKind.RESTRICTION: "restriction",
}
#: Public authorities that receive data in a particular inquiry are not recipients
#: (Art. 4(9)).
_NOT_RECIPIENTS = ("authority",)


@dataclass(frozen=True)
class Due:
    """A recipient to tell, with the changed categories it received."""

    key: str
    categories: tuple[str, ...]


def due(
    declaration: Declaration, categories: Iterable[str], purposes: Iterable[str] | None = None
) -> list[Due]:
    """The recipients of the purposes (all, or ``purposes``) that use one of
    ``categories``, each with the categories of ``categories`` it received."""
    touched = set(categories)
    chosen = None if purposes is None else set(purposes)
    received: dict[str, set[str]] = {}
    for key, purpose in declaration.purposes.items():
        if chosen is not None and key not in chosen:
            continue
        shared = touched & set(purpose.categories)
        if not shared or not isinstance(purpose.recipients, list):
            continue
        for name in purpose.recipients:
            recipient = declaration.recipients.get(name)
            if recipient is None or recipient.role in _NOT_RECIPIENTS:
                continue
            received.setdefault(name, set()).update(shared)
    return [
        Due(name, tuple(found.ordered(declaration, received[name])))
        for name in declaration.recipients
        if name in received
    ]


def unstated_purposes(
    declaration: Declaration, categories: Iterable[str], purposes: Iterable[str] | None = None
) -> list[str]:
    """The purposes using one of ``categories`` whose recipients the declaration does
    not state: nobody can be told for those."""
    touched = set(categories)
    chosen = None if purposes is None else set(purposes)
    return [
        key
        for key, purpose in declaration.purposes.items()
        if (chosen is None or key in chosen)
        and touched & set(purpose.categories)
        and purpose.recipients == "unstated"
    ]


def open_notices(
    service: Requests, session: Session, request: Request | Snapshot, recipients: Sequence[Due]
) -> None:
    """Queue an e-mail to each recipient with a channel, and open a staff task for each
    without one. A recipient already told for this request is skipped."""
    action = ACTIONS[request.kind]
    declaration = service.declaration
    existing = set(
        session.scalars(
            select(RecipientNotice.recipient).where(RecipientNotice.request_id == request.id)
        )
    )
    reached = _reached(declaration, request)
    for item in recipients:
        if item.key in existing:
            continue
        recipient = declaration.recipients[item.key]
        if item.key in reached:
            _by_connector(service, session, request, item, *reached[item.key])
            continue
        name = wording.recipient_name(item.key, recipient, "nl")
        notice = RecipientNotice(
            request_id=request.id,
            recipient=item.key,
            recipient_name=name,
            categories=list(item.categories),
            created_at=clock.now(),
        )
        if recipient.email:
            message = letters.recipient_notice(
                service.head,
                recipient.email,
                "nl",
                recipient_name=name,
                action=action,
                subject_identifier=i18n.t("letters.subject_email", "nl", email=request.email),
                reference=request.public_id,
                categories=[found.category_label(declaration, c, "nl") for c in item.categories],
            )
            key = f"request:{request.public_id}:art19:{item.key}"
            service._send(session, request, message, f"art19:{item.key}")
            notice.channel = NoticeChannel.EMAIL
            notice.status = NoticeStatus.QUEUED
            notice.address = recipient.email
            notice.outbox_id = session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
            )
            event = "recipient_notice_queued"
        else:
            notice.channel = NoticeChannel.STAFF
            notice.status = NoticeStatus.OPEN
            event = "recipient_task_opened"
        session.add(notice)
        session.flush()
        service._event(
            session,
            request,
            "worker",
            event,
            None,
            {"recipient": item.key, "notice": notice.public_id, "categories": notice.categories},
            later=True,  # with the answer's own, at its commit
        )


def _reached(
    declaration: Declaration, request: Request | Snapshot
) -> dict[str, tuple[str, dict[str, Any], bool]]:
    """The recipients this request's erasure or rectification reached through a
    processor connector: by recipient, the datastore, the processor's answer as data
    (see ``answer_words``), and whether it did what was asked (something changed and
    nothing was left)."""
    outcome = request.outcome or {}
    done = outcome.get("erased") if request.kind == RequestKind.ERASURE else None
    if request.kind == RequestKind.RECTIFICATION:
        done = outcome.get("rectified")
    if not isinstance(done, dict):
        return {}
    out: dict[str, tuple[str, dict[str, Any], bool]] = {}
    for key, store in declaration.datastores.items():
        if store.connector is None or key not in done:
            continue
        recipient = store.recipient or key
        if recipient not in declaration.recipients:
            continue
        result = done[key]
        tables: list[dict[str, Any]] = []
        if request.kind == RequestKind.RECTIFICATION:
            tables = [
                {"table": table, "action": "rectify", "changed": int(n), "kept": 0}
                for table, n in result.items()
            ]
            ok = any(t["changed"] for t in tables)
        else:
            for table in result.get("tables", []):
                tables.append(
                    {
                        "table": str(table.get("table")),
                        "action": "delete" if table.get("action") == "delete" else "anonymise",
                        "changed": int(table.get("deleted", 0)) + int(table.get("anonymised", 0)),
                        "kept": sum(int(k.get("rows", 0)) for k in table.get("kept", [])),
                    }
                )
            ok = any(t["changed"] for t in tables) and not any(t["kept"] for t in tables)
        out[recipient] = (key, {"store": key, "connector": store.connector, "tables": tables}, ok)
    return out


def answer_words(answer: dict[str, Any], lang: str) -> str:
    """A processor's answer in words: ``through the mailchimp connector (nieuwsbrief):
    member: 1 deleted``."""
    parts = []
    for table in answer.get("tables") or []:
        part = i18n.t(
            f"letters.processor_answer.{table.get('action')}",
            lang,
            table=table.get("table"),
            n=table.get("changed", 0),
        )
        if table.get("kept"):
            part += i18n.t("letters.processor_answer.kept", lang, n=table["kept"])
        parts.append(part)
    said = "; ".join(parts) or i18n.t("letters.processor_answer.nothing", lang)
    return i18n.t(
        "letters.processor_answer.through",
        lang,
        connector=answer.get("connector", ""),
        store=answer.get("store", ""),
        answer=said,
    )


def note_words(
    answer: dict[str, Any] | None, note: str | None, done_by: str | None, lang: str
) -> str | None:
    """A notice's note in ``lang``: the processor's answer in words (and what staff
    wrote when they closed what the processor left), or what staff wrote."""
    if not answer:
        return note
    said = answer_words(answer, lang)
    if note and done_by and not done_by.startswith("connector:"):
        return f"{said}; {note}"
    return said


def _by_connector(
    service: Requests,
    session: Session,
    request: Request | Snapshot,
    item: Due,
    store: str,
    answer: dict[str, Any],
    ok: bool,
) -> None:
    """The recipient's notice, given through its connector: done with the processor's
    answer when it did all that was asked; otherwise a task for staff that carries the
    answer, so they ask the processor for the rest."""
    declaration = service.declaration
    recipient = declaration.recipients[item.key]
    now = clock.now()
    notice = RecipientNotice(
        request_id=request.id,
        recipient=item.key,
        recipient_name=wording.recipient_name(item.key, recipient, "nl"),
        categories=list(item.categories),
        created_at=now,
        channel=NoticeChannel.PROCESSOR,
        status=NoticeStatus.DONE if ok else NoticeStatus.OPEN,
        note=answer_words(answer, "en"),
        answer=answer,
    )
    if ok:
        notice.done_at = now
        notice.done_by = f"connector:{store}"
    session.add(notice)
    session.flush()
    service._event(
        session,
        request,
        "worker",
        "recipient_informed" if ok else "recipient_task_opened",
        None,
        {
            "recipient": item.key,
            "notice": notice.public_id,
            "categories": notice.categories,
            "connector": store,
            "answer": notice.note,
        },
        later=True,
    )


@dataclass(frozen=True)
class NoticeView:
    """An Art. 19 notice as staff and the letter see it."""

    public_id: str
    request_id: str
    request_kind: str
    recipient: str
    recipient_name: str
    categories: list[str]
    channel: NoticeChannel
    status: NoticeStatus
    address: str | None
    created_at: datetime
    #: The outbox's word on a queued e-mail: queued, sent or failed, and when sent.
    mail_status: OutboxStatus | None
    sent_at: datetime | None
    done_at: datetime | None
    done_by: str | None
    note: str | None
    #: The processor's answer as data, for the ``processor`` channel.
    answer: dict[str, Any] | None = None

    def note_in(self, lang: str) -> str | None:
        """The note in ``lang`` (see ``note_words``)."""
        return note_words(self.answer, self.note, self.done_by, lang)

    @property
    def state(self) -> str:
        """``queued``, ``sent`` or ``failed`` for an e-mail; ``open`` or ``done`` for a
        staff task."""
        if self.channel == NoticeChannel.EMAIL:
            return (self.mail_status or OutboxStatus.QUEUED).value
        return self.status.value

    @property
    def informed(self) -> bool:
        """Whether the recipient has been told: the e-mail went out, or staff marked
        the task done. A queued e-mail has not told anyone yet."""
        return self.state in ("sent", "done")

    def as_dict(self) -> dict[str, Any]:
        return {
            "public_id": self.public_id,
            "request_id": self.request_id,
            "request_kind": self.request_kind,
            "recipient": self.recipient,
            "recipient_name": self.recipient_name,
            "categories": list(self.categories),
            "channel": self.channel.value,
            "state": self.state,
            "informed": self.informed,
            "address": self.address,
            "created_at": self.created_at.isoformat(),
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "done_by": self.done_by,
            "note": self.note,
            "answer": self.answer,
        }


def views(
    session: Session,
    *,
    request_id: int | None = None,
    open_tasks: bool = False,
    public_id: str | None = None,
) -> list[NoticeView]:
    """The notices of one request, or the staff tasks still open (oldest first), or
    one notice by its public id."""
    query = (
        select(
            RecipientNotice,
            Request.public_id,
            Request.kind,
            OutboxMessage.status,
            OutboxMessage.sent_at,
        )
        .join(Request, Request.id == RecipientNotice.request_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == RecipientNotice.outbox_id)
        .order_by(RecipientNotice.created_at, RecipientNotice.id)
    )
    if request_id is not None:
        query = query.where(RecipientNotice.request_id == request_id)
    if open_tasks:
        query = query.where(RecipientNotice.status == NoticeStatus.OPEN)
    if public_id is not None:
        query = query.where(RecipientNotice.public_id == public_id)
    return [
        NoticeView(
            public_id=notice.public_id,
            request_id=request_public_id,
            request_kind=kind.value,
            recipient=notice.recipient,
            recipient_name=notice.recipient_name,
            categories=list(notice.categories),
            channel=notice.channel,
            status=notice.status,
            address=notice.address,
            created_at=notice.created_at,
            mail_status=mail_status,
            sent_at=sent_at,
            done_at=notice.done_at,
            done_by=notice.done_by,
            note=notice.note,
            answer=notice.answer,
        )
        for notice, request_public_id, kind, mail_status, sent_at in session.execute(query)
    ]


def complete(
    service: Requests, session: Session, public_id: str, *, actor: str, note: str | None
) -> NoticeView:
    """Staff informed the recipient: mark the task done, in the request's history and
    the audit log under ``actor``."""
    notice = session.scalar(select(RecipientNotice).where(RecipientNotice.public_id == public_id))
    if notice is None:
        raise NotFoundError(f"no task {public_id}")
    if notice.channel == NoticeChannel.EMAIL:
        raise RequestError("status", "this recipient was told by e-mail; there is no task to close")
    if notice.status == NoticeStatus.DONE:
        raise RequestError("status", f"the task was already marked done by {notice.done_by}")
    request = session.get(Request, notice.request_id)
    assert request is not None  # the foreign key cascades
    notice.status = NoticeStatus.DONE
    notice.done_at = clock.now()
    notice.done_by = actor
    notice.note = (note or "").strip() or None
    service._event(
        session,
        request,
        actor,
        "recipient_informed",
        None,
        {"recipient": notice.recipient, "notice": notice.public_id, "note": notice.note},
    )
    session.flush()
    (view,) = views(session, public_id=public_id)
    return view
