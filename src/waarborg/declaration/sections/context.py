"""One declaration in one language: its words, and the names of its entries as the
statement writes them."""

from __future__ import annotations

import re
from typing import Any

from ... import catalogue
from ..model import Address, Declaration
from ..wording import country_name, format_date, join, recipient_name, text, words

__all__ = ["Context", "full_stop", "lower_first", "mailto", "tel", "upper_first"]


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
        country = country_name(address.country, self.lang)
        return f"{line}, {country}" if line and country else line

    def authority(self) -> catalogue.Authority | None:
        return catalogue.authorities().get(self.d.controller.authority)

    def authority_ref(self) -> str:
        """The authority as named in a sentence: ``de Autoriteit Persoonsgegevens``."""
        authority = self.authority()
        if authority is None:
            return ""
        if self.lang == "nl":
            return f"de {authority.label.nl}"
        if authority.label.en == authority.name:
            return f"the {authority.name}"
        return f"the {authority.label.en} ({authority.name})"

    def authority_name(self) -> str:
        authority = self.authority()
        if authority is None:
            return ""
        label = authority.label.nl if self.lang == "nl" else authority.label.en
        if label == authority.name:
            return authority.name
        return f"{label} ({authority.name})" if self.lang == "en" else authority.name

    def title(self) -> str:
        statement = self.d.statement
        if statement.title is not None:
            return text(statement.title, self.lang)
        return self.t("title_of", name=self.d.controller.name)

    def subtitle(self, key: str = "effective") -> list[str]:
        """Since when the document holds (the sentence ``key``), and its version."""
        out = []
        statement = self.d.statement
        if statement.effective is not None:
            out.append(self.t(key, date=format_date(statement.effective, self.lang)))
        if statement.version:
            out.append(self.t("version", version=statement.version))
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
