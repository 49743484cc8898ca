"""The purposes the statement lists, matched against the catalogue of purposes; each
with the legal basis the statement gives for it, or for all purposes together, or
``unstated``. A listed purpose the catalogue does not know becomes an entry of its own,
labelled with the statement's words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ._context import Context, Sentence
from ._lists import (
    Gazetteer,
    field_line,
    intro_of,
    is_field_line,
    is_item,
    item_text,
    items_under,
    key_of,
    label_of,
)
from ._sections import ROLES, sections_of

__all__ = ["purposes"]

# Phrases statements use, most specific purposes first where two could match.
_PHRASES: dict[str, tuple[str, ...]] = {
    "newsletter": ("nieuwsbrief", "nieuwsbrieven", "periodieke e-mail", "periodieke mailing",
                   "verzenden van onze nieuwsbrief", "newsletter",
                   "newsletters", "mailing", "mailings", "op de hoogte houden van nieuws",
                   "op de hoogte te houden van nieuws", "keep you informed of news"),
    "personalised_advertising": ("gepersonaliseerde advertenties", "persoonlijke advertenties",
                                 "personalised advertising", "personalized advertising",
                                 "gerichte advertenties", "targeted advertising"),
    "advertising": ("advertenties", "adverteren", "reclame", "advertising", "advertisements"),
    "direct_marketing": ("marketing", "direct marketing", "aanbiedingen", "acties", "promoties",
                         "informeren over andere nieuwe of relevante", "commerciële doeleinden",
                         "marketing purposes", "offers", "promotions"),
    "social_media_marketing": ("sociale mediakanalen", "social mediakanalen",
                               "social media channels"),
    "call_tracking": ("call tracking", "calltracking"),
    "payment_processing": ("afhandelen van betalingen", "afhandelen van jouw betaling",
                           "afhandelen van uw betaling", "afhandelen van je betaling",
                           "betalingen af te handelen", "betaling", "betalingen",
                           "processing payments", "handling payments", "payment", "payments",
                           "incasso", "incasseren", "contributie", "innen van de contributie",
                           "contributie te innen", "membership fee", "membership fees",
                           "automatische incasso",
                           "automatisch incasseren", "direct debit", "direct debits"),
    "debt_collection": ("incasso van openstaande", "openstaande bedragen", "incassobureau",
                        "incassotraject", "achterstallige betalingen", "debt collection",
                        "collecting outstanding", "debt collector"),
    "billing": ("factuur", "invoice", "invoices", "facturatie", "factureren", "facturen",
                "facturering", "invoicing",
                "billing", "offerte en facturatie", "contributieheffing", "aanrekenen",
                "prestaties aanrekenen"),
    "quotation": ("offerte", "offertes", "tot stand komen van de overeenkomst", "quotation",
                  "quote"),
    "contract_performance": ("uitvoeren van overeenkomsten", "uitvoering van overeenkomsten",
                             "aangaan en uitvoeren van", "uitvoeren van een overeenkomst",
                             "uitvoering van een overeenkomst", "performing the agreement",
                             "performance of the agreement",
                             "perform the agreement", "performing the user agreement",
                             "overeenkomst opstellen en uitvoeren", "overeenkomst uitvoeren",
                             "gebruikersovereenkomst opstellen en uitvoeren",
                             "uitvoering van de overeenkomst", "uitvoeren van de overeenkomst",
                             "overeenkomst op te stellen en uit te voeren",
                             "gebruikersovereenkomst op te stellen en uit te voeren",
                             "uitvoering van de overeenkomst", "performance of the contract",
                             "perform the contract", "performing the contract",
                             "opdrachtverwerking", "overeenkomst na te komen",
                             "nakomen van de overeenkomst", "nakoming van de overeenkomst",
                             "werkzaamheden zoals overeengekomen", "overeengekomen werkzaamheden"),
    "delivery": ("afleveren", "bezorgen", "bezorging", "levering van goederen",
                 "goederen en diensten bij je af te leveren", "verzenden van bestellingen",
                 "delivery", "deliver", "shipping"),
    "order_management": ("bestelling", "bestellingen", "verwerken van bestellingen", "orders",
                         "bestelproces", "ordering process",
                         "order processing", "process your order"),
    "tax_compliance": ("belastingaangifte", "belastingaangiftes", "belastingdienst", "fiscale",
                       "belasting en premies", "tax"),
    "legal_compliance": ("wet naleven", "naleven van de wet", "naleving van de wet",
                         "required by law", "legally required", "statutory obligations",
                         "wettelijke verplichting", "wettelijke verplichtingen",
                         "wettelijk verplicht", "wettelijke plichten",
                         "wettelijk verplichte registraties", "legal obligation",
                         "legal obligations", "comply with the law", "voldoen aan wettelijke",
                         "voldoen aan de wet", "toepassing van een andere wet",
                         "uitvoering of toepassing van een wet"),
    "bookkeeping": ("administratie", "administratieve doeleinden", "administratieve plichten",
                    "boekhouding", "bookkeeping", "accounting", "administration"),
    "customer_support": ("enquiries", "inquiries", "respond to your questions",
                         "beantwoorden van je vragen", "beantwoorden van uw vragen",
                         "klantenservice", "ondersteuning", "support", "vraag en of opmerking",
                         "vragen en opmerkingen", "in behandeling nemen van een vraag",
                         "beantwoorden van vragen", "vragen te beantwoorden",
                         "vraag te beantwoorden", "customer service", "answer your questions"),
    "complaint_handling": ("klachten", "klachtafhandeling", "complaints"),
    "feedback": ("feedback", "bereiken bij vragen voor feedback", "review", "reviews",
                 "tevredenheidsonderzoek", "tevredenheidsonderzoeken",
                 "klanttevredenheidsonderzoek", "klanttevredenheidsonderzoeken",
                 "klanttevredenheid", "customer satisfaction", "survey", "surveys"),
    "service_updates": ("informing about changes", "inform you about changes",
                        "changes in services", "changes to the service", "updates and or changes",
                        "informeren over wijzigingen", "informeren over veranderingen",
                        "te informeren over wijzigingen", "updates en of wijzigingen",
                        "wijzigingen van onze diensten en producten", "op de hoogte te houden",
                        "service updates", "changes to our services", "update you",
                        "keep you updated", "new versions", "nieuwe versies", "serviceberichten",
                        "servicebericht", "service messages", "service emails"),
    "communication": ("communicatiedoeleinden", "communication purposes", "able to call you",
                      "to call you", "call you", "email you", "e mail you",
                      "contact", "contact met u op te nemen", "contact met je op te nemen",
                      "je te kunnen bellen", "u te kunnen bellen", "te kunnen bellen",
                      "kunnen bellen",
                      "te kunnen bereiken", "te kunnen e mailen", "contact opnemen", "contact you",
                      "contacting you", "communicate with you", "communicatie over",
                      "communication about", "communicatie met u", "communicatie met jou",
                      "communication with you", "onderhouden van contacten",
                      "onderhouden van contact"),
    "customer_management": ("onderhouden van relaties", "onderhouden van een klantrelatie",
                            "onderhouden van de klantrelatie", "maintaining relationships",
                            "maintaining our relationship", "maintain our relationship",
                            "klantrelatie", "klantbeheer", "crm", "customer relationship",
                            "customer management", "relatiebeheer"),
    "account_management": ("accountbeheer", "account beheren", "beheren van je account",
                           "beheren van uw account", "account management", "manage your account"),
    "registration": ("account aan te maken", "aanmaken van een account", "registration",
                     "create an account", "sign up", "inschrijving", "inschrijvingen",
                     "registreren", "te registreren"),
    "identity_verification": ("identificatie", "identiteit te controleren",
                              "identiteit controleren",
                              "identiteit te verifiëren", "verify your identity",
                              "identity verification"),
    "fraud_prevention": ("fraude", "fraudepreventie", "fraudebestrijding", "fraud"),
    "security": ("beveiliging", "beveiligingsdoeleinden", "beveiligen", "bedrijfsbeveiliging",
                 "security", "secure"),
    "backup": ("backup", "back up", "backups", "back ups"),
    "hosting": ("hosting", "hosten", "webhosting", "web hosting"),
    "personalisation": ("personalising", "personalizing", "optimising profiles",
                        "optimizing profiles", "personaliseren", "personalisatie",
                        "persoonlijk maken", "afstemmen op jouw voorkeuren",
                        "afstemmen op uw voorkeuren", "optimaliseren van profielen", "personalise",
                        "personalize", "personalisation"),
    "geolocation_services": ("bij jou in de buurt", "bij u in de buurt", "bij je in de buurt",
                             "near you", "nearby", "geolocatie", "geolocatie functies",
                             "locatiegebaseerde", "location based"),
    "website_analytics": ("websitestatistieken", "bezoekersstatistieken", "bezoekersaantallen",
                          "aantal bezoekers", "aantallen bezoekers", "number of visitors",
                          "website analyse", "gedrag op de website",
                          "gedrag op onze website", "bezoek aan de website",
                          "bezoek aan onze website", "behaviour on the website",
                          "behaviour on our website", "behavior on our website",
                          "analyseert jouw gedrag op de website",
                          "analyseert uw gedrag op de website", "website analytics",
                          "hoe bezoekers de website gebruiken", "hoe je de website gebruikt",
                          "hoe gebruikers de website gebruiken", "how visitors use the website",
                          "how you use the website", "how users use the website",
                          "statistieken"),
    "service_usage_analytics": ("inzicht krijgen in het gedrag", "inzicht in het gedrag",
                                "inzicht te krijgen in het gedrag",
                                "gaining insight into the behaviour", "insight into the behaviour",
                                "insight into the behavior", "analyses", "analyse", "analyseren",
                                "statistische", "analytische doeleinden", "analytics", "analysis",
                                "statistics", "statistical"),
    "service_improvement": ("improving services", "improving the service", "improving",
                            "improvement", "verbeteren van dienstverlening",
                            "verbeteren van de dienstverlening",
                            "verbeteren van onze dienstverlening",
                            "verbetering van de dienstverlening",
                            "verbeteren van deze dienstverlening", "verbeteren", "verbetering",
                            "improve our services", "improving our services", "improve"),
    "service_provision": ("verlenen van toegang tot", "toegang verlenen tot",
                          "toegang te verlenen tot", "leveren van diensten",
                          "leveren van de diensten",
                          "levering van de dienst", "levering van onze diensten",
                          "aanbieden van de dienst", "aanbieden van onze diensten",
                          "verstrekken van de app", "aanbieden van de app",
                          "providing the service", "providing the app", "provide the app",
                          "delivering the service", "delivering our services",
                          "deliver the service", "access to the service",
                          "giving access to the service", "dienstverlening",
                          "leveren van de dienst", "leveren van onze diensten",
                          "toegang tot de dienst", "uitvoeren van onze dienstverlening",
                          "providing our services", "provide our services", "provide the service",
                          "service provision", "onze dienstverlening", "dienst uit te voeren",
                          "dienst uit te kunnen voeren", "diensten uit te voeren",
                          "dienstverlening uit te voeren", "dienstverlening uit te kunnen voeren",
                          "zorg te verlenen", "zorg te kunnen verlenen", "zorg verlenen",
                          "zorgverlening", "providing care"),
    "recruitment": ("sollicitatie", "sollicitaties", "werving en selectie", "recruitment",
                    "job application", "werving", "arbeidsbemiddeling", "werkzoekenden",
                    "sollicitanten", "vacatures", "vacature", "bemiddeling naar werk",
                    "job seekers", "job applicants", "vacancies",
                    "geschiktheid van betrokkene voor een functie", "geschiktheid voor een functie",
                    "suitability for a position"),
    "member_administration": ("ledenadministratie", "lidmaatschap", "leden", "membership"),
    "scientific_research": ("wetenschappelijk onderzoek", "scientific research"),
    "hr": ("personeelsadministratie", "personeelsbeheer", "human resources"),
    "payroll": ("salarisadministratie", "salarisbetaling", "salarissen", "salaris", "payroll"),
}  # fmt: skip

# The first clause of a purpose's name, where it says what the purpose is ("Bedrijfsvoering,
# registratie in het CRM": running the business, not managing customers): up to a comma,
# a semicolon, a bracket or a dash between spaces.
FIRST_CLAUSE = re.compile(r"[,;(]|\s[\u2013\u2014-]\s")


def first_clause(text: str) -> str:
    return FIRST_CLAUSE.split(text, 1)[0]


_PURPOSE_INTRO = re.compile(
    r"\bdoel|doeleinden|purposes?\b|waarvoor|waarom|\bwhy\b|gebruik\w* (?:wij|we) (?:je|jouw|uw|"
    r"deze )?(?:gegevens|informatie)|\buse (?:your )?(?:data|information|personal)|"
    r"\b(?:wij|we|ik)\s+(?:gebruik\w*|verwerk\w*|use|process)\s+(?:je|jouw|uw|deze|your|the)?\s*"
    r"(?:persoons)?(?:gegevens|informatie|data|personal data|information)\s+"
    r"(?:(?:alleen|uitsluitend|enkel|slechts|only|solely)\s+)?(?:voor|om|for|to)\s*:",
    re.IGNORECASE,
)
_NOT_PURPOSE = re.compile(
    r"rechten|\brights?\b|definitie|verstrek\w+ aan derde|third parties|"
    r"\b(?:bewaren|bewaart|bewaard|keep|kept|retain\w*|store[ds]?)\b[^.]{0,60}?"
    r"\b(?:niet langer|no longer|zolang|as long)\b|bewaartermijn\w*|retention periods?|"
    r"\bde volgende (?:persoons)?gegevens\b|\bthe following (?:personal )?(?:data|information)\b",
    re.I,
)
_PROSE = re.compile(
    r"(?:verwerk\w*|gebruik\w*|verzamel\w*|process\w*|use)\b[^.]{0,120}?\b(?:voor de volgende "
    r"doel(?:en|einden)|for the following purposes)\s*:?",
    re.IGNORECASE,
)

# "Wij gebruiken de IP-adressen vooral voor beveiligingsdoeleinden", "Deze gegevens
# gebruiken wij voor ...", "Ik gebruik uw adres om ...", "We use your email address to
# ...": the data, then what for (a one-person business says "ik").
_DATA_USE = re.compile(
    r"\b(?:ik (?:gebruik|verwerk|verzamel|bewaar)|(?:gebruik|verwerk|verzamel|bewaar) ik|"
    r"gebruiken|gebruikt|verwerken|verwerkt|use|uses|process|processes|helpen ons|helpt ons|"
    r"help us|helps us|verzamelen|verzamelt|bewaren|bewaart|vastleggen|legt vast|leggen vast|"
    r"collect|collects|store|stores|keep|keeps)\b(?:[^.;:]{0,60}?"
    r"\b(?:voor|for|to|ten behoeve van|t\.b\.v\.|tbv|in order to)|[^.;:,]{0,60}?\bom)\b"
    r"(?! (?:zover|zo ver|zolang|wie|whom|which|more|zich|ons|us)\b)",
    re.IGNORECASE,
)
# An item that names an action on something ("Het afhandelen van jouw betaling",
# "Verzenden van onze nieuwsbrief"): a purpose, even in a list of data.
_ACTION = re.compile(
    r"^\s*(?:[-\u2022\u2013*]\s*)?(?P<words>(?:(?:het\s+)?[a-z]+en\s+van\s+"
    r"(?:je|jouw|uw|onze?|mijn|de|het|een)|(?:the\s+)?[a-z]+ing\s+(?:of\s+)?(?:your|our|my|the|a))"
    r"\s+\w+(?:\s+\w+){0,3})\s*[;,.]?\s*$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:niet|nooit|geen|not|never|no)\b", re.IGNORECASE)
# "U kunt commerciële aanbiedingen krijgen van de beheerder", "You may receive offers":
# what the person receives from the organisation.
_YOU_RECEIVE = re.compile(
    r"\b(?:u|je|jij|you)\s+(?:kunt|kan|kunnen|ontvangt|krijgt|may|can|will)\b[^.]{0,60}?"
    r"\b(?:krijgen|ontvangen|ontvangt|krijgt|receive|get)\b",
    re.IGNORECASE,
)
# "Deze website gebruikt cookies om de website te helpen analyseren", "DART cookies om
# gepersonaliseerde advertenties te bieden", "cookies to measure how visitors use":
# what the cookies are placed for.
_COOKIES_FOR = re.compile(
    r"\b(?:cookies?|analytics|(?:deze|die|this|that) (?:dienst|tool|service))\b[^.;:]{0,60}?"
    r"\b(?:om|voor|to|for)\b",
    re.I,
)
_COOKIE_PURPOSES = {
    "website_analytics": "website_analytics",
    "service_usage_analytics": "website_analytics",
    "personalised_advertising": "personalised_advertising",
}
# "Wij kunnen contact met u opnemen (voor commerciële doeleinden)", "We may contact you
# by phone": the organisation contacts the person; for marketing where it says so.
_WE_CONTACT = re.compile(
    r"\b(?:wij|we)\s+(?:kunnen|zullen|mogen|nemen|may|can|will|might)\s+(?:\w+\s+){0,2}?"
    r"(?:contact met (?:u|je|jou) (?:op\s*)?(?:nemen|opnemen|op)\b|(?:u|je|jou) "
    r"(?:bellen|mailen|e-?mailen|benaderen|contacteren)\b|contact you\b)",
    re.IGNORECASE,
)
# "Wij sturen u aanbiedingen", "Er worden serviceberichten gestuurd", "We send you
# service messages": what the organisation sends the person.
_SENT = re.compile(
    r"\b(?:sturen|stuurt|versturen|verstuurt|verzenden|verzendt|gestuurd|verstuurd|verzonden|"
    r"send|sends|sent)\b",
    re.IGNORECASE,
)
# A section on the person's rights, a complaint or the words the statement defines: what
# the organisation does there (answers, contacts, sends a copy) serves the request.
_ASIDE = re.compile(
    r"recht|rights?\b|klacht|complain|definitie|definition|begrippen|inzage|inzien|bezwaar|"
    r"objection|verwijder|erasure",
    re.I,
)
_REQUEST = re.compile(r"\bverzoek\w*|\baanvra\w*|\brequest\w*|\bklacht\w*|\bcomplaint", re.I)
_SENDABLE = frozenset({"newsletter", "direct_marketing", "service_updates"})
_MARKETING = frozenset(
    {"newsletter", "direct_marketing", "advertising", "personalised_advertising"}
)
_DATA_WORD = re.compile(
    r"gegevens|informatie|\w*adres\w*|\bdata\b|information|address\w*|inlogtijden", re.I
)
# The subject of a sentence that is another party: "Google gebruikt ...", "Deze partijen
# verwerken ...", "Third parties use ...", "Zij gebruiken ...".
_OTHERS = re.compile(
    r"^\W*(?:(?:deze|die|de|onze|these|the|our)\s+)?(?:google|facebook|meta|microsoft|linkedin|"
    r"derden|derde partij\w*|partijen|partners|adverteerders|verwerkers|zij|ze|hij|"
    r"third[ -]part\w*|advertisers|processors|they)\b",
    re.IGNORECASE,
)
_KEPT_FOR = re.compile(
    r"(?:bewaren|bewaart|store|stores|keep|keeps)\b.*\b(?:voor|for)$", re.IGNORECASE | re.DOTALL
)
# "het verstrekken en verbeteren van de app": two actions on one object, each said of it.
_SHARED_OBJECT = re.compile(
    r"\b(\w+en) en (\w+en) ((?:van|of) (?:de|het|onze?|je|uw|the|our) \w+)", re.I
)
# "Om je bestelling af te leveren en de factuur te sturen, hebben we ... nodig", "To deliver
# your order, we need ...": a purpose put before the sentence that says what data serve it.
_FRONTED = re.compile(
    r"^\s*(?:om|in order to|to)\s+(?P<clause>[^.;:]{3,200}?\bte\s+\w+|[^.;:,]{3,120}?)\s*,?\s+"
    r"(?:(?:hebben|gebruiken|verwerken|verzamelen|vragen|bewaren|slaan|registreren)\s+(?:we|wij)|"
    r"we\s+(?:need|use|collect|process|ask|store|keep))\b",
    re.IGNORECASE,
)
# "Voor de facturering zijn naam en adres nodig", "Voor webhosting maken we gebruik van
# ...", "Ten behoeve van de administratie verwerken wij ...": a purpose put before the verb
# of a sentence on what the organisation uses or needs.
_FRONTED_FOR = re.compile(
    r"^\s*(?:voor|ten behoeve van|for)\s+(?P<clause>[^.;:,]{3,60}?)\s*,?\s+"
    r"(?:(?P<needs>zijn|is|we need|we require)\b|(?:hebben|gebruiken|verwerken|vragen|verzamelen|"
    r"maken)\s+(?:we|wij)\b|(?:heb|gebruik|verwerk|vraag|verzamel|maak)\s+ik\b|"
    r"we\s+(?:use|process|collect|ask for)\b)",
    re.IGNORECASE,
)
_NEEDED = re.compile(r"\b(?:nodig|noodzakelijk|vereist|needed|required|necessary)\b", re.I)
# Purposes that are also measures: named before a verb they are how data are protected.
_MEASURES = frozenset({"security", "backup"})
_TE_VERB = re.compile(r"[^,]*?\bte\s+\w+|^[^,]+$", re.IGNORECASE)
_USE = re.compile(r"\b(?:gebruiken|verwerken|use|process)\b[^.]{0,40}\b(?:voor|om|for|to)\b", re.I)

# A duty the law lays on the organisation, however the sentence words it: "wettelijke
# verplichting", "wettelijk (hier)toe verplicht", "de wet verplicht ons", "op grond van de
# wet verplicht", "legal obligation", "required (to) by law", "legally obliged".
_LEGAL_DUTY = (
    r"wettelijke? (?:verplichting|plicht)\w*|wettelijk (?:\w+ ){0,2}verplicht|"
    r"(?:hier|daar)toe wettelijk verplicht|"
    r"(?:op grond van|volgens|krachtens) (?:de )?(?:wet|wetgeving)\w* (?:\w+ ){0,3}"
    r"(?:verplicht|vereist)|(?:de )?(?:wet|wetgeving) (?:\w+ ){0,2}(?:verplicht|vereist)\b|"
    r"legal (?:obligation|duty|requirement)s?|statutory (?:obligation|duty|requirement)s?|"
    r"required (?:to |to do so )?by (?:the )?law|legally (?:required|obliged|obligated|bound)|"
    r"(?:the )?law requires"
)
# A sentence that says the organisation processes data because the law obliges it:
# its purpose is to comply with that law, and its basis the legal obligation.
_LEGAL_USE = re.compile(
    r"\b(?:verwerk\w*|gebruik\w*|process\w*|us(?:e|es|ed))\b[^.;:]{0,80}?"
    r"\b(?:als|wanneer|indien|omdat|voor zover|waar|om te voldoen aan|als dat|if|when|where|"
    r"because|to comply with|as)\b[^.;:]{0,40}?(?:" + _LEGAL_DUTY + ")",
    re.IGNORECASE,
)
# "Ik ben wettelijk verplicht om mijn administratie zeven jaar te bewaren", "Wij zijn op
# grond van de wet verplicht ...", "We are legally required to keep ...": the organisation
# says what the law obliges it to do with data.
_OBLIGED = re.compile(
    r"\b(?:(?:wij|we|ik)\s+(?:zijn|ben)|(?:zijn|ben)\s+(?:wij|we|ik))\s+(?:\w+\s+){0,2}?"
    r"(?:wettelijk|(?:op grond van|volgens) de wet|bij wet)\s+verplicht\b[^.;:]{0,140}?\b"
    r"(?:te\s+bewaren|te\s+verwerken|te\s+verstrekken|bij\s+te\s+houden)\b|"
    r"\b(?:we are|we're)\s+(?:legally|by law)\s+(?:required|obliged|obligated)\s+to\s+"
    r"(?:keep|retain|store|process)\b",
    re.IGNORECASE,
)

_BASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        ("consent", r"\btoestemming\b|\bconsent\b"),
        ("contract", r"\bovereenkomst\b|\bcontract\b|\bcontractual"),
        (
            "legal_obligation",
            _LEGAL_DUTY,
        ),
        ("vital_interest", r"vita(?:le|al) belang|vital interest"),
        (
            "public_task",
            r"algemeen belang|openbaar gezag|publieke taak|public interest|public task|"
            r"official authority",
        ),
        ("legitimate_interest", r"gerechtvaardigde? belang\w*|legitieme? belang\w*|"
                                r"legitimate interest"),
    )
)  # fmt: skip
# "art. 6 lid 1 sub b AVG", "artikel 6, eerste lid, onder f", "Article 6(1)(a) GDPR".
_ARTICLE = re.compile(
    r"\bart(?:ikel|icle|\.)?\s*6\s*(?:lid\s*1|\(1\)|,?\s*eerste\s+lid),?\s*"
    r"(?:sub|onder|under|point|letter)?\s*\(?(?P<letter>[a-f])\)?(?![\w(])",
    re.IGNORECASE,
)
_LETTERS = {"a": "consent", "b": "contract", "c": "legal_obligation", "d": "vital_interest",
            "e": "public_task", "f": "legitimate_interest"}  # fmt: skip
_BASIS_CUE = re.compile(
    r"grondslag|rechtsgrond|op basis van|op grond van|ter uitvoering van|legal bas[ie]s|"
    r"lawful bas[ie]s|legal ground|"
    r"on the basis of|based on",
    re.IGNORECASE,
)
# A sentence on a basis that is not said of the purposes together: withdrawing consent,
# a condition ("als wij dat moeten"), other purposes, special categories of data only.
# A basis named in words that mean nothing else, with no "op basis van" before it: "met
# uw toestemming", "omdat u ons toestemming geeft", "om de overeenkomst met u uit te
# voeren", "vanwege een wettelijke verplichting", "in het algemeen belang", "ons
# gerechtvaardigd belang".
_BASIS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        ("consent", r"\bmet (?:uw|je|jouw|hun) (?:uitdrukkelijke |expliciete |voorafgaande )?"
                    r"toestemming\b|\b(?:omdat|nadat|als|wanneer|zodra) (?:u|je|jij) (?:ons |"
                    r"daar ?voor |hier ?voor |daartoe |hiertoe )*toestemming (?:\w+ ){0,2}?"
                    r"(?:geeft|geven|hebt gegeven|heeft gegeven|gegeven)\b|"
                    r"\bwith your (?:explicit |prior )?consent\b|"
                    r"\b(?:you have|you've) given (?:us )?(?:your )?consent\b"),
        ("contract", r"\b(?:om|voor) (?:de|een|onze|uw|je) overeenkomst (?:met (?:u|jou|je) )?"
                     r"(?:uit te voeren|na te komen|af te sluiten)\b|"
                     r"\bnoodzakelijk (?:is )?(?:voor|om) (?:de uitvoering van |het uitvoeren van )"
                     r"(?:de|een|onze) overeenkomst\b|"
                     r"\bnecessary (?:for|to) (?:the performance of |perform )(?:a|the|our|your) "
                     r"(?:contract|agreement)\b"),
        ("legal_obligation", r"\b(?:vanwege|wegens|ter nakoming van|om te voldoen aan|"
                             r"(?:het )?voldoen aan|compliance with) "
                             r"(?:(?:een|de|onze) )?wettelijke (?:verplichting|plicht)\w*|"
                             r"\b(?:to comply with|compliance with|complying with) "
                             r"(?:(?:a|our|the|any) )?legal obligations?\b"),
        ("public_task", r"algemeen belang|openbaar gezag|publieke taak|publiekrechtelijke taak|"
                        r"public interest|public task|official authority"),
        ("legitimate_interest", r"gerechtvaardigde? belang\w*|legitimate interests?"),
    )
)  # fmt: skip


def _basis_words_in(text: str) -> list[re.Match[str] | None]:
    return [pattern.search(text) for _key, pattern in _BASIS_WORDS]


def _worded_bases(text: str) -> list[str]:
    """The bases ``text`` names in words that mean nothing else, in the model's order."""
    return [key for key, pattern in _BASIS_WORDS if pattern.search(text)]


