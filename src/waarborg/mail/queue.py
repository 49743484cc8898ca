"""The outbox table: mail queued in the same transaction as the change it reports.

``enqueue`` stores a message under an idempotency key (such as
``request:ab12…:answered``); queuing the same key again does nothing, so a job that
runs twice after a crash queues each letter once. ``deliver`` sends what is queued:
it claims a message for a lease, sends it outside any transaction, then marks it
sent, retrying failures with a growing pause. Several workers can deliver at once;
on PostgreSQL they skip each other's claimed rows.

No live link waits in the outbox. A letter with a link is queued with a placeholder
where the token goes (``store.tokens.reserve``); ``deliver`` makes the token when it
sends the letter and keeps only its hash, and empties the message once it is sent.
To a mailer that keeps what it is given (the outbox folder, ``live_links`` False) it
hands the letter with its links masked (``…/verify/***``) and makes no token at all.

Delivery is per recipient: a letter goes to one address (``enqueue`` refuses more),
each address of an older message is sent on its own, and the server's answer is
recorded per address. An address the server accepted is never sent the message
again; one it refused for good (a 5xx answer) is not tried again either.

A worker that dies after the server accepted a message but before recording it
sends it again once the lease runs out; the Message-ID stays the same, so mail
systems can recognise the copy.
"""

from __future__ import annotations

import email
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import getaddresses
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .. import clock
from ..errors import MailError, RecipientRefused
from ..store import tokens
from ..store.db import Database
from ..store.enums import OutboxStatus
from ..store.models import OutboxMessage
from .compose import POLICY
from .mailer import Mailer

__all__ = ["MASK", "Delivery", "deliver", "enqueue", "fill_links", "message_id_for", "recipients"]

#: What stands in a masked link where its token would be.
MASK = "***"

#: How long a claimed message is left to its sender before another may take it.
LEASE = timedelta(minutes=5)
#: Attempts before a message is marked failed (the pauses add up to about 8.5 hours).
MAX_ATTEMPTS = 10


def message_id_for(key: str, domain: str) -> str:
    """A Message-ID derived from the idempotency key: the same letter keeps one id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def recipients(message: EmailMessage) -> list[str]:
    """The addresses ``message`` goes to (To, Cc and Bcc), as the mail server reads them."""
    values = [str(value) for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    return [address for _name, address in getaddresses(values) if address]


def _texts(message: EmailMessage) -> str:
    return "\n".join(
        str(part.get_content())
        for part in message.walk()
        if part.get_content_maintype() == "text" and not part.is_multipart()
    )


@cache
def _queue_statement(dialect: str) -> Any:
    """The outbox row's ``INSERT``, doing nothing when its idempotency key is queued."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = cast(Table, OutboxMessage.__table__)
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
        .returning(table.c.id)
    )


def enqueue(
    session: Session,
    message: EmailMessage,
    *,
    key: str,
    kind: str,
    request_id: int | None = None,
    links: Sequence[tokens.Reserved] = (),
) -> bool:
    """Queue ``message`` under ``key``; False when that key was queued before.

    ``links`` are the reserved tokens whose placeholders the message holds; they are
    made when it is sent. A letter goes to one address: a message with more, or with
    an address that is not one, is refused (MailError).
    """
    to = recipients(message)
    if len(to) != 1 or "@" not in to[0].strip("@"):
        shown = ", ".join(str(v) for n in ("To", "Cc", "Bcc") for v in message.get_all(n, []))
        raise MailError(f"a letter goes to one e-mail address, not {shown!r}")
    if links:
        text = _texts(message)
        missing = [link.placeholder for link in links if link.placeholder not in text]
        if missing:
            raise MailError(f"the letter {kind!r} does not hold its link {missing[0]}")
    sender = str(message.get("From", ""))
    domain = sender.rpartition("@")[2].strip(" >") or "waarborg.invalid"
    del message["Message-ID"]
    message["Message-ID"] = message_id_for(key, domain)
    values = {
        "idempotency_key": key,
        "kind": kind,
        "recipient": to[0],
        "subject": str(message.get("Subject", "")),
        "message": message.as_bytes(policy=SMTP),
        "links": {link.placeholder: link.token_id for link in links},
        "deliveries": {},
        "request_id": request_id,
        "status": OutboxStatus.QUEUED,
        "created_at": clock.now(),
        "attempts": 0,
    }
    # On the session's connection: it does not flush what the session holds first
    # (that goes in one flush at commit, and the outbox row needs none of it) nor take
    # the ORM's bulk path.
    connection = session.connection()
    statement = _queue_statement(connection.dialect.name)
    inserted = connection.execute(statement, values).scalar_one_or_none()
    return inserted is not None


