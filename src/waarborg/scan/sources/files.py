"""Files and folders. A folder is walked (hidden files and folders, and symbolic
links, are skipped); each file is read by the reader of its extension:

- ``.csv`` and ``.tsv``: per column, the values judged together with the column's name
  (the first row names the columns);
- ``.json``, ``.jsonl`` and ``.ndjson``: per field (``customers[].email``), the same;
- a SQLite database file: as a database;
- anything else: as text, unless it is binary (a NUL byte in its first 8 KB).

Readers are registered in ``READERS`` by extension.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..engine import Scanner
from ..findings import Place, Scan
from ..progress import Progress, Silent
from ..tabular import from_result
from .database import scan_database
from .text import scan_text

__all__ = ["READERS", "scan_path"]

Reader = Callable[[Scanner, str, str], Scan]


def _csv(scanner: Scanner, text: str, source: str, delimiter: str = ",") -> Scan:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    if header is None:
        return Scan(sources=[source])
    values: list[list[str]] = [[] for _ in header]
    lines: list[list[int]] = [[] for _ in header]
    for row in rows:
        line = rows.line_num
        for index, value in enumerate(row[: len(header)]):
            if value:
                values[index].append(value)
                lines[index].append(line)
    return _columns(scanner, source, header, values, lines)


def _tsv(scanner: Scanner, text: str, source: str) -> Scan:
    return _csv(scanner, text, source, "\t")


def _json(scanner: Scanner, text: str, source: str) -> Scan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return scan_text(scanner, text, source)
    fields: dict[str, tuple[list[str], list[int]]] = {}
    _walk(data, "", fields, 1)
    return _fields(scanner, source, fields)


def _jsonl(scanner: Scanner, text: str, source: str) -> Scan:
    fields: dict[str, tuple[list[str], list[int]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            _walk(json.loads(line), "", fields, number)
        except json.JSONDecodeError:
            return scan_text(scanner, text, source)
    return _fields(scanner, source, fields)


def _walk(value: Any, path: str, fields: dict[str, tuple[list[str], list[int]]], line: int) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), fields, line)
    elif isinstance(value, list):
        for item in value:
            _walk(item, f"{path}[]", fields, line)
    elif value is not None and not isinstance(value, bool):
        text = str(value)
        if text:
            values, lines = fields.setdefault(path or "$", ([], []))
            values.append(text)
            lines.append(line)


def _fields(scanner: Scanner, source: str, fields: dict[str, tuple[list[str], list[int]]]) -> Scan:
    names = list(fields)
    return _columns(
        scanner, source, names, [fields[n][0] for n in names], [fields[n][1] for n in names]
    )


def _columns(
    scanner: Scanner,
    source: str,
    names: list[str],
    values: list[list[str]],
    lines: list[list[int]],
) -> Scan:
    scan = Scan(sources=[source])
    for name, column, where in zip(names, values, lines, strict=True):
        field = name.rsplit(".", 1)[-1].rstrip("[]")
        result = scanner.column(column, hint=field)
        found, scanned = from_result(
            scanner, Place(source, column=name), result, field, [*where] if where else None
        )
        scan.findings.extend(found)
        scan.columns.append(scanned)
    return scan


#: Readers by file extension; other files are read as text.
READERS: dict[str, Reader] = {
    ".csv": _csv,
    ".tsv": _tsv,
    ".json": _json,
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
}


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for child in sorted(path.iterdir()):
        if child.name.startswith(".") or child.is_symlink():
            continue
        if child.is_dir():
            yield from _files(child)
        elif child.is_file():
            yield child


def scan_path(
    scanner: Scanner, path: Path, progress: Progress | None = None, sample: int | None = 1000
) -> Scan:
    """Scan a file, or every file in a folder; a SQLite database file is scanned as a
    database (``sample`` rows per table). Raises ``OSError`` for a path that cannot be
    read."""
    progress = progress or Silent()
    if not path.exists():
        raise FileNotFoundError(2, "No such file or folder", str(path))
    files = list(_files(path))
    progress.task(str(path), sum(f.stat().st_size for f in files))
    scan = Scan()
    for file in files:
        data = file.read_bytes()
        progress.advance(len(data))
        if data.startswith(b"SQLite format 3\x00"):
            url = f"sqlite:///{file.resolve()}"
            scan.extend(scan_database(scanner, url, sample=sample, progress=progress))
            continue
        if b"\x00" in data[:8192]:
            scan.skipped.append((str(file), "binary"))
            continue
        text = data.decode("utf-8-sig", errors="replace")
        reader = READERS.get(file.suffix.lower(), _text)
        scan.extend(reader(scanner, text, str(file)))
    return scan


def _text(scanner: Scanner, text: str, source: str) -> Scan:
    return scan_text(scanner, text, source)
