"""How ``bench/import.py`` scores a draft declaration against a gold one.

A declaration (the gold ``privacy.yaml`` or the draft's ``data``, both as plain YAML
data) becomes a set of ``(field, value)`` pairs, each value normalised so that two ways
of writing the same fact compare equal (``+31 20 123 4567`` and ``020-1234567``,
``P4W`` and ``P28D``, ``www.Example.nl/`` and ``https://example.nl``). Keys the writer
chooses freely (a purpose called ``newsletter`` or ``nieuwsbrief``) are not compared;
catalogue keys are, because the catalogue fixes them. ``unstated`` is no value: it is
left out on both sides, so a guess where the gold is silent is a false positive.

This module shares nothing with the importer: its normalisers and its list of outdated
terms are its own, written from the model and the law, not from the extractor's rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from waarborg.importer.model import Draft

__all__ = [
    "IDENTIFIER_FIELDS",
    "RIGHTS_FIELDS",
    "Counts",
    "Coverage",
    "catalogue_keys",
    "coverage",
    "duration",
    "family",
    "flatten",
    "outdated_kind",
    "outdated_kinds",
    "pairs_of",
    "phone",
    "score_pairs",
    "website",
]

Pair = tuple[str, str]

#: The fields of "KvK, VAT, e-mail and phone" in the issue's targets.
IDENTIFIER_FIELDS = frozenset(
    {"controller.kvk", "controller.vat", "controller.email", "controller.phone"}
)
#: The fields of "the rights offered, and the response deadline".
RIGHTS_FIELDS = frozenset({"rights.offered", "rights.respond_within"})

UNSTATED = "unstated"


# --- normalisers ---------------------------------------------------------------------


def _fold(value: str) -> str:
    """Lower case, accents off, punctuation to spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w@.+-]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


_LEGAL_FORMS = ("bv", "b v", "nv", "n v", "vof", "v o f", "cv", "c v", "stichting", "vereniging")
_ARTICLES = ("", "de", "het", "the")


def name(value: str) -> str:
    """An organisation's or person's name: folded, without what stands between brackets
    (an abbreviation: "(ONA)", "(BZK)") and without a legal form at its start or end,
    unless nothing but an article would be left ("De stichting" stays itself)."""
    text = re.sub(r"\([^)]*\)", " ", value)
    folded = re.sub(r"\s+", " ", _fold(text).replace(".", " ")).strip()
    for form in _LEGAL_FORMS:
        stripped = folded.removesuffix(f" {form}").strip()
        folded = folded if stripped in _ARTICLES else stripped
        stripped = folded.removeprefix(f"{form} ").strip()
        folded = folded if stripped in _ARTICLES else stripped
    return folded


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def phone(value: str) -> str:
    """A phone number as its digits with the country code, Dutch numbers assumed when no
    country code is given (``020-1234567`` is ``31201234567``)."""
    # "+31 (0)6 ...": the trunk zero in brackets is not dialled after the country code.
    text = value.strip().replace("(0)", "")
    numbers = digits(text)
    if text.startswith("+"):
        return numbers
    if numbers.startswith("00"):
        return numbers[2:]
    if numbers.startswith("0"):
        return "31" + numbers[1:]
    return numbers


