"""Sending through an SMTP server, with STARTTLS (port 587) or TLS from the start (465)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Literal

from ..errors import MailError, RecipientRefused

__all__ = ["SMTPMailer"]


class SMTPMailer:
    """One connection per message and recipient; certificates are checked against the
    system's CAs unless an ``ssl_context`` says otherwise."""

    live_links = True

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        username: str | None = None,
        password: str | None = None,
        mode: Literal["starttls", "ssl", "plain"] = "starttls",
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.mode = mode
        self.timeout = timeout
        self.ssl_context = ssl_context

    def __repr__(self) -> str:
        return f"SMTPMailer({self.host!r}, {self.port}, mode={self.mode!r})"

    def _connect(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.mode == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.mode == "starttls":
            smtp.starttls(context=context)
        return smtp

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Send ``message`` to ``recipient`` alone (the envelope's one RCPT TO), whatever
        its headers say: what the server accepted for one address is never tied to
        another's fate."""
        where = f"{self.host}:{self.port}"
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message, to_addrs=[recipient])
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(f"the SMTP server {where} refused the login: {exc.smtp_code}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = exc.recipients.get(recipient, (450, b""))
            text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
            raise RecipientRefused(recipient, int(code), text) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"cannot send through {where}: {exc}") from exc
