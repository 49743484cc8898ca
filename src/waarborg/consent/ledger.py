"""The consent ledger: append-only events of consent given and withdrawn (Art. 7).

Each event holds the subject key, the purpose, given or withdrawn, the hash of the
notice shown, how it was given (the method), when, the language and the IP address
with its host part removed. Events are only ever added: the current state of a subject
key and purpose is its latest event. There is no function here that changes or
deletes an event, and the database refuses to (triggers on ``consents``).

A subject key is an email address as ``identity.email_key`` gives it (NFC, in lower
case), or ``visitor:`` followed by the
random id a cookie banner gave an anonymous visitor. An event may carry an id chosen
by the caller: recording it again returns the event already there instead of adding
a second one, so a retry after a lost answer is harmless.

The functions take a session or a connection (``Executor``); the caller's transaction
decides when it is durable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session

from .. import clock
from ..errors import ConsentError, EmailAddressError
from ..identity import email_key, parse_email
from ..store.db import Database
from ..store.enums import ConsentState
from ..store.models import Consent, ConsentNotice, new_public_id
from .anonymise import anonymise_ip
from .notice import Notice

__all__ = [
    "COLUMNS",
    "VISITOR",
    "Choice",
    "Event",
    "Executor",
    "consenting",
    "current",
    "email_subject",
    "find",
    "history",
    "is_visitor",
    "latest",
    "notices",
    "read_current",
    "record",
    "visitor_subject",
]

#: What the functions run their statements on: an ORM session or a Core connection.
Executor = Session | Connection
#: Subject keys of anonymous visitors start with this.
VISITOR = "visitor:"
#: An email address as the ledger takes it; no colon, so it never looks like a visitor key.
_EMAIL = re.compile(r"^[^@\s:,;]{1,64}@[^@\s:,;]+\.[^@\s.:,;]{2,}$")
_VISITOR_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_METHOD = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_EVENT_ID = re.compile(r"^[A-Za-z0-9_.-]{8,64}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_LANG = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
#: The columns ``Event.of`` reads.
COLUMNS = (
    Consent.event_id,
    Consent.subject_key,
    Consent.purpose,
    Consent.state,
    Consent.notice_hash,
    Consent.method,
    Consent.lang,
    Consent.ip,
    Consent.created_at,
    Consent.details,
)


def email_subject(email: str) -> str:
    """The subject key of an email address: one plain address (``identity.parse_email``)
    by its key (``identity.email_key``: NFC, in lower case); ConsentError if it is not
    one."""
    try:
        key = email_key(parse_email(email))
    except EmailAddressError as exc:
        raise ConsentError("subject", exc.message) from None
    if not _EMAIL.match(key):
        raise ConsentError("subject", "give an email address, e.g. naam@voorbeeld.nl")
    return key


def visitor_subject(visitor: str) -> str:
    """The subject key of a banner's visitor id (16 to 64 characters of A-Z a-z 0-9 _ -)."""
    if not _VISITOR_ID.match(visitor):
        raise ConsentError(
            "visitor", "a visitor id is 16 to 64 characters of letters, digits, _ and -"
        )
    return VISITOR + visitor


def is_visitor(subject: str) -> bool:
    return subject.startswith(VISITOR)


@dataclass(frozen=True)
class Event:
    """One event of the ledger, as read back."""

    event_id: str
    subject: str
    purpose: str
    state: ConsentState
    notice_hash: str
    method: str
    lang: str | None
    ip: str | None
    at: datetime
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        return self.state == ConsentState.GIVEN

    @classmethod
    def of(cls, row: Row[Any]) -> Event:
        """The event of a row of ``COLUMNS``, from SQLAlchemy or from ``Database.fetch``."""
        return cls(
            event_id=row.event_id,
            subject=row.subject_key,
            purpose=row.purpose,
            state=ConsentState(row.state),
            notice_hash=row.notice_hash,
            method=row.method,
            lang=row.lang,
            ip=row.ip,
            at=row.created_at.astimezone(UTC),
            details=dict(row.details or {}),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "subject": self.subject,
            "purpose": self.purpose,
            "state": self.state.value,
            "notice_hash": self.notice_hash,
            "method": self.method,
            "lang": self.lang,
            "ip": self.ip,
            "at": self.at.isoformat(),
            **({"details": dict(self.details)} if self.details else {}),
        }


