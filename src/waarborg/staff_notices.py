"""Notices to staff: an e-mail to each member of staff who wants it when a complaint
arrives, a request waits for review, a breach is recorded, or a deadline nears.

``notify`` is called in the transaction of the event itself (the complaint filed,
the request stopped for review, the breach recorded) or by the worker's reminder jobs
(a deadline's mark reached). It records the notice once under its key
(``staff_notices``) and queues one mail per member of staff who has an address and
did not turn that kind off (``store.staff``), each in the member's language, through
the outbox under its own idempotency key: a job that runs twice, or a worker killed
halfway, sends nothing twice. While no member of staff has an address, the notice goes
to the fallback address (``WAARBORG_STAFF_EMAIL``, else the address the declaration
gives), in Dutch.

A notice says what happened and links to the admin page; it names the request,
complaint or breach by its reference and the right by its name, never what the person
wrote, their name or their address. ``recent`` lists the notices for the overview.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from . import clock, i18n
from .mail import queue
from .mail.compose import compose, from_text
from .mail.letters import Letterhead
from .settings import Settings
from .store import staff
from .store.enums import StaffNoticeKind
from .store.models import StaffNotice

__all__ = ["Notice", "Sent", "deadline", "mail", "notify", "recent"]

#: Where each kind of subject is on the admin page.
_PAGES = {
    "request": "/admin/requests",
    "complaint": "/admin/complaints",
    "breach": "/admin/breaches",
}


def _reference(public_id: str) -> str:
    """A request's, complaint's or breach's reference as the admin lists it."""
    return public_id[:8]


@dataclass(frozen=True)
class Notice:
    """What happened, to what: ``kind`` (``StaffNoticeKind``), ``subject``
    (``request:ID``, ``complaint:ID``, ``breach:ID``), ``mark`` (what makes it once:
    a deadline's mark, a review's turn; empty for what happens once) and the facts its
    sentence needs (``details``: a request's ``right``, a deadline's ``clock``, ``due``
    and ``left``, a moment as ISO text)."""

    kind: str
    subject: str
    mark: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return ":".join(part for part in (self.kind, self.subject, self.mark) if part)

    @property
    def path(self) -> str:
        what, _, public_id = self.subject.partition(":")
        return f"{_PAGES[what]}/{public_id}"


def deadline(
    subject: str, clock_name: str, due: datetime, left: int, mark: str, **facts: Any
) -> Notice:
    """A deadline nearing (``left`` days, hours for a breach; negative: passed) or
    passed; ``clock_name`` is ``request``, ``acknowledge``, ``respond`` or
    ``authority``, ``mark`` the reminder it is (``7d``, ``24h``, ``overdue:DAY``)."""
    details = {"clock": clock_name, "due": due.isoformat(), "left": left, **facts}
    return Notice(StaffNoticeKind.DEADLINE.value, subject, f"{clock_name}:{mark}", details)


def _moment(value: Any, lang: str) -> str:
    return i18n.format_datetime(datetime.fromisoformat(str(value)), lang)


def _said(kind: str, subject: str, details: Mapping[str, Any], lang: str) -> str:
    """The sentence that says what happened."""
    public_id = subject.partition(":")[2]
    values: dict[str, Any] = {"reference": _reference(public_id)}
    if details.get("right"):
        values["right"] = i18n.t(f"admin.rights.{details['right']}", lang)
    if kind != StaffNoticeKind.DEADLINE:
        return i18n.t(f"admin.notices.said.{kind}", lang, **values)
    values["due"] = _moment(details["due"], lang)
    passed = int(details["left"]) < 0
    return i18n.t(
        f"admin.notices.{'overdue' if passed else 'nears'}.{details['clock']}", lang, **values
    )


def _left(details: Mapping[str, Any], lang: str) -> str | None:
    left = int(details["left"])
    if left < 0:
        return None
    unit = "hours" if details["clock"] == "authority" else "days"
    form = "one" if left == 1 else "many"
    return i18n.t(f"admin.notices.left.{unit}_{form}", lang, count=left)


def _more(notice: Notice, lang: str) -> list[str]:
    """What else the member of staff needs to know: the clock that runs."""
    details, kind = notice.details, notice.kind
    lines: list[str] = []
    if kind == StaffNoticeKind.DEADLINE:
        left = _left(details, lang)
        if left:
            lines.append(left)
        if details["clock"] == "authority":
            key = "breach_late" if int(details["left"]) < 0 else "breach_law"
            lines.append(i18n.t(f"admin.notices.{key}", lang))
        return lines
    if kind == StaffNoticeKind.REVIEW:
        if details.get("stopped"):
            lines.append(i18n.t("admin.notices.review_stopped", lang))
        lines.append(i18n.t("admin.notices.review_due", lang, due=_moment(details["due"], lang)))
    if kind == StaffNoticeKind.COMPLAINT:
        for clock_name in ("acknowledge", "respond"):
            if details.get(clock_name):
                lines.append(
                    i18n.t(
                        f"admin.notices.complaint_{clock_name}",
                        lang,
                        due=_moment(details[clock_name], lang),
                    )
                )
    if kind == StaffNoticeKind.BREACH:
        lines.append(i18n.t("admin.notices.breach_law", lang))
        lines.append(i18n.t("admin.notices.breach_due", lang, due=_moment(details["due"], lang)))
    return lines


