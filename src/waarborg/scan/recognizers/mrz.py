"""Machine-readable zones (MRZ) of passports and identity cards: two lines of 44
characters (TD3, passports), two of 36 (TD2) or three of 30 (TD1, identity cards),
of capitals, digits and ``<`` (a space OCR reads into a line is let pass). The check
digits (ICAO 9303: weights 7, 3, 1) of the document number and the date of birth
must be right, read with what OCR misreads for a digit where the zone holds digits
only (``O`` or ``Q`` for ``0``, ``I`` for ``1``, ...). A passport's second line alone
is a zone too when all four of its check digits hold (the number's, the date of
birth's, the expiry's and the composite): OCR often misreads the first line, the
name, over a printed background. The match is the whole zone: it holds the document
number, the holder's name and date of birth and, on a Dutch document, the BSN (a
passport's personal number, an identity card's optional data), so ``redact`` masks,
and blacks out on a scan, all of it.

The BSN in a Dutch zone is a value of its own too (``inside``): the scan reports it
as a BSN, at its own place, beside the zone. It is taken from the place ICAO 9303
gives the optional data (TD1: the first line's characters 16 to 30; TD3: the
personal number, the second line's characters 29 to 42) of a zone whose issuing
state is ``NLD`` (or, where OCR misread that, whose holder's nationality is), when
those start with nine digits that pass the 11-test and, on a passport, the personal
number's own check digit holds.
"""

from __future__ import annotations

import re

from . import register
from .base import Recognizer, Span, Text
from .bsn import eleven

__all__ = ["Mrz", "check_digit", "inside", "zone_lines"]

_LINE = re.compile(r"[A-Z0-9<]{30}(?:[A-Z0-9<]{6}(?:[A-Z0-9<]{8})?)?")
_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_ALPHABET = frozenset(_VALUES)
#: A line OCR read with at most this many marks outside a zone's alphabet (``¥``, ``«``)
#: besides spaces is read without them.
_STRAY = 2


def _compact(line: str) -> str:
    """A line of a zone as OCR gave it, without spaces and, when there are few of
    them, the marks outside a zone's alphabet."""
    compact = line.replace(" ", "")
    stray = sum(c not in _ALPHABET for c in compact)
    if 0 < stray <= _STRAY:
        return "".join(c for c in compact if c in _ALPHABET)
    return compact


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of a field."""
    return str(sum(_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def zone_lines(value: str) -> list[tuple[str, list[int]]]:
    """The lines of a zone as the scanner matched it: each line without what OCR read
    into it (spaces, a stray mark or two: ``_compact``), and the offset in ``value`` of
    each character kept."""
    lines: list[tuple[str, list[int]]] = []
    offset = 0
    for raw in value.split("\n"):
        at = [offset + i for i, c in enumerate(raw) if c in _ALPHABET]
        lines.append(("".join(value[i] for i in at), at))
        offset += len(raw) + 1
    return lines


#: What OCR reads for a digit, at the places a zone holds digits only.
_AS_DIGIT = str.maketrans("OQDILZSGB", "000112568")
#: The places that hold digits only (check digits, dates), per kind of line: a TD1
#: zone's first and second lines, a TD2 and a TD3 zone's second line.
_DIGITS = {
    "td1-1": (14,),
    "td1-2": (*range(0, 7), *range(8, 15), 29),
    "td2-2": (9, *range(13, 20), *range(21, 28), 35),
    "td3-2": (9, *range(13, 20), *range(21, 28), 42, 43),
}


def _as_digits(line: str, places: tuple[int, ...]) -> str:
    """``line`` with what OCR misreads for a digit (``O``, ``Q`` for ``0``; ``I`` for
    ``1``; ...) read as the digit, at ``places``."""
    chars = list(line)
    for place in places:
        if place < len(chars):
            chars[place] = chars[place].translate(_AS_DIGIT)
    return "".join(chars)


def _read(lines: list[str]) -> list[str]:
    """A zone's lines with the digits OCR misread as letters put right."""
    if len(lines) == 3 and len(lines[0]) == 30:
        return [
            _as_digits(lines[0], _DIGITS["td1-1"]),
            _as_digits(lines[1], _DIGITS["td1-2"]),
            lines[2],
        ]
    if len(lines) == 2 and len(lines[0]) == 36:
        return [lines[0], _as_digits(lines[1], _DIGITS["td2-2"])]
    if len(lines) == 2 and len(lines[0]) == 44:
        return [lines[0], _as_digits(lines[1], _DIGITS["td3-2"])]
    if len(lines) == 1 and len(lines[0]) == 44:
        return [_as_digits(lines[0], _DIGITS["td3-2"])]
    return lines