_WITHDRAWAL = re.compile(
    r"intrek|in te trekken|withdraw|wanneer|indien|if we|when we|andere doeleinden|other purposes|"
    r"\bals (?:wij|we|u|je|jij)\b|bijzondere (?:categorie\w* )?(?:van )?persoonsgegevens|"
    r"special categor",
    re.I,
)


_BRACKETED = re.compile(r"\(([^()]{3,80})\)")


def _bracketed_bases(sentences: list[Sentence]) -> list[str]:
    """The bases named in brackets of their own after a purpose: "(toestemming)",
    "(wettelijke verplichting)", "(art. 6 lid 1 sub b AVG)"."""
    named: list[str] = []
    for sentence in sentences:
        for match in _BRACKETED.finditer(sentence.text):
            inside = match.group(1)
            if len(inside.split()) <= 8 and not _WITHDRAWAL.search(inside):
                named += [key for key in _bases(inside) if key not in named]
    return [key for key, _ in _BASES if key in named]


_OM_TE = re.compile(r"^\W*om\s+(?P<clause>(?:[\w'\u2019-]+\s+){0,10}?te\s+\w+)", re.IGNORECASE)


def _verb_named(gazetteer: Gazetteer, words: str, best: str | None) -> str | None:
    """The purpose an "om ... te ..." clause names by its verb, which comes last: "Om uw
    bestelling te bezorgen" is delivery, not the order. ``best`` (the first phrase) stands
    when it takes in the verb ("om u op de hoogte te houden van nieuws") or no phrase
    does."""
    match = _OM_TE.match(words)
    if match is None:
        return best
    parts = match.group("clause").split()
    without_verb = " ".join(parts[:-2])
    if best is not None and best not in gazetteer.find(without_verb):
        return best  # the first phrase needs the verb
    for start in range(len(parts) - 3, -1, -1):
        named = [k for k in gazetteer.find(" ".join(parts[start:])) if k not in
                 gazetteer.find(" ".join(parts[start:-2]))]  # fmt: skip
        if named:
            return named[0]
    return best


