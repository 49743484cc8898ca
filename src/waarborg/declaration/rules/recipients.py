"""Art. 13(1)(e)-(f), 28, 44-49: recipients, processors and transfers outside the EEA."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import catalogue
from ..complete import catalogue_recipient
from ..lint import Hit, Local, phrase, rule, say
from ..model import Declaration, Recipient, TransferClause
from ._values import countries
from ._values import country as country_words

#: The transfer mechanisms of Art. 45-49.
_MECHANISMS = ("adequacy", "dpf", "scc", "bcr", "derogation")
#: Transfers another rule reports: a mechanism, or Privacy Shield (transfer-privacy-shield).
_REPORTED = (*_MECHANISMS, "privacy_shield")


def _outside(country: str | None) -> bool:
    """Whether ``country`` is known to be outside the EEA. "EUROPE" is not known either
    way: it includes the EEA and countries outside it (rule recipient-country-europe)."""
    return country not in (None, "unstated", "EEA", "EUROPE") and (
        country not in catalogue.EEA_COUNTRIES
    )


def _outside_eea(r: Recipient) -> bool:
    return _outside(r.country)


def _clause_countries(t: TransferClause) -> Local:
    if t.countries == "unstated":
        return phrase("country.unnamed")
    return countries(t.countries)


def _clause_outside(t: TransferClause) -> list[str] | None:
    """The countries of a transfer clause outside the EEA; None when it names none (a
    clause records a transfer outside the EEA, so unnamed countries are outside)."""
    if t.countries == "unstated":
        return None
    return [c for c in t.countries if _outside(c)]


def _clause_needs_mechanism(t: TransferClause) -> bool:
    outside = _clause_outside(t)
    if outside is None:
        return True
    adequate = catalogue.adequate_countries()
    return any(c not in adequate for c in outside) or (
        bool(outside) and t.transfer not in (None, "none")
    )


def _known(key: str, r: Recipient) -> Recipient:
    """The recipient as the checker judges it: what is declared, and where the
    declaration is silent, what the recipient catalogue knows (never published)."""
    silent = {f: None for f in ("country", "role", "transfer") if getattr(r, f) == "unstated"}
    known = catalogue_recipient(key, r.model_copy(update=silent) if silent else r)[0]
    # A transfer mechanism is judged as declared: "unstated" stays unstated.
    return known.model_copy(update={"transfer": r.transfer}) if "transfer" in silent else known


def _country(key: str, r: Recipient) -> Local:
    """The country for a message, saying when it is the catalogue's and not declared."""
    if r.country not in (None, "unstated"):
        return country_words(str(r.country))
    known = _known(key, r).country
    if known:
        return phrase("country.catalogue", country=country_words(known))
    return phrase("country.unstated")


def _mechanism_missing(key: str, r: Recipient) -> bool:
    known = _known(key, r)
    if not _outside_eea(known) or r.transfer not in (None, "none", "unstated"):
        return False
    if r.safeguard_text is not None:
        return False  # a safeguard in words: rule transfer-safeguard-invalid
    return not (known.country in catalogue.adequate_countries() and r.transfer in (None, "none"))


def _name(key: str, r: Recipient) -> str:
    return key if r.name in (None, "unstated") else str(r.name)


