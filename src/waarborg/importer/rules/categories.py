"""The categories of personal data the statement lists, matched against the catalogue
of categories by their Dutch and English labels and the phrases statements use for
them; a listed item the catalogue does not know becomes an entry of its own, labelled
with the statement's words."""

from __future__ import annotations

import re
from functools import cache

from ._context import Context, Sentence
from ._lists import Gazetteer, field_line, is_item, item_text, items_under, key_of, label_of

__all__ = ["categories"]


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    """The words statements use for each category (catalogue/data/category_phrases.yaml)."""
    from importlib import resources

    import yaml

    source = resources.files("waarborg.catalogue").joinpath("data", "category_phrases.yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source.read_text("utf-8"), Loader=loader)
    return {str(key): tuple(str(p) for p in phrases) for key, phrases in data.items()}


_DATA_INTRO = re.compile(
    r"gegevens|informatie|data\b|information|vragen (?:we|wij)|registreren|registreer|"
    r"verzamel|vergaren|vul\w* (?:jij|je|u)|invul|collect|we (?:process|hold|receive)",
    re.IGNORECASE,
)
_NOT_DATA = re.compile(
    r"\bdoel|doeleinden|purpose|waarom|waarvoor|\bwhy\b|rechten|\brights?\b|"
    r"wij (?:je|u|jou) niet|verwijder|partijen|third part|definitie|\bom\b.*\bte\b|\bderde|"
    r"tenzij|unless|toegestaan|"
    r"\bbeveilig|security|cookies?\b(?! en)",
    re.IGNORECASE,
)
# "Met Google Analytics verzamelen wij gegevens over jouw zoekgedrag", "Daarnaast zien we
# ook de informatie die jij zelf upload", "We collect your IP address": what the
# organisation collects, said in a sentence of its own.
_WE_COLLECT = re.compile(
    r"\b(?:(?:wij|we)\s+(?:(?:kunnen|mogen)\s+(?:\w+\s+)?)?"
    r"(?:verzamelen|verwerken|registreren|ontvangen|zien)|"
    r"(?:verzamelen|verwerken|registreren|ontvangen|zien)\s+(?:wij|we)|"
    r"we\s+(?:(?:can|may)\s+(?:\w+\s+)?)?(?:collect|process|record|receive|see))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"\b(?:om|omdat|zodat|wanneer|indien|to|because|so that|when|if)\b|[.;:]", re.IGNORECASE
)
_NOT_PROSE = re.compile(
    r"cookie|verwijder|bewaar|delete|retain|\bniet\b|\bnot\b|\bgeen\b|\bno\b", re.I
)
_PROSE = re.compile(
    r"(?:gegevens|data|informatie|information)[^.]{0,60}\b(?:zoals|namelijk|such as|including|"
    r"bijvoorbeeld)\b",
    re.IGNORECASE,
)


# "Naam: Bakkerij Jansen B.V.", "Adres: Dorpsstraat 1": a label with the value itself
# (an e-mail address, a web address, a number, an organisation's legal form).
_GIVES_A_VALUE = re.compile(
    r"^[^:]{1,30}:\s*(?=.*(?:@|https?://|www\.|\d{4}|\bB\.?V\.?(?!\w)|\bN\.?V\.?(?!\w)|"
    r"\bstichting\b|\bvereniging\b|\bfoundation\b|\bassociation\b|\bLtd\b|\bGmbH\b|"
    r"\w\.(?:nl|com|org|net|eu|be|biz|io)\b))",
    re.IGNORECASE,
)


# "per e-mail en telefoon", "by email", "voor correspondentie": how someone is reached,
# not data about them.
_CHANNEL = re.compile(
    r"\b(?:per|via|by|through)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b"
    r"(?:\s+(?:en|of|and|or)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b)?|"
    r"\b(?:voor|in|via|per|for|by|in)\s+(?:schriftelijke\s+|written\s+)?corresponden\w*",
    re.IGNORECASE,
)
# "Wij verwerken persoonsgegevens van:", "We process personal data of:": a list of people.
_PEOPLE_INTRO = re.compile(r"(?:gegevens|\bdata)\s+(?:van|of)\s*:\s*$", re.IGNORECASE)


def _contact_details(ctx: Context) -> set[int]:
    """The sentences that gave the organisation's own name, address, numbers or e-mail
    ("Adres: Laaresstraat 9, Enschede"): a detail of the organisation, not a kind of
    personal data it processes."""
    return {e.start for e in ctx.evidence if e.path[:1] == ("controller",)}


@cache
def _gazetteer() -> Gazetteer:
    from ... import catalogue

    entries: list[tuple[str, tuple[str, ...]]] = []
    for key, entry in catalogue.categories().items():
        entries.append((key, (entry.label.nl, entry.label.en, *_phrases().get(key, ()))))
    return Gazetteer(entries)


def categories(ctx: Context) -> None:
    gazetteer = _gazetteer()
    found: dict[str, list[Sentence]] = {}
    own: dict[str, tuple[str, Sentence]] = {}
    contact = _contact_details(ctx)
    for item, intro in items_under(ctx, _DATA_INTRO, _NOT_DATA):
        if item.start in contact or field_line(item) not in (None, "categories"):
            continue
        if _GIVES_A_VALUE.match(item_text(item)) or _PEOPLE_INTRO.search(intro.text):
            continue
        keys = gazetteer.find(_CHANNEL.sub(" ", item_text(item)))
        for key in keys:
            found.setdefault(key, []).append(item)
        words = item_text(item)
        if (
            not keys
            and intro.text.rstrip().endswith(":")
            and 0 < len(words.split()) <= 8
            and not re.search(r"\b(?:het|de)\s+\w+en\b", words, re.I)
        ):
            key = key_of(words, [*found, *own])
            own[key] = (label_of(words), item)
    for sentence in ctx.sentences:
        if is_item(ctx, sentence) or not _PROSE.search(sentence.text):
            continue
        if re.search(r"cookie|verwijder|bewaar|delete|retain", sentence.text, re.I):
            continue
        listing = sentence.text[_PROSE.search(sentence.text).end() :]  # type: ignore[union-attr]
        listing = re.split(r"\bvoor de volgende\b|\bfor the following\b|[:;]", listing)[0]
        for key in gazetteer.find(_CHANNEL.sub(" ", listing)):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_WE_COLLECT):
        if is_item(ctx, sentence) or _NOT_PROSE.search(sentence.text):
            continue
        listing = _CLAUSE_END.split(sentence.text[match.end() - sentence.start :], maxsplit=1)[0]
        for key in gazetteer.find(_CHANNEL.sub(" ", listing)):
            found.setdefault(key, []).append(sentence)
    if not found and not own:
        ctx.silent(("categories",), "categories")
        return
    for key, sentences in found.items():
        ctx.put(("categories", key), {}, sentences[:2], "categories.catalogue")
    for key, (label, sentence) in own.items():
        ctx.put(("categories", key), {"label": {ctx.lang: label}}, sentence, "categories.own")
