"""`waarborg build`: one folder with the check report, the statement and cookie
declaration in every language of the statement, the register and the DPV export. A
declaration with checker errors is refused; with --draft it is written marked CONCEPT."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from waarborg.cli import main
from waarborg.declaration.dpv import to_jsonld
from waarborg.declaration.lint import check
from waarborg.declaration.loader import load
from waarborg.declaration.register import build_registers
from waarborg.declaration.render import render_cookie_declaration, render_statement

from .conftest import ROOT, STARTER

IEMAGOO = ROOT / "examples" / "iemagoo" / "privacy.yaml"

#: Every file of a build in Dutch and English.
ALL = {
    "check.json",
    "privacy-statement.nl.html",
    "privacy-statement.nl.md",
    "privacy-statement.en.html",
    "privacy-statement.en.md",
    "cookies.nl.html",
    "cookies.nl.md",
    "cookies.en.html",
    "cookies.en.md",
    "register.csv",
    "register.xlsx",
    "register.html",
    "declaration.jsonld",
}


def build(*args: str) -> Result:
    return CliRunner().invoke(main, ["build", *args])


def written(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_build_writes_everything(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(str(STARTER), "--output", str(site))
    assert result.exit_code == 0, result.output
    assert written(site) == ALL
    assert f"wrote {len(ALL)} files to {site}/" in result.stderr
    assert "the checker found" not in result.stderr

    d = load(STARTER)
    report = json.loads((site / "check.json").read_text("utf-8"))
    assert report["loaded"] is True and report["file"] == str(STARTER)
    assert report["counts"]["error"] == 0
    for lang in ("nl", "en"):
        for fmt in ("html", "md"):
            statement = (site / f"privacy-statement.{lang}.{fmt}").read_text("utf-8")
            assert statement == render_statement(d, lang, fmt)
            assert "CONCEPT" not in statement and "DRAFT" not in statement
            cookies = (site / f"cookies.{lang}.{fmt}").read_text("utf-8")
            assert cookies == render_cookie_declaration(d, lang, fmt)
    assert (site / "privacy-statement.nl.html").read_text("utf-8").startswith("<!DOCTYPE html>")

    registers = build_registers(d, "nl")
    rows = list(csv.reader(io.StringIO((site / "register.csv").read_text("utf-8"))))
    assert len(rows) == 1 + sum(len(r.rows) for r in registers)
    assert (site / "register.xlsx").read_bytes()[:2] == b"PK"  # a zip, as xlsx is
    assert registers[0].title in (site / "register.html").read_text("utf-8")

    export = json.loads((site / "declaration.jsonld").read_text("utf-8"))
    assert export == to_jsonld(d)


def test_a_declaration_with_errors_is_not_published(tmp_path: Path) -> None:
    """Without --draft nothing is written, and the message says why and what to do."""
    site = tmp_path / "site"
    result = build(str(IEMAGOO), "--output", str(site))
    assert result.exit_code == 1
    assert written(site) == set()
    assert "not published as final" in result.stderr
    assert "--draft" in result.stderr
    assert "Traceback" not in result.output


def test_a_draft_is_marked_on_every_page_with_its_open_findings(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(str(IEMAGOO), "--output", str(site), "--draft")
    assert result.exit_code == 1  # the checker still found errors
    assert written(site) == ALL
    assert "marked CONCEPT" in result.stderr
    findings = json.loads((site / "check.json").read_text("utf-8"))["findings"]
    first_error = next(f["message"] for f in findings if f["severity"] == "error")
    # each language's draft lists the findings in its own words
    dutch = next(f.text("nl") for f in check(load(IEMAGOO)) if f.message == first_error)
    said = {"en": first_error.split("'")[0], "nl": dutch.split("\u2018")[0]}
    assert said["en"] != said["nl"]
    for name in ALL - {"check.json", "register.xlsx", "declaration.jsonld"}:
        content = (site / name).read_text("utf-8")
        word = "DRAFT" if ".en." in name else "CONCEPT"
        assert word in content.split("\n", 3)[0] + content[:2000], name
    for lang, word in (("nl", "CONCEPT"), ("en", "DRAFT")):
        html = (site / f"privacy-statement.{lang}.html").read_text("utf-8")
        assert f"<title>{word}: " in html
        assert 'class="draft-mark"' in html  # fixed in print: on every printed page
        assert said[lang] in html
    from openpyxl import load_workbook

    sheet = load_workbook(site / "register.xlsx").worksheets[0]
    assert str(sheet.cell(1, 1).value).startswith("CONCEPT")
    assert json.loads((site / "declaration.jsonld").read_text("utf-8"))["waarborg:draft"] is True


def test_strict_is_still_accepted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(str(STARTER), "--output", str(site), "--strict")
    assert result.exit_code == 0, result.output
    assert written(site) == ALL


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        (
            "html",
            {
                "check.json",
                "privacy-statement.nl.html",
                "privacy-statement.en.html",
                "cookies.nl.html",
                "cookies.en.html",
                "register.html",
            },
        ),
        (
            "md",
            {
                "check.json",
                "privacy-statement.nl.md",
                "privacy-statement.en.md",
                "cookies.nl.md",
                "cookies.en.md",
            },
        ),
        ("csv, xlsx", {"check.json", "register.csv", "register.xlsx"}),
        ("jsonld", {"check.json", "declaration.jsonld"}),
    ],
)
def test_formats_choose_the_files(tmp_path: Path, formats: str, expected: set[str]) -> None:
    site = tmp_path / "site"
    result = build(str(STARTER), "--output", str(site), "--formats", formats)
    assert result.exit_code == 0, result.output
    assert written(site) == expected


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(str(STARTER), "--output", str(site), "--formats", "html,pdf")
    assert result.exit_code == 2
    assert "unknown format pdf" in result.stderr
    assert written(site) == set()


def test_a_declaration_that_does_not_load_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "privacy.yaml"
    broken.write_text("waarborg: 1\ncontroller: {name: Kapot B.V., emial: x@kapot.nl}\n")
    site = tmp_path / "site"
    result = build(str(broken), "--output", str(site))
    assert result.exit_code == 1
    assert "unknown key 'emial'" in result.stderr
    assert written(site) == set()
