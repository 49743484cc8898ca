"""Built-in catalogues: data categories, purposes, legal bases, Art. 9(2) conditions,
supervisory authorities, well-known recipients (processors and cookie providers),
security measures, data-subject types and known cookies.

The catalogues are YAML files in ``catalogue/data/``, compiled to one JSON file for
fast loading. Each entry maps to a W3C DPV term and carries Dutch and English labels.
Entries are frozen dataclasses, built without validation at run time; the tests
validate every entry strictly with pydantic (``__pydantic_config__``). Catalogues load
lazily and are cached, so a command that needs none of them pays nothing.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar

import yaml
from pydantic import ConfigDict

__all__ = [
    "EEA_COUNTRIES",
    "Authority",
    "Basis",
    "Category",
    "Condition",
    "CookieEntry",
    "Label",
    "Measure",
    "Provenance",
    "Purpose",
    "Recipient",
    "SubjectType",
    "TrackerHost",
    "adequate_countries",
    "art9_conditions",
    "authorities",
    "bases",
    "categories",
    "cookie_source",
    "cookies",
    "countries",
    "find_cookie",
    "find_recipient",
    "find_tracker",
    "load_source",
    "measures",
    "platform_categories",
    "provenance",
    "purposes",
    "recipients",
    "subject_types",
    "tracker_hosts",
]

#: EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2).
EEA_COUNTRIES: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO".split()
)


@dataclass(frozen=True, slots=True)
class Label:
    nl: str
    en: str

    __pydantic_config__ = ConfigDict(extra="forbid")

    def get(self, lang: str) -> str:
        """The label in ``lang`` (``nl`` or ``en``)."""
        if lang not in ("nl", "en"):
            raise ValueError(f"no label in language {lang!r}; use nl or en")
        return str(getattr(self, lang))


@dataclass(frozen=True, slots=True)
class Category:
    """A category of personal data (DPV ``pd:`` term)."""

    label: Label
    dpv: str
    group: str
    description: Label | None = None
    #: ``art9`` for the special categories of Art. 9(1), ``art10`` for criminal data.
    special: Literal["art9", "art10"] | None = None
    #: Processing needs a statute naming it (UAVG art. 46 for the BSN).
    needs_statute: bool = False

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Purpose:
    label: Label
    dpv: str
    description: Label | None = None
    direct_marketing: bool = False

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Basis:
    """One of the six legal bases of Art. 6(1)."""

    label: Label
    article: str
    dpv: str
    eu_gdpr: str
    description: Label | None = None

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Condition:
    """An Art. 9(2) condition for processing special categories of data."""

    label: Label
    article: str
    dpv: str

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Authority:
    """A supervisory authority of an EU/EEA country (or the UK)."""

    name: str
    label: Label
    country: str
    address: str
    website: str
    complaint_url: str
    postal_address: str | None = None
    phone: str | None = None
    email: str | None = None
    dpv: str = "dpv:DataProtectionAuthority"

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Recipient:
    """A well-known processor, service or cookie provider."""

    name: str
    legal_entity: str
    label: Label
    country: str
    dpv: str
    role: Literal["processor", "controller", "joint_controller"] = "processor"
    transfer: Literal["none", "adequacy", "dpf", "scc", "bcr"] = "none"
    dpf_certified: bool = False
    website: str | None = None
    privacy_url: str | None = None
    aliases: tuple[str, ...] = ()

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Measure:
    """A technical or organisational security measure (Art. 32)."""

    label: Label
    dpv: str
    kind: Literal["technical", "organisational"]

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class SubjectType:
    label: Label
    dpv: str

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class CookieEntry:
    """A known cookie, derived from the Open Cookie Database."""

    name: str
    platform: str
    category: Literal["functional", "analytics", "marketing", "personalisation", "security"]
    description: str
    domain: str | None = None
    #: ISO 8601 duration, ``session``, or None where the source gives no usable period.
    expiry: str | None = None
    controller: str | None = None
    privacy_url: str | None = None
    wildcard: bool = False
    #: Key of the matching entry in ``recipients()``, where there is one.
    recipient: str | None = None
    #: Other spellings privacy statements use for this cookie (``_utma`` for ``__utma``).
    aliases: tuple[str, ...] = ()

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a catalogue's facts come from, and as of when: shown beside every fact a
    declaration adopts from it."""

    name: Label
    as_of: date
    url: str | None = None


