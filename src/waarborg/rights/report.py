"""The access report: one printable HTML document with a person's data and every item
of Art. 15(1)(a)-(h) for that person, in Dutch or English.

Each sentence has one source. The data comes from the rows found, shown under the
declaration's category labels (never a table or column name). The purposes are those
whose declared categories match the categories found; the recipients, transfers,
retention, sources and automated decisions are those the declaration states for
them. Where the declaration is silent the report says that it is not stated. The
rights are worded as the law words them, with their articles. A portability export
gets the same document with the data, the files and the rights only. Its words are
data, in ``i18n/<lang>/report.yaml``; dates and amounts are formatted by ``i18n``.
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

from .. import catalogue, i18n
from ..declaration import wording
from ..declaration.model import Declaration, Recipient
from . import found

__all__ = ["render_report", "report_name"]

#: Distinct values shown per category; the rest is in the JSON and CSV files.
SHOWN = 12
_UNSTATED = (None, "unstated")
_SAME = re.compile(r"[\s,;]+")


def _words(lang: str) -> dict[str, Any]:
    """The report's words in ``lang``: ``i18n/<lang>/report.yaml``."""
    found: dict[str, Any] = i18n.tree("report", lang)
    return found


def report_name(kind: str, lang: str) -> str:
    """The report's file name in the zip: ``inzage.html``, ``access-report.html``..."""
    return i18n.t(f"report.file.{kind}", lang)


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
        try:
            amount = Decimal(str(value))
        except ArithmeticError:
            return _value(value, lang, zone)
        if form == "eur_cents":
            amount = amount / 100
        return i18n.format_currency(amount, lang)
    if form == "date" and isinstance(value, str):
        try:
            return i18n.format_date(date.fromisoformat(value[:10]), lang)
        except ValueError:
            return _value(value, lang, zone)
    return _value(value, lang, zone)


def _value(value: Any, lang: str, zone: str) -> str:
    words = _words(lang)
    if isinstance(value, bool):
        return str(words["yes"] if value else words["no"])
    if isinstance(value, datetime):
        return i18n.format_datetime(value, lang, tz=zone)
    if isinstance(value, date):
        return i18n.format_date(value, lang)
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
    """Labels in quotes, as a list in a sentence: ``“a”, “b” en “c”``."""
    return i18n.format_list([i18n.t("report.quoted", lang, label=label) for label in labels], lang)


def _retention(declaration: Declaration, rule_key: str, lang: str) -> str:
    words = _words(lang)
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
    roles = _words(lang)["roles"]
    if recipient.role in _UNSTATED:
        return str(_words(lang)["not_stated"])
    return str(roles.get(recipient.role, _words(lang)["not_stated"]))


def _safeguard(key: str, recipient: Recipient, lang: str) -> str:
    words = _words(lang)
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
    words = _words(lang)
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
                text = str(words["source_named"]).format(source=text, name=name)
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
    words = _words(lang)
    org = declaration.controller.name
    day = i18n.format_date(made_at.astimezone(ZoneInfo(zone)).date(), lang)
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
            "line": str(words["authority"]).format(name=authority.label.get(lang)),
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
    if lang not in i18n.LANGUAGES:
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
    return (
        _environment()
        .get_template("report.html.j2")
        .render(number=lambda value: i18n.format_number(value, lang), **context)
    )
