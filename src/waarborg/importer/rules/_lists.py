"""Shared reading helpers: list items and their introductions, phrases matched on a
normalised form of the text, and keys made from the statement's own words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from ._context import Context, Sentence
from ._literals import alternation

__all__ = [
    "Gazetteer",
    "field_line",
    "intro_of",
    "is_field_line",
    "is_item",
    "items_under",
    "key_of",
    "label_of",
    "normal",
]

_BULLET = re.compile(r"^\s*(?:[•·▪◦●○■□►\u2013\u2014*-]|\d{1,2}[.)]|[a-z][.)]|\(\w\))\s*")


def is_item(ctx: Context, sentence: Sentence) -> bool:
    """A list item: its line starts with a bullet or a number, or it is a block of kind
    ``item``."""
    key = ("is_item", sentence)
    known: bool | None = ctx.facts.get(key)
    if known is None:
        known = ctx.facts[key] = _is_item(ctx, sentence)
    return known


def _is_item(ctx: Context, sentence: Sentence) -> bool:
    source = ctx.text.text
    line_start = source.rfind("\n", 0, sentence.start) + 1
    if sentence.start > line_start and source[line_start : sentence.start].strip():
        return False  # a later sentence of a line
    bullet = _BULLET.match(source[line_start : sentence.end])
    if bullet:
        line_end = source.find("\n", sentence.end)
        line = source[line_start : line_end if line_end >= 0 else len(source)].strip()
        if bullet.group(0).strip()[:1].isdigit() and (
            line.endswith((":", "?")) or _alone(ctx, sentence)
        ):
            return False  # a numbered heading, or a numbered introduction to a list
        return True
    if ctx.kind_of(sentence) != "item":
        return False
    # An item that ends in a colon introduces the list under it ("1. Wij verwerken de
    # gegevens van de klant, zoals ..., voor de volgende doeleinden:").
    return not (sentence.text.rstrip().endswith(":") and _ends_block(ctx, sentence))


def _ends_block(ctx: Context, sentence: Sentence) -> bool:
    """Whether the sentence is the last of its block."""
    index = ctx.block_index(sentence)
    if index is None:
        return False
    return not ctx.text.text[sentence.end : ctx.text.blocks[index].end].strip()


def _alone(ctx: Context, sentence: Sentence) -> bool:
    """Whether the sentence's line is a block of its own."""
    index = ctx.block_index(sentence)
    if index is None:
        return False
    block = ctx.text.blocks[index]
    return "\n" not in ctx.text.text[block.start : block.end].strip()


# A line that gives one field of a purpose or a processing ("Grondslag: ...", "Van wie:
# ...", "Retention period: ..."): its label names the field, its value follows.
_FIELD_LINES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(rf"^\s*[-\u2022*]?\s*(?:\*\*)?(?:{labels})(?:\*\*)?\s*:\s*\S", re.I))
    for field, labels in (
        ("categories", r"gegevens|persoonsgegevens|categorie[eë]n(?: van (?:persoons)?gegevens)?|"
                       r"data|personal data|categories(?: of (?:personal )?data)?"),
        ("basis", r"(?:wettelijke )?grondslag|rechtsgrond|(?:legal|lawful) basis|basis"),
        ("recipients", r"ontvangers?|gedeeld met|recipients?|shared with"),
        ("retention", r"bewaartermijn|bewaren|retention(?: period)?|kept for|storage period"),
        ("subjects", r"van wie|betrokkenen|whose data|data subjects"),
        ("withdraw", r"toestemming intrekken|intrekken|withdrawing consent|withdraw(?:ing)?"),
    )
)  # fmt: skip


def field_line(sentence: Sentence) -> str | None:
    """The field a labelled line gives ("basis" for "Grondslag: toestemming"), or None
    when the line is not one."""
    for field, pattern in _FIELD_LINES:
        if pattern.match(sentence.text):
            return field
    return None


def is_field_line(sentence: Sentence) -> bool:
    """Whether the line gives a field of a purpose ("Grondslag: ...", "Gegevens: ...")
    rather than naming a purpose itself."""
    return field_line(sentence) is not None


def item_text(sentence: Sentence) -> str:
    """The item's words without its bullet and closing punctuation."""
    return _BULLET.sub("", sentence.text).strip(" ;,.")


def intro_of(ctx: Context, index: int) -> Sentence | None:
    """The sentence that introduces the list item at ``index``: the nearest earlier
    sentence that is not an item itself."""
    key = ("intro_of", ctx.sentences[index])
    if key not in ctx.facts:
        ctx.facts[key] = _intro_of(ctx, index)
    found: Sentence | None = ctx.facts[key]
    return found


