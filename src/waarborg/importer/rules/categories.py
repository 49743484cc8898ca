"""The categories of personal data the statement lists, matched against the catalogue
of categories by their Dutch and English labels and the phrases statements use for
them; a listed item the catalogue does not know becomes an entry of its own, labelled
with the statement's words."""

from __future__ import annotations

import re
from functools import cache

from ._context import Context, Sentence
from ._lists import Gazetteer, field_line, is_item, item_text, items_under, key_of, label_of

__all__ = ["categories"]

_PHRASES: dict[str, tuple[str, ...]] = {
    "name": ("naam", "namen", "voor en achternaam", "voornaam en achternaam",
             "first name and surname", "first name and last name", "first names and surnames",
             "voornamen en achternamen", "volledige naam", "naam en voorletters", "full name",
             "first and last name", "name", "naam contactpersoon", "naam van contactpersoon",
             "naam van de contactpersoon"),
    "first_name": ("voornaam", "roepnaam", "first name"),
    "last_name": ("achternaam", "tussenvoegsel en achternaam", "surname", "last name",
                  "family name"),
    "initials": ("voorletters", "initialen", "initials"),
    "date_of_birth": ("geboortedatum", "date of birth", "birth date", "birthday", "verjaardag"),
    "age": ("leeftijd", "age"),
    "gender": ("geslacht", "gender", "aanhef"),
    "nationality": ("nationaliteit", "nationality"),
    "email": ("emailadres", "emailadressen", "email adres", "mailadres", "email", "email address",
              "email contactpersoon", "privé emailadres", "(privé)emailadres",
              "emailadres contactpersoon"),
    "business_email": ("zakelijk emailadres", "zakelijke emailadres", "zakelijke emailadressen",
                       "business email", "business email address", "work email"),
    "phone": ("telephone numbers", "phone numbers", "telefoonnummer", "telefoonnummers",
              "mobiel nummer", "mobiele nummer", "mobiel telefoonnummer", "phone number",
              "telephone number", "phone", "mobile number", "telefoonnummer school"),
    "business_phone": ("zakelijk telefoonnummer", "zakelijke telefoonnummer", "business phone",
                       "business telephone number", "work phone"),
    "address": ("adres", "adresgegevens", "woonadres", "postadres", "afleveradres", "factuuradres",
                "huisadres", "naw gegevens", "nawgegevens", "address", "postal address",
                "home address", "delivery address", "billing address", "naam en adres"),
    "company_address": ("adresgegevens van bedrijfsvestiging", "adres van de bedrijfsvestiging",
                        "bedrijfsadres", "vestigingsadres", "business address", "company address"),
    "postcode": ("postcode", "postal code", "zip code"),
    "city": ("woonplaats", "town", "city of residence"),
    "bsn": ("burgerservicenummer", "bsn", "bsnnummer", "sofinummer", "citizen service number"),
    "passport_number": ("paspoortnummer", "passport number"),
    "id_document_copy": ("kopie identiteitsbewijs", "kopie van identiteitsbewijs",
                         "kopie van je identiteitsbewijs", "kopie id", "copy of identity document",
                         "copy of id"),
    "licence_plate": ("kenteken", "kentekennummer", "licence plate", "license plate"),
    "kvk": ("kvk nummer", "kvknummer", "kvk", "kamer van koophandel nummer",
            "inschrijfnummer kamer van koophandel", "chamber of commerce number", "kvk gegevens"),
    "vat_number": ("btw nummer", "btwnummer", "btw identificatienummer", "btw gegevens",
                   "vat number", "vat id"),
    "iban": ("iban", "iban nummer"),
    "bic": ("bic", "bic nummer"),
    "bank_account": ("bankrekeningnummer", "bankrekeningnummers", "rekeningnummer", "bankgegevens",
                     "bankrekening", "bank account", "bank account number", "bank details"),
    "payment_card": ("creditcardgegevens", "creditcardnummer", "credit card details",
                     "card details"),
    "payment_data": ("betaalgegevens", "betalingsgegevens", "payment details", "payment data",
                     "payment information"),
    "invoice_data": ("factuurgegevens", "facturen", "factuur", "invoice details", "invoices",
                     "inkoop en verkoopfacturen"),
    "transaction_history": ("transactiegegevens", "transacties", "transaction history",
                            "transactions"),
    "purchase_history": ("aankoopgeschiedenis", "aankoopgegevens", "koopgedrag",
                         "purchase history"),
    "order_data": ("bestelgegevens", "bestellingen", "ordergegevens", "order details", "orders",
                   "order history", "bestelgeschiedenis"),
    "ip_address": ("ipadres", "ipadressen", "ip adres", "ip address", "ip addresses", "ipaddress"),
    "device_type": ("apparaattype", "apparaat type", "type apparaat", "device type", "device"),
    "browser": ("internetbrowser", "browser", "browsertype", "browser type", "web browser"),
    "operating_system": ("besturingssysteem", "operating system"),
    "device_id": ("apparaat id", "device id", "device identifier"),
    "cookie_id": ("cookie id", "cookieid", "cookie identifier"),
    "location": ("locatiegegevens", "locatie", "location data", "location", "geolocatie"),
    "gps_location": ("gps locatie", "gpslocatie", "gps gegevens", "gps location"),
    "website_activity": ("data on your activities on our website", "activities on our website",
                         "data on your activities on our websites",
                         "gegevens over jouw activiteiten op onze website",
                         "gegevens over uw activiteiten op onze website",
                         "gegevens over je activiteiten op onze website",
                         "gegevens over uw activiteiten op onze websites",
                         "activiteiten op onze website", "surfgedrag", "klikgedrag",
                         "bezochte pagina s", "activity on our website", "zoekgedrag",
                         "browsing behaviour", "pages visited"),
    "cross_site_behaviour": ("surfgedrag over verschillende websites heen",
                             "surfgedrag over verschillende websites",
                             "browsing behaviour across websites",
                             "browsing behaviour across different websites"),
    "app_usage": ("appgebruik", "app gebruik", "app usage", "gebruik van de app"),
    "login_history": ("inlogtijden", "inloggeschiedenis", "login history", "login times"),
    "referrer": ("verwijzende website", "referrer", "referring website"),
    "preferences": ("voorkeuren", "voorkeursinstellingen", "preferences"),
    "interests": ("interesses", "interests"),
    "login_credentials": ("inloggegevens", "logingegevens", "login gegevens",
                          "login gegevens van uw account", "inloggegevens van uw account",
                          "login credentials", "login details"),
    "third_party_credentials": ("inloggegevens van derde partijen",
                                "inloggegevens voor derde partijen", "third party login details",
                                "third party credentials"),
    "username": ("gebruikersnaam", "username", "user name"),
    "password": ("wachtwoord", "password"),
    "account_data": ("accountgegevens", "account gegevens", "account details", "account data",
                     "gegevens van uw account"),
    "company_name": ("bedrijfsnaam", "naam van het bedrijf", "organisatienaam", "company name",
                     "naam organisatie", "naam van de organisatie"),
    "job_title": ("functietitel", "functie", "job title", "position"),
    "brin": ("brin nummer", "brinnummer", "brin", "brin nummer school"),
    "correspondence": ("correspondentie", "correspondence"),
    "chat_messages": ("chatberichten", "chatgesprekken", "chat messages"),
    "call_recording": ("gespreksopnames", "opnames van gesprekken", "call recordings"),
    "call_metadata": ("gespreksgegevens", "belgegevens", "call data", "call details"),
    "photo": ("foto", "foto s", "pasfoto", "photo", "photos", "profielfoto"),
    "camera_footage": ("camerabeelden", "cctv", "camera footage", "videobeelden"),
    "user_content": ("informatie die jij zelf upload", "informatie die je zelf upload",
                     "door u geplaatste inhoud", "user content", "content you upload"),
    "contact_list": ("lijst met contactgegevens", "contactenlijst", "contact list",
                     "lijst met contactgegevens van de klant via een applicatie"),
    "social_media_profile": ("social media profiel", "socialemediaprofiel", "social media account",
                             "social media profile"),
    "country_of_residence": ("land waar je woont", "land waar u woont", "het land waar je woont",
                             "woonland", "country of residence", "country you live in"),
    "health": ("gezondheidsgegevens", "medische gegevens", "gegevens over gezondheid",
               "health data", "medical data", "health information"),
    "criminal_data": ("strafrechtelijke gegevens", "criminal records",
                      "verklaring omtrent het gedrag", "vog"),
    "cv": ("cv", "curriculum vitae", "cv s"),
    "education": ("opleiding", "opleidingsgegevens", "education"),
    "membership": ("lidmaatschapsgegevens", "lidnummer", "membership details", "membership number"),
    "customer_number": ("klantnummer", "customer number"),
    "signature": ("handtekening", "signature"),
    "feedback": ("beoordelingen", "reviews", "feedback"),
    "marital_status": ("burgerlijke staat", "marital status"),
}  # fmt: skip

