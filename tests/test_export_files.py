"""The export zip's JSON files: ``data.json`` is put together from each table's and
each extra's text, encoded once, and must be exactly what encoding the whole would give."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from waarborg.declaration.loader import load
from waarborg.rights.export import _plain, write_export

from .conftest import ROOT

MADE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONSENT = {"purpose": "news", "state": "given", "at": MADE.isoformat()}


@pytest.mark.parametrize("stores", [1, 2])
@pytest.mark.parametrize("extra", [None, {"consents": [], "consent_records": [{"a": "é\n"}]}])
def test_data_json_is_the_whole_encoded_at_once(
    tmp_path: Path, stores: int, extra: dict[str, object] | None
) -> None:
    declaration = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    tables = {
        "customer": [
            {"id": 1, "name": 'Jan "de" Vries\nå', "born": date(1980, 1, 2), "x": None},
            {"id": 2, "name": "Piet", "born": None, "x": Decimal("1.50")},
        ],
        "orders": [{"id": 7, "at": MADE, "nested": {"k": [1, {"l": []}]}, "raw": b"\x01"}],
        "empty": [],
    }
    rows = {f"store{i}": tables for i in range(stores)}
    target = write_export(
        tmp_path / "x.zip",
        declaration,
        rows,
        lang="nl",
        kind="access",
        public_id="abc",
        made_at=MADE,
        email="jan@example.nl",
        extra=extra,
    )
    flat = {
        (table if stores == 1 else f"{store}.{table}"): [
            {k: _plain(v) for k, v in row.items()} for row in table_rows
        ]
        for store, found in rows.items()
        for table, table_rows in found.items()
        if table_rows
    }
    everything = {"request": "abc", "made_at": MADE.isoformat(), "data": flat, **(extra or {})}
    expected = json.dumps(everything, indent=2, ensure_ascii=False, default=_plain)
    with zipfile.ZipFile(target) as archive:
        assert archive.read("data.json").decode() == expected
        for name, table_rows in flat.items():
            text = archive.read(f"{name}.json").decode()
            assert text == json.dumps(table_rows, indent=2, ensure_ascii=False)
        names = set(archive.namelist())
    assert ("consent_records.json" in names) == bool(extra)
    assert "consents.json" not in names  # an empty extra has no file of its own
    assert not any(name.endswith("empty.json") for name in names)


def test_data_json_without_rows_has_an_empty_data_object(tmp_path: Path) -> None:
    declaration = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    target = write_export(
        tmp_path / "x.zip",
        declaration,
        {"shop": {}},
        lang="en",
        kind="access",
        public_id="abc",
        made_at=MADE,
        email="jan@example.nl",
        extra={"consents": [CONSENT]},
    )
    with zipfile.ZipFile(target) as archive:
        text = archive.read("data.json").decode()
    assert text == json.dumps(
        {
            "request": "abc",
            "made_at": MADE.isoformat(),
            "data": {},
            "consents": [CONSENT],
        },
        indent=2,
        ensure_ascii=False,
    )