# The date is when the catalogue's facts were last reviewed; update it with the file.
_PROVENANCE: dict[str, Provenance] = {
    "recipients": Provenance(
        Label(
            nl="de catalogus van dienstverleners van Waarborg",
            en="Waarborg's catalogue of service providers",
        ),
        date(2026, 11, 22),
    ),
    "authorities": Provenance(
        Label(
            nl="de catalogus van toezichthouders van Waarborg",
            en="Waarborg's catalogue of supervisory authorities",
        ),
        date(2026, 11, 22),
    ),
    "cookies": Provenance(
        Label(nl="de Open Cookie Database", en="the Open Cookie Database"),
        date(2026, 1, 21),
        "https://github.com/jkwakman/Open-Cookie-Database",
    ),
}


def provenance(name: str) -> Provenance:
    """The source and date of the catalogue ``name`` (recipients, authorities, cookies)."""
    return _PROVENANCE[name]


_E = TypeVar("_E")

#: The keyed catalogues: compiled-file section, YAML source and entry type.
SOURCES: dict[str, tuple[str, type[Any]]] = {
    "categories": ("categories.yaml", Category),
    "purposes": ("purposes.yaml", Purpose),
    "bases": ("bases.yaml", Basis),
    "art9_conditions": ("art9_conditions.yaml", Condition),
    "authorities": ("authorities.yaml", Authority),
    "recipients": ("recipients.yaml", Recipient),
    "measures": ("measures.yaml", Measure),
    "subjects": ("subjects.yaml", SubjectType),
    "adequacy": ("adequacy.yaml", Label),
}


