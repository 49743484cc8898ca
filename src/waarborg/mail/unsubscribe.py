"""One-click unsubscribe headers for newsletters (RFC 2369 and RFC 8058).

Mail programs show an unsubscribe button when a message carries both headers. The
URL must be HTTPS and must unsubscribe on a POST with the body
``List-Unsubscribe=One-Click``, without a login or a confirmation page. Mailbox
providers only trust the headers when the message's DKIM signature covers them.
"""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import urlsplit

from ..errors import MailError

__all__ = ["ONE_CLICK", "add_list_unsubscribe", "list_unsubscribe_headers"]

ONE_CLICK = "List-Unsubscribe=One-Click"
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def list_unsubscribe_headers(url: str, *, mailto: str | None = None) -> dict[str, str]:
    """The ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers for ``url``.

    ``url`` is the signed one-click link; ``mailto`` an optional address that
    unsubscribes by mail. Plain http is accepted for loopback addresses only, for a
    privacy centre running on one machine.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        raise MailError(f"a one-click unsubscribe URL must use https (RFC 8058): {url}")
    if any(character in url for character in "<>, \r\n"):
        raise MailError(f"the unsubscribe URL must not contain <, >, commas or spaces: {url!r}")
    links = [f"<{url}>"]
    if mailto:
        address = mailto.removeprefix("mailto:")
        links.append(f"<mailto:{address}>")
    return {"List-Unsubscribe": ", ".join(links), "List-Unsubscribe-Post": ONE_CLICK}


def add_list_unsubscribe(message: EmailMessage, url: str, *, mailto: str | None = None) -> None:
    """Set both headers on ``message``, replacing any there."""
    for name, value in list_unsubscribe_headers(url, mailto=mailto).items():
        del message[name]
        message[name] = value
