"""The words of the privacy centre's complaint pages, in Dutch and English.

Kept beside the request pages' words (``wording``); the complaint templates look
them up with ``c("key")``.
"""

from __future__ import annotations

from typing import Any

from .address_wording import ADDRESS_ERRORS

__all__ = ["COMPLAINT_WORDS", "complaint_words"]

_NL: dict[str, Any] = {
    "title": "Een klacht indienen",
    "intro": (
        "Bent u niet tevreden over hoe {org} met uw persoonsgegevens omgaat? Vertel het ons. "
        "U bevestigt eerst uw e-mailadres met een link die wij u sturen; daarna bevestigen "
        "wij uw klacht, met een link waarmee u kunt zien hoe het ermee staat."
    ),
    "clocks": "Wij reageren binnen {respond} na ontvangst inhoudelijk op uw klacht.",
    "clocks_ack": "U krijgt binnen {acknowledge} een ontvangstbevestiging.",
    "not_anonymous": (
        "Een klacht kan niet anoniem: wij hebben uw naam en e-mailadres nodig om te antwoorden."
    ),
    "authority": (
        "De AVG geeft u ook het recht om een klacht in te dienen bij de {authority}, meteen "
        "of als u niet tevreden bent met ons antwoord (artikel 77 AVG): {url}."
    ),
    "name": "Uw naam",
    "name_hint": "Voor- en achternaam.",
    "email": "Uw e-mailadres",
    "email_hint": "Hierheen sturen wij de bevestiging en ons antwoord.",
    "text": "Uw klacht",
    "text_hint": "Wat is er gebeurd, en wanneer? Wat zou u graag zien?",
    "send": "Klacht versturen",
    "errors": {
        "name": "Vul uw naam in: een klacht kan niet anoniem.",
        "name_long": "Uw naam is te lang; houd het onder de 200 tekens.",
        "name_link": (
            "Vul uw naam in zonder webadres of e-mailadres. Zet na een punt een spatie, "
            "zoals J.P. de Vries."
        ),
        "name_invisible": (
            "Uw naam bevat een onzichtbaar teken, of een teken dat de schrijfrichting "
            "omdraait. Typ hem opnieuw met de hand."
        ),
        "email": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        **ADDRESS_ERRORS["nl"],
        "text": "Beschrijf waar uw klacht over gaat.",
        "too_long": "Deze tekst is te lang; houd het onder de 10.000 tekens.",
    },
    "sent_title": "Kijk in uw e-mail",
    "sent_text": (
        "Wij sturen u een e-mail met een link om uw e-mailadres te bevestigen. Pas als u "
        "dat doet, ontvangen wij uw klacht. Open de link binnen {period}; daarna vervalt "
        "de klacht en bewaren wij er niets van."
    ),
    "confirm_title": "Bevestig uw klacht",
    "confirm_text": (
        "Bevestig met de knop hieronder dat dit e-mailadres van u is. Daarna ontvangen wij "
        "uw klacht en krijgt u een ontvangstbevestiging met uw kenmerk."
    ),
    "confirm_button": "Ja, deze klacht komt van mij",
    "confirm_not_me": "Heeft u deze klacht niet ingevuld? Dan hoeft u niets te doen.",
    "received_title": "Wij hebben uw klacht ontvangen",
    "received_text": (
        "Dank u. U krijgt een e-mail met uw kenmerk en een link waarmee u kunt zien hoe "
        "het met uw klacht staat."
    ),
    "status_title": "Uw klacht",
    "reference": "Kenmerk",
    "status": "Status",
    "statuses": {
        "received": "Ontvangen",
        "acknowledged": "In behandeling",
        "answered": "Beantwoord",
        "closed": "Afgesloten",
    },
    "received_at": "Ontvangen op",
    "acknowledged_at": "Ontvangst bevestigd op",
    "respond_by": "Uiterlijk inhoudelijk antwoord",
    "answered_at": "Beantwoord op",
    "closed_at": "Afgesloten op",
    "your_complaint": "Uw klacht",
    "answer": "Ons antwoord",
    "outcome": "Uitkomst",
    "overdue": "Te laat: wij hadden u al moeten antwoorden.",
}

_EN: dict[str, Any] = {
    "title": "Make a complaint",
    "intro": (
        "Are you unhappy with how {org} handles your personal data? Tell us. You first "
        "confirm your email address with a link we send you; we then acknowledge your "
        "complaint, with a link where you can see how it stands."
    ),
    "clocks": "We answer on the substance within {respond} of receiving your complaint.",
    "clocks_ack": "You will have an acknowledgement within {acknowledge}.",
    "not_anonymous": (
        "A complaint cannot be anonymous: we need your name and email address to answer it."
    ),
    "authority": (
        "The GDPR also gives you the right to complain to the {authority}, straight away "
        "or if our answer does not satisfy you (Article 77 GDPR): {url}."
    ),
    "name": "Your name",
    "name_hint": "First name and surname.",
    "email": "Your email address",
    "email_hint": "We send the acknowledgement and our answer here.",
    "text": "Your complaint",
    "text_hint": "What happened, and when? What would you like us to do?",
    "send": "Send complaint",
    "errors": {
        "name": "Enter your name: a complaint cannot be anonymous.",
        "name_long": "Your name is too long; keep it under 200 characters.",
        "name_link": (
            "Enter your name without a web or email address. Put a space after a dot, as "
            "in J.P. de Vries."
        ),
        "name_invisible": (
            "Your name contains an invisible character, or one that reverses the writing "
            "direction. Type it again by hand."
        ),
        "email": "Enter a valid email address, like name@example.com.",
        **ADDRESS_ERRORS["en"],
        "text": "Describe what your complaint is about.",
        "too_long": "This text is too long; keep it under 10,000 characters.",
    },
    "sent_title": "Check your email",
    "sent_text": (
        "We are sending you an email with a link to confirm your email address. Only when "
        "you do so do we receive your complaint. Open the link within {period}; after that "
        "the complaint lapses and we keep nothing of it."
    ),
    "confirm_title": "Confirm your complaint",
    "confirm_text": (
        "Confirm with the button below that this email address is yours. We then receive "
        "your complaint, and you get an acknowledgement with your reference."
    ),
    "confirm_button": "Yes, this complaint is mine",
    "confirm_not_me": "Did you not fill in this complaint? Then you need not do anything.",
    "received_title": "We have received your complaint",
    "received_text": (
        "Thank you. You will receive an email with your reference and a link where you can "
        "see how your complaint stands."
    ),
    "status_title": "Your complaint",
    "reference": "Reference",
    "status": "Status",
    "statuses": {
        "received": "Received",
        "acknowledged": "Being handled",
        "answered": "Answered",
        "closed": "Closed",
    },
    "received_at": "Received on",
    "acknowledged_at": "Acknowledged on",
    "respond_by": "Answer on the substance by",
    "answered_at": "Answered on",
    "closed_at": "Closed on",
    "your_complaint": "Your complaint",
    "answer": "Our answer",
    "outcome": "Outcome",
    "overdue": "Overdue: we should have answered you by now.",
}

COMPLAINT_WORDS: dict[str, dict[str, Any]] = {"nl": _NL, "en": _EN}


def complaint_words(lang: str, key: str, **values: Any) -> Any:
    """The words under a dotted ``key`` in ``lang``, with ``values`` filled in."""
    found: Any = COMPLAINT_WORDS[lang if lang in COMPLAINT_WORDS else "nl"]
    for part in key.split("."):
        found = found[part]
    if values and isinstance(found, str):
        return found.format(**values)
    return found