@dataclass(frozen=True)
class Choice:
    """One consent to record: for a purpose, given or withdrawn, against a notice.

    Give the ``notice`` (its text is kept with the ledger) or only its ``notice_hash``.
    """

    purpose: str
    state: ConsentState
    method: str
    notice: Notice | None = None
    notice_hash: str | None = None
    event_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        if self.notice is not None:
            return self.notice.hash
        if self.notice_hash is None or not _HASH.match(self.notice_hash):
            raise ConsentError("notice_hash", "give the notice's SHA-256 as 64 hex digits")
        return self.notice_hash


def _check(choice: Choice) -> None:
    if not choice.purpose or len(choice.purpose) > 100:
        raise ConsentError("purpose", "name the purpose (at most 100 characters)")
    if not _METHOD.match(choice.method):
        raise ConsentError(
            "method", "name the method in lower case letters, digits and _ (e.g. web_form)"
        )
    if choice.event_id is not None and not _EVENT_ID.match(choice.event_id):
        raise ConsentError(
            "event_id", "an event id is 8 to 64 characters of letters, digits, _ . and -"
        )
    if choice.notice is not None and choice.notice.purpose != choice.purpose:
        raise ConsentError("notice", "the notice is of another purpose")


def _dialect(executor: Executor) -> str:
    if isinstance(executor, Connection):
        return executor.dialect.name
    return executor.get_bind().dialect.name


# The statements are built once: building a statement costs more than running it.
_BY_SUBJECT = (
    select(*COLUMNS).where(Consent.subject_key == bindparam("subject")).order_by(Consent.id)
)
_BY_EVENT_ID = select(*COLUMNS).where(Consent.event_id == bindparam("event_id"))
_INSERT = insert(Consent)
_INSERT_ONCE = {
    "postgresql": pg_insert(Consent)
    .on_conflict_do_nothing(index_elements=[Consent.event_id])
    .returning(Consent.id),
    "sqlite": sqlite_insert(Consent)
    .on_conflict_do_nothing(index_elements=[Consent.event_id])
    .returning(Consent.id),
}
_INSERT_NOTICE = {
    "postgresql": pg_insert(ConsentNotice).on_conflict_do_nothing(
        index_elements=[ConsentNotice.notice_hash]
    ),
    "sqlite": sqlite_insert(ConsentNotice).on_conflict_do_nothing(
        index_elements=[ConsentNotice.notice_hash]
    ),
}


def _remember(executor: Executor, notices: Iterable[Notice], at: datetime) -> None:
    unique = {notice.hash: notice for notice in notices}
    for n in unique.values():
        executor.execute(
            _INSERT_NOTICE[_dialect(executor)],
            {
                "notice_hash": n.hash,
                "purpose": n.purpose,
                "kind": n.kind,
                "content": n.content,
                "created_at": at,
            },
        )