def _read(name: str) -> str:
    """A data file of the package, read from the package's folder; through
    ``importlib.resources`` only where the package is not a folder (a zip file): that
    import costs more than the read, on the path of every ``waarborg check``."""
    try:
        with open(os.path.join(os.path.dirname(__file__), "data", name), encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return resources.files(__package__).joinpath("data", name).read_text("utf-8")


def load_source(name: str) -> dict[str, Any]:
    """The raw entries of one catalogue's YAML source file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(_read(SOURCES[name][0]), Loader=loader)
    if not isinstance(data, dict):
        raise TypeError(f"catalogue {name} is not a mapping")
    return data


@cache
def _compiled() -> dict[str, dict[str, Any]]:
    """All keyed catalogues, compiled from the YAML sources by scripts/build_catalogues.py.

    The YAML files are the sources people edit; the compiled JSON loads in about a
    millisecond, which keeps every command's start-up short.
    """
    data: dict[str, dict[str, Any]] = json.loads(_read("compiled.json"))
    return data


def _make(cls: type[_E], data: dict[str, Any]) -> _E:
    values = {
        key: Label(**value)
        if key in ("label", "description") and isinstance(value, dict)
        else tuple(value)
        if isinstance(value, list)
        else value
        for key, value in data.items()
    }
    return cls(**values)


def _typed(name: str, cls: type[_E]) -> dict[str, _E]:
    return {key: _make(cls, value) for key, value in _compiled()[name].items()}


@cache
def categories() -> dict[str, Category]:
    return _typed("categories", Category)


@cache
def purposes() -> dict[str, Purpose]:
    return _typed("purposes", Purpose)


@cache
def bases() -> dict[str, Basis]:
    return _typed("bases", Basis)


@cache
def art9_conditions() -> dict[str, Condition]:
    return _typed("art9_conditions", Condition)


@cache
def authorities() -> dict[str, Authority]:
    return _typed("authorities", Authority)


@cache
def recipients() -> dict[str, Recipient]:
    return _typed("recipients", Recipient)


@cache
def measures() -> dict[str, Measure]:
    return _typed("measures", Measure)


@cache
def subject_types() -> dict[str, SubjectType]:
    return _typed("subjects", SubjectType)


@cache
def countries() -> dict[str, Label]:
    """Every ISO 3166-1 alpha-2 country code with its Dutch and English name (CLDR)."""
    return {key: Label(**value) for key, value in _compiled()["countries"].items()}


@cache
def adequate_countries() -> dict[str, Label]:
    """Countries with an adequacy decision under Art. 45, keyed by ISO code.

    The United States is not listed: its adequacy decision (the EU-US Data Privacy
    Framework) covers only self-certified organisations, declared as ``transfer: dpf``.
    """
    return {key: Label(**value) for key, value in _compiled()["adequacy"].items()}


@cache
def _cookie_file() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("cookies.json"))
    return data


def cookie_source() -> dict[str, str]:
    """Where the cookie catalogue comes from: repository, commit, licence, attribution."""
    source: dict[str, str] = _cookie_file()["source"]
    return source


@cache
def cookies() -> tuple[CookieEntry, ...]:
    return tuple(_make(CookieEntry, entry) for entry in _cookie_file()["cookies"])


@cache
def _cookie_index() -> dict[str, Any]:
    """What look-ups need of the cookie catalogue, kept parsed per user
    (``waarborg.filecache``, under the hash of ``cookies.json``): positions of cookies
    by exact name or alias, wildcard prefixes longest first, the kinds of cookie each
    recipient places, and each entry as its own JSON text. A look-up then parses the
    one entry it returns instead of the whole 790 kB file."""
    from .. import filecache

    path = os.path.join(os.path.dirname(__file__), "data", "cookies.json")
    try:
        index: dict[str, Any] = filecache.parsed(path, "cookie-index-1", _index_cookies)
    except (FileNotFoundError, NotADirectoryError):  # the package is not a folder
        index = _index_cookies(_read("cookies.json").encode("utf-8"))
    return index


def _index_cookies(data: bytes) -> dict[str, Any]:
    raw: list[dict[str, Any]] = json.loads(data)["cookies"]
    exact: dict[str, int] = {}
    for index, entry in enumerate(raw):
        if not entry.get("wildcard"):
            exact.setdefault(entry["name"], index)
    for index, entry in enumerate(raw):  # a real name always wins over another's alias
        for alias in entry.get("aliases", ()):
            exact.setdefault(alias, index)
    wild = sorted(
        ((entry["name"], index) for index, entry in enumerate(raw) if entry.get("wildcard")),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    platforms: dict[str, set[str]] = {}
    for entry in raw:
        if entry.get("recipient") is not None:
            platforms.setdefault(entry["recipient"], set()).add(entry["category"])
    return {
        "exact": exact,
        "wild": tuple(wild),
        "platforms": {key: tuple(sorted(kinds)) for key, kinds in platforms.items()},
        "entries": tuple(json.dumps(entry, ensure_ascii=False) for entry in raw),
    }


@cache
def _recipient_names() -> tuple[tuple[str, str], ...]:
    """Every recipient's name and aliases, normalised, with its key; longest first."""
    pairs = []
    for key, entry in _compiled()["recipients"].items():
        for name in (entry["name"], *entry.get("aliases", ())):
            pairs.append((_normal_name(name), key))
    return tuple(sorted(set(pairs), key=lambda pair: len(pair[0]), reverse=True))


def _normal_name(name: str) -> str:
    name = re.sub(r"\([^)]*\)", " ", name)  # "Firebase (Google Cloud)": the name before it
    return " ".join(re.sub(r"[^\w&]+", " ", name.casefold()).split())


def find_recipient(key: str, name: str | None = None) -> tuple[str, Recipient] | None:
    """The known recipient with this key, else the one a statement's name for it names:
    its name or an alias, whole or as the first words ("Google Play Services en Google
    Play Billing" is Google Play)."""
    known = recipients().get(key)
    if known is not None:
        return key, known
    if not name:
        return None
    wanted = _normal_name(name)
    for candidate, found in _recipient_names():
        if wanted == candidate or wanted.startswith(candidate + " "):
            return found, recipients()[found]
    return None


@cache
def platform_categories(recipient: str) -> frozenset[str]:
    """The kinds of the cookies the Open Cookie Database knows a recipient to place."""
    return frozenset(_cookie_index()["platforms"].get(recipient, ()))


def find_cookie(name: str) -> CookieEntry | None:
    """The known cookie with this exact name (or alias), else the longest matching wildcard."""
    found = _cookie_index()
    index = found["exact"].get(name)
    if index is None:
        index = next((i for prefix, i in found["wild"] if name.startswith(prefix)), None)
    if index is None:
        return None
    return _make(CookieEntry, json.loads(found["entries"][index]))


@dataclass(frozen=True, slots=True)
class TrackerHost:
    """A host where the Open Cookie Database knows marketing or analytics cookies to be
    placed (``trackers.json``, derived by scripts/build_tracker_hosts.py)."""

    host: str
    platforms: tuple[str, ...]
    #: The categories of those cookies: ``marketing``, ``analytics`` or both.
    categories: tuple[str, ...]


@cache
def tracker_hosts() -> dict[str, TrackerHost]:
    """Every known tracker host, by host name."""
    data: dict[str, Any] = json.loads(_read("trackers.json"))
    return {
        host: TrackerHost(host, tuple(entry["platforms"]), tuple(entry["categories"]))
        for host, entry in data["hosts"].items()
    }


def find_tracker(host: str) -> TrackerHost | None:
    """The known tracker host that is ``host`` or one of its parent domains."""
    known = tracker_hosts()
    labels = host.lower().rstrip(".").split(".")
    for start in range(len(labels) - 1):
        found = known.get(".".join(labels[start:]))
        if found is not None:
            return found
    return None
