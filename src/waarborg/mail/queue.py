"""The outbox table: mail queued in the same transaction as the change it reports.

``enqueue`` stores a message under an idempotency key (such as
``request:ab12…:answered``); queuing the same key again does nothing, so a job that
runs twice after a crash queues each letter once. ``deliver`` sends what is queued:
it claims a message for a lease, sends it outside any transaction, then marks it
sent, retrying failures with a growing pause. Several workers can deliver at once;
on PostgreSQL they skip each other's claimed rows.

A worker that dies after the server accepted a message but before marking it sent
sends it again once the lease runs out; the Message-ID stays the same, so mail
systems can recognise the copy.
"""

from __future__ import annotations

import email
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP, default

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .. import clock
from ..errors import MailError
from ..store.db import Database
from ..store.enums import OutboxStatus
from ..store.models import OutboxMessage
from .mailer import Mailer

__all__ = ["Delivery", "deliver", "enqueue", "message_id_for"]

#: How long a claimed message is left to its sender before another may take it.
LEASE = timedelta(minutes=5)
#: Attempts before a message is marked failed (the pauses add up to about 8.5 hours).
MAX_ATTEMPTS = 10


def message_id_for(key: str, domain: str) -> str:
    """A Message-ID derived from the idempotency key: the same letter keeps one id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def enqueue(
    session: Session,
    message: EmailMessage,
    *,
    key: str,
    kind: str,
    request_id: int | None = None,
) -> bool:
    """Queue ``message`` under ``key``; False when that key was queued before."""
    recipient = message.get("To")
    if not recipient:
        raise MailError("a message to queue needs a To header")
    sender = str(message.get("From", ""))
    domain = sender.rpartition("@")[2].strip(" >") or "waarborg.invalid"
    del message["Message-ID"]
    message["Message-ID"] = message_id_for(key, domain)
    values = {
        "idempotency_key": key,
        "kind": kind,
        "recipient": str(recipient),
        "subject": str(message.get("Subject", "")),
        "message": message.as_bytes(policy=SMTP),
        "request_id": request_id,
        "status": OutboxStatus.QUEUED,
        "created_at": clock.now(),
        "attempts": 0,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(OutboxMessage).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=[OutboxMessage.idempotency_key])
    # Without flushing what the session holds first: that goes in one flush at commit,
    # and the outbox row needs none of it.
    with session.no_autoflush:
        inserted = session.execute(statement.returning(OutboxMessage.id)).scalar_one_or_none()
    return inserted is not None


@dataclass
class Delivery:
    """What one ``deliver`` run did, by outbox id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 12 * 60))


def _claim(database: Database) -> tuple[int, bytes] | None:
    now = clock.now()
    with database.write() as session:
        query = (
            select(OutboxMessage.id, OutboxMessage.message)
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
        return int(row.id), bytes(row.message)


def deliver(database: Database, mailer: Mailer, *, limit: int = 100) -> Delivery:
    """Send up to ``limit`` queued messages that are due; returns what happened."""
    report = Delivery()
    for _ in range(limit):
        claimed = _claim(database)
        if claimed is None:
            break
        outbox_id, raw = claimed
        message = email.message_from_bytes(raw, _class=EmailMessage, policy=default)
        try:
            mailer.send(message)
        except MailError as exc:
            with database.write() as session:
                row = session.get(OutboxMessage, outbox_id)
                assert row is not None
                row.attempts += 1
                row.last_error = str(exc)
                row.claimed_until = None
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = OutboxStatus.FAILED
                    report.failed.append(outbox_id)
                else:
                    row.next_attempt_at = clock.now() + _backoff(row.attempts)
                    report.retrying.append(outbox_id)
            continue
        with database.write() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == outbox_id)
                .values(
                    status=OutboxStatus.SENT,
                    sent_at=clock.now(),
                    attempts=OutboxMessage.attempts + 1,
                    claimed_until=None,
                    last_error=None,
                )
                .execution_options(synchronize_session=False)
            )
        report.sent.append(outbox_id)
    return report
