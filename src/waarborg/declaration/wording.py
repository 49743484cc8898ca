"""The words of the privacy statement, the cookie declaration and the register.

Everything that is said the same way in more than one document is written once per
language, as data in ``i18n/<lang>/statement.yaml``, and put together here: what each
legal basis means in plain words, what each right lets a person do, how a transfer
outside the EEA is safeguarded, how a duration or a retention rule reads. Dutch
addresses the reader as "u"; English as "you".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import catalogue, i18n
from .model import Recipient, Retention
from .types import Duration, Text

__all__ = [
    "article",
    "authority_name",
    "authority_ref",
    "country_name",
    "duration_words",
    "event_words",
    "expiry_words",
    "format_date",
    "format_month",
    "in_eea",
    "join",
    "recipient_name",
    "retention_period",
    "retention_sentence",
    "text",
    "transfer_explanation",
    "transfer_short",
    "words",
]

# --- the words: data in i18n/<lang>/statement.yaml -----------------------------------


def words(lang: str) -> dict[str, Any]:
    """The statement's words in ``lang`` (``nl`` or ``en``): ``i18n``'s ``statement``."""
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of: nl, en")
    found: dict[str, Any] = i18n.tree("statement", lang)
    return found


# --- helpers -------------------------------------------------------------------------


def text(value: Text | None, lang: str) -> str:
    """``value`` in ``lang`` (falling back to the other language), or an empty string."""
    return "" if value is None else value.get(lang)


def join(items: list[str], lang: str, conjunction: str = "and") -> str:
    """``a``, ``a en b``, ``a, b en c`` (``and`` in English); ``of``/``or`` on request."""
    return i18n.format_list(items, lang, "or" if conjunction == "or" else "standard")


_ARTICLE = re.compile(r"^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")


def article(ref: str, lang: str) -> str:
    """An article reference such as ``6(1)(b)`` as a lawyer writes it.

    Dutch: ``art. 6 lid 1 sub b AVG``; English: ``Art. 6(1)(b) GDPR``.
    """
    match = _ARTICLE.match(ref.strip())
    if not match:
        return i18n.t("references.article.other", lang, ref=ref)
    number, paragraph, point = match.groups()
    form = "_".join(part for part, value in (("paragraph", paragraph), ("point", point)) if value)
    return i18n.t(
        f"references.article.{form or 'number'}",
        lang,
        number=number,
        paragraph=paragraph,
        point=point,
    )


def articles(refs: str, lang: str) -> str:
    """``13(1)(c), 6(1)`` as ``art. 13 lid 1 sub c AVG, art. 6 lid 1 AVG`` (or in
    English); a reference to another law, or a ruling, stays as it is."""
    out = []
    for group in refs.split(";"):
        for part in group.split(","):
            ref = part.strip()
            if ref.startswith("GDPR "):
                ref = ref[5:]
            if not ref or ref == "-":
                continue
            out.append(article(ref, lang) if ref[:1].isdigit() else ref)
    return ", ".join(out)


def authority_ref(authority: catalogue.Authority, lang: str) -> str:
    """A supervisory authority as named in a sentence: ``de Autoriteit Persoonsgegevens``,
    ``the Dutch Data Protection Authority (Autoriteit Persoonsgegevens)``."""
    label = authority.label.get(lang)
    if label != authority.name and i18n.tree("references.authority.official_name_too", lang):
        return i18n.t("references.authority.the_named", lang, label=label, name=authority.name)
    return i18n.t("references.authority.the", lang, label=label)


def authority_name(authority: catalogue.Authority, lang: str) -> str:
    """A supervisory authority's name on its own: its own name, with the name in
    ``lang`` before it where that language adds it."""
    label = authority.label.get(lang)
    if label != authority.name and i18n.tree("references.authority.official_name_too", lang):
        return i18n.t("references.authority.named", lang, label=label, name=authority.name)
    return authority.name


def duration_words(duration: Duration, lang: str) -> str:
    """``P4W`` as ``4 weken`` / ``4 weeks``; ``P1Y6M`` as ``1 jaar en 6 maanden``."""
    units = words(lang)["units"]
    parts = []
    for field in ("years", "months", "weeks", "days", "hours", "minutes", "seconds"):
        value = getattr(duration, field)
        if value:
            singular, plural = units[field]
            parts.append(f"{value} {singular if value == 1 else plural}")
    if not parts:
        return f"0 {units['days'][1]}"
    return join(parts, lang)


def expiry_words(expiry: Duration | str | None, lang: str) -> str:
    """A cookie's expiry in words; ``session`` as ``Sessie``; empty when not stated."""
    if isinstance(expiry, Duration):
        return duration_words(expiry, lang)
    if expiry == "session":
        return str(words(lang)["session"])
    return ""


