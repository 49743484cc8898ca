"""The checker's findings and their fixes in Dutch and English (``i18n/<lang>/checker.yaml``):
every finding on the examples and the real statements carries its words, the English
words are the message ``waarborg check`` prints, the Dutch ones are filled in, and
``waarborg check --lang nl`` prints them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from waarborg import i18n
from waarborg.cli import main
from waarborg.declaration.lint import Finding, all_rules, check
from waarborg.declaration.loader import load

ROOT = Path(__file__).resolve().parent.parent
DECLARATIONS = sorted(
    [*ROOT.glob("examples/*/privacy.yaml"), *ROOT.glob("tests/data/statements/*/privacy.yaml")]
)
#: A placeholder left unfilled: ``{key}``, ``{key!r}``.
_PLACEHOLDER = re.compile(r"\{[a-z_]+(?:![rs])?\}")


def _findings(path: Path) -> list[Finding]:
    return check(load(path))


def test_the_declarations_are_there() -> None:
    assert len(DECLARATIONS) >= 15


@pytest.mark.parametrize("path", DECLARATIONS, ids=lambda p: p.parent.name)
def test_every_finding_has_dutch_and_english_words(path: Path) -> None:
    findings = _findings(path)
    assert findings, "a declaration the checker finds nothing in tests nothing here"
    for f in findings:
        assert f.words is not None, f.rule
        key, _ = f.words
        assert key == f.rule or key.startswith(f"{f.rule}."), (f.rule, key)
        # the English words are the message waarborg check prints, exactly
        assert f.text("en") == f.message, f.rule
        assert f.hint_in("en") == f.hint, f.rule
        dutch, fix = f.text("nl"), f.hint_in("nl")
        assert dutch and dutch != f.message, f.rule
        assert fix and fix != f.hint, f.rule
        assert not _PLACEHOLDER.search(dutch), (f.rule, dutch)


def test_a_dutch_finding_names_the_data_in_dutch_and_lists_as_dutch_does() -> None:
    findings = _findings(ROOT / "examples/classigogo/privacy.yaml")
    bases = next(f for f in findings if f.rule == "basis-ambiguous")
    dutch = bases.text("nl")
    assert "rechtsgronden (toestemming, overeenkomst" in dutch
    assert " en gerechtvaardigd belang)" in dutch  # a Dutch list, not "legitimate_interest"
    assert "legitimate_interest" in bases.message  # the English as it always was
    health = _findings(ROOT / "tests/data/statements/massagetherapie-hilversum/privacy.yaml")
    special = next(f for f in health if f.rule == "special-category-condition")
    assert "(health, health_from_other_providers)" in special.message
    assert "bijzondere persoonsgegevens (gezondheidsgegevens en " in special.text("nl")
    assert "art. 9 lid 2 AVG" in special.text("nl")


def test_every_rule_has_its_fix_in_both_languages() -> None:
    rules = all_rules()
    assert len(rules) >= 80
    for rule in rules.values():
        assert rule.hint_in("en") == rule.hint, rule.id
        assert rule.hint_in("nl") != rule.hint, rule.id
    assert set(i18n.tree("checker.hints", "nl")) == set(rules)


def test_articles_in_the_dutch_words_are_written_as_a_dutch_lawyer_does() -> None:
    for key, sentence in i18n.keys(i18n.tree("checker", "nl")):
        assert "Art. " not in sentence and "GDPR" not in sentence.replace("\u2018GDPR", ""), key


def test_waarborg_check_lang_nl_prints_the_findings_and_fixes_in_dutch() -> None:
    path = str(ROOT / "examples/qooqie/privacy.yaml")
    english = CliRunner().invoke(main, ["check", path])
    dutch = CliRunner().invoke(main, ["check", "--lang", "nl", path])
    assert english.exit_code == dutch.exit_code == 1
    assert "het doel \u2018customer_questions\u2019 noemt geen rechtsgrond" in dutch.output
    assert "fix: vul bij purposes.<key>.basis een van deze rechtsgronden in" in dutch.output
    assert "purpose 'customer_questions' names no legal basis" not in dutch.output
    # the default is English, as it always was
    assert "purpose 'customer_questions' names no legal basis" in english.output
    assert CliRunner().invoke(main, ["check", "--lang", "en", path]).output == english.output
    report = json.loads(
        CliRunner().invoke(main, ["check", "--format", "json", "--lang", "nl", path]).output
    )
    messages = {f["message"] for f in report["findings"]}
    assert "het doel \u2018customer_questions\u2019 noemt geen rechtsgrond" in messages
    plain = json.loads(CliRunner().invoke(main, ["check", "--format", "json", path]).output)
    assert "purpose 'customer_questions' names no legal basis" in {
        f["message"] for f in plain["findings"]
    }
