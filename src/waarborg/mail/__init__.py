"""Outgoing mail: the letters (Dutch and English templates), the outbox queue, and
two ways to deliver: ``.eml`` files in the outbox folder (the embedded default) or
SMTP. Plus the one-click unsubscribe headers of RFC 8058 for newsletters."""

from __future__ import annotations

from .compose import Rendered, compose, render
from .folder import FolderMailer
from .mailer import Mailer, mailer_from_settings
from .smtp import SMTPMailer
from .unsubscribe import add_list_unsubscribe, list_unsubscribe_headers

__all__ = [
    "FolderMailer",
    "Mailer",
    "Rendered",
    "SMTPMailer",
    "add_list_unsubscribe",
    "compose",
    "list_unsubscribe_headers",
    "mailer_from_settings",
    "render",
]
