"""Documents where copies of identity documents live: PDF (its text, and its scanned
pages by OCR), Word (``.docx``), OpenDocument (``.odt``, ``.ods``), old Excel
(``.xls``) and images (PNG, JPEG, TIFF, HEIC, WebP, BMP, GIF) by OCR.

Each reader takes a file's path and gives a ``Scan``; ``sources.files`` calls the one
of a file's kind (``kind``: by its first bytes, else its extension). A document is
read a page at a time (a PDF page, a TIFF frame), so memory holds one page:

- **PDF** (pypdfium2, PDFium's wheel): each page's text layer. A page with little text
  (fewer than ``TEXT_MIN`` letters and digits: a scan) or with a picture over at least
  ``PICTURE_SHARE`` of it (a pasted copy of a passport) is rendered at ``ocr.DPI`` and
  read by OCR too; a value that the text layer and the OCR both give is counted once.
  Findings name the page.
- **Images**: each frame by OCR. Findings name the frame (for a TIFF of several pages)
  and the box of the first value found.
- **Word and OpenDocument text**: paragraphs, tables (a row's cells separated by tabs),
  headers and footers, as text whose lines are the paragraphs; the pictures inside
  (``word/media/``, ``Pictures/``) are read by OCR, their findings placed at
  ``document.docx!word/media/image1.png``.
- **Spreadsheets** (``.ods``, ``.xls``): per sheet and column, as ``.xlsx`` is
  (``tabular.scan_sheets``).
- **Old Word** (``.doc``): not read; not scanned, with why.

A document that cannot be read raises, and ``sources.files`` records it as not
scanned. Pages that need OCR when Tesseract is not installed are left out, and the
document is recorded as not wholly scanned (with the pages), beside what the others
held.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import ocr
from .engine import Scanner
from .findings import Finding, NotScanned, Place, Scan, mask
from .recognizers import Span
from .recognizers.mrz import inside
from .sources.text import BLOCK, scan_stream
from .tabular import scan_sheets

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "IMAGES",
    "READERS",
    "TEXT_MIN",
    "Damaged",
    "Unsupported",
    "kind",
    "page_findings",
    "pdf_pages",
    "read_document",
    "refuse_sealed",
    "with_inside",
]

#: A PDF page whose text layer holds fewer letters and digits than this is a scan.
TEXT_MIN = 20
#: A PDF page with a picture over this share of it is read by OCR as well.
PICTURE_SHARE = 0.1
#: Image files read by OCR, by extension.
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif", ".webp", ".bmp", ".gif")

_MAGIC = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)


def kind(file: Path, head: bytes) -> str | None:
    """The document kind (an extension in ``READERS``) of a file whose first bytes are
    ``head``: by those bytes for PDF, PNG, JPEG and TIFF, else by its extension."""
    for magic, suffix in _MAGIC:
        if head.startswith(magic):
            return suffix
    suffix = file.suffix.lower()
    return suffix if suffix in READERS else None


# Findings of a page -----------------------------------------------------------------


def page_findings(
    scanner: Scanner,
    text: str,
    place: Place,
    locate: Callable[[int, int], ocr.Box | None] | None = None,
    *,
    seen: set[tuple[str, str]] | None = None,
    skip: set[tuple[str, str]] | None = None,
) -> list[Finding]:
    """One finding per kind of data in the text of one page, at ``place``, with the box
    that ``locate`` gives the first value. Each value found is added to ``seen`` (by its
    kind and its letters and digits); values in ``skip`` are not counted (what a PDF
    page's text layer gave is not counted again when its OCR gives it). The BSN in a
    machine-readable zone is found as a BSN too (``with_inside``)."""
    found: dict[str, Finding] = {}
    for start, end, name in with_inside(scanner, text, scanner.find(text)):
        value = text[start:end]
        key = (name, _plain(value))
        if skip is not None and key in skip:
            continue
        if seen is not None:
            seen.add(key)
        finding = found.get(name)
        if finding is not None:
            finding.count += 1
            continue
        box = locate(start, end) if locate is not None else None
        recognizer = scanner.by_name[name]
        where = Place(place.source, place.table, place.column, page=place.page, box=box)
        found[name] = Finding(
            name, recognizer.label, recognizer.categories, where, 1, example=mask(value)
        )
    return list(found.values())


def with_inside(scanner: Scanner, text: str, spans: Iterable[Span]) -> Iterator[Span]:
    """``spans``, each machine-readable zone followed by the values inside it that are
    findings of their own (``mrz.inside``: a Dutch document's BSN), when the scanner
    looks for them."""
    for span in spans:
        yield span
        if span[2] == "mrz":
            start = span[0]
            for first, last, kind in inside(text[start : span[1]]):
                if kind in scanner.by_name:
                    yield start + first, start + last, kind


def _plain(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def _locator(page: ocr.Page) -> Callable[[int, int], ocr.Box | None]:
    def locate(start: int, end: int) -> ocr.Box | None:
        boxes = page.boxes(start, end, cut=True)
        if not boxes:
            return None
        box = boxes[0]
        for other in boxes[1:]:
            box = ocr.union(box, other)
        return box

    return locate


def _not_ocr(source: str, pages: Sequence[int], why: str) -> NotScanned:
    which = "" if pages == [0] else f"page{'s' if len(pages) > 1 else ''} {_ranges(pages)}: "
    return NotScanned(source, "unreadable", which + why)


def _ranges(numbers: Sequence[int]) -> str:
    """``1-3, 5``."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)


# PDF -------------------------------------------------------------------------------


def pdf_pages(file: Path | bytes) -> Iterator[tuple[int, Any, str, bool]]:
    """Each page of a PDF, opened one at a time: its number, the pypdfium2 page, its
    text layer, and whether it is to be read by OCR (a scan, or a page with a large
    picture). The page is closed when the next one is asked for."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(file)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
                yield index + 1, page, text, _needs_ocr(page, text)
            finally:
                page.close()
    finally:
        pdf.close()


def _needs_ocr(page: Any, text: str) -> bool:
    import pypdfium2.raw as raw

    if sum(c.isalnum() for c in text) < TEXT_MIN:
        return True
    width, height = page.get_size()
    area = width * height
    for picture in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = picture.get_bounds()
        if area and (right - left) * (top - bottom) >= PICTURE_SHARE * area:
            return True
    return False


def render(page: Any, dpi: int = ocr.DPI, grey: bool = True) -> Image:
    """A PDF page as an image at ``dpi``."""
    bitmap = page.render(scale=dpi / 72, grayscale=grey)
    try:
        image: Image = bitmap.to_pil()
        return image.copy()
    finally:
        bitmap.close()


def _pdf(scanner: Scanner, file: Path) -> Scan:
    source = str(file)
    scan = Scan(sources=[source])
    unread: list[int] = []
    why = ocr.missing()
    for number, page, text, scanned in pdf_pages(file):
        place = Place(source, page=number)
        seen: set[tuple[str, str]] = set()
        scan.findings.extend(page_findings(scanner, text, place, seen=seen))
        if not scanned:
            continue
        if why is not None:
            unread.append(number)
            continue
        read = ocr.read(render(page))
        more = page_findings(scanner, read.text, place, skip=seen)
        _merge(scan.findings, more)
    if unread:
        scan.not_scanned.append(_not_ocr(source, unread, why or ""))
    return scan


def _merge(findings: list[Finding], more: list[Finding]) -> None:
    """Add ``more`` (of one page) to ``findings``, counting a kind already found on the
    same page in its finding."""
    for finding in more:
        held = next(
            (f for f in findings if f.kind == finding.kind and f.place.page == finding.place.page),
            None,
        )
        if held is None:
            findings.append(finding)
        else:
            held.count += finding.count


# Images ------------------------------------------------------------------------------


def open_image(file: Path | IO[bytes]) -> Image:
    """An image file opened with Pillow (HEIC through pillow-heif)."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if str(getattr(file, "suffix", "")).lower() in (".heic", ".heif") or not isinstance(file, Path):
        _heif()
    try:
        return PILImage.open(file)
    except UnidentifiedImageError as error:
        raise ValueError(f"not an image that can be read: {error}") from None
    except OSError as error:
        if error.errno is not None:
            raise  # the system's (no permission, gone)
        raise ValueError(f"a broken image: {error}") from None  # Pillow's: truncated


def _heif() -> None:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - a dependency of Waarborg
        return
    register_heif_opener()


def frames(image: Image) -> Iterator[Image]:
    """Each frame of an image (the pages of a TIFF), turned upright as its EXIF says (a
    phone's photo)."""
    from PIL import ImageOps, ImageSequence

    for frame in ImageSequence.Iterator(image):
        upright = ImageOps.exif_transpose(frame)
        yield upright if upright is not None else frame


def _image(scanner: Scanner, file: Path | IO[bytes], source: str) -> Scan:
    why = ocr.missing()
    if why is not None:
        return Scan(sources=[source], not_scanned=[_not_ocr(source, [0], why)])
    scan = Scan(sources=[source])
    with open_image(file) as image:
        count = getattr(image, "n_frames", 1)
        try:
            for number, frame in enumerate(frames(image), start=1):
                read = ocr.read(frame)
                place = Place(source, page=number if count > 1 else None)
                scan.findings.extend(page_findings(scanner, read.text, place, _locator(read)))
        except OSError as error:
            if error.errno is not None:
                raise
            raise ValueError(f"a broken image: {error}") from None  # Pillow's: truncated
    return scan


def _image_file(scanner: Scanner, file: Path) -> Scan:
    return _image(scanner, file, str(file))


# Word and OpenDocument text -----------------------------------------------------------


def _text(scanner: Scanner, lines: Iterable[str], source: str) -> Scan:
    """Scan lines of text (paragraphs), a block at a time."""
    return scan_stream(scanner, _blocks(lines), source)


def _blocks(lines: Iterable[str]) -> Iterator[str]:
    held: list[str] = []
    size = 0
    for line in lines:
        held.append(line.replace("\n", " ") + "\n")
        size += len(line) + 1
        if size >= BLOCK:
            yield "".join(held)
            held, size = [], 0
    if held:
        yield "".join(held)


def _pictures(scanner: Scanner, file: Path, folder: str, scan: Scan) -> None:
    """OCR the pictures stored in a Word or OpenDocument file (a pasted copy of an
    identity document), each placed at ``file!member``."""
    with zipfile.ZipFile(file) as archive:
        members = [
            m
            for m in archive.namelist()
            if m.startswith(folder) and Path(m).suffix.lower() in IMAGES
        ]
        if members and ocr.missing() is not None:
            why = f"its pictures: {ocr.missing()}"
            scan.not_scanned.append(NotScanned(str(file), "unreadable", why))
            return
        for member in members:
            with archive.open(member) as stream:
                data = io.BytesIO(stream.read())
            inner = _image(scanner, data, f"{file}!{member}")
            scan.findings.extend(inner.findings)
            scan.not_scanned.extend(inner.not_scanned)


def _docx(scanner: Scanner, file: Path) -> Scan:
    from docx import Document
    from docx.table import Table

    document = Document(str(file))

    def lines() -> Iterator[str]:
        for section in document.sections:
            for header in (section.header, section.first_page_header):
                if not header.is_linked_to_previous:
                    yield from (p.text for p in header.paragraphs)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                yield from _table_lines(block)
            else:
                yield block.text
        for section in document.sections:
            for footer in (section.footer, section.first_page_footer):
                if not footer.is_linked_to_previous:
                    yield from (p.text for p in footer.paragraphs)

    scan = _text(scanner, lines(), str(file))
    _pictures(scanner, file, "word/media/", scan)
    return scan


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.replace("\n", " ")
            if not cells or cells[-1] != text:  # a merged cell is given once per column
                cells.append(text)
        yield "\t".join(cells)


def _odf_lines(node: Any) -> Iterator[str]:
    """The paragraphs and headings under ``node``, in order (a table's rows as lines of
    cells separated by tabs)."""
    from odf import teletype

    for child in node.childNodes:
        name = getattr(child, "qname", None)
        if name is None:
            continue
        local = name[1]
        if local in ("p", "h"):
            yield teletype.extractText(child)
        elif local == "table-row":
            yield "\t".join(
                teletype.extractText(cell)
                for cell in child.childNodes
                if getattr(cell, "qname", (None, ""))[1] == "table-cell"
            )
        else:
            yield from _odf_lines(child)


def _odt(scanner: Scanner, file: Path) -> Scan:
    from odf.opendocument import load

    document = load(str(file))
    scan = _text(scanner, _odf_lines(document.text), str(file))
    _pictures(scanner, file, "Pictures/", scan)
    return scan


# Spreadsheets --------------------------------------------------------------------------

#: Empty cells repeated more than this at a row's end are not expanded (a sheet's
#: last row often repeats an empty cell to column 16,384).
_REPEAT = 1024


def _ods_rows(table: Any) -> Iterator[list[str]]:
    from odf import teletype

    for row in table.childNodes:
        if getattr(row, "qname", (None, ""))[1] != "table-row":
            continue
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", (None, ""))[1] not in ("table-cell", "covered-table-cell"):
                continue
            text = teletype.extractText(cell)
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            if not text and repeat > _REPEAT:
                repeat = 1
            cells.extend([text] * repeat)
        if not any(cells):
            continue
        for _ in range(min(int(row.getAttribute("numberrowsrepeated") or 1), _REPEAT)):
            yield cells


def _ods(scanner: Scanner, file: Path) -> Scan:
    from odf.opendocument import load
    from odf.table import Table

    document = load(str(file))
    tables = document.spreadsheet.getElementsByType(Table)
    return scan_sheets(
        scanner, str(file), ((t.getAttribute("name") or "", _ods_rows(t)) for t in tables)
    )


def _xls(scanner: Scanner, file: Path) -> Scan:
    import xlrd

    book = xlrd.open_workbook(str(file), on_demand=True)
    try:

        def rows(sheet: Any) -> Iterator[list[object]]:
            for index in range(sheet.nrows):
                yield [_xls_value(book, cell) for cell in sheet.row(index)]

        def sheets() -> Iterator[tuple[str, Iterator[list[object]]]]:
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                yield sheet.name, rows(sheet)
                book.unload_sheet(index)

        return scan_sheets(scanner, str(file), sheets())
    finally:
        book.release_resources()


def _xls_value(book: Any, cell: Any) -> object:
    """A cell's value as the sheet shows it: a whole number without ``.0``, a date as a
    date."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return int(cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
        return when.date().isoformat() if when.time() == when.min.time() else when.isoformat()
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BOOLEAN):
        return None
    return cell.value


def _doc(scanner: Scanner, file: Path) -> Scan:
    """The old Word format is not read (no well-kept library reads it from Python): the
    file is not scanned, and says so, rather than being skipped as binary."""
    raise Unsupported("the old Word format (.doc) is not read: save it as .docx or PDF")


class Unsupported(ValueError):
    """A kind of file Waarborg does not read (not a damaged one)."""


class Damaged(ValueError):
    """A file its kind's reader could not open or read through: damaged, cut short, or
    not what its name says. ``detail`` names the kind and the reader's words."""

    def __init__(self, file: Path, kind: str, error: BaseException | str) -> None:
        words = " ".join(str(error).split()).replace(str(file), file.name)
        if isinstance(error, BaseException) and not isinstance(error, ValueError):
            words = f"{type(error).__name__}: {words}"
        self.detail = f"{kind.lstrip('.').upper()}: {words[:200]}"
        super().__init__(self.detail)


def read_document(scanner: Scanner, file: Path, document: str) -> Scan:
    """Read ``file`` with the reader of its kind (``document``, a key of ``READERS``);
    a reader's failure other than the system's (no permission, gone), OCR's or a kind
    not read raises ``Damaged``."""
    refuse_sealed(file, document)
    try:
        return READERS[document](scanner, file)
    except (UnicodeError, Unsupported, ocr.OcrMissing):
        raise
    except Exception as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise  # the system's: no permission, gone, a disk that fails
        if type(error).__name__ == "TesseractError":  # OCR failed, not the file
            raise
        if document == ".pdf" and "password" in str(error).lower():
            raise Unsupported(_PASSWORD.format(kind="PDF")) from None
        raise Damaged(file, document, error) from None


_PASSWORD = "{kind}: it is protected by a password: save a copy without one, and scan that"
#: Office files that are zip archives; protected by a password, one is an OLE file.
_OFFICE = (".docx", ".docm", ".xlsx", ".odt", ".ods")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refuse_sealed(file: Path, document: str) -> None:
    """Raise ``Unsupported`` for an Office file that should be a zip archive and is an
    OLE file holding an ``EncryptedPackage``: protected by a password."""
    if document not in _OFFICE:
        return
    with open(file, "rb") as raw:
        if raw.read(8) != _OLE or "EncryptedPackage".encode("utf-16-le") not in raw.read(1 << 20):
            return
    raise Unsupported(_PASSWORD.format(kind=document.lstrip(".").upper()))


#: Readers of documents, by kind (extension).
READERS: dict[str, Callable[[Scanner, Path], Scan]] = {
    ".doc": _doc,
    ".pdf": _pdf,
    ".docx": _docx,
    ".docm": _docx,
    ".odt": _odt,
    ".ods": _ods,
    ".xls": _xls,
    **dict.fromkeys(IMAGES, _image_file),
}
