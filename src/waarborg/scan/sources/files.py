"""Files and folders. A folder is walked (hidden files and folders, and symbolic
links, are skipped); each file is read by the reader of its extension:

- ``.csv`` and ``.tsv``: per column, the values judged together with the column's name
  (the first row names the columns);
- ``.json``, ``.jsonl`` and ``.ndjson``: per field (``customers[].email``), the same;
- a SQLite database file: as a database;
- anything else: as text, unless it is binary (a NUL byte in its first 8 KB).

Readers are registered in ``READERS`` by extension. Every reader streams: it holds a
block of the file and, per column or field, a batch of values, whatever the file's
size. A CSV or JSON file that turns out not to be one is read as text.

A file that cannot be read (no permission, gone, a broken encoding, a reader that
fails) is not scanned: ``scan_file`` records why, and never raises for it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..engine import ColumnResult, Scanner
from ..findings import NotScanned, Place, Scan
from ..tabular import from_result
from .database import scan_database
from .jsonstream import JSONStreamError, values
from .text import BLOCK, scan_stream

__all__ = ["BATCH", "READERS", "files", "scan_file", "scan_path"]

Reader = Callable[[Scanner, IO[str], str], Scan]

#: Values of one column or field judged at a time.
BATCH = 10_000


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


class _Field:
    """The values of one column or field, judged a batch at a time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.hint = name.rsplit(".", 1)[-1].rstrip("[]")
        self.values: list[str] = []
        self.lines: list[int] = []
        self.result = ColumnResult()
        #: The line of the first value of each kind found, by the value's index.
        self.first_lines: dict[int, int] = {}

    def add(self, scanner: Scanner, value: str, line: int) -> None:
        self.values.append(value)
        self.lines.append(line)
        if len(self.values) >= BATCH:
            self.judge(scanner)

    def judge(self, scanner: Scanner) -> None:
        if not self.values:
            return
        batch = scanner.column(self.values, hint=self.hint)
        for kind, (index, _) in batch.first.items():
            if kind not in self.result.first:
                self.first_lines[self.result.values + index] = self.lines[index]
        self.result.add(batch)
        self.values, self.lines = [], []


def _findings(scanner: Scanner, source: str, fields: list[_Field]) -> Scan:
    scan = Scan(sources=[source])
    for field in fields:
        field.judge(scanner)
        found, scanned = from_result(
            scanner, Place(source, column=field.name), field.result, field.hint, field.first_lines
        )
        scan.findings.extend(found)
        scan.columns.append(scanned)
    return scan


def _csv(scanner: Scanner, stream: IO[str], source: str, delimiter: str = ",") -> Scan:
    try:
        rows = csv.reader(stream, delimiter=delimiter)
        header = next(rows, None)
        if header is None:
            return Scan(sources=[source])
        fields = [_Field(name) for name in header]
        for row in rows:
            line = rows.line_num
            for field, value in zip(fields, row, strict=False):
                if value:
                    field.add(scanner, value, line)
        return _findings(scanner, source, fields)
    except csv.Error:
        stream.seek(0)
        return _text(scanner, stream, source)


def _tsv(scanner: Scanner, stream: IO[str], source: str) -> Scan:
    return _csv(scanner, stream, source, "\t")


def _json(scanner: Scanner, stream: IO[str], source: str, many: bool = False) -> Scan:
    fields: dict[str, _Field] = {}
    try:
        for path, value, line in values(_blocks(stream), many=many):
            field = fields.get(path)
            if field is None:
                field = fields[path] = _Field(path)
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
        encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
        if encoding is None and b"\x00" in head:
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