def mail(
    notice: Notice, head: Letterhead, to: str, lang: str, *, base_url: str, fallback: bool = False
) -> EmailMessage:
    """The e-mail of ``notice`` to ``to`` in ``lang``: what happened, the clock, the
    link to the admin page, and why it came."""
    base = base_url.rstrip("/")
    said = _said(notice.kind, notice.subject, notice.details, lang)
    what, _, public_id = notice.subject.partition(":")
    reference = _reference(public_id)
    if notice.kind == StaffNoticeKind.DEADLINE:
        line = "overdue" if int(notice.details["left"]) < 0 else "nears"
        which = i18n.t(f"admin.notices.what.{what}", lang, reference=reference)
        subject = i18n.t(f"admin.notices.subject.{line}", lang, what=which)
    else:
        subject = i18n.t(f"admin.notices.subject.{notice.kind}", lang, reference=reference)
    why = "why_fallback" if fallback else "why"
    text = "\n\n".join(
        [
            said,
            *_more(notice, lang),
            i18n.t("admin.notices.open", lang) + "\n" + base + notice.path,
            i18n.t(f"admin.notices.{why}", lang, link=base + "/admin/me"),
        ]
    )
    return compose(
        from_text(f"{subject} \N{EN DASH} {head.name}", text, lang),
        sender=head.sender,
        to=to,
        lang=lang,
    )


def _record(session: Session, notice: Notice) -> int | None:
    """Record ``notice`` under its key; its id, or None when it was recorded before."""
    values = {
        "key": notice.key,
        "kind": StaffNoticeKind(notice.kind),
        "subject": notice.subject,
        "details": dict(notice.details),
        "told": [],
        "fallback": False,
        "created_at": clock.now(),
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(StaffNotice)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[StaffNotice.key])
    )
    with session.no_autoflush:
        found = session.execute(statement.returning(StaffNotice.id)).scalar_one_or_none()
    return None if found is None else int(found)


def notify(
    session: Session,
    notice: Notice,
    *,
    head: Letterhead,
    settings: Settings,
    actor: str | None = None,
) -> bool:
    """Record ``notice`` and queue its mail to every member of staff who wants it (not
    to ``actor``, who did what it reports); while no member of staff has an address, to
    the fallback address (``settings.staff_email``, else ``head.email``). False when
    the notice was recorded before: nothing is sent again."""
    base_url = settings.base_url
    fallback = settings.staff_email or head.email
    recorded = _record(session, notice)
    if recorded is None:
        return False
    everyone = staff.members(session)
    with_address = [member for member in everyone if member.email]
    told: list[str] = []
    for member in with_address:
        if not member.wants(notice.kind) or member.actor == actor:
            continue
        assert member.email is not None
        message = mail(notice, head, member.email, member.language, base_url=base_url)
        queue.enqueue(
            session, message, key=f"staff:{notice.key}:{member.id}", kind=f"staff_{notice.kind}"
        )
        told.append(member.name)
    to_fallback = not with_address and bool(fallback)
    if to_fallback:
        assert fallback is not None
        message = mail(notice, head, fallback, "nl", base_url=base_url, fallback=True)
        queue.enqueue(
            session, message, key=f"staff:{notice.key}:fallback", kind=f"staff_{notice.kind}"
        )
    row = session.get(StaffNotice, recorded)
    if row is not None:
        row.told = told
        row.fallback = to_fallback
    return True


@dataclass(frozen=True)
class Sent:
    """A notice as the overview lists it."""

    kind: str
    subject: str
    path: str
    at: datetime
    #: The members of staff it was mailed to.
    told: tuple[str, ...]
    #: Mailed to the fallback address instead (no member of staff had one).
    fallback: bool
    details: Mapping[str, Any]

    def text(self, lang: str) -> str:
        """What happened, in one sentence in ``lang`` (as the mail's first line)."""
        return _said(self.kind, self.subject, self.details, lang)


def recent(session: Session, limit: int = 20) -> list[Sent]:
    """The newest notices, newest first."""
    rows = session.scalars(
        select(StaffNotice)
        .order_by(StaffNotice.created_at.desc(), StaffNotice.id.desc())
        .limit(limit)
    )
    return [
        Sent(
            kind=row.kind.value,
            subject=row.subject,
            path=Notice(row.kind.value, row.subject).path,
            at=row.created_at,
            told=tuple(str(name) for name in row.told or ()),
            fallback=row.fallback,
            details=dict(row.details or {}),
        )
        for row in rows
    ]
