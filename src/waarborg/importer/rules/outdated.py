"""Terms that are outdated in law, recorded as what they are (never silently
modernised): the Privacy Shield and Safe Harbor, the Wbp and the CBP, the old
directive, and the "bewerkersovereenkomst"."""

from __future__ import annotations

import re

from ._context import Context

__all__ = ["outdated", "quote_outdated"]

_TERMS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, category, re.compile(pattern))
    for kind, category, pattern in (
        (
            "privacy_shield",
            "transfer",
            r"(?i:privacy[\s-]*shield)|(?i:\bEU[\s-]*US\s+shield\b)|"
            r"\((?i:shield)\)|\b(?i:shield)\b(?=[^.]{0,60}(?i:goedkeuring|certif|"
            r"VS|US|Verenigde Staten|buiten Europa|outside))",
        ),
        ("safe_harbor", "transfer", r"(?i:safe[\s-]*harbou?r)"),
        ("wbp", "law", r"\bWbp\b|\bWBP\b|(?i:Wet\s+bescherming\s+persoonsgegevens)"),
        ("cbp", "authority", r"\bCBP\b|(?i:College\s+bescherming\s+persoonsgegevens)"),
        (
            "directive",
            "law",
            r"95/46(?:/EG|/EC)?|(?i:richtlijn\s+95/46)|(?i:Data Protection Directive)",
        ),
        (
            "bewerker",
            "agreement",
            r"(?i:bewerkersovereenkomst\w*|bewerkers-?overeenkomst\w*|"
            r"\bbewerker\b|\bbewerkers\b)",
        ),
    )
)

# Words one of which each term's pattern cannot match without, in lower case: a text
# with none of them is not searched for that term.
_WORDS: tuple[tuple[str, ...], ...] = (
    ("shield",),
    ("harbo",),
    ("wbp", "bescherming"),
    ("cbp", "bescherming"),
    ("95/46", "directive"),
    ("bewerker",),
)


def outdated(ctx: Context) -> None:
    from ...i18n import t

    folded = ctx.text.text.lower()
    present = [
        term
        for term, words in zip(_TERMS, _WORDS, strict=True)
        if any(word in folded for word in words) and term[2].search(ctx.text.text)
    ]
    if not present:
        return
    for sentence in ctx.sentences:
        for kind, _category, pattern in present:
            match = pattern.search(sentence.text)
            if match:
                term = match.group(0).strip("() ")
                ctx.flag(term, kind, t(f"importer.outdated.{kind}", ctx.lang), sentence)


# Sections whose entries carry the statement's own sentence in ``quote``.
_QUOTED = ("rights", "complaints", "children")
_QUOTED_ENTRIES = ("categories", "purposes", "recipients", "retention", "cookies", "transfers")
_PROCESSORS = re.compile(
    r"(?P<who>(?:bedrijven|partijen|organisaties|derden|leveranciers|companies|parties|"
    r"organisations|suppliers)\b[^,.;]{0,60}?(?:in onze opdracht|namens ons|on our behalf))",
    re.IGNORECASE,
)
_CONCLUDED = re.compile(
    r"sluiten|gesloten|afgesloten|hebben\b[^.]{0,40}overeenkomst|conclude|signed|entered", re.I
)


def quote_outdated(ctx: Context) -> None:
    """Put each sentence with an outdated term in the ``quote`` of the entry that was
    read from it, so the checker sees the statement's words (rules ``outdated-law``
    and ``outdated-term`` read quotes); a sentence about processors that no entry
    was read from becomes the entry of the processors it speaks of."""
    for found in ctx.outdated:
        path = _entry_of(ctx, found.start)
        if path is None and found.kind == "bewerker":
            path = _processors(ctx, found.start)
        if path is None:
            continue
        entry = ctx.get(path)
        quote = entry.get("quote")
        if quote is None:
            entry["quote"] = found.quote
        elif found.quote not in quote:
            entry["quote"] = f"{quote} [...] {found.quote}"


def _entry_of(ctx: Context, start: int) -> tuple[str | int, ...] | None:
    for evidence in ctx.evidence:
        if evidence.start != start or not evidence.path:
            continue
        path = evidence.path
        if path[0] in _QUOTED:
            return path[:1] if isinstance(ctx.data.get(path[0]), dict) else None
        if path[0] in _QUOTED_ENTRIES and len(path) >= 2:
            if isinstance(ctx.get(path[:2]), dict):
                return path[:2]
    return None


def _processors(ctx: Context, start: int) -> tuple[str, ...] | None:
    sentence = ctx.sentence_at(start)
    who = _PROCESSORS.search(sentence.text)
    if who is None:
        return None
    value: dict[str, object] = {
        "name": "unstated",
        "named": False,
        "label": {ctx.lang: who.group("who")[:1].upper() + who.group("who")[1:]},
        "role": "processor",
        "country": "unstated",
    }
    if _CONCLUDED.search(sentence.text):
        value["agreement"] = True
    path = ("recipients", "processors")
    if ctx.has(path):
        return path
    ctx.put(path, value, sentence, "recipients.processors")
    ctx.silent((*path, "country"), "recipient_country")
    return path
