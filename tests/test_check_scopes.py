"""Findings on the statement and findings on the register.

Some duties belong in the organisation's own records, not in the public statement: the
written legitimate-interest assessment, processing agreements, authorised
sub-processors, the processor register, the security measures. Their rules have the
scope ``register``: ``waarborg check`` leaves them out (and its exit code with them),
``check --register`` reports them, ``waarborg register`` prints them and lists them in
the register as its open points, and only their errors hold the register back, as
only the statement's hold the statement back.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from waarborg.cli import main
from waarborg.declaration.lint import Scope, all_rules, check
from waarborg.declaration.loader import load
from waarborg.declaration.open_points import open_points
from waarborg.declaration.publish import gate
from waarborg.declaration.wording import words
from waarborg.errors import NotPublishable

from .test_rules import DELETE, patched

#: Rules that report a duty of the register, not of the statement (GDPR.md, Art. 28 and
#: 30; the balancing test of Art. 6(1)(f) is kept in the records, Art. 5(2)).
REGISTER_RULES = {
    "balancing-test-missing",
    "processor-agreement-missing",
    "processor-agreement-unstated",
    "subprocessor-authorisation-missing",
    "processor-register-missing",
    "processor-categories-unstated",
    "security-measures-missing",
    "purpose-subjects-missing",
}

#: The balancing test of the purpose "security" is not on record: a register warning.
NO_BALANCING_TEST = {"purposes": {"security": {"balancing_test": DELETE}}}
#: A processor with no processor register: a register error.
NO_PROCESSOR_REGISTER = {"controller": {"role": "processor"}}
#: The right to complain is not told: a statement error.
NO_COMPLAINT_RIGHT = {
    "rights": {
        "offered": [
            "access",
            "rectification",
            "erasure",
            "restriction",
            "objection",
            "portability",
            "withdraw_consent",
        ]
    }
}


def write(tmp_path: Path, *patches: dict[str, Any]) -> str:
    data = patched({})
    for patch in patches:
        data = _merged(data, patch)
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return str(path)


def _merged(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if value is DELETE:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# --- the rule registry ------------------------------------------------------------------


def test_register_duties_are_rules_of_the_register() -> None:
    scopes = {rule.id: rule.scope for rule in all_rules().values()}
    assert {r for r in REGISTER_RULES if scopes[r] != Scope.REGISTER} == set()
    # the statement's own duties stay on the statement
    for rule in ("legitimate-interest-missing", "transfer-privacy-shield", "rights-missing"):
        assert scopes[rule] == Scope.STATEMENT


def test_rules_lists_each_rules_scope() -> None:
    listed = json.loads(cli("rules", "--format", "json").output)
    assert {r["scope"] for r in listed} == {"statement", "register"}
    assert {r["id"] for r in listed if r["scope"] == "register"} >= REGISTER_RULES
    text = cli("rules").output
    assert "balancing-test-missing (warning, register, 6(1)(f), 5(2)):" in text
    assert "rights-missing (error, statement, 13(2)(b)):" in text


# --- waarborg check ---------------------------------------------------------------------


def test_check_reports_the_statement_and_points_to_the_register(tmp_path: Path) -> None:
    file = write(tmp_path, NO_BALANCING_TEST)
    result = cli("check", file)
    assert result.exit_code == 0, result.output
    assert "balancing-test-missing" not in result.output
    assert (
        f"the register also has findings (1 warning): 'waarborg check --register {file}'"
        in result.output
    )
    report = json.loads(cli("check", "--format", "json", file).output)
    assert report["scope"] == "statement"
    assert report["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert report["findings"] == []


def test_check_register_reports_the_register(tmp_path: Path) -> None:
    file = write(tmp_path, NO_BALANCING_TEST, NO_COMPLAINT_RIGHT)
    result = cli("check", "--register", file)
    assert result.exit_code == 0  # the statement's error is not the register's
    assert "(Voorbeeld Webwinkel B.V., register): 0 errors, 1 warning, 0 infos" in result.output
    assert "balancing-test-missing [Art. 6(1)(f), 5(2)]" in result.output
    assert "complaint-right-missing" not in result.output
    assert f"the statement also has findings (1 error): 'waarborg check {file}'" in result.output
    report = json.loads(cli("check", "--register", "--format", "json", file).output)
    assert report["scope"] == "register"
    assert [(f["rule"], f["scope"]) for f in report["findings"]] == [
        ("balancing-test-missing", "register")
    ]


@pytest.mark.parametrize(
    ("patch", "statement", "register", "both"),
    [
        (NO_PROCESSOR_REGISTER, 0, 1, 1),
        (NO_COMPLAINT_RIGHT, 1, 0, 1),
        (NO_BALANCING_TEST, 0, 0, 0),
    ],
    ids=["register-error", "statement-error", "register-warning"],
)
def test_the_exit_code_follows_the_errors_reported(
    tmp_path: Path, patch: dict[str, Any], statement: int, register: int, both: int
) -> None:
    file = write(tmp_path, patch)
    assert cli("check", file).exit_code == statement
    assert cli("check", "--register", file).exit_code == register
    assert cli("check", "--all", file).exit_code == both


def test_check_all_reports_both_with_counts_per_scope(tmp_path: Path) -> None:
    file = write(tmp_path, NO_PROCESSOR_REGISTER, NO_COMPLAINT_RIGHT)
    report = json.loads(cli("check", "--all", "--format", "json", file).output)
    assert report["scope"] == "all"
    assert report["counts"]["error"] == 2
    assert report["counts_by_scope"] == {
        "statement": {"error": 1, "warning": 0, "info": 0},
        "register": {"error": 1, "warning": 0, "info": 0},
    }
    assert {(f["rule"], f["scope"]) for f in report["findings"]} == {
        ("complaint-right-missing", "statement"),
        ("processor-register-missing", "register"),
    }
    text = cli("check", "--all", file).output
    assert "(Voorbeeld Webwinkel B.V., statement): 1 error" in text
    assert "(Voorbeeld Webwinkel B.V., register): 1 error" in text
    github = cli("check", "--all", "--format", "github", file).output
    assert "title=processor-register-missing (register)::" in github
    assert "title=complaint-right-missing::" in github


def test_selecting_a_rule_of_the_other_scope_is_a_usage_error(tmp_path: Path) -> None:
    file = write(tmp_path, NO_BALANCING_TEST)
    wrong = cli("check", "--select", "balancing-test-missing", file)
    assert wrong.exit_code == 2
    assert "reports on the register; add --register or --all" in wrong.output
    right = cli(
        "check", "--register", "--select", "balancing-test-missing", "--format", "json", file
    )
    assert [f["rule"] for f in json.loads(right.output)["findings"]] == ["balancing-test-missing"]
    # ignoring one is harmless wherever it reports
    assert cli("check", "--ignore", "balancing-test-missing", file).exit_code == 0
    both = cli("check", "--register", "--all", file)
    assert both.exit_code == 2 and "not both" in both.output


# --- publishing: each document answers for its own findings ---------------------------


def test_the_gate_of_each_document_counts_its_own_errors(tmp_path: Path) -> None:
    register_error = load(write(tmp_path, NO_PROCESSOR_REGISTER))
    assert gate(register_error, draft=False) is None  # the statement may be published
    with pytest.raises(NotPublishable) as info:
        gate(register_error, draft=False, scope=Scope.REGISTER)
    assert "1 error on the register" in str(info.value)
    assert "waarborg check --register" in str(info.value)
    statement_error = load(write(tmp_path, NO_COMPLAINT_RIGHT))
    assert gate(statement_error, draft=False, scope=Scope.REGISTER) is None
    with pytest.raises(NotPublishable):
        gate(statement_error, draft=False)


def test_a_statement_draft_lists_no_register_findings(tmp_path: Path) -> None:
    file = write(tmp_path, NO_PROCESSOR_REGISTER, NO_COMPLAINT_RIGHT)
    draft = cli("render", file, "--draft", "--lang", "en")
    assert draft.exit_code == 0
    assert "Open findings" in draft.stdout
    assert "supervisory authority" in draft.stdout  # the statement's error ...
    assert "processing for clients" not in draft.stdout  # ... not the register's
    clean = cli("render", write(tmp_path, NO_PROCESSOR_REGISTER))
    assert clean.exit_code == 0 and "CONCEPT" not in clean.stdout


def test_the_privacy_centre_is_not_a_draft_for_a_register_gap(tmp_path: Path) -> None:
    from waarborg.web.centre.routes import _draft

    assert _draft(load(write(tmp_path, NO_PROCESSOR_REGISTER))) is None
    assert _draft(load(write(tmp_path, NO_COMPLAINT_RIGHT))) is not None


# --- waarborg register ------------------------------------------------------------------


def test_register_prints_its_findings_and_lists_them_as_open_points(tmp_path: Path) -> None:
    file = write(tmp_path, NO_BALANCING_TEST, NO_COMPLAINT_RIGHT)
    result = cli("register", file, "--lang", "nl")
    assert result.exit_code == 0  # a statement error does not hold the register back
    assert "balancing-test-missing" in result.stderr
    assert "complaint-right-missing" not in result.stderr
    html = result.stdout
    assert '<h2 id="open-points-title">Open punten</h2>' in html
    assert f"(art. 6 lid 1 sub f AVG, art. 5 lid 2 AVG; <code>{file}:" in html
    assert "Voor het doel &#34;Beveiliging&#34; (gerechtvaardigd belang) is geen" in html
    assert "CONCEPT" not in html
    english = cli("register", file, "--lang", "en").stdout
    assert "Open points" in english
    assert "No balancing test is recorded for the purpose &#34;Security&#34;" in english


def test_a_register_without_open_points_has_no_such_section(tmp_path: Path) -> None:
    result = cli("register", write(tmp_path))
    assert result.exit_code == 0 and result.stderr == ""
    assert 'id="open-points"' not in result.stdout


def test_the_open_points_are_a_sheet_of_the_workbook_not_part_of_the_csv(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    file = write(tmp_path, NO_BALANCING_TEST)
    target = tmp_path / "register.xlsx"
    assert cli("register", file, "--format", "xlsx", "-o", str(target)).exit_code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Art. 30(1)", "Open punten"]
    rows = list(workbook["Open punten"].values)
    assert rows[0] == ("Ernst", "Punt", "Artikel", "Plaats in de declaratie", "Regel")
    assert rows[1][0] == "Waarschuwing" and rows[1][4] == "balancing-test-missing"
    assert "belangenafweging" in str(rows[1][1])
    table = cli("register", file, "--format", "csv").stdout
    assert "belangenafweging" not in table and "balancing" not in table
    assert next(csv.reader(io.StringIO(table)))[0] == "Verwerkingsverantwoordelijke"


def test_register_errors_refuse_the_register(tmp_path: Path) -> None:
    file = write(tmp_path, NO_PROCESSOR_REGISTER)
    refused = cli("register", file, "--format", "csv")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "processor-register-missing" in refused.stderr
    assert "1 error on the register, so it is not published as final" in refused.stderr
    marked = cli("register", file, "--draft")
    assert marked.exit_code == 0
    assert "<title>CONCEPT: " in marked.stdout
    assert "geen verwerkingen voor opdrachtgevers vastgelegd" in marked.stdout


# --- waarborg build -------------------------------------------------------------------


def test_build_refuses_on_errors_of_either_scope(tmp_path: Path) -> None:
    for patch, said in (
        (NO_PROCESSOR_REGISTER, "1 error on the register"),
        (NO_COMPLAINT_RIGHT, "finds 1 error, so"),
    ):
        site = tmp_path / "site"
        result = cli("build", write(tmp_path, patch), "--output", str(site))
        assert result.exit_code == 1
        assert said in result.stderr
        assert not site.exists()


def test_build_reports_both_scopes_and_marks_each_document_by_its_own(tmp_path: Path) -> None:
    file = write(tmp_path, NO_BALANCING_TEST)
    site = tmp_path / "site"
    result = cli("build", file, "--output", str(site))
    assert result.exit_code == 0, result.output
    report = json.loads((site / "check.json").read_text("utf-8"))
    assert report["scope"] == "all"
    assert [(f["rule"], f["scope"]) for f in report["findings"]] == [
        ("balancing-test-missing", "register")
    ]
    assert "Open punten" in (site / "register.html").read_text("utf-8")
    assert "belangenafweging" not in (site / "privacy-statement.nl.html").read_text("utf-8")


def test_findings_carry_their_scope(tmp_path: Path) -> None:
    declaration = load(write(tmp_path, NO_BALANCING_TEST, NO_COMPLAINT_RIGHT))
    found = {(f.rule, f.scope) for f in check(declaration)}
    assert found == {
        ("balancing-test-missing", Scope.REGISTER),
        ("complaint-right-missing", Scope.STATEMENT),
    }
    assert [f.rule for f in check(declaration, scope="register")] == ["balancing-test-missing"]
    assert [f.rule for f in check(declaration, scope=Scope.STATEMENT)] == [
        "complaint-right-missing"
    ]


def test_every_rule_on_the_register_has_its_sentence_in_both_languages() -> None:
    """An open point is read by the organisation's people, in the register's language;
    a rule given the register's scope gets its sentence here (a rule may have one per
    variant, ``rule/variant``)."""
    on_register = {r.id for r in all_rules().values() if r.scope == Scope.REGISTER}
    for lang in ("nl", "en"):
        worded = {key.split("/")[0] for key in words(lang)["open_points"]["rules"]}
        assert worded == on_register, lang


def test_open_points_name_the_processor_the_client_and_the_sub_processor(
    tmp_path: Path,
) -> None:
    file = write(
        tmp_path,
        {
            "controller": {"role": "both"},
            "recipients": {
                "hoster": {"name": "Hoster B.V.", "role": "sub_processor", "country": "NL"}
            },
            "processing_for": {
                "shops": {
                    "controller": {"name": "Webwinkel Klant B.V."},
                    "label": {"nl": "Hosting", "en": "Hosting"},
                    "subprocessors": ["hoster"],
                    "categories": "unstated",
                    "subjects": ["customer"],
                    "agreement": "DPA 2026",
                }
            },
        },
    )
    points = {p.rule: p for p in open_points(load(file), None, "nl")}
    assert {rule: p.text for rule, p in points.items()} == {
        "processor-agreement-missing": (
            "Met de verwerker Hoster B.V. is geen verwerkersovereenkomst vastgelegd."
        ),
        "processor-categories-unstated": (
            "Voor de verwerking in opdracht van Webwinkel Klant B.V. zijn de categorieën "
            "persoonsgegevens niet vastgelegd."
        ),
        "subprocessor-authorisation-missing": (
            "Voor de subverwerker Hoster B.V. is geen toestemming van Webwinkel Klant B.V. "
            "vastgelegd."
        ),
    }
    assert {p.label for p in points.values()} == {"Waarschuwing"}
    assert points["subprocessor-authorisation-missing"].article == (
        "art. 28 lid 2 AVG, art. 28 lid 4 AVG"
    )
