"""Files and folders. A folder is walked (hidden files and folders, and symbolic
links, are skipped); each file is read by the reader of its extension:

- ``.csv`` and ``.tsv``: per column, the values judged together with the column's name;
  a CSV file's delimiter is sniffed (``delimited.sniff``: a semicolon export is split
  by semicolons), and its first row names the columns unless it is a row of data (a
  file without a header, whose columns are judged by their values alone);
- ``.xlsx``: per sheet and column, by ``tabular.scan_workbook``;
- PDF, Word, OpenDocument, ``.xls`` and images: by ``documents`` (images and scanned
  pages by OCR), known by their first bytes or their extension;
- ``.json``, ``.jsonl`` and ``.ndjson``: per field (``customers[].email``), the same;
- a SQLite database file: as a database;
- anything else: as text, unless it is binary (a NUL byte in its first 8 KB). A file
  named as text (``TEXTS``: ``.csv``, ``.txt``, ``.json``, ...) that is binary is
  damaged, or not what its name says: not scanned, with why.

Readers are registered in ``READERS`` by extension. Every reader streams: it holds a
block of the file and, per column or field, a batch of values, whatever the file's
size. A CSV or JSON file that turns out not to be one is read as text.

A file that cannot be read (no permission, gone, a broken encoding, a reader that
fails) is not scanned: ``scan_file`` records why, and never raises for it. A document
or workbook its reader cannot open or read through is ``damaged`` (cut short, broken,
or not what its name says), with the kind and the reader's words.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import IO

from .. import delimited
from ..documents import Damaged, Unsupported, kind, read_document, refuse_sealed
from ..engine import Scanner
from ..findings import NotScanned, Place, Scan
from ..tabular import BATCH, Field, scan_workbook
from .database import scan_database
from .jsonstream import JSONStreamError, values
from .text import BLOCK, scan_stream

__all__ = ["BATCH", "READERS", "files", "scan_file", "scan_path"]

Reader = Callable[[Scanner, IO[str], str], Scan]


def _cp1252(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8, read as Windows-1252 (what Dutch spreadsheets export)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("waarborg-cp1252", _cp1252)


def _blocks(stream: IO[str]) -> Iterator[str]:
    return iter(lambda: stream.read(BLOCK), "")


def _text(scanner: Scanner, stream: IO[str], source: str) -> Scan:
    return scan_stream(scanner, _blocks(stream), source)


def _findings(scanner: Scanner, source: str, fields: list[Field]) -> Scan:
    scan = Scan(sources=[source])
    for field in fields:
        found, scanned = field.findings(scanner, Place(source, column=field.name))
        scan.findings.extend(found)
        scan.columns.append(scanned)
    return scan


#: Rows read ahead to decide whether a CSV file's first row is its header.
AHEAD = 50


def _head(stream: IO[str]) -> list[str]:
    """The first lines of ``stream`` (up to ``delimited.SAMPLE`` that are not empty),
    read off it with their line ends."""
    lines: list[str] = []
    while sum(1 for line in lines if line.strip()) < delimited.SAMPLE:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
    return lines


def _is_data(row: list[str], below: list[list[str]]) -> bool:
    """Whether a CSV file's first row is a row of data, not the columns' names: a cell
    of it is mostly digits (a number, a date, a postcode), or it holds a digit where
    the column below it holds digits in most rows."""
    for index, cell in enumerate(row):
        digits = sum(c.isdigit() for c in cell)
        if not digits:
            continue
        if 2 * digits >= sum(c.isalnum() for c in cell):
            return True
        column = [r[index] for r in below if index < len(r) and r[index]]
        if column and 2 * sum(any(c.isdigit() for c in v) for v in column) >= len(column):
            return True
    return False


def _csv(scanner: Scanner, stream: IO[str], source: str, delimiter: str | None = None) -> Scan:
    """A CSV file, its delimiter sniffed from its first lines (a Dutch export is split
    by semicolons) and its first row the columns' names unless it is data; a column
    without a name is named by its number and judged by its values alone."""
    try:
        head = _head(stream)
        if delimiter is None:
            delimiter = delimited.sniff([line.rstrip("\r\n") for line in head]) or ","
        rows = csv.reader(chain(head, stream), delimiter=delimiter)
        first = next(rows, None)
        if first is None:
            return Scan(sources=[source])
        ahead = [(row, rows.line_num) for row in islice(rows, AHEAD)]
        fields: list[Field] = []
        if _is_data(first, [row for row, _ in ahead]):
            ahead.insert(0, (first, 1))
        else:
            fields = [Field(name.strip(), name.strip()) for name in first]
        for row, line in chain(ahead, ((row, rows.line_num) for row in rows)):
            while len(fields) < len(row):  # columns past the header's, or no header
                field = Field(str(len(fields) + 1), "")
                field.before = fields[-1] if fields and not fields[-1].hint else None
                fields.append(field)
            for field, value in zip(fields, row, strict=False):
                value = value.strip()
                if value:
                    field.add(scanner, value, line)
        return _findings(scanner, source, fields)
    except csv.Error:
        stream.seek(0)
        return _text(scanner, stream, source)


def _tsv(scanner: Scanner, stream: IO[str], source: str) -> Scan:
    return _csv(scanner, stream, source, "\t")


def _json(scanner: Scanner, stream: IO[str], source: str, many: bool = False) -> Scan:
    fields: dict[str, Field] = {}
    try:
        for path, value, line in values(_blocks(stream), many=many):
            field = fields.get(path)
            if field is None:
                field = fields[path] = Field(path)
            field.add(scanner, value, line)
    except JSONStreamError:
        stream.seek(0)
        return _text(scanner, stream, source)
    return _findings(scanner, source, list(fields.values()))


def _jsonl(scanner: Scanner, stream: IO[str], source: str) -> Scan:
    return _json(scanner, stream, source, many=True)


#: Readers by file extension; other files are read as text.
READERS: dict[str, Reader] = {
    ".csv": _csv,
    ".tsv": _tsv,
    ".json": _json,
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
}

#: Extensions of text files: one that holds binary data is damaged, not skipped.
TEXTS = frozenset(
    (*READERS, ".txt", ".text", ".log", ".md", ".xml", ".html", ".htm", ".eml", ".sql")
)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def files(path: Path) -> Iterator[Path]:
    """``path`` if it is a file, else the files in the folder, in order of their paths
    (walked with a list of folders to go, so no depth of folders is too deep)."""
    if not path.is_dir():
        yield path
        return
    todo = [path]
    while todo:
        folder = todo.pop()
        children = sorted(os.scandir(folder), key=lambda entry: entry.name)
        folders: list[Path] = []
        for child in children:
            if child.name.startswith(".") or child.is_symlink():
                continue
            if child.is_dir():
                folders.append(Path(child.path))
            elif child.is_file():
                yield Path(child.path)
        todo.extend(reversed(folders))


def scan_path(scanner: Scanner, path: Path, sample: int | None = 1000) -> Scan:
    """Scan a file, or every file in a folder, one after another (``scan.folder`` does
    it with progress, several processes and a state). Raises ``FileNotFoundError`` for a
    path that does not exist; a file in it that cannot be read is not scanned."""
    if not path.exists():
        raise FileNotFoundError(2, "No such file or folder", str(path))
    scan = Scan()
    for file in files(path):
        scan.extend(scan_file(scanner, file, sample))
    return scan


def scan_file(scanner: Scanner, file: Path, sample: int | None = 1000) -> Scan:
    """Scan one file; a SQLite database file is scanned as a database (``sample`` rows
    per table). A file that cannot be read or parsed is recorded in ``not_scanned``
    with the reason."""
    source = str(file)
    try:
        return _read(scanner, file, sample)
    except PermissionError as exc:
        why = NotScanned(source, "permission", exc.strerror or "")
    except FileNotFoundError as exc:
        why = NotScanned(source, "missing", exc.strerror or "")
    except UnicodeError as exc:
        why = NotScanned(source, "encoding", _short(exc))
    except Damaged as exc:
        why = NotScanned(source, "damaged", exc.detail)
    except Unsupported as exc:
        why = NotScanned(source, "unparsable", str(exc))
    except OSError as exc:
        why = NotScanned(source, "unreadable", exc.strerror or _short(exc))
    except Exception as exc:  # any reader's failure is this file's, not the scan's
        why = NotScanned(source, "unparsable", f"{type(exc).__name__}: {_short(exc)}")
    return Scan(sources=[source], not_scanned=[why])


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _read(scanner: Scanner, file: Path, sample: int | None) -> Scan:
    with open(file, "rb") as raw:
        head = raw.read(8192)
        if head.startswith(b"SQLite format 3\x00"):
            url = f"sqlite:///{file.resolve()}"
            return scan_database(scanner, url, sample=sample)
        if file.suffix.lower() == ".xlsx":
            refuse_sealed(file, ".xlsx")
            raw.seek(0)
            try:
                return scan_workbook(scanner, raw, str(file))
            except ValueError as error:
                raise Damaged(file, ".xlsx", error) from None
        document = kind(file, head)
        if document is not None:
            return read_document(scanner, file, document)
        encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
        if encoding is None and b"\x00" in head:
            if file.suffix.lower() in TEXTS:
                # Named as text, holding binary data: damaged, or not what it says.
                raise Damaged(file, file.suffix, "it holds binary data (NUL bytes), not text")
            return Scan(skipped=[(str(file), "binary")])
        raw.seek(0)
        stream = io.TextIOWrapper(
            raw,
            encoding=encoding or "utf-8-sig",
            # A file that says it is UTF-16 or UTF-32 and is not cannot be read; bytes
            # that are not UTF-8 in any other file are read as Windows-1252.
            errors="strict" if encoding else "waarborg-cp1252",
            newline="",
        )
        reader = READERS.get(file.suffix.lower(), _text)
        return reader(scanner, stream, str(file))
