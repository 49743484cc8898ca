"""``waarborg scan``, ``redact`` and ``recognizers``: every output format, exit codes,
the SARIF shape, and holding a database against a declaration."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from waarborg.cli import main

from .conftest import EXAMPLES

IEMAGOO = next(p for p in EXAMPLES if p.parent.name == "iemagoo")

NOTES = "Klant Jan Jansen belde, BSN 123456782, mail jan@example.nl.\n"

DECLARATION = """\
waarborg: 1
controller: {{name: Zorg B.V., email: info@zorg.example}}
categories:
  name: {{}}
  email: {{}}
  bsn: {{}}
  health: {{}}
  phone: {{}}
purposes:
  care:
    label: Zorg
    basis: contract
    categories: [name, email, bsn, health, phone]
datastores:
  crm:
    url: sqlite:///{db}
    tables:
      patients:
        key: id
        identity: {{email: email}}
        columns: {{name: name, email: email, bsn: bsn, diagnosis: health, phone: phone}}
"""


def invoke(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=stdin)


def _patients(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT, email TEXT, bsn TEXT, "
            "diagnosis TEXT, phone TEXT, notes TEXT)"
        )
        db.executemany(
            "INSERT INTO patients (name, email, bsn, diagnosis, phone, notes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    "Jan Jansen",
                    "jan@example.nl",
                    "123456782",
                    "astma",
                    "",
                    "IBAN NL91ABNA0417164300",
                ),
                ("Anna de Vries", "anna@example.nl", "111222333", "diabetes", "onbekend", ""),
            ],
        )
    return path


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("Eerste regel.\n" + NOTES, "utf-8")
    return path


def test_text_report_warns_and_exits_0(notes: Path) -> None:
    result = invoke("scan", str(notes))
    assert result.exit_code == 0, result.output
    assert f"{notes}:2:29: scan-found" in result.output
    assert "BSN (citizen service number) (1 time)" in result.output
    assert "*******82" in result.output and "123456782" not in result.output
    assert "0 errors, 3 warnings, 0 infos" in result.output


def test_fail_on_warning_exits_1_and_clean_text_exits_0(notes: Path, tmp_path: Path) -> None:
    assert invoke("scan", "--fail-on", "warning", str(notes)).exit_code == 1
    clean = tmp_path / "clean.txt"
    clean.write_text("Niets persoonlijks hier.\n", "utf-8")
    assert invoke("scan", "--fail-on", "warning", str(clean)).exit_code == 0


def test_standard_input() -> None:
    result = invoke("scan", "--format", "json", "-", stdin=NOTES)
    report = json.loads(result.output)
    assert {f["kind"] for f in report["findings"]} == {"person_name", "bsn", "email"}
    assert report["findings"][0]["place"]["source"] == "-"


def test_json_report(notes: Path) -> None:
    report = json.loads(invoke("scan", "--format", "json", str(notes)).output)
    assert report["counts"] == {"error": 0, "warning": 3, "info": 0}
    bsn = next(i for i in report["issues"] if i["finding"]["kind"] == "bsn")
    assert bsn["rule"] == "scan-found" and bsn["place"] == {
        "source": str(notes),
        "line": 2,
        "col": 29,
    }


def test_github_annotations(notes: Path) -> None:
    lines = invoke("scan", "--format", "github", str(notes)).output.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"::warning file={notes},line=2,col=") for line in lines)
    assert any(",title=scan-found::" in line and "BSN" in line for line in lines)


def _sarif_shape(log: dict[str, Any]) -> None:
    """The keys SARIF 2.1.0 requires, and the values it allows."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "waarborg"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        for location in result.get("locations", []):
            physical = location.get("physicalLocation")
            if physical is not None:
                assert physical["artifactLocation"]["uri"]
                assert physical["region"]["startLine"] >= 1
            for logical in location.get("logicalLocations", []):
                assert logical["fullyQualifiedName"]


def test_sarif_report(notes: Path) -> None:
    log = json.loads(invoke("scan", "--format", "sarif", str(notes)).output)
    _sarif_shape(log)
    results = log["runs"][0]["results"]
    assert len(results) == 3
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2


def test_against_an_example_with_a_small_database(tmp_path: Path) -> None:
    """iemagoo declares names, e-mail and IBANs but no BSN and no health data."""
    db = _patients(tmp_path / "patients.db")
    result = invoke("scan", "--format", "json", "--against", str(IEMAGOO), f"sqlite:///{db}")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    issues = {(i["rule"], i["finding"]["kind"], i["place"]["column"]) for i in report["issues"]}
    assert issues == {
        ("scan-undeclared", "bsn", "bsn"),
        ("scan-bsn-statute", "bsn", "bsn"),
        ("scan-undeclared", "health", "diagnosis"),
        ("scan-special-condition", "health", "diagnosis"),
    }


