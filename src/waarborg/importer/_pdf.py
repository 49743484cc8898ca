"""A statement in PDF as pieces, its text taken out by pypdf. A PDF keeps lines, not
paragraphs, so its lines are put back together:

- a line set larger than the body text is a heading (the largest size is level 1; a
  heading over two lines is one heading); where no line is set larger, a short line
  in bold alone is one;
- a line that fills the page's width goes on in the next (if set in the same size);
  a shorter one ends its paragraph;
- a line that starts with a bullet starts a list item;
- lines repeated on most pages (a running header or footer) and page numbers are left
  out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PageObject, PdfReader

from ._pieces import BULLET, Piece, clean, plain_pieces

__all__ = ["PdfLocked", "pdf_pieces"]

_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,3}(?:\s*(?:/|van|of)\s*\d{1,3})?$", re.I
)
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\u2019\u201d\")]*$")
# A line that ends as a sentence does (a lead paragraph set large is no heading),
# unless with an abbreviation ("Acme B.V.").
_ENDS_PROSE = re.compile(r"[.;,:]$")
_DOTTED_END = re.compile(r"(?:[^\W\d_]\.){2,}$")
# "2. Welke gegevens wij verwerken": a numbered heading, not a list item.
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")
#: A line at least this share of the page's usual width filled it, and wrapped.
_FULL = 0.75
#: A line set at least this much larger than the body text is a heading.
_LARGER = 1.15
# Words after a hyphen at a line's end that show the hyphen belongs ("voor- en").
_KEEP_HYPHEN = {"en", "of", "and", "or", "tot", "t/m"}


class PdfLocked(Exception):
    """The PDF is encrypted with a password it does not give."""


@dataclass(frozen=True)
class _Line:
    text: str
    size: float  # the size most of its characters are set in
    bold: bool  # every character in a bold font


def _fragments(page: PageObject) -> list[tuple[str, float, bool]]:
    """The page's text as pypdf's visitor sees it: each fragment with the size it is
    set in (its font size times the text's scale) and whether its font is bold."""
    fragments: list[tuple[str, float, bool]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        scale = abs(float(tm[3]) or 1.0) * abs(float(cm[3]) or 1.0)
        name = str(font.get("/BaseFont", "")) if font else ""
        fragments.append((text, round(size * scale, 1), "bold" in name.lower()))

    page.extract_text(visitor_text=visit)
    return fragments


def _lines(reader: PdfReader) -> list[list[_Line]]:
    """Each page's lines with their font size and weight. pypdf's text is the
    fragments its visitor sees, in order, so each character has its fragment's font."""
    pages: list[list[_Line]] = []
    for page in reader.pages:
        fragments = _fragments(page)
        lines: list[_Line] = []
        sizes: Counter[float] = Counter()
        bold = True
        text = ""
        for fragment, size, heavy in [*fragments, ("\n", 0.0, False)]:
            for part_index, part in enumerate(fragment.split("\n")):
                if part_index:  # a line ends
                    line = clean(text).replace("\n", " ")
                    if line:
                        size_of = sizes.most_common(1)[0][0] if sizes else 0.0
                        lines.append(_Line(line, size_of, bold and bool(sizes)))
                    text, sizes, bold = "", Counter(), True
                text += part
                letters = sum(1 for c in part if not c.isspace())
                if letters:
                    sizes[size] += letters
                    bold = bold and heavy
        pages.append(lines)
    return pages


@dataclass(frozen=True)
class _Fonts:
    """The body text's size, and the sizes set larger than it, largest first."""

    body: float
    larger: tuple[float, ...]

    def level(self, line: _Line) -> int:
        """The heading level of ``line`` (0: not a heading)."""
        if len(line.text) > 200 or len(line.text.replace(" ", "")) < 2:
            return 0
        if _ENDS_PROSE.search(line.text) and not _DOTTED_END.search(line.text):
            return 0
        if line.size in self.larger:
            return min(self.larger.index(line.size) + 1, 6)
        if not self.larger and line.bold and not _ENDS_SENTENCE.search(line.text):
            return 1  # where no heading is set larger; tables set their heads in bold
        return 0


def _fonts(pages: list[list[_Line]]) -> _Fonts:
    weight: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weight[line.size] += len(line.text)
    if not weight:
        return _Fonts(0.0, ())
    body = weight.most_common(1)[0][0]
    larger = sorted((size for size in weight if size >= _LARGER * body > 0), reverse=True)
    return _Fonts(body, tuple(larger))


def _running(pages: list[list[_Line]]) -> set[str]:
    """Lines that come back on most pages: a header or a footer (digits ignored)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        ends = [line.text for line in lines[:3] + lines[-3:]]
        seen.update({re.sub(r"\d+", "#", text) for text in ends})
    return {text for text, count in seen.items() if count >= max(3, 0.6 * len(pages))}


def _join(left: str, right: str) -> str:
    """Two lines of one paragraph as one. A hyphen at the line's end stays (PDF
    writers rarely break words, so it is the word's own: "e-mail", "sociale-media"),
    with a space before "en" or "of" ("voor- en achternaam")."""
    if re.search(r"[^\W\d_]-$", left):
        first = right.split(" ", 1)[0]
        return f"{left} {right}" if first in _KEEP_HYPHEN else left + right
    return f"{left} {right}"


def _page_pieces(lines: list[_Line], fonts: _Fonts) -> list[Piece]:
    """One page's lines as pieces."""
    if not lines:
        return []
    lengths = sorted(len(line.text) for line in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    pieces: list[Piece] = []
    chunk: list[str] = []  # the current paragraph's lines, or the current list items
    items = False
    wrapped = False  # whether the last line filled the width, so goes on in this one
    last_heading: _Line | None = None  # the line before, where it was a heading
    size = 0.0  # the size of the line before: a paragraph does not change size

    def close() -> None:
        nonlocal chunk, items
        if chunk:
            text = "\n".join(chunk)
            found = plain_pieces(text) if items else [Piece("paragraph", text)]
            if not fonts.larger and not items:
                found = plain_pieces(text)  # headings told by their shape alone
            pieces.extend(found)
        chunk, items = [], False

    for line in lines:
        level = fonts.level(line)
        if level:
            close()
            previous = pieces[-1] if pieces else None
            if (
                last_heading is not None
                and previous is not None
                and previous.kind == "heading"
                and last_heading.size == line.size
            ):  # one heading over two lines
                pieces[-1] = Piece("heading", _join(previous.text, line.text), level)
            else:
                pieces.append(Piece("heading", line.text, level))
            last_heading, wrapped = line, False
            continue
        if (
            last_heading is not None
            and line.size == last_heading.size
            and line.size in fonts.larger
            and pieces
        ):
            # A sentence set large over two lines (a lead paragraph): no heading.
            chunk, items = [_join(pieces.pop().text, line.text)], False
            last_heading, wrapped = None, len(line.text) >= _FULL * width
            size = line.size
            if not wrapped:
                close()
            continue
        last_heading = None
        bullet = BULLET.match(line.text) and not _NUMBERED_HEADING.match(line.text)
        if bullet:
            if chunk and not items:
                close()
            chunk.append(line.text)
            items = True
        elif chunk and wrapped and line.size == size:
            chunk[-1] = _join(chunk[-1], line.text)
        else:
            close()
            chunk = [line.text]
        wrapped, size = len(line.text) >= _FULL * width, line.size
        if not wrapped and not items:
            close()
    close()
    return pieces


def pdf_pieces(content: bytes) -> tuple[list[Piece], str | None]:
    """The pieces of a PDF and its title (from its document information); raises
    ``PdfLocked`` for a PDF that needs a password."""
    reader = PdfReader(BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PdfLocked
    pages = _lines(reader)
    fonts = _fonts(pages)
    running = _running(pages)
    pieces: list[Piece] = []
    for lines in pages:
        kept = [
            line
            for line in lines
            if not _PAGE_NUMBER.match(line.text) and re.sub(r"\d+", "#", line.text) not in running
        ]
        pieces.extend(_page_pieces(kept, fonts))
    title = None
    if reader.metadata is not None and reader.metadata.title:
        title = clean(str(reader.metadata.title)).replace("\n", " ") or None
    return pieces, title