# The articles and possessives before a noun: "het uitvoeren van onze overeenkomst" is
# "uitvoeren van een overeenkomst", "process our orders" is "process your orders".
_DETERMINERS = re.compile(r"(?<!\w)(?:de|het|een|onze|ons|mijn|the|a|an|our|my|your)\s+", re.I)


class _Purposes(Gazetteer):
    """The catalogue's purposes with the phrases statements use for them, matched with
    no regard to the articles and possessives before their nouns."""

    def __init__(self, entries: list[tuple[str, tuple[str, ...]]]) -> None:
        super().__init__((key, [_DETERMINERS.sub("", p) for p in ps]) for key, ps in entries)

    def find(self, text: str) -> list[str]:
        return super().find(_DETERMINERS.sub("", text))

    def best(self, text: str) -> str | None:
        return super().best(_DETERMINERS.sub("", text))


@cache
def _gazetteer() -> Gazetteer:
    from ... import catalogue

    entries: list[tuple[str, tuple[str, ...]]] = []
    for key, entry in catalogue.purposes().items():
        entries.append((key, (entry.label.nl, entry.label.en, *_PHRASES.get(key, ()))))
    return _Purposes(entries)


def _bases(text: str) -> list[str]:
    named = {key for key, pattern in _BASES if pattern.search(text)}
    named |= {_LETTERS[m.group("letter").lower()] for m in _ARTICLE.finditer(text)}
    return [key for key, _pattern in _BASES if key in named]


