"""The answer to an access or portability request: a zip with the person's data.

A printable HTML report in Dutch or English (``report.py``: the data under its
category labels and, for access, every item of Art. 15(1)), ``data.json`` with
everything, and per table that holds the person's rows a JSON and a CSV file with the
columns as they are, for other programs to read (Art. 20). An export is only made when
something was found: no empty files pretend to be data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..declaration.model import Declaration
from ..files import open_private, private_dir
from .report import render_report, report_name

__all__ = ["write_export"]

Rows = Mapping[str, Mapping[str, list[dict[str, Any]]]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _json(value: Any) -> str:
    """Indented JSON for people to read as well as programs."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=_plain)


def _members(encoded: Mapping[str, str], depth: int) -> list[str]:
    """``"key": value`` lines of an object at ``depth``, from values encoded by ``_json``
    at the top (a JSON text holds no raw line break, so indenting it is one replace)."""
    pad = "\n" + "  " * depth
    return [
        f"{json.dumps(key, ensure_ascii=False)}: {text.replace(chr(10), pad)}"
        for key, text in encoded.items()
    ]


def _data_json(
    head: Mapping[str, str], tables: Mapping[str, str], extras: Mapping[str, str]
) -> str:
    """``data.json``: the text ``_json`` makes of ``{**head, "data": tables, **extras}``,
    put together from the parts already encoded."""
    data = "{}" if not tables else "{\n    " + ",\n    ".join(_members(tables, 2)) + "\n  }"
    members = [*_members(head, 1), f'"data": {data}', *_members(extras, 1)]
    return "{\n  " + ",\n  ".join(members) + "\n}"


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(column for row in rows for column in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _plain(value) for key, value in row.items()})
    return buffer.getvalue()


def write_export(
    target: Path,
    declaration: Declaration,
    rows: Rows,
    *,
    lang: str,
    kind: str,
    public_id: str,
    made_at: datetime,
    email: str,
    extra: Mapping[str, Any] | None = None,
    zone: str = "Europe/Amsterdam",
) -> Path:
    """Write the zip to ``target`` atomically (a temporary name, then a rename).

    ``extra`` holds more of the person's data from Waarborg's own store, each under its
    name (for access: ``consents`` and ``consent_records``)."""
    flat: dict[str, list[dict[str, Any]]] = {}
    for store, tables in rows.items():
        for table, table_rows in tables.items():
            if not table_rows:
                continue
            name = table if len(rows) == 1 else f"{store}.{table}"
            flat[name] = [{k: _plain(v) for k, v in row.items()} for row in table_rows]
    private_dir(target.parent)
    partial = target.with_suffix(".partial")
    with (
        open_private(partial) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(
            report_name(kind, lang),
            render_report(
                declaration,
                rows,
                lang=lang,
                kind=kind,
                public_id=public_id,
                made_at=made_at,
                email=email,
                consents=list((extra or {}).get("consents") or []),
                zone=zone,
            ),
        )
        # Each table and each extra is encoded once, for its own file and for data.json.
        encoded = {name: _json(table_rows) for name, table_rows in flat.items()}
        extras = {name: _json(value) for name, value in (extra or {}).items()}
        for name, value in (extra or {}).items():
            if value:
                archive.writestr(f"{name}.json", extras[name])
        archive.writestr(
            "data.json",
            _data_json(
                {"request": _json(public_id), "made_at": _json(made_at.isoformat())},
                encoded,
                extras,
            ),
        )
        for name, table_rows in flat.items():
            archive.writestr(f"{name}.json", encoded[name])
            archive.writestr(f"{name}.csv", _csv(table_rows))
    partial.replace(target)
    return target
