"""Built-in catalogues: data categories, purposes, legal bases, Art. 9(2) conditions,
supervisory authorities, well-known recipients (processors and cookie providers),
security measures, data-subject types and known cookies.

The catalogues are data files in ``catalogue/data/``. Each entry maps to a W3C DPV
term and carries Dutch and English labels. They are loaded lazily and cached, so a
command that needs none of them pays nothing.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EEA_COUNTRIES",
    "Authority",
    "Basis",
    "Category",
    "Condition",
    "CookieEntry",
    "Label",
    "Measure",
    "Purpose",
    "Recipient",
    "SubjectType",
    "adequate_countries",
    "art9_conditions",
    "authorities",
    "bases",
    "categories",
    "cookies",
    "find_cookie",
    "measures",
    "purposes",
    "recipients",
    "subject_types",
]

#: EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2).
EEA_COUNTRIES: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO".split()
)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Entry):
    nl: str
    en: str


class Category(_Entry):
    """A category of personal data (DPV ``pd:`` term)."""

    label: Label
    dpv: str
    group: str
    description: Label | None = None
    #: ``art9`` for the special categories of Art. 9(1), ``art10`` for criminal data.
    special: Literal["art9", "art10"] | None = None
    #: Processing needs a statute naming it (UAVG art. 46 for the BSN).
    needs_statute: bool = False


class Purpose(_Entry):
    label: Label
    dpv: str
    description: Label | None = None
    direct_marketing: bool = False


class Basis(_Entry):
    """One of the six legal bases of Art. 6(1)."""

    label: Label
    article: str
    dpv: str
    eu_gdpr: str
    description: Label | None = None


class Condition(_Entry):
    """An Art. 9(2) condition for processing special categories of data."""

    label: Label
    article: str
    dpv: str


class Authority(_Entry):
    """A supervisory authority of an EU/EEA country (or the UK)."""

    name: str
    label: Label
    country: str
    address: str
    postal_address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str
    complaint_url: str
    dpv: str = "dpv:DataProtectionAuthority"


class Recipient(_Entry):
    """A well-known processor, service or cookie provider."""

    name: str
    legal_entity: str
    label: Label
    country: str
    role: Literal["processor", "controller", "joint_controller"] = "processor"
    transfer: Literal["none", "adequacy", "dpf", "scc", "bcr"] = "none"
    dpf_certified: bool = False
    dpv: str
    website: str | None = None
    privacy_url: str | None = None
    aliases: tuple[str, ...] = ()


class Measure(_Entry):
    """A technical or organisational security measure (Art. 32)."""

    label: Label
    dpv: str
    kind: Literal["technical", "organisational"]


class SubjectType(_Entry):
    label: Label
    dpv: str


class CookieEntry(_Entry):
    """A known cookie, derived from the Open Cookie Database."""

    name: str
    platform: str
    category: Literal["functional", "analytics", "marketing", "personalisation", "security"]
    domain: str | None = None
    description: str
    #: ISO 8601 duration, ``session``, or None where the source gives no usable period.
    expiry: str | None = None
    controller: str | None = None
    privacy_url: str | None = None
    wildcard: bool = False
    #: Key of the matching entry in ``recipients()``, where there is one.
    recipient: str | None = None
    #: Other spellings privacy statements use for this cookie (``_utma`` for ``__utma``).
    aliases: tuple[str, ...] = ()


_E = TypeVar("_E", bound=BaseModel)


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, dict):
        raise TypeError(f"catalogue {name} is not a mapping")
    return data


def _typed(name: str, model: type[_E]) -> dict[str, _E]:
    return {key: model.model_validate(value) for key, value in _load_yaml(name).items()}


@cache
def categories() -> dict[str, Category]:
    return _typed("categories.yaml", Category)


@cache
def purposes() -> dict[str, Purpose]:
    return _typed("purposes.yaml", Purpose)


@cache
def bases() -> dict[str, Basis]:
    return _typed("bases.yaml", Basis)


@cache
def art9_conditions() -> dict[str, Condition]:
    return _typed("art9_conditions.yaml", Condition)


@cache
def authorities() -> dict[str, Authority]:
    return _typed("authorities.yaml", Authority)


@cache
def recipients() -> dict[str, Recipient]:
    return _typed("recipients.yaml", Recipient)


@cache
def measures() -> dict[str, Measure]:
    return _typed("measures.yaml", Measure)


@cache
def subject_types() -> dict[str, SubjectType]:
    return _typed("subjects.yaml", SubjectType)


@cache
def adequate_countries() -> dict[str, Label]:
    """Countries with an adequacy decision under Art. 45, keyed by ISO code.

    The United States is not listed: its adequacy decision (the EU-US Data Privacy
    Framework) covers only self-certified organisations, declared as ``transfer: dpf``.
    """
    return {key: Label.model_validate(value) for key, value in _load_yaml("adequacy.yaml").items()}


class _CookieFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: dict[str, str] = Field(default_factory=dict)
    cookies: list[CookieEntry]


@cache
def cookies() -> tuple[CookieEntry, ...]:
    raw = resources.files(__package__).joinpath("data", "cookies.json").read_text("utf-8")
    return tuple(_CookieFile.model_validate(json.loads(raw)).cookies)


@cache
def _cookie_index() -> tuple[dict[str, CookieEntry], tuple[CookieEntry, ...]]:
    exact: dict[str, CookieEntry] = {}
    for entry in cookies():
        if not entry.wildcard:
            exact.setdefault(entry.name, entry)
    for entry in cookies():  # a real name always wins over another cookie's alias
        for alias in entry.aliases:
            exact.setdefault(alias, entry)
    wild = tuple(
        sorted((e for e in cookies() if e.wildcard), key=lambda e: len(e.name), reverse=True)
    )
    return exact, wild


def find_cookie(name: str) -> CookieEntry | None:
    """The known cookie with this exact name (or alias), else the longest matching wildcard."""
    exact, wild = _cookie_index()
    if name in exact:
        return exact[name]
    for entry in wild:
        if name.startswith(entry.name):
            return entry
    return None
