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
        everything: dict[str, Any] = {
            "request": public_id,
            "made_at": made_at.isoformat(),
            "data": flat,
        }
        if extra:
            everything.update({k: _plain(v) for k, v in extra.items()})
            for name, value in extra.items():
                if not value:
                    continue
                archive.writestr(
                    f"{name}.json", json.dumps(value, indent=2, ensure_ascii=False, default=_plain)
                )
        archive.writestr(
            "data.json", json.dumps(everything, indent=2, ensure_ascii=False, default=_plain)
        )
        for name, table_rows in flat.items():
            archive.writestr(f"{name}.json", json.dumps(table_rows, indent=2, ensure_ascii=False))
            archive.writestr(f"{name}.csv", _csv(table_rows))
    partial.replace(target)
    return target
