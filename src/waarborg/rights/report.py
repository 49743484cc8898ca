"""The access report: one printable HTML document with a person's data and every item
of Art. 15(1)(a)-(h) for that person, in Dutch or English.

Each sentence has one source. The data comes from the rows found, shown under the
declaration's category labels (never a table or column name). The purposes are those
whose declared categories match the categories found; the recipients, transfers,
retention, sources and automated decisions are those the declaration states for
them. Where the declaration is silent the report says that it is not stated. The
rights are worded as the law words them, with their articles. A portability export
gets the same document with the data, the files and the rights only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from .. import catalogue
from ..declaration import wording
from ..declaration.model import Declaration, Recipient
from . import found

__all__ = ["REPORT_NAMES", "render_report"]

#: The report's file name in the zip, by kind and language.
REPORT_NAMES = {
    ("access", "nl"): "inzage.html",
    ("access", "en"): "access-report.html",
    ("portability", "nl"): "overdracht.html",
    ("portability", "en"): "portability-report.html",
}
#: Distinct values shown per category; the rest is in the JSON and CSV files.
SHOWN = 12
_UNSTATED = (None, "unstated")
_SAME = re.compile(r"[\s,;]+")

_WORDS: dict[str, dict[str, Any]] = {
    "nl": {
        "title": {
            "access": "Inzage in uw persoonsgegevens",
            "portability": "Uw gegevens om mee te nemen",
        },
        "meta": "Verzoek {request} · opgesteld op {date} · e-mailadres {email}",
        "intro": {
            "access": (
                "U vroeg {org} om inzage in uw persoonsgegevens (artikel 15 AVG). Wij "
                "verwerken persoonsgegevens van u. Dit overzicht laat zien welke gegevens wij "
                "op {date} onder het e-mailadres {email} van u hadden, en wat de wet ons vraagt "
                "erbij te vertellen (artikel 15, lid 1 AVG). Waar onze privacyverklaring iets "
                "niet vermeldt, staat dat er ook bij."
            ),
            "portability": (
                "U vroeg {org} om de persoonsgegevens die u ons zelf heeft verstrekt, om ze "
                "mee te nemen (artikel 20 AVG). Dit overzicht laat zien welke van die gegevens "
                "wij op {date} onder het e-mailadres {email} van u hadden."
            ),
        },
        "contents": "Inhoud",
        "h_data": "Uw gegevens",
        "data_intro": (
            "Per soort gegeven ziet u wat wij van u hebben, en in hoeveel vastleggingen het "
            "voorkomt."
        ),
        "th_category": "Soort gegeven",
        "th_values": "Wat wij van u hebben",
        "times": "in {n} vastleggingen",
        "more": "en nog {n} andere waarden",
        "files": (
            "Dezelfde gegevens staan, met alle velden van elke vastlegging, in de JSON- en "
            "CSV-bestanden in dit zip-bestand. Andere programma's kunnen die inlezen."
        ),
        "binary": "(bestand of binaire gegevens)",
        "yes": "ja",
        "no": "nee",
        "h_consents": "Uw toestemmingen",
        "consents_intro": "Zo heeft u toestemming gegeven of ingetrokken:",
        "th_when": "Wanneer",
        "th_purpose": "Waarvoor",
        "th_choice": "Keuze",
        "given": "gegeven",
        "withdrawn": "ingetrokken",
        "h_purposes": "Waarvoor wij uw gegevens gebruiken",
        "purposes_intro": (
            "Dit zijn de doelen in onze privacyverklaring die gegevens gebruiken van de "
            "soorten die wij van u hebben (artikel 15, lid 1, onder a AVG)."
        ),
        "basis": "Grondslag",
        "basis_unstated": "niet vermeld in onze privacyverklaring",
        "uses": "Gegevens van u",
        "kept_for": "Bewaartermijn",
        "h_categories": "Welke soorten gegevens",
        "categories_intro": (
            "Wij verwerken deze soorten persoonsgegevens van u (artikel 15, lid 1, onder b AVG):"
        ),
        "special": "bijzonder persoonsgegeven (artikel 9 AVG)",
        "criminal": "strafrechtelijk persoonsgegeven (artikel 10 AVG)",
        "h_recipients": "Met wie wij uw gegevens delen",
        "recipients_intro": (
            "Volgens onze privacyverklaring ontvangen deze organisaties gegevens voor de "
            "doelen hierboven (artikel 15, lid 1, onder c AVG):"
        ),
        "th_recipient": "Ontvanger",
        "th_role": "Rol",
        "th_country": "Land",
        "th_for": "Voor",
        "not_stated": "niet vermeld",
        "recipients_none": (
            "Voor {purposes} delen wij uw gegevens volgens onze privacyverklaring met niemand."
        ),
        "recipients_unstated": (
            "Voor {purposes} vermeldt onze privacyverklaring niet met wie wij gegevens delen."
        ),
        "roles": {
            "processor": "verwerker (verwerkt in onze opdracht)",
            "sub_processor": "subverwerker",
            "controller": "zelfstandig verwerkingsverantwoordelijke",
            "joint_controller": "gezamenlijk verwerkingsverantwoordelijke",
            "third_party": "derde",
            "authority": "overheidsinstantie",
        },
        "h_transfers": "Doorgifte buiten de Europese Economische Ruimte",
        "transfers_intro": (
            "Deze ontvangers verwerken gegevens in een land buiten de Europese Economische "
            "Ruimte (EER), waar de AVG niet vanzelf geldt. Daarbij staat de waarborg die "
            "onze privacyverklaring noemt (artikel 15, lid 2, en artikel 46 AVG):"
        ),
        "th_safeguard": "Waarborg",
        "transfers_none": (
            "Onze privacyverklaring noemt geen ontvanger van deze gegevens in een land "
            "buiten de EER."
        ),
        "transfers_unknown": (
            "Bij deze ontvangers vermeldt onze privacyverklaring niet in welk land zij de "
            "gegevens verwerken: {names}."
        ),
        "safeguard_unstated": "Welke waarborg geldt, vermeldt onze privacyverklaring niet.",
        "safeguard_none": "Onze privacyverklaring noemt geen waarborg voor deze doorgifte.",
        "safeguard_shield": (
            "Onze privacyverklaring noemt het EU-VS Privacy Shield. Het Hof van Justitie van "
            "de EU heeft dat op 16 juli 2020 ongeldig verklaard (zaak C-311/18); het is "
            "geen geldige waarborg."
        ),
        "h_retention": "Hoe lang wij uw gegevens bewaren",
        "retention_intro": (
            "Dit zijn de bewaartermijnen die onze privacyverklaring noemt voor de gegevens "
            "die wij van u hebben (artikel 15, lid 1, onder d AVG):"
        ),
        "th_period": "Bewaartermijn",
        "th_data": "Voor deze gegevens van u",
        "hold": "De wet verplicht ons de gegevens zo lang te bewaren ({hold}).",
        "anonymise": "Daarna anonimiseren wij de gegevens.",
        "retention_unstated": (
            "Voor deze gegevens vermeldt onze privacyverklaring geen bewaartermijn: {labels}."
        ),
        "h_sources": "Waar uw gegevens vandaan komen",
        "sources_intro": (
            "Wat onze privacyverklaring zegt over de herkomst (artikel 15, lid 1, onder g AVG):"
        ),
        "source": {
            "subject": "van u zelf",
            "observed": "verzameld toen u onze website of diensten gebruikte",
            "derived": "afgeleid uit andere gegevens die wij van u hebben",
            "third_party": "van een andere partij",
            "public_register": "uit een openbaar register",
        },
        "sources_unstated": (
            "Bij deze gegevens vermeldt onze privacyverklaring niet waar ze vandaan komen: "
            "{labels}."
        ),
        "h_automated": "Geautomatiseerde besluiten en profilering",
        "automated_yes": (
            "Bij “{purpose}” nemen wij besluiten die uitsluitend op geautomatiseerde "
            "verwerking berusten (artikel 22 AVG)."
        ),
        "profiling_only": (
            "Bij “{purpose}” maken wij gebruik van profilering. Wij nemen daarbij geen "
            "besluiten die uitsluitend op geautomatiseerde verwerking berusten."
        ),
        "logic": "Hoe het werkt: {text}",
        "significance": "Wat dit voor u betekent: {text}",
        "logic_unstated": (
            "Hoe het werkt en wat het voor u betekent, vermeldt onze privacyverklaring niet."
        ),
        "automated_rest": (
            "Bij de andere doelen hierboven vermeldt onze privacyverklaring geen "
            "geautomatiseerde besluiten of profilering (artikel 15, lid 1, onder h AVG)."
        ),
        "automated_all": (
            "Bij de doelen hierboven vermeldt onze privacyverklaring geen geautomatiseerde "
            "besluiten of profilering (artikel 15, lid 1, onder h AVG)."
        ),
        "h_rights": "Uw rechten",
        "rights_intro": "De AVG geeft u deze rechten (artikel 15, lid 1, onder e AVG):",
        "rights": [
            "U heeft het recht onjuiste persoonsgegevens over u te laten rectificeren en "
            "onvolledige te laten aanvullen (artikel 16 AVG).",
            "U heeft het recht uw persoonsgegevens te laten wissen, in de gevallen die "
            "artikel 17 AVG noemt, bijvoorbeeld als wij ze niet meer nodig hebben of als u "
            "uw toestemming intrekt.",
            "U heeft het recht de verwerking van uw persoonsgegevens te laten beperken, in de "
            "gevallen die artikel 18 AVG noemt, bijvoorbeeld zolang wij nagaan of uw gegevens "
            "juist zijn.",
            "U heeft het recht bezwaar te maken tegen verwerking op grond van een taak van "
            "algemeen belang of een gerechtvaardigd belang, en altijd tegen verwerking voor "
            "direct marketing (artikel 21 AVG).",
            "U heeft het recht de gegevens die u ons zelf heeft verstrekt in een gestructureerde, "
            "gangbare en machineleesbare vorm te ontvangen en aan een ander door te geven, als "
            "wij ze geautomatiseerd verwerken op grond van uw toestemming of een overeenkomst "
            "(artikel 20 AVG).",
            "Heeft u ergens toestemming voor gegeven, dan mag u die altijd intrekken. Wat "
            "daarvóór met uw toestemming gebeurde, blijft rechtmatig (artikel 7, lid 3 AVG).",
        ],
        "exercise": "Een verzoek kunt u richten aan {email}.",
        "h_complaint": "Klacht",
        "complaint": (
            "U heeft het recht een klacht in te dienen bij een toezichthoudende autoriteit, "
            "met name in het land waar u woont of werkt of waar de inbreuk plaatsvond "
            "(artikel 77 AVG; artikel 15, lid 1, onder f AVG)."
        ),
        "authority": "Onze toezichthouder is de {name}.",
        "complain_at": "Een klacht indienen kan hier:",
        "by_post": "Per post: {address}.",
        "footer": "Opgesteld door {org} op {date}, naar aanleiding van verzoek {request}.",
        "bases": {
            "consent": "uw toestemming (artikel 6, lid 1, onder a AVG)",
            "contract": (
                "nodig voor de uitvoering van een overeenkomst met u (artikel 6, lid 1, "
                "onder b AVG)"
            ),
            "legal_obligation": "een wettelijke verplichting (artikel 6, lid 1, onder c AVG)",
            "vital_interest": "vitale belangen (artikel 6, lid 1, onder d AVG)",
            "public_task": "een taak van algemeen belang (artikel 6, lid 1, onder e AVG)",
            "legitimate_interest": ("ons gerechtvaardigd belang (artikel 6, lid 1, onder f AVG)"),
        },
        "interest": "Ons belang: {text}",
    },
    "en": {
        "title": {
            "access": "Access to your personal data",
            "portability": "Your data to take with you",
        },
        "meta": "Request {request} · made on {date} · e-mail address {email}",
        "intro": {
            "access": (
                "You asked {org} for access to your personal data (Article 15 GDPR). We "
                "process personal data about you. This overview shows the data we held about "
                "you under the e-mail address {email} on {date}, and what the law asks us to "
                "tell you with it (Article 15(1) GDPR). Where our privacy statement does not "
                "say something, this overview says so."
            ),
            "portability": (
                "You asked {org} for the personal data you provided to us yourself, to take it "
                "with you (Article 20 GDPR). This overview shows which of that data we held "
                "about you under the e-mail address {email} on {date}."
            ),
        },
        "contents": "Contents",
        "h_data": "Your data",
        "data_intro": (
            "For each kind of data you see what we hold about you, and in how many records it "
            "appears."
        ),
        "th_category": "Kind of data",
        "th_values": "What we hold about you",
        "times": "in {n} records",
        "more": "and {n} other values",
        "files": (
            "The same data, with every field of each record, is in the JSON and CSV files in "
            "this zip file. Other programs can read them."
        ),
        "binary": "(file or binary data)",
        "yes": "yes",
        "no": "no",
        "h_consents": "Your consents",
        "consents_intro": "This is how you gave or withdrew consent:",
        "th_when": "When",
        "th_purpose": "For",
        "th_choice": "Choice",
        "given": "given",
        "withdrawn": "withdrawn",
        "h_purposes": "What we use your data for",
        "purposes_intro": (
            "These are the purposes in our privacy statement that use data of the kinds we "
            "hold about you (Article 15(1)(a) GDPR)."
        ),
        "basis": "Legal basis",
        "basis_unstated": "not stated in our privacy statement",
        "uses": "Your data",
        "kept_for": "Retention",
        "h_categories": "Which kinds of data",
        "categories_intro": (
            "We process these kinds of personal data about you (Article 15(1)(b) GDPR):"
        ),
        "special": "special category of personal data (Article 9 GDPR)",
        "criminal": "personal data relating to criminal convictions (Article 10 GDPR)",
        "h_recipients": "Who we share your data with",
        "recipients_intro": (
            "According to our privacy statement, these organisations receive data for the "
            "purposes above (Article 15(1)(c) GDPR):"
        ),
        "th_recipient": "Recipient",
        "th_role": "Role",
        "th_country": "Country",
        "th_for": "For",
        "not_stated": "not stated",
        "recipients_none": (
            "For {purposes}, our privacy statement says we share your data with no one."
        ),
        "recipients_unstated": (
            "For {purposes}, our privacy statement does not say who we share data with."
        ),
        "roles": {
            "processor": "processor (processes data on our behalf)",
            "sub_processor": "sub-processor",
            "controller": "independent controller",
            "joint_controller": "joint controller",
            "third_party": "third party",
            "authority": "public authority",
        },
        "h_transfers": "Transfers outside the European Economic Area",
        "transfers_intro": (
            "These recipients process data in a country outside the European Economic Area "
            "(EEA), where the GDPR does not apply by itself. With each is the safeguard our "
            "privacy statement names (Article 15(2) and Article 46 GDPR):"
        ),
        "th_safeguard": "Safeguard",
        "transfers_none": (
            "Our privacy statement names no recipient of this data in a country outside the EEA."
        ),
        "transfers_unknown": (
            "For these recipients our privacy statement does not say in which country they "
            "process the data: {names}."
        ),
        "safeguard_unstated": "Our privacy statement does not say which safeguard applies.",
        "safeguard_none": "Our privacy statement names no safeguard for this transfer.",
        "safeguard_shield": (
            "Our privacy statement names the EU-US Privacy Shield. The Court of Justice of the "
            "EU declared it invalid on 16 July 2020 (case C-311/18); it is not a valid "
            "safeguard."
        ),
        "h_retention": "How long we keep your data",
        "retention_intro": (
            "These are the retention periods our privacy statement gives for the data we hold "
            "about you (Article 15(1)(d) GDPR):"
        ),
        "th_period": "Retention period",
        "th_data": "For this data of yours",
        "hold": "The law requires us to keep the data that long ({hold}).",
        "anonymise": "After that we anonymise the data.",
        "retention_unstated": (
            "For this data our privacy statement gives no retention period: {labels}."
        ),
        "h_sources": "Where your data comes from",
        "sources_intro": (
            "What our privacy statement says about the source (Article 15(1)(g) GDPR):"
        ),
        "source": {
            "subject": "from you",
            "observed": "collected when you used our website or services",
            "derived": "derived from other data we hold about you",
            "third_party": "from another party",
            "public_register": "from a public register",
        },
        "sources_unstated": (
            "For this data our privacy statement does not say where it comes from: {labels}."
        ),
        "h_automated": "Automated decisions and profiling",
        "automated_yes": (
            "For “{purpose}” we take decisions based solely on automated processing "
            "(Article 22 GDPR)."
        ),
        "profiling_only": (
            "For “{purpose}” we use profiling. We take no decisions based solely on automated "
            "processing there."
        ),
        "logic": "How it works: {text}",
        "significance": "What it means for you: {text}",
        "logic_unstated": (
            "Our privacy statement does not say how it works or what it means for you."
        ),
        "automated_rest": (
            "For the other purposes above, our privacy statement mentions no automated "
            "decisions or profiling (Article 15(1)(h) GDPR)."
        ),
        "automated_all": (
            "For the purposes above, our privacy statement mentions no automated decisions or "
            "profiling (Article 15(1)(h) GDPR)."
        ),
        "h_rights": "Your rights",
        "rights_intro": "The GDPR gives you these rights (Article 15(1)(e) GDPR):",
        "rights": [
            "You have the right to have inaccurate personal data about you rectified and "
            "incomplete data completed (Article 16 GDPR).",
            "You have the right to have your personal data erased in the cases Article 17 GDPR "
            "sets out, for example when we no longer need it or when you withdraw your consent.",
            "You have the right to have the processing of your personal data restricted in the "
            "cases Article 18 GDPR sets out, for example while we check whether your data is "
            "accurate.",
            "You have the right to object to processing based on a task in the public interest "
            "or on a legitimate interest, and always to processing for direct marketing "
            "(Article 21 GDPR).",
            "You have the right to receive the data you provided to us in a structured, "
            "commonly used and machine-readable format and to pass it on to another "
            "organisation, where we process it by automated means on the basis of your consent "
            "or a contract (Article 20 GDPR).",
            "Where you gave consent, you may withdraw it at any time. What was done with your "
            "consent before remains lawful (Article 7(3) GDPR).",
        ],
        "exercise": "You can send a request to {email}.",
        "h_complaint": "Complaints",
        "complaint": (
            "You have the right to lodge a complaint with a supervisory authority, in "
            "particular in the country where you live or work or where the infringement took "
            "place (Article 77 GDPR; Article 15(1)(f) GDPR)."
        ),
        "authority": "Our supervisory authority is the {name}.",
        "complain_at": "You can lodge a complaint here:",
        "by_post": "By post: {address}.",
        "footer": "Made by {org} on {date}, in answer to request {request}.",
        "bases": {
            "consent": "your consent (Article 6(1)(a) GDPR)",
            "contract": "needed to perform a contract with you (Article 6(1)(b) GDPR)",
            "legal_obligation": "a legal obligation (Article 6(1)(c) GDPR)",
            "vital_interest": "vital interests (Article 6(1)(d) GDPR)",
            "public_task": "a task in the public interest (Article 6(1)(e) GDPR)",
            "legitimate_interest": "our legitimate interest (Article 6(1)(f) GDPR)",
        },
        "interest": "Our interest: {text}",
    },
}


@dataclass
class _Category:
    key: str
    label: str
    values: list[tuple[str, int]] = field(default_factory=list)
    more: int = 0
    note: str = ""


def _formatted(value: Any, form: str | None, lang: str, zone: str) -> str:
    """A value as the declaration says a person reads it (``columns.<c>.format``)."""
    if form in ("eur_cents", "eur") and isinstance(value, int | float | Decimal | str):
        from babel.numbers import format_currency

        try:
            amount = Decimal(str(value))
        except ArithmeticError:
            return _value(value, lang, zone)
        if form == "eur_cents":
            amount = amount / 100
        return str(format_currency(amount, "EUR", locale="nl_NL" if lang == "nl" else "en_IE"))
    if form == "date" and isinstance(value, str):
        try:
            return wording.format_date(date.fromisoformat(value[:10]), lang)
        except ValueError:
            return _value(value, lang, zone)
    return _value(value, lang, zone)


def _value(value: Any, lang: str, zone: str) -> str:
    words = _WORDS[lang]
    if isinstance(value, bool):
        return str(words["yes"] if value else words["no"])
    if isinstance(value, datetime):
        local = value.astimezone(ZoneInfo(zone)) if value.tzinfo else value
        return f"{wording.format_date(local.date(), lang)} {local:%H:%M}"
    if isinstance(value, date):
        return wording.format_date(value, lang)
    if isinstance(value, bytes | bytearray | memoryview):
        return str(words["binary"])
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _data(declaration: Declaration, rows: found.Rows, lang: str, zone: str) -> list[_Category]:
    """Per category found: its distinct values with how many records hold each."""
    counts: dict[str, Counter[str]] = {}
    shown: dict[str, dict[str, str]] = {}
    for store, tables in rows.items():
        for name, table_rows in tables.items():
            spec = found.table(declaration, store, name)
            if spec is None:
                continue
            by_category: dict[str, list[str]] = {}
            for column in spec.columns:
                by_category.setdefault(spec.column(column).category, []).append(column)
            for row in table_rows:
                for category, columns in by_category.items():
                    parts = [
                        shown_value
                        for c in columns
                        if row.get(c) is not None
                        and (shown_value := _formatted(row[c], spec.column(c).format, lang, zone))
                    ]
                    if parts:
                        joiner = " " if category in found.NAME_CATEGORIES else ", "
                        value = joiner.join(parts)
                        # One value however its record spells it ("7551 HT, Hengelo").
                        same = _SAME.sub(" ", value).strip().casefold()
                        shown.setdefault(category, {}).setdefault(same, value)
                        counts.setdefault(category, Counter())[same] += 1
    out = []
    for key in found.ordered(declaration, counts):
        ranked = [(shown[key][same], n) for same, n in counts[key].most_common()]
        out.append(
            _Category(
                key=key,
                label=found.category_label(declaration, key, lang),
                values=ranked[:SHOWN],
                more=max(0, len(ranked) - SHOWN),
            )
        )
    return out


def _labels(declaration: Declaration, keys: Sequence[str], lang: str) -> str:
    """Category labels as a list in a sentence; labels may hold commas themselves."""
    return "; ".join(found.category_label(declaration, key, lang) for key in keys)


def _purpose_label(declaration: Declaration, key: str, lang: str) -> str:
    return wording.text(declaration.purposes[key].label, lang) or key.replace("_", " ")


def _quoted(labels: Sequence[str], lang: str) -> str:
    items = [f"“{label}”" for label in labels]
    if len(items) <= 1:
        return "".join(items)
    conjunction = " en " if lang == "nl" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def _retention(declaration: Declaration, rule_key: str, lang: str) -> str:
    words = _WORDS[lang]
    rule = declaration.retention.get(rule_key)
    if rule is None:
        return ""
    period = wording.retention_period(rule, lang)
    if not period:
        return ""
    out = [period[0].upper() + period[1:] + ("" if period.endswith(".") else ".")]
    if rule.hold:
        out.append(str(words["hold"]).format(hold=rule.hold))
    if rule.then == "anonymise":
        out.append(str(words["anonymise"]))
    return " ".join(out)


def _recipient_role(recipient: Recipient, lang: str) -> str:
    roles = _WORDS[lang]["roles"]
    if recipient.role in _UNSTATED:
        return str(_WORDS[lang]["not_stated"])
    return str(roles.get(recipient.role, _WORDS[lang]["not_stated"]))


def _safeguard(key: str, recipient: Recipient, lang: str) -> str:
    words = _WORDS[lang]
    explained = wording.transfer_explanation(key, recipient, lang)
    if explained:
        return explained
    if recipient.transfer == "privacy_shield":
        return str(words["safeguard_shield"])
    if recipient.transfer == "none":
        return str(words["safeguard_none"])
    return str(words["safeguard_unstated"])


def _sources(
    declaration: Declaration, rows: found.Rows, categories: Sequence[str], lang: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """The source of each category found, as declared; and the labels of those whose
    source is not stated."""
    words = _WORDS[lang]
    provided: dict[str, bool] = {}
    for store, tables in rows.items():
        for name, table_rows in tables.items():
            spec = found.table(declaration, store, name)
            if spec is None or not table_rows:
                continue
            for column in spec.columns:
                declared = spec.column(column)
                if declared.provided is not None:
                    previous = provided.get(declared.category, True)
                    provided[declared.category] = previous and declared.provided
    stated: list[tuple[str, str]] = []
    silent: list[str] = []
    for key in categories:
        label = found.category_label(declaration, key, lang)
        category = declaration.categories.get(key)
        source = category.source if category is not None else None
        if source is not None and source.kind not in _UNSTATED:
            text = str(words["source"][source.kind])
            name = wording.text(source.name, lang)
            if name and source.kind in ("third_party", "public_register"):
                text += f": {name}"
            stated.append((label, text))
        elif (category is not None and category.provided) or provided.get(key):
            stated.append((label, str(words["source"]["subject"])))
        else:
            silent.append(label)
    return stated, silent


def _context(
    declaration: Declaration,
    rows: found.Rows,
    *,
    lang: str,
    kind: str,
    public_id: str,
    made_at: datetime,
    email: str,
    consents: Sequence[Mapping[str, Any]],
    zone: str,
) -> dict[str, Any]:
    words = _WORDS[lang]
    org = declaration.controller.name
    day = wording.format_date(made_at.astimezone(ZoneInfo(zone)).date(), lang)
    categories = found.found_categories(declaration, rows)
    context: dict[str, Any] = {
        "lang": lang,
        "kind": kind,
        "w": words,
        "org": org,
        "title": words["title"][kind],
        "meta": str(words["meta"]).format(request=public_id, date=day, email=email),
        "intro": str(words["intro"][kind]).format(org=org, date=day, email=email),
        "data": _data(declaration, rows, lang, zone),
        "footer": str(words["footer"]).format(org=org, date=day, request=public_id),
        "consents": [
            {
                "when": _value(datetime.fromisoformat(str(c["at"])), lang, zone),
                "purpose": (
                    _purpose_label(declaration, str(c["purpose"]), lang)
                    if c["purpose"] in declaration.purposes
                    else str(c["purpose"]).replace("_", " ")
                ),
                "choice": words["given"] if c["state"] == "given" else words["withdrawn"],
            }
            for c in consents
        ],
    }
    rights = declaration.rights
    contact = (rights.email if rights else None) or declaration.controller.email
    context["exercise"] = str(words["exercise"]).format(email=contact) if contact else ""
    authority = catalogue.authorities().get(declaration.controller.authority)
    context["authority"] = (
        None
        if authority is None
        else {
            "line": str(words["authority"]).format(
                name=authority.label.nl if lang == "nl" else authority.label.en
            ),
            "url": authority.complaint_url,
            "post": (
                str(words["by_post"]).format(address=authority.postal_address)
                if authority.postal_address
                else ""
            ),
        }
    )
    if kind != "access":
        return context

    # (a) the purposes of the data found, with their basis and retention
    purpose_keys = found.purposes_using(declaration, categories)
    purposes = []
    for key in purpose_keys:
        purpose = declaration.purposes[key]
        bases = [str(words["bases"][b]) for b in purpose.bases]
        uses = [c for c in categories if c in purpose.categories]
        retention = (
            _retention(declaration, str(purpose.retention), lang)
            if purpose.retention not in _UNSTATED
            else ""
        )
        purposes.append(
            {
                "label": _purpose_label(declaration, key, lang),
                "basis": "; ".join(bases) if bases else str(words["basis_unstated"]),
                "interest": (
                    str(words["interest"]).format(text=wording.text(purpose.interest, lang))
                    if purpose.interest is not None and "legitimate_interest" in purpose.bases
                    else ""
                ),
                "uses": _labels(declaration, uses, lang),
                "retention": retention or str(words["basis_unstated"]),
            }
        )
    context["purposes"] = purposes

    # (b) the categories
    context["categories"] = [
        {
            "label": found.category_label(declaration, key, lang),
            "note": (
                str(words["special"])
                if key in declaration.categories and declaration.categories[key].special == "art9"
                else str(words["criminal"])
                if key in declaration.categories and declaration.categories[key].special == "art10"
                else ""
            ),
        }
        for key in categories
    ]

    # (c) the recipients of those purposes, and transfers outside the EEA
    recipients: dict[str, list[str]] = {}
    none: list[str] = []
    unstated: list[str] = []
    for key in purpose_keys:
        purpose = declaration.purposes[key]
        label = _purpose_label(declaration, key, lang)
        if purpose.recipients == "none":
            none.append(label)
        elif isinstance(purpose.recipients, list) and purpose.recipients:
            for name in purpose.recipients:
                if name in declaration.recipients:
                    recipients.setdefault(name, []).append(label)
        else:
            unstated.append(label)
    rows_out = []
    transfers = []
    unknown_country = []
    for name in declaration.recipients:
        if name not in recipients:
            continue
        recipient = declaration.recipients[name]
        display = wording.recipient_name(name, recipient, lang)
        country = wording.country_name(recipient.country, lang)
        rows_out.append(
            {
                "name": display,
                "role": _recipient_role(recipient, lang),
                "country": country or str(words["not_stated"]),
                "purposes": _quoted(recipients[name], lang),
            }
        )
        if recipient.country in _UNSTATED:
            unknown_country.append(display)
        elif recipient.country != "EEA" and recipient.country not in catalogue.EEA_COUNTRIES:
            transfers.append(
                {
                    "name": display,
                    "country": country,
                    "safeguard": _safeguard(name, recipient, lang),
                }
            )
    context["recipients"] = rows_out
    context["recipients_none"] = (
        str(words["recipients_none"]).format(purposes=_quoted(none, lang)) if none else ""
    )
    context["recipients_unstated"] = (
        str(words["recipients_unstated"]).format(purposes=_quoted(unstated, lang))
        if unstated
        else ""
    )
    context["transfers"] = transfers
    context["transfers_unknown"] = (
        str(words["transfers_unknown"]).format(names="; ".join(unknown_country))
        if unknown_country
        else ""
    )

    # (d) retention, per rule, with the categories it covers
    by_rule: dict[str, list[str]] = {}
    without: list[str] = []
    for key in categories:
        category = declaration.categories.get(key)
        rules: list[str] = []
        if category is not None and category.retention is not None:
            rules = [category.retention]
        else:
            for pkey in purpose_keys:
                purpose = declaration.purposes[pkey]
                if key in purpose.categories and purpose.retention not in _UNSTATED:
                    rules.append(str(purpose.retention))
        texts = [r for r in dict.fromkeys(rules) if _retention(declaration, r, lang)]
        if not texts:
            without.append(found.category_label(declaration, key, lang))
        for rule in texts:
            by_rule.setdefault(rule, []).append(found.category_label(declaration, key, lang))
    context["retention"] = [
        {"period": _retention(declaration, rule, lang), "labels": "; ".join(labels)}
        for rule, labels in by_rule.items()
    ]
    context["retention_unstated"] = (
        str(words["retention_unstated"]).format(labels="; ".join(without)) if without else ""
    )

    # (g) the sources
    stated, silent = _sources(declaration, rows, categories, lang)
    context["sources"] = [{"label": label, "source": text} for label, text in stated]
    context["sources_unstated"] = (
        str(words["sources_unstated"]).format(labels="; ".join(silent)) if silent else ""
    )

    # (h) automated decisions and profiling
    automated = []
    quiet = []
    for key in purpose_keys:
        purpose = declaration.purposes[key]
        label = _purpose_label(declaration, key, lang)
        profiling = purpose.profiling
        decision: Any = None if profiling is None else profiling.automated_decision
        if profiling is None or decision in _UNSTATED:
            quiet.append(label)
            continue
        which = "automated_yes" if decision else "profiling_only"
        lines = [str(words[which]).format(purpose=label)]
        if decision:
            logic = wording.text(profiling.logic, lang)
            meaning = wording.text(profiling.significance, lang)
            if logic:
                lines.append(str(words["logic"]).format(text=logic))
            if meaning:
                lines.append(str(words["significance"]).format(text=meaning))
            if not (logic and meaning):
                lines.append(str(words["logic_unstated"]))
        automated.append(lines)
    context["automated"] = automated
    context["automated_rest"] = (
        ""
        if not quiet
        else str(words["automated_all"])
        if not automated
        else str(words["automated_rest"])
    )
    return context


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("waarborg.rights", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(
    declaration: Declaration,
    rows: found.Rows,
    *,
    lang: str,
    kind: str,
    public_id: str,
    made_at: datetime,
    email: str,
    consents: Sequence[Mapping[str, Any]] = (),
    zone: str = "Europe/Amsterdam",
) -> str:
    """The report as one HTML document (styles inline, nothing loaded from elsewhere)."""
    if lang not in _WORDS:
        raise ValueError(f"no report in language {lang!r}; use nl or en")
    context = _context(
        declaration,
        rows,
        lang=lang,
        kind=kind,
        public_id=public_id,
        made_at=made_at,
        email=email,
        consents=consents,
        zone=zone,
    )
    return _environment().get_template("report.html.j2").render(**context)
