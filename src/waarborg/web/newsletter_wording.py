"""The words of the newsletter pages (sign up, confirm, unsubscribe), in Dutch and
English. Templates get them as ``w``; the page frame keeps using the centre's words."""

from __future__ import annotations

from typing import Any

__all__ = ["NEWSLETTER_WORDS", "newsletter_words"]

NEWSLETTER_WORDS: dict[str, dict[str, Any]] = {
    "nl": {
        "form_title": "Aanmelden: {label}",
        "form_intro": (
            "Vul uw e-mailadres in. Wij sturen u eerst een e-mail met een link; pas als u "
            "op die link klikt, bent u aangemeld (dubbele opt-in)."
        ),
        "form_data": (
            "Wij gebruiken uw e-mailadres hiervoor op basis van uw toestemming (artikel 6 lid "
            "1 sub a AVG). U kunt die toestemming altijd intrekken (artikel 7 lid 3 AVG)."
        ),
        "every_message": "Onder elk bericht staat een afmeldlink.",
        "email": "Uw e-mailadres",
        "email_error": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl",
        "error_summary": "Er ging iets mis",
        "subscribe": "Aanmelden",
        "statement": "Lees onze privacyverklaring",
        "sent_title": "Kijk in uw e-mail",
        "sent_text": (
            "Als het adres klopt, staat er een e-mail met een bevestigingslink in uw inbox. "
            "Klik op de link om uw aanmelding af te ronden; zonder bevestiging sturen wij u "
            "niets. Geen e-mail gezien? Kijk ook bij ongewenste e-mail."
        ),
        "confirm_title": "Bevestig uw aanmelding",
        "confirm_text": "U meldt {email} aan voor: {label}.",
        "confirm_button": "Ja, meld mij aan",
        "confirmed_title": "U bent aangemeld",
        "confirmed_text": "Dank u. {email} is aangemeld voor: {label}.",
        "invalid_title": "Deze link werkt niet (meer)",
        "invalid_text": (
            "De link is al gebruikt, verlopen of niet volledig. Meld u opnieuw aan als u "
            "zich wilt aanmelden."
        ),
        "unsubscribe_title": "Afmelden",
        "unsubscribe_text": "Wilt u {email} afmelden voor: {label}?",
        "unsubscribe_button": "Afmelden",
        "unsubscribed_title": "U bent afgemeld",
        "unsubscribed_text": (
            "{email} is afgemeld voor: {label}. Uw toestemming is vanaf nu ingetrokken; wat "
            "eerder met uw toestemming gebeurde, blijft rechtmatig (artikel 7 lid 3 AVG)."
        ),
        "already_text": "{email} is niet (meer) aangemeld voor: {label}.",
        "again": "Toch weer aanmelden",
        "bad_link_title": "Deze afmeldlink werkt niet",
        "bad_link_text": (
            "De link is niet volledig of niet van ons. Gebruik de link onder het bericht "
            "zelf, of vraag ons u af te melden via het privacycentrum."
        ),
    },
    "en": {
        "form_title": "Subscribe: {label}",
        "form_intro": (
            "Enter your email address. We first send you an email with a link; only when "
            "you click that link are you subscribed (double opt-in)."
        ),
        "form_data": (
            "We use your email address for this on the basis of your consent (Article "
            "6(1)(a) GDPR). You can withdraw that consent at any time (Article 7(3) GDPR)."
        ),
        "every_message": "Every message has an unsubscribe link.",
        "email": "Your email address",
        "email_error": "Enter a valid email address, for example name@example.com",
        "error_summary": "There is a problem",
        "subscribe": "Subscribe",
        "statement": "Read our privacy statement",
        "sent_title": "Check your email",
        "sent_text": (
            "If the address is right, an email with a confirmation link is in your inbox. "
            "Click the link to complete your subscription; without confirmation we send you "
            "nothing. No email? Look in your spam folder too."
        ),
        "confirm_title": "Confirm your subscription",
        "confirm_text": "You are subscribing {email} to: {label}.",
        "confirm_button": "Yes, subscribe me",
        "confirmed_title": "You are subscribed",
        "confirmed_text": "Thank you. {email} is subscribed to: {label}.",
        "invalid_title": "This link does not work (any more)",
        "invalid_text": (
            "The link was used already, has expired or is incomplete. Sign up again if you "
            "want to subscribe."
        ),
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_text": "Do you want to unsubscribe {email} from: {label}?",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribed_title": "You are unsubscribed",
        "unsubscribed_text": (
            "{email} is unsubscribed from: {label}. Your consent is withdrawn from now on; "
            "what was done with your consent before remains lawful (Article 7(3) GDPR)."
        ),
        "already_text": "{email} is not (or no longer) subscribed to: {label}.",
        "again": "Subscribe again after all",
        "bad_link_title": "This unsubscribe link does not work",
        "bad_link_text": (
            "The link is incomplete or not ours. Use the link under the message itself, or "
            "ask us to unsubscribe you through the privacy centre."
        ),
    },
}


class _Kept(dict[str, str]):
    """Values to fill in; a placeholder without a value stays as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def newsletter_words(lang: str, **values: str) -> dict[str, str]:
    """The words of ``lang`` with ``values`` (label, email) filled in."""
    words = NEWSLETTER_WORDS[lang if lang in NEWSLETTER_WORDS else "nl"]
    kept = _Kept(values)
    return {key: str(text).format_map(kept) for key, text in words.items()}
