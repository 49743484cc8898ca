"""Periods as statements write them ("vier weken", "7 jaar", "one month", "30 days"),
read into ISO 8601 durations (``P4W``, ``P7Y``, ``P1M``, ``P30D``)."""

from __future__ import annotations

import re

__all__ = ["PERIOD", "duration"]

_NUMBERS = {
    # Dutch
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "achttien": 18, "twintig": 20,
    "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "negentig": 90,
    "honderd": 100,
    # English
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip
_UNITS = {
    "dag": "D", "dagen": "D", "werkdag": "D", "werkdagen": "D", "day": "D", "days": "D",
    "week": "W", "weken": "W", "weeks": "W",
    "maand": "M", "maanden": "M", "month": "M", "months": "M",
    "jaar": "Y", "jaren": "Y", "year": "Y", "years": "Y",
    "uur": "H", "uren": "H", "hour": "H", "hours": "H",
}  # fmt: skip
_NUMBER = "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True))
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))

#: A number (in digits or words) and a unit: "4 weken", "vier weken", "1 maand", "2 years".
_HALVES = r"anderhalf|anderhalve|half(?:\s+an?)?|\d{1,2}[,.]5"
PERIOD = re.compile(
    rf"\b(?P<number>{_HALVES}|\d{{1,3}}|{_NUMBER})(?:\s*\(\d{{1,3}}\))?"
    rf"(?:\s+(?:more|further|extra|additional|volle|hele|kalender))?[\s-]+(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)


def duration(match: re.Match[str]) -> str | None:
    """The ISO 8601 duration of a ``PERIOD`` match; None for working days, which are
    no calendar period."""
    word = match.group("number").lower()
    unit_word = match.group("unit").lower()
    if unit_word.startswith("werkdag"):
        return None
    unit = _UNITS[unit_word]
    if re.fullmatch(_HALVES, word):  # "anderhalf jaar", "een half jaar", "1,5 jaar"
        if word.startswith(("ander", "half")):
            halves = 3 if word.startswith("ander") else 1
        else:
            halves = int(word[:-2]) * 2 + 1
        return f"P{halves * 6}M" if unit == "Y" else None
    number = int(word) if word.isdigit() else _NUMBERS[word]
    if unit == "H":
        return f"PT{number}H"
    return f"P{number}{unit}"
