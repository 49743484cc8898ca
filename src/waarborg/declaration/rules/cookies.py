"""Telecommunicatiewet art. 11.7a: cookies and similar techniques."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule
from ..model import Cookie, Declaration

_TRACKING_CATEGORIES = {
    "cross_site_behaviour",
    "website_activity",
    "cookie_id",
    "online_identifier",
}


def needs_consent(cookie: Cookie) -> bool:
    """Whether Tw art. 11.7a needs consent before this cookie is placed."""
    if cookie.cross_device or cookie.category in ("marketing", "personalisation"):
        return True
    return cookie.category == "analytics" and not cookie.privacy_friendly


@rule(
    "cookie-consent-missing",
    "error",
    "NL Telecommunicatiewet art. 11.7a",
    "Tracking, advertising and cross-device cookies are placed only after consent",
    "place these cookies only after consent (the Waarborg banner does this), or make analytics "
    "privacy-friendly: IP addresses anonymised and data sharing off",
)
def consent(d: Declaration) -> Iterator[Hit]:
    for key, c in d.cookies.items():
        if needs_consent(c) and c.consent != "asked":
            article = "an" if (c.category or "")[:1] in "aeiou" else "a"
            why = "cross-device tracking" if c.cross_device else f"{article} {c.category} cookie"
            name = key if c.name in (None, "unstated") else c.name
            yield (
                ("cookies", key),
                f"{name} ({why}) is placed without consent"
                + (" being asked" if c.consent == "not_asked" else " shown to be asked"),
            )


@rule(
    "cookie-details-missing",
    "warning",
    "NL Telecommunicatiewet art. 11.7a, 13(1)",
    "Every cookie is declared with provider, category, purpose and expiry",
    "fill in provider, category, purpose and expiry of the cookie",
)
def details(d: Declaration) -> Iterator[Hit]:
    for key, c in d.cookies.items():
        missing = [
            field
            for field, value in (
                ("name", c.name if c.name != "unstated" else None),
                ("provider", c.provider),
                ("category", c.category),
                ("purpose", c.purpose),
                ("expiry", c.expiry if c.expiry != "unstated" else None),
            )
            if value is None
        ]
        if missing:
            yield ("cookies", key), f"cookie {key!r} has no {', '.join(missing)}"


@rule(
    "cookies-undeclared",
    "warning",
    "NL Telecommunicatiewet art. 11.7a",
    "Online tracking is backed by a cookie declaration",
    "declare the cookies (or similar techniques) that collect this data under 'cookies:'",
)
def undeclared(d: Declaration) -> Iterator[Hit]:
    if d.cookies:
        return
    tracked = sorted(set(d.categories) & _TRACKING_CATEGORIES)
    if tracked:
        yield (
            ("categories", tracked[0]),
            f"online behaviour is collected ({', '.join(tracked)}) but no cookies are declared",
        )
