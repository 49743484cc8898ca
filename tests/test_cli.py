"""The command line: exit codes, output formats, and no tracebacks for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from waarborg.cli import main

from .conftest import STARTER

BROKEN = """\
waarborg: 1
controller:
  name: Kapot B.V.
  kvk: "1234"
  emial: info@kapot.nl
categories:
  email: {}
purposes:
  mail:
    label: Mail
    basis: contract
    categories: [email, phone]
    recipients: [nobody]
  other: {label: x, basis: [contract
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "waarborg", *args], capture_output=True, text=True, check=False
    )


def test_broken_yaml_gives_line_numbers_exit_1_and_no_traceback(
    write_yaml: Callable[[str], Path],
) -> None:
    path = write_yaml(BROKEN)
    result = run("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{path}:15:" in result.stderr
    assert "YAML syntax error" in result.stderr


def test_all_errors_of_a_broken_declaration_are_listed(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(BROKEN.replace("  other: {label: x, basis: [contract\n", ""))
    result = run("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for expected in (
        f"{path}:4:8: error: '1234' is not a valid KvK number",
        f"{path}:5:3: error: unknown key 'emial'",
        "fix: did you mean 'email'?",
        f"{path}:12:25: error: category 'phone' is not declared",
        f"{path}:13:18: error: recipient 'nobody' is not declared",
    ):
        assert expected in result.stderr
    assert "4 errors" in result.stderr


def test_missing_file_is_a_clean_error() -> None:
    result = run("render", "does-not-exist.yaml")
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_the_starter_with_warnings_only() -> None:
    result = CliRunner().invoke(main, ["check", str(STARTER)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_check_json_output(write_yaml: Callable[[str], Path]) -> None:
    text = STARTER.read_text("utf-8").replace("basis: contract", "basis: unstated", 1)
    path = write_yaml(text)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["loaded"] is True
    assert report["counts"]["error"] == 1
    (error,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert error["rule"] == "basis-missing"
    assert error["article"] == "13(1)(c), 6(1)"
    assert error["line"] == text.splitlines().index("    basis: unstated") + 1


def test_check_json_for_a_broken_file(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(BROKEN)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["loaded"] is False
    lines = {p["line"] for p in report["problems"]}
    assert {4, 5, 12, 13} <= lines  # the errors around the syntax error are still found
    assert any(p["message"].startswith("YAML syntax error") for p in report["problems"])


def test_check_github_annotations(write_yaml: Callable[[str], Path]) -> None:
    text = STARTER.read_text("utf-8").replace("basis: contract", "basis: unstated", 1)
    path = write_yaml(text)
    result = CliRunner().invoke(main, ["check", "--format", "github", str(path)])
    assert result.exit_code == 1
    assert f"::error file={path},line=" in result.output
    assert "title=basis-missing::" in result.output


def test_select_and_ignore(write_yaml: Callable[[str], Path]) -> None:
    text = STARTER.read_text("utf-8").replace("basis: contract", "basis: unstated", 1)
    path = write_yaml(text)
    ignored = CliRunner().invoke(main, ["check", "--ignore", "basis-missing", str(path)])
    assert ignored.exit_code == 0
    unknown = CliRunner().invoke(main, ["check", "--select", "no-such-rule", str(path)])
    assert unknown.exit_code == 2
    assert "unknown rule no-such-rule" in unknown.output


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    rules = json.loads(result.output)
    assert len(rules) >= 40
    assert {"id", "severity", "article", "title", "hint"} <= set(rules[0])


def test_init_writes_a_starter_that_passes_with_warnings_only(tmp_path: Path) -> None:
    target = tmp_path / "privacy.yaml"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0
    assert target.read_text("utf-8") == STARTER.read_text("utf-8")
    checked = CliRunner().invoke(main, ["check", "--all", "--format", "json", str(target)])
    assert checked.exit_code == 0
    counts = json.loads(checked.output)["counts"]
    assert counts["error"] == 0 and counts["warning"] >= 1
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 2
    assert "exists" in again.output


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_help_and_version(args: list[str]) -> None:
    assert CliRunner().invoke(main, args).exit_code == 0


def test_an_unexpected_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import waarborg.cli as cli

    def broken() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "main", broken)
    monkeypatch.delenv("WAARBORG_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        cli.run()
    assert info.value.code == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: disk on fire" in err
    assert "Traceback" not in err
    monkeypatch.setenv("WAARBORG_DEBUG", "0")  # read as it says: off
    with pytest.raises(SystemExit):
        cli.run()
    assert "Traceback" not in capsys.readouterr().err
    monkeypatch.setenv("WAARBORG_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.run()
