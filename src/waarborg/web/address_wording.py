"""What the privacy centre's forms say about an e-mail address they refuse, in Dutch and
English: one sentence per reason ``identity.parse_email`` gives, shared by the request,
complaint and newsletter forms.
"""

from __future__ import annotations

from ..errors import EmailAddressError

__all__ = ["ADDRESS_ERRORS", "address_error", "error_key"]

ADDRESS_ERRORS: dict[str, dict[str, str]] = {
    "nl": {
        "email_invisible": (
            "Uw e-mailadres bevat een onzichtbaar teken, of een teken dat de schrijfrichting "
            "omdraait. Typ het adres opnieuw met de hand."
        ),
        "email_display_name": (
            "Vul alleen het e-mailadres in, zonder naam of punthaken (< >), zoals "
            "naam@voorbeeld.nl."
        ),
        "email_comment": "Vul het e-mailadres in zonder opmerking tussen haakjes.",
        "email_quoted": "Vul het e-mailadres in zonder aanhalingstekens.",
        "email_several": "Vul één e-mailadres in, niet meerdere.",
        "email_space": "Een e-mailadres bevat geen spaties.",
    },
    "en": {
        "email_invisible": (
            "Your email address contains an invisible character, or one that reverses the "
            "writing direction. Type the address again by hand."
        ),
        "email_display_name": (
            "Enter the email address alone, without a name or angle brackets (< >), such as "
            "name@example.com."
        ),
        "email_comment": "Enter the email address without a comment in brackets.",
        "email_quoted": "Enter the email address without quotation marks.",
        "email_several": "Enter one email address, not several.",
        "email_space": "An email address has no spaces.",
    },
}


def error_key(error: EmailAddressError) -> str:
    """The form's error key for a refused address: ``email`` (enter a valid address)
    or ``email_<reason>`` where the reason has a sentence of its own."""
    key = f"email_{error.reason}"
    return key if key in ADDRESS_ERRORS["en"] else "email"


def address_error(lang: str, key: str) -> str | None:
    """The sentence for an ``email_<reason>`` key in ``lang``; None for ``email``."""
    return ADDRESS_ERRORS.get(lang, ADDRESS_ERRORS["nl"]).get(key)
