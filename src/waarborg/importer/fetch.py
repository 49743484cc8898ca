"""Fetch a statement's web page: one request, a size limit, only a page (HTML; a PDF
or plain text too), and, for an address a user of the admin gives, only a public one.

``public_only`` refuses an address that resolves to the network Waarborg runs in
(loopback, private, link-local, the cloud's metadata address): a form that fetches
any address would let whoever may use it read the organisation's internal services.
Each redirect is held to the same rule. The address is checked when it is resolved
before the request, so a name that resolves differently a moment later (DNS
rebinding) is not caught; a deployment that must exclude that too sends Waarborg's
outgoing requests through a proxy that enforces it.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from http.client import HTTPMessage
from typing import IO, Any

from ._unreadable import fail

__all__ = ["TIMEOUT", "fetch"]

#: How long a web address may take to answer, in seconds.
TIMEOUT = 20.0
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/markdown": "md",
}
_USER_AGENT = "Waarborg statement import"
_HEADERS = {
    "User-Agent": _USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8",
    "Accept-Language": "nl,en;q=0.8",
}


def _inside(host: str) -> str | None:
    """The first address ``host`` resolves to that is not a public one, if any."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None  # unreachable: the request itself says so
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return str(ip)
    return None


def _check(url: str, source: str, public_only: bool) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise fail(source, "bad_url")
    if public_only:
        address = _inside(parts.hostname)
        if address is not None:
            raise fail(source, "private_address", address=address)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the first one may have been."""

    def __init__(self, source: str, public_only: bool) -> None:
        self.source = source
        self.public_only = public_only

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        _check(newurl, self.source, self.public_only)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, public_only: bool = False, limit: int) -> tuple[bytes, str]:
    """The bytes at ``url`` (at most ``limit``) and their format (``html``, ``pdf``,
    ``txt`` or ``md``, by the content type the server gives)."""
    _check(url, url, public_only)
    opener = urllib.request.build_opener(_Redirects(url, public_only))
    request = urllib.request.Request(url, headers=_HEADERS)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return _body(response, url, limit)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise fail(url, "http_status", status=exc.code) from None
    except urllib.error.URLError as exc:
        raise fail(url, "unreachable", detail=str(exc.reason)) from None
    except (TimeoutError, OSError) as exc:
        raise fail(url, "unreachable", detail=str(exc) or type(exc).__name__) from None


def _body(response: Any, url: str, limit: int) -> tuple[bytes, str]:
    headers: Message = response.headers
    content_type = (headers.get_content_type() or "").lower()
    format = _CONTENT_TYPES.get(content_type)
    if format is None:
        raise fail(url, "not_html", content_type=content_type or "?")
    length = headers.get("Content-Length")
    if (length is not None and length.isdigit() and int(length) > limit) or (
        len(content := response.read(limit + 1)) > limit
    ):
        raise fail(url, "too_large", limit=limit // (1024 * 1024))
    return content, format
