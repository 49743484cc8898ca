"""Values of the checker's words that are themselves words: what a rule names in a
finding, in each language. English as the checker has always written it (a key, a
code, an ISO duration), Dutch as a Dutch reader reads it (the catalogue's label, the
country's name, the duration in words). Declared names stay as declared."""

from __future__ import annotations

from collections.abc import Iterable

from ... import catalogue
from ..lint import Local, listed, phrase
from ..model import Declaration
from ..types import Duration
from ..wording import country_name, duration_words, text


def _lower_first(label: str) -> str:
    """``E-mailadres`` as ``e-mailadres`` inside a sentence; ``IP-adres`` and
    ``KvK-nummer`` stay."""
    first = label.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]):
        return label
    return label[:1].lower() + label[1:]


def label(d: Declaration, key: str, lang: str) -> str:
    """A category's label in ``lang``: as declared, or the catalogue's, or its key."""
    declared = d.categories.get(key)
    found = text(declared.label, lang) if declared is not None else ""
    if not found:
        known = catalogue.categories().get(key)
        found = known.label.get(lang) if known is not None else key
    return _lower_first(found)


def category(d: Declaration, key: str) -> Local:
    """A category: ``'email'`` in English, its label in quotes (e-mailadres) in Dutch."""
    return phrase("quoted", value=Local(nl=label(d, key, "nl"), en=key))


def categories(d: Declaration, keys: Iterable[str], *, quoted: bool = False) -> Local:
    """Categories as a list: ``email, phone`` (``'email', 'phone'`` when ``quoted``) in
    English, ``e-mailadres en telefoonnummer`` in Dutch."""
    keys = list(keys)
    return listed([Local(nl=label(d, k, "nl"), en=repr(k) if quoted else k) for k in keys])


def subject(d: Declaration, key: str) -> Local:
    """A type of data subject: ``'pupil'`` in English, its label in quotes (leerling) in Dutch."""
    declared = d.subjects.get(key)
    found = text(declared.label, "nl") if declared is not None else ""
    if not found:
        known = catalogue.subject_types().get(key)
        found = known.label.get("nl") if known is not None else key
    return phrase("quoted", value=Local(nl=_lower_first(found), en=key))


def country(code: str) -> Local:
    """A country: ``US`` in English, ``Verenigde Staten`` in Dutch."""
    if code == "EEA":
        return phrase("eea")
    return Local(nl=country_name(code, "nl") or code, en=code)


def countries(codes: Iterable[str]) -> Local:
    return listed([country(c) for c in codes])


def duration(value: Duration) -> Local:
    """A duration: ``P10Y`` in English, ``10 jaar`` in Dutch."""
    return Local(nl=duration_words(value, "nl"), en=str(value))