def _dutch(issuer: str | None, nationality: str) -> bool:
    """Whether the Netherlands issued the document: its issuing state is ``NLD`` or,
    when OCR misread that (one character off) or the line that holds it, the
    holder's nationality is."""
    if issuer == "NLD":
        return True
    near = issuer is None or sum(a != b for a, b in zip(issuer, "NLD", strict=True)) == 1
    return near and nationality == "NLD"


def inside(value: str) -> list[Span]:
    """The values a zone holds that are findings of their own, at offsets in
    ``value``: the BSN of a Dutch document (see the module's description)."""
    lines = zone_lines(value)
    read = _read([text for text, _ in lines])
    if len(read) == 3 and len(read[0]) == 30:
        dutch = _dutch(read[0][2:5], read[1][15:18])
        (text, at), start = (read[0], lines[0][1]), 15
    elif len(read) in (1, 2) and len(read[-1]) == 44:
        # A passport's zone, or its second line alone when OCR misread the first.
        dutch = _dutch(read[0][2:5] if len(read) == 2 else None, read[-1][10:13])
        (text, at), start = (read[-1], lines[-1][1]), 28
        if check_digit(text[28:42]) != text[42].translate(_AS_DIGIT):
            return []
    else:
        return []
    digits = text[start : start + 9].translate(_AS_DIGIT)
    if not (dutch and digits.isdigit() and digits != "000000000" and eleven(digits)):
        return []
    return [(at[start], at[start + 8] + 1, "bsn")]


def _checks(lines: list[str]) -> bool:
    """Whether the document number and date of birth carry their check digits; a
    passport's second line alone (its first misread) must carry all its own: the
    number's, the date of birth's, the expiry's and the composite."""
    lines = _read(lines)
    if len(lines) == 3 and len(lines[0]) == 30:
        number, dob = (lines[0][5:14], lines[0][14]), (lines[1][0:6], lines[1][6])
        fields = [number, dob]
    elif len(lines) == 2 and len(lines[0]) in (36, 44):
        number, dob = (lines[1][0:9], lines[1][9]), (lines[1][13:19], lines[1][19])
        fields = [number, dob]
    elif len(lines) == 1 and len(lines[0]) == 44:
        line = lines[0]
        composite = line[0:10] + line[13:20] + line[21:43]
        fields = [
            (line[0:9], line[9]),
            (line[13:19], line[19]),
            (line[21:27], line[27]),
            (composite, line[43]),
        ]
    else:
        return False
    return all(check_digit(field) == digit for field, digit in fields)


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
                compact = _compact(line)
                if not _LINE.fullmatch(compact) or (lines and len(compact) != len(lines[0][2])):
                    break
                first_char = cursor + raw.index(line[0])
                lines.append((first_char, first_char + len(line), compact))
                cursor = end + 1
            block = [line for _, _, line in lines]
            whole = len(block) == 3 or (len(block) == 2 and len(block[0]) != 30)
            if whole or (len(block) == 1 and len(block[0]) == 44 and "<<" in block[0]):
                if _checks(block):
                    out.append((lines[0][0], lines[-1][1], self.name))
                    position = text.find("<<", lines[-1][1])
                    continue
            following = text.find("\n", position)
            position = -1 if following == -1 else text.find("<<", following)
        return out
