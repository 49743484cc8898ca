"""Terms that are outdated in law, recorded as what they are (never silently
modernised): the Privacy Shield and Safe Harbor, the Wbp and the CBP, the old
directive, and the "bewerkersovereenkomst"."""

from __future__ import annotations

import re

from ._context import Context

__all__ = ["outdated"]

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


def outdated(ctx: Context) -> None:
    from ...i18n import t

    present = [term for term in _TERMS if term[2].search(ctx.text.text)]
    if not present:
        return
    for sentence in ctx.sentences:
        for kind, _category, pattern in present:
            match = pattern.search(sentence.text)
            if match:
                term = match.group(0).strip("() ")
                ctx.flag(term, kind, t(f"importer.outdated.{kind}", ctx.lang), sentence)
