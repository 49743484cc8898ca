"""Telecommunicatiewet art. 11.7a: cookies and similar techniques."""

from __future__ import annotations

from collections.abc import Iterator

from ..complete import catalogue_cookie
from ..lint import Hit, listed, phrase, rule, say
from ..model import Cookie, Declaration
from ._values import categories

_TRACKING_CATEGORIES = {
    "cross_site_behaviour",
    "cookie_id",
    "online_identifier",
}


def needs_consent(cookie: Cookie) -> bool:
    """Whether Tw art. 11.7a needs consent before this cookie is placed (judge the
    cookie with what the catalogue knows: ``known``)."""
    if cookie.cross_device or cookie.category in ("marketing", "personalisation"):
        return True
    return cookie.category == "analytics" and not cookie.privacy_friendly


def _known(key: str, cookie: Cookie, d: Declaration) -> Cookie:
    """The cookie as the checker judges it: what is declared, and where the declaration is
    silent, what the Open Cookie Database knows (never published)."""
    return catalogue_cookie(key, cookie, d.recipients)[0]


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
        known = _known(key, c, d)
        if needs_consent(known) and c.consent != "asked":
            why = (
                phrase("cookie_why.cross_device")
                if c.cross_device or known.category is None
                else phrase(f"cookie_kind.{known.category}")
            )
            if c.category is None and known.category is not None:
                why = phrase("cookie_why.catalogue", why=why)
            name = key if c.name in (None, "unstated") else c.name
            said = "not_asked" if c.consent == "not_asked" else "unshown"
            yield ("cookies", key), say(f"cookie-consent-missing.{said}", name=name, why=why)


@rule(
    "cookie-details-missing",
    "warning",
    "NL Telecommunicatiewet art. 11.7a, 13(1)",
    "Every cookie that needs consent is declared with name, provider, category, purpose and expiry",
    "fill in name, provider, category, purpose and expiry of the cookie (a lifetime that "
    "is a criterion goes in expiry_criteria)",
)
def details(d: Declaration) -> Iterator[Hit]:
    for key, c in d.cookies.items():
        known = _known(key, c, d)
        if known.category is not None and not needs_consent(known):
            # Tw art. 11.7a lid 3 exempts functional cookies and analytics with little
            # or no privacy impact from the duty to inform as well as from consent.
            continue
        expiry = c.expiry if c.expiry != "unstated" else None
        missing = [
            field
            for field, value in (
                ("name", c.name if c.name != "unstated" else None),
                ("provider", c.provider),
                ("category", c.category),
                ("purpose", c.purpose),
                ("expiry", expiry if expiry is not None else c.expiry_criteria),
            )
            if value is None
        ]
        if missing:
            fields = listed(phrase(f"cookie_field.{field}") for field in missing)
            yield ("cookies", key), say("cookie-details-missing", key=key, missing=fields)


@rule(
    "cookies-undeclared",
    "error",
    "NL Telecommunicatiewet art. 11.7a",
    "Tracking across websites, or by an identifier on the device, is backed by a "
    "cookie declaration",
    "declare the cookies (or similar techniques) that collect this data under 'cookies:', "
    "and ask consent before they are placed",
)
def undeclared(d: Declaration) -> Iterator[Hit]:
    # What a website sees of visits to itself can come from its server's own logs; what
    # a person does across websites, or an identifier kept on their device, can only be
    # read with cookies or the like (Tw 11.7a), and such tracking needs consent.
    if d.cookies:
        return
    tracked = sorted(set(d.categories) & _TRACKING_CATEGORIES)
    if tracked:
        yield (
            ("categories", tracked[0]),
            say("cookies-undeclared", categories=categories(d, tracked)),
        )