def _general_bases(
    ctx: Context, titled: frozenset[int] = frozenset()
) -> tuple[list[str], Sentence | list[Sentence]] | None:
    """The bases a sentence gives for the purposes together ("op basis van uw
    toestemming, voor de uitvoering van een overeenkomst, ..."); not one said of a
    single processing ("De rechtsgrond voor deze verwerking is ...") or under one's
    title (``titled``)."""
    for sentence in ctx.sentences:
        text = sentence.text
        if not _BASIS_CUE.search(text) or _WITHDRAWAL.search(text):
            continue
        if sentence.start in titled or _THIS_PROCESSING.search(text):
            continue
        if not re.search(r"doel|verwerk|purpose|process|gegevens|data", text, re.I) and not (
            _FOR_THIS.search(text) and _HEADED_BASES.match(text)
        ):
            continue  # but "De grondslagen hiervoor zijn ...": of the purposes just named
        found = _bases(text[_BASIS_CUE.search(text).start() :])  # type: ignore[union-attr]
        if found:
            return found, sentence
        if text.rstrip().endswith(":"):  # "op basis van de volgende grondslagen:" and a list
            listed = _listed_bases(ctx, sentence)
            if listed is not None:
                return listed
    return None


def _listed_bases(ctx: Context, intro: Sentence) -> tuple[list[str], list[Sentence]] | None:
    """The bases listed as items under the sentence that introduces them."""
    index = ctx.index_of(intro)
    found: list[str] = []
    where = [intro]
    for item in ctx.sentences[index + 1 : index + 8]:
        if not is_item(ctx, item):
            break
        named = [key for key in _bases(item.text) if key not in found]
        if named:
            found += named
            where.append(item)
    if not found:
        return None
    order = [key for key, _pattern in _BASES]
    return sorted(found, key=order.index), where


# "Uw toestemming, zoals bij het verzenden van onze nieuwsbrief", "Uitvoeren van de
# overeenkomst, zodat wij u kunnen bellen ...", "Wettelijke verplichting, omdat ...": a
# listed item that opens with a basis's name and then says what it is the basis of.
_BASIS_FIRST = re.compile(
    r"^\W*(?:(?:uw|je|jouw|your)\s+)?(?P<basis>toestemming|(?:(?:het\s+)?uitvoer(?:en|ing)\s+van\s+"
    r"(?:de|een|onze)\s+)?overeenkomst|wettelijke\s+verplichting(?:en)?|"
    r"gerechtvaardigde?\s+belang(?:en)?|consent|(?:performance\s+of\s+(?:a|the)\s+)?contract|"
    r"legal\s+obligations?|legitimate\s+interests?)\s*(?:[,:;\u2013\u2014-]|\(|$)\s*",
    re.IGNORECASE,
)


