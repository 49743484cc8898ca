"""The embedded default: each message becomes an ``.eml`` file in the outbox folder.

Any mail program opens the files. A file appears whole or not at all (written under
a temporary name, then renamed), and a message whose Message-ID is already in the
folder is not written twice. The folder is 0700 and its files 0600.

The files stay where they are, so by default the links in them are masked
(``…/verify/***``): the letter reads as the person would get it, but nobody with the
folder in hand can use its links. ``live_links=True`` (``WAARBORG_OUTBOX_LINKS=live``,
the default for the demo organisation) writes working links instead, for trying the
privacy centre out on one machine.
"""

from __future__ import annotations

import os
import re
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from .. import clock
from ..errors import MailError
from ..files import open_private, private_dir

__all__ = ["FolderMailer"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FolderMailer:
    """Writes messages to ``folder`` as ``{time}-{message-id}.eml`` (CRLF line ends)."""

    def __init__(self, folder: Path | str, *, live_links: bool = False) -> None:
        self.folder = Path(folder)
        self.live_links = live_links

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Write the message (once, whatever the number of its recipients)."""
        self.write(message)

    def write(self, message: EmailMessage) -> Path:
        """Write the message; returns its file (the existing one for a known Message-ID)."""
        message_id = message.get("Message-ID")
        if not message_id:
            raise MailError("a message for the outbox needs a Message-ID")
        name = _UNSAFE.sub("_", str(message_id).strip("<> "))[:150]
        try:
            private_dir(self.folder)
            existing = sorted(self.folder.glob(f"*-{name}.eml"))
            if existing:
                return existing[0]
            stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
            path = self.folder / f"{stamp}-{name}.eml"
            temporary = path.with_name(f".{path.name}.tmp")
            with open_private(temporary) as handle:
                handle.write(message.as_bytes(policy=SMTP))
            os.replace(temporary, path)
        except OSError as exc:
            raise MailError(f"cannot write to the outbox {self.folder}: {exc}") from exc
        return path
