"""The registers' letters: a complaint's receipt, answer and closing, and staff's
reminders of complaint and breach deadlines. Dutch and English, like ``letters``.

The closing letter always names the supervisory authority from the built-in
catalogue, with its complaint page and postal address: a person who is not
satisfied may complain there (Art. 77 GDPR).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Literal

from ..errors import MailError
from .letters import Letterhead, _letter

__all__ = [
    "RegisterItem",
    "complaint_answered",
    "complaint_closed",
    "complaint_confirmation",
    "complaint_received",
    "register_reminder",
]

#: Which deadline a reminder is about.
Clock = Literal["acknowledge", "respond", "authority"]


@dataclass(frozen=True)
class RegisterItem:
    """One complaint or breach in a reminder to staff."""

    reference: str
    title: str
    clock: Clock
    due: datetime
    #: Days left for a complaint, hours left for a breach; negative when overdue.
    left: int
    link: str | None = None


def _text(value: str, what: str) -> str:
    if not value.strip():
        raise MailError(f"a complaint letter needs {what}")
    return value.strip()


def complaint_confirmation(
    head: Letterhead, to: str, lang: str, *, link: str, expires_at: datetime
) -> EmailMessage:
    """The link that confirms the address a complaint was made from, before anything
    else goes there. It carries nothing the visitor typed: not the name, not the
    complaint, so it cannot carry someone else's words to a stranger's mailbox."""
    return _letter(
        "complaint_confirmation", head, to, lang, {"link": link, "expires_at": expires_at}
    )


def complaint_received(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    name: str,
    complaint_id: str,
    received_at: datetime,
    respond_by: datetime,
    status_link: str | None,
) -> EmailMessage:
    """Acknowledges a complaint: its reference, when the answer comes, the status link."""
    return _letter(
        "complaint_received",
        head,
        to,
        lang,
        {
            "name": name,
            "complaint_id": complaint_id,
            "received_at": received_at,
            "respond_by": respond_by,
            "status_link": status_link,
        },
    )


def complaint_answered(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    name: str,
    complaint_id: str,
    received_at: datetime,
    message: str,
) -> EmailMessage:
    """The organisation's answer on the substance of a complaint."""
    return _letter(
        "complaint_answered",
        head,
        to,
        lang,
        {
            "name": name,
            "complaint_id": complaint_id,
            "received_at": received_at,
            "message": _text(message, "the answer"),
        },
    )


def complaint_closed(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    name: str,
    complaint_id: str,
    received_at: datetime,
    outcome: str,
) -> EmailMessage:
    """Closes a complaint with its outcome and the way to the supervisory authority."""
    return _letter(
        "complaint_closed",
        head,
        to,
        lang,
        {
            "name": name,
            "complaint_id": complaint_id,
            "received_at": received_at,
            "outcome": _text(outcome, "the outcome"),
        },
    )


def register_reminder(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    items: Sequence[RegisterItem],
    admin_link: str | None = None,
) -> EmailMessage:
    """Complaints and breaches whose deadline is near or past, for staff."""
    if not items:
        raise MailError("a reminder needs at least one complaint or breach")
    rows = sorted(items, key=lambda item: item.due)
    return _letter("register_reminder", head, to, lang, {"items": rows, "admin_link": admin_link})