def vat(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def email(value: str) -> str:
    return value.strip().removeprefix("mailto:").casefold()


def website(value: str) -> str:
    """A web address as its host and path, without scheme, ``www.`` or trailing slash."""
    text = value.strip().casefold()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.removeprefix("www.")
    return text.rstrip("/")


def postcode(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


_DURATION = re.compile(
    r"^P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)


def duration(value: str) -> str:
    """An ISO 8601 duration in one canonical form: years as months, weeks as days, the
    time part as seconds (``P1Y`` is ``P12M``, ``P4W`` is ``P28D``). A value that is no
    duration is kept as written, folded."""
    match = _DURATION.match(value.strip().upper())
    if match is None or value.strip().upper() in ("P", "PT"):
        return _fold(value)
    part = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    months = part["y"] * 12 + part["mo"]
    days = part["w"] * 7 + part["d"]
    seconds = part["h"] * 3600 + part["mi"] * 60 + part["s"]
    if seconds and seconds % 86400 == 0:
        days, seconds = days + seconds // 86400, 0
    out = "P" + (f"{months}M" if months else "") + (f"{days}D" if days else "")
    if seconds:
        out += f"T{seconds}S"
    return out if out != "P" else "P0D"


# --- catalogues ----------------------------------------------------------------------


@cache
def catalogue_keys(kind: str) -> frozenset[str]:
    """The keys of one built-in catalogue (``categories``, ``purposes``, ``recipients``)."""
    from waarborg import catalogue

    entries: Mapping[str, Any] = getattr(catalogue, kind)()
    return frozenset(entries)


@cache
def _recipient_names() -> dict[str, str]:
    """The recipient catalogue's names, folded, each with its key."""
    from waarborg import catalogue

    found: dict[str, str] = {}
    for key, entry in catalogue.recipients().items():
        value = getattr(entry, "name", None)
        if isinstance(value, str):
            found.setdefault(name(value), key)
    return found


# --- flattening ----------------------------------------------------------------------


def _stated(value: Any) -> bool:
    return value is not None and value != UNSTATED and value != "" and value != []


def _text(value: Any) -> str | None:
    """A plain value as text; a ``{nl:, en:}`` text gives its Dutch, else its English."""
    if isinstance(value, Mapping):
        for lang in ("nl", "en"):
            if isinstance(value.get(lang), str):
                return str(value[lang])
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return None


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [value] if _stated(value) else []


def _party(prefix: str, party: Any) -> Iterator[Pair]:
    if not isinstance(party, Mapping):
        return
    for key, norm in (("name", name), ("email", email), ("phone", phone), ("website", website)):
        value = _text(party.get(key))
        if _stated(party.get(key)) and value:
            yield f"{prefix}.{key}", norm(value)


def _recipient_id(key: str, entry: Mapping[str, Any]) -> str | None:
    if key in catalogue_keys("recipients"):
        return key
    value = entry.get("name")
    if not isinstance(value, str) or value == UNSTATED or entry.get("named") is False:
        return None
    folded = name(value)
    return _recipient_names().get(folded, folded)


def flatten(data: Mapping[str, Any]) -> set[Pair]:
    """The scored ``(field, value)`` pairs of a declaration given as plain data."""
    pairs: set[Pair] = set()
    add = pairs.add
    controller = data.get("controller")
    if isinstance(controller, Mapping):
        norms: dict[str, Callable[[str], str]] = {"name": name, "kvk": digits, "vat": vat}
        norms |= {"email": email, "phone": phone}
        norms |= {"website": website}
        for key, norm in norms.items():
            value = controller.get(key)
            if _stated(value) and (text := _text(value)):
                add((f"controller.{key}", norm(text)))
        # The model's defaults ("controller", the Dutch authority "nl-ap") are what a
        # declaration means whether it writes them or not: only another value is a fact
        # to compare.
        if controller.get("role") in ("processor", "both"):
            add(("controller.role", str(controller["role"])))
        authority = controller.get("authority")
        if isinstance(authority, str) and authority not in ("nl-ap", UNSTATED):
            add(("controller.authority", authority.casefold()))
        for trade in _listed(controller.get("trade_names")):
            if isinstance(trade, str):
                add(("controller.trade_names", name(trade)))
        if controller.get("public_authority") is True:
            add(("controller.public_authority", "true"))
        address = controller.get("address")
        if isinstance(address, Mapping):
            for key, norm in (("street", _fold), ("postcode", postcode), ("city", _fold)):
                value = address.get(key)
                if _stated(value) and (text := _text(value)):
                    add((f"controller.address.{key}", norm(text)))
        pairs.update(_party("controller.dpo", controller.get("dpo")))
        pairs.update(_party("controller.contact", controller.get("contact")))
    statement = data.get("statement")
    if isinstance(statement, Mapping):
        for key in ("effective", "effective_month", "version"):
            value = statement.get(key)
            if _stated(value) and (text := _text(value)):
                add((f"statement.{key}", _fold(text)))
    categories = data.get("categories")
    if isinstance(categories, Mapping):
        known = catalogue_keys("categories")
        pairs.update(("categories", str(k)) for k in categories if k in known)
    purposes = data.get("purposes")
    if isinstance(purposes, Mapping):
        known = catalogue_keys("purposes")
        for key, purpose in purposes.items():
            bases = _listed(purpose.get("basis")) if isinstance(purpose, Mapping) else []
            bases = [b for b in bases if isinstance(b, str) and b != UNSTATED]
            pairs.update(("purposes.basis", b) for b in bases)
            if key in known:
                add(("purposes", str(key)))
                pairs.update((f"purposes.{key}.basis", b) for b in bases)
    recipients = data.get("recipients")
    if isinstance(recipients, Mapping):
        for key, entry in recipients.items():
            if not isinstance(entry, Mapping):
                continue
            ident = _recipient_id(str(key), entry)
            if ident is None:
                continue
            add(("recipients", ident))
            for fact in ("country", "transfer"):
                value = entry.get(fact)
                if _stated(value) and isinstance(value, str):
                    add((f"recipients.{ident}.{fact}", value.casefold()))
    retention = data.get("retention")
    if isinstance(retention, Mapping):
        for entry in retention.values():
            if isinstance(entry, Mapping) and isinstance(entry.get("keep"), str):
                add(("retention.keep", duration(entry["keep"])))
    cookies = data.get("cookies")
    if isinstance(cookies, Mapping):
        for key, entry in cookies.items():
            # A cookie is keyed by its name unless it gives one; an unnamed cookie
            # ("analytische cookies", name: unstated) names nothing to compare.
            cookie = entry.get("name", key) if isinstance(entry, Mapping) else key
            if isinstance(cookie, str) and _stated(cookie):
                add(("cookies", cookie.casefold()))
    rights = data.get("rights")
    if isinstance(rights, Mapping):
        pairs.update(("rights.offered", str(r)) for r in _listed(rights.get("offered")))
        rights_norms: tuple[tuple[str, Callable[[str], str]], ...] = (
            ("respond_within", duration),
            ("verify", str.casefold),
        )
        for key, norm in rights_norms:
            value = rights.get(key)
            if _stated(value) and isinstance(value, str):
                add((f"rights.{key}", norm(value)))
        if _stated(rights.get("email")) and isinstance(rights.get("email"), str):
            add(("rights.email", email(rights["email"])))
    children = data.get("children")
    if isinstance(children, Mapping) and _stated(children.get("min_age")):
        add(("children.min_age", str(children["min_age"])))
    transfers = data.get("transfers")
    if isinstance(transfers, Mapping):
        for entry in transfers.values():
            if not isinstance(entry, Mapping):
                continue
            countries = entry.get("countries")
            if isinstance(countries, list):
                pairs.update(("transfers.countries", str(c).upper()) for c in countries)
            if _stated(entry.get("transfer")) and isinstance(entry.get("transfer"), str):
                add(("transfers.transfer", str(entry["transfer"])))
    return pairs


def family(field: str) -> str:
    """The part of the declaration a field belongs to, for figures by field:
    ``controller``, ``categories``, ``purposes``, ``purposes.basis``, ``recipients``..."""
    head = field.split(".", 1)[0]
    if head == "purposes" and field.endswith(".basis"):
        return "purposes.basis"
    if head == "rights":
        return field
    return head


def pairs_of(pairs: Iterable[Pair], fields: Iterable[str] | None) -> set[Pair]:
    """The pairs whose field is one of ``fields`` (all of them when ``fields`` is None)."""
    if fields is None:
        return set(pairs)
    wanted = set(fields)
    return {p for p in pairs if p[0] in wanted}


# --- counting ------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives and false negatives, summed over statements."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def score_pairs(gold: set[Pair], found: set[Pair]) -> tuple[Counts, set[Pair], set[Pair]]:
    """The counts, the missed pairs and the wrong pairs of one statement."""
    missed, wrong = gold - found, found - gold
    return Counts(len(gold & found), len(wrong), len(missed)), missed, wrong


# --- evidence ------------------------------------------------------------------------


@dataclass
class Coverage:
    """How many values of a draft have a quote that is the statement's own text."""

    values: int = 0
    with_evidence: int = 0
    bad_quotes: int = 0
    without: list[str] = field(default_factory=list)

    def add(self, other: Coverage) -> None:
        self.values += other.values
        self.with_evidence += other.with_evidence
        self.bad_quotes += other.bad_quotes
        self.without += other.without


def _leaves(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, Mapping):
        for key, each in value.items():
            yield from _leaves(each, (*path, str(key)))
    elif isinstance(value, list):
        for index, each in enumerate(value):
            yield from _leaves(each, (*path, index))
    elif _stated(value):
        yield path


def _valid(text: str, quote: str, start: int, end: int) -> bool:
    return bool(quote.strip()) and 0 <= start < end <= len(text) and text[start:end] == quote


def coverage(draft: Draft) -> Coverage:
    """Every value the draft states (``unstated`` and ``waarborg: 1`` aside) must have
    evidence at its own path or an ancestor below the root, each quote equal to
    ``text[start:end]`` of the statement."""
    text = draft.text.text
    result = Coverage()
    result.bad_quotes = sum(
        1 for e in draft.evidence if not _valid(text, e.quote, e.start, e.end)
    ) + sum(1 for o in draft.outdated if not _valid(text, o.quote, o.start, o.end))
    by_path: dict[tuple[str | int, ...], list[bool]] = {}
    for e in draft.evidence:
        by_path.setdefault(tuple(e.path), []).append(_valid(text, e.quote, e.start, e.end))
    for path in _leaves({k: v for k, v in draft.data.items() if k != "waarborg"}, ()):
        result.values += 1
        found = next(
            (by_path[path[:n]] for n in range(len(path), 0, -1) if path[:n] in by_path), None
        )
        if found and all(found):
            result.with_evidence += 1
        else:
            result.without.append(".".join(str(p) for p in path))
    return result


# --- outdated terms ------------------------------------------------------------------

#: The outdated terms this bench knows, each with the ways a statement writes it.
_OUTDATED: dict[str, tuple[str, ...]] = {
    # "een goedkeuring (shield)" is read as Privacy Shield (examples/iemagoo).
    "privacy_shield": ("privacy shield", "privacyshield", "shield"),
    "safe_harbor": ("safe harbor", "safe harbour"),
    "wbp": ("wbp", "wet bescherming persoonsgegevens"),
    "cbp": ("cbp", "college bescherming persoonsgegevens"),
    "bewerkersovereenkomst": ("bewerkersovereenkomst", "bewerkerovereenkomst", "bewerker"),
}


def outdated_kind(term: str) -> str | None:
    """Which outdated term a flagged term is, by its words (None: none this bench knows)."""
    folded = _fold(term).replace("_", " ").replace("-", " ")
    for kind, spellings in _OUTDATED.items():
        for spelling in spellings:
            if re.search(rf"(?<!\w){re.escape(spelling)}", folded):
                return kind
    return None


def outdated_kinds(terms: Sequence[str]) -> set[str]:
    """The outdated terms this bench knows among ``terms``."""
    return {kind for term in terms if (kind := outdated_kind(term)) is not None}