def fill_links(message: EmailMessage, values: Mapping[str, str]) -> EmailMessage:
    """``message`` with each placeholder in its text parts replaced by its value."""
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        content = str(part.get_content())
        filled = content
        for placeholder, value in values.items():
            filled = filled.replace(placeholder, value)
        if filled != content:
            language = part.get("Content-Language")
            part.set_content(filled, subtype=part.get_content_subtype())
            if language:
                part["Content-Language"] = language
    return message


@dataclass
class Delivery:
    """What one ``deliver`` run did, by outbox id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 12 * 60))


@dataclass(frozen=True)
class _Claimed:
    id: int
    message: EmailMessage
    #: The recipients still to send to, in order.
    pending: list[str]
    #: Every recipient of the message.
    everyone: list[str]


def _open(deliveries: Mapping[str, Any], recipient: str) -> bool:
    """Whether ``recipient`` is still to be sent to: not accepted, not refused for good."""
    done = deliveries.get(recipient)
    return done is None or not (done.get("accepted") or done.get("permanent"))


def _claim(database: Database, *, live: bool) -> _Claimed | None:
    now = clock.now()
    with database.write() as session:
        query = (
            select(
                OutboxMessage.id,
                OutboxMessage.message,
                OutboxMessage.links,
                OutboxMessage.deliveries,
            )
            .where(
                OutboxMessage.status == OutboxStatus.QUEUED,
                or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
            )
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = session.execute(query).one_or_none()
        if row is None:
            return None
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        message = email.message_from_bytes(bytes(row.message), _class=EmailMessage, policy=POLICY)
        deliveries: dict[str, Any] = dict(row.deliveries or {})
        everyone = recipients(message)
        pending = [address for address in everyone if _open(deliveries, address)]
        links: dict[str, int] = dict(row.links or {})
        accepted = any(done.get("accepted") for done in deliveries.values())
        values: dict[str, str] = {}
        for placeholder, token_id in links.items():
            # A token is made once per delivery while no server has accepted the
            # letter; after one has, another recipient would need that same token,
            # which was never kept: its link is masked.
            token = tokens.mint(session, int(token_id)) if live and not accepted else None
            values[placeholder] = MASK if token is None else token
        # The tokens' hashes are committed before the letter leaves, so a link that
        # arrives always works.
    return _Claimed(int(row.id), fill_links(message, values), pending, everyone)


def _finish(
    database: Database, claimed: _Claimed, outcomes: Mapping[str, dict[str, Any]], report: Delivery
) -> None:
    with database.write() as session:
        row = session.get(OutboxMessage, claimed.id)
        if row is None:
            return
        deliveries = {**(row.deliveries or {}), **outcomes}
        row.deliveries = deliveries
        row.attempts += 1
        row.claimed_until = None
        errors = [str(d["error"]) for d in deliveries.values() if d.get("error")]
        still = [address for address in claimed.everyone if _open(deliveries, address)]
        if not claimed.everyone:
            errors = ["the message names no recipient"]
        if claimed.everyone and not still and not errors:
            row.status = OutboxStatus.SENT
            row.sent_at = clock.now()
            row.last_error = None
            row.message = b""  # sent: the letter's text is not kept
            row.links = {}
            report.sent.append(claimed.id)
            return
        row.last_error = "; ".join(errors) or None
        if not still or row.attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED
            report.failed.append(claimed.id)
        else:
            row.next_attempt_at = clock.now() + _backoff(row.attempts)
            report.retrying.append(claimed.id)


def _record(database: Database, outbox_id: int, recipient: str, outcome: dict[str, Any]) -> None:
    with database.write() as session:
        row = session.get(OutboxMessage, outbox_id)
        if row is not None:
            row.deliveries = {**(row.deliveries or {}), recipient: outcome}


def deliver(database: Database, mailer: Mailer, *, limit: int = 100) -> Delivery:
    """Send up to ``limit`` queued messages that are due; returns what happened."""
    report = Delivery()
    live = bool(getattr(mailer, "live_links", True))
    for _ in range(limit):
        claimed = _claim(database, live=live)
        if claimed is None:
            break
        outcomes: dict[str, dict[str, Any]] = {}
        for number, recipient in enumerate(claimed.pending):
            try:
                mailer.send(claimed.message, recipient)
            except RecipientRefused as exc:
                outcome = {"accepted": False, "permanent": exc.permanent, "error": str(exc)}
            except MailError as exc:
                outcome = {"accepted": False, "permanent": False, "error": str(exc)}
            else:
                outcome = {"accepted": True}
            outcome["at"] = clock.now().isoformat()
            if number < len(claimed.pending) - 1:
                # Recorded at once, so a crash before the next recipient does not
                # send this one the message again.
                _record(database, claimed.id, recipient, outcome)
            outcomes[recipient] = outcome
        _finish(database, claimed, outcomes, report)
    return report