def test_against_declared_datastore_columns(
    tmp_path: Path, write_yaml: Callable[[str, str], Path]
) -> None:
    db = _patients(tmp_path / "patients.db")
    declaration = write_yaml(DECLARATION.format(db=db), "privacy.yaml")
    result = invoke("scan", "--format", "json", "--against", str(declaration))
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = {(i["rule"], i["place"]["column"]) for i in report["issues"]}
    assert found == {
        ("scan-bsn-statute", "bsn"),
        ("scan-special-condition", "diagnosis"),
        ("scan-undeclared", "notes"),
        ("scan-declared-empty", "phone"),
    }
    assert report["counts"] == {"error": 3, "warning": 0, "info": 1}
    undeclared = next(i for i in report["issues"] if i["rule"] == "scan-undeclared")
    assert "datastores.crm.tables.patients.columns" in undeclared["hint"]
    assert undeclared["declaration"].startswith(f"{declaration}:")

    github = invoke("scan", "--format", "github", "--against", str(declaration)).output
    assert f"::error file={declaration},line=" in github
    sarif = json.loads(invoke("scan", "--format", "sarif", "--against", str(declaration)).output)
    _sarif_shape(sarif)
    logical = [
        loc["logicalLocations"][0]["fullyQualifiedName"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    ]
    assert "crm.patients.notes" in logical


def test_a_fixed_declaration_passes(tmp_path: Path, write_yaml: Callable[[str, str], Path]) -> None:
    db = _patients(tmp_path / "patients.db")
    fixed = (
        DECLARATION.format(db=db)
        .replace("  bsn: {}", '  bsn: {statute: "Wabvpz, art. 12"}')
        .replace("    basis: contract\n", "    basis: contract\n    art9: health_care\n")
        .replace("phone: phone}", "phone: phone, notes: iban}")
        .replace("  phone: {}\n", "  phone: {}\n  iban: {}\n")
        .replace("[name, email, bsn, health, phone]", "[name, email, bsn, health, phone, iban]")
    )
    declaration = write_yaml(fixed, "privacy.yaml")
    result = invoke("scan", "--against", str(declaration))
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 1 info" in result.output


def test_redact_command(tmp_path: Path) -> None:
    result = invoke("redact", "--style", "label", "-", stdin=NOTES)
    assert result.exit_code == 0
    assert "[bsn]" in result.output and "[email]" in result.output
    assert "masked 1 bsn, 1 email, 1 person_name" in result.output


def test_unknown_recognizer_and_missing_source_are_clean_errors(tmp_path: Path) -> None:
    result = invoke("scan", "--ignore", "nope", "-", stdin="x")
    assert result.exit_code == 2 and "unknown recognizer nope" in result.output
    missing = invoke("scan", str(tmp_path / "missing.txt"))
    assert missing.exit_code == 2 and "No such file or folder" in missing.output
    nothing = invoke("scan")
    assert nothing.exit_code == 2 and "nothing to scan" in nothing.output


def test_recognizers_lists_them_all() -> None:
    rows = json.loads(invoke("recognizers", "--format", "json").output)
    assert {"bsn", "iban", "mrz", "person_name"} <= {row["name"] for row in rows}
    assert all(row["enabled"] for row in rows)


def test_the_demo_crm_matches_its_declaration(tmp_path: Path) -> None:
    """The demo declares every column of personal data in its CRM; the scan finds one
    column that also holds another declared kind (usernames that are e-mail addresses)."""
    from waarborg.demo import build_demo

    built = build_demo(tmp_path / "demo", contacts=60)
    result = invoke("scan", "--format", "json", "--against", str(built.declaration))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["error"] == 0
    rules = {(i["rule"], i["place"]["table"], i["place"]["column"]) for i in report["issues"]}
    assert rules <= {("scan-column-category", "third_party_credentials", "username")}
    scanned = {(c["place"]["table"], c["place"]["column"]) for c in report["columns"]}
    assert ("contacts", "phone") in scanned and ("companies", "iban") in scanned


def test_a_database_on_sqlite_and_postgresql(database_url: str) -> None:
    """Any SQLAlchemy URL: the same findings on both, and no password in the report."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    metadata = sa.MetaData()
    people = sa.Table(
        "people",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(100)),
        sa.Column("bsn", sa.BigInteger),
        sa.Column("geboortedatum", sa.Date),
        sa.Column("active", sa.Boolean),
    )
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                people.insert(),
                [
                    {"email": "jan@example.nl", "bsn": 123456782, "active": True},
                    {"email": "anna@example.nl", "bsn": 111222333, "active": False},
                ],
            )
            connection.execute(sa.text("UPDATE people SET geboortedatum = '1978-04-12'"))
    finally:
        engine.dispose()
    result = invoke("scan", "--format", "json", database_url)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    found = {
        (f["place"]["table"], f["place"]["column"], f["kind"], f["count"])
        for f in report["findings"]
    }
    assert found == {
        ("people", "email", "email", 2),
        ("people", "bsn", "bsn", 2),
        ("people", "geboortedatum", "date_of_birth", 2),
    }
    password = sa.make_url(database_url).password
    if password:
        assert f":{password}@" not in result.output and ":***@" in result.output


FIDES = """\
dataset:
  - fides_key: crm
    collections:
      - name: customer
        fields:
          - name: id
            data_categories: [system.operations]
            fides_meta: {primary_key: True}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
          - name: name
            data_categories: [user.name]
"""


def test_against_a_datastore_described_by_a_fides_dataset(
    tmp_path: Path, write_yaml: Callable[[str, str], Path]
) -> None:
    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE customer (id INTEGER, email TEXT, name TEXT, notes TEXT)")
        connection.execute(
            "INSERT INTO customer VALUES (1, 'jan@example.nl', 'Jan Jansen', 'BSN 123456782')"
        )
    write_yaml(FIDES, "dataset.yml")
    declaration = write_yaml(
        "waarborg: 1\ncontroller: {name: Test B.V.}\ncategories: {name: {}, email: {}}\n"
        "purposes:\n  service: {label: Dienst, basis: contract, categories: [name, email]}\n"
        f"datastores:\n  crm: {{url: 'sqlite:///{db}', fides: dataset.yml}}\n",
        "privacy.yaml",
    )
    report = json.loads(invoke("scan", "--format", "json", "--against", str(declaration)).output)
    found = {(i["rule"], i["place"]["column"]) for i in report["issues"]}
    assert found == {("scan-undeclared", "notes"), ("scan-bsn-statute", "notes")}
