"""A breach in the words of the member of staff who reads it: the kinds, risks, states
and answers of ``i18n/<lang>/admin_breaches.yaml``, the declaration's own names for
its categories of personal data and groups of people, and dates, numbers and lists
formatted by ``waarborg.i18n`` in the reader's locale (Amsterdam time).

The breach pages, the answers for the AP's form, its text download and the register
as CSV all speak through one :class:`BreachWords`, so a key, an enum value or an ISO
time never reaches a reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ... import catalogue, i18n
from ...declaration.model import Declaration
from ...declaration.sections.context import lower_first
from ...registers.breaches import special_categories

__all__ = ["PART", "BreachWords", "Choice"]

#: The part of the wording the breach pages read (``i18n/<lang>/admin_breaches.yaml``).
PART = "admin_breaches"


@dataclass(frozen=True)
class Choice:
    """One box to tick: the value sent, the words shown, and a note (special data)."""

    key: str
    label: str
    note: str = ""


class BreachWords:
    """The breach register's words in ``lang``, for one organisation."""

    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.declaration = declaration
        self.lang = lang
        found = catalogue.authorities().get(declaration.controller.authority)
        self.authority = getattr(found.label, lang) if found is not None else ""
        self.authority_website = found.website if found is not None else None

    # --- sentences ---------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """The sentence ``key`` of the breach pages, with the authority's name filled in."""
        return i18n.t(f"{PART}.{key}", self.lang, authority=self.authority, **values)

    def counted(self, key: str, count: int, **values: Any) -> str:
        """``key_one`` for one, ``key_other`` with ``{count}`` for any other number."""
        form = "one" if count == 1 else "other"
        return self.t(f"{key}_{form}", count=self.number(count), **values)

    # --- values ------------------------------------------------------------------------

    def moment(self, value: datetime | str | None) -> str:
        if value is None or value == "":
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return i18n.format_datetime(moment, self.lang)

    def number(self, value: int | None) -> str:
        return "" if value is None else i18n.format_number(value, self.lang)

    def listing(self, items: Iterable[str]) -> str:
        """Names as one phrase: ``België, Duitsland en Frankrijk``."""
        return i18n.format_list(list(items), self.lang)

    def phrase(self, labels: Iterable[str]) -> str:
        """Labels as one phrase, lower-cased after the first as in a sentence:
        ``Naam, e-mailadres en IP-adres``."""
        items = [label for label in labels if label]
        return self.listing(items[:1] + [lower_first(label) for label in items[1:]])

    def yes_no(self, value: bool | None) -> str:
        if value is None:
            return ""
        return self.t("answers.yes" if value else "answers.no")

    def state(self, state: str) -> str:
        return self.t(f"states.{state}")

    def risk(self, risk: str | None) -> str:
        return self.t(f"risk.{risk}") if risk else self.t("risk.undecided")

    def kind(self, kind: str) -> str:
        return self.t(f"kinds.{kind}")

    def impact(self, impact: str) -> str:
        return self.t(f"impact.{impact}")

    def exemption(self, exemption: str) -> str:
        return self.t(f"exemptions.{exemption}")

    def role(self, role: str) -> str:
        return self.t(f"roles.{role}")

    def category(self, key: str) -> str:
        """A category of personal data by the declaration's name for it, else the
        catalogue's, else its key in words."""
        declared = self.declaration.categories.get(key)
        if declared is not None and declared.label is not None:
            return declared.label.get(self.lang)
        known = catalogue.categories().get(key)
        if known is not None:
            return str(getattr(known.label, self.lang))
        return key.replace("_", " ")

    def subject(self, key: str) -> str:
        """A group of people by the declaration's name for it, else the catalogue's."""
        declared = self.declaration.subjects.get(key)
        if declared is not None and declared.label is not None:
            return declared.label.get(self.lang)
        known = catalogue.subject_types().get(key)
        if known is not None:
            return str(getattr(known.label, self.lang))
        return key.replace("_", " ")

    def country(self, code: str) -> str:
        found = catalogue.countries().get(code)
        return code if found is None else str(getattr(found, self.lang))

    def special_note(self, key: str) -> str:
        """``bijzonder persoonsgegeven (artikel 9 AVG)`` for special data, else empty."""
        declared = self.declaration.categories.get(key)
        kind = declared.special if declared is not None else None
        if kind is None:
            known = catalogue.categories().get(key)
            kind = known.special if known is not None else None
        return self.t(f"special.{kind}") if kind else ""

    def kinds(self, keys: Iterable[str], other: str | None = None) -> str:
        """The kinds of breach; ``other`` as ``Anders, namelijk ...``."""
        keys = list(keys)
        names = [self.kind(key) for key in keys if key != "other"]
        if other or "other" in keys:
            names.append(f"{self.kind('other')} {other}" if other else self.kind("other"))
        return self.phrase(names)

    def categories(
        self, keys: Iterable[str], other: str | None = None, *, special: bool = False
    ) -> str:
        """Categories of personal data by name (``special``: with the note on special
        data), and what else was recorded in words."""
        names = [
            f"{self.category(key)} ({self.special_note(key)})"
            if special and self.special_note(key)
            else self.category(key)
            for key in keys
        ]
        return self.phrase([*names, other] if other else names)

    def subjects(self, keys: Iterable[str], other: str | None = None) -> str:
        names = [self.subject(key) for key in keys]
        return self.phrase([*names, other] if other else names)

    def field(self, name: str) -> str:
        """A field of the form as a noun, for a list of what changed."""
        return self.t(f"breach.field_names.{name}")

    def special(self, keys: list[str]) -> list[str]:
        """The special (Art. 9) and criminal (Art. 10) ones among ``keys``."""
        return special_categories(self.declaration, keys)

    def actor(self, actor: str) -> str:
        """Who did it: ``staff (beheer)`` for ``admin:staff``."""
        where, _, name = actor.partition(":")
        if where == "admin" and name:
            return self.t("breach.by_staff", name=name)
        if where == "cli" and name:
            return self.t("breach.by_cli", name=name)
        return actor

    # --- what the staff pick -------------------------------------------------------------

    def category_choices(self, keep: Iterable[str] = ()) -> list[Choice]:
        """The declaration's categories of personal data, and any of ``keep`` (already
        recorded) that it does not declare, by their names."""
        keys = list(self.declaration.categories)
        keys += [key for key in keep if key not in keys]
        return [Choice(key, self.category(key), self.special_note(key)) for key in keys]

    def subject_choices(self, keep: Iterable[str] = ()) -> list[Choice]:
        """The declaration's groups of people, and any of ``keep`` it does not declare."""
        keys = list(self.declaration.subjects)
        keys += [key for key in keep if key not in keys]
        return [Choice(key, self.subject(key)) for key in keys]

    def country_choices(self) -> list[Choice]:
        """The EU and EEA countries, by name in the reader's language."""
        codes = sorted(catalogue.EEA_COUNTRIES, key=lambda code: self.country(code))
        return [Choice(code, self.country(code)) for code in codes]
