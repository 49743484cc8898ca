"""Where mail goes: the ``Mailer`` interface and the choice between its two kinds.

The embedded default writes each message as an ``.eml`` file to the outbox folder
(``FolderMailer``); once ``WAARBORG_SMTP_HOST`` is set, mail goes out by SMTP
(``SMTPMailer``).
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["Mailer", "mailer_from_settings"]


class Mailer(Protocol):
    """Delivers one message to one recipient, or raises MailError (``RecipientRefused``
    when the server refuses that recipient)."""

    #: Whether the links in the messages it is given may work. False for the outbox
    #: folder, which keeps every message as a file: its letters get masked links.
    live_links: bool

    def send(self, message: EmailMessage, recipient: str) -> None: ...


def mailer_from_settings(settings: Settings) -> Mailer:
    """SMTP when a host is set, else the outbox folder."""
    if settings.smtp_host:
        from .smtp import SMTPMailer

        password = settings.smtp_password
        return SMTPMailer(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=password.get_secret_value() if password is not None else None,
            mode=settings.smtp_mode,
            timeout=settings.smtp_timeout,
        )
    from .folder import FolderMailer

    return FolderMailer(settings.outbox_dir, live_links=settings.outbox_live_links)