_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)]|[a-z][.)])\s")
_CONDITION = re.compile(r"\b(?:indien|wanneer|als|mits|if|when)\b", re.IGNORECASE)


def _basis_led(
    ctx: Context, gazetteer: Gazetteer, item: Sentence, words: str
) -> list[tuple[str, list[str], Sentence]]:
    """The purposes a listed item that opens with a basis's name gives that basis: those
    its words after the name say, and those its further sentences name ("Wettelijke
    verplichting, omdat ... Daarnaast verwerken wij ... voor de belastingaangiftes.")."""
    first = _BASIS_FIRST.match(words)
    bases = _bases(first.group("basis")) if first else []
    if first is None or not bases:
        return []
    rest = _CONDITION.split(words[first.end() :], maxsplit=1)[0]  # not "indien ..."
    named = _verb_named(gazetteer, rest, gazetteer.best(rest))
    given = [(named, bases, item)] if named is not None else []
    index = ctx.index_of(item)
    for more in ctx.sentences[index + 1 : index + 4]:
        if more.block != item.block or _BULLET.match(more.text):
            break  # the item's own further sentences only
        given += [(key, bases, more) for key in gazetteer.find(more.text)]
    return given


def purposes(ctx: Context) -> None:
    gazetteer = _gazetteer()
    found: dict[str, list[Sentence]] = {}
    intros: dict[str, Sentence] = {}
    led: dict[str, tuple[list[str], Sentence]] = {}
    for item, intro in items_under(ctx, _PURPOSE_INTRO, _NOT_PURPOSE):
        if is_field_line(item):
            continue
        words = item_text(item)
        if _BASIS_FIRST.match(words):  # "Uw toestemming, zoals bij de nieuwsbrief"
            for opened, bases, where in _basis_led(ctx, gazetteer, item, words):
                led.setdefault(opened, (bases, where))
                if where not in found.get(opened, []):
                    found.setdefault(opened, []).append(where)
            continue
        key = _verb_named(gazetteer, words, gazetteer.best(first_clause(words)))
        if key is None or key in found:
            if len(words.split()) > 25 or not words or not intro.text.rstrip().endswith(":"):
                continue
            key = key_of(words, found) if key is None else key
            if key in found:
                found[key].append(item)
                continue
            ctx.data.setdefault("purposes", {})[key] = {"label": {ctx.lang: label_of(words)}}
        found.setdefault(key, []).append(item)
        intros.setdefault(key, intro)
    _sectioned(ctx, gazetteer, found)
    bracketed = _basis_brackets(ctx, gazetteer, found)
    for sentence, match in ctx.search(_PROSE):
        if is_item(ctx, sentence):
            continue
        for key in gazetteer.find(sentence.text[match.end() :]):
            found.setdefault(key, []).append(sentence)
    for sentence in ctx.sentences:
        if is_item(ctx, sentence) or not ctx.heading_search(_PURPOSE_INTRO, sentence):
            continue
        if ctx.is_heading(sentence) or not _USE.search(sentence.text):
            continue
        for key in gazetteer.find(sentence.text):
            found.setdefault(key, []).append(sentence)
    for sentence in ctx.sentences:  # "- Het afhandelen van jouw betaling" in any list
        if key_words := _ACTION.match(sentence.text):
            if not is_item(ctx, sentence) or is_field_line(sentence):
                continue
            key = gazetteer.best(key_words.group("words"))
            if key is not None and key not in found:
                found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search(_DATA_USE):
        if is_item(ctx, sentence) or ctx.is_heading(sentence) or _NEGATED.search(sentence.text):
            continue
        if not _DATA_WORD.search(sentence.text[: match.end()]):
            continue
        if _OTHERS.search(sentence.text[: match.start()]):
            continue  # "Google gebruikt deze gegevens om ...": another party's purposes
        if _KEPT_FOR.match(match.group(0)):
            continue  # "bewaren wij gegevens voor de duur van ...": for how long, not what for
        tail = sentence.text[match.end() :]
        cut = min(  # what follows "op basis van", "met uw toestemming" names bases
            [m.start() for m in (_BASIS_CUE.search(tail), *_basis_words_in(tail)) if m]
            or [len(tail)]
        )
        for key in gazetteer.find(_SHARED_OBJECT.sub(r"\1 \3 en \2 \3", tail[:cut])):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search(_FRONTED):  # "Om je pakket te bezorgen, hebben we ..."
        if ctx.is_heading(sentence) or _NEGATED.search(sentence.text):
            continue
        if not _DATA_WORD.search(sentence.text[match.end() :]):
            continue
        for part in _TE_VERB.findall(match.group("clause")):
            named = gazetteer.find(part)
            if named:  # the verb comes last and names the purpose
                found.setdefault(named[-1], []).append(sentence)
    for sentence, match in ctx.search(_FRONTED_FOR):  # "Voor de facturering is uw adres nodig"
        if ctx.is_heading(sentence) or _NEGATED.search(sentence.text):
            continue
        if match.group("needs") and not _NEEDED.search(sentence.text[match.end() :]):
            continue  # "Voor vragen is ons kantoor open": no data needed for it
        for key in gazetteer.find(match.group("clause")):
            if key not in _MEASURES and sentence not in found.get(key, []):
                found.setdefault(key, []).append(sentence)
    for sentence in ctx.sentences:  # "Uw gegevens worden verwerkt als wij daartoe wettelijk
        if "legal_compliance" in found or "legal_compliance" in ctx.data.get("purposes", {}):
            break  # verplicht zijn"
        if ctx.is_heading(sentence):
            continue
        said = sentence.text
        if (_LEGAL_USE.search(said) or _OBLIGED.search(said)) and not _NEGATED.search(said):
            # "..., zoals gegevens voor onze belastingaangifte": the law it names is tax law
            duty = "tax_compliance" if "tax_compliance" in gazetteer.find(sentence.text) else ""
            found.setdefault(duty or "legal_compliance", []).append(sentence)
            break
    for sentence in ctx.sentences:  # "cookies om de website te helpen analyseren"
        placed = _COOKIES_FOR.search(sentence.text)
        if placed is None or ctx.is_heading(sentence):
            continue
        if _NEGATED.search(sentence.text[: placed.end()]):
            continue
        for key in gazetteer.find(sentence.text[placed.end() :]):
            key = _COOKIE_PURPOSES.get(key, "")  # what cookies measure is use of the site
            if key and sentence not in found.get(key, []):
                found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_YOU_RECEIVE):  # "U kunt aanbiedingen krijgen"
        if ctx.heading_search(_ASIDE, sentence):
            continue
        if _NEGATED.search(sentence.text[: match.start() - sentence.start]):
            continue
        for key in gazetteer.find(sentence.text):
            if key in _MARKETING:
                found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_WE_CONTACT):  # "Wij kunnen contact met u opnemen"
        end = match.end() - sentence.start
        if ctx.heading_search(_ASIDE, sentence) or _REQUEST.search(sentence.text):
            continue  # "Wij nemen binnen vier weken contact met u op over uw verzoek"
        if ctx.is_heading(sentence) or _NEGATED.search(sentence.text[:end]):
            continue
        named = [k for k in gazetteer.find(sentence.text[end:]) if k in _MARKETING]
        for key in named or ["communication"]:
            found.setdefault(key, []).append(sentence)
    for sentence, _match in ctx.search_text(_SENT):  # "Er worden serviceberichten gestuurd"
        if ctx.heading_search(_ASIDE, sentence):
            continue
        if is_item(ctx, sentence) or ctx.is_heading(sentence) or _NEGATED.search(sentence.text):
            continue
        for key in gazetteer.find(sentence.text):
            if key in _SENDABLE and sentence not in found.get(key, []):
                found.setdefault(key, []).append(sentence)
    _headed(ctx, gazetteer, found)
    _analytics_used(ctx, gazetteer, found)
    _newsletter(ctx, found)
    titled = _titled(ctx, gazetteer)
    per_list = _after_list(ctx)
    for group in titled:  # "4. Klanttevredenheidsonderzoeken" and its basis below it
        if group.key is not None and group.key not in found:
            found[group.key] = [group.title]
    blocks = {e.path[1] for e in ctx.evidence if e.rule == "purposes.block"}
    if not found and not blocks:
        ctx.silent(("purposes",), "purposes")
        return
    general = _general_bases(ctx, frozenset(s for g in titled for s in g.members))
    lists = {intro.start for intro in intros.values()}
    if (  # the first basis stated is that of one of several lists of purposes
        general is not None
        and len(lists) > 1
        and any(
            (general[1] if isinstance(general[1], Sentence) else general[1][0]).start in g.members
            for g in per_list
        )
    ):
        general = None
    titled += per_list
    retention = ctx.data.get("retention", {})
    for key, sentences in found.items():
        path = ("purposes", key)
        if key in blocks:
            ctx.data["purposes"][key].pop("_consent", None)
            continue
        entry = ctx.data.setdefault("purposes", {}).setdefault(key, {})
        consent = entry.pop("_consent", None)
        ctx.cite(
            path,
            entry,
            sentences[:2],
            "purposes.catalogue" if "label" not in entry else "purposes.own",
        )
        own = (
            _bases(" ".join(s.text for s in sentences))
            if any(_BASIS_CUE.search(s.text) for s in sentences)
            else []
        )
        if not own and key in led:  # "Uw toestemming, zoals bij ... de nieuwsbrief"
            own, opener = led[key]
            sentences = [*sentences, opener] if opener not in sentences else sentences
        if not own and (under := _titled_basis(titled, key, sentences)) is not None:
            own = list(under.bases)  # "De rechtsgrond voor deze verwerking is ..." under it
            sentences = [*sentences, under.said] if under.said not in sentences else sentences
        if not own and key in bracketed:  # "Toestemming (nieuwsbrief), overeenkomst (...)"
            own, bracket = bracketed[key]
            sentences = [*sentences, bracket] if bracket not in sentences else sentences
        if not own:  # "..., met uw toestemming", "omdat u ons toestemming geeft"
            worded = [s for s in sentences if not _WITHDRAWAL.search(s.text)]
            own = _worded_bases(" ".join(s.text for s in worded))
        if not own:  # "- Nieuwsbrief (toestemming)", "- Facturen (art. 6 lid 1 sub c AVG)"
            own = _bracketed_bases(sentences)
        lead_in = intros.get(key)
        if not own and lead_in is not None and not _WITHDRAWAL.search(lead_in.text):
            own = (
                _worded_bases(lead_in.text)
                or (  # "Met uw toestemming gebruiken wij ... voor:"
                    _bases(lead_in.text[cue.start() :])
                    if (cue := _BASIS_CUE.search(lead_in.text))
                    else []
                )
            )
            if own:
                sentences = [*sentences, lead_in]
        if not own:  # under a heading that names the basis: "Op basis van uw toestemming"
            above = _basis_heading(ctx, sentences[0])
            if above is not None:
                own, sentences = above[0], [*sentences, above[1]]
        if not own and key in ("legal_compliance", "tax_compliance"):  # the law is its basis
            said = sentences[0].text
            obliged = _LEGAL_USE.search(said) or _OBLIGED.search(said) or _LAW.search(said)
            own = ["legal_obligation"] if obliged else []
        if not own:
            following = _basis_after(ctx, sentences)
            if following is not None:
                own, sentences = following[0], [*sentences, following[1]]
        if not own and general is None and key == "contract_performance":
            # "voor het aangaan en uitvoeren van overeenkomsten": the contract is its basis
            own = ["contract"] if _CONTRACT_PURPOSE.search(sentences[0].text) else []
        if own:
            ctx.put(
                (*path, "basis"), own[0] if len(own) == 1 else own, sentences, "purposes.basis.own"
            )
        elif key in ("newsletter", "direct_marketing") and consent:
            ctx.put((*path, "basis"), "consent", consent, "purposes.basis.newsletter")
        elif general is not None:
            bases, stated = general
            ctx.put(
                (*path, "basis"),
                bases[0] if len(bases) == 1 else list(bases),
                stated,
                "purposes.basis.general",
            )
        else:
            ctx.silent((*path, "basis"), "basis", "unstated")

        only = next(iter(retention)) if len(retention) == 1 else _for_all_purposes(ctx)
        scoped = only is not None and retention[only].get("after") == "consent_withdrawn"
        if only is not None and (not scoped or key in ("newsletter", "direct_marketing")):
            rule = only
            ctx.put(
                (*path, "retention"),
                rule,
                ctx.cited(("retention", rule)),
                "purposes.retention.only",
            )
        else:
            ctx.silent((*path, "retention"), "retention", "unstated")
        _link(ctx, path, sentences, intros.get(key))
        if not ctx.has((*path, "recipients")):
            ctx.silent((*path, "recipients"), "recipients", "unstated")
        if not ctx.has((*path, "requirement")):
            ctx.silent((*path, "requirement"), "requirement", {"kind": "unstated"})


