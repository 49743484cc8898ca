"""Where an identity document's photo stands on a page OCR read, when no face was
found on it: by the document's layout.

Two kinds of evidence show a page to be an identity document:

- **Its machine-readable zone.** The zone the scanner finds (its check digits hold),
  or lines of a zone's shape alone (``zone_lines``: one to three lines in a row,
  mostly capitals, digits and ``<``, one with ``<<<`` in it), as OCR gives them when
  it misreads a character over a printed background and a check digit no longer
  holds. ICAO 9303 places the zone at the bottom of a passport's data page (TD3: 125
  by 88 mm, its two lines of 44 characters 112 mm wide; TD2 alike, two lines of 36)
  and the photo on the left, above it (``zone_area``). An identity card (TD1: three
  lines of 30) carries its zone on the back and its photo on the front: its zone
  marks the page as an identity document but places no photo.
- **Its title and number.** A document's title (``PASPOORT``, ``IDENTITEITSKAART``,
  ``RIJBEWIJS``, ``IDENTITY CARD``, ...) together with a document number (letters and
  digits, 8 to 10 of them, both kinds).

On a page with that evidence, at least ``LABEL_LINES`` lines of bilingual field
labels (``Naam / Surname``, ``Geboortedatum / Date of birth``) place the photo left of
them (``label_area``). Labels alone are not enough: an application form has them too,
and has no photo to black out.
"""

from __future__ import annotations

import re

from . import ocr

__all__ = [
    "LABEL_LINES",
    "PAD",
    "is_identity_document",
    "layout_areas",
    "line_above",
    "padded",
    "zone_lines",
]

#: Pixels added around a word's box.
PAD = 4

