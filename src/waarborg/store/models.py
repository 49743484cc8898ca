"""Waarborg's own tables, as typed SQLAlchemy 2 models.

docs/store.md describes each table. The schema itself is made by the Alembic
migrations in ``store/migrations``; a test checks that they match these models.

A *subject key* is the organisation's identifier for a person, by default the email
address in lower case; consents, restrictions and objections are kept per subject key.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from .base import Base as Base
from .enums import (
    BreachRisk,
    ComplaintStatus,
    ConsentState,
    JobStatus,
    NoticeChannel,
    NoticeStatus,
    ObjectionStatus,
    OutboxStatus,
    RequestKind,
    RequestStatus,
    StaffNoticeKind,
    TokenPurpose,
    TokenScope,
)

__all__ = [
    "AdminToken",
    "AuditEntry",
    "AuditHead",
    "Breach",
    "Complaint",
    "Consent",
    "ConsentNotice",
    "JobRun",
    "Objection",
    "OutboxMessage",
    "RateLimit",
    "RecipientNotice",
    "Request",
    "RequestEvent",
    "Restriction",
    "ReviewSetting",
    "StaffNotice",
    "StatementVersion",
    "Token",
    "WorkerSchedule",
    "new_public_id",
]

#: The longest email address SMTP allows (RFC 5321: 64 + 1 + 255).
EMAIL = 320
HASH = 64  # hex SHA-256
KEY = 100  # a declaration key (purpose, category)


def new_public_id() -> str:
    """An unguessable id for a URL: 128 random bits, URL-safe (22 characters).

    It never starts with ``-`` or ``_``, so staff can pass it to the command line
    as it is: ``waarborg complaint show -4Nq...`` would read as an option.
    """
    while True:
        value = secrets.token_urlsafe(16)
        if value[0] not in "-_":
            return value


def _enum(cls: type[StrEnum], name: str) -> Enum:
    """A closed vocabulary stored as its values, checked by a named constraint."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _now() -> datetime:
    return clock.now()


# --- data-subject requests ---------------------------------------------------------


