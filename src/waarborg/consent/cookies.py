"""The cookie banner's categories, built from the declared cookies (Tw art. 11.7a).

A category is asked about when at least one of its declared cookies needs consent
(the checker's rule: marketing, personalisation, cross-device tracking, and analytics
that is not privacy-friendly). The other declared categories (functional, security,
privacy-friendly analytics) need no consent and are only listed. Each category asked
about is a purpose of the consent ledger, ``cookie:<category>``, with a notice of its
own: the banner's words for it and its cookies as declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..declaration import wording
from ..declaration.model import Cookie, Declaration
from ..declaration.rules.cookies import needs_consent
from .notice import Notice, canonical_json, hash_text

__all__ = [
    "CATEGORY_ORDER",
    "COOKIE_PURPOSE",
    "MARKETING",
    "Banner",
    "BannerCategory",
    "banner",
    "category_of",
    "cookie_purpose",
]

#: Ledger purposes of cookie categories start with this.
COOKIE_PURPOSE = "cookie:"
#: The category a Global Privacy Control signal refuses (advertising and tracking).
MARKETING = "marketing"
CATEGORY_ORDER = ("functional", "security", "analytics", "personalisation", "marketing")
_LANGS = ("nl", "en")


def cookie_purpose(category: str) -> str:
    """The ledger purpose of a cookie category: ``cookie:analytics``."""
    return COOKIE_PURPOSE + category


def category_of(purpose: str) -> str | None:
    """The cookie category of a ledger purpose, or None for another purpose."""
    return purpose.removeprefix(COOKIE_PURPOSE) if purpose.startswith(COOKIE_PURPOSE) else None


@dataclass(frozen=True)
class BannerCategory:
    """One kind of cookie as the banner shows it."""

    key: str
    label: Mapping[str, str]
    description: Mapping[str, str]
    #: Declared cookie names; a name ending in ``*`` is a prefix (``_ga_*``).
    cookies: tuple[str, ...]
    #: Whether the visitor is asked; False for categories that need no consent.
    asked: bool
    notice: Notice | None


@dataclass(frozen=True)
class Banner:
    """What the banner shows: the categories asked about and those that need no consent."""

    asked: tuple[BannerCategory, ...]
    free: tuple[BannerCategory, ...]
    #: Changes whenever a notice changes: a choice made under another version is asked again.
    version: str

    def category(self, key: str) -> BannerCategory | None:
        return next((c for c in self.asked if c.key == key), None)


def _full_stop(value: str) -> str:
    value = value.strip()
    return value if not value or value[-1] in ".!?" else value + "."


def _name(key: str, cookie: Cookie) -> str | None:
    name = key if cookie.name is None else cookie.name
    if name in ("", "unstated"):
        return None
    return name + "*" if cookie.pattern else name


def banner(declaration: Declaration) -> Banner:
    """The banner of a declaration (the same declaration always gives the same banner)."""
    grouped: dict[str, list[tuple[str, Cookie]]] = {}
    for key, cookie in declaration.cookies.items():
        if cookie.category is not None:
            grouped.setdefault(cookie.category, []).append((key, cookie))
    asked: list[BannerCategory] = []
    free: list[BannerCategory] = []
    for category in CATEGORY_ORDER:
        cookies = grouped.get(category)
        if not cookies:
            continue
        label = {lang: str(wording.words(lang)["cookie_category"][category]) for lang in _LANGS}
        # What these cookies do, in the declaration's own words: the declared purposes.
        description = {
            lang: " ".join(
                dict.fromkeys(
                    _full_stop(wording.text(c.purpose, lang)) for _k, c in cookies if c.purpose
                )
            )
            for lang in _LANGS
        }
        names = tuple(name for key, c in cookies if (name := _name(key, c)) is not None)
        consent = any(needs_consent(cookie) for _key, cookie in cookies)
        notice = None
        if consent:
            content = canonical_json(
                {
                    "controller": declaration.controller.name,
                    "purpose": cookie_purpose(category),
                    "label": label,
                    "description": description,
                    "cookies": {
                        key: cookie.model_dump(mode="json", exclude_none=True)
                        for key, cookie in cookies
                    },
                }
            )
            notice = Notice(cookie_purpose(category), "cookies", content, hash_text(content))
        entry = BannerCategory(category, label, description, names, consent, notice)
        (asked if consent else free).append(entry)
    version = hash_text(
        "|".join(f"{c.key}:{c.notice.hash}" for c in asked if c.notice is not None)
    )[:16]
    return Banner(tuple(asked), tuple(free), version)
