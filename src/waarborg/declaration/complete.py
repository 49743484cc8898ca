"""Fill in what the built-in catalogues know about the entries a declaration names.

A declaration may say just ``email: {}`` or ``mailchimp: {}``; after completion every
category, purpose, subject and recipient has its labels and DPV term, recipients
have their country and transfer mechanism, and known cookies their details. What the
declaration itself says always wins.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from .. import catalogue
from .model import Category, Cookie, Declaration, Measure, Purpose, Recipient, Subject
from .types import Duration, Text

_M = TypeVar("_M", bound=BaseModel)


def _text(label: catalogue.Label | None) -> Text | None:
    return None if label is None else Text(nl=label.nl, en=label.en)


def _fill(entry: _M, **defaults: Any) -> _M:
    update = {
        key: value
        for key, value in defaults.items()
        if value is not None and getattr(entry, key) is None
    }
    return entry.model_copy(update=update) if update else entry


def _category(key: str, entry: Category) -> Category:
    known = catalogue.categories().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:PersonalData")
    return _fill(
        entry,
        label=_text(known.label),
        description=_text(known.description),
        dpv=known.dpv,
        special=known.special,
    )


def _purpose(key: str, entry: Purpose) -> Purpose:
    known = catalogue.purposes().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:Purpose")
    # A catalogue description describes the catalogue's purpose; under a label of the
    # organisation's own it could claim what the organisation never said.
    own_label = entry.label is not None
    return _fill(
        entry,
        label=_text(known.label),
        description=None if own_label else _text(known.description),
        dpv=known.dpv,
        direct_marketing=known.direct_marketing or None,
    )


def _subject(key: str, entry: Subject) -> Subject:
    known = catalogue.subject_types().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:DataSubject")
    return _fill(entry, label=_text(known.label), dpv=known.dpv)


def _recipient(key: str, entry: Recipient) -> Recipient:
    known = catalogue.recipients().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:Recipient")
    return _fill(
        entry,
        name=known.name,
        label=_text(known.label),
        role=known.role,
        country=known.country,
        transfer=None if entry.country not in (None, known.country) else known.transfer,
        dpf_certified=known.dpf_certified,
        dpv=known.dpv,
    )


def _measure(key: str, entry: Measure) -> Measure:
    known = catalogue.measures().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:TechnicalOrganisationalMeasure")
    return _fill(entry, label=_text(known.label), dpv=known.dpv)


def _cookie(name: str, entry: Cookie, recipients: dict[str, Recipient]) -> Cookie:
    lookup = entry.name or name
    known = catalogue.find_cookie(lookup)
    if entry.name is None:
        entry = entry.model_copy(update={"name": name})
    if known is None:
        return entry
    expiry: Any = None
    if known.expiry == "session":
        expiry = "session"
    elif known.expiry:
        expiry = Duration.parse(known.expiry)
    provider = known.recipient if known.recipient in recipients else known.platform
    category = entry.category or known.category
    return _fill(
        entry,
        provider=provider,
        category=known.category,
        purpose=Text(nl=f"{_COOKIE_KIND_NL[category]} van {known.platform}", en=known.description),
        expiry=expiry,
    )


# The Open Cookie Database describes cookies in English only; in Dutch a catalogue
# cookie is described by its kind and platform until the declaration gives a purpose.
_COOKIE_KIND_NL = {
    "functional": "Functionele cookie",
    "analytics": "Analytische cookie",
    "marketing": "Marketing- en advertentiecookie",
    "personalisation": "Cookie voor personalisatie",
    "security": "Beveiligingscookie",
}


def complete(declaration: Declaration) -> Declaration:
    """Return ``declaration`` with catalogue knowledge filled in (a new object)."""
    recipients = {k: _recipient(k, v) for k, v in declaration.recipients.items()}
    update: dict[str, Any] = {
        "categories": {k: _category(k, v) for k, v in declaration.categories.items()},
        "purposes": {k: _purpose(k, v) for k, v in declaration.purposes.items()},
        "subjects": {k: _subject(k, v) for k, v in declaration.subjects.items()},
        "recipients": recipients,
        "cookies": {k: _cookie(k, v, recipients) for k, v in declaration.cookies.items()},
    }
    if declaration.security is not None:
        update["security"] = declaration.security.model_copy(
            update={
                "measures": {k: _measure(k, v) for k, v in declaration.security.measures.items()}
            }
        )
    completed = declaration.model_copy(update=update)
    completed._source = declaration._source
    return completed
