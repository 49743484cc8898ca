"""Text read from an image by OCR: Debian's Tesseract (``tesseract-ocr``, with the Dutch
model ``tesseract-ocr-nld``), called through pytesseract, one page at a time.

``read`` gives the text of an image, line by line, and where each word stands on it,
so that what the scanner finds in the text can be placed on the image (``Page.boxes``):
a finding's box, and the area ``redact`` blacks out. Nothing is downloaded: without
Tesseract, ``missing`` says what to install, and a document that needs OCR is
reported as not (wholly) scanned.

A page whose lines of text are all tall (``line_height``: 12-point type at 300 dpi
gives lines of about 49 pixels) is scaled down before Tesseract reads it, to lines of
about ``LINE`` pixels and by at most half (``scale``): Tesseract's time grows with
the pixels, and on bench/scan_ocr.py's page it read the same words at half the size
in less time (both measured in one run, docs/benchmarks.md); it is not scaled below
``SMALL`` pixels. A small image (a specimen of a passport 455 pixels wide, a phone's
thumbnail) is read enlarged instead. The boxes are given at the image's own size.

Tesseract runs with one thread (``OMP_THREAD_LIMIT=1``): on a machine whose cores were
busy, a page with its default OpenMP threads took 43 s against 7.9 s with one
(docs/benchmarks.md), and ``--jobs`` gives the scan its parallelism.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "DPI",
    "Box",
    "OcrMissing",
    "Page",
    "language",
    "line_height",
    "missing",
    "read",
    "scale",
]

#: The resolution a PDF page is rendered at to be read by OCR (what Tesseract is
#: trained for; a scanner's usual setting).
DPI = 300
#: Left, top, right, bottom, in pixels of the image.
Box = tuple[int, int, int, int]

#: The height of a line of text, in pixels, a page with taller lines is scaled to.
LINE = 24
#: A page is scaled down by at most this factor.
SMALLEST = 0.5
#: A page with lines at most this tall (in pixels) is read at its own size.
TALL = 32
#: An image whose longer side is shorter than this (in pixels) is read enlarged, to
#: about ``ENLARGED`` pixels and by at most ``LARGEST``: Tesseract misread the zone of a
#: passport's specimen 455 pixels wide, and read it at three times that size.
SMALL = 1000
ENLARGED = 1400
LARGEST = 3.0
#: A page that would be scaled down by less than this factor is read at its own size.
NEARLY = 0.9

_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-nld"


class OcrMissing(RuntimeError):
    """Tesseract is not installed: OCR cannot run."""


@cache
def missing() -> str | None:
    """Why OCR cannot run here (what to install), or None when it can."""
    if shutil.which("tesseract") is None:
        return f"reading it needs OCR, and Tesseract is not installed ({_INSTALL})"
    try:
        import pytesseract  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency of Waarborg
        return "reading it needs OCR, and pytesseract is not installed (pip install pytesseract)"
    return None


@cache
def language() -> str:
    """The models Tesseract reads with: Dutch and English together when both are
    installed (the Dutch model alone misread a BSN in a letter, ``1234567782`` for
    ``123456782``, that the two together read right), else the one there is."""
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "eng"
    return "+".join(lang for lang in ("nld", "eng") if lang in listed) or "eng"


@dataclass
class Page:
    """The text OCR read from one image, and each word's place: ``words`` holds, per
    word, its start and end in ``text`` and its box on the image."""

    text: str = ""
    words: list[tuple[int, int, Box]] = field(default_factory=list)

    def boxes(self, start: int, end: int, *, cut: bool = False) -> list[Box]:
        """The boxes of the text from ``start`` to ``end``, one per line of it: the words
        it touches, joined where they stand on one line. With ``cut``, a word the text
        covers in part gives that part of its width, by its share of the word's
        characters (exact in a zone's monospaced type, near it in other type): to
        show where a value stands, not to black it out."""
        lines: dict[int, Box] = {}
        for word_start, word_end, box in self.words:
            if word_end <= start or word_start >= end:
                continue
            if cut and (word_start < start or word_end > end):
                share = (box[2] - box[0]) / (word_end - word_start)
                box = (
                    box[0] + math.floor(share * max(0, start - word_start)),
                    box[1],
                    box[0] + math.ceil(share * (min(end, word_end) - word_start)),
                    box[3],
                )
            line = self.text.count("\n", 0, word_start)
            held = lines.get(line)
            lines[line] = box if held is None else union(held, box)
        return list(lines.values())


def union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def line_height(image: Image) -> float:
    """The height of the page's shorter lines of text, in pixels: of the runs of rows
    that hold a dark pixel (in every fourth column), the tenth percentile, so that a
    page with a few lines of small type (a copy of an identity card below a letter) is
    read at its own size. 0 for a page without them."""
    import numpy as np

    pixels = np.asarray(image if image.mode == "L" else image.convert("L"))[:, ::4]
    dark = (pixels < 128).any(axis=1).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], dark, [0]))))
    runs = edges[1::2] - edges[::2]
    runs = runs[runs >= 4]
    return float(np.percentile(runs, 10)) if runs.size else 0.0


def scale(image: Image) -> float:
    """The factor a page is read at: more than 1 for a small image (its longer side
    under ``SMALL`` pixels: a phone's thumbnail, a copy pasted small), enlarged to
    about ``ENLARGED`` by at most ``LARGEST``; less than 1 for a page with tall
    lines, never below ``SMALL``; else 1."""
    side = max(image.size)
    if 0 < side < SMALL:
        return min(LARGEST, ENLARGED / side)
    height = line_height(image)
    if height <= TALL:
        return 1.0
    factor = max(SMALLEST, LINE / height, SMALL / side)
    # Scaled by a few per cent, a page is read worse, not faster.
    return 1.0 if factor > NEARLY else factor


def read(image: Image, *, resize: bool = True) -> Page:
    """OCR one image (any mode; read in grey), scaled first (``resize``): enlarged
    when it is small, scaled down when its lines are tall. Raises ``OcrMissing``
    without Tesseract."""
    why = missing()
    if why is not None:
        raise OcrMissing(why)
    import pytesseract

    grey = image if image.mode == "L" else image.convert("L")
    factor = scale(grey) if resize else 1.0
    if factor != 1.0:
        from PIL.Image import Resampling

        size = (round(grey.width * factor), round(grey.height * factor))
        grey = grey.resize(size, Resampling.BOX if factor < 1.0 else Resampling.LANCZOS)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    # Handed to Tesseract as an uncompressed PGM: pytesseract's own PNG took 0.46 s to
    # write for an A4 page at 300 dpi, this 0.02 s.
    with tempfile.NamedTemporaryFile(prefix="waarborg-ocr-", suffix=".pgm") as file:
        grey.save(file, "PPM")
        file.flush()
        data = pytesseract.image_to_data(
            file.name, lang=language(), output_type=pytesseract.Output.DICT, timeout=600
        )
    page = Page()
    parts: list[str] = []
    length = 0
    current: tuple[int, int, int] | None = None
    for index, word in enumerate(data["text"]):
        word = word.strip()
        if not word:
            continue
        line = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        if parts:
            gap = " " if line == current else "\n"
            parts.append(gap)
            length += 1
        current = line
        left, top = data["left"][index], data["top"][index]
        right, bottom = left + data["width"][index], top + data["height"][index]
        box = (
            math.floor(left / factor),
            math.floor(top / factor),
            math.ceil(right / factor),
            math.ceil(bottom / factor),
        )
        page.words.append((length, length + len(word), box))
        parts.append(word)
        length += len(word)
    page.text = "".join(parts)
    return page
