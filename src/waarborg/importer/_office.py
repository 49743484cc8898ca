"""A statement written in a word processor as pieces: Word (``.docx``, read with
python-docx) and OpenDocument (``.odt``, read with odfpy). Headings come from their
styles (``Heading 2``, ``Kop 2``, an outline level), list items from list numbering
or a list style, table cells each on their own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ._pieces import Piece, bold_heading, clean

__all__ = ["docx_pieces", "odt_pieces"]

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.I)


def _docx_paragraph(paragraph: Paragraph, last: int) -> Piece | None:
    """The piece a Word paragraph is: its style's heading, a list item, a paragraph
    set wholly in bold that reads as a heading (one below the heading before, ``last``),
    or a paragraph."""
    text = clean(paragraph.text)
    if not text:
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    style = style or ""
    heading = _HEADING_STYLE.match(style)
    if heading:
        return Piece("heading", text, max(1, int(heading.group(1))))
    if _TITLE_STYLE.match(style):
        return Piece("heading", text, 1)
    properties = paragraph._p.pPr
    if properties is not None:
        outline = properties.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl"
        )
        if outline is not None:
            value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            if value is not None and value.isdigit() and int(value) < 9:
                return Piece("heading", text, int(value) + 1)
        if properties.numPr is not None:
            return Piece("item", text)
    if re.match(r"^(?:list|lijst)", style, re.I):
        return Piece("item", text)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and bold_heading(text, last):
        return Piece("heading", text, bold_heading(text, last))
    return Piece("paragraph", text)


def _styled_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    return bool(_HEADING_STYLE.match(style or "") or _TITLE_STYLE.match(style or ""))


def _docx_table(table: Table) -> Iterator[Piece]:
    seen: list[object] = []  # a merged cell comes back once per row or column it spans
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            text = clean("\n".join(p.text for p in cell.paragraphs))
            if text:
                yield Piece("cell", text)


def docx_pieces(content: bytes) -> tuple[list[Piece], str | None]:
    """The pieces of a Word document and its title (from its properties)."""
    document = docx.Document(BytesIO(content))
    pieces: list[Piece] = []
    last = 0  # the level of the heading before
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph):
            piece = _docx_paragraph(part, last)
            if piece is not None:
                pieces.append(piece)
                if piece.kind == "heading" and _styled_heading(part):
                    last = piece.level
        else:
            pieces.extend(_docx_table(part))
    title = clean(document.core_properties.title or "").replace("\n", " ") or None
    return pieces, title


# --- OpenDocument ---------------------------------------------------------------------


def _local(node: Any) -> str:
    qname = getattr(node, "qname", None)
    return str(qname[1]) if qname else ""


def _odt_text(node: Any) -> str:
    from odf import teletype

    return str(teletype.extractText(node))


def _odt_walk(node: Any, context: str) -> Iterator[Piece]:
    for child in node.childNodes:
        name = _local(child)
        if name == "h":
            text = clean(_odt_text(child))
            level = child.getAttribute("outlinelevel")
            if text:
                yield Piece("heading", text, int(level) if level and level.isdigit() else 2)
        elif name == "p":
            text = clean(_odt_text(child))
            if text:
                yield Piece("item" if context == "item" else "paragraph", text)
        elif name == "list-item":
            parts = [c for c in child.childNodes if _local(c) in ("p", "h")]
            text = clean("\n".join(_odt_text(c) for c in parts))
            if text:
                yield Piece("item", text)
            for nested in child.childNodes:
                if _local(nested) == "list":
                    yield from _odt_walk(nested, "item")
        elif name == "table-cell":
            text = clean("\n".join(_odt_text(c) for c in child.childNodes if _local(c) == "p"))
            if text:
                yield Piece("cell", text)
        elif name in (
            "list",
            "section",
            "table",
            "table-row",
            "table-rows",
            "table-header-rows",
            "text",
            "body",
        ):
            yield from _odt_walk(child, context)


def odt_pieces(content: bytes) -> tuple[list[Piece], str | None]:
    """The pieces of an OpenDocument text and its title (from its metadata)."""
    from odf import dc
    from odf.opendocument import load

    document = load(BytesIO(content))
    pieces = list(_odt_walk(document.text, "paragraph"))
    title = None
    for found in document.meta.getElementsByType(dc.Title):
        title = clean(_odt_text(found)).replace("\n", " ") or None
    return pieces, title
