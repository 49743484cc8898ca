"""What a column's name says it holds: a category of the built-in catalogue.

A name is split into words (``klant_geboortedatum``, ``dateOfBirth``), and the rules
below are tried in order; the first that matches gives the category. The scan reports
the category when the values do not already show it, so a column named ``diagnose``
counts as health data even when its sample says nothing a recognizer knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ALSO", "RULES", "category_of", "covering"]

#: (pattern over the column's words, category), tried in order.
RULES: tuple[tuple[str, str], ...] = (
    (r"\b(?:bsn|burgerservicenummer|sofi ?nummer|sofinr|citizen service number)\b", "bsn"),
    (r"\b(?:iban|rekeningnummer|bankrekening|rekening ?nr|account number)\b", "iban"),
    (r"\b(?:bic|swift)\b", "bic"),
    (r"\b(?:kvk|kvk ?nummer|coc number)\b", "kvk"),
    (r"\b(?:btw|btw ?nummer|vat|vat ?number|vat id)\b", "vat_number"),
    (r"\b(?:ip|ip ?address|ip ?adres|remote addr)\b", "ip_address"),
    (r"\b(?:e ?mail|email ?address|emailadres|mail)\b", "email"),
    (r"\b(?:phone|telefoon|telefoonnummer|tel|mobiel|mobile|gsm|fax)\b", "phone"),
    (r"\b(?:geboortedatum|date of birth|birth ?date|dob|birthday|geb ?datum)\b", "date_of_birth"),
    (r"\b(?:geboorteplaats|place of birth)\b", "place_of_birth"),
    (r"\b(?:postcode|zip|zip ?code|postal ?code)\b", "postcode"),
    (r"\b(?:adres|address|straat|street|huisnummer|house ?number)\b", "address"),
    (r"\b(?:woonplaats|city|plaats|town)\b", "city"),
    (r"\b(?:voornaam|voornamen|first ?name|given ?name|roepnaam)\b", "first_name"),
    (r"\b(?:achternaam|surname|last ?name|family ?name|familienaam)\b", "last_name"),
    (r"\b(?:naam|name|full ?name|contactpersoon|klantnaam)\b", "name"),
    (r"\b(?:paspoort|passport|paspoortnummer)\b", "passport_number"),
    (
        r"\b(?:id ?kaart|identiteitskaart|id ?card|documentnummer|document number)\b",
        "id_card_number",
    ),
    (
        r"\b(?:rijbewijs|driving licence|drivers license|drivers licence)\b",
        "drivers_licence_number",
    ),
    (r"\b(?:kenteken|licence plate|license plate|number plate)\b", "licence_plate"),
    (r"\b(?:geslacht|gender|sex)\b", "gender"),
    (r"\b(?:nationaliteit|nationality)\b", "nationality"),
    (r"\b(?:creditcard|credit card|card number|kaartnummer|pan)\b", "payment_card"),
    (r"\b(?:salaris|salary|loon|wage|income|inkomen)\b", "salary"),
    (r"\b(?:wachtwoord|password|passwd)\b", "password"),
    # Special categories (Art. 9) and criminal data (Art. 10).
    (
        r"diagnos|medisch|medical|gezondheid|health|ziekte|allergi|medicatie|medication"
        r"|handicap|beperking|disabilit|zwanger|pregnan|patient|patiënt",
        "health",
    ),
    (r"religi|geloof|godsdienst", "religious_beliefs"),
    (r"etnic|ethnic|afkomst|\brace\b", "racial_ethnic_origin"),
    (r"politie?ke? (?:voorkeur|partij|kleur)|political", "political_opinions"),
    (r"vakbond|trade union", "trade_union_membership"),
    (r"genetic|genetisch|\bdna\b", "genetic_data"),
    (r"biometri|vingerafdruk|fingerprint|face ?id|gezichtsherkenning", "biometric_data"),
    (r"seksu|sexual|geaardheid|orientation", "sex_life_orientation"),
    (r"strafblad|criminal|veroordeling|conviction|\bvog\b", "criminal_data"),
)
_COMPILED = tuple((re.compile(pattern), category) for pattern, category in RULES)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(name: str) -> str:
    """A column name as lower-case words: ``dateOfBirth`` and ``date_of_birth`` both
    become ``date of birth``."""
    spaced = _CAMEL.sub(" ", name)
    return " ".join(re.split(r"[^0-9a-zà-ÿ]+", spaced.lower())).strip()


#: A last word that makes a column a count, an amount or a flag about the data, not the
#: data itself (``vat_cents``, ``email_count``, ``phone_verified``).
NOT_DATA = frozenset(
    "cents amount bedrag count aantal total totaal rate pct percentage type kind soort "
    "status flag verified confirmed hash hashed length id ids key".split()
)


@lru_cache(maxsize=4096)
def category_of(name: str) -> str | None:
    """The category a column's name says it holds, or None."""
    text = words(name)
    if not text or text.rsplit(" ", 1)[-1] in NOT_DATA:
        return None
    for pattern, category in _COMPILED:
        if pattern.search(text):
            return category
    return None


#: Categories that also declare what a column's name says it holds (a column named
#: ``postcode`` is covered by a declared ``address``).
ALSO: dict[str, tuple[str, ...]] = {
    "name": ("first_name", "last_name"),
    "first_name": ("name",),
    "last_name": ("name",),
    "email": ("business_email", "contact_list"),
    "phone": ("business_phone", "emergency_contact", "contact_list"),
    "address": ("company_address", "postcode", "city"),
    "postcode": ("address", "company_address"),
    "city": ("address", "company_address", "location"),
    "iban": ("bank_account", "payment_data"),
    "bic": ("bank_account", "payment_data"),
    "payment_card": ("payment_data",),
    "passport_number": ("id_document_number", "id_document_copy"),
    "id_card_number": ("id_document_number", "id_document_copy"),
    "ip_address": ("online_identifier",),
    "date_of_birth": ("age",),
}


def covering(category: str) -> tuple[str, ...]:
    """The category and the others that declare the same data."""
    return (category, *ALSO.get(category, ()))
