"""Anchoring the audit log: the worker's job ``audit-checkpoint``.

Every ``audit_checkpoint_interval`` it checks the chain from the last checkpoint to
the head, then writes a checkpoint of the head into ``audit_checkpoint_dir`` when the
head has moved. With ``audit_checkpoint_mail`` set, it also mails a checkpoint there,
at most once a day and never the same one twice, so a copy sits in a mailbox the
database's writers cannot reach. A chain that no longer holds from the last checkpoint
stops the job with ``AuditError``: no new checkpoint is written over a broken chain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import clock
from ..errors import AuditError
from ..mail import queue
from ..store.db import Database
from ..store.models import OutboxMessage
from . import checkpoint as checkpoints
from .chain import verify

__all__ = ["MAIL_KIND", "Anchor", "anchor"]

log = logging.getLogger("waarborg.audit")

#: The outbox kind of a mailed checkpoint.
MAIL_KIND = "audit_checkpoint"


@dataclass(frozen=True)
class Anchor:
    """Where checkpoints go and with which key."""

    folder: Path
    key: bytes
    #: Where a copy is mailed, and from which address; None: files only.
    mail_to: str | None = None
    sender: str = "waarborg@localhost"
    organisation: str = ""


def anchor(database: Database, settings: Anchor) -> dict[str, Any]:
    """Check the chain since the last checkpoint and write a new one if the head moved;
    mail one when due. Returns what it did, for the worker's record."""
    last = checkpoints.latest(settings.folder)
    wrong = None if last is None else checkpoints.signature_problem(last, settings.key)
    if last is not None and wrong is not None:
        if last.key_id == checkpoints.key_id(settings.key):
            raise AuditError(f"the last checkpoint, {last.source}, {wrong}")
        # made under an earlier secret key: it cannot be checked, the next one can
        log.warning("the last checkpoint, %s, %s", last.source, wrong)
        last = None
    with database.read() as session:
        taken = checkpoints.take(session, settings.key)
        if last is not None and last.seq > 0:
            problems = verify(session, start=last.pin())
            if problems:
                listed = "; ".join(str(p) for p in problems[:5])
                raise AuditError(
                    f"the audit log does not hold since the last checkpoint ({last.source}): "
                    f"{listed}. Run 'waarborg audit verify --checkpoint {settings.folder}'."
                )
    result: dict[str, Any] = {"seq": taken.seq}
    if last is not None and last.seq > 0:
        # what was checked: the chain from the last checkpoint's entry to the head
        result["checked_from"] = last.seq
    if taken.seq == 0:
        result["status"] = "empty"
        return result
    if last is not None and (last.seq, last.hash) == (taken.seq, taken.hash):
        result["status"] = "unchanged"
        current = last
    else:
        path = checkpoints.write(settings.folder, taken)
        result["status"] = "written"
        result["file"] = path.name
        current = taken
    if settings.mail_to:
        result["mailed"] = _mail(database, settings, current)
    return result


def _mail(database: Database, settings: Anchor, current: checkpoints.Checkpoint) -> bool:
    """Queue ``current`` for ``mail_to`` unless a checkpoint went out today, or this one
    did before."""
    assert settings.mail_to is not None
    today = datetime.combine(clock.now().astimezone(UTC).date(), time(0), tzinfo=UTC)
    with database.write() as session:
        sent_today = session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.kind == MAIL_KIND, OutboxMessage.created_at >= today)
            .limit(1)
        )
        if sent_today is not None:
            return False
        return queue.enqueue(
            session,
            _message(settings, current),
            key=f"audit-checkpoint:{current.seq}:{current.hash[:16]}",
            kind=MAIL_KIND,
        )


def _message(settings: Anchor, current: checkpoints.Checkpoint) -> EmailMessage:
    assert settings.mail_to is not None
    who = f" ({settings.organisation})" if settings.organisation else ""
    when = current.at.strftime("%Y-%m-%d %H:%M UTC")
    message = EmailMessage()
    message["Subject"] = f"Waarborg audit checkpoint{who}: entry {current.seq}, {when}"
    message["From"] = settings.sender
    message["To"] = settings.mail_to
    message["Date"] = format_datetime(clock.now())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        f"Controlepunt van het auditlogboek van Waarborg{who}\n\n"
        f"Op {when} was het laatste item van het auditlogboek nummer {current.seq}, met "
        f"de hash {current.hash}.\n\n"
        "Bewaar deze e-mail met de bijlage. Wie later wil nagaan of het logboek sindsdien "
        "is ingekort of herschreven, geeft de bijlage aan:\n"
        "  waarborg audit verify --checkpoint BESTAND\n\n"
        "---\n\n"
        f"Checkpoint of Waarborg's audit log{who}\n\n"
        f"At {when} the audit log's last entry was number {current.seq}, with the hash "
        f"{current.hash}.\n\n"
        "Keep this e-mail with its attachment. To check later that the log was not "
        "truncated or rewritten since, give the attachment to:\n"
        "  waarborg audit verify --checkpoint FILE\n"
    )
    message.add_attachment(
        checkpoints.dumps(current).encode("utf-8"),
        maintype="application",
        subtype="json",
        filename=f"audit-checkpoint-{current.seq:012d}.json",
    )
    return message
