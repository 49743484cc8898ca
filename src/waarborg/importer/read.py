"""Read a privacy statement (a file or a web page) into plain ``Text`` with its blocks.

Each format is read with a well-kept library: trafilatura for a web page or an HTML
file (its main text, without menu, footer or cookie banner), markdown-it-py for
Markdown, pypdf for PDF, python-docx for Word and odfpy for OpenDocument. Whatever
the format, the statement becomes the same thing: blocks (headings, paragraphs, list
items, table cells) in reading order, one blank line apart, their whitespace made
plain, and the language detected (Dutch or English).

A statement that cannot be read raises ``StatementUnreadable`` naming the file or
address and what to do about it. A file over ``MAX_BYTES`` or a text over
``MAX_CHARS`` is refused: a privacy statement is a few pages, and a bigger input is
someone else's document or a whole site.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path

from .. import i18n
from ..errors import StatementUnreadable
from ._pieces import Piece, plain_pieces
from ._unreadable import fail
from .fetch import fetch
from .language import detect
from .model import Block, Text

__all__ = ["FORMATS", "MAX_BYTES", "MAX_CHARS", "MAX_UNPACKED", "explain", "read", "read_bytes"]

#: The largest file or download read, in bytes (20 MB).
MAX_BYTES = 20 * 1024 * 1024
#: The largest a Word or OpenDocument file may be once unpacked (100 MB): a small
#: file that unpacks to far more is a zip bomb, not a statement.
MAX_UNPACKED = 100 * 1024 * 1024
#: The longest text read, in characters (about two hundred pages).
MAX_CHARS = 500_000
#: The formats read, by file extension.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
}


def explain(error: StatementUnreadable, lang: str) -> str:
    """The error's message in ``lang`` (``nl`` or ``en``), for the admin's pages."""
    return i18n.t(f"import_read.reasons.{error.reason}", lang, source=error.source, **error.details)


def _decode(content: bytes) -> str:
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(encoding)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Windows' Western European code page, as Word's "plain text" saves Dutch.
        return content.decode("cp1252", errors="replace")


def _txt(content: bytes) -> tuple[list[Piece], str | None]:
    return plain_pieces(_decode(content)), None


def _md(content: bytes) -> tuple[list[Piece], str | None]:
    from ._markdown import markdown_pieces

    return markdown_pieces(_decode(content))


def _html(content: bytes) -> tuple[list[Piece], str | None]:
    from ._html import html_pieces

    return html_pieces(content)


def _pdf(content: bytes) -> tuple[list[Piece], str | None]:
    from ._pdf import pdf_pieces

    return pdf_pieces(content)


def _unpacked(content: bytes) -> int:
    """How large a Word or OpenDocument file (a zip archive) is once unpacked."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return sum(entry.file_size for entry in archive.infolist())


def _docx(content: bytes) -> tuple[list[Piece], str | None]:
    from ._office import docx_pieces

    return docx_pieces(content)


def _odt(content: bytes) -> tuple[list[Piece], str | None]:
    from ._office import odt_pieces

    return odt_pieces(content)


_READERS: dict[str, Callable[[bytes], tuple[list[Piece], str | None]]] = {
    "txt": _txt,
    "md": _md,
    "html": _html,
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odt,
}


def _assemble(pieces: Sequence[Piece], origin: str, format: str, title: str | None) -> Text:
    parts: list[str] = []
    blocks: list[Block] = []
    position = 0
    for piece in pieces:
        if parts:
            position += 2
        parts.append(piece.text)
        blocks.append(
            Block(
                piece.kind,
                position,
                position + len(piece.text),
                piece.level,
                piece.anchor,
                piece.links,
            )
        )
        position += len(piece.text)
    text = "\n\n".join(parts)
    if title is None and pieces and pieces[0].kind == "heading" and pieces[0].level == 1:
        title = pieces[0].text.replace("\n", " ")
    return Text(text, tuple(blocks), origin, format, title, detect(text))


def read_bytes(content: bytes, format: str, origin: str) -> Text:
    """Read a statement of ``format`` (``txt``, ``md``, ``html``, ``pdf``, ``docx``,
    ``odt``) from its bytes; ``origin`` names it in errors and in the ``Text``. For an
    upload, whose bytes are at hand."""
    if format not in _READERS:
        raise fail(origin, "unsupported", extension=format)
    if len(content) > MAX_BYTES:
        raise fail(origin, "too_large", limit=MAX_BYTES // (1024 * 1024))
    if not content.strip():
        raise fail(origin, "empty")
    try:
        if format in ("docx", "odt") and _unpacked(content) > MAX_UNPACKED:
            raise fail(origin, "too_large", limit=MAX_UNPACKED // (1024 * 1024))
        pieces, title = _READERS[format](content)
    except StatementUnreadable:
        raise
    except Exception as exc:  # each library has its own errors for a broken file
        from ._pdf import PdfLocked

        if isinstance(exc, PdfLocked):
            raise fail(origin, "encrypted") from None
        if isinstance(exc, (zipfile.BadZipFile, KeyError, ValueError, OSError)) or (
            type(exc).__module__.split(".")[0] in ("pypdf", "docx", "odf", "lxml", "xml")
        ):
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise fail(origin, "damaged", format=format, detail=detail[:200]) from exc
        raise
    if not any(piece.text.strip() for piece in pieces):
        raise fail(origin, "no_text" if format == "pdf" else "empty")
    text = _assemble(pieces, origin, format, title)
    if len(text.text) > MAX_CHARS:
        raise fail(origin, "too_long", limit=i18n.format_number(MAX_CHARS, "en"))
    return text


def read(source: str | Path, *, public_only: bool = False) -> Text:
    """Read the statement at ``source``: a file (``.txt``, ``.md``, ``.html``/``.htm``,
    ``.pdf``, ``.docx``, ``.odt``) or an ``http(s)://`` address. ``public_only``
    refuses an address inside the network Waarborg runs in (for an address a user of
    the admin gives; see ``fetch``)."""
    name = str(source)
    if isinstance(source, str) and re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
        content, fetched = fetch(source, public_only=public_only, limit=MAX_BYTES)
        return read_bytes(content, fetched, name)
    path = Path(source)
    format = FORMATS.get(path.suffix.lower())
    if not path.exists():
        raise fail(name, "missing")
    if path.is_dir():
        raise fail(name, "not_a_file")
    if format is None:
        raise fail(name, "unsupported", extension=path.suffix or path.name)
    if path.stat().st_size > MAX_BYTES:
        raise fail(name, "too_large", limit=MAX_BYTES // (1024 * 1024))
    return read_bytes(path.read_bytes(), format, name)
