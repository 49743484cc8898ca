"""Signed unsubscribe links: no login, no state on the server, valid for as long as the
secret key is.

The link carries the purpose and the address, signed with the secret key (HMAC,
through itsdangerous), so it works from any old newsletter and cannot be made for
someone else's address. The same URL shows a page with a button (GET) and
unsubscribes at once on a POST, which is what RFC 8058 one-click asks of the
``List-Unsubscribe`` URL.
"""

from __future__ import annotations

from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeSerializer

from ..mail.unsubscribe import list_unsubscribe_headers

__all__ = ["headers", "link", "read", "sign"]

_SALT = "waarborg.unsubscribe"
#: Longer signed values are not looked at.
MAX_LENGTH = 1000


def _serializer(key: bytes) -> URLSafeSerializer:
    return URLSafeSerializer(key, salt=_SALT)


def sign(key: bytes, purpose: str, email: str) -> str:
    """The signed value for one address and purpose."""
    value = _serializer(key).dumps([purpose, email.strip().lower()])
    return str(value)


def read(key: bytes, signed: str) -> tuple[str, str] | None:
    """The (purpose, email) a signed value stands for, or None when it is not genuine."""
    if not signed or len(signed) > MAX_LENGTH:
        return None
    try:
        data = _serializer(key).loads(signed)
    except BadSignature:
        return None
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not all(isinstance(part, str) and part for part in data)
    ):
        return None
    return data[0], data[1]


def link(base_url: str, key: bytes, purpose: str, email: str) -> str:
    """The unsubscribe URL for one address: a page for people, one-click for mail programs."""
    return f"{base_url.rstrip('/')}/unsubscribe/{quote(sign(key, purpose, email))}"


def headers(
    base_url: str, key: bytes, purpose: str, email: str, *, mailto: str | None = None
) -> dict[str, str]:
    """``List-Unsubscribe`` and ``List-Unsubscribe-Post`` for a message to ``email``.

    Give these to the mailer that sends the newsletter; mailbox providers only trust
    them when the message's DKIM signature covers both headers.
    """
    return list_unsubscribe_headers(link(base_url, key, purpose, email), mailto=mailto)
