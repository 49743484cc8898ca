"""What the privacy centre's forms say about an e-mail address they refuse: one sentence
per reason ``identity.parse_email`` gives, shared by the request, complaint and
newsletter forms. The words are data, in ``i18n/<lang>/addresses.yaml``.
"""

from __future__ import annotations

from .. import i18n
from ..errors import EmailAddressError

__all__ = ["address_error", "error_key", "form_error"]


def error_key(error: EmailAddressError) -> str:
    """The form's error key for a refused address: ``email`` (enter a valid address)
    or ``email_<reason>`` where the reason has a sentence of its own."""
    key = f"email_{error.reason}"
    return key if key in i18n.tree("addresses", "nl") else "email"


def address_error(lang: str, key: str) -> str:
    """The sentence for an address's error key (``email`` or ``email_<reason>``)."""
    return i18n.t(f"addresses.{key}", lang)


def form_error(lang: str, key: str, part: str = "centre") -> str:
    """The sentence for a form's error ``key``: an address's from ``addresses``, any
    other from ``<part>.errors``."""
    if key in i18n.tree("addresses", lang):
        return address_error(lang, key)
    return i18n.t(f"{part}.errors.{key}", lang)
