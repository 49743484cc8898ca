"""The complaints register: intake from the privacy centre and from staff, the
acknowledge and respond clocks of the declaration, reminders to staff, and closing
with the outcome and the way to the supervisory authority.

A complaint cannot be anonymous: it needs a name and an email address. One made in
the privacy centre is only *submitted* at first: the address gets a link to confirm
it, and nothing else, so the form cannot be used to send the organisation's mail,
with a stranger's words in it, to someone who never asked (``submit``, ``confirm``).
Filing one mails the person a receipt (the acknowledgement) with an unguessable link
to its status; staff who enter a complaint that came by post or email may acknowledge
it later, or record that they did so by hand. Every step writes an audit entry in the
same transaction, and letters are queued under idempotency keys, so a step that
runs again sends nothing twice.
"""

from __future__ import annotations

import builtins
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, get_args
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock, plaintext, staff_notices
from ..audit import chain as audit
from ..declaration.model import Declaration
from ..errors import EmailAddressError, NotFoundError, RequestError
from ..identity import parse_email
from ..mail import queue, register_letters
from ..mail.letters import Letterhead
from ..moments import check_moment
from ..settings import Settings
from ..store import tokens
from ..store.db import Database
from ..store.enums import ComplaintStatus, StaffNoticeKind, TokenPurpose
from ..store.models import Complaint, Request
from .clocks import complaint_clocks, days_left

__all__ = [
    "OPEN",
    "RESOLUTIONS",
    "ComplaintView",
    "Complaints",
    "Resolution",
    "confirm_link",
    "letterhead",
    "name_problem",
]

OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ANSWERED)
Resolution = Literal["upheld", "partly_upheld", "not_upheld", "withdrawn"]
RESOLUTIONS: tuple[str, ...] = get_args(Resolution)
#: Intake channels: the privacy centre, and what staff enter.
CHANNELS = ("web", "email", "post", "phone", "staff", "api")
MAX_TEXT = 10_000
#: How long a status link stays valid after the respond deadline.
STATUS_LINK_AFTER = timedelta(days=365)


def letterhead(declaration: Declaration, settings: Settings) -> Letterhead:
    """Who sends the registers' letters: the complaint address where one is declared."""
    controller = declaration.controller
    reply = (
        (declaration.complaints.email if declaration.complaints else None)
        or (declaration.rights.email if declaration.rights else None)
        or controller.email
    )
    return Letterhead(
        name=controller.name,
        email=reply or settings.mail_from or "privacy@localhost",
        sender=settings.mail_from or reply or "privacy@localhost",
        authority=controller.authority,
    )


def status_link(base_url: str, public_id: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/complaints/{quote(public_id)}?t={quote(token)}"


def confirm_link(base_url: str, token: str) -> str:
    """The page of a submitted complaint's confirmation link."""
    return f"{base_url.rstrip('/')}/complaint/confirm/{quote(token)}"


@dataclass(frozen=True)
class ComplaintView:
    """A complaint as staff (and, trimmed, the person) see it."""

    public_id: str
    name: str
    email: str
    lang: str
    channel: str
    text: str
    status: ComplaintStatus
    received_at: datetime
    acknowledge_by: datetime | None
    respond_by: datetime | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    resolution: str | None
    answer: str | None
    request: str | None
    #: The clock that runs now (``acknowledge`` or ``respond``), its moment and days left.
    clock: str | None
    due: datetime | None
    days_left: int | None
    overdue: bool
    #: The clocks that were missed: ``acknowledge`` and ``respond``.
    late: tuple[str, ...]

    @property
    def open(self) -> bool:
        return self.status in OPEN


def _current(row: Complaint) -> tuple[str | None, datetime | None]:
    if row.status == ComplaintStatus.RECEIVED and row.acknowledge_by is not None:
        return "acknowledge", row.acknowledge_by
    if row.status in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED):
        return "respond", row.respond_by
    return None, None


def _late(row: Complaint, now: datetime) -> tuple[str, ...]:
    late = []
    for name, due, done in (
        ("acknowledge", row.acknowledge_by, row.acknowledged_at),
        ("respond", row.respond_by, row.answered_at),
    ):
        if due is not None and (done or now) > due:
            late.append(name)
    return tuple(late)


