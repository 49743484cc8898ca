"""The closed vocabularies stored in Waarborg's own tables.

Each is a ``StrEnum`` whose values are what the database holds (checked by a
constraint). Adding a value needs a migration that widens the constraint.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BreachRisk",
    "ComplaintStatus",
    "ConsentState",
    "DrpStatus",
    "JobStatus",
    "NoticeChannel",
    "NoticeStatus",
    "ObjectionStatus",
    "OutboxStatus",
    "RequestKind",
    "RequestStatus",
    "StaffNoticeKind",
    "TokenPurpose",
]


class RequestKind(StrEnum):
    """The right a data-subject request exercises."""

    ACCESS = "access"  # Art. 15
    PORTABILITY = "portability"  # Art. 20
    ERASURE = "erasure"  # Art. 17
    RECTIFICATION = "rectification"  # Art. 16
    RESTRICTION = "restriction"  # Art. 18
    OBJECTION = "objection"  # Art. 21
    WITHDRAW_CONSENT = "withdraw_consent"  # Art. 7(3)


class DrpStatus(StrEnum):
    """Request statuses of the Data Rights Protocol v1.0."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    DENIED = "denied"
    EXPIRED = "expired"
    REVOKED = "revoked"


class RequestStatus(StrEnum):
    """Where a data-subject request stands. ``drp`` maps it onto the Data Rights Protocol."""

    RECEIVED = "received"  # filed; no verification link sent yet
    VERIFYING = "verifying"  # verification link sent, waiting for the person
    VERIFIED = "verified"  # identity confirmed; waiting to be worked on
    IN_PROGRESS = "in_progress"  # being executed on the datastores
    REVIEW = "review"  # waiting for staff (rectification, or a chosen review step)
    EXECUTED = "executed"  # done on the data; the answer is not yet sent
    ANSWERED = "answered"  # the person has the answer
    DENIED = "denied"  # refused with reasons (Art. 12(4) or 12(5))
    EXPIRED = "expired"  # never verified in time
    REVOKED = "revoked"  # withdrawn by the person

    @property
    def drp(self) -> DrpStatus:
        return _DRP[self]

    @property
    def closed(self) -> bool:
        """No further work: the deadline no longer runs."""
        return self in _CLOSED


_DRP = {
    RequestStatus.RECEIVED: DrpStatus.OPEN,
    RequestStatus.VERIFYING: DrpStatus.OPEN,
    RequestStatus.VERIFIED: DrpStatus.IN_PROGRESS,
    RequestStatus.IN_PROGRESS: DrpStatus.IN_PROGRESS,
    RequestStatus.REVIEW: DrpStatus.IN_PROGRESS,
    RequestStatus.EXECUTED: DrpStatus.IN_PROGRESS,
    RequestStatus.ANSWERED: DrpStatus.FULFILLED,
    RequestStatus.DENIED: DrpStatus.DENIED,
    RequestStatus.EXPIRED: DrpStatus.EXPIRED,
    RequestStatus.REVOKED: DrpStatus.REVOKED,
}
_CLOSED = frozenset(
    {RequestStatus.ANSWERED, RequestStatus.DENIED, RequestStatus.EXPIRED, RequestStatus.REVOKED}
)


class TokenPurpose(StrEnum):
    """What a one-time link token may be used for."""

    VERIFY = "verify"  # confirm identity for a request
    DOWNLOAD = "download"  # fetch an export
    CONFIRM = "confirm"  # confirm a newsletter sign-up (double opt-in)
    UNSUBSCRIBE = "unsubscribe"  # withdraw consent from a mail link
    STATUS = "status"  # look at a request's status
    SESSION = "session"  # an admin page session, ended by logging out
    COMPLAINT = "complaint"  # confirm the address of a complaint made in the privacy centre


class TokenScope(StrEnum):
    """What an admin token opens."""

    ADMIN = "admin"  # the admin API, the admin page and the applications' API
    APP = "app"  # the applications' API only: consent and restrictions, for a web shop


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class ConsentState(StrEnum):
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class ObjectionStatus(StrEnum):
    PENDING = "pending"  # waiting for a decision on compelling grounds
    UPHELD = "upheld"  # processing for the purpose stopped
    OVERRIDDEN = "overridden"  # compelling legitimate grounds (never for direct marketing)


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"


class BreachRisk(StrEnum):
    """The assessed risk to people (Art. 33(1) and 34(1))."""

    UNLIKELY = "unlikely"  # record only
    RISK = "risk"  # notify the authority
    HIGH = "high"  # also tell the people affected


class JobStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class NoticeChannel(StrEnum):
    """How a recipient hears of a rectification, erasure or restriction (Art. 19)."""

    EMAIL = "email"  # an e-mail to the address the declaration gives, through the outbox
    STAFF = "staff"  # no channel declared: a task for staff, open until they mark it done
    #: through the processor's API (a connector): done with its answer, or, when it left
    #: something, open for staff to ask the processor for the rest
    PROCESSOR = "processor"


class NoticeStatus(StrEnum):
    """Where an Art. 19 notice stands. Whether a queued e-mail went out is the outbox's
    to say (its ``status`` and ``sent_at``)."""

    QUEUED = "queued"  # the e-mail is in the outbox
    OPEN = "open"  # a staff task nobody has marked done yet
    DONE = "done"  # staff informed the recipient and marked the task done


class StaffNoticeKind(StrEnum):
    """What a notice to staff is about; each member of staff can turn each kind off."""

    COMPLAINT = "complaint"  # a complaint arrived
    REVIEW = "review"  # a request waits for review
    BREACH = "breach"  # a breach was recorded
    DEADLINE = "deadline"  # a deadline nears, or passed
