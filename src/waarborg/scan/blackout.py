"""Blacking out a copy of an identity document, as the Rijksoverheid's KopieID app
lets a person do: the BSN (and whatever else ``redact`` masks in text: document
number, MRZ, ...) and the photo.

A page (an image, a frame of a TIFF, a page of a PDF rendered at ``ocr.DPI``) is read
by OCR; what the scanner finds in its text is placed by the boxes of its words and
blacked out, line by line. A PDF page's text layer is searched too, and its
characters' boxes blacked out. The photo is found by OpenCV's Haar cascade for
frontal faces (shipped inside opencv-python-headless; nothing is downloaded), and the
area of a passport photo around each face is blacked out.

A BSN found once on a page (in its zone, or beside its label) is blacked out wherever
else the page prints it, label or not (a passport's data page prints the zone's BSN
beside the date of birth). A machine-readable zone is blacked out whole: the one the
scanner finds (its check digits hold) and lines of a zone's shape whose check digits
OCR misread (``layout.zone_lines``): both hold the holder's name, date of birth,
document number and, on a Dutch document, the BSN.

When no face is found on a page that is an identity document (a zone, or a
document's title and number), the photo area is blacked out by the document's
layout (``layout.layout_areas``): on a passport's data page, the left of the area
above its zone (ICAO 9303's TD3 page: the photo stands there); on a document with
at least two lines of bilingual field labels (``Naam / Surname``), everything left
of those fields, over their height and a quarter more above and below. That area
can hold more than the photo; it is reported as blacked out by the layout, not as a
face found. A form with the same labels but no zone, title or number (an
application form) is not taken for a document.

Every page that had something blacked out is read by OCR again, and a value still
found is reported: an outcome says what was blacked out and what could not be (a
value found but not placed, no face found, a value still readable), and never claims
more. A PDF is written anew from its redacted pages as images, so no text layer, no
metadata and nothing hidden under the black boxes is kept.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ocr
from .documents import IMAGES, frames, open_image, pdf_pages, render, with_inside
from .engine import Scanner
from .layout import PAD, layout_areas, line_above, padded, zone_lines

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["PHOTO", "Blackout", "Outcome", "blackout_page", "is_document", "redact_document"]

#: The kind of a photo area in an outcome.
PHOTO = "photo"
#: A face is looked for on the page scaled down to at most this width or height.
_FACE_SIDE = 1200


@dataclass(frozen=True)
class Blackout:
    """One area blacked out: the page (from 1), what it held, and its box in pixels."""

    page: int
    kind: str
    box: ocr.Box


@dataclass
class Outcome:
    """What redacting a document did, and what it could not do."""

    pages: int = 0
    #: The areas blacked out (a value over two lines has two).
    done: list[Blackout] = field(default_factory=list)
    #: The values blacked out, and the photos (page, kind): what ``counts`` counts.
    values: list[tuple[int, str]] = field(default_factory=list)
    #: Pages on which no face was found.
    no_face: list[int] = field(default_factory=list)
    #: Of those, the pages of an identity document whose photo area was blacked out by
    #: its layout (``layout_areas``).
    by_layout: list[int] = field(default_factory=list)
    #: Values found but not placed on the page (page, kind): not blacked out.
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    #: Values OCR still read on a page after it was blacked out (page, kind).
    left: list[tuple[int, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether everything found was blacked out and none of it can be read again."""
        return not self.unplaced and not self.left

    def counts(self) -> dict[str, int]:
        """How many values of each kind, and photo areas, were blacked out."""
        kinds: dict[str, int] = {}
        for _, kind in self.values:
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds


def is_document(path: Path, head: bytes) -> bool:
    """Whether ``redact`` reads this file as a PDF or an image (not as text)."""
    from .documents import kind

    found = kind(path, head)
    return found == ".pdf" or found in IMAGES


def _found(scanner: Scanner, text: str, keep: Collection[str]) -> list[tuple[int, int, str]]:
    """What the scanner finds in ``text`` (with the BSN inside a zone), but ``keep``."""
    spans = with_inside(scanner, text, scanner.find(text))
    return [span for span in spans if span[2] not in keep]


