"""Which hosts belong to the audited site: its registrable domain ("site") by the Public
Suffix List as shipped inside the ``publicsuffixlist`` package (no network fetch), and
which links on a page the crawler may follow."""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

__all__ = ["follow", "host_of", "same_site", "site_of"]

#: Links not followed: leaving the session, and files rather than pages.
_SKIP_WORDS = ("logout", "log-out", "signout", "sign-out", "uitloggen", "afmelden")
_FILES = (
    ".pdf", ".zip", ".gz", ".tar", ".7z", ".rar", ".doc", ".docx", ".xls", ".xlsx", ".ppt",
    ".pptx", ".odt", ".ods", ".csv", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico",
    ".mp3", ".mp4", ".mov", ".avi", ".webm", ".exe", ".dmg", ".msi", ".apk", ".ics", ".xml",
    ".json", ".txt",
)  # fmt: skip


@cache
def _list() -> Any:
    try:
        from publicsuffixlist import PublicSuffixList  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return PublicSuffixList()  # the list shipped inside the package


def host_of(url: str) -> str:
    """The host of ``url``, lower case, without a port or a trailing dot."""
    return (urlsplit(url).hostname or "").rstrip(".").lower()


@cache
def site_of(host: str) -> str:
    """The registrable domain of ``host`` (``www.shop.co.uk`` → ``shop.co.uk``). An IP
    address or a single-label host (``localhost``) is a site of its own."""
    host = host.strip(".").lower()
    if not host or "." not in host:
        return host
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    psl = _list()
    found = psl.privatesuffix(host) if psl is not None else None
    if found:
        return str(found)
    # Not under a known suffix (or the host is a public suffix itself): its last two
    # labels, the same host-suffix logic browsers fall back on.
    return ".".join(host.split(".")[-2:])


def same_site(host: str, site: str) -> bool:
    """Whether ``host`` (a host, or a cookie's domain with its leading dot) is ``site``'s."""
    host = host.lstrip(".").lower()
    return bool(host) and site_of(host) == site


def follow(page_url: str, hrefs: list[str], site: str, limit: int) -> list[str]:
    """Up to ``limit`` pages of ``site`` linked from ``page_url``: in the order of the
    page, without duplicates or the page itself, without fragments, and without links
    that log out, are not web pages (mailto:, tel:, javascript:) or are files."""
    seen = {urldefrag(page_url)[0]}
    out: list[str] = []
    for href in hrefs:
        if len(out) >= limit:
            break
        url = urldefrag(urljoin(page_url, href.strip()))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not same_site(parts.hostname or "", site):
            continue
        lower = url.lower()
        if any(word in lower for word in _SKIP_WORDS):
            continue
        if parts.path.lower().endswith(_FILES):
            continue
        if url in seen:
            continue
        seen.add(url)
        out.append(url)
    return out
