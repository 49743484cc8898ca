"""Machine-readable zones (MRZ) of passports and identity cards: two lines of 44
characters (TD3, passports), two of 36 (TD2) or three of 30 (TD1, identity cards),
of capitals, digits and ``<`` (a space OCR reads into a line is let pass). The check
digits (ICAO 9303: weights 7, 3, 1) of the document number and the date of birth
must be right. The match is the whole zone: it holds the document number, the
holder's name and date of birth and, on a Dutch document, the BSN (a passport's
personal number, an identity card's optional data), so ``redact`` masks, and blacks
out on a scan, all of it.

The BSN in a Dutch zone is a value of its own too (``inside``): the scan reports it
as a BSN, at its own place, beside the zone. It is taken from the place ICAO 9303
gives the optional data (TD1: the first line's characters 16 to 30; TD3: the
personal number, the second line's characters 29 to 42) of a zone whose issuing
state is ``NLD``, when those start with nine digits that pass the 11-test and, on a
passport, the personal number's own check digit holds.
"""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text
from .bsn import eleven

__all__ = ["Mrz", "check_digit", "inside", "zone_lines"]

_LINE = re.compile(r"[A-Z0-9<]{30}(?:[A-Z0-9<]{6}(?:[A-Z0-9<]{8})?)?")
_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of a field."""
    return str(sum(_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def zone_lines(value: str) -> list[tuple[str, list[int]]]:
    """The lines of a zone as the scanner matched it (OCR may read spaces into them):
    each line without its spaces, and the offset in ``value`` of each character."""
    lines: list[tuple[str, list[int]]] = []
    offset = 0
    for raw in value.split("\n"):
        at = [offset + i for i, c in enumerate(raw) if not c.isspace()]
        lines.append(("".join(value[i] for i in at), at))
        offset += len(raw) + 1
    return lines


def inside(value: str) -> list[Span]:
    """The values a zone holds that are findings of their own, at offsets in
    ``value``: the BSN of a Dutch document (see the module's description)."""
    lines = zone_lines(value)
    if not lines or lines[0][0][2:5] != "NLD":
        return []
    if len(lines) == 3 and len(lines[0][0]) == 30:
        text, at = lines[0]
        start = 15
    elif len(lines) == 2 and len(lines[1][0]) == 44:
        text, at = lines[1]
        start = 28
        if check_digit(text[28:42]) != text[42]:
            return []
    else:
        return []
    digits = text[start : start + 9]
    if not (digits.isdigit() and digits != "000000000" and eleven(digits)):
        return []
    return [(at[start], at[start + 8] + 1, "bsn")]


def _checks(lines: list[str]) -> bool:
    """Whether the document number and date of birth carry their check digits."""
    if len(lines) == 3 and len(lines[0]) == 30:
        number, dob = (lines[0][5:14], lines[0][14]), (lines[1][0:6], lines[1][6])
    elif len(lines) == 2 and len(lines[0]) in (36, 44):
        number, dob = (lines[1][0:9], lines[1][9]), (lines[1][13:19], lines[1][19])
    else:
        return False
    return all(check_digit(field) == digit for field, digit in (number, dob))


@register
class Mrz(Recognizer):
    name = "mrz"
    label = "Machine-readable zone of an identity document"
    categories = (
        "id_document_copy",
        "passport_number",
        "id_card_number",
        "id_document_number",
        "date_of_birth",
    )
    trigger = "<<"

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        text = doc.text
        out: list[Span] = []
        position = text.find("<<")
        while position != -1:
            start = text.rfind("\n", 0, position) + 1
            lines: list[tuple[int, int, str]] = []
            cursor = start
            while len(lines) < 3:
                end = text.find("\n", cursor)
                end = len(text) if end == -1 else end
                raw = text[cursor:end]
                line = raw.strip()
                # OCR may read a space into a line of the zone (``<<<< <<<``).
                compact = line.replace(" ", "")
                if not _LINE.fullmatch(compact) or (lines and len(compact) != len(lines[0][2])):
                    break
                first_char = cursor + raw.index(line[0])
                lines.append((first_char, first_char + len(line), compact))
                cursor = end + 1
            block = [line for _, _, line in lines]
            if len(block) == 3 or (len(block) == 2 and len(block[0]) != 30):
                if _checks(block):
                    out.append((lines[0][0], lines[-1][1], self.name))
                    position = text.find("<<", lines[-1][1])
                    continue
            following = text.find("\n", position)
            position = -1 if following == -1 else text.find("<<", following)
        return out
