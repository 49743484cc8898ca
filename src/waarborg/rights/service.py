"""Data-subject requests from intake to answer, on Waarborg's store and the
organisation's own datastores.

The stages: received and a verification link e-mailed (``verifying``); verified; in
progress, with a plan built over the table graph; optional staff review; executed;
answered. Or denied with the reasons and the right to complain; or expired when
never verified. Every step writes a request event and an audit entry in the same
transaction. Work is claimed with a lease, renewed every few seconds while the work
runs (``store.leases``), so several workers never run one request at once, and a
request whose worker died halfway is resumed when its lease runs out, within a minute:
connectors are idempotent and letters are queued under idempotency keys, so nothing
is done or sent twice.
"""

from __future__ import annotations

import builtins
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .. import clock, staff_notices
from ..audit import chain as audit
from ..consent.notice import purpose_notice
from ..datastores.registry import ConnectorPool
from ..declaration.model import Declaration
from ..errors import DatastoreError, EmailAddressError, NotFoundError, RequestError
from ..identity import email_key, parse_email
from ..mail import letters, queue
from ..settings import Settings
from ..store import leases, tokens
from ..store.db import Database
from ..store.enums import (
    NoticeChannel,
    RequestKind,
    RequestStatus,
    StaffNoticeKind,
    TokenPurpose,
)
from ..store.models import OutboxMessage, Request, RequestEvent, Restriction
from . import answer, execute, links, notices, review
from . import fields as person_fields
from . import preview as previews
from .deadlines import deadline_for

__all__ = ["RESULT_LABELS", "RequestView", "Requests"]

OPEN = (
    RequestStatus.RECEIVED,
    RequestStatus.VERIFYING,
    RequestStatus.VERIFIED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.REVIEW,
    RequestStatus.EXECUTED,
)
#: Statuses a worker picks up.
RUNNABLE = (RequestStatus.VERIFIED, RequestStatus.IN_PROGRESS, RequestStatus.EXECUTED)
_EVENT = insert(cast(Table, RequestEvent.__table__))
_REQUESTS = cast(Table, Request.__table__)


def _due(now: datetime) -> Any:
    """A request a worker may take up now: runnable, and its turn (or its lease) over."""
    return and_(
        _REQUESTS.c.status.in_(RUNNABLE),
        or_(_REQUESTS.c.next_attempt_at.is_(None), _REQUESTS.c.next_attempt_at <= now),
    )


#: The columns of a request the work reads (``execute.Snapshot``).
_SNAPSHOT = tuple(
    _REQUESTS.c[name]
    for name in (
        "id",
        "public_id",
        "kind",
        "status",
        "email",
        "identity",
        "lang",
        "details",
        "outcome",
        "next_attempt_at",
        "version",
    )
)
#: A request written with a check of its version (``Requests._update``).
_UPDATE = (
    update(_REQUESTS)
    .where(_REQUESTS.c.id == bindparam("request_id"))
    .where(_REQUESTS.c.version == bindparam("read_version"))
    .values(version=_REQUESTS.c.version + 1)
)
#: Staff's stored choice whether the claimed request's right is reviewed.
_REVIEW_CHOSEN = review.chosen_for(_REQUESTS.name).label("review_chosen")


#: What a request came to, as staff read it (``outcome["result"]``).
RESULT_LABELS = {
    "no_data_found": (
        "No data found under this e-mail address: nothing was exported, erased or changed"
    ),
    "completed": "Completed",
    "partly_erased": "Partly erased: some data is kept (see the letter for what and why)",
    "nothing_erased": "Nothing erased: all data found is kept",
    "nothing_changed": "Nothing changed: no row of this person to change",
}


@dataclass(frozen=True)
class RequestView:
    """A request as staff (and, trimmed, the person) see it."""

    public_id: str
    kind: str
    status: RequestStatus
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
    events: list[dict[str, Any]] = field(default_factory=list)
    last_error: str | None = None
    attempts: int = 0
    #: What it came to (``RESULT_LABELS``), once carried out.
    result: str | None = None
    #: The Art. 19 notices to recipients: e-mails and staff tasks.
    notices: list[dict[str, Any]] = field(default_factory=list)
    #: What the person asked, in their words (``message``) and choices (``purposes``,
    #: ``purpose``), and what staff added on approval.
    details: dict[str, Any] = field(default_factory=dict)
    #: The explanation of a refusal and the reasons of an extension, as the person read them.
    deny_details: str | None = None
    extension_reason: str | None = None