class Request(Base):
    """A data-subject request, from intake to answer. ``version`` guards concurrent updates."""

    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_status_deadline", "status", "deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[RequestKind] = mapped_column(_enum(RequestKind, "request_kind"))
    status: Mapped[RequestStatus] = mapped_column(
        _enum(RequestStatus, "request_status"), default=RequestStatus.RECEIVED
    )
    email: Mapped[str] = mapped_column(String(EMAIL), index=True)
    #: The identity values the person gave, by the declaration's identity names.
    identity: Mapped[dict[str, Any]] = mapped_column(default=dict)
    lang: Mapped[str] = mapped_column(String(8), default="nl")
    #: How the request came in: web, api, email (entered by staff), staff.
    channel: Mapped[str] = mapped_column(String(16), default="web")
    received_at: Mapped[datetime] = mapped_column(default=_now)
    deadline: Mapped[datetime]
    extended_until: Mapped[datetime | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    #: The reason code of a denial (Data Rights Protocol reasons where they fit).
    deny_reason: Mapped[str | None] = mapped_column(String(64))
    deny_details: Mapped[str | None] = mapped_column(Text)
    #: What was asked: the purposes objected to, the changes to make, a free message.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: What was done: rows per table erased and kept (with the reason), the export file.
    outcome: Mapped[dict[str, Any] | None]
    #: Execution attempts, for retrying when a datastore is down.
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def due(self) -> datetime:
        """The deadline in force: the extended one, if the request was extended."""
        return self.extended_until or self.deadline


class RequestEvent(Base):
    """One step in a request's timeline, as staff and the person see it."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=_now)
    #: Who: ``subject``, ``system``, ``worker`` or ``admin:NAME``.
    actor: Mapped[str] = mapped_column(String(128))
    #: What: ``status``, ``email``, ``note``, ``execution``, ``error``...
    kind: Mapped[str] = mapped_column(String(64))
    #: The status after this event, when it changed the status.
    status: Mapped[RequestStatus | None] = mapped_column(
        _enum(RequestStatus, "request_event_status")
    )
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    request: Mapped[Request] = relationship(back_populates="events")


class ReviewSetting(Base):
    """Staff's choice, per right, whether its requests wait for their approval before
    anything is carried out. A right without a row follows ``WAARBORG_REVIEW``."""

    __tablename__ = "review_settings"

    kind: Mapped[RequestKind] = mapped_column(_enum(RequestKind, "review_kind"), primary_key=True)
    review: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(default=_now)
    #: Who chose: ``admin:NAME``, or ``system:demo`` for the demo organisation's start.
    changed_by: Mapped[str] = mapped_column(String(128))


class Token(Base):
    """A one-time link token. Only its SHA-256 hash is stored, never the token."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(_enum(TokenPurpose, "token_purpose"))
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    #: The subject key a token without a request belongs to (a newsletter sign-up).
    subject: Mapped[str | None] = mapped_column(String(EMAIL))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column(index=True)


class AdminToken(Base):
    """A bearer token for the admin API (``scope`` admin) or for the applications' API
    only (``scope`` app). Only its SHA-256 hash is stored.

    An ``admin`` token is a member of staff, with their own choices: the language of
    the admin and of their notices, the address notices go to, and the kinds of
    notices they turned off (``store.staff``)."""

    __tablename__ = "admin_tokens"
    __table_args__ = (
        CheckConstraint("language IN ('nl', 'en')", name="staff_language"),
        Index(
            "uq_admin_tokens_active_name",
            "name",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    scope: Mapped[TokenScope] = mapped_column(
        _enum(TokenScope, "token_scope"),
        default=TokenScope.ADMIN,
        server_default=TokenScope.ADMIN.value,
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    #: The member of staff's language (``nl``, ``en``); NULL until chosen: Dutch.
    language: Mapped[str | None] = mapped_column(String(2))
    #: Where their notices go; NULL: none. Cleared when the token is revoked.
    email: Mapped[str | None] = mapped_column(String(EMAIL))
    #: The kinds of notices (``StaffNoticeKind`` values) they do not want.
    notices_off: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))


class StaffNotice(Base):
    """A notice to staff, recorded once under its key (a complaint arrived, a request
    waits for review, a breach was recorded, a deadline nears), with the members of
    staff it was mailed to. Holds references and moments, no personal data of the
    people concerned."""

    __tablename__ = "staff_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What happened to what, once: ``deadline:complaint:ID:acknowledge:7d``.
    key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[StaffNoticeKind] = mapped_column(_enum(StaffNoticeKind, "staff_notice_kind"))
    #: What it is about: ``request:ID``, ``complaint:ID`` or ``breach:ID``.
    subject: Mapped[str] = mapped_column(String(64))
    #: The deadline's clock and moment, the right of a request: what the mail says.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The names of the members of staff it was mailed to.
    told: Mapped[list[Any]] = mapped_column(default=list)
    #: Mailed to the fallback address (``WAARBORG_STAFF_EMAIL``): no member had one.
    fallback: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=_now, index=True)


# --- the audit log ---------------------------------------------------------------------


class AuditEntry(Base):
    """One entry of the hash-chained audit log (see ``waarborg.audit.chain``).

    ``data`` holds the canonical JSON text that was hashed, so the stored bytes are
    what is verified.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(128), index=True)
    data: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH))
    hash: Mapped[str] = mapped_column(String(HASH), unique=True)


class AuditHead(Base):
    """The one row that points at the chain's last entry; appenders lock it in turn."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(HASH))


# --- mail ------------------------------------------------------------------------------


class OutboxMessage(Base):
    """An email to send. The unique idempotency key keeps a resumed job from sending twice.

    Its links hold no token while it waits: ``links`` names the reserved tokens whose
    placeholders stand in the message, made when it is sent (``store.tokens.mint``).
    Once every recipient has it, the message is emptied: the row stays as the record
    of what was sent to whom and when, without the letter's text.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_status_sent_at", "status", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    #: Which letter: ``verification``, ``received``, ``answered``...
    kind: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(EMAIL))
    subject: Mapped[str] = mapped_column(Text)
    #: The whole message (RFC 5322 bytes) with placeholders for its links' tokens;
    #: empty once it is sent.
    message: Mapped[bytes] = mapped_column(LargeBinary)
    #: The placeholders in ``message`` and the reserved token each stands for.
    links: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Per recipient, what the mail server said: ``{"at", "accepted"}``, and the
    #: ``error`` of a refusal. An accepted recipient is never sent the message again.
    deliveries: Mapped[dict[str, Any]] = mapped_column(default=dict)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[OutboxStatus] = mapped_column(
        _enum(OutboxStatus, "outbox_status"), default=OutboxStatus.QUEUED
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    #: A sender holds the message until then; another may take it over afterwards.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


# --- restriction and objection (requests) ----------------------------------------------


class Restriction(Base):
    """Processing restricted for a person (Art. 18): for one purpose, or all when NULL."""

    __tablename__ = "restrictions"
    __table_args__ = (Index("ix_restrictions_subject_key_active", "subject_key", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(EMAIL))
    purpose: Mapped[str | None] = mapped_column(String(KEY))
    active: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    lifted_at: Mapped[datetime | None]


class Objection(Base):
    """An objection to one purpose (Art. 21); direct marketing is always upheld."""

    __tablename__ = "objections"
    __table_args__ = (Index("ix_objections_subject_key_purpose", "subject_key", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(EMAIL))
    purpose: Mapped[str] = mapped_column(String(KEY))
    status: Mapped[ObjectionStatus] = mapped_column(
        _enum(ObjectionStatus, "objection_status"), default=ObjectionStatus.PENDING
    )
    grounds: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)


class RecipientNotice(Base):
    """One recipient told, or still to be told, of a request's rectification, erasure or
    restriction (Art. 19): an e-mail queued in the outbox, or a task for staff when the
    declaration gives the recipient no channel. One row per request and recipient, so a
    resumed request opens nothing twice."""

    __tablename__ = "recipient_notices"
    __table_args__ = (
        UniqueConstraint("request_id", "recipient"),
        Index("ix_recipient_notices_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    #: The recipient's key in the declaration, and its name as the letter gave it.
    recipient: Mapped[str] = mapped_column(String(KEY))
    recipient_name: Mapped[str] = mapped_column(String(200))
    #: The declaration's category keys of the data changed that this recipient received.
    categories: Mapped[list[Any]] = mapped_column(default=list)
    channel: Mapped[NoticeChannel] = mapped_column(_enum(NoticeChannel, "notice_channel"))
    status: Mapped[NoticeStatus] = mapped_column(_enum(NoticeStatus, "notice_status"))
    #: Where the e-mail went, and its row in the outbox (which says whether it was sent).
    address: Mapped[str | None] = mapped_column(String(EMAIL))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    #: A staff task's end: when, by whom (``admin:NAME``), and their note.
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    #: For the ``processor`` channel: the processor's answer as data (the datastore, the
    #: connector, and per table what changed and what was kept), worded when shown.
    answer: Mapped[dict[str, Any] | None]


# --- consent, complaints, breaches ----------------------------------------------------


class Consent(Base):
    """One event of the append-only consent ledger (Art. 7(1)): rows are never updated
    or deleted (database triggers refuse both).

    The current state for a subject key and purpose is its row with the highest id.
    A subject key is an email address in lower case, or ``visitor:`` and the random id
    a cookie banner gave an anonymous visitor.
    """

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_subject_key_purpose_id", "subject_key", "purpose", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event's public id: random, or chosen by the caller to make a retry harmless.
    event_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_public_id)
    subject_key: Mapped[str] = mapped_column(String(EMAIL))
    purpose: Mapped[str] = mapped_column(String(KEY), index=True)
    state: Mapped[ConsentState] = mapped_column(_enum(ConsentState, "consent_state"))
    #: SHA-256 of the notice text the person was shown.
    notice_hash: Mapped[str] = mapped_column(String(HASH))
    #: How: ``web_form``, ``banner``, ``double_opt_in``, ``unsubscribe_link``, ``api``...
    method: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str | None] = mapped_column(String(8))
    #: The IP address with its host part removed (IPv4 /24, IPv6 /48), never in full.
    ip: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class Complaint(Base):
    """A complaint to the organisation, on the declaration's acknowledge and respond clocks."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_status_respond_by", "status", "respond_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    #: A complaint cannot be anonymous: name and email are required.
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(EMAIL), index=True)
    lang: Mapped[str] = mapped_column(String(8), default="nl")
    channel: Mapped[str] = mapped_column(String(16), default="web")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ComplaintStatus] = mapped_column(
        _enum(ComplaintStatus, "complaint_status"), default=ComplaintStatus.RECEIVED
    )
    received_at: Mapped[datetime] = mapped_column(default=_now)
    acknowledge_by: Mapped[datetime | None]
    respond_by: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Breach(Base):
    """A personal data breach (Art. 33(5): every one is recorded), with its 72-hour clock."""

    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    title: Mapped[str] = mapped_column(String(200))
    #: What happened (Art. 33(3)(a)).
    description: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime | None]
    #: When the organisation became aware; the authority's 72 hours run from here.
    aware_at: Mapped[datetime]
    contained_at: Mapped[datetime | None]
    categories: Mapped[list[Any]] = mapped_column(default=list)
    subject_types: Mapped[list[Any]] = mapped_column(default=list)
    subjects_estimate: Mapped[int | None]
    records_estimate: Mapped[int | None]
    consequences: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    risk: Mapped[BreachRisk | None] = mapped_column(_enum(BreachRisk, "breach_risk"))
    #: The decisions (Art. 33(1), 34(1)) and their reasoning.
    notify_authority: Mapped[bool | None]
    notify_subjects: Mapped[bool | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    authority_deadline: Mapped[datetime]
    authority_notified_at: Mapped[datetime | None]
    #: The notification number the Dutch AP's form returns.
    authority_reference: Mapped[str | None] = mapped_column(String(100))
    #: Why the authority was notified after 72 hours (Art. 33(1)).
    late_reason: Mapped[str | None] = mapped_column(Text)
    subjects_notified_at: Mapped[datetime | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# --- jobs and rate limits --------------------------------------------------------------


class JobRun(Base):
    """A recorded run of resumable work (a retention sweep, a request's execution).

    ``(job, key)`` is unique, so a run restarted after a crash finds its own row and
    its ``progress`` instead of starting over.
    """

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    status: Mapped[JobStatus] = mapped_column(
        _enum(JobStatus, "job_status"), default=JobStatus.RUNNING
    )
    started_at: Mapped[datetime] = mapped_column(default=_now)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)


class RateLimit(Base):
    """Hits per bucket (a hashed IP address or email address) and fixed time window."""

    __tablename__ = "rate_limits"
    __table_args__ = (Index("ix_rate_limits_window_start", "window_start"),)

    bucket: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)


