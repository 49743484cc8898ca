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
    r"toestemming (?:is |hebben )?van (?:hun |de |een |zijn |haar )?(?:ouder|wettelijk\w* "
    r"(?:vertegenwoordiger|verzorger)|voogd)|parental consent|consent (?:of|from) (?:a |their |"
    r"the )?(?:parent|legal guardian)|ouderlijke toestemming",
    re.I,
)
# "Op grond van artikel 8 van de AVG geldt ...", "Volgens de wet ...": the law's own rule,
# not the organisation's age.
_LAW_SAYS = re.compile(
    r"\b(?:op grond van|volgens|krachtens|ingevolge|according to|under) (?:de |het |the )?"
    r"(?:artikel|art\.|AVG|UAVG|GDPR|wet\w*|law|Article)",
    re.I,
)
# "personen onder de 16 jaar", "users younger than 13 years": an age in years the
# sentence gives to people whose data it speaks of.
_PEOPLE = re.compile(
    r"\bperson\w*|\bmensen\b|\bpeople\b|\biemand\b|\bgebruikers?\b|\busers?\b", re.I
)


_YOUNGER = re.compile(r"jonger|younger", re.IGNORECASE)
# "minderjarig" and "minor" without an age: under 18, the age of majority (art. 1:233 BW).
_MINOR = re.compile(r"\bminderjarig\w*|\bminors?\b", re.IGNORECASE)
# "minderjarigen (personen tot 16 jaar)": the age the statement gives its minors.
_MINOR_AGE = re.compile(
    r"\b(?:minderjarig\w*|minors?)\s*\([^()]{0,40}?\b(?P<age>\d{1,2})\s*(?:jaar|years?)\b",
    re.IGNORECASE,
)
_DATA = re.compile(r"gegevens|verzamel\w*|verwerk\w*|\bdata\b|collect\w*|process\w*", re.I)


# The ages a service is meant for: "(12 tot 18 jaar)", "van 4 t/m 12 jaar", "aged 13 to 17".
_RANGE = re.compile(
    r"\b(\d{1,2})\s*(?:tot en met|tot|t/m|-|\u2013|to|through)\s*(\d{1,2})\s*(?:jaar|years?)\b",
    re.I,
)


_FOR_WHOM = re.compile(
    r"kind\w*|minderjarig\w*|jongeren|leerling\w*|scholier\w*|pupil\w*|student\w*|child\w*|"
    r"\bminors?\b|bedoeld|ontworpen|gericht|designed|intended|meant",
    re.I,
)
# "gebruikers van 18 jaar en ouder", "users aged 16 or older", "18 years and over": the
# youngest age the service is meant for.
_AND_OLDER = re.compile(
    r"\b(?P<age>\d{1,2})\s*(?:jaar|years?)(?:\s+of\s+age)?\s+(?:en|of|and|or)\s+"
    r"(?:ouder|older|over)\b",
    re.I,
)
_KEPT = re.compile(r"bewaar|bewaren|bewaard|retain|retention|kept|keep|stored", re.I)


def children(ctx: Context) -> None:
    for sentence, match in ctx.search(_AGE):
        people = (
            _PEOPLE.search(sentence.text) and match.group("unit") and _DATA.search(sentence.text)
        )
        if not (_CHILD.search(sentence.text) or people) or re.search(
            r"bewaar|retain|cookie", sentence.text, re.I
        ):
            continue
        if _LAW_SAYS.search(sentence.text):
            continue
        if match.group("unit") is None and not (
            _YOUNG.search(sentence.text)
            or (_PEOPLE.search(sentence.text) and _YOUNGER.match(match.group(0)))
        ):
            continue  # "onder 16" needs children (or "personen jonger dan 16") to be an age
        age = int(match.group("age"))
        if not 0 < age <= 21:
            continue
        spans = [
            r
            for each, r in ctx.search(_RANGE)
            if _FOR_WHOM.search(each.text) and not _KEPT.search(each.text)
        ]
        if not any(int(r.group(1)) < age <= int(r.group(2)) for r in spans):
            ctx.put(("children", "min_age"), age, sentence, "children.min_age")
        # else: the service is for an age range that spans it ("leerlingen (12 tot 18
        # jaar)"): the age is where consent changes hands, not the youngest user's.
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
    for sentence, match in ctx.search(_AND_OLDER):  # "bedoeld voor gebruikers van 18 jaar en
        text = sentence.text  # ouder"
        if _FOR_WHOM.search(text) and (_PEOPLE.search(text) or _CHILD.search(text)):
            if not re.search(r"bewaar|retain|cookie", text, re.I) and not _LAW_SAYS.search(text):
                age = int(match.group("age"))
                if 0 < age <= 21:
                    ctx.put(("children", "min_age"), age, sentence, "children.and_older")
                    return
    for sentence, _match in ctx.search(_MINOR):
        text = sentence.text
        if not _DATA.search(text) or re.search(r"bewaar|retain|cookie", text, re.I):
            continue
        given = _MINOR_AGE.search(text)
        age = int(given.group("age")) if given and 0 < int(given.group("age")) <= 21 else 18
        ctx.put(("children", "min_age"), age, sentence, "children.minor")
        return