class Complaints:
    """The complaints register of one organisation."""

    def __init__(self, database: Database, declaration: Declaration, settings: Settings) -> None:
        self.database = database
        self.declaration = declaration
        self.settings = settings
        self.clocks = complaint_clocks(declaration)
        self.head = letterhead(declaration, settings)

    # --- intake ---------------------------------------------------------------------

    def submit(self, *, name: str, email: str, text: str, lang: str = "nl") -> None:
        """A complaint made in the privacy centre: mail the address a link that confirms
        it, and nothing else. Nothing is registered until the link is used (``confirm``);
        until then the complaint waits in the link's token, which lapses with it."""
        name, address, text = _name(name), _email(email), _complaint_text(text)
        if lang not in ("nl", "en"):
            raise RequestError("lang", "choose nl or en")
        now = clock.now()
        lifetime = self.settings.verification_link_lifetime
        with self.database.write() as session:
            data = {
                "name": name,
                "email": address,
                "text": text,
                "lang": lang,
                "submitted_at": now.isoformat(),
            }
            token = tokens.issue(session, TokenPurpose.COMPLAINT, lifetime=lifetime, data=data)
            message = register_letters.complaint_confirmation(
                self.head,
                address,
                lang,
                link=confirm_link(self.settings.base_url, token),
                expires_at=now + lifetime,
            )
            queue.enqueue(
                session,
                message,
                key=f"complaint:confirm:{tokens.hash_token(token)[:32]}",
                kind="complaint_confirmation",
            )

    def pending(self, token: str) -> str | None:
        """The language of a submitted complaint whose link ``token`` is, without
        spending it; None for a link that is wrong, used or expired."""
        with self.database.read() as session:
            found = tokens.peek(session, token, TokenPurpose.COMPLAINT)
            return None if found is None else str(found.data.get("lang") or "nl")

    def confirm(self, token: str) -> str | None:
        """Spend a complaint's confirmation link and register the complaint, received
        when it was submitted, with its receipt. Its public id, or None for a link that
        is wrong, used or expired."""
        with self.database.write() as session:
            spent = tokens.consume(session, token, TokenPurpose.COMPLAINT)
            if spent is None:
                return None
            data = dict(spent.data)
            spent.data = {}  # the complaint is registered now; the link keeps no copy
            return self._file(
                session,
                name=str(data["name"]),
                email=str(data["email"]),
                text=str(data["text"]),
                lang=str(data["lang"]),
                channel="web",
                actor="subject",
                received_at=datetime.fromisoformat(str(data["submitted_at"])),
                acknowledge=True,
                request=None,
            )

    def file(
        self,
        *,
        name: str,
        email: str,
        text: str,
        lang: str = "nl",
        channel: str = "web",
        actor: str = "subject",
        received_at: datetime | None = None,
        acknowledge: bool = True,
        request: str | None = None,
    ) -> str:
        """Register a complaint; with ``acknowledge``, mail the receipt and status link.

        ``received_at`` is when it reached the organisation (staff entering a letter);
        the clocks run from there. Returns the complaint's public id. For staff: an
        address typed into the privacy centre goes through ``submit`` instead.
        """
        with self.database.write() as session:
            return self._file(
                session,
                name=name,
                email=email,
                text=text,
                lang=lang,
                channel=channel,
                actor=actor,
                received_at=received_at,
                acknowledge=acknowledge,
                request=request,
            )

    def _file(
        self,
        session: Session,
        *,
        name: str,
        email: str,
        text: str,
        lang: str,
        channel: str,
        actor: str,
        received_at: datetime | None,
        acknowledge: bool,
        request: str | None,
    ) -> str:
        name, address, text = _name(name), _email(email), _complaint_text(text)
        if lang not in ("nl", "en"):
            raise RequestError("lang", "choose nl or en")
        if channel not in CHANNELS:
            raise RequestError("channel", f"choose one of: {', '.join(CHANNELS)}")
        now = clock.now()
        received = check_moment(received_at or now, "received_at")
        if received > now:
            raise RequestError("received_at", "a complaint cannot be received in the future")
        row = Complaint(
            name=name,
            email=address,
            lang=lang,
            channel=channel,
            text=text,
            status=ComplaintStatus.RECEIVED,
            received_at=received,
            acknowledge_by=self.clocks.acknowledge_by(received),
            respond_by=self.clocks.respond_by(received),
            details={},
        )
        if request is not None:
            row.request_id = self._request_id(session, request)
        session.add(row)
        session.flush()
        self._audit(session, row, actor, "filed", {"channel": channel})
        if acknowledge:
            self._acknowledge(session, row, actor, letter=True)
        clocks = {
            "acknowledge": None if row.acknowledged_at else row.acknowledge_by,
            "respond": row.respond_by,
        }
        notice = staff_notices.Notice(
            StaffNoticeKind.COMPLAINT.value,
            f"complaint:{row.public_id}",
            details={name: due.isoformat() for name, due in clocks.items() if due},
        )
        staff_notices.notify(session, notice, head=self.head, settings=self.settings, actor=actor)
        return row.public_id

    def acknowledge(self, public_id: str, *, actor: str, letter: bool = True) -> None:
        """Acknowledge receipt: mail the receipt (``letter``), or record that staff
        acknowledged it by hand."""
        with self.database.write() as session:
            row = self._get(session, public_id)
            if row.status != ComplaintStatus.RECEIVED:
                raise RequestError("status", f"complaint {public_id} is already {row.status}")
            self._acknowledge(session, row, actor, letter=letter)

    def _acknowledge(self, session: Session, row: Complaint, actor: str, *, letter: bool) -> None:
        now = clock.now()
        row.status = ComplaintStatus.ACKNOWLEDGED
        row.acknowledged_at = now
        self._audit(session, row, actor, "acknowledged", {"letter": letter})
        if not letter:
            return
        assert row.respond_by is not None
        lifetime = (row.respond_by - now) + STATUS_LINK_AFTER
        token = tokens.reserve(
            session, TokenPurpose.STATUS, lifetime=lifetime, subject=_token_subject(row)
        )
        message = register_letters.complaint_received(
            self.head,
            row.email,
            row.lang,
            name=row.name,
            complaint_id=row.public_id,
            received_at=row.received_at,
            respond_by=row.respond_by,
            status_link=status_link(self.settings.base_url, row.public_id, token.placeholder),
        )
        queue.enqueue(
            session,
            message,
            key=f"complaint:{row.public_id}:received",
            kind="complaint_received",
            links=[token],
        )

    # --- answering and closing -------------------------------------------------------

    def answer(self, public_id: str, *, actor: str, message: str) -> None:
        """Answer on the substance; this stops the respond clock."""
        message = _complaint_text(message, "message", "write the answer to send")
        with self.database.write() as session:
            row = self._get(session, public_id)
            if row.status not in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED):
                raise RequestError("status", f"complaint {public_id} is already {row.status}")
            now = clock.now()
            row.acknowledged_at = row.acknowledged_at or now
            row.answered_at = now
            row.status = ComplaintStatus.ANSWERED
            row.details = {**row.details, "answer": message}
            self._audit(session, row, actor, "answered")
            letter = register_letters.complaint_answered(
                self.head,
                row.email,
                row.lang,
                name=row.name,
                complaint_id=row.public_id,
                received_at=row.received_at,
                message=message,
            )
            queue.enqueue(
                session,
                letter,
                key=f"complaint:{row.public_id}:answered",
                kind="complaint_answered",
            )

    def close(self, public_id: str, *, actor: str, outcome: str, resolution: str) -> None:
        """Close with the outcome; the letter names the supervisory authority."""
        outcome = _complaint_text(outcome, "outcome", "write the outcome to tell the person")
        if resolution not in RESOLUTIONS:
            raise RequestError("resolution", f"choose one of: {', '.join(RESOLUTIONS)}")
        with self.database.write() as session:
            row = self._get(session, public_id)
            if row.status not in OPEN:
                raise RequestError("status", f"complaint {public_id} is already {row.status}")
            now = clock.now()
            row.acknowledged_at = row.acknowledged_at or now
            row.answered_at = row.answered_at or now
            row.closed_at = now
            row.outcome = outcome
            row.status = ComplaintStatus.CLOSED
            row.details = {**row.details, "resolution": resolution}
            self._audit(session, row, actor, "closed", {"resolution": resolution})
            letter = register_letters.complaint_closed(
                self.head,
                row.email,
                row.lang,
                name=row.name,
                complaint_id=row.public_id,
                received_at=row.received_at,
                outcome=outcome,
            )
            queue.enqueue(
                session, letter, key=f"complaint:{row.public_id}:closed", kind="complaint_closed"
            )

    # --- reminders --------------------------------------------------------------------

    def send_reminders(self) -> int:
        """Tell staff of complaints whose clock nears its end (``reminder_days``
        before it), and every day of an overdue one (``staff_notices``). Returns the
        notices made."""
        now = clock.now()
        sent = 0
        with self.database.write() as session:
            for row in session.scalars(select(Complaint).where(Complaint.status.in_(OPEN[:2]))):
                which, due = _current(row)
                if which is None or due is None:
                    continue
                left = days_left(due, now)
                marks = [d for d in self.settings.reminder_days if left <= d]
                if left < 0:
                    mark = f"overdue:{now.date().isoformat()}"
                elif marks:
                    mark = f"{min(marks)}d"
                else:
                    continue
                notice = staff_notices.deadline(
                    f"complaint:{row.public_id}", which, due, left, mark
                )
                if staff_notices.notify(session, notice, head=self.head, settings=self.settings):
                    sent += 1
        return sent

    # --- what people and staff see ----------------------------------------------------

    def status(self, public_id: str, token: str) -> ComplaintView | None:
        """The person's view of their complaint; None when the id or the token is wrong."""
        with self.database.read() as session:
            found = tokens.peek(session, token, TokenPurpose.STATUS)
            if found is None or found.subject is None:
                return None
            row = session.scalar(select(Complaint).where(Complaint.public_id == public_id))
            if row is None or not secrets.compare_digest(found.subject, _token_subject(row)):
                return None
            return self._view(session, row)

    def view(self, public_id: str) -> ComplaintView | None:
        with self.database.read() as session:
            row = session.scalar(select(Complaint).where(Complaint.public_id == public_id))
            return None if row is None else self._view(session, row)

    def list(self, *, open_only: bool = True) -> builtins.list[ComplaintView]:
        """Complaints, the one whose clock ends first at the top."""
        with self.database.read() as session:
            query = select(Complaint).order_by(Complaint.received_at)
            if open_only:
                query = query.where(Complaint.status.in_(OPEN))
            views = [self._view(session, row) for row in session.scalars(query)]
        far = datetime.max.replace(tzinfo=clock.now().tzinfo)
        return sorted(views, key=lambda v: (v.due or far, v.received_at))

    def trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        with self.database.read() as session:
            return audit.trail_json(session, public_id)

    # --- helpers ----------------------------------------------------------------------

    def _get(self, session: Session, public_id: str) -> Complaint:
        row = session.scalar(select(Complaint).where(Complaint.public_id == public_id))
        if row is None:
            raise NotFoundError(f"no complaint {public_id}")
        return row

    def _request_id(self, session: Session, public_id: str) -> int:
        found = session.scalar(select(Request.id).where(Request.public_id == public_id))
        if found is None:
            raise RequestError("request", f"no request {public_id}")
        return int(found)

    def _audit(
        self,
        session: Session,
        row: Complaint,
        actor: str,
        step: str,
        data: dict[str, Any] | None = None,
    ) -> None:
        audit.append(
            session,
            actor=actor,
            action=f"complaint.{step}",
            subject=row.public_id,
            data={"status": row.status.value, **(data or {})},
        )

    def _view(self, session: Session, row: Complaint) -> ComplaintView:
        now = clock.now()
        which, due = _current(row)
        request = (
            session.scalar(select(Request.public_id).where(Request.id == row.request_id))
            if row.request_id is not None
            else None
        )
        return ComplaintView(
            public_id=row.public_id,
            name=row.name,
            email=row.email,
            lang=row.lang,
            channel=row.channel,
            text=row.text,
            status=row.status,
            received_at=row.received_at,
            acknowledge_by=row.acknowledge_by,
            respond_by=row.respond_by,
            acknowledged_at=row.acknowledged_at,
            answered_at=row.answered_at,
            closed_at=row.closed_at,
            outcome=row.outcome,
            resolution=row.details.get("resolution"),
            answer=row.details.get("answer"),
            request=request,
            clock=which,
            due=due,
            days_left=None if due is None else days_left(due, now),
            overdue=due is not None and now > due,
            late=_late(row, now),
        )