def faces(image: Image) -> list[ocr.Box]:
    """The faces on an image (OpenCV's Haar cascade for frontal faces), as boxes."""
    import importlib

    import cv2
    import numpy as np

    cascades = importlib.import_module("cv2.data").haarcascades

    grey = image.convert("L")
    scale = min(1.0, _FACE_SIDE / max(grey.size))
    if scale < 1.0:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)))
    cascade = cv2.CascadeClassifier(os.path.join(cascades, "haarcascade_frontalface_default.xml"))
    side = max(24, min(grey.size) // 20)
    found = cascade.detectMultiScale(
        np.asarray(grey), scaleFactor=1.1, minNeighbors=4, minSize=(side, side)
    )
    return [
        (round(x / scale), round(y / scale), round((x + w) / scale), round((y + h) / scale))
        for x, y, w, h in (tuple(int(v) for v in face) for face in found)
    ]


def photo_area(face: ocr.Box, size: tuple[int, int]) -> ocr.Box:
    """The area of a passport photo around a face the cascade found: by the ICAO's
    proportions the head is half to three quarters of the photo's width and about
    three quarters of its height, and the cascade's square covers a little less than
    the head, so the area is 1.7 times the square's width and 1.9 times its height,
    centred on it."""
    left, top, right, bottom = face
    width, height = right - left, bottom - top
    return padded(
        (
            round(left - 0.35 * width),
            round(top - 0.45 * height),
            round(right + 0.35 * width),
            round(bottom + 0.45 * height),
        ),
        size,
        0,
    )


def blackout_page(
    scanner: Scanner,
    image: Image,
    number: int,
    outcome: Outcome,
    *,
    keep: Collection[str] = (),
    extra: Collection[tuple[str, str, ocr.Box]] = (),
    photo: bool = True,
) -> Image:
    """The page ``image`` with what the scanner finds blacked out (and the boxes in
    ``extra``, found in a PDF's text layer: kind, value and box) and, with ``photo``,
    the photo area around each face. Records in ``outcome`` what was done and what
    could not be; a value that OCR and the text layer both give counts once."""
    from PIL import ImageDraw

    page = image.convert("RGB")
    read = ocr.read(page)
    boxes: list[tuple[str, ocr.Box]] = [(kind, box) for kind, _, box in extra]
    read_values: set[tuple[str, str]] = set()
    in_text = {(kind, _plain(value)) for kind, value, _ in extra}
    zones: list[list[ocr.Box]] = []
    spans = _found(scanner, read.text, keep)
    for start, end, kind in spans:
        placed = read.boxes(start, end)
        if kind == "mrz":
            zones.append(placed)
            if len(placed) == 1:
                # A passport's second line, found alone: its first, misread, is above.
                placed = [line_above(placed[0], page.size), *placed]
        if not placed:
            if (kind, _plain(read.text[start:end])) not in in_text:
                outcome.unplaced.append((number, kind))
            continue
        read_values.add((kind, _plain(read.text[start:end])))
        outcome.values.append((number, kind))
        boxes.extend((kind, padded(box, page.size)) for box in placed)
    outcome.values.extend(
        (number, kind)
        for kind, value in dict.fromkeys((kind, _plain(value)) for kind, value, _ in extra)
        if (kind, value) not in read_values
    )
    # A BSN found once (in the zone, or by its label) is the BSN wherever else the page
    # prints it, label or not: blacked out there too, counted once.
    for digits in {value for kind, value in read_values | in_text if kind == "bsn"}:
        printed = re.compile(r"(?<!\d)" + "[ .]?".join(digits) + r"(?!\d)")
        for match in printed.finditer(read.text):
            if any(start < match.end() and match.start() < end for start, end, _ in spans):
                continue  # found, and blacked out, as a value already
            placed = read.boxes(match.start(), match.end())
            boxes.extend(("bsn", padded(box, page.size)) for box in placed)
    shaped = zone_lines(read)
    held = [box for other in zones for box in other]
    for zone in shaped:
        # A zone whose check digits OCR misread, or its lines the scanner left out (a
        # passport's first line, misread): blacked out all the same, its lines as wide
        # as the widest; counted once, however many pieces OCR split a zone into.
        if "mrz" not in keep:
            if not any(_overlaps(line, box) for line in zone for box in held):
                outcome.values.append((number, "mrz"))
            boxes.extend(("mrz", padded(line, page.size)) for line in zone)
        held.extend(zone)
    # The layout goes by the zone's shape where it shows more lines than the scanner.
    zones = shaped + [
        zone
        for zone in zones
        if not any(_overlaps(a, b) for a in zone for other in shaped for b in other)
    ]
    if photo:
        found = faces(page)
        areas = [photo_area(face, page.size) for face in found]
        if not found:
            outcome.no_face.append(number)
            areas = layout_areas(read, zones, page.size)
            if areas:
                outcome.by_layout.append(number)
        boxes.extend((PHOTO, area) for area in areas)
        outcome.values.extend((number, PHOTO) for _ in areas)
    if not boxes:
        return page
    draw = ImageDraw.Draw(page)
    for kind, box in boxes:
        draw.rectangle(box, fill=(0, 0, 0))
        outcome.done.append(Blackout(number, kind, box))
    again = ocr.read(page)
    outcome.left.extend((number, kind) for _, _, kind in _found(scanner, again.text, keep))
    return page


def _overlaps(a: ocr.Box, b: ocr.Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clean(image: Image) -> Image:
    """A copy of the pixels only: no EXIF (a phone's GPS position), no other metadata."""
    from PIL import Image as PILImage

    clean = PILImage.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _plain(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def _text_boxes(
    scanner: Scanner, page: Any, text: str, keep: Collection[str], dpi: int
) -> Iterator[tuple[str, str, ocr.Box]]:
    """What the scanner finds in a PDF page's text layer: its kind, its value, and the
    box of its characters in pixels at ``dpi``, one per line it stands on."""
    if not text.strip():
        return
    textpage = page.get_textpage()
    try:
        if textpage.count_chars() != len(text):
            return  # characters and text do not line up: the OCR places what it reads
        height = page.get_height()
        scale = dpi / 72
        for start, end, kind in _found(scanner, text, keep):
            lines: dict[int, ocr.Box] = {}
            for index in range(start, end):
                if text[index].isspace():
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                box = (
                    int(left * scale) - PAD,
                    int((height - top) * scale) - PAD,
                    int(right * scale) + PAD + 1,
                    int((height - bottom) * scale) + PAD + 1,
                )
                line = text.count("\n", start, index)
                held = lines.get(line)
                lines[line] = box if held is None else ocr.union(held, box)
            for box in lines.values():
                yield kind, text[start:end], box
    finally:
        textpage.close()


def redact_document(
    scanner: Scanner,
    source: Path,
    target: Path,
    *,
    keep: Collection[str] = (),
    photo: bool = True,
) -> Outcome:
    """Black out ``source`` (a PDF or an image) into ``target``, a page at a time. A PDF
    becomes a PDF of images; an image is written in the format of ``target``'s
    extension (else its own). Raises ``ValueError`` for a file that is neither."""
    with open(source, "rb") as file:
        head = file.read(16)
    if not is_document(source, head):
        raise ValueError(f"{source}: not a PDF or an image")
    target.parent.mkdir(parents=True, exist_ok=True)
    outcome = Outcome()
    handle, temporary = tempfile.mkstemp(prefix=".redact-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    written = Path(temporary)
    try:
        if head.startswith(b"%PDF-") or source.suffix.lower() == ".pdf":
            _pdf(scanner, source, written, target.name, outcome, keep, photo)
        else:
            _image(scanner, source, written, target, outcome, keep, photo)
        written.replace(target)
    finally:
        written.unlink(missing_ok=True)
    return outcome


def _pdf(
    scanner: Scanner,
    source: Path,
    written: Path,
    title: str,
    outcome: Outcome,
    keep: Collection[str],
    photo: bool,
) -> None:
    import pypdfium2 as pdfium

    dpi = ocr.DPI
    try:
        pages = pdf_pages(source)
        first = next(pages, None)
    except pdfium.PdfiumError as error:
        raise ValueError(f"{source}: not a PDF that can be read ({error})") from None
    if first is None:
        raise ValueError(f"{source}: a PDF without pages")
    for number, page, text, _scanned in chain([first], pages):
        extra = list(_text_boxes(scanner, page, text, keep, dpi))
        image = render(page, dpi, grey=False)
        done = blackout_page(scanner, image, number, outcome, keep=keep, extra=extra, photo=photo)
        # One page at a time: each is added to the new PDF as it is done.
        done.save(written, "PDF", resolution=dpi, append=number > 1, quality=90, title=title)
        outcome.pages = number


def _image(
    scanner: Scanner,
    source: Path,
    written: Path,
    target: Path,
    outcome: Outcome,
    keep: Collection[str],
    photo: bool,
) -> None:
    from PIL import Image as PILImage

    with open_image(source) as image:
        fmt = PILImage.registered_extensions().get(target.suffix.lower()) or image.format
        if fmt is None:
            raise ValueError(f"{target}: name it with an image extension, e.g. .png")
        count = getattr(image, "n_frames", 1)
        if count > 1 and fmt not in _MANY:
            raise ValueError(
                f"{source} has {count} pages, and {target.suffix or fmt} holds one: "
                "write it to a .tif or .pdf file"
            )
        pages = [
            _clean(blackout_page(scanner, frame, number, outcome, keep=keep, photo=photo))
            for number, frame in enumerate(frames(image), start=1)
        ]
    outcome.pages = len(pages)
    if fmt in ("HEIF", "AVIF"):
        from .documents import _heif

        _heif()
    if len(pages) == 1:
        pages[0].save(written, fmt)
    else:
        pages[0].save(written, fmt, save_all=True, append_images=pages[1:])


#: Image formats that hold several pages.
_MANY = ("TIFF", "PDF", "GIF", "WEBP")
