"""A statement in PDF as pieces, its text taken out by pypdf. A PDF keeps lines, not
paragraphs, so its lines are put back together: a line ends a paragraph where it ends
a sentence well before the page's width, a short line between paragraphs is a heading,
a line that starts with a bullet is a list item, and a word broken at the line's end
is joined again. Lines repeated on most pages (a running header or footer) and page
numbers are left out."""

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
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\u2019\u201d\")]*$")
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
    if re.search(r"[^\W\d_]-$", left) and right[:1].islower():
        first = right.split(" ", 1)[0]
        if first not in _KEEP_HYPHEN:
            return left[:-1] + right
    return f"{left} {right}"


def _chunks(lines: list[str]) -> list[str]:
    """The page's lines as plain text: paragraphs apart, list items one a line."""
    if not lines:
        return []
    lengths = sorted(len(line) for line in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    chunks: list[list[str]] = []
    current: list[str] = []  # the current chunk's lines (items, or one paragraph)
    open_line = False  # whether the last line goes on in the next

    def close() -> None:
        nonlocal current, open_line
        if current:
            chunks.append(current)
        current, open_line = [], False

    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < 0.6 * width
        if BULLET.match(line) and not re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]", line):
            if current and not BULLET.match(current[0]):
                close()
            current.append(line)
            open_line = True
        elif (
            short
            and not _ENDS_SENTENCE.search(line)
            and not line.endswith(",")
            and (not current or not open_line or not current[-1][:1].islower())
            and following[:1].isupper()
            and (not current or _ENDS_SENTENCE.search(current[-1]))
        ):
            close()
            chunks.append([line])
            continue
        elif current and open_line:
            current[-1] = _join(current[-1], line)
        else:
            close()
            current.append(line)
            open_line = True
        if _ENDS_SENTENCE.search(current[-1]) and len(line) < 0.85 * width:
            if not BULLET.match(current[0]):
                close()
            else:
                open_line = False
    close()
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
