"""The links in the letters, and the routes the privacy centre serves them on.

GET on a verification or download link shows a page with a button; only the POST
from that page spends the token, because mail scanners open links on their own.
"""

from __future__ import annotations

from urllib.parse import quote


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def verify(base_url: str, token: str) -> str:
    return f"{_base(base_url)}/verify/{quote(token)}"


def status(base_url: str, public_id: str, token: str) -> str:
    return f"{_base(base_url)}/requests/{quote(public_id)}?t={quote(token)}"


def download(base_url: str, token: str) -> str:
    return f"{_base(base_url)}/download/{quote(token)}"
