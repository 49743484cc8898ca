"""Sending through an SMTP server, with STARTTLS (port 587) or TLS from the start (465)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Literal

from ..errors import MailError

__all__ = ["SMTPMailer"]


class SMTPMailer:
    """One connection per message; certificates are checked against the system's CAs
    unless an ``ssl_context`` says otherwise."""

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

    def send(self, message: EmailMessage) -> None:
        where = f"{self.host}:{self.port}"
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(f"the SMTP server {where} refused the login: {exc.smtp_code}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"cannot send through {where}: {exc}") from exc
        if refused:
            raise MailError(f"the SMTP server {where} refused: {', '.join(sorted(refused))}")