#: Field labels of Dutch (and Belgian, French) identity documents, in lower case.
_LABELS = (
    "naam", "surname", "nom", "voornamen", "given names", "prénoms", "geboortedatum",
    "date of birth", "date de naissance", "persoonsnummer", "personal no", "documentnummer",
    "document no", "nationaliteit", "nationality", "nationalité", "geslacht", "sex",
    "geboorteplaats", "place of birth", "lieu de naissance", "geldig tot", "date of expiry",
    "datum van afgifte", "date of issue", "lengte", "height", "taille",
)  # fmt: skip
_LABEL = re.compile("|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True)))
#: A document whose layout is known shows at least this many lines of bilingual labels.
LABEL_LINES = 2

#: Titles identity documents print, in lower case (Dutch, English, French, German).
_TITLES = (
    "paspoort", "passport", "passeport", "reisepass", "identiteitskaart", "identity card",
    "carte d'identité", "carte d'identite", "personalausweis", "rijbewijs",
    "driving licence", "permis de conduire", "führerschein", "verblijfsdocument",
    "verblijfsvergunning", "residence permit", "titre de séjour", "vreemdelingendocument",
)  # fmt: skip
_TITLE = re.compile(r"\b(?:" + "|".join(re.escape(title) for title in _TITLES) + r")\b")
#: A document number: 8 to 10 capitals and digits, with at least one of each (a Dutch
#: one is two letters, six letters or digits and a digit).
_NUMBER = re.compile(r"\b(?=[A-Z0-9]*[0-9])(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,10}\b")

#: A zone's alphabet, and what OCR reads for ``<<``.
_ZONE_CHAR = re.compile(r"[A-Z0-9<«]")
#: A line of a zone as OCR reads it: 30, 36 or 44 characters, of which OCR may drop,
#: add or misread some (a small letter, a ``£``, a ``|`` at its end) over a printed
#: background: 24 to 50 of them without spaces, at least this share in the alphabet.
_ZONE_SHORTEST, _ZONE_LONGEST, _ZONE_SHARE = 24, 50, 0.8
#: The lines of one zone differ in length, as OCR reads them, by at most this.
_ZONE_SLACK = 6
#: A passport zone's second line found alone is at least this long.
_TD3_ALONE = 40
#: Lines shorter than this are an identity card's (TD1: 30); a TD2 zone's are 36.
_TD2 = 33
#: A passport's data page (ICAO 9303, TD3: 125 by 88 mm, its zone 112 mm wide): the
#: photo (at most 35 mm wide) stands left, above the zone, within these shares of the
#: zone's width; the fields right of it stay.
_TD3_RIGHT, _TD3_ABOVE, _TD3_LEFT = 0.32, 0.60, 0.05


def padded(box: ocr.Box, size: tuple[int, int], pad: int = PAD) -> ocr.Box:
    """``box`` grown by ``pad`` pixels on each side, within an image of ``size``."""
    return (
        max(0, box[0] - pad),
        max(0, box[1] - pad),
        min(size[0], box[2] + pad),
        min(size[1], box[3] + pad),
    )


def _union(boxes: list[ocr.Box]) -> ocr.Box:
    box = boxes[0]
    for other in boxes[1:]:
        box = ocr.union(box, other)
    return box


def _lines(read: ocr.Page) -> list[tuple[int, str]]:
    """Each line of the page's text, with its offset in the text."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in read.text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def zone_lines(read: ocr.Page) -> list[list[ocr.Box]]:
    """The machine-readable zones on a page by their shape alone, each as the boxes of
    its lines: one to three lines in a row, each of ``_ZONE_SHORTEST`` to
    ``_ZONE_LONGEST`` characters (spaces left out), at least ``_ZONE_SHARE`` of them
    capitals, digits and ``<``, of about one length, one of them with ``<<<`` in it.
    Whether their check digits hold is not asked: OCR may have misread one, and the
    zone still holds the holder's data. A passport zone's second line found alone
    (``_TD3_ALONE`` characters or more) comes with the place of its first above it
    (``line_above``): that line is the one OCR misreads most."""
    zones: list[list[ocr.Box]] = []
    run: list[tuple[int, str, str]] = []  # offset, line, line without spaces
    for item in [*_lines(read), None]:
        if item is not None:
            offset, line = item
            compact = line.replace(" ", "")
            if _zone_shaped(compact):
                if not run or abs(len(compact) - len(run[0][2])) <= _ZONE_SLACK:
                    run.append((offset, line, compact))
                    continue
                zones += _zone(read, run)
                run = [(offset, line, compact)]
                continue
        zones += _zone(read, run)
        run = []
    return zones


def _zone_shaped(compact: str) -> bool:
    if not _ZONE_SHORTEST <= len(compact) <= _ZONE_LONGEST:
        return False
    return len(_ZONE_CHAR.findall(compact)) >= _ZONE_SHARE * len(compact)


def _zone(read: ocr.Page, run: list[tuple[int, str, str]]) -> list[list[ocr.Box]]:
    """The zone that lines of a zone's shape in a row make, if they do: its lines'
    boxes, each as wide as the widest (a zone's lines are of one length, and OCR may
    give part of one). An identity card's zone (lines of 30) of which OCR read fewer
    than its three lines comes with the places of the lines it may have missed, above
    and below; a passport zone's second line alone with the place of its first."""
    if not 1 <= len(run) <= 3 or not any("<<<" in c or "««" in c for _, _, c in run):
        return []
    boxes = [_union(b) for offset, line, _ in run if (b := read.boxes(offset, offset + len(line)))]
    if len(boxes) != len(run):
        return []
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    boxes = [(left, b[1], right, b[3]) for b in boxes]
    longest = max(len(c) for _, _, c in run)
    if longest < _TD2:
        height = max(b[3] - b[1] for b in boxes)
        pitch = round(height * 1.7)
        top, bottom = boxes[0][1], boxes[-1][3]
        for step in range(1, 4 - len(boxes)):
            boxes.insert(0, (left, max(0, top - step * pitch), right, top - (step - 1) * pitch))
            boxes.append((left, bottom + (step - 1) * pitch, right, bottom + step * pitch))
        return [boxes]
    if len(boxes) == 1:
        if longest < _TD3_ALONE:
            return []
        line = boxes[0]
        boxes = [line_above(line, (line[2], line[3])), line]
    return [boxes]


def is_identity_document(read: ocr.Page, zones: list[list[ocr.Box]]) -> bool:
    """Whether the page shows an identity document: a machine-readable zone, or a
    document's title and a document number."""
    if zones:
        return True
    return _TITLE.search(read.text.lower()) is not None and _NUMBER.search(read.text) is not None


def line_above(line: ocr.Box, size: tuple[int, int]) -> ocr.Box:
    """Where the first line of a passport's zone stands above its second (``line``),
    when the scanner found the second alone: over the same width, up to twice the
    line's height above it (a zone's lines stand 1.5 to 1.8 of their height apart)."""
    height = line[3] - line[1]
    return padded((line[0], line[1] - 2 * height, line[2], line[1] - height // 5), size, 0)


def zone_area(zone: list[ocr.Box], size: tuple[int, int]) -> ocr.Box | None:
    """Where the photo stands above a zone of two lines (a passport's data page, TD3,
    or a TD2 document) or above a passport zone's second line found alone; None for a
    zone of three (an identity card's back)."""
    if len(zone) == 1:
        zone = [line_above(zone[0], size), zone[0]]
    if len(zone) != 2:
        return None
    left, top = min(b[0] for b in zone), min(b[1] for b in zone)
    width = max(b[2] for b in zone) - left
    return padded(
        (
            round(left - _TD3_LEFT * width),
            round(top - _TD3_ABOVE * width),
            round(left + _TD3_RIGHT * width),
            top - PAD,
        ),
        size,
        0,
    )


def label_area(read: ocr.Page, size: tuple[int, int]) -> ocr.Box | None:
    """Left of the document's fields, when at least ``LABEL_LINES`` lines hold two
    labels each: over their height and a quarter more above and below."""
    labels: list[ocr.Box] = []
    values: list[ocr.Box] = []
    lines = _lines(read)
    for index, (start, line) in enumerate(lines):
        lower = line.lower()
        parts = lower.split("/")
        if len(parts) < 2 or sum(_LABEL.search(part) is not None for part in parts) < 2:
            continue
        first = _LABEL.search(lower)
        assert first is not None
        boxes = read.boxes(start + first.start(), start + len(line))
        if not boxes:
            continue
        labels.append(_union(boxes))
        if index + 1 < len(lines):
            below_start, below = lines[index + 1]
            below_boxes = read.boxes(below_start, below_start + len(below))
            if below_boxes:
                values.append(_union(below_boxes))
    if len(labels) < LABEL_LINES:
        return None
    right = min(b[0] for b in labels) - PAD
    top = min(b[1] for b in labels)
    bottom = max(b[3] for b in labels + values)
    height = bottom - top
    if right <= height // 4:
        return None
    return padded((0, top - height // 4, right, bottom + height // 4), size, 0)


def layout_areas(
    read: ocr.Page, zones: list[list[ocr.Box]], size: tuple[int, int]
) -> list[ocr.Box]:
    """Where an identity document's photo stands on a page OCR read, by its layout
    (``zones``: each machine-readable zone's line boxes): above the left of a zone of
    two lines, else left of the document's fields on a page that is an identity
    document (``is_identity_document``: the front of a card, by itself or beside its
    back). No area for a page that shows neither (a letter, a form), nor for the back
    of an identity card alone."""
    areas = [area for zone in zones if (area := zone_area(zone, size)) is not None]
    if not areas and is_identity_document(read, zones):
        area = label_area(read, size)
        if area is not None:
            areas.append(area)
    return areas
