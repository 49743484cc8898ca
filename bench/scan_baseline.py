"""The 12-regex baseline: what a user would write to find personal data themselves.

One regular expression per kind, compiled once, run over the whole text; the 11-proof
on nine-digit numbers and mod-97 on IBANs, as a user who read the rules would add,
and the Luhn check on card numbers. No context words except where a kind cannot be
told without one (a KvK number is any eight digits, a date of birth any date), and
no knowledge of Waarborg's recognizers. ``find(text)`` gives ``(start, end, kind)``
with Waarborg's kind names.
"""

from __future__ import annotations

import re

_DATE = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2}"

PATTERNS: dict[str, re.Pattern[str]] = {
    "bsn": re.compile(r"\b\d{9}\b"),
    "iban": re.compile(r"\bNL\d{2} ?[A-Z]{4} ?\d{4} ?\d{4} ?\d{2}\b", re.IGNORECASE),
    "postcode": re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b"),
    "phone": re.compile(r"(?<![\w+])(?:\+31|0031|0)[ -]?(?:\(0\))?[ -]?[1-9](?:[ -]?\d){8}\b"),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b"),
    "date_of_birth": re.compile(
        r"(?i:geboren(?: op)?|geboortedatum|geb\.|date of birth|dob)[:\s]*(" + _DATE + ")"
    ),
    "kvk": re.compile(r"(?i:kvk|kamer van koophandel)[^\d\n]{0,15}(\d{8})\b"),
    "btw": re.compile(r"\bNL\d{9}B\d{2}\b", re.IGNORECASE),
    "person_name": re.compile(
        r"(?:[Dd]e heer|[Mm]evrouw|[Dd]hr\.|[Mm]evr\.|Naam:)\s+((?:[A-Z]\.)*\s?[A-Z][a-z]+"
        r"(?: (?:van|de|der|den|ten|ter|te)){0,2}(?: [A-Z][a-z]+)?)"
    ),
    "ipv4": re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"),
    "payment_card": re.compile(r"\b(?:\d[ -]?){12,18}\d\b"),
    "licence_plate": re.compile(r"\b[A-Z]{2}-\d{3}-[A-Z]\b|\b\d{2}-[A-Z]{3}-\d\b"),
}


def _eleven(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    text = iban.replace(" ", "").upper()
    text = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in text)) % 97 == 1


def _luhn(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


CHECKS = {
    "bsn": _eleven,
    "iban": _mod97,
    "payment_card": _luhn,
}


def find(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for kind, pattern in PATTERNS.items():
        check = CHECKS.get(kind)
        group = 1 if pattern.groups else 0
        for match in pattern.finditer(text):
            value = match.group(group)
            if check is None or check(value):
                found.append((match.start(group), match.end(group), kind))
    return found
