"""Art. 5(1)(b)-(c) and 13(1)(c): every category has a purpose, and every purpose is
specific."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import catalogue
from ..lint import Hit, Local, phrase, rule, say
from ..model import Category, Declaration
from ._values import category


def _unused(d: Declaration) -> list[str]:
    used = {c for p in d.purposes.values() for c in p.categories}
    for client in d.processing_for.values():
        if isinstance(client.categories, list):
            used.update(client.categories)
    return [key for key in d.categories if key not in used]


#: An organisation's identifiers: personal data only where the organisation is one person.
_BUSINESS_IDENTIFIERS = frozenset({"kvk", "vat_number", "brin", "company_name", "company_address"})


def _low_risk(key: str, c: Category) -> Local | None:
    """Why an unused category weighs little, or None. Data the website or app observes
    while it is used (an IP address, the browser, a location) arrives whether or not it
    is used; an organisation's identifiers are personal data only for a sole trader.
    Special-category, criminal and statutory data never weighs little."""
    known = catalogue.categories().get(key)
    if c.special is not None or (known is not None and known.needs_statute):
        return None
    if c.source is not None and c.source.kind == "observed":
        return phrase("low_risk.observed")
    if key in _BUSINESS_IDENTIFIERS:
        return phrase("low_risk.organisation")
    return None


@rule(
    "category-unused",
    "warning",
    "5(1)(b)-(c), 13(1)(c)",
    "Every category the organisation collects is used for a stated purpose",
    "name the category in the purposes it serves (purposes.<key>.categories), or stop "
    "collecting it and remove it",
)
def unused(d: Declaration) -> Iterator[Hit]:
    for key in _unused(d):
        if _low_risk(key, d.categories[key]) is None:
            yield ("categories", key), say("category-unused", category=category(d, key))


@rule(
    "low-risk-data-unused",
    "info",
    "5(1)(c), 13(1)(c)",
    "Data observed while the service is used, and an organisation's identifiers, are used "
    "for a stated purpose",
    "name the category in the purposes it serves, or stop recording it (for observed "
    "data: anonymise or drop it at the server)",
)
def low_risk_unused(d: Declaration) -> Iterator[Hit]:
    for key in _unused(d):
        why = _low_risk(key, d.categories[key])
        if why is not None:
            yield (
                ("categories", key),
                say("low-risk-data-unused", category=category(d, key), why=why),
            )


# A purpose that only refers back to itself ("voor het doel waarvoor u de gegevens heeft
# verstrekt") or to purposes in general ("andere doeleinden") names no purpose at all:
# Art. 5(1)(b) asks for specified and explicit purposes, and Art. 13(1)(c) for the
# purposes themselves. Broad but real purposes ("verbeteren van onze dienstverlening")
# are not caught here: they are a matter of degree, not of absence.
_VAGUE_PURPOSE = re.compile(
    r"\b(?:het|de|dat|die) (?:doel|doelen|doeleinden) waarvoor\b"
    r"|\b(?:the|that|those) purposes? for which\b"
    r"|\b(?:(?:andere|overige|diverse|verschillende|allerlei|aanverwante|soortgelijke"
    r"|vergelijkbare|toekomstige|alle|elk|ieder|interne|zakelijke|wettelijk|rechtmatige?"
    r"|legitieme?|toegestane?|gerechtvaardigde?) )+(?:doel|doelen|doeleinden)\b"
    r"|\b(?:(?:other|various|miscellaneous|similar|related|future|any|all|internal"
    r"|business|lawful|legitimate|permitted) )+purposes?\b"
)


@rule(
    "purpose-vague",
    "warning",
    "5(1)(b), 13(1)(c)",
    "Every purpose says what the data is for",
    "describe what is done with the data ('facturen versturen', 'uw bestelling "
    "bezorgen'); 'het doel waarvoor de gegevens zijn verstrekt' or 'andere doeleinden' "
    "names no purpose",
)
def vague_purpose(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        text = p.label or p.description
        if text is None:
            continue
        for value in (text.nl, text.en):
            match = _VAGUE_PURPOSE.search(value.lower()) if value else None
            if match:
                yield (
                    ("purposes", key, "label" if p.label is not None else "description"),
                    say("purpose-vague", key=key, value=value),
                )
                break