def _intro_of(ctx: Context, index: int) -> Sentence | None:
    for back in range(index - 1, max(index - 40, -1), -1):
        sentence = ctx.sentences[back]
        if not is_item(ctx, sentence):
            return sentence
    return None


def items_under(
    ctx: Context, intro: re.Pattern[str], unless: re.Pattern[str] | None = None
) -> Iterator[tuple[Sentence, Sentence]]:
    """The list items whose introduction (or, failing that, heading) matches ``intro``,
    each with that introduction."""
    said_by: dict[int, tuple[bool, bool]] = {}  # the items of a list share their lead
    for index, sentence in enumerate(ctx.sentences):
        if not is_item(ctx, sentence):
            continue
        lead = intro_of(ctx, index)
        if lead is None:
            continue
        said = lead.text
        if lead.start not in said_by:
            barred = unless is not None and unless.search(said) is not None
            said_by[lead.start] = (barred, not barred and intro.search(said) is not None)
        barred, introduced = said_by[lead.start]
        if barred:
            continue
        if introduced or (
            said.rstrip().endswith(":") is False and ctx.heading_search(intro, sentence)
        ):
            yield sentence, lead


# Dutch writes the same thing with "u" or "je", and a separable verb as "af te leveren"
# or "afleveren": one form of each, so a phrase matches all of them.
_SEPARABLE = re.compile(
    r"\b(af|op|uit|aan|in|mee|door|over|toe|terug|bij|na|weg|vast|voor|tot)\s+te\s+(\w+en)\b"
)
_PRONOUN = re.compile(r"\b(?:u|uw|jou|jouw)\b")


def normal(text: str) -> str:
    """Lower case, accents kept, hyphens and slashes as spaces, one space between words."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)  # e-mailadres -> emailadres
    text = re.sub(r"[-/()\[\]:;,.!?\"\u201c\u201d]", " ", text)
    text = _SEPARABLE.sub(r"\1\2", " ".join(text.split()))  # af te leveren -> afleveren
    return _PRONOUN.sub("je", text)  # u, uw, jou, jouw -> je


class Gazetteer:
    """Phrases that name an entry of a catalogue, matched whole-word on the normalised
    text, longest first, each stretch of words used once."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        keys: dict[str, str] = {}
        for key, phrases in entries:
            for phrase in phrases:
                words = normal(phrase)
                if words:
                    keys.setdefault(words, key)
        self._keys = keys
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation(keys)})(?!\w)")

    def find(self, text: str) -> list[str]:
        """The keys named in ``text``, in the order they appear."""
        seen: list[str] = []
        for match in self._pattern.finditer(normal(text)):
            key = self._keys[match.group(0)]
            if key not in seen:
                seen.append(key)
        return seen

    def best(self, text: str) -> str | None:
        """The key of the first phrase in ``text``, or of a longer one that overlaps
        it: the most specific name of the thing the text starts with ("je te kunnen
        bellen indien ... dienstverlening" is calling; "je te kunnen bereiken bij
        vragen voor feedback" is asking for feedback)."""
        words = normal(text)
        found: list[tuple[int, int, str]] = []
        for start in [0, *(m.end() for m in re.finditer(r" ", words))]:
            match = self._pattern.match(words, start)
            if match:
                found.append((match.start(), match.end(), self._keys[match.group(0)]))
        if not found:
            return None
        first = found[0]
        overlapping = [f for f in found if f[0] < first[1]]
        return max(overlapping, key=lambda f: f[1] - f[0])[2]


def key_of(words: str, taken: Iterable[str] = ()) -> str:
    """A declaration key made from the statement's words: ASCII, lower case, ``_``
    between words, at most five words; a number is added when it is taken."""
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_words.lower())
    stop = {"de", "het", "een", "van", "voor", "en", "of", "te", "om", "the", "a", "an", "and",
    "or", "to", "je", "jouw", "uw", "u", "onze", "ons", "our", "your"}  # fmt: skip
    meaningful = [p for p in parts if p not in stop] or parts or ["item"]
    key = "_".join(meaningful[:5])[:48].strip("_")
    existing = set(taken)
    if key not in existing:
        return key
    number = 2
    while f"{key}_{number}" in existing:
        number += 1
    return f"{key}_{number}"


def label_of(text: str) -> str:
    """An item's words as a label: bullet and closing punctuation off, first letter up."""
    words = _BULLET.sub("", text).strip(" ;,.\u2013-")
    return words[:1].upper() + words[1:] if words else words
