"""Google Consent Mode v2 for the cookie banner: which Consent Mode signal each declared
cookie category grants.

Google's tags (gtag.js, Google Tag Manager) read a visitor's consent from seven
signals. ``/consent.js`` sets them all to ``denied`` before any Google tag runs and
then grants, per choice, the signals of the categories that are accepted or need no
consent. Which category grants which signal comes from the declaration: a signal
whose category is not declared stays denied, so the banner never tells Google more
than the declaration backs. Global Privacy Control keeps the advertising signals
denied whatever the choice.

Consent Mode is written only when the declaration declares a Google tag (a cookie of
Google Analytics or Google Ads, by its provider or by its name in the Open Cookie
Database), or when the website asks for it (``data-google-consent-mode="on"`` on the
script tag; ``"off"`` leaves it out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import catalogue
from ..declaration.model import Declaration
from .cookies import Banner

__all__ = [
    "ADVERTISING",
    "GOOGLE_TAGS",
    "SIGNALS",
    "SIGNALS_OF",
    "WAIT_FOR_UPDATE_MS",
    "consent_mode",
    "google_tags",
    "granted",
    "grants",
]

#: The signals of Consent Mode v2, in Google's order.
SIGNALS = (
    "ad_storage",
    "analytics_storage",
    "ad_user_data",
    "ad_personalization",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
)
#: The signals Global Privacy Control keeps denied: advertising and sharing for it.
ADVERTISING = ("ad_storage", "ad_user_data", "ad_personalization")
#: The signals a declared cookie category grants once it is accepted (or needs no consent).
SIGNALS_OF: Mapping[str, tuple[str, ...]] = {
    "functional": ("functionality_storage",),
    "security": ("security_storage",),
    "analytics": ("analytics_storage",),
    "personalisation": ("personalization_storage",),
    "marketing": ADVERTISING,
}
#: How long Google's tags wait for the first update before they act on the default.
WAIT_FOR_UPDATE_MS = 500
#: The catalogue's recipients whose tags read Consent Mode.
GOOGLE_TAGS = ("google_analytics", "google_ads", "google_signals", "google_tag_manager")


def grants(found: Banner) -> dict[str, list[str]]:
    """Per declared category (asked about or free), the signals it grants."""
    return {c.key: list(SIGNALS_OF[c.key]) for c in (*found.asked, *found.free)}


def granted(found: Banner, accepted: Iterable[str], *, gpc: bool) -> dict[str, str]:
    """The update for a choice: every signal, ``granted`` where a declared category that
    is ``accepted`` or needs no consent grants it, else ``denied``; with ``gpc`` the
    advertising signals stay denied."""
    declared = grants(found)
    on = {c.key for c in found.free} | {k for k in accepted if found.category(k) is not None}
    out = dict.fromkeys(SIGNALS, "denied")
    for key in on:
        for signal in declared.get(key, ()):
            if not (gpc and signal in ADVERTISING):
                out[signal] = "granted"
    return out


def _recipient(provider: str | None, declaration: Declaration) -> str | None:
    if not provider or provider == "unstated":
        return None
    declared = declaration.recipients.get(provider)
    name = declared.name if declared is not None and declared.name else provider
    found = catalogue.find_recipient(provider, name)
    return found[0] if found is not None else None


def google_tags(declaration: Declaration) -> list[str]:
    """The Google tags the declaration's cookies name (catalogue keys, sorted): by the
    cookie's provider (a declared recipient or a name), or by the cookie's name as the
    Open Cookie Database knows it (``_ga`` is Google Analytics')."""
    found: set[str] = set()
    for key, cookie in declaration.cookies.items():
        by_provider = _recipient(cookie.provider, declaration)
        if by_provider in GOOGLE_TAGS:
            found.add(by_provider)
        name = key if cookie.name in (None, "unstated") else str(cookie.name)
        known = catalogue.find_cookie(name)
        if known is not None and known.recipient in GOOGLE_TAGS:
            found.add(known.recipient)
    return sorted(found)


def consent_mode(declaration: Declaration, found: Banner) -> dict[str, Any]:
    """The banner's Consent Mode configuration: whether the declaration declares Google
    tags (``auto``), the signals, what each declared category grants, and the wait."""
    return {
        "auto": bool(google_tags(declaration)),
        "signals": list(SIGNALS),
        "grants": grants(found),
        "ads": list(ADVERTISING),
        "wait": WAIT_FOR_UPDATE_MS,
    }