def _token_subject(row: Complaint) -> str:
    return f"complaint:{row.public_id}"


#: What makes a name a link in a mail: a scheme, ``www.``, an address, angle brackets,
#: or a domain (letters, a dot and letters with no space between them: ``evil.nl``).
_LINKISH = re.compile(r"://|www\.|[@<>]|[^\s.]\.[^\W\d_]{2,}", re.IGNORECASE)
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_NAME_PROBLEMS = {
    "name": "a complaint cannot be anonymous: give your name",
    "name_long": "the name is longer than 200 characters",
    "name_link": (
        "give the name without a web or e-mail address; after a dot comes a space (J.P. de Vries)"
    ),
    "name_invisible": "the name contains an invisible or direction-changing character",
}


def name_problem(value: str) -> str | None:
    """What is wrong with a complainant's name, as a key of the form's words, or None.

    A name is shown as plain text and must never become a link: not in the receipt,
    not in staff's reminders, whatever a mail program makes of it."""
    text = " ".join(value.split())
    if not text:
        return "name"
    if len(text) > 200:
        return "name_long"
    if any(unicodedata.category(c) in _INVISIBLE for c in text):
        return "name_invisible"
    if _LINKISH.search(text):
        return "name_link"
    return None


def _name(value: str) -> str:
    problem = name_problem(plaintext.check("name", value))
    if problem is not None:
        raise RequestError("name", _NAME_PROBLEMS[problem])
    return " ".join(value.split())


def _email(value: str) -> str:
    """One plain address (``identity.parse_email``), which the letters go to."""
    try:
        return parse_email(value)
    except EmailAddressError as exc:
        raise RequestError("email", exc.message) from None


def _complaint_text(
    value: str, field: str = "text", empty: str = "describe what the complaint is about"
) -> str:
    text = plaintext.check(field, value).strip()
    if not text:
        raise RequestError(field, empty)
    if len(text) > MAX_TEXT:
        raise RequestError(field, f"keep it under {MAX_TEXT} characters")
    return text
