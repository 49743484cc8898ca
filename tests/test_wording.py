"""The wording as data (``waarborg.i18n``): both languages say the same things, with the
same placeholders, and the one lookup fails loudly on a key that is not there."""

from __future__ import annotations

import importlib.util
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from waarborg import i18n


def _leaves(lang: str) -> dict[str, object]:
    return dict(i18n.keys(i18n.catalogue(lang)))


def test_every_key_is_in_both_languages() -> None:
    dutch, english = _leaves("nl"), _leaves("en")
    assert dutch, "no wording found"
    assert sorted(set(dutch) - set(english)) == [], "only in Dutch"
    assert sorted(set(english) - set(dutch)) == [], "only in English"


def test_each_key_has_the_same_shape_and_placeholders_in_both_languages() -> None:
    dutch, english = _leaves("nl"), _leaves("en")
    wrong = []
    for key, nl in dutch.items():
        en = english[key]
        if type(nl) is not type(en):
            wrong.append(f"{key}: {type(nl).__name__} in Dutch, {type(en).__name__} in English")
            continue
        pairs: list[tuple[object, object]] = [(nl, en)]
        if isinstance(nl, list) and isinstance(en, list):
            pairs = list(zip(nl, en, strict=False))
            if len(nl) != len(en):
                wrong.append(f"{key}: {len(nl)} items in Dutch, {len(en)} in English")
        for a, b in pairs:
            if isinstance(a, str) and isinstance(b, str):
                if i18n.placeholders(a) != i18n.placeholders(b):
                    wrong.append(
                        f"{key}: {sorted(i18n.placeholders(a))} in Dutch, "
                        f"{sorted(i18n.placeholders(b))} in English"
                    )
            elif not isinstance(a, str | int | float | bool) or type(a) is not type(b):
                wrong.append(f"{key}: items of another kind ({a!r}, {b!r})")
    assert wrong == []


def test_no_sentence_is_empty() -> None:
    for lang in i18n.LANGUAGES:
        empty = [key for key, value in _leaves(lang).items() if value in ("", None, [])]
        assert empty == [], lang


def test_a_missing_key_fails_loudly_in_tests_and_falls_back_once_elsewhere(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(i18n.WordingError, match=r"statement\.nothing_here"):
        i18n.t("statement.nothing_here", "nl")
    only_dutch = {**i18n.catalogue("nl"), "probe": {"only": "Alleen in het Nederlands"}}
    monkeypatch.setattr(
        i18n, "_part", lambda lang, name: only_dutch.get(name) if lang == "nl" else None
    )
    with pytest.raises(i18n.WordingError, match=r"probe\.only"):
        i18n.t("probe.only", "en")
    monkeypatch.delenv("WAARBORG_STRICT_WORDING")
    with caplog.at_level(logging.ERROR, logger="waarborg.i18n"):
        assert i18n.t("probe.only", "en") == "Alleen in het Nederlands"
    assert "probe.only" in caplog.text
    with pytest.raises(i18n.WordingError, match="in any language"):
        i18n.t("probe.nowhere", "en")
    with pytest.raises(i18n.WordingError, match="unknown language"):
        i18n.t("statement.title", "de")


def test_placeholders_are_filled_and_a_part_is_not_a_sentence() -> None:
    assert i18n.t("statement.title_of", "nl", name="Studio") == "Privacyverklaring van Studio"
    assert i18n.t("statement.title_of", "en", name="Studio") == "Privacy statement of Studio"
    with pytest.raises(i18n.WordingError, match="not one sentence"):
        i18n.t("statement.sections", "nl")


def test_dates_numbers_and_lists_are_in_the_readers_locale() -> None:
    moment = datetime(2026, 12, 7, 13, 5, tzinfo=UTC)
    assert i18n.format_date(date(2026, 12, 7), "nl") == "7 december 2026"
    assert i18n.format_date(date(2026, 12, 7), "en") == "7 December 2026"
    assert i18n.format_datetime(moment, "nl") == "7 december 2026 14:05"  # Amsterdam time
    assert i18n.format_datetime(moment, "en") == "7 December 2026 14:05"
    assert i18n.format_list(["a", "b", "c"], "nl") == "a, b en c"
    assert i18n.format_list(["a", "b"], "en", "or") == "a or b"
    assert i18n.format_number(1234.5, "nl") == "1.234,5"
    assert i18n.format_currency(1234.5, "nl") == "€\xa01.234,50"  # a no-break space


def test_lists_are_joined_as_babel_joins_them_without_loading_its_locale_data() -> None:
    from babel.lists import format_list as babel_list

    for lang in i18n.LANGUAGES:
        for style in ("standard", "or"):
            assert i18n.tree(f"lists.{style}", lang) == dict(
                i18n.locale(lang).list_patterns[style]
            ), (lang, style)
            for count in range(5):
                items = ["appel", "peer", "pruim", "kers"][:count]
                assert i18n.format_list(items, lang, style) == babel_list(
                    items, style=style, locale=i18n.locale(lang)
                ), (lang, style, count)


# --- no wording left as code ---------------------------------------------------------

_REPO = Path(__file__).resolve().parent.parent


def _counter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "wording_lines", _REPO / "scripts" / "wording_lines.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_counter_finds_sentences_per_language_and_language_branches() -> None:
    counter = _counter()
    source = """
WORDS = {
    "nl": {"title": "Uw verzoek"},
    "en": {"title": "Your request"},
}
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
TITLES = {"a": ("Melder", "Who notifies"), "b": ("Rol", "Role")}
TERMS = {"scc": ("eu-gdpr:A46-2-c", "eu-gdpr:SCCByCommission"), "x": ("a:b", "c:d")}
def note(lang):
    other = "/en/" if lang == "nl" else "/nl/"
    return "Let op" if lang == "nl" else "Note"
"""
    dicts, branches = counter.code_lines(source)
    assert sorted(dicts) == [2, 3, 4, 5, 7]
    assert sorted(branches) == [11]
    assert counter.template_lines('{{ "Fout" if lang == "nl" else "Error" }}\n{{ t("x") }}') == 1
    assert counter.template_lines('<a href="/{{ "en" if lang == "nl" else "nl" }}/">') == 0


def test_no_wording_is_left_as_python_code() -> None:
    """Every sentence in both languages is data (``i18n/<lang>/*.yaml``, the letters'
    templates): no dict of sentences per language, no ``if lang == "nl"`` choosing
    words, in Python or in a page template (``scripts/wording_lines.py``)."""
    counter = _counter()
    src = _REPO / "src" / "waarborg"
    assert counter.count_code(src) == {}
    assert sum(counter.count_data(src).values()) > 2000
