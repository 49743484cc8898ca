"""A statement in PDF as pieces, its text taken out by pypdf. A PDF keeps lines, not
paragraphs, so its lines are put back together: a line that fills the page's width
goes on in the next, a shorter line ends its paragraph (a short line alone reads as a
heading), and a line that starts with a bullet is a list item. Lines repeated on most
pages (a running header or footer) and page numbers are left out."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

from pypdf import PdfReader

from ._pieces import BULLET, Piece, clean, plain_pieces

__all__ = ["PdfLocked", "pdf_pieces"]

_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,3}(?:\s*(?:/|van|of)\s*\d{1,3})?$", re.I
)
# "2. Welke gegevens wij verwerken": a numbered heading, not a list item.
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")
#: A line at least this share of the page's usual width filled it, and wrapped.
_FULL = 0.75
# Words after a hyphen at a line's end that show the hyphen belongs ("voor- en").
_KEEP_HYPHEN = {"en", "of", "and", "or", "tot", "t/m"}


class PdfLocked(Exception):
    """The PDF is encrypted with a password it does not give."""


def _pages(reader: PdfReader) -> list[list[str]]:
    pages = []
    for page in reader.pages:
        text = page.extract_text() or ""
        pages.append([line for line in clean(text).split("\n") if line])
    return pages


def _running(pages: list[list[str]]) -> set[str]:
    """Lines that come back on most pages: a header or a footer (digits ignored)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({re.sub(r"\d+", "#", line) for line in lines[:3] + lines[-3:]})
    return {line for line, count in seen.items() if count >= max(3, 0.6 * len(pages))}


def _join(left: str, right: str) -> str:
    """Two lines of one paragraph as one. A hyphen at the line's end stays (PDF
    writers rarely break words, so it is the word's own: "e-mail", "sociale-media"),
    with a space before "en" or "of" ("voor- en achternaam")."""
    if re.search(r"[^\W\d_]-$", left):
        first = right.split(" ", 1)[0]
        return f"{left} {right}" if first in _KEEP_HYPHEN else left + right
    return f"{left} {right}"


def _chunks(lines: list[str]) -> list[str]:
    """The page's lines as plain text: paragraphs apart, list items one a line.

    A line that fills the page's width goes on in the next line (it wrapped); a
    shorter line ends its paragraph or item. A line that starts with a bullet starts
    a list item."""
    if not lines:
        return []
    lengths = sorted(len(line) for line in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    chunks: list[list[str]] = []
    current: list[str] = []  # the current chunk's lines: list items, or one paragraph
    wrapped = False  # whether the last line filled the width, so goes on in this one

    for line in lines:
        bullet = BULLET.match(line) and not _NUMBERED_HEADING.match(line)
        if bullet:
            if current and not BULLET.match(current[0]):
                chunks.append(current)
                current = []
            current.append(line)
        elif current and wrapped:
            current[-1] = _join(current[-1], line)
        else:
            if current:
                chunks.append(current)
            current = [line]
        wrapped = len(line) >= _FULL * width
        if not wrapped and not bullet and not BULLET.match(current[0]):
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return ["\n".join(chunk) for chunk in chunks]


def pdf_pieces(content: bytes) -> tuple[list[Piece], str | None]:
    """The pieces of a PDF and its title (from its document information); raises
    ``PdfLocked`` for a PDF that needs a password."""
    reader = PdfReader(BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PdfLocked
    pages = _pages(reader)
    running = _running(pages)
    text: list[str] = []
    for lines in pages:
        kept = [
            line
            for line in lines
            if not _PAGE_NUMBER.match(line) and re.sub(r"\d+", "#", line) not in running
        ]
        text.extend(_chunks(kept))
    title = None
    if reader.metadata is not None and reader.metadata.title:
        title = clean(str(reader.metadata.title)).replace("\n", " ") or None
    return plain_pieces("\n\n".join(text)), title