def subject_key(email: str) -> str:
    """The key consents, restrictions and objections are kept under."""
    return email_key(email)


class Requests:
    """The request workflow of one organisation (its declaration and store)."""

    def __init__(
        self,
        database: Database,
        declaration: Declaration,
        settings: Settings,
        *,
        lease: timedelta = leases.LEASE,
    ) -> None:
        self.database = database
        self.declaration = declaration
        self.settings = settings
        self.lease = lease
        #: One connector per datastore for the life of the service; see ``close``.
        self.connectors = ConnectorPool(declaration)
        controller = declaration.controller
        reply = (declaration.rights.email if declaration.rights else None) or controller.email
        self.head = letters.Letterhead(
            name=controller.name,
            email=reply or settings.mail_from or "privacy@localhost",
            sender=settings.mail_from or reply or "privacy@localhost",
            authority=controller.authority,
        )

    def close(self) -> None:
        """Close the connections to the datastores (the service can still be used:
        they are opened again on the next request)."""
        self.connectors.close()

    # --- intake and verification ----------------------------------------------------

    def file(
        self,
        *,
        kind: str,
        email: str,
        lang: str = "nl",
        details: dict[str, Any] | None = None,
        channel: str = "web",
        actor: str = "subject",
    ) -> str:
        """File a request and e-mail the verification link. Returns the public id."""
        request_kind = self._kind(kind)
        address = _email(email)
        if lang not in ("nl", "en"):
            raise RequestError("lang", "choose nl or en")
        details = execute.check_details(self.declaration, request_kind, details or {})
        now = clock.now()
        deadline = deadline_for(self.declaration, now)
        lifetime = self.settings.verification_link_lifetime
        with self.database.write() as session:
            request = Request(
                kind=request_kind,
                status=RequestStatus.VERIFYING,
                email=address,
                identity={"email": email_key(address)},
                lang=lang,
                channel=channel,
                received_at=now,
                deadline=deadline.due,
                details=details,
            )
            session.add(request)
            session.flush()
            self._event(
                session, request, actor, "filed", RequestStatus.VERIFYING, {"channel": channel}
            )
            token = tokens.reserve(
                session, TokenPurpose.VERIFY, lifetime=lifetime, request_id=request.id
            )
            message = letters.verification(
                self.head,
                address,
                lang,
                kind=request_kind.value,
                link=links.verify(self.settings.base_url, token.placeholder),
                expires_at=now + lifetime,
            )
            self._send(session, request, message, "verification", links=[token])
            return request.public_id

    def verify(self, token: str) -> str | None:
        """Spend a verification token. The request's public id, or None for a token
        that is unknown, used or expired."""
        with self.database.write() as session:
            spent = tokens.consume(session, token, TokenPurpose.VERIFY)
            if spent is None or spent.request_id is None:
                return None
            request = session.get(Request, spent.request_id)
            if request is None:
                return None
            if request.status != RequestStatus.VERIFYING:
                return request.public_id
            now = clock.now()
            request.status = RequestStatus.VERIFIED
            request.verified_at = now
            request.next_attempt_at = now
            self._event(session, request, "subject", "verified", RequestStatus.VERIFIED)
            status_token = tokens.reserve(
                session,
                TokenPurpose.STATUS,
                lifetime=(request.deadline - now) + timedelta(days=180),
                request_id=request.id,
            )
            message = letters.received(
                self.head,
                request.email,
                request.lang,
                kind=request.kind.value,
                request_id=request.public_id,
                received_at=request.received_at,
                deadline=request.deadline,
                status_link=links.status(
                    self.settings.base_url, request.public_id, status_token.placeholder
                ),
            )
            self._send(session, request, message, "received", links=[status_token])
            return request.public_id

    # --- the work ---------------------------------------------------------------------

    def process_due(self, *, limit: int = 500) -> int:
        """Run the requests whose turn has come, most urgent first, until none is left
        or ``limit`` were taken up; returns how many were. Each is claimed as it is
        taken (``_claim``), so several workers on one store each take a different
        request: on PostgreSQL without waiting for one another (``FOR UPDATE SKIP
        LOCKED``), on SQLite in turn at its one write lock."""
        if not self._any_due():
            return 0
        taken = 0
        while taken < limit and self._process_next() is not None:
            taken += 1
        return taken

    def _any_due(self) -> bool:
        """Whether a request's turn has come, read without the store's write lock: the
        worker's tick every two seconds then takes no turn at SQLite's write lock (which
        recordings of consent wait behind) when there is nothing to do. The claim
        checks again."""
        with self.database.read() as session:
            found = session.connection().execute(
                select(_REQUESTS.c.id).where(_due(clock.now())).limit(1)
            )
            return found.first() is not None

    def process(self, public_id: str, *, actor: str = "worker") -> RequestStatus:
        """Take a verified request as far as it can go now: execute it on the
        datastores and answer it, or stop for staff review, or schedule a retry when
        a datastore is down. Safe to call again after an interruption."""
        with self.database.write() as session:
            claimed = self._claim(session, public_id)
            if claimed is None:
                return self._get(session, public_id).status
            started = self._start(session, claimed, actor)
        return self._work(public_id, started, actor)

    def _process_next(self, actor: str = "worker") -> str | None:
        """Claim the most urgent request whose turn has come and take it as far as
        ``process`` does; its public id, or None when no request is due."""
        with self.database.write() as session:
            claimed = self._claim(session, None)
            if claimed is None:
                return None
            public_id = claimed[0].public_id
            started = self._start(session, claimed, actor)
        self._work(public_id, started, actor)
        return public_id

    def _start(
        self,
        session: Session,
        claimed: tuple[execute.Snapshot, datetime, bool | None],
        actor: str,
    ) -> tuple[execute.Snapshot, datetime | None] | RequestStatus:
        """In the claim's transaction: a verified request starts, or stops for staff
        review. What the work outside the transaction needs (the request's snapshot
        and the lease held), or the status it stopped at. A request that starts is one
        Core ``UPDATE`` and its event, both written at the commit with the audit entry
        (``audit.at_commit``); the ORM's object is loaded only for a review."""
        snapshot, held, stored = claimed
        if snapshot.status == RequestStatus.VERIFIED:
            chosen = (
                {snapshot.kind.value}
                if review.reviewed(snapshot.kind, stored, self.settings)
                else set()
            )
            if execute.needs_review(self.declaration, snapshot, chosen):
                request = self._get(session, snapshot.public_id)
                request.status = RequestStatus.IN_PROGRESS
                self._event(session, request, actor, "started", RequestStatus.IN_PROGRESS)
                request.status = RequestStatus.REVIEW
                request.next_attempt_at = None
                self._event(session, request, actor, "review", RequestStatus.REVIEW)
                self._tell_review(session, request)
                return request.status
            audit.at_commit(
                session,
                update(_REQUESTS)
                .where(_REQUESTS.c.id == snapshot.id)
                .values(
                    status=RequestStatus.IN_PROGRESS,
                    version=_REQUESTS.c.version + 1,
                    # given here: a statement in a WITH clause gets no column defaults
                    updated_at=clock.now(),
                ),
            )
            self._event(session, snapshot, actor, "started", RequestStatus.IN_PROGRESS, later=True)
            snapshot = execute.Snapshot.of_values(
                snapshot, status=RequestStatus.IN_PROGRESS, version=snapshot.version + 1
            )
        return snapshot, held

    def _work(
        self,
        public_id: str,
        started: tuple[execute.Snapshot, datetime | None] | RequestStatus,
        actor: str,
    ) -> RequestStatus:
        """The work on a claimed request, outside the claim's transaction, with its
        lease renewed while it runs."""
        if isinstance(started, RequestStatus):
            return started
        snapshot, held = started
        with leases.renewing(self._renewal(public_id, held)):
            if snapshot.status == RequestStatus.IN_PROGRESS:
                try:
                    return self._execute(snapshot, actor)
                except DatastoreError as exc:
                    return self._retry(public_id, exc, actor)
            return self._answer(public_id, actor)

    def _renewal(self, public_id: str, held: datetime | None) -> Callable[[], bool]:
        """Renews this worker's lease on the request while it works on it; matches only
        while the lease is still the one this worker wrote last."""
        state = [held]

        def renew() -> bool:
            until = clock.now() + self.lease
            with self.database.write() as session:
                renewed = session.execute(
                    update(Request)
                    .where(Request.public_id == public_id)
                    .where(Request.status.in_(RUNNABLE))
                    .where(Request.next_attempt_at == state[0])
                    .values(next_attempt_at=until)
                    .execution_options(synchronize_session=False)
                )
            if getattr(renewed, "rowcount", 0) != 1:
                return False
            state[0] = until
            return True

        return renew

    def _execute(self, snapshot: execute.Snapshot, actor: str) -> RequestStatus:
        """Carry out the right, then record what it did and answer in one transaction.
        For an erasure, the plan (a dry run) is stored first, so a resumed erasure
        answers with what the first run found. Each write is one Core ``UPDATE`` of the
        request that checks its version (``_update``): the request is not read again."""
        if snapshot.kind == RequestKind.ERASURE and "plan" not in (snapshot.outcome or {}):
            plan = execute.plan_erasure(self, snapshot)
            with self.database.write() as session:
                snapshot = self._update(session, snapshot, outcome={"plan": plan})
                self._event(
                    session,
                    snapshot,
                    actor,
                    "planned",
                    None,
                    execute.plan_summary(plan),
                    later=True,
                )
        current = [snapshot]

        def done(key: str, result: Any) -> None:
            # The datastore is recorded as done before the next one starts.
            outcome = dict(current[0].outcome or {})
            outcome["steps"] = {**outcome.get("steps", {}), key: result}
            with self.database.write() as session:
                current[0] = self._update(session, current[0], outcome=outcome)
                self._event(
                    session, current[0], "worker", "step_done", None, {"datastore": key}, later=True
                )

        result = execute.on_datastores(self, snapshot, done)
        snapshot = current[0]
        exported = execute.export(self, snapshot, result)
        with self.database.write() as session:
            executed = execute.Snapshot.of_values(
                snapshot,
                outcome=execute.record(self, session, snapshot, result, exported),
                status=RequestStatus.EXECUTED,
            )
            self._event(session, executed, actor, "executed", RequestStatus.EXECUTED, later=True)
            outcome = answer.answer(self, session, executed)
            self._update(
                session,
                executed,
                status=RequestStatus.ANSWERED,
                outcome=outcome,
                answered_at=clock.now(),
                next_attempt_at=None,
                last_error=None,
            )
            self._event(session, executed, actor, "answered", RequestStatus.ANSWERED, later=True)
            return RequestStatus.ANSWERED

    def _update(
        self, session: Session, snapshot: execute.Snapshot, **values: Any
    ) -> execute.Snapshot:
        """Write ``values`` to the request of ``snapshot`` in one Core ``UPDATE`` that
        checks the row's version is still the snapshot's, as the ORM's version check
        does (``StaleDataError`` otherwise: another transaction wrote the request since,
        and this one rolls back); the snapshot with those values and the new version."""
        written = session.connection().execute(
            _UPDATE.values(**values),
            {"request_id": snapshot.id, "read_version": snapshot.version},
        )
        if getattr(written, "rowcount", 0) != 1:
            raise StaleDataError(
                f"request {snapshot.public_id} was changed by another transaction "
                f"since version {snapshot.version}"
            )
        kept = {k: v for k, v in values.items() if k in ("status", "outcome")}
        return execute.Snapshot.of_values(snapshot, version=snapshot.version + 1, **kept)

    def _answer(self, public_id: str, actor: str) -> RequestStatus:
        """Answer a request that was executed but not yet answered."""
        with self.database.write() as session:
            request = self._get(session, public_id)
            if request.status != RequestStatus.EXECUTED:
                return request.status
            return self._answered(session, request, actor)

    def _answered(self, session: Session, request: Request, actor: str) -> RequestStatus:
        request.outcome = answer.answer(self, session, request)
        request.status = RequestStatus.ANSWERED
        request.answered_at = clock.now()
        request.next_attempt_at = None
        # at the commit, after the Art. 19 notices' events (``later`` too)
        self._event(session, request, actor, "answered", RequestStatus.ANSWERED, later=True)
        return request.status

    def _retry(self, public_id: str, exc: DatastoreError, actor: str) -> RequestStatus:
        """A datastore failed the work: try again later when that can help (it was
        down, or busy); otherwise stop and hand the request to staff (status ``review``,
        with the error on the admin page), who correct it and approve it again, or deny it."""
        with self.database.write() as session:
            request = self._get(session, public_id)
            request.attempts += 1
            if not exc.retry:
                request.status = RequestStatus.REVIEW
                request.next_attempt_at = None
                request.last_error = str(exc)
                self._event(
                    session,
                    request,
                    actor,
                    "stopped",
                    RequestStatus.REVIEW,
                    {"error": str(exc), "retry": False},
                )
                self._tell_review(session, request, stopped=True)
                return request.status
            pause = timedelta(minutes=min(2 ** (request.attempts - 1), 60))
            # a processor that said how long to wait (Retry-After) is given that long
            asked = getattr(exc, "retry_after", None)
            if isinstance(asked, int | float) and timedelta(seconds=asked) > pause:
                pause = timedelta(seconds=min(float(asked), 86400.0))
            request.next_attempt_at = clock.now() + pause
            request.last_error = str(exc)
            self._event(
                session,
                request,
                actor,
                "waiting",
                None,
                {
                    "error": str(exc),
                    "retry": exc.retry,
                    "next_attempt_at": request.next_attempt_at.isoformat(),
                },
            )
            return request.status

    def _claim(
        self, session: Session, public_id: str | None
    ) -> tuple[execute.Snapshot, datetime, bool | None] | None:
        """Take the request for one lease: what the work needs of it, the lease held
        and staff's stored choice whether its right is reviewed (``review.chosen_for``,
        None when nobody chose); None when it is not runnable now (another worker holds it, or it is
        done). With ``public_id`` None, the most urgent request whose turn has come: on
        PostgreSQL one that no other transaction has locked (``SKIP LOCKED``), so
        workers claiming at the same moment each get another request instead of waiting
        for the same one. One Core ``UPDATE ... RETURNING`` of the columns the work
        reads, without the ORM's object."""
        now = clock.now()
        due = _due(now)
        if public_id is not None:
            which = _REQUESTS.c.public_id == public_id
        else:
            pick = (
                select(_REQUESTS.c.id)
                .where(due)
                .order_by(_REQUESTS.c.deadline, _REQUESTS.c.id)
                .limit(1)
            )
            if self.database.dialect == "postgresql":
                pick = pick.with_for_update(skip_locked=True)
            which = _REQUESTS.c.id == pick.scalar_subquery()
        row = (
            session.connection()
            .execute(
                update(_REQUESTS)
                .where(which)
                .where(due)
                .values(next_attempt_at=now + self.lease, version=_REQUESTS.c.version + 1)
                .returning(*_SNAPSHOT, _REVIEW_CHOSEN)
            )
            .one_or_none()
        )
        if row is None:
            return None
        return execute.Snapshot.of(row), row.next_attempt_at, row.review_chosen

    # --- staff actions ----------------------------------------------------------------

    def approve(
        self,
        public_id: str,
        *,
        actor: str,
        changes: dict[str, dict[str, Any]] | None = None,
        note: str | None = None,
        preview: str | None = None,
    ) -> RequestStatus:
        """Release a request from review (with the rectification's changes), then run it.
        The changes are checked against the declaration and the real columns' types
        first (before the store's write lock is taken): RequestError names what is wrong.

        ``preview`` is the fingerprint of the preview staff approved (an erasure or a
        restriction): the work is planned again, and refused (``preview``) when the
        data changed since; an erasure then answers with that plan."""
        checked = None
        if changes is not None:
            checked = execute.check_changes(self.declaration, changes)
            execute.check_change_types(self, checked)
        planned: dict[str, Any] | None = None
        if preview is not None:
            now = self.preview(public_id)
            if now.fingerprint != preview:
                raise RequestError(
                    "preview",
                    "the data changed since the preview was made; "
                    "look at the new preview and approve again",
                )
            if now.kind == RequestKind.ERASURE:
                planned = now.plan
        with self.database.write() as session:
            request = self._get(session, public_id)
            if request.status != RequestStatus.REVIEW:
                raise RequestError(
                    "status", f"request {public_id} is {request.status}, not in review"
                )
            details = dict(request.details)
            details["approved_by"] = actor
            if note:
                details["note"] = note
            if checked is not None:
                details["changes"] = checked
            elif request.kind == RequestKind.RECTIFICATION:
                raise RequestError("changes", "a rectification needs the changes to apply")
            request.details = details
            if planned is not None and "plan" not in (request.outcome or {}):
                # The erasure answers with the plan staff saw (a resumed erasure keeps
                # the plan of its first run).
                request.outcome = {**(request.outcome or {}), "plan": planned}
            request.status = RequestStatus.IN_PROGRESS
            request.next_attempt_at = None
            self._event(
                session, request, actor, "approved", RequestStatus.IN_PROGRESS, {"note": note}
            )
        return self.process(public_id, actor=actor)

    def deny(self, public_id: str, *, actor: str, reason: str, details: str) -> None:
        """Refuse a request with the reasons and the right to complain (Art. 12(4))."""
        if not details.strip():
            raise RequestError("details", "a refusal must give its reasons (Art. 12(4))")
        with self.database.write() as session:
            request = self._get(session, public_id)
            if request.status not in OPEN:
                raise RequestError("status", f"request {public_id} is already {request.status}")
            request.status = RequestStatus.DENIED
            request.deny_reason = reason
            request.deny_details = details
            request.answered_at = clock.now()
            request.next_attempt_at = None
            self._event(session, request, actor, "denied", RequestStatus.DENIED, {"reason": reason})
            message = letters.denied(
                self.head,
                request.email,
                request.lang,
                kind=request.kind.value,
                request_id=request.public_id,
                received_at=request.received_at,
                reasons=details,
            )
            self._send(session, request, message, "denied")

    def extend(self, public_id: str, *, actor: str, reasons: str) -> datetime:
        """Extend once by up to two months, telling the person why before the first
        deadline passes (Art. 12(3))."""
        if not reasons.strip():
            raise RequestError("reasons", "an extension must give its reasons (Art. 12(3))")
        with self.database.write() as session:
            request = self._get(session, public_id)
            if request.status not in OPEN:
                raise RequestError("status", f"request {public_id} is already {request.status}")
            if request.extended_until is not None:
                raise RequestError("status", "a request can be extended only once")
            now = clock.now()
            if now > request.deadline:
                raise RequestError(
                    "status", "the first deadline has passed; an extension had to be told before it"
                )
            deadline = deadline_for(self.declaration, request.received_at)
            request.extended_until = deadline.extension.after(request.deadline)
            request.extension_reason = reasons
            self._event(
                session,
                request,
                actor,
                "extended",
                None,
                {"until": request.extended_until.isoformat()},
            )
            message = letters.extension(
                self.head,
                request.email,
                request.lang,
                kind=request.kind.value,
                request_id=request.public_id,
                received_at=request.received_at,
                deadline=request.deadline,
                extended_until=request.extended_until,
                reasons=reasons,
            )
            self._send(session, request, message, "extension")
            return request.extended_until

    # --- housekeeping -----------------------------------------------------------------

    def expire_unverified(self) -> int:
        """Requests never verified while their link was valid expire (DRP ``expired``)."""
        cutoff = clock.now() - self.settings.verification_link_lifetime
        with self.database.write() as session:
            stale = session.scalars(
                select(Request)
                .where(Request.status == RequestStatus.VERIFYING)
                .where(Request.received_at < cutoff)
            ).all()
            for request in stale:
                request.status = RequestStatus.EXPIRED
                self._event(session, request, "system", "expired", RequestStatus.EXPIRED)
            return len(stale)

    def send_reminders(self) -> int:
        """Tell staff of open requests as their deadline nears or passes
        (``staff_notices``): one notice per mark of ``reminder_days``, then one every day
        overdue. Returns the notices made."""
        now = clock.now()
        sent = 0
        with self.database.write() as session:
            for request in session.scalars(select(Request).where(Request.status.in_(OPEN[2:]))):
                left = (request.due - now) // timedelta(days=1)
                marks = [d for d in self.settings.reminder_days if left <= d]
                late = (now - request.due) // timedelta(days=1)  # whole days past due
                mark = f"overdue:{late}" if left < 0 else (f"{min(marks)}d" if marks else None)
                if mark is None:
                    continue
                notice = staff_notices.deadline(
                    f"request:{request.public_id}",
                    "request",
                    request.due,
                    left,
                    mark,
                    right=request.kind.value,
                )
                if staff_notices.notify(session, notice, head=self.head, settings=self.settings):
                    sent += 1
        return sent

    def _tell_review(self, session: Session, request: Request, *, stopped: bool = False) -> None:
        """Tell staff a request waits for their review (``staff_notices``), once for
        each time it stops for them."""
        notice = staff_notices.Notice(
            StaffNoticeKind.REVIEW.value,
            f"request:{request.public_id}",
            mark=str(len(request.events)),
            details={
                "right": request.kind.value,
                "due": request.due.isoformat(),
                "stopped": stopped,
            },
        )
        staff_notices.notify(session, notice, head=self.head, settings=self.settings)

    def purge_exports(self) -> int:
        """Delete export files whose download link was used or has expired (and files no
        live link points at); ``store.sweep.expired_exports``."""
        from ..store.sweep import expired_exports

        return expired_exports(self.database, self.settings)

    # --- what people and staff see ----------------------------------------------------

    def preview(self, public_id: str) -> previews.Preview:
        """What carrying out an erasure or a restriction will do, computed now by the
        code that carries it out, writing nothing (``rights.preview``). RequestError
        for another right or a request already carried out; DatastoreError when a
        datastore cannot be read."""
        with self.database.read() as session:
            request = self._get(session, public_id)
            snapshot = execute.Snapshot.of(request)
        if snapshot.kind not in previews.KINDS:
            raise RequestError("kind", f"a {snapshot.kind.value} request has no preview")
        if snapshot.status not in OPEN or snapshot.status == RequestStatus.EXECUTED:
            raise RequestError("status", f"request {public_id} is {snapshot.status}")
        return previews.preview(self, snapshot)

    def status(self, public_id: str, token: str) -> RequestView | None:
        """The person's view of their request; None when the id or the token is wrong."""
        with self.database.read() as session:
            found = tokens.peek(session, token, TokenPurpose.STATUS)
            if found is None or found.request_id is None:
                return None
            request = session.get(Request, found.request_id)
            if request is None or not secrets.compare_digest(
                request.public_id.encode(), public_id.encode()
            ):
                return None
            return self._view(request)

    def peek_download(self, token: str) -> RequestView | None:
        with self.database.read() as session:
            found = tokens.peek(session, token, TokenPurpose.DOWNLOAD)
            if found is None or found.request_id is None or not found.data.get("path"):
                return None
            request = session.get(Request, found.request_id)
            return None if request is None else self._view(request)

    def download(self, token: str) -> Path | None:
        """Spend a download token: the export's path, or None."""
        with self.database.write() as session:
            found = tokens.consume(session, token, TokenPurpose.DOWNLOAD)
            if found is None or not found.data.get("path"):
                return None
            path = Path(found.data["path"])
            if found.request_id is not None:
                request = session.get(Request, found.request_id)
                if request is not None:
                    self._event(session, request, "subject", "downloaded", None)
            return path if path.exists() else None

    def view(self, public_id: str) -> RequestView | None:
        with self.database.read() as session:
            request = session.scalar(select(Request).where(Request.public_id == public_id))
            return None if request is None else self._view(request, session)

    def letter(self, public_id: str) -> dict[str, Any] | None:
        """The answer the person was sent (``answer.letter``: subject, text with its link
        masked, whether it was made again from the outcome), with where sending it
        stands (``state``: queued, sent or failed; ``sent_at``). None before the answer."""
        with self.database.read() as session:
            request = self._get(session, public_id)
            found = answer.letter(self, session, request)
            if found is None:
                return None
            row = session.scalar(
                select(OutboxMessage).where(
                    OutboxMessage.idempotency_key == f"request:{public_id}:answered"
                )
            )
            state = row.status.value if row is not None else None
            return {**found, "state": state, "sent_at": row.sent_at if row else None}

    def fields(self, public_id: str) -> person_fields.Fields:
        """The declared fields of the person's data with their current values, for a
        rectification (``rights.fields``); read from the datastores now."""
        with self.database.read() as session:
            identity = dict(self._get(session, public_id).identity)
        return person_fields.person_fields(self, identity)

    def review_kinds(self) -> set[str]:
        """The rights whose every request waits for staff (``review.kinds``)."""
        with self.database.read() as session:
            return review.kinds(session, self.settings)

    def list(self, *, open_only: bool = True) -> builtins.list[RequestView]:
        with self.database.read() as session:
            query = select(Request).order_by(Request.deadline)
            if open_only:
                query = query.where(Request.status.in_(OPEN))
            return [self._view(r) for r in session.scalars(query)]

    def trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        with self.database.read() as session:
            return audit.trail_json(session, public_id)

    def tasks(self, *, open_only: bool = True) -> builtins.list[notices.NoticeView]:
        """The Art. 19 tasks for staff: recipients without a declared channel, still to
        be told of a rectification, erasure or restriction (oldest first)."""
        with self.database.read() as session:
            if open_only:
                return notices.views(session, open_tasks=True)
            return [v for v in notices.views(session) if v.channel == NoticeChannel.STAFF]

    def notice(self, public_id: str) -> notices.NoticeView | None:
        """One Art. 19 notice (an e-mail or a staff task) by its public id."""
        with self.database.read() as session:
            found = notices.views(session, public_id=public_id)
            return found[0] if found else None

    def complete_task(
        self, public_id: str, *, actor: str, note: str | None = None
    ) -> notices.NoticeView:
        """Staff told the recipient: the task is done, recorded with who and when."""
        with self.database.write() as session:
            return notices.complete(self, session, public_id, actor=actor, note=note)

    def restrictions(self, email: str) -> builtins.list[dict[str, Any]]:
        with self.database.read() as session:
            return [
                {"purpose": r.purpose, "since": r.created_at.isoformat()}
                for r in session.scalars(
                    select(Restriction)
                    .where(Restriction.subject_key == subject_key(email))
                    .where(Restriction.active.is_(True))
                )
            ]

    # --- helpers ----------------------------------------------------------------------

    def _kind(self, kind: str) -> RequestKind:
        try:
            return RequestKind(kind)
        except ValueError:
            raise RequestError(
                "kind",
                f"{kind!r} is not a right; choose one of: "
                + ", ".join(k.value for k in RequestKind),
            ) from None

    def _get(self, session: Session, public_id: str) -> Request:
        request = session.scalar(select(Request).where(Request.public_id == public_id))
        if request is None:
            raise NotFoundError(f"no request {public_id}")
        return request

    def _status(self, public_id: str) -> RequestStatus:
        with self.database.read() as session:
            return self._get(session, public_id).status

    def _event(
        self,
        session: Session,
        request: Request | execute.Snapshot,
        actor: str,
        kind: str,
        status: RequestStatus | None,
        data: dict[str, Any] | None = None,
        *,
        later: bool = False,
    ) -> None:
        """Record a step of ``request``: its event and its audit entry. With ``later``,
        the event is written at the commit, with the audit entries
        (``audit.at_commit``), for a transaction that does not read the request's
        events after it; otherwise one INSERT now, on the session's connection, so that
        ``request.events`` read later in the transaction loads it with the rest."""
        row = {
            "request_id": request.id,
            "at": clock.now(),
            "actor": actor,
            "kind": kind,
            "status": status,
            "data": data or {},
        }
        if later:
            audit.at_commit(session, _EVENT, row)
        else:
            session.connection().execute(_EVENT, row)
        audit.append(
            session,
            actor=actor,
            action=f"request.{kind}",
            subject=request.public_id,
            data={
                "kind": request.kind.value,
                **({"status": status.value} if status else {}),
                **(data or {}),
            },
        )

    def _send(
        self,
        session: Session,
        request: Request | execute.Snapshot,
        message: Any,
        letter: str,
        *,
        links: builtins.list[tokens.Reserved] | None = None,
    ) -> None:
        """Queue a letter about ``request``; ``links`` are the tokens its links hold,
        made when it is sent."""
        queue.enqueue(
            session,
            message,
            key=f"request:{request.public_id}:{letter}",
            kind=letter,
            request_id=request.id,
            links=links or (),
        )

    def _view(self, request: Request, session: Session | None = None) -> RequestView:
        """The request as staff see it; with its Art. 19 notices when ``session`` is given."""
        now = clock.now()
        due = request.due
        open_ = request.status in OPEN
        return RequestView(
            public_id=request.public_id,
            kind=request.kind.value,
            status=request.status,
            drp_status=request.status.drp.value,
            email=request.email,
            lang=request.lang,
            channel=request.channel,
            received_at=request.received_at,
            due=due,
            extended_until=request.extended_until,
            days_left=(due - now) // timedelta(days=1),
            overdue=open_ and now > due,
            deny_reason=request.deny_reason,
            outcome=request.outcome,
            events=[
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "kind": e.kind,
                    "status": e.status.value if e.status else None,
                }
                for e in request.events
            ],
            last_error=request.last_error,
            attempts=request.attempts,
            result=(request.outcome or {}).get("result"),
            notices=(
                []
                if session is None
                else [v.as_dict() for v in notices.views(session, request_id=request.id)]
            ),
            details=dict(request.details),
            deny_details=request.deny_details,
            extension_reason=request.extension_reason,
        )


def _email(value: str) -> str:
    """The address as the person entered it (``identity.parse_email``: one plain
    address), which the letters go to; the datastores are searched by its key
    (``identity.email_key``)."""
    try:
        return parse_email(value)
    except EmailAddressError as exc:
        raise RequestError("email", exc.message) from None


def notice_hash(declaration: Declaration, purpose: str) -> str:
    """The hash of the notice a consent or withdrawal refers to: the purpose as declared
    (``consent.notice``)."""
    return purpose_notice(declaration, purpose).hash