# The law named as what a purpose complies with ("om de wet na te leven", "wet- en
# regelgeving", "to comply with the law").
_LAW = re.compile(
    r"\b(?:naleven|naleving|voldoen aan|nakomen)\b[^.;:]{0,30}?\b(?:wet|wetgeving|regelgeving)\b|"
    r"\b(?:uitvoering|toepassing)\b[^.;:]{0,15}?\bvan (?:een|de) (?:andere )?wet\b|"
    r"\b(?:wet|wetgeving|regelgeving)\b[^.;:]{0,10}?\b(?:na te leven|naleven)\b|"
    r"\bcompl(?:y|ying|iance) with (?:the |applicable )?(?:law|legislation)\b",
    re.I,
)
# A purpose worded as performing a contract, the basis of art. 6(1)(b) in its own words.
_CONTRACT_PURPOSE = re.compile(
    r"\b(?:uitvoer(?:en|ing)|aangaan|nakomen|sluiten)\b[^.;:]{0,50}?\bovereenkomst\w*|"
    r"\b(?:perform\w*|performance)\b[^.;:]{0,30}?\b(?:contract|agreement)s?\b",
    re.I,
)


# A heading that is a basis's name alone ("Toestemming", "Gerechtvaardigd belang (art. 6
# lid 1 sub f AVG)", "Uitvoering van de overeenkomst").
_BASIS_NAME = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:toestemming|(?:uitvoering van )?(?:de |een )?overeenkomst|"
    r"wettelijke verplichting(?:en)?|gerechtvaardigde? belang(?:en)?|publieke taak|algemeen belang|"
    r"consent|(?:performance of (?:a |the )?)?contract|legitimate interests?|"
    r"legal obligations?|public task|public interest)\s*(?:\([^)]*\))?\s*:?$",
    re.IGNORECASE,
)


def _basis_heading(ctx: Context, sentence: Sentence) -> tuple[list[str], Sentence] | None:
    """The basis the heading of the sentence's section names, where the heading is that
    basis's name or says "op basis van ..." ("Verwerking op grond van uw toestemming")."""
    if ctx.is_heading(sentence):
        return None
    index = ctx.index_of(sentence)
    heading = next((s for s in reversed(ctx.sentences[:index]) if ctx.is_heading(s)), None)
    if heading is None or _WITHDRAWAL.search(heading.text):
        return None
    text = heading.text.strip("#* ")
    if _BASIS_NAME.match(text):
        found = _bases(text)
    elif cue := _BASIS_CUE.search(text):
        found = _bases(text[cue.start() :])
    else:
        found = _worded_bases(text)
    return (found, heading) if found else None


# "De grondslag hiervoor is ...", "De wettelijke grondslagen daarvoor zijn ...", "The
# legal basis for this is ...": a sentence that opens with the basis it gives.
_HEADED_BASES = re.compile(
    r"^\W*(?:de|the|onze|our)\s+(?:wettelijke\s+|legal\s+|lawful\s+)?"
    r"(?:grondslag(?:en)?|rechtsgrond(?:en)?|bas[ie]s)\b",
    re.IGNORECASE,
)
_FOR_THIS = re.compile(
    r"\b(?:hiervoor|daarvoor|hierbij|daarbij|for this|for these|for that|"
    r"(?:dit|deze verwerking) (?:doen|gebeurt|is|vindt)|(?:wij|we) doen dit|"
    r"(?:we do|this is done|this processing is)\b)",
    re.I,
)


def _basis_after(ctx: Context, sentences: list[Sentence]) -> tuple[list[str], Sentence] | None:
    """The basis the next sentence gives "hiervoor" (for this): "Wij gebruiken uw gegevens
    om ... De grondslag hiervoor is de uitvoering van de overeenkomst." """
    for sentence in sentences:
        index = ctx.index_of(sentence)
        following = ctx.sentences[index + 1] if index + 1 < len(ctx.sentences) else None
        if following is not None and field_line(following) == "basis":
            found = _bases(following.text)  # "Uitvoeren van de dienst: ..." "Grondslag: ..."
            if found:
                return found, following
        if is_item(ctx, sentence):
            continue
        for following in ctx.sentences[index + 1 : index + 4]:
            if following.block != sentence.block:
                break
            if _BASIS_CUE.search(following.text) and _FOR_THIS.search(following.text):
                found = _bases(following.text)
                if found:
                    return found, following
    return None