def _is_zero(duration: Duration) -> bool:
    return duration.approx_days == 0


def event_words(event: str, lang: str) -> str:
    """The event a retention period is counted from, as a phrase after ``na``/``after``."""
    known = words(lang)["events"].get(event)
    if known:
        return str(known)
    return str(words(lang)["event_unknown"]).format(event=event.replace("_", " "))


def retention_period(rule: Retention, lang: str) -> str:
    """The period of a retention rule in words, e.g. ``7 jaar na de factuurdatum``.

    A rule without a period gives its criteria text, or an empty string.
    """
    w = words(lang)
    if rule.keep is None:
        return text(rule.criteria, lang)
    if rule.after == "collection":
        if _is_zero(rule.keep):
            return str(w["retention_immediately_collection"])
        return duration_words(rule.keep, lang)
    event = event_words(rule.after, lang)
    if _is_zero(rule.keep):
        return str(w["retention_immediately"]).format(event=event)
    return str(w["retention_after"]).format(duration=duration_words(rule.keep, lang), event=event)


def retention_sentence(rule: Retention, lang: str) -> str:
    """The whole rule in words: period, legal ground, what happens after, and criteria."""
    w = words(lang)
    period = retention_period(rule, lang)
    if not period:
        return ""
    if rule.keep is None:
        out = [_sentence(period)]
        if rule.hold:
            out.append(str(w["retention_hold_sentence"]).format(hold=rule.hold))
        if rule.then == "anonymise":
            out.append(str(w["retention_anonymise"]))
        return " ".join(out)
    first = period[0].upper() + period[1:]
    if rule.hold:
        first += ", " + str(w["retention_hold"]).format(hold=rule.hold)
    out = [_sentence(first)]
    if rule.criteria is not None:
        out.append(_sentence(text(rule.criteria, lang)))
    if rule.then == "anonymise":
        out.append(str(w["retention_anonymise"]))
    return " ".join(out)


def _sentence(value: str) -> str:
    value = value.strip()
    if value and value[-1] not in ".!?":
        value += "."
    return value


def in_eea(country: str | None) -> bool | None:
    """True inside the EEA, False outside, None when the country is not known."""
    if country in (None, "unstated"):
        return None
    if country == "EEA":
        return True
    if country == "EUROPE":
        return None  # Europe is not the EEA: Switzerland, the UK and others are outside
    return country in catalogue.EEA_COUNTRIES


def country_name(code: str | None, lang: str) -> str:
    """The country's name in ``lang`` (``US`` gives ``Verenigde Staten``)."""
    if code in (None, "unstated"):
        return ""
    if code == "EEA":
        return str(words(lang)["in_eea"])
    if code == "EUROPE":
        return i18n.t("catalogue.regions.europe", lang)
    name = catalogue.countries().get(code)
    return code if name is None else name.get(lang)


def format_date(value: date, lang: str) -> str:
    """``24 februari 2024`` / ``24 February 2024``."""
    return i18n.format_date(value, lang)


def format_month(year: int, month: int, lang: str) -> str:
    """``februari 2026`` / ``February 2026``."""
    return i18n.format_date(date(year, month, 1), lang, "LLLL y")


def recipient_name(key: str, recipient: Recipient, lang: str) -> str:
    """The recipient's name, or its label, or its key."""
    if recipient.name and recipient.name != "unstated":
        return recipient.name
    if recipient.label is not None:
        return recipient.label.get(lang)
    return key


def transfer_explanation(key: str, recipient: Recipient, lang: str) -> str:
    """How a transfer to this recipient is safeguarded, in a plain sentence.

    Empty when no valid safeguard is declared: a mechanism that is unstated, none, or
    invalid (Privacy Shield) is not presented as a safeguard.
    """
    mechanism: str | None = recipient.transfer
    templates = words(lang)["transfer"]
    if mechanism == "dpf" and not recipient.dpf_certified:
        mechanism = "dpf_uncertified"
    if mechanism not in templates:
        return ""
    sentence = str(templates[mechanism]).format(
        name=recipient_name(key, recipient, lang),
        country=country_name(recipient.country, lang),
    )
    if mechanism == "derogation" and recipient.derogation is not None:
        sentence += " " + _sentence(text(recipient.derogation, lang))
    return sentence


def transfer_short(recipient: Recipient, lang: str) -> str:
    """The safeguard of a transfer in a few words, for the register."""
    mechanism = recipient.transfer or "unstated"
    short = str(words(lang)["transfer_short"].get(mechanism, mechanism))
    if mechanism == "derogation" and recipient.derogation is not None:
        short += ": " + text(recipient.derogation, lang)
    return short