_DATA_INTRO = re.compile(
    r"gegevens|informatie|data\b|information|vragen (?:we|wij)|registreren|registreer|"
    r"verzamel|vergaren|vul\w* (?:jij|je|u)|invul|collect|we (?:process|hold|receive)",
    re.IGNORECASE,
)
_NOT_DATA = re.compile(
    r"\bdoel|doeleinden|purpose|waarom|waarvoor|\bwhy\b|rechten|\brights?\b|"
    r"wij (?:je|u|jou) niet|verwijder|partijen|third part|definitie|\bom\b.*\bte\b|\bderde|"
    r"tenzij|unless|toegestaan|"
    r"\bbeveilig|security|cookies?\b(?! en)",
    re.IGNORECASE,
)
# "Met Google Analytics verzamelen wij gegevens over jouw zoekgedrag", "Daarnaast zien we
# ook de informatie die jij zelf upload", "We collect your IP address": what the
# organisation collects, said in a sentence of its own.
_WE_COLLECT = re.compile(
    r"\b(?:(?:wij|we)\s+(?:(?:kunnen|mogen)\s+(?:\w+\s+)?)?"
    r"(?:verzamelen|verwerken|registreren|ontvangen|zien)|"
    r"(?:verzamelen|verwerken|registreren|ontvangen|zien)\s+(?:wij|we)|"
    r"we\s+(?:(?:can|may)\s+(?:\w+\s+)?)?(?:collect|process|record|receive|see))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"\b(?:om|omdat|zodat|wanneer|indien|to|because|so that|when|if)\b|[.;:]", re.IGNORECASE
)
_NOT_PROSE = re.compile(
    r"cookie|verwijder|bewaar|delete|retain|\bniet\b|\bnot\b|\bgeen\b|\bno\b", re.I
)
_PROSE = re.compile(
    r"(?:gegevens|data|informatie|information)[^.]{0,60}\b(?:zoals|namelijk|such as|including|"
    r"bijvoorbeeld)\b",
    re.IGNORECASE,
)


