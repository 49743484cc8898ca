"""`waarborg build`: one folder with the check report, the statement and cookie
declaration in every language of the statement, the register and the DPV export; exit 1
when the checker finds an error, and with --strict nothing written then."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from waarborg.cli import main
from waarborg.declaration.dpv import to_jsonld
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


@pytest.mark.parametrize(
    ("declaration", "exit_code", "errors"),
    [
        pytest.param(STARTER, 0, False, id="starter"),
        pytest.param(IEMAGOO, 1, True, id="iemagoo"),
    ],
)
def test_build_writes_everything(
    tmp_path: Path, declaration: Path, exit_code: int, errors: bool
) -> None:
    site = tmp_path / "site"
    result = build(str(declaration), "--output", str(site))
    assert result.exit_code == exit_code, result.output
    assert written(site) == ALL
    assert f"wrote {len(ALL)} files to {site}/" in result.stderr
    assert ("the checker found" in result.stderr) is errors

    d = load(declaration)
    report = json.loads((site / "check.json").read_text("utf-8"))
    assert report["loaded"] is True and report["file"] == str(declaration)
    assert (report["counts"]["error"] > 0) is errors
    assert any(f["severity"] == "error" for f in report["findings"]) is errors
    for lang in ("nl", "en"):
        for fmt in ("html", "md"):
            statement = (site / f"privacy-statement.{lang}.{fmt}").read_text("utf-8")
            assert statement == render_statement(d, lang, fmt)
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


def test_strict_writes_nothing_when_the_checker_finds_an_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(str(IEMAGOO), "--output", str(site), "--strict")
    assert result.exit_code == 1
    assert written(site) == set()
    assert "nothing written" in result.stderr


def test_strict_writes_everything_when_the_check_passes(tmp_path: Path) -> None:
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
