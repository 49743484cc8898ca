"""The scanner's engine: the registry, overlaps, long texts, columns, sources and
redaction."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from waarborg import catalogue
from waarborg.errors import UsageError
from waarborg.scan.columns import RULES, category_of, covering
from waarborg.scan.engine import CHUNK, Scanner
from waarborg.scan.findings import mask
from waarborg.scan.recognizers import BUILTIN, RECOGNIZERS, enabled, names
from waarborg.scan.redact import redact
from waarborg.scan.sources.database import scan_database
from waarborg.scan.sources.files import scan_path
from waarborg.scan.sources.text import scan_text

ID_COPY = """Kopie identiteitskaart
Naam: Willeke de Bruijn
Documentnummer: SPECI2014
BSN: 999999990

I<NLDSPECI20142999999990<<<<<<
6503101F2403096NLD<<<<<<<<<<<8
DE<BRUIJN<<WILLEKE<LISELOTTE<<
"""


def test_every_builtin_recognizer_is_registered_and_maps_to_catalogue_categories() -> None:
    assert names()[: len(BUILTIN)] == list(BUILTIN)
    known = catalogue.categories()
    for name in BUILTIN:
        recognizer = RECOGNIZERS[name]
        assert recognizer.name == name
        assert recognizer.label and recognizer.categories
        assert set(recognizer.categories) <= set(known), name


def test_recognizers_can_be_switched_off_or_selected() -> None:
    assert "bsn" not in {r.name for r in enabled(disabled={"bsn"})}
    assert [r.name for r in enabled(selected={"bsn", "iban"})] == ["iban", "bsn"]
    with pytest.raises(UsageError, match="unknown recognizer nope"):
        enabled(disabled={"nope"})


def test_the_longer_of_two_overlapping_matches_wins() -> None:
    scanner = Scanner.build()
    kinds = [kind for _, _, kind in scanner.find(ID_COPY)]
    assert kinds == ["person_name", "id_card", "bsn", "mrz"]


def test_a_long_text_is_scanned_in_pieces_without_losing_matches() -> None:
    line = "Klant Jan Jansen, BSN 123456782, mail jan@example.nl, IBAN NL91ABNA0417164300\n"
    text = line * (3 * CHUNK // len(line) + 7)
    scanner = Scanner.build()
    spans = scanner.find(text)
    assert len(spans) == 4 * text.count("\n")
    assert all(text[s:e] in line for s, e, _ in spans)


def test_a_column_of_valid_bsns_needs_no_context_word() -> None:
    scanner = Scanner.build()
    bsns = ["111222333", "123456782", "999999990", "100000009", "012345672", "232262536"]
    assert scanner.column(bsns, hint="nummer").hits == {"bsn": 6}
    # random nine-digit numbers: about one in eleven passes the test, not enough
    numbers = [f"{n:09d}" for n in range(123456780, 123456840)]
    assert "bsn" not in scanner.column(numbers, hint="nummer").hits


def test_column_names_give_categories_of_the_catalogue() -> None:
    known = catalogue.categories()
    assert {category for _, category in RULES} <= set(known)
    assert all(set(covering(c)) <= set(known) for _, c in RULES)
    assert category_of("klant_geboortedatum") == "date_of_birth"
    assert category_of("dateOfBirth") == "date_of_birth"
    assert category_of("ip_address") == "ip_address"
    assert category_of("Diagnose") == "health"
    assert category_of("vat_cents") is None
    assert category_of("created_at") is None


def test_examples_are_masked() -> None:
    assert mask("123456782") == "*******82"
    assert mask("jan@example.nl") == "***@*******.nl"
    assert mask("AB") == "**"


def test_text_findings_have_the_line_and_column_of_the_first_one() -> None:
    scan = scan_text(Scanner.build(), "niets\nmail a@b.nl en c@d.nl\n", "notes.txt")
    [finding] = scan.findings
    assert (finding.kind, finding.count, finding.place.line, finding.place.col) == (
        "email",
        2,
        2,
        6,
    )


def test_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "klanten.csv").write_text(
        "naam,email,bsn,opmerking\nJan Jansen,jan@example.nl,123456782,\n"
        "Anna de Vries,anna@example.nl,111222333,belt op 06-12345678\n",
        "utf-8",
    )
    (tmp_path / "export.json").write_text(
        json.dumps({"customers": [{"email": "piet@example.nl", "id": 1}]}), "utf-8"
    )
    (tmp_path / "log.jsonl").write_text('{"ip": "192.168.1.20"}\n\n{"ip": "10.0.0.1"}\n', "utf-8")
    # A binary file of no kind the scanner reads (an image or a PDF is read by OCR).
    (tmp_path / "cache.bin").write_bytes(b"\xff\xd8\x00\x00binary")
    (tmp_path / ".hidden").write_text("jan@example.nl", "utf-8")
    scan = scan_path(Scanner.build(), tmp_path)
    found = {(Path(f.place.source).name, f.place.column, f.kind, f.count) for f in scan.findings}
    assert found == {
        ("klanten.csv", "naam", "person_name", 2),
        ("klanten.csv", "email", "email", 2),
        ("klanten.csv", "bsn", "bsn", 2),
        ("klanten.csv", "opmerking", "phone", 1),
        ("export.json", "customers[].email", "email", 1),
        ("log.jsonl", "ip", "ipv4", 2),
    }
    lines = {f.place.column: f.place.line for f in scan.findings if f.place.source.endswith("csv")}
    assert lines == {"naam": 2, "email": 2, "bsn": 2, "opmerking": 3}
    assert scan.skipped == [(str(tmp_path / "cache.bin"), "binary")]


def test_a_database_sample_and_a_full_scan(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, mail TEXT, note TEXT, pic BLOB)")
        db.executemany(
            "INSERT INTO people (mail, note, pic) VALUES (?, ?, ?)",
            [
                (f"p{i}@example.nl", "BSN 123456782" if i == 2999 else "", b"\x00")
                for i in range(3000)
            ],
        )
    scanner = Scanner.build()
    sampled = scan_database(scanner, f"sqlite:///{path}", sample=100)
    mails = [f for f in sampled.findings if f.kind == "email"]
    assert [(f.place.table, f.place.column, f.count, f.values) for f in mails] == [
        ("people", "mail", 100, 100)
    ]
    assert {c.place.column for c in sampled.columns} == {"id", "mail", "note"}
    full = scan_database(scanner, f"sqlite:///{path}", sample=None)
    bsn = [f for f in full.findings if f.kind == "bsn"]
    assert [(f.place.column, f.count, f.values) for f in bsn] == [("note", 1, 1)]
    assert [f.count for f in full.findings if f.kind == "email"] == [3000]


def test_redaction_masks_the_bsn_document_number_and_mrz_of_an_id_copy() -> None:
    masked, spans = redact(Scanner.build(), ID_COPY)
    assert "999999990" not in masked and "SPECI2014" not in masked and "<<" not in masked
    assert masked.count("\n") == ID_COPY.count("\n")
    assert len(masked) == len(ID_COPY)
    assert {kind for _, _, kind in spans} == {"person_name", "id_card", "bsn", "mrz"}
    labelled, _ = redact(Scanner.build(), "BSN: 123456782", style="label")
    assert labelled == "BSN: [bsn]"
    kept, _ = redact(Scanner.build(), ID_COPY, keep={"person_name"})
    assert "Willeke de Bruijn" in kept


def test_the_other_commands_do_not_import_the_scanner() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from waarborg.cli import main\n"
        "CliRunner().invoke(main, ['check', 'examples/iemagoo/privacy.yaml'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('waarborg.scan')))\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "[]"


def test_a_sqlite_file_in_a_folder_is_scanned_as_a_database(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("CREATE TABLE users (email TEXT)")
        db.execute("INSERT INTO users VALUES ('jan@example.nl')")
    scan = scan_path(Scanner.build(), tmp_path)
    [finding] = scan.findings
    assert (finding.kind, finding.place.table, finding.place.column) == ("email", "users", "email")
    assert scan.skipped == []


def test_a_folder_with_a_link_to_itself_and_a_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "export.csv").write_bytes("\ufeffbsn\n123456782\n".encode())
    scan = scan_path(Scanner.build(), tmp_path)
    assert [(f.place.column, f.kind) for f in scan.findings] == [("bsn", "bsn")]
