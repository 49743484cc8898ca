"""Unsubscribe links: no login and no state on the server, opaque, valid for two years.

The link carries the purpose, the address and its expiry (a day), encrypted and
authenticated with a key derived from the secret key (AES-SIV, RFC 5297, from the
``cryptography`` package). So it works from any newsletter of the last two years,
cannot be made for someone else's address, and shows nobody who reads it (a log, a
forwarded mail, a mail scanner) whose address it is. AES-SIV is deterministic: one
address gets one link a day, which tells a reader no more than that two links are
the same. The same URL shows a page with a button (GET) and
unsubscribes at once on a POST, which is what RFC 8058 one-click asks of the
``List-Unsubscribe`` URL.

Links made before (``[purpose, address]`` in readable base64, signed, with no expiry)
are still honoured until ``LEGACY_UNTIL``: as long as a link made on the day they
were replaced lasts. After that they are refused like any link that is not genuine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from itsdangerous import BadSignature, URLSafeSerializer

from .. import clock
from ..mail.unsubscribe import list_unsubscribe_headers

__all__ = ["LEGACY_UNTIL", "LIFETIME", "expires", "headers", "link", "read", "sign"]

#: How long a link works from the day it is made.
LIFETIME = timedelta(days=730)
#: Until when a link of the old, readable form is honoured.
LEGACY_UNTIL = datetime(2029, 1, 1, tzinfo=UTC)
#: Longer values are not looked at.
MAX_LENGTH = 1000

_PREFIX = "u1."
_CONTEXT = b"waarborg.unsubscribe.v1"
#: The plain text is padded to a multiple of this, so a link's length tells little of
#: the address's.
_BLOCK = 32
_LEGACY_SALT = "waarborg.unsubscribe"


def _cipher(key: bytes) -> AESSIV:
    return AESSIV(hmac.new(key, _CONTEXT + b".siv", hashlib.sha512).digest())


def expires(made: datetime) -> date:
    """The last day on which a link made at ``made`` works (UTC)."""
    return (made.astimezone(UTC) + LIFETIME).date()


def sign(key: bytes, purpose: str, email: str) -> str:
    """The opaque value for one address and purpose, valid for ``LIFETIME`` from today."""
    last = expires(clock.now()).isoformat()
    plain = json.dumps([purpose, email.strip().lower(), last], ensure_ascii=False)
    data = plain.encode("utf-8")
    data += b" " * (-len(data) % _BLOCK)
    sealed = _cipher(key).encrypt(data, [_CONTEXT])
    return _PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def _open(key: bytes, value: str) -> tuple[str, str] | None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = json.loads(_cipher(key).decrypt(raw, [_CONTEXT]))
        purpose, email, last = data
        ends = datetime.combine(date.fromisoformat(last), time(), UTC) + timedelta(days=1)
    except (binascii.Error, ValueError, TypeError, InvalidTag):
        return None
    if clock.now() >= ends:
        return None
    return _pair(purpose, email)


def _legacy(key: bytes, signed: str) -> tuple[str, str] | None:
    if clock.now() >= LEGACY_UNTIL:
        return None
    try:
        data = URLSafeSerializer(key, salt=_LEGACY_SALT).loads(signed)
    except BadSignature:
        return None
    if not isinstance(data, list) or len(data) != 2:
        return None
    return _pair(*data)


def _pair(purpose: object, email: object) -> tuple[str, str] | None:
    if isinstance(purpose, str) and purpose and isinstance(email, str) and email:
        return purpose, email
    return None


def read(key: bytes, signed: str) -> tuple[str, str] | None:
    """The (purpose, email) a link's value stands for, or None when it is not genuine
    or has expired."""
    if not signed or len(signed) > MAX_LENGTH:
        return None
    if signed.startswith(_PREFIX):
        return _open(key, signed.removeprefix(_PREFIX))
    return _legacy(key, signed)


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