# "Naam: Bakkerij Jansen B.V.", "Adres: Dorpsstraat 1": a label with the value itself
# (an e-mail address, a web address, a number, an organisation's legal form).
_GIVES_A_VALUE = re.compile(
    r"^[^:]{1,30}:\s*(?=.*(?:@|https?://|www\.|\d{4}|\bB\.?V\.?(?!\w)|\bN\.?V\.?(?!\w)|"
    r"\bstichting\b|\bvereniging\b|\bfoundation\b|\bassociation\b|\bLtd\b|\bGmbH\b|"
    r"\w\.(?:nl|com|org|net|eu|be|biz|io)\b))",
    re.IGNORECASE,
)


# "per e-mail en telefoon", "by email", "voor correspondentie": how someone is reached,
# not data about them.
_CHANNEL = re.compile(
    r"\b(?:per|via|by|through)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b"
    r"(?:\s+(?:en|of|and|or)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b)?|"
    r"\b(?:voor|in|via|per|for|by|in)\s+(?:schriftelijke\s+|written\s+)?corresponden\w*",
    re.IGNORECASE,
)
# "Wij verwerken persoonsgegevens van:", "We process personal data of:": a list of people.
_PEOPLE_INTRO = re.compile(r"(?:gegevens|\bdata)\s+(?:van|of)\s*:\s*$", re.IGNORECASE)


def _contact_details(ctx: Context) -> set[int]:
    """The sentences that gave the organisation's own name, address, numbers or e-mail
    ("Adres: Laaresstraat 9, Enschede"): a detail of the organisation, not a kind of
    personal data it processes."""
    return {e.start for e in ctx.evidence if e.path[:1] == ("controller",)}


@cache
def _gazetteer() -> Gazetteer:
    from ... import catalogue

    entries: list[tuple[str, tuple[str, ...]]] = []
    for key, entry in catalogue.categories().items():
        entries.append((key, (entry.label.nl, entry.label.en, *_PHRASES.get(key, ()))))
    return Gazetteer(entries)


def categories(ctx: Context) -> None:
    gazetteer = _gazetteer()
    found: dict[str, list[Sentence]] = {}
    own: dict[str, tuple[str, Sentence]] = {}
    contact = _contact_details(ctx)
    for item, intro in items_under(ctx, _DATA_INTRO, _NOT_DATA):
        if item.start in contact or field_line(item) not in (None, "categories"):
            continue
        if _GIVES_A_VALUE.match(item_text(item)) or _PEOPLE_INTRO.search(intro.text):
            continue
        keys = gazetteer.find(_CHANNEL.sub(" ", item_text(item)))
        for key in keys:
            found.setdefault(key, []).append(item)
        words = item_text(item)
        if (
            not keys
            and intro.text.rstrip().endswith(":")
            and 0 < len(words.split()) <= 8
            and not re.search(r"\b(?:het|de)\s+\w+en\b", words, re.I)
        ):
            key = key_of(words, [*found, *own])
            own[key] = (label_of(words), item)
    for sentence in ctx.sentences:
        if is_item(ctx, sentence) or not _PROSE.search(sentence.text):
            continue
        if re.search(r"cookie|verwijder|bewaar|delete|retain", sentence.text, re.I):
            continue
        listing = sentence.text[_PROSE.search(sentence.text).end() :]  # type: ignore[union-attr]
        listing = re.split(r"\bvoor de volgende\b|\bfor the following\b|[:;]", listing)[0]
        for key in gazetteer.find(_CHANNEL.sub(" ", listing)):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_WE_COLLECT):
        if is_item(ctx, sentence) or _NOT_PROSE.search(sentence.text):
            continue
        listing = _CLAUSE_END.split(sentence.text[match.end() - sentence.start :], maxsplit=1)[0]
        for key in gazetteer.find(_CHANNEL.sub(" ", listing)):
            found.setdefault(key, []).append(sentence)
    if not found and not own:
        ctx.silent(("categories",), "categories")
        return
    for key, sentences in found.items():
        ctx.put(("categories", key), {}, sentences[:2], "categories.catalogue")
    for key, (label, sentence) in own.items():
        ctx.put(("categories", key), {"label": {ctx.lang: label}}, sentence, "categories.own")
