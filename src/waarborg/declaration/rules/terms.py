"""Art. 12(1): the statement's words name the law and the authority as they are.

Every text of the declaration is read: labels, descriptions, criteria and the
statement's own sentences in ``quote``. Datastores (column and table names) and
addresses are not words of the statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..lint import Hit, Local, phrase, rule, say
from ..model import Declaration
from ..source import Path
from ..types import Text

#: A sentence that speaks of the old law as old ("de AP, voorheen het CBP") is right.
_HISTORICAL = re.compile(
    r"\b(?:voorheen|vroeger|voormalig\w*|vervangen|vervangt|opgevolgd|opvolger|"
    r"ingetrokken|formerly|former|previously|replaced|replaces|succeeded|repealed)\b",
    re.IGNORECASE,
)

#: (pattern, the term as found, what replaced it): keys of ``checker.parts.outdated``
#: and ``checker.parts.replaced_by``. Case matters for the abbreviations.
_OUTDATED_LAW = (
    (
        re.compile(r"\bWet\s+bescherming\s+persoonsgegevens\b", re.IGNORECASE),
        "wbp",
        "avg",
    ),
    (re.compile(r"\b(?:Wbp|WBP)\b"), "wbp_short", "avg"),
    (
        re.compile(r"\bRichtlijn\s+95/46|\bDirective\s+95/46|\b95/46/E[GC]\b", re.IGNORECASE),
        "directive",
        "gdpr",
    ),
    (
        re.compile(r"\bCollege\s+bescherming\s+persoonsgegevens\b", re.IGNORECASE),
        "cbp",
        "ap",
    ),
    (re.compile(r"\bCBP\b"), "cbp_short", "ap"),
)
_OUTDATED_TERM = (
    (
        re.compile(r"\bbewerk(?:ers|ings)overeenkomst(?:en)?\b", re.IGNORECASE),
        "bewerkersovereenkomst",
        "verwerkersovereenkomst",
    ),
    (re.compile(r"\bbewerkers?\b", re.IGNORECASE), "bewerker", "verwerker"),
)
_SKIPPED = frozenset({"datastores", "email", "website", "url", "contact_form", "channels"})


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every piece of prose in ``value`` with its path."""
    if isinstance(value, Text):
        for lang in ("nl", "en"):
            text = getattr(value, lang)
            if text:
                yield (*path, lang), text
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIPPED:
                yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, str) and path and path[-1] not in ("dpv",):
        yield path, value


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".;\n") + 1
    rights = [i for i in (text.find(mark, end) for mark in ".;\n") if i != -1]
    return text[left : min(rights) if rights else len(text)]


def _found(
    d: Declaration, table: tuple[tuple[re.Pattern[str], str, str], ...]
) -> Iterator[tuple[Path, str, str]]:
    """Each outdated term once: where it first occurs, the term, and what replaced it."""
    first: dict[str, tuple[Path, str]] = {}
    seen: set[str] = set()
    for path, text in _texts(d, ()):
        # The statement's sentence quoted on several entries is one use of the term.
        if path and path[-1] == "quote":
            if text in seen:
                continue
            seen.add(text)
        for pattern, term, now in table:
            for match in pattern.finditer(text):
                if _HISTORICAL.search(_sentence(text, match.start(), match.end())):
                    continue
                # one path per text: the English and Dutch of one Text are one place
                place = path[:-1] if path[-1] in ("nl", "en") else path
                if term not in first:
                    first[term] = (place, now)
                break
    for term, (place, now) in first.items():
        yield place, term, now


@rule(
    "outdated-law",
    "warning",
    "12(1), 13(2)(d)",
    "The statement names the law and the authority that apply today",
    "name the AVG (GDPR) and the UAVG, and the Autoriteit Persoonsgegevens; the Wbp and "
    "the College bescherming persoonsgegevens no longer exist",
)
def outdated_law(d: Declaration) -> Iterator[Hit]:
    for place, term, now in _found(d, _OUTDATED_LAW):
        outdated: Local = phrase(f"outdated.{term}")
        yield place, say("outdated-law", term=outdated, now=phrase(f"replaced_by.{now}"))


@rule(
    "outdated-term",
    "info",
    "12(1), 28(3)",
    "The statement uses the terms of the AVG",
    "write 'verwerkersovereenkomst' and 'verwerker', the AVG's terms; 'bewerker' is the "
    "Wbp's, repealed in 2018",
)
def outdated_term(d: Declaration) -> Iterator[Hit]:
    for place, term, now in _found(d, _OUTDATED_TERM):
        yield place, say("outdated-term", term=term, now=now)
