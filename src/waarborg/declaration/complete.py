"""Fill in the names the built-in catalogues know for the entries a declaration names,
and the facts a declaration adopts from them.

A declaration may say just ``email: {}`` or ``mailchimp: {}``. After completion every
category, purpose, subject and recipient has its label (a name, not a claim) and DPV
term. Facts about how the organisation processes data are never filled in: what a
catalogue knows of a recipient (its role, country and transfer mechanism) or of a
cookie (provider, category, purpose, expiry) becomes part of the declaration only
where the entry adopts it with ``from_catalogue: true``. Each adopted fact is recorded
(``Declaration.adopted``) so the statement shows it with the catalogue's name and date.
What the declaration itself says always wins.

The checker knows more than the statement says: ``known`` gives it the catalogue's
facts for judging (is this a US transfer, does this cookie need consent), never for
publishing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from .. import catalogue, i18n
from .model import Category, Cookie, Declaration, Measure, Purpose, Recipient, Subject
from .types import Duration, Text

__all__ = ["catalogue_cookie", "catalogue_recipient", "complete"]

_M = TypeVar("_M", bound=BaseModel)


def _text(label: catalogue.Label | None) -> Text | None:
    return None if label is None else Text(nl=label.nl, en=label.en)


def _fill(entry: _M, **defaults: Any) -> tuple[_M, list[str]]:
    """``entry`` with ``defaults`` for the fields it leaves empty, and which it filled."""
    update = {
        key: value
        for key, value in defaults.items()
        if value is not None and getattr(entry, key) is None
    }
    return (entry.model_copy(update=update) if update else entry), list(update)


def _category(key: str, entry: Category) -> Category:
    known = catalogue.categories().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:PersonalData")[0]
    # The label names the data; a catalogue's description would speak for the
    # organisation ("for example from a phone's address book"), so it is not filled.
    return _fill(entry, label=_text(known.label), dpv=known.dpv, special=known.special)[0]


def _purpose(key: str, entry: Purpose) -> Purpose:
    known = catalogue.purposes().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:Purpose")[0]
    return _fill(
        entry,
        label=_text(known.label),
        dpv=known.dpv,
        direct_marketing=known.direct_marketing or None,
    )[0]


def _subject(key: str, entry: Subject) -> Subject:
    known = catalogue.subject_types().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:DataSubject")[0]
    return _fill(entry, label=_text(known.label), dpv=known.dpv)[0]


def catalogue_recipient(key: str, entry: Recipient) -> tuple[Recipient, list[str]]:
    """``entry`` with every fact the recipient catalogue knows filled in where the entry
    is silent, and the fields filled. For the checker's judgement, or for adoption."""
    found = catalogue.find_recipient(key, entry.name)
    if found is None:
        return entry, []
    known = found[1]
    transfer = None if entry.country not in (None, known.country) else known.transfer
    return _fill(
        entry,
        name=known.name,
        label=_text(known.label),
        role=known.role,
        country=known.country,
        transfer=transfer,
        dpf_certified=known.dpf_certified or None,
        dpv=known.dpv,
    )


def _recipient(key: str, entry: Recipient) -> tuple[Recipient, list[str]]:
    if entry.from_catalogue:
        filled, fields = catalogue_recipient(key, entry)
        return filled, [f for f in fields if f not in ("name", "dpv")]
    known = catalogue.recipients().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:Recipient")[0], []
    return _fill(entry, name=known.name, dpv=known.dpv)[0], []


def _measure(key: str, entry: Measure) -> Measure:
    known = catalogue.measures().get(key)
    if known is None:
        return _fill(entry, dpv="dpv:TechnicalOrganisationalMeasure")[0]
    return _fill(entry, label=_text(known.label), dpv=known.dpv)[0]


def catalogue_cookie(
    name: str, entry: Cookie, recipients: dict[str, Recipient]
) -> tuple[Cookie, list[str]]:
    """``entry`` with what the cookie catalogue (the Open Cookie Database) knows filled
    in where the entry is silent, and the fields filled."""
    lookup = entry.name if entry.name not in (None, "unstated") else name
    known = catalogue.find_cookie(str(lookup))
    if known is None:
        return _platform_cookie(entry)
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
        purpose=Text(
            nl=_cookie_purpose(category, known.platform, "nl"),
            en=known.description or _cookie_purpose(category, known.platform, "en"),
        ),
        expiry=expiry,
    )


def _platform_cookie(entry: Cookie) -> tuple[Cookie, list[str]]:
    """A cookie the statement does not name, placed by a known platform ("YouTube may
    place cookies"): of the kinds of cookie the platform places, the one that asks the
    most of the law (marketing before analytics before functional), since which of its
    cookies are placed is not said."""
    if entry.category is not None or not entry.provider or entry.provider == "unstated":
        return entry, []
    found = catalogue.find_recipient(entry.provider, entry.provider)
    if found is None:
        return entry, []
    kinds = catalogue.platform_categories(found[0])
    for kind in ("marketing", "personalisation", "analytics", "functional", "security"):
        if kind in kinds:
            return _fill(entry, category=kind)
    return entry, []


def _cookie_purpose(kind: str, platform: str, lang: str) -> str:
    """A catalogue cookie described by its kind and platform: ``Analytische cookie van
    Google Analytics``. The Open Cookie Database describes cookies in English only, so
    in Dutch (and in English where it gives no description) this stands until the
    declaration gives a purpose (``i18n/<lang>/catalogue.yaml``)."""
    return i18n.t(
        "catalogue.cookie_purpose",
        lang,
        kind=i18n.t(f"catalogue.cookie_kinds.{kind}", lang),
        platform=platform,
    )


def _cookie(name: str, entry: Cookie, recipients: dict[str, Recipient]) -> tuple[Cookie, list[str]]:
    if entry.name is None:
        entry = entry.model_copy(update={"name": name})
    if not entry.from_catalogue:
        return entry, []
    return catalogue_cookie(name, entry, recipients)


def complete(declaration: Declaration) -> Declaration:
    """Return ``declaration`` with catalogue names filled in, and the facts its entries
    adopt with ``from_catalogue: true`` (a new object)."""
    adopted: dict[tuple[str | int, ...], str] = {}
    recipients: dict[str, Recipient] = {}
    for key, entry in declaration.recipients.items():
        recipients[key], fields = _recipient(key, entry)
        adopted.update({("recipients", key, f): "recipients" for f in fields})
    cookies: dict[str, Cookie] = {}
    for key, cookie in declaration.cookies.items():
        cookies[key], fields = _cookie(key, cookie, declaration.recipients)
        adopted.update({("cookies", key, f): "cookies" for f in fields})
    update: dict[str, Any] = {
        "categories": {k: _category(k, v) for k, v in declaration.categories.items()},
        "purposes": {k: _purpose(k, v) for k, v in declaration.purposes.items()},
        "subjects": {k: _subject(k, v) for k, v in declaration.subjects.items()},
        "recipients": recipients,
        "cookies": cookies,
    }
    if declaration.security is not None:
        update["security"] = declaration.security.model_copy(
            update={
                "measures": {k: _measure(k, v) for k, v in declaration.security.measures.items()}
            }
        )
    completed = declaration.model_copy(update=update)
    # What the file itself gave stays told apart from what completion filled in.
    object.__setattr__(completed, "__pydantic_fields_set__", set(declaration.model_fields_set))
    completed._source = declaration._source
    completed._adopted = adopted
    completed._fides = declaration._fides
    return completed