def record(
    executor: Executor,
    subject: str,
    choices: Sequence[Choice],
    *,
    lang: str | None = None,
    ip: str | None = None,
) -> list[Event]:
    """Append one event per choice for ``subject``; returns them in order.

    ``ip`` is anonymised here, before anything is stored. A choice whose ``event_id``
    is in the ledger already adds nothing: the event there is returned, provided it
    is the same subject, purpose and state (ConsentError ``event_id`` otherwise).
    """
    if not choices:
        raise ConsentError("choices", "nothing to record")
    if not subject or len(subject) > 320:
        raise ConsentError("subject", "a subject key is 1 to 320 characters")
    if lang is not None and not _LANG.match(lang):
        raise ConsentError("lang", "give a language code such as nl or en")
    for choice in choices:
        _check(choice)
    now = clock.now()
    stored_ip = anonymise_ip(ip)
    _remember(executor, (c.notice for c in choices if c.notice is not None), now)
    events: list[Event] = []
    for choice in choices:
        event = Event(
            event_id=choice.event_id or new_public_id(),
            subject=subject,
            purpose=choice.purpose,
            state=choice.state,
            notice_hash=choice.hash,
            method=choice.method,
            lang=lang,
            ip=stored_ip,
            at=now,
            details=dict(choice.details),
        )
        values = {
            "event_id": event.event_id,
            "subject_key": subject,
            "purpose": event.purpose,
            "state": event.state,
            "notice_hash": event.notice_hash,
            "method": event.method,
            "lang": lang,
            "ip": stored_ip,
            "details": dict(event.details),
            "created_at": now,
        }
        if choice.event_id is None:
            executor.execute(_INSERT, values)
            events.append(event)
            continue
        inserted = executor.execute(_INSERT_ONCE[_dialect(executor)], values).scalar_one_or_none()
        if inserted is not None:
            events.append(event)
            continue
        earlier = find(executor, choice.event_id)
        if earlier is None or (earlier.subject, earlier.purpose, earlier.state) != (
            subject,
            choice.purpose,
            choice.state,
        ):
            raise ConsentError(
                "event_id", f"event {choice.event_id!r} was recorded with other values"
            )
        events.append(earlier)
    return events


def find(executor: Executor, event_id: str) -> Event | None:
    """The event with this id, or None."""
    row = executor.execute(_BY_EVENT_ID, {"event_id": event_id}).first()
    return None if row is None else Event.of(row)


def history(executor: Executor, subject: str) -> list[Event]:
    """Every event of a subject key, oldest first."""
    return [Event.of(row) for row in executor.execute(_BY_SUBJECT, {"subject": subject})]


def current(
    executor: Executor, subject: str, purposes: Iterable[str] | None = None
) -> dict[str, Event]:
    """The latest event per purpose of a subject key (only ``purposes``, when given)."""
    return latest(history(executor, subject), purposes)


async def read_current(
    database: Database, subject: str, purposes: Iterable[str] | None = None
) -> dict[str, Event]:
    """``current``, read from the event loop: the consent API's hottest read."""
    rows = await database.fetch(_BY_SUBJECT, {"subject": subject})
    return latest((Event.of(row) for row in rows), purposes)


def latest(events: Iterable[Event], purposes: Iterable[str] | None = None) -> dict[str, Event]:
    """The last of ``events`` (oldest first) per purpose (only ``purposes``, when given)."""
    wanted = None if purposes is None else set(purposes)
    found: dict[str, Event] = {}
    for event in events:
        if wanted is None or event.purpose in wanted:
            found[event.purpose] = event
    return found


def consenting(executor: Executor, purpose: str) -> list[Event]:
    """The subject keys whose latest event for ``purpose`` gives consent, by subject key."""
    latest = (
        select(func.max(Consent.id).label("id"))
        .where(Consent.purpose == purpose)
        .group_by(Consent.subject_key)
        .subquery()
    )
    query = (
        select(*COLUMNS)
        .join(latest, Consent.id == latest.c.id)
        .where(Consent.state == ConsentState.GIVEN)
        .order_by(Consent.subject_key)
    )
    return [Event.of(row) for row in executor.execute(query)]


def notices(executor: Executor, hashes: Iterable[str]) -> dict[str, str]:
    """The kept text of each notice hash that is known."""
    wanted = sorted(set(hashes))
    if not wanted:
        return {}
    rows = executor.execute(
        select(ConsentNotice.notice_hash, ConsentNotice.content).where(
            ConsentNotice.notice_hash.in_(wanted)
        )
    )
    return {row.notice_hash: row.content for row in rows}