# "De rechtsgrond voor deze verwerking is ...", "The legal basis for this processing is
# ...": a basis said of one processing, not of all of them.
_THIS_PROCESSING = re.compile(r"\b(?:deze|die|this|that) (?:verwerking|processing)\b", re.I)
# A title's words that say a section's topic rather than a purpose ("Cookies", "Leeftijd").
_TITLE_WORDS = 6


@dataclass(frozen=True)
class _Titled:
    """A processing written as a title and the sentences under it: a heading and its
    section, or a list item whose first line is a short title ("1. Bestelproces" and the
    paragraph after it), with the basis one of those sentences gives."""

    title: Sentence
    key: str | None
    members: frozenset[int]
    bases: tuple[str, ...]
    said: Sentence
    listed: bool = False  # a list of purposes: each purpose listed in it has its bases


def _titled(ctx: Context, gazetteer: Gazetteer) -> list[_Titled]:
    """Each titled processing whose own sentences give its basis ("Klantenservice. Als
    je contact opneemt ... De rechtsgrond voor deze verwerking is dat de verwerking
    noodzakelijk is voor de uitvoering van een overeenkomst.")."""
    sentences = ctx.sentences
    groups: list[_Titled] = []
    cued: dict[int, re.Match[str]] = {}
    for cued_sentence, match in ctx.search(_BASIS_CUE):
        cued.setdefault(cued_sentence.start, match)  # the first cue of each sentence
    if not cued:
        return groups
    for index, title in enumerate(sentences):
        if len(title.text) > 80:
            continue  # a title is short
        heading = ctx.is_heading(title)
        if not heading and (index and sentences[index - 1].block == title.block):
            continue  # not the first line of its list item
        words = re.sub(r"^[#*\s\d.)]+", "", title.text).strip(" *:?_")
        if not words or len(words.split()) > _TITLE_WORDS or words.endswith("."):
            continue
        if heading:
            members = []
            for sentence in sentences[index + 1 : index + 16]:
                if ctx.is_heading(sentence):
                    break
                members.append(sentence)
        elif is_item(ctx, title) and (index == 0 or sentences[index - 1].block != title.block):
            members = [s for s in sentences[index + 1 : index + 12] if s.block == title.block]
        else:
            continue
        if not any(s.start in cued for s in members):
            continue
        if _NOT_PURPOSE_HEADING.search(words) and not gazetteer.find(words):
            continue
        for sentence in members:
            cue = cued.get(sentence.start)
            if cue is None or _WITHDRAWAL.search(sentence.text):
                continue
            bases = _bases(sentence.text[cue.start() :])
            if bases:
                key = gazetteer.best(first_clause(words))
                starts = frozenset(s.start for s in [title, *members])
                groups.append(_Titled(title, key, starts, tuple(bases), sentence))
                break
    return groups


def _after_list(ctx: Context) -> list[_Titled]:
    """The bases a sentence right after a list of purposes gives those purposes
    ("- Ledenadministratie - Contributieheffing" then "Grondslag voor deze
    persoonsgegevens is: - lidmaatschap overeenkomst"): the purposes of that list, not
    every purpose of the statement."""
    sentences = ctx.sentences
    scoped: list[_Titled] = []
    seen: set[int] = set()
    for sentence, _cue in ctx.search(_BASIS_CUE):
        index = ctx.index_of(sentence)
        if sentence.start in seen or index == 0 or is_item(ctx, sentence):
            continue
        seen.add(sentence.start)
        if ctx.is_heading(sentence):
            continue
        last = index - 1  # "6.1 Doel ..." and its list, then "6.2 Rechtsgrond" and its sentence
        if ctx.is_heading(sentences[last]) and _BASIS_CUE.search(sentences[last].text):
            last -= 1
        if last < 0 or not is_item(ctx, sentences[last]):
            continue
        cue = _BASIS_CUE.search(sentence.text)
        if cue is None or _WITHDRAWAL.search(sentence.text):
            continue
        first = last
        while first > 0 and is_item(ctx, sentences[first - 1]):
            first -= 1
        lead = intro_of(ctx, first)
        if lead is None or not _PURPOSE_INTRO.search(lead.text) or _NOT_PURPOSE.search(lead.text):
            continue
        bases: list[str] = _bases(sentence.text[cue.start() :])
        said: list[Sentence] = [sentence]
        if not bases and sentence.text.rstrip().endswith(":"):
            listed = _listed_bases(ctx, sentence)
            if listed is not None:
                bases, said = listed
        if bases:
            members = frozenset(s.start for s in sentences[first : last + 1])
            scoped.append(_Titled(lead, None, members | {s.start for s in said},
                                  tuple(bases), said[-1], listed=True))  # fmt: skip
    return scoped


def _titled_basis(groups: list[_Titled], key: str, sentences: list[Sentence]) -> _Titled | None:
    """The titled processing a purpose is: the one its title names, or the one all the
    purpose's sentences stand under."""
    for group in groups:
        inside = [s.start in group.members for s in sentences]
        if group.key == key or (any(inside) if group.listed else all(inside)):
            return group
    return None


def _link(
    ctx: Context, path: tuple[str, str], sentences: list[Sentence], intro: Sentence | None
) -> None:
    """The recipients a purpose's own sentence names, and the data its list's
    introduction gives for all the purposes it lists ("de gegevens van de klant, zoals
    naam en adres, voor de volgende doeleinden:")."""
    from .categories import _gazetteer as categories
    from .recipients import _in

    named = [k for s in sentences for k in sorted(_in(s)) if ctx.has(("recipients", k))]
    if named:
        unique = list(dict.fromkeys(named))
        where = [s for s in sentences if _in(s) & set(unique)]
        ctx.put((*path, "recipients"), unique, where, "purposes.recipients.named")
    if intro is not None and _DATA_FOR.search(intro.text):
        keys = [k for k in categories().find(intro.text) if ctx.has(("categories", k))]
        if keys:
            ctx.put((*path, "categories"), keys, intro, "purposes.categories.intro")


_DATA_FOR = re.compile(
    r"(?:gegevens|data|informatie)\b[^.]{0,40}\b(?:zoals|namelijk|such as|including)\b", re.I
)


def _for_all_purposes(ctx: Context) -> str | None:
    """The one retention rule whose sentence speaks of the purposes in general ("niet
    langer dan nodig om de doelen te realiseren waarvoor ..."), when there is one."""
    general = [
        key
        for key, rule in ctx.data.get("retention", {}).items()
        if "keep" not in rule
        and "criteria" in rule
        and any(re.search(r"doel|purpose", s.text, re.I) for s in ctx.cited(("retention", key)))
    ]
    return general[0] if len(general) == 1 else None


# A heading that names what its section tells of, not a purpose the data serve: the
# rights, security and other measures, cookies, definitions, the complaint to the
# authority, retention, sharing, contact details, changes to the statement.
_NOT_PURPOSE_HEADING = re.compile(
    r"recht|rights?\b|beveilig|security|cookie|definitie|definition|klacht|complain|"
    r"bewaar|bewaren|retention|hoe lang|how long|derden|third|delen|sharing|verstrek|"
    r"doorgifte|transfer|wijziging|changes|toezicht|autoriteit|authority|contact|vragen|"
    r"questions|wie zijn|who we|verwerkingsverantwoordelijke|controller|minderjarig|kinderen|"
    r"children|grondslag|basis|privacy|persoonsgegevens|gegevens|data\b|information\b",
    re.I,
)
# Purposes a heading does not name on its own: measures ("Back-ups"), the complaint to the
# authority, a contact section, a tool's name ("Google Analytics").
_NOT_HEADED = frozenset(
    {"security", "backup", "complaint_handling", "communication", "website_analytics",
     "service_usage_analytics", "legal_compliance"}
)  # fmt: skip
# A sentence on the organisation's own use of data: "wij gebruiken uw e-mailadres",
# "uw gegevens worden (door ons) verwerkt", "we store your address".
_OWN_USE = re.compile(
    r"\b(?:wij|we|ik)\b[^.;]{0,60}?\b(?:gebruik\w*|verwerk\w*|bewar\w*|verzamel\w*|vragen|"
    r"vraag|registr\w*|slaan|sla|legg\w*|use|process|collect|store|keep|ask)\b|"
    r"\b(?:worden|wordt|are|is)\b[^.;]{0,40}?\b(?:gebruikt|verwerkt|bewaard|verzameld|"
    r"opgeslagen|vastgelegd|used|processed|stored|collected)\b",
    re.I,
)