@rule(
    "transfer-privacy-shield",
    "error",
    "44, 46; CJEU C-311/18 (Schrems II)",
    "No transfer relies on Privacy Shield",
    "Privacy Shield is invalid since 16 July 2020; use transfer: dpf for a self-certified "
    "US recipient, or scc (standard contractual clauses)",
)
def privacy_shield(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "privacy_shield":
            yield (
                ("recipients", key, "transfer"),
                say(
                    "transfer-privacy-shield.recipient",
                    name=_name(key, r),
                    country=_country(key, r),
                ),
            )
    for key, t in d.transfers.items():
        if t.transfer == "privacy_shield":
            yield (
                ("transfers", key, "transfer"),
                say("transfer-privacy-shield.clause", countries=_clause_countries(t)),
            )


@rule(
    "transfer-mechanism-missing",
    "error",
    "13(1)(f), 44-46",
    "Every transfer outside the EEA has a mechanism",
    "set recipients.<key>.transfer (or transfers.<key>.transfer) to adequacy, dpf, scc, "
    "bcr or derogation",
)
def mechanism(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if _mechanism_missing(key, r):
            yield (
                ("recipients", key),
                say(
                    "transfer-mechanism-missing.recipient",
                    name=_name(key, r),
                    country=_country(key, r),
                ),
            )
    for key, t in d.transfers.items():
        if (
            t.transfer in (None, "none", "unstated")
            and t.safeguard_text is None
            and _clause_needs_mechanism(t)
        ):
            yield (
                ("transfers", key),
                say("transfer-mechanism-missing.clause", countries=_clause_countries(t)),
            )


@rule(
    "transfer-adequacy-invalid",
    "error",
    "45",
    "An adequacy transfer goes to a country with an adequacy decision",
    "for the US use transfer: dpf (self-certified recipients only) or scc",
)
def adequacy(d: Declaration) -> Iterator[Hit]:
    adequate = catalogue.adequate_countries()
    for key, r in d.recipients.items():
        country = _known(key, r).country
        if r.transfer == "adequacy" and _outside_eea(_known(key, r)) and country not in adequate:
            yield (
                ("recipients", key, "transfer"),
                say(
                    "transfer-adequacy-invalid.recipient",
                    country=country_words(str(country)),
                    name=_name(key, r),
                ),
            )
    for key, t in d.transfers.items():
        outside = _clause_outside(t) or []
        wrong = [c for c in outside if c not in adequate]
        if t.transfer == "adequacy" and wrong:
            yield (
                ("transfers", key, "transfer"),
                say("transfer-adequacy-invalid.clause", countries=countries(wrong)),
            )


@rule(
    "transfer-dpf-unverified",
    "warning",
    "45; EU-US Data Privacy Framework",
    "A DPF transfer goes to a self-certified recipient",
    "check the recipient on the DPF list and set dpf_certified: true, or use scc",
)
def dpf(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "dpf" and not r.dpf_certified:
            listed = _known(key, r).dpf_certified
            said = "listed" if listed else "plain"
            yield ("recipients", key), say(f"transfer-dpf-unverified.{said}", name=_name(key, r))


@rule(
    "transfer-derogation-unexplained",
    "warning",
    "49",
    "A derogation names which one",
    "say which Art. 49(1) derogation applies in recipients.<key>.derogation",
)
def derogation(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "derogation" and r.derogation is None:
            yield ("recipients", key), say("transfer-derogation-unexplained", name=_name(key, r))


@rule(
    "recipient-country-unstated",
    "warning",
    "30(1)(e), 13(1)(f)",
    "Every recipient's country is known",
    "set recipients.<key>.country (ISO code, or EEA), or adopt the catalogue's with "
    "from_catalogue: true",
    scope="register",
)
def country(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.country not in (None, "unstated") or _mechanism_missing(key, r):
            continue  # stated, or reported as a transfer without a mechanism
        if r.transfer in ("dpf", "privacy_shield"):
            continue  # both only ever covered transfers to the US: the country is implied
        known = _known(key, r).country
        known = None if known == "unstated" else known
        if known is not None and not _outside_eea(_known(key, r)):
            continue  # in the EEA according to the catalogue: no transfer to tell
        yield (
            ("recipients", key),
            say(
                "recipient-country-unstated.catalogue",
                name=_name(key, r),
                country=country_words(known),
            )
            if known
            else say("recipient-country-unstated.plain", name=_name(key, r)),
        )


@rule(
    "recipient-role-unstated",
    "warning",
    "30(1)(d), 28",
    "Every recipient's role is known",
    "set recipients.<key>.role: processor, controller, joint_controller, third_party or authority",
    scope="register",
)
def role(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if _known(key, r).role in (None, "unstated"):
            yield ("recipients", key), say("recipient-role-unstated", name=_name(key, r))


@rule(
    "processor-agreement-missing",
    "warning",
    "28(3)",
    "Every processor has a processing agreement (verwerkersovereenkomst)",
    "record recipients.<key>.agreement: {date: ..., reference: ...} once it is signed",
    scope="register",
)
def agreement(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        role = _known(key, r).role
        if role in ("processor", "sub_processor") and r.agreement in (None, False, "unstated"):
            yield ("recipients", key), say("processor-agreement-missing", name=_name(key, r))


@rule(
    "recipients-unstated",
    "warning",
    "13(1)(e)",
    "Every purpose says who receives the data",
    "list the recipients in purposes.<key>.recipients, or write recipients: none",
)
def recipients_unstated(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.recipients == "unstated":
            yield ("purposes", key, "recipients"), say("recipients-unstated", key=key)


@rule(
    "recipient-unused",
    "info",
    "13(1)(e)",
    "Every declared recipient receives data for a purpose",
    "name the recipient in a purpose, or remove it",
)
def unused(d: Declaration) -> Iterator[Hit]:
    used = {r for p in d.purposes.values() if isinstance(p.recipients, list) for r in p.recipients}
    for client in d.processing_for.values():
        used.update(client.subprocessors)
    providers = {c.provider for c in d.cookies.values()}
    for key in d.recipients:
        if key not in used and key not in providers:
            yield ("recipients", key), say("recipient-unused", key=key)


@rule(
    "transfer-safeguard-invalid",
    "error",
    "13(1)(f), 44-46",
    "A transfer rests on a mechanism of Art. 45-49, not on a safeguard in words",
    "'GDPR compliant' or 'zorgvuldig geselecteerd' is no transfer mechanism: agree "
    "standard contractual clauses (transfer: scc), or name the adequacy decision, DPF "
    "certification, binding corporate rules or Art. 49 derogation that applies",
)
def safeguard_invalid(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.safeguard_text is None or r.transfer in _REPORTED:
            continue
        country = _known(key, r).country
        if country in ("EEA", "EUROPE") or country in catalogue.EEA_COUNTRIES:
            continue  # no transfer known, or one rule recipient-country-europe reports
        yield (
            ("recipients", key, "safeguard_text"),
            say(
                "transfer-safeguard-invalid.recipient",
                name=_name(key, r),
                country=_country(key, r),
                safeguard=r.safeguard_text.get("nl"),
            ),
        )
    for key, t in d.transfers.items():
        if t.safeguard_text is None or t.transfer in _REPORTED:
            continue
        outside = _clause_outside(t)
        if outside is not None and not outside:
            continue
        yield (
            ("transfers", key, "safeguard_text"),
            say(
                "transfer-safeguard-invalid.clause",
                countries=_clause_countries(t),
                safeguard=t.safeguard_text.get("nl"),
            ),
        )


@rule(
    "transfer-recipients-unstated",
    "warning",
    "13(1)(e)-(f)",
    "A transfer outside the EEA says who receives the data",
    "name the recipients abroad under 'recipients:' with their country and transfer "
    "mechanism, and drop the clause from 'transfers:'",
)
def transfer_recipients(d: Declaration) -> Iterator[Hit]:
    for key, t in d.transfers.items():
        outside = _clause_outside(t)
        if outside is not None and not outside and "EUROPE" not in t.countries:
            continue  # only EEA countries: no transfer
        yield (
            ("transfers", key),
            say("transfer-recipients-unstated", countries=_clause_countries(t)),
        )


@rule(
    "recipient-country-europe",
    "warning",
    "13(1)(f), 44",
    "Where data goes is the EEA or a named country, not 'Europe'",
    "Europe is not the EEA (the United Kingdom, Switzerland and others are outside it): "
    "set the country, or EEA when the data stays in the EEA",
)
def europe(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.country == "EUROPE":
            yield (
                ("recipients", key, "country"),
                say("recipient-country-europe.recipient", name=_name(key, r)),
            )
    for key, t in d.transfers.items():
        if t.countries != "unstated" and "EUROPE" in t.countries:
            yield ("transfers", key, "countries"), say("recipient-country-europe.clause")


# A recipient described only as "derden", "partners" or "andere bedrijven" is neither
# named nor a category of recipients: Art. 13(1)(e) allows categories, but they must say
# what kind of party receives the data (EDPB/WP29 transparency guidelines, WP260 rev.01:
# type, sector, location). These words, and the phrases that describe any processor
# ("die delen van de overeenkomst uitvoeren", "on our behalf"), say nothing of that.
_GENERIC_ROLE = re.compile(
    r"\bdie (?:(?:onder)?delen van )?(?:de |onze )?(?:overeenkomst|opdracht|dienstverlening"
    r"|diensten) (?:uitvoeren|uitvoert|verzorgen|verzorgt)\b"
    r"|\b(?:voor|bij) de uitvoering van (?:de |onze )?(?:overeenkomst|opdracht"
    r"|dienstverlening|diensten)\b"
    r"|\b(?:that|who|which) (?:help us )?(?:carry out|carries out|perform|performs) "
    r"(?:parts of )?(?:the |our )?(?:agreement|contract|services?)\b"
    r"|\b(?:to perform|for the performance of) (?:the |our )?(?:agreement|contract)\b"
    r"|\bin onze opdracht\b|\bnamens ons\b|\bon our behalf\b"
)
_GENERIC_KIND_WORDS = frozenset(
    """
    derde derden derdepartij derdepartijen partij partijen partner partners
    samenwerkingspartner samenwerkingspartners bedrijf bedrijven organisatie organisaties
    onderneming ondernemingen instelling instellingen reseller resellers wederverkoper
    wederverkopers leverancier leveranciers dienstverlener dienstverleners verwerker
    verwerkers subverwerker subverwerkers ontvanger ontvangers instantie instanties
    third thirds party parties partner partners company companies business businesses
    organisation organisations organization organizations firm firms entity entities
    supplier suppliers vendor vendors provider providers service services processor
    processors subprocessor subprocessors sub recipient recipients
    andere anderen overige diverse verschillende externe ingeschakelde geselecteerde
    zorgvuldig betrouwbare bepaalde sommige enkele
    other others various external selected trusted certain some carefully engaged
    de het een en of die wij we ons onze zoals bijvoorbeeld waaronder met
    the a an and or that which who us our such as for example including with
    niet genoemd onbekend not named unnamed unknown
    """.split()
)


def _generic_kind(text: str) -> bool:
    """Whether ``text`` describes a recipient only as some party ("derden", "resellers
    en andere ingeschakelde bedrijven"), not by what kind of party it is."""
    text = _GENERIC_ROLE.sub(" ", text.lower())
    words = re.findall(r"[^\W\d_]+", text)
    return all(word in _GENERIC_KIND_WORDS for word in words)


@rule(
    "recipient-unnamed",
    "warning",
    "13(1)(e)",
    "Every recipient is named, or described by a category that says what kind of party it is",
    "name the recipient (recipients.<key>.name), or give a category that says what it "
    "does, such as 'boekhouder' or 'hostingprovider in Nederland' "
    "(recipients.<key>.label); 'derden' or 'partners' tells the reader nothing",
)
def unnamed(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.named is True:
            continue
        texts = [
            value
            for value in (
                r.name if r.name not in (None, "unstated") else None,
                *((r.label.nl, r.label.en) if r.label is not None else ()),
            )
            if value
        ]
        if r.named is None and r.name not in (None, "unstated") and not _generic_kind(r.name):
            continue  # a name of its own
        if any(not _generic_kind(text) for text in texts):
            continue  # a category of recipients that says what kind of party
        said = phrase("only", text=texts[0]) if texts else ""
        yield ("recipients", key), say("recipient-unnamed", key=key, said=said)
