"""What a section of a statement is about, read from its headings.

A statement's headings say what each part tells: "Met wie delen wij uw gegevens?" heads
the recipients, "Hoe lang bewaren wij ...?" the periods, "Waarom en op welke grondslag
...?" the purposes and their bases, "Welke gegevens verwerken wij?" the data. A list
item or a short line under such a heading is read in that role, whatever words it uses
itself. A sub-heading ("3.1 Uitvoering van de overeenkomst") sits under its parent
("3. Waarom verwerken wij uw gegevens?"): a sentence's roles are those of the headings
above it, the nearest first.
"""

from __future__ import annotations

import re

from ._context import Context, Sentence

__all__ = ["ROLES", "role_of", "roles", "section_headings", "sections_of"]

# Each role with the words of a heading that gives it. A heading can give several
# ("Met welk doel en op basis van welke grondslag ..." gives purposes and bases).
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("recipients", r"\bdel(?:en|t)\b|\bgedeeld\b|met wie\b|\baan wie\b|ontvanger|"
                       r"\bderden\b|derde partij|(?:sub-?)?verwerkers\b|"
                       r"verstrek\w* (?:\w+ ){0,3}?aan\b(?! ons)|doorgeven|"
                       r"\bshar(?:e|ed|ing)\b|recipients|third[\s-]part|(?:sub-?)?processors|"
                       r"disclos|dienstverleners|service providers"),
        ("retention", r"\bbewa(?:ar|ren|rt)\b|bewaartermijn|hoe lang\b|retention|how long|"
                      r"\bkeep\b"),
        ("bases", r"grondslag|rechtsgrond|rechtmatig|op basis van|op grond van|"
                  r"legal bas[ie]s|lawful bas[ie]s|legal ground"),
        ("purposes", r"\bdoel(?:en|einden|stelling\w*)?\b|waarvoor|\bwaarom\b|"
                     r"\bgebruik(?:en|t)? (?:wij|we)\b|hoe (?:wij|we) \w+ gebruiken|"
                     r"\bpurposes?\b|\bwhy\b|how (?:we|do we) use|what we use"),
        ("categories", r"welke (?:persoons)?gegevens|(?:persoons)?gegevens die (?:wij|we) "
                       r"(?:verwerken|verzamelen|vragen)|verzamelde gegevens|"
                       r"wat (?:wij|we) verzamelen|(?:what|which) (?:personal )?"
                       r"(?:data|information)|(?:data|information) we (?:collect|process)"),
        ("rights", r"\brecht(?:en)?\b|\brights?\b|inzage|inzien|verwijderen"),
        ("cookies", r"cookie"),
        ("security", r"beveilig|security|protect"),
    )
)  # fmt: skip
# A numbered heading's depth: "3." and "3" are one deep, "3.1" two, "3.1.2" three.
_NUMBER = re.compile(r"^\W*(?:artikel\s+|article\s+)?(\d+(?:\.\d+)*)\.?\s")


def _depth(ctx: Context, heading: Sentence) -> int:
    """How deep a heading sits: the reader's level where it knows one, else the depth
    of its number, else one."""
    index = ctx.block_index(heading)
    level = ctx.text.blocks[index].level if index is not None else 0
    if level:
        return level
    number = _NUMBER.match(heading.text)
    return number.group(1).count(".") + 1 if number else 1


def section_headings(ctx: Context, sentence: Sentence) -> list[Sentence]:
    """The headings above a sentence, the nearest first, each above the one before it:
    its section's heading, that section's parent heading, and so on. A heading itself
    is in its own section."""
    index = ctx.index_of(sentence)
    if ctx._headings[index] < 0:
        return []  # before the first heading
    key = ("section_headings", ctx.sentences[ctx._headings[index]])  # one per section
    known = ctx.facts.get(key)
    if known is not None:
        return list(known)
    chain: list[Sentence] = []
    depth: int | None = None
    while index >= 0:
        at = ctx._headings[index]
        if at < 0:
            break
        heading = ctx.sentences[at]
        level = _depth(ctx, heading)
        if depth is None or level < depth:
            chain.append(heading)
            depth = level
            if level <= 1:
                break
        index = at - 1
    ctx.facts[key] = tuple(chain)
    return chain


def _heading_roles(ctx: Context, heading: Sentence) -> frozenset[str]:
    key = ("heading_roles", heading)
    known = ctx.facts.get(key)
    if known is None:
        known = frozenset(role for role, pattern in ROLES if pattern.search(heading.text))
        ctx.facts[key] = known
    return frozenset(known)


def roles(ctx: Context, sentence: Sentence) -> list[frozenset[str]]:
    """The roles of the headings above a sentence, the nearest first (an empty set for a
    heading that gives none)."""
    return [_heading_roles(ctx, heading) for heading in section_headings(ctx, sentence)]


def role_of(ctx: Context, sentence: Sentence) -> frozenset[str]:
    """The roles of the nearest heading above a sentence that gives any."""
    for found in roles(ctx, sentence):
        if found:
            return found
    return frozenset()


def sections_of(
    ctx: Context, wanted: set[str] | frozenset[str], unless: frozenset[str] = frozenset()
) -> list[Sentence]:
    """The sentences of the sections whose nearest role-giving heading gives one of the
    ``wanted`` roles and none of ``unless``, in reading order; each section's roles are
    asked once."""
    found: list[Sentence] = []
    verdict: dict[int, bool] = {}
    for index, sentence in enumerate(ctx.sentences):
        at = ctx._headings[index]
        if at < 0:
            continue
        keep = verdict.get(at)
        if keep is None:
            near = role_of(ctx, sentence)
            keep = verdict[at] = bool(near & wanted) and not near & unless
        if keep:
            found.append(sentence)
    return found