# --- the worker's schedule ------------------------------------------------------------


class WorkerSchedule(Base):
    """One scheduled job of ``waarborg worker`` and the last tick a worker claimed.

    Workers claim a tick with one conditional UPDATE (``tick_at`` moves forward only
    while no other worker holds a lease), so several workers sharing the database
    run each tick of a job once.
    """

    __tablename__ = "worker_schedule"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The start of the last tick claimed.
    tick_at: Mapped[datetime]
    #: Who runs it: ``host:pid``.
    holder: Mapped[str | None] = mapped_column(String(200))
    #: Until when the holder may run it; another worker may take the next tick after.
    lease_until: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status: Mapped[JobStatus | None] = mapped_column(_enum(JobStatus, "worker_schedule_status"))
    runs: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)


# --- the consent ledger's notices -------------------------------------------------------


class ConsentNotice(Base):
    """The notice a consent event refers to, kept under its hash so the text shown can
    be produced later (Art. 7(1)): a purpose as declared, a cookie category as the
    banner showed it, or a notice an application sent. Written once, never changed."""

    __tablename__ = "consent_notices"

    notice_hash: Mapped[str] = mapped_column(String(HASH), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(KEY))
    #: ``purpose`` (as declared), ``cookies`` (a banner category) or ``application``.
    kind: Mapped[str] = mapped_column(String(16))
    #: The exact text that was hashed (canonical JSON for declared notices).
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=_now)


# --- the published statement ------------------------------------------------------------


class StatementVersion(Base):
    """A published version of the privacy statement and the cookie declaration, as the
    privacy centre serves it (Art. 12(1), 5(2)): written once, never changed (database
    triggers refuse ``UPDATE`` and ``DELETE``). The highest number is the current one."""

    __tablename__ = "statement_versions"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    published_at: Mapped[datetime] = mapped_column(default=_now)
    #: Who published: the admin token's name (``admin:anna``) or ``cli:<user>``.
    published_by: Mapped[str] = mapped_column(String(200))
    #: SHA-256 of the declaration as loaded (canonical JSON), to tell what it came from.
    declaration_hash: Mapped[str] = mapped_column(String(HASH))
    #: The Waarborg version that rendered it.
    waarborg_version: Mapped[str] = mapped_column(String(32))
    #: The statement (with the privacy centre's own section), one HTML page per language.
    statement_html: Mapped[dict[str, Any]]
    #: The cookie declaration on its own, one HTML page per language.
    cookies_html: Mapped[dict[str, Any]]
    #: The statement's text per language, one block (heading, paragraph, list item,
    #: table row) per line: what two versions are compared by.
    text: Mapped[dict[str, Any]]
