"""Mail as people receive it: the outbox delivered, by the real ``deliver``, into a
mailbox kept in memory for each store.

A queued letter holds no working link (its tokens are made when it is sent), so a
test that follows a link reads it here, from the message as delivered, the way the
person reads it in their mailbox. Each read delivers what is queued first.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP, default
from weakref import WeakKeyDictionary

from sqlalchemy import select

from waarborg.mail.queue import deliver
from waarborg.store import Database
from waarborg.store.enums import OutboxStatus
from waarborg.store.models import OutboxMessage

__all__ = ["Delivered", "Mailbox", "delivered", "mailbox"]


@dataclass(frozen=True)
class Delivered:
    """One message as it reached one recipient, with the kind of letter it was."""

    kind: str
    to: str
    message: EmailMessage


@dataclass
class Mailbox:
    """A ``Mailer`` that keeps what it is sent, in order."""

    live_links: bool = True
    received: list[Delivered] = field(default_factory=list)
    _kinds: dict[str, str] = field(default_factory=dict)

    def send(self, message: EmailMessage, recipient: str) -> None:
        copy = email.message_from_bytes(
            message.as_bytes(policy=SMTP), _class=EmailMessage, policy=default
        )
        kind = self._kinds.get(str(message["Message-ID"]), "")
        self.received.append(Delivered(kind, recipient, copy))

    def collect(self, database: Database) -> None:
        """Deliver everything queued in ``database`` into this mailbox."""
        with database.read() as session:
            for key, raw in session.execute(
                select(OutboxMessage.kind, OutboxMessage.message).where(
                    OutboxMessage.status == OutboxStatus.QUEUED
                )
            ):
                parsed = email.message_from_bytes(raw, _class=EmailMessage, policy=default)
                self._kinds[str(parsed["Message-ID"])] = key
        while deliver(database, self).sent:
            pass

    def messages(self, kind: str | None = None, to: str | None = None) -> list[EmailMessage]:
        return [
            item.message
            for item in self.received
            if (kind is None or item.kind == kind) and (to is None or item.to == to)
        ]


_BOXES: WeakKeyDictionary[Database, Mailbox] = WeakKeyDictionary()


def mailbox(database: Database) -> Mailbox:
    """The mailbox of ``database``'s letters, with everything queued delivered into it."""
    box = _BOXES.setdefault(database, Mailbox())
    box.collect(database)
    return box


def delivered(
    database: Database, kind: str | None = None, to: str | None = None
) -> list[EmailMessage]:
    """The letters of ``database`` as delivered so far, oldest first."""
    return mailbox(database).messages(kind, to)
