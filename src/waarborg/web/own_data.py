"""The privacy centre's own section on the statement page: what the centre itself
keeps of the people who use it, and for how long.

Every sentence here is "what Waarborg itself does" (it runs this centre): the periods
come from ``store.sweep.PERIODS`` and the settings the sweep reads, so the page says
what the daily sweep really deletes. Where the centre keeps something without a period
(a request, a consent, the audit log), it says so and why, with the article of the law
that asks for the evidence. It is added to the statement the declaration makes, as a
section of its own, not numbered with the statement's sections.
"""

from __future__ import annotations

from datetime import timedelta

from ..declaration import wording as statement_words
from ..declaration.model import Declaration
from ..declaration.types import Duration
from ..settings import Settings
from ..store.sweep import PERIODS
from .forms import consent_purposes
from .pages import environment

__all__ = ["SECTION_ID", "add_section", "section"]

SECTION_ID = "privacy-centre"

_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Wat dit privacycentrum zelf bewaart",
        "intro": (
            "Dit privacycentrum is de website waarop u uw rechten uitoefent. Om uw verzoek "
            "af te handelen, bewaart het zelf een aantal gegevens. Hieronder staat wat het "
            "bewaart en hoe lang. Wat zijn termijn voorbij is, verwijdert het elke dag "
            "automatisch."
        ),
        "what": "Wat",
        "how_long": "Hoe lang",
        "request": "Uw verzoek, wat wij ermee hebben gedaan en ons antwoord",
        "request_keep": (
            "Wij moeten kunnen aantonen dat wij ons aan de beginselen van de AVG houden "
            "(artikel 5, lid 2 AVG). Daarom bewaren wij uw verzoek; het privacycentrum "
            "verwijdert het niet vanzelf."
        ),
        "mail": "Een kopie van de e-mails die het privacycentrum u stuurt",
        "mail_keep": (
            "{period} nadat de e-mail is verstuurd, of nadat het versturen is opgegeven."
        ),
        "links": "De codes in de links van die e-mails",
        "links_keep": (
            "Alleen een vingerafdruk (hash) van elke code, tot {period} nadat de link is "
            "gebruikt of is verlopen."
        ),
        "export": "Uw gegevens om te downloaden (bij een verzoek om inzage of overdracht)",
        "export_keep": (
            "Verwijderd zodra u ze hebt gedownload, of wanneer de downloadlink verloopt: "
            "{period} na ons antwoord."
        ),
        "counters": (
            "Tellers tegen misbruik: hoe vaak vanaf een IP-adres of met een e-mailadres een "
            "verzoek is ingediend"
        ),
        "counters_keep": (
            "Alleen als vingerafdruk gemaakt met een geheime sleutel, tot {period} nadat de "
            "telperiode ({window}) is afgelopen."
        ),
        "consent": "Uw toestemmingen en het intrekken daarvan",
        "consent_keep": (
            "Als wij gegevens verwerken op basis van uw toestemming, moeten wij kunnen "
            "aantonen dat u die gaf (artikel 7, lid 1 AVG). Daarom bewaren wij elke "
            "toestemming en elke intrekking; het privacycentrum verwijdert ze niet vanzelf."
        ),
        "log": "Een logboek van de stappen in de afhandeling (wat, wanneer, door wie)",
        "log_keep": (
            "Het logboek laat zien of achteraf iets is veranderd (artikel 5, lid 2 AVG). "
            "Het wordt niet ingekort."
        ),
    },
    "en": {
        "title": "What this privacy centre itself keeps",
        "intro": (
            "This privacy centre is the website where you exercise your rights. To handle "
            "your request, it keeps some data itself. Below is what it keeps and for how "
            "long. What has passed its period, it deletes automatically every day."
        ),
        "what": "What",
        "how_long": "How long",
        "request": "Your request, what we did with it and our answer",
        "request_keep": (
            "We must be able to demonstrate that we comply with the principles of the GDPR "
            "(Article 5(2) GDPR). We therefore keep your request; the privacy centre does not "
            "delete it by itself."
        ),
        "mail": "A copy of the e-mails the privacy centre sends you",
        "mail_keep": "{period} after the e-mail was sent, or after sending it was given up.",
        "links": "The codes in the links of those e-mails",
        "links_keep": (
            "Only a fingerprint (hash) of each code, until {period} after the link was used "
            "or expired."
        ),
        "export": "Your data to download (for a request for access or portability)",
        "export_keep": (
            "Deleted as soon as you have downloaded it, or when the download link expires: "
            "{period} after our answer."
        ),
        "counters": (
            "Counters against abuse: how often a request was filed from an IP address or "
            "with an e-mail address"
        ),
        "counters_keep": (
            "Only as a fingerprint made with a secret key, until {period} after the counting "
            "period ({window}) has ended."
        ),
        "consent": "Your consents and their withdrawal",
        "consent_keep": (
            "Where we process data on the basis of your consent, we must be able to "
            "demonstrate that you gave it (Article 7(1) GDPR). We therefore keep each consent "
            "and each withdrawal; the privacy centre does not delete them by itself."
        ),
        "log": "A log of the steps taken in handling it (what, when, by whom)",
        "log_keep": (
            "The log shows whether anything was changed afterwards (Article 5(2) GDPR). "
            "It is never shortened."
        ),
    },
}


def _period(value: timedelta, lang: str) -> str:
    """A period in the reader's words: whole days, else hours, else minutes."""
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0:
        duration = Duration(days=seconds // 86400)
    elif seconds % 3600 == 0:
        duration = Duration(hours=seconds // 3600)
    else:
        duration = Duration(minutes=max(1, seconds // 60))
    return statement_words.duration_words(duration, lang)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def items(declaration: Declaration, settings: Settings, lang: str) -> list[tuple[str, str]]:
    """What the centre keeps and how long, as (what, how long) in ``lang``."""
    words = _WORDS[lang]
    found = [
        (words["request"], words["request_keep"]),
        (
            words["mail"],
            _sentence(words["mail_keep"].format(period=_period(PERIODS["outbox"], lang))),
        ),
        (words["links"], words["links_keep"].format(period=_period(PERIODS["tokens"], lang))),
        (
            words["export"],
            words["export_keep"].format(period=_period(settings.download_link_lifetime, lang)),
        ),
        (
            words["counters"],
            words["counters_keep"].format(
                period=_period(PERIODS["rate_limits"], lang),
                window=_period(settings.rate_limit_window, lang),
            ),
        ),
    ]
    if consent_purposes(declaration):
        found.append((words["consent"], words["consent_keep"]))
    found.append((words["log"], words["log_keep"]))
    return found


def section(declaration: Declaration, settings: Settings, lang: str) -> str:
    """The section as HTML, in the statement's own markup."""
    template = environment().get_template("own_data.html.j2")
    return template.render(
        id=SECTION_ID, words=_WORDS[lang], items=items(declaration, settings, lang)
    )


def add_section(html: str, declaration: Declaration, settings: Settings, lang: str) -> str:
    """The statement page ``html`` with the centre's section last, and in its contents."""
    words = _WORDS[lang]
    entry = f'<li><a href="#{SECTION_ID}">{words["title"]}</a></li>\n</ol>\n</nav>'
    html = html.replace("</ol>\n</nav>", entry, 1)
    return html.replace("</main>", section(declaration, settings, lang) + "</main>", 1)
