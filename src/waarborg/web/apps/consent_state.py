"""What the consent routes share, made once per application: the banner, the
newsletters, and the notice of every purpose that can be consented to.

Notices are hashed once here rather than on every call: the declaration does not
change while the application runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request

from ... import clock
from ...consent.cookies import Banner, BannerCategory, banner, cookie_purpose
from ...consent.newsletter import Newsletters
from ...consent.notice import Notice, purpose_notice
from ...store import ratelimit
from ..security import RateLimited
from ..state import Web, web

__all__ = ["ConsentParts", "check_limit", "parts"]

_ATTRIBUTE = "waarborg_consent_parts"


@dataclass(frozen=True)
class ConsentParts:
    banner: Banner
    newsletters: Newsletters
    #: The notice of each purpose one can consent to: declared purposes that rest on
    #: consent, and the banner's cookie categories (``cookie:analytics``).
    notices: dict[str, Notice]
    #: The banner's categories by their ledger purpose.
    purposes_asked: dict[str, BannerCategory]


def _build(shared: Web) -> ConsentParts:
    declaration = shared.declaration
    found = banner(declaration)
    notices = {
        key: purpose_notice(declaration, key)
        for key, purpose in declaration.purposes.items()
        if "consent" in purpose.bases
    }
    for category in found.asked:
        if category.notice is not None:
            notices[cookie_purpose(category.key)] = category.notice
    newsletters = Newsletters(
        shared.database, declaration, shared.settings, shared.key, shared.requests.head
    )
    asked = {cookie_purpose(c.key): c for c in found.asked}
    return ConsentParts(
        banner=found, newsletters=newsletters, notices=notices, purposes_asked=asked
    )


def parts(request: Request) -> ConsentParts:
    """The consent parts of the application serving ``request``."""
    state = request.app.state
    found: ConsentParts | None = getattr(state, _ATTRIBUTE, None)
    if found is None:
        found = _build(web(request))
        setattr(state, _ATTRIBUTE, found)
    return found


def check_limit(shared: Web, kind: str, value: str, limit: int, window: timedelta) -> None:
    """Count one hit for ``value`` in its own bucket; RateLimited past ``limit``.

    ``limit`` 0 means no limit. The bucket holds a keyed hash, never the value.
    """
    if limit <= 0:
        return
    with shared.database.write() as session:
        hits = ratelimit.hit(session, ratelimit.bucket(kind, value, shared.key), window)
    if hits > limit:
        now = clock.now()
        ends = ratelimit.window_start(now, window) + window
        raise RateLimited(max(1, int((ends - now).total_seconds())))
