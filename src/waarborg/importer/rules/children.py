"""Children: the age below which the statement says it does not collect data, or the
age its service is meant for (Art. 8)."""

from __future__ import annotations

import re

from ._context import Context

__all__ = ["children"]

_AGE = re.compile(
    r"(?:(?:jonger|younger|ouder|older)(?: zijn| are| is)? (?:dan|than)|onder de|under the age of|"
    r"under|beneden de|"
    r"vanaf|minimaal|at least)\s+(?:de leeftijd van\s+)?(?P<age>\d{1,2})"
    r"(?P<unit>\s*(?:jaar|years?(?: of age| old)?|jr)\b)?(?!\s*(?:%|euro|\d))",
    re.IGNORECASE,
)
_CHILD = re.compile(
    r"kind\w*|minderjarig\w*|jongeren|child\w*|minor\w*|leeftijd|age\b|jonger|younger|bezoeker|visitor",
    re.I,
)
_YOUNG = re.compile(r"kind\w*|minderjarig\w*|jongeren|child\w*|minor\w*", re.I)
_PARENT = re.compile(
    r"toestemming (?:van|hebben van) (?:hun |de |een )?ouder|parental consent|consent of (?:a |"
    r"their )?parent|ouderlijke toestemming",
    re.I,
)


# "minderjarig" and "minor" without an age: under 18, the age of majority (art. 1:233 BW).
_MINOR = re.compile(r"\bminderjarig\w*|\bminors?\b", re.IGNORECASE)
_DATA = re.compile(r"gegevens|verzamel\w*|verwerk\w*|\bdata\b|collect\w*|process\w*", re.I)


def children(ctx: Context) -> None:
    for sentence, match in ctx.search(_AGE):
        if not _CHILD.search(sentence.text) or re.search(
            r"bewaar|retain|cookie", sentence.text, re.I
        ):
            continue
        if match.group("unit") is None and not _YOUNG.search(sentence.text):
            continue  # "onder 16" needs children in the sentence to be an age
        age = int(match.group("age"))
        if not 0 < age <= 21:
            continue
        ctx.put(("children", "min_age"), age, sentence, "children.min_age")
        index = ctx.index_of(sentence)
        for each in ctx.sentences[index : index + 2]:
            if _PARENT.search(each.text) and not re.search(
                r"\book niet\b|even if|zelfs", each.text, re.I
            ):
                ctx.put(
                    ("children", "parental_consent"),
                    True,
                    [sentence, each],
                    "children.parental_consent",
                )
                break
        return
    for sentence, _match in ctx.search(_MINOR):
        text = sentence.text
        if _DATA.search(text) and not re.search(r"bewaar|retain|cookie", text, re.I):
            ctx.put(("children", "min_age"), 18, sentence, "children.minor")
            return