def _headed(ctx: Context, gazetteer: Gazetteer, found: dict[str, list[Sentence]]) -> None:
    """A heading that names a purpose ("Bestellingen", "Nieuwsbrief", "Klantenservice")
    over a section that tells how the organisation uses data for it."""
    sentences = ctx.sentences
    for index, heading in enumerate(sentences):
        if not ctx.is_heading(heading):
            continue
        words = re.sub(r"^[#*\s\d.)]+", "", heading.text).strip(" *:?")
        if not words or len(words.split()) > 4 or _NOT_PURPOSE_HEADING.search(words):
            continue
        named = gazetteer.find(first_clause(words))
        keys = [k for k in named if k not in _NOT_HEADED and k not in found]
        if not keys:
            continue
        use = None
        for sentence in sentences[index + 1 : index + 16]:
            if ctx.is_heading(sentence):
                break
            text = sentence.text
            if (
                _OWN_USE.search(text)
                and _DATA_WORD.search(text)
                and not _NEGATED.search(text)
                and not _OTHERS.search(text)
            ):
                use = sentence
                break
        if use is not None:
            for key in keys:
                found[key] = [heading, use]


# The organisation or its site uses a service: "Wij gebruiken Google Analytics", "Deze
# website maakt gebruik van Matomo", "This website uses ...", "Plausible gebruiken we".
_USES = re.compile(
    r"\b(?:wij|we|ik|(?:deze|onze|this|our|the) (?:web)?site)\b[^.;]{0,30}?\b(?:gebruik\w*|"
    r"maakt gebruik|maken gebruik|uses?|using)\b|\b(?:gebruiken|gebruik) (?:wij|we|ik)\b",
    re.I,
)


def _analytics_used(ctx: Context, gazetteer: Gazetteer, found: dict[str, list[Sentence]]) -> None:
    """Website analytics where the organisation says it uses a service the catalogue of
    recipients knows as website statistics (Google Analytics, Matomo, Plausible)."""
    if "website_analytics" in found:
        return
    from .recipients import _in

    tools = _analytics_tools(gazetteer)
    for sentence, _match in ctx.search_text(_USES):
        if ctx.is_heading(sentence) or _NEGATED.search(sentence.text):
            continue
        if _in(sentence) & tools:
            found["website_analytics"] = [sentence]
            return


@cache
def _analytics_tools(gazetteer: Gazetteer) -> frozenset[str]:
    from ... import catalogue

    analytics = {"website_analytics", "service_usage_analytics"}
    return frozenset(
        key
        for key, recipient in catalogue.recipients().items()
        if analytics & set(gazetteer.find(recipient.label.nl))
    )


_NEWSLETTER = re.compile(r"nieuwsbrie\w+|newsletter|\bmailings?\b", re.IGNORECASE)
# "Wij bieden een nieuwsbrief", "U kunt zich aanmelden voor onze nieuwsbrief", "We send
# a newsletter", "you can subscribe to our newsletter": a newsletter the organisation
# sends.
_SENDS = re.compile(
    r"\b(?:wij|we|ons|onze|our)\b[^.]{0,30}\b(?:bieden|biedt|sturen|versturen|verzenden|"
    r"offer|send|publish)\b|\b(?:aanmelden|inschrijven|abonneren|subscribe|sign up)\b"
    r"[^.]{0,20}\b(?:voor|op|to|for)\b[^.]{0,10}\b(?:onze|de|our|the)\b",
    re.IGNORECASE,
)


def _newsletter(ctx: Context, found: dict[str, list[Sentence]]) -> None:
    """A newsletter the statement speaks of outside its list of purposes, and the
    consent it is sent on where the same sentence says so."""
    for sentence in ctx.sentences:
        if not _NEWSLETTER.search(sentence.text):
            continue
        if re.search(
            r"toestemming|consent|aangemeld|ingeschreven|subscribed|opt in|af te melden|afmelden|"
            r"uit te schrijven|uitschrijven|unsubscribe",
            sentence.text,
            re.I,
        ) or (_SENDS.search(sentence.text) and not _NEGATED.search(sentence.text)):
            key = "newsletter"
            found.setdefault(key, []).append(sentence)
            entry = ctx.data.setdefault("purposes", {}).setdefault(key, {})
            if re.search(r"toestemming|consent", sentence.text, re.I):
                entry.setdefault("_consent", [sentence])
            return


# A heading's roles that say its section is about something else than the purposes.
_OTHER_ROLES = frozenset({"recipients", "retention", "categories", "rights", "cookies", "security"})
# "Uitvoeren van onze diensten: om de overeenkomst uit te voeren": a purpose as the label
# of its line, what follows saying more of it.
_LABELLED_PURPOSE = re.compile(r"^\W*(?:\*\*)?(?P<label>[^:]{3,80}?)(?:\*\*)?\s*:\s+\S")


def _sectioned(ctx: Context, gazetteer: Gazetteer, found: dict[str, list[Sentence]]) -> None:
    """The purposes a section on the purposes lists, each as a list item or as the label
    of a line: "- Klantenservice" under "3.1 Uitvoering van de overeenkomst" under "3.
    Waarom verwerken wij uw gegevens?", whatever words introduce the list."""
    for sentence in sections_of(ctx, {"purposes", "bases"}, _OTHER_ROLES):
        if ctx.is_heading(sentence):
            _subheading(ctx, gazetteer, sentence, found)
            continue
        item = is_item(ctx, sentence)
        labelled = None if item else _LABELLED_PURPOSE.match(sentence.text)
        if not item and labelled is None:
            continue
        if is_field_line(sentence):
            continue
        words = labelled.group("label") if labelled else item_text(sentence)
        if not words or len(words.split()) > 12 or _NEGATED.search(words):
            continue
        if _bases(words) or _worded_bases(words):
            continue  # "De wettelijke verplichting om ... te bewaren": a basis listed
        lead = intro_of(ctx, ctx.index_of(sentence)) if item else None
        if lead is not None and _NEGATED.search(lead.text):
            continue  # "Wij gebruiken je gegevens niet voor:"
        key = _verb_named(gazetteer, words, gazetteer.best(first_clause(words)))
        if key is not None and sentence not in found.get(key, []):
            found.setdefault(key, []).append(sentence)


_PURPOSE_ANCHOR = re.compile(r"^purpose-")


def _subheading(
    ctx: Context, gazetteer: Gazetteer, heading: Sentence, found: dict[str, list[Sentence]]
) -> None:
    """A sub-heading under a heading on the purposes ("Waarvoor worden jouw gegevens
    gebruikt?" then "Fraudebestrijding", "Klantenservice") names a purpose: the section
    it heads tells of it. Not the heading that gives the section its role, nor one that
    names a basis ("Toestemming") or another topic ("Bijzondere gegevens")."""
    words = re.sub(r"^[#*\s\d.)]+", "", heading.text).strip(" *:?")
    if not words or len(words.split()) > 3 or _NEGATED.search(words):
        return  # a short name, not a sentence about something
    if any(pattern.search(words) for _role, pattern in ROLES):
        return  # "Waarvoor worden jouw gegevens gebruikt?": the section's own heading
    if _bases(words) or _worded_bases(words) or _BASIS_NAME.match(words):
        return
    index = ctx.block_index(heading)
    if index is not None and _PURPOSE_ANCHOR.match(ctx.text.blocks[index].anchor):
        return  # a rendered statement's purpose section: read as a block, by its key
    key = gazetteer.best(first_clause(words))
    if key is not None and heading not in found.get(key, []):
        found.setdefault(key, []).append(heading)


# "Toestemming (nieuwsbrief, marketingcookies), overeenkomst (dienstverlening)": each
# basis named with the purposes it is the ground of in brackets after it.
_BASIS_BRACKETS = re.compile(
    r"(?P<basis>toestemming|(?:uitvoering van (?:de |een )?)?overeenkomst|"
    r"wettelijke verplichting(?:en)?|gerechtvaardigde? belang(?:en)?|publieke taak|"
    r"algemeen belang|consent|contract|legal obligations?|legitimate interests?|"
    r"public task)\s*\((?P<inside>[^()]{3,120})\)",
    re.IGNORECASE,
)


def _basis_brackets(
    ctx: Context, gazetteer: Gazetteer, found: dict[str, list[Sentence]]
) -> dict[str, tuple[list[str], Sentence]]:
    """The purposes each basis is given for in brackets after its name, with the
    sentence; a purpose named there that no other sentence names is found here."""
    given: dict[str, tuple[list[str], Sentence]] = {}
    for sentence, match in ctx.search_text(_BASIS_BRACKETS):
        if _WITHDRAWAL.search(sentence.text):
            continue
        bases = _bases(match.group("basis"))
        if not bases:
            continue
        for key in gazetteer.find(match.group("inside")):
            if key in given:
                continue
            given[key] = (bases, sentence)
            if sentence not in found.get(key, []):
                found.setdefault(key, []).append(sentence)
    return given
