"""Dates of birth: a date right after a word that says it is one (geboren op,
geboortedatum, geb., date of birth, born), or any date in a column named so.

A date may stand on the line below its word, as identity cards and passports print
it (``Geboortedatum / Date of birth``, then ``12 MAA/MAR 1985``): their months are
abbreviated in Dutch, English and French, one after the other (``03 OKT/OCT 1990``),
and all of them must name the same month.

Dates without such a word (an invoice date, a delivery date) are not reported, but
for one that follows a person's name in brackets or after a comma, as lists of
participants and forms write them (``Jan Jansen (12-03-1985)``, ``Gegevens: Jan
Jansen, 12-03-1985``), at least ten years ago (``after_name``, asked by the engine
for each name it found). The date must exist in the calendar and lie between 1900
and this year.
"""

from __future__ import annotations

import datetime as dt
import re

from ... import clock
from . import register
from .base import Recognizer, Span, Text, context_pattern

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "augustus": 8,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "october": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # As identity documents abbreviate them in Dutch (MAA, OKT) and French (FÉV, AVR).
    "maa": 3, "janv": 1, "fév": 2, "fev": 2, "févr": 2, "fevr": 2, "mars": 3, "avr": 4,
    "mai": 5, "juin": 6, "juil": 7, "aoû": 8, "aou": 8, "août": 8, "aout": 8, "déc": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    r"(?:(?P<d>[0-3]?\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    rf"|(?P<d3>[0-3]?\d)\.? (?P<mn3>{_MONTH})(?P<alt3>(?:[ ]?/[ ]?(?:{_MONTH})){{0,2}})\.?"
    r" (?P<y3>(?:19|20)\d\d)"
    rf"|(?P<mn4>{_MONTH})\.? (?P<d4>[0-3]?\d),? (?P<y4>(?:19|20)\d\d))(?![\w]|[-/.]\d)"
)
_DATE_RE = re.compile(rf"(?<![\w./-]){_DATE}", re.IGNORECASE)
#: Between the context word and the date: a colon, "op", "on", "the", brackets, the
#: quotes of a JSON field (``"dateOfBirth": "1985-03-12"``), or the end of the line
#: (an identity card prints the date below its label).
_AFTER = re.compile(
    rf"[\"']?[ \t]*(?:[:=][ \t]*[\"']?|\([ \t]*)?(?:\n[ \t]*)?(?:(?:op|on|the|de|den)[ \t]+)?"
    rf"{_DATE}",
    re.IGNORECASE,
)

#: Right after a name: a bracket or a comma, then the date.
_AFTER_NAME = re.compile(rf"(?:[ \t]*\([ \t]*|,[ \t]*){_DATE}", re.IGNORECASE)
#: A date after a name is a birth date when it is at least this many years old.
AFTER_NAME_AGE = 10

#: Every context word starts with one of these.
_STEMS = ("geb", "born", "birth", "dob", "d.o.b", "date of birth", "dateofbirth", "date_of_b")


def parse(match: re.Match[str]) -> dt.date | None:
    """The date a match of the date pattern spells, or None when there is no such day."""
    groups = match.groupdict()
    for suffix in ("", "2", "3", "4"):
        year = groups.get("y" + suffix)
        if year is None:
            continue
        day = groups["d" + suffix]
        month = groups.get("m" + suffix) or groups.get("mn" + suffix)
        assert month is not None
        number = _MONTHS[month.lower()] if not month.isdigit() else int(month)
        others = groups.get("alt" + suffix)
        if others and any(
            _MONTHS[other.strip().lower()] != number for other in others.split("/")[1:]
        ):
            return None  # ``12 MAA/OKT 1985`` names no one month
        try:
            return dt.date(int(year), number, int(day))
        except ValueError:
            return None
    return None


@register
class DateOfBirth(Recognizer):
    name = "date_of_birth"
    label = "Date of birth"
    categories = ("date_of_birth",)
    context = (
        "geboren",
        "geboren op",
        "geboortedatum",
        "geb.",
        "geb",
        "geboortedag",
        "date of birth",
        "birth date",
        "birthdate",
        "birthday",
        "born",
        "born on",
        "dob",
        "d.o.b.",
        "geb datum",
        "geb. datum",
        "dateofbirth",
        "geb.datum",
        "geb.dat.",
        "date_of_birth",
        "birth_date",
        "geboorte_datum",
    )
    needs_context = True

    def __init__(self) -> None:
        super().__init__()
        self.words = context_pattern(self.context)
        self.last_year = clock.today().year

    def _context_words(self, doc: Text) -> list[int]:
        """The ends of the context words in the text, found by their stems (a search
        for a literal is far faster than one for a list of words)."""
        lower = doc.lower
        ends: list[int] = []
        for position in doc.stem_positions(_STEMS):
            word = self.words.match(lower, position)
            if word is not None and (position == 0 or not lower[position - 1].isalnum()):
                ends.append(word.end())
        return sorted(ends)

    def _plausible(self, match: re.Match[str]) -> bool:
        day = parse(match)
        return day is not None and 1900 <= day.year <= self.last_year

    def after_name(self, text: str, end: int) -> Span | None:
        """The date of birth right after a name that ends at ``end``, if there is one."""
        found = _AFTER_NAME.match(text, end)
        if found is None:
            return None
        day = parse(found)
        if day is None or not 1900 <= day.year <= self.last_year - AFTER_NAME_AGE:
            return None
        first = next(g for g in ("d", "y2", "d3", "mn4") if found.group(g) is not None)
        return (found.start(first), found.end(), self.name)

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        out: list[Span] = []
        plain = doc.text
        if not context or self.in_hint(hint):
            for match in _DATE_RE.finditer(plain):
                if self._plausible(match):
                    out.append((match.start(), match.end(), self.name))
            return out
        for end in self._context_words(doc):
            found = _AFTER.match(plain, end)
            if found is not None and self._plausible(found):
                first = next(g for g in ("d", "y2", "d3", "mn4") if found.group(g) is not None)
                out.append((found.start(first), found.end(), self.name))
        return out
