"""One declaration in one language: its words, and the names of its entries as the
statement writes them."""

from __future__ import annotations

import re
from typing import Any

from ... import catalogue
from ..document import Source, Span, declared, law
from ..model import Address, Declaration
from ..wording import (
    authority_name,
    authority_ref,
    country_name,
    format_date,
    format_month,
    join,
    recipient_name,
    text,
    words,
)

__all__ = [
    "Context",
    "declared",
    "full_stop",
    "law",
    "lower_first",
    "mailto",
    "tel",
    "upper_first",
]


class Context:
    """What every section of the statement reads: the declaration ``d``, the language
    ``lang`` and its word list ``w``."""

    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.d = declaration
        self.lang = lang
        self.w = words(lang)

    def t(self, key: str, **kwargs: Any) -> str:
        """The sentence ``key`` of the word list, with ``kwargs`` filled in."""
        value = str(self.w[key])
        return value.format(**kwargs) if kwargs else value

    # --- sources ----------------------------------------------------------------------

    def src(self, *path: str | int) -> Source:
        """The source of the fact at ``path``: declared, or the catalogue the entry
        adopts it from (``from_catalogue: true``)."""
        name = self.d.adopted.get(tuple(path))
        if name is None:
            return declared(tuple(path))
        return self.catalogue_src(name, tuple(path))

    def of(self, *paths: tuple[str | int, ...]) -> Source:
        """The source of a sentence resting on ``paths``: declared, or the catalogue when
        one of them is a fact adopted from it."""
        adopted = [p for p in paths if p in self.d.adopted]
        if adopted:
            adopting = dict.fromkeys((*p[:2], "from_catalogue") for p in adopted)
            return self.catalogue_src(self.d.adopted[adopted[0]], *adopting, *paths)
        return declared(*paths)

    def catalogue_src(self, name: str, *paths: tuple[str | int, ...]) -> Source:
        p = catalogue.provenance(name)
        return Source("catalogue", (p.name.en, p.as_of.isoformat()), tuple(paths))

    def adopted(self, *prefix: str | int) -> dict[str, str]:
        """The facts under ``prefix`` adopted from a catalogue: field, and catalogue."""
        n = len(prefix)
        return {
            str(path[n]): name
            for path, name in self.d.adopted.items()
            if path[:n] == tuple(prefix) and len(path) > n
        }

    def catalogue_note(self, subject: str, *prefix: str | int) -> Span | None:
        """Which facts of an entry come from a catalogue, with its name and date."""
        adopted = self.adopted(*prefix)
        if not adopted:
            return None
        names = set(adopted.values())
        facts = [str(self.w["catalogue_facts"].get(f, f)) for f in adopted]
        spans = []
        for name in sorted(names):
            p = catalogue.provenance(name)
            spans.append(
                self.t(
                    "catalogue_note",
                    facts=f"{subject}: {join(facts, self.lang)}",
                    source=p.name.get(self.lang),
                    date=format_date(p.as_of, self.lang),
                )
            )
        paths = ((*prefix, "from_catalogue"), *((*prefix, f) for f in adopted))
        return Span(" ".join(spans), self.catalogue_src(sorted(names)[0], *paths))

    @staticmethod
    def law(*articles: str) -> Source:
        return law(*articles)

    def category_label(self, key: str) -> str:
        entry = self.d.categories.get(key)
        return text(entry.label, self.lang) if entry and entry.label else key

    def subject_label(self, key: str) -> str:
        entry = self.d.subjects.get(key)
        return text(entry.label, self.lang) if entry and entry.label else key

    def purpose_label(self, key: str) -> str:
        entry = self.d.purposes[key]
        return text(entry.label, self.lang) if entry.label else key

    def recipient(self, key: str) -> str:
        return recipient_name(key, self.d.recipients[key], self.lang)

    def listing(self, labels: list[str]) -> str:
        """Labels as one phrase: ``Naam, e-mailadres en adres``."""
        return join(labels[:1] + [lower_first(label) for label in labels[1:]], self.lang)

    def address(self, address: Address) -> str:
        """An address on one line, with its country."""
        line = address.one_line()
        # The model assumes NL to validate a postcode; only a declared country is shown.
        declared_country = "country" in address.model_fields_set
        country = country_name(address.country, self.lang) if declared_country else ""
        return f"{line}, {country}" if line and country else line

    def authority(self) -> catalogue.Authority | None:
        return catalogue.authorities().get(self.d.controller.authority)

    def authority_ref(self) -> str:
        """The authority as named in a sentence: ``de Autoriteit Persoonsgegevens``."""
        authority = self.authority()
        return "" if authority is None else authority_ref(authority, self.lang)

    def authority_name(self) -> str:
        authority = self.authority()
        return "" if authority is None else authority_name(authority, self.lang)

    def title(self) -> str:
        statement = self.d.statement
        if statement.title is not None:
            return text(statement.title, self.lang)
        return self.t("title_of", name=self.d.controller.name)

    def subtitle(self, key: str = "effective") -> list[Span]:
        """Since when the document holds (the sentence ``key``), and its version."""
        out = []
        statement = self.d.statement
        if statement.effective is not None:
            out.append(
                Span(
                    self.t(key, date=format_date(statement.effective, self.lang)),
                    declared(("statement", "effective")),
                )
            )
        elif statement.effective_month is not None:
            year, month = (int(part) for part in statement.effective_month.split("-"))
            out.append(
                Span(
                    self.t(key, date=format_month(year, month, self.lang)),
                    declared(("statement", "effective_month")),
                )
            )
        if statement.version:
            out.append(
                Span(
                    self.t("version", version=statement.version),
                    declared(("statement", "version")),
                )
            )
        return out


def full_stop(value: str) -> str:
    value = value.strip()
    if value and value[-1] not in ".!?:;":
        value += "."
    return value


def upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def lower_first(value: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym
    (``IP-adres``, ``KvK-nummer``, ``IBAN`` stay as they are)."""
    first_word = value.split(" ", 1)[0]
    if any(ch.isupper() for ch in first_word[1:]):
        return value
    return value[:1].lower() + value[1:]


def mailto(value: str) -> str | None:
    return f"mailto:{value}" if value else None


def tel(value: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", value)
