"""The review of an imported statement as one HTML page (``waarborg.importer.report``),
built from a hand-made draft of a statement read from a real file: every quote is
highlighted and linked both ways, every finding shows the statement's own sentence or
says there is none, the page loads nothing from elsewhere, and it passes axe-core's
WCAG 2.1 A/AA rules in Chromium in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from waarborg import i18n
from waarborg.declaration.lint import Finding, Severity
from waarborg.errors import Location
from waarborg.importer.model import Draft, Evidence, Outdated, Silence, Text
from waarborg.importer.read import read
from waarborg.importer.report import render
from waarborg.importer.sentences import sentences

from .accessibility import violations
from .requirements import launch

STATEMENT = """# Privacyverklaring Bakkerij De Korrel & Zonen B.V.

Bakkerij De Korrel & Zonen B.V., gevestigd aan de Dorpsstraat 1, 1234 AB Utrecht, is
verantwoordelijk voor de verwerking van persoonsgegevens. Wij zijn bereikbaar via
privacy@voorbeeld.nl.

## Delen met derden

Wij delen gegevens met onze bewerker in de Verenigde Staten op grond van het Privacy
Shield. Met hen hebben wij een bewerkersovereenkomst gesloten.

- uw naam
- uw e-mailadres
"""


def _sentence(text: Text, words: str) -> tuple[int, int]:
    for start, end in sentences(text):
        if words in text.quote(start, end):
            return start, end
    raise AssertionError(words)


def _evidence(text: Text, path: tuple[str | int, ...], value: Any, words: str) -> Evidence:
    start, end = _sentence(text, words)
    return Evidence(path, value, text.quote(start, end), start, end, "test.hand")


@pytest.fixture
def draft(tmp_path: Path) -> Draft:
    path = tmp_path / "privacy.md"
    path.write_text(STATEMENT, "utf-8")
    text = read(path)
    shield = _sentence(text, "Privacy Shield")
    processor = _sentence(text, "bewerkersovereenkomst")
    return Draft(
        text=text,
        data={"controller": {"name": "Bakkerij De Korrel & Zonen B.V."}},
        evidence=[
            _evidence(text, ("controller", "name"), "Bakkerij De Korrel & Zonen B.V.", "gevestigd"),
            _evidence(text, ("controller", "address"), "Dorpsstraat 1", "gevestigd"),
            _evidence(text, ("controller", "email"), "privacy@voorbeeld.nl", "bereikbaar"),
            _evidence(text, ("categories", "name"), {"label": "naam"}, "uw naam"),
            _evidence(text, ("recipients", "bewerker", "transfer"), "privacy-shield", "Shield"),
        ],
        silences=[Silence(("dpo",), "whether there is a data protection officer")],
        outdated=[
            Outdated(
                "Privacy Shield",
                "transfer",
                "invalid since 16 July 2020",
                text.quote(*shield),
                *shield,
            ),
            Outdated(
                "bewerkersovereenkomst",
                "term",
                "now a verwerkersovereenkomst",
                text.quote(*processor),
                *processor,
            ),
        ],
    )


def _finding(rule: str, severity: str, path: tuple[str | int, ...], message: str) -> Finding:
    return Finding(
        rule, Severity(severity), "44-49", message, "Name a valid mechanism.", path, Location("x")
    )


FINDINGS = [
    _finding(
        "transfer-privacy-shield",
        "error",
        ("recipients", "bewerker", "transfer", "mechanism"),
        "relies on Privacy Shield <invalid>",
    ),
    _finding("dpo-contact-missing", "warning", ("dpo", "email"), "no DPO contact"),
    _finding("controller-address-missing", "info", ("purposes",), "nothing about purposes"),
]


class _Page(HTMLParser):
    """What a test needs from the page: ids, internal links, resources, and the text
    of elements with a given attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.english: list[str] = []
        self.marks = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        for name in ("src", "srcset"):
            if found.get(name):
                self.resources.append(str(found[name]))
        if tag in ("link", "script", "iframe", "img", "object", "embed"):
            self.resources.append(tag)
        if tag == "mark":
            self.marks += 1


def _parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_is_one_page_whose_every_link_leads_somewhere(draft: Draft, lang: str) -> None:
    html = render(draft, FINDINGS, lang)
    page = _parsed(html)
    assert html.startswith("<!doctype html>") and f'<html lang="{lang}">' in html
    assert page.resources == []  # self-contained: nothing loaded from elsewhere
    assert len(page.ids) == len(set(page.ids))
    assert page.links and all(link.startswith("#") for link in page.links)
    assert sorted({link[1:] for link in page.links} - set(page.ids)) == []
    assert i18n.t("import_report.title", lang) in html
    assert '<div class="statement" lang="nl">' in html


def test_each_sentence_values_came_from_is_highlighted_once_and_linked_both_ways(
    draft: Draft,
) -> None:
    html = render(draft, FINDINGS, "en")
    quotes = sorted({(e.start, e.end) for e in draft.evidence})
    assert len(quotes) == 4  # the controller's name and address share one sentence
    for number in range(1, len(quotes) + 1):
        assert html.count(f'id="q{number}"') == 1
        # From the text to what was taken, once.
        assert html.count(f'<sup class="ref ref-q"><a href="#v{number}"') == 1
        assert f'id="v{number}"' in html and f'href="#q{number}"' in html
    # The one sentence, and all three values taken from it, side by side.
    taken = html[html.index('id="v1"') : html.index('id="v2"')]
    for value in ("controller.name", "controller.address", "Dorpsstraat 1", "&amp; Zonen"):
        assert value in taken
    assert "controller.email" not in taken
    assert "{&#34;label&#34;: &#34;naam&#34;}" in html or '{"label": "naam"}' in html
    # Outdated terms: marked in the text and explained.
    for number in (1, 2):
        assert f'id="o{number}"' in html and f'href="#t{number}"' in html
    assert "now a verwerkersovereenkomst" in html
    assert "mark-o mark-q" in html  # the Privacy Shield sentence is both


def test_a_finding_quotes_the_statement_or_says_it_does_not(draft: Draft) -> None:
    html = render(draft, FINDINGS, "nl")
    first = html[html.index('id="f1"') : html.index('id="f2"')]
    # Found through the nearest path with evidence: the transfer's sentence.
    assert 'href="#q3"' in first and "Privacy Shield" in first
    assert "No transfer relies on Privacy Shield" not in first  # the title is in Dutch
    assert str(i18n.tree("admin_declaration.rules", "nl")["transfer-privacy-shield"]) in first
    assert '<p lang="en"' in first  # the checker's own message is marked as English
    assert "relies on Privacy Shield &lt;invalid&gt;" in first
    assert "art. 44" in first.lower()
    second = html[html.index('id="f2"') : html.index('id="f3"')]
    assert (
        i18n.t("import_report.not_stated", "nl", what="whether there is a data protection officer")
        in second
    )
    assert html.index('id="findings-error"') < html.index('id="f1"')
    assert html.index('id="findings-warning"') < html.index('id="f2"')
    assert html.index('id="findings-info"') < html.index('id="f3"')
    third = html[html.index('id="f3"') : html.index('id="silences"')]
    assert i18n.t("import_report.no_quote", "nl") in third
    # The sentence the finding is about links to it.
    taken = html[html.index('id="v3"') : html.index('id="v4"')]
    assert 'href="#f1"' in taken


def test_the_statement_is_escaped_and_keeps_its_structure(draft: Draft, tmp_path: Path) -> None:
    html = render(draft, [], "en")
    assert "De Korrel &amp; Zonen B.V." in html
    page = _parsed(html)
    assert page.tags.count("h3") >= 2  # the statement's headings, under the report's
    assert 'href="#findings-error"' not in html  # no findings, so no link to them
    statement = html[html.index('class="statement"') : html.index('id="taken"')]
    assert statement.count("<li>") == 2
    assert i18n.t("import_report.none.findings", "en") in html
    path = tmp_path / "vreemd.txt"
    path.write_text('Wij schrijven <script>alert("x")</script> als tekst.', "utf-8")
    odd = render(Draft(text=read(path), data={}), [], "en")
    assert "<script>" not in odd and "&lt;script&gt;" in odd


def test_evidence_that_covers_no_text_still_links_both_ways(draft: Draft) -> None:
    text = draft.text
    between = text.blocks[0].end + 1  # in the blank line after the first block
    draft.evidence += [
        Evidence(("statement", "title"), "x", "", between, between, "test.empty"),
        Evidence(("statement", "end"), "y", "", len(text.text), len(text.text), "test.end"),
    ]
    html = render(draft, FINDINGS, "en")
    page = _parsed(html)
    assert len(page.ids) == len(set(page.ids))
    assert sorted({link[1:] for link in page.links} - set(page.ids)) == []
    assert html.count('<sup class="ref ref-q">') == 6


def test_an_empty_draft_says_so_in_every_section(tmp_path: Path) -> None:
    path = tmp_path / "kort.txt"
    path.write_text("Wij verwerken geen gegevens.", "utf-8")
    html = render(Draft(text=read(path), data={}), [], "nl")
    for key in ("taken", "findings", "silences", "outdated"):
        assert i18n.t(f"import_report.none.{key}", "nl") in html
    assert "<mark" not in html
    with pytest.raises(i18n.WordingError):
        render(Draft(text=read(path), data={}), [], "de")


@pytest.fixture
def browser(chromium: object) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.browser
def test_the_report_passes_axe_in_both_languages(
    draft: Draft, browser: Any, tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    found: list[str] = []
    for lang in ("nl", "en"):
        path = tmp_path / f"review-{lang}.html"
        path.write_text(render(draft, FINDINGS, lang), "utf-8")
        page = browser.new_page()
        page.goto(path.as_uri())
        found += violations(page)
        page.click("sup.ref-q a >> nth=0")
        assert re.search(r"#v1$", page.url)
        shots(page, f"import-review-{lang}")
        page.close()
    assert found == []


def test_a_finding_about_the_controller_quotes_the_sentence_that_names_it(draft: Draft) -> None:
    # No evidence at "controller" itself: the sentence that gives its name is the
    # statement's own words about who the controller is.
    kvk = _finding("controller-kvk-missing", "info", ("controller",), "no KvK number")
    quotes = [e.quote for e in draft.evidence_at(kvk.path)]
    assert len(quotes) == 1 and "gevestigd" in quotes[0]
    html = render(draft, [kvk], "en")
    finding = html[html.index('id="f1"') : html.index('id="silences"')]
    assert i18n.t("import_report.no_quote", "en") not in finding
    # A path under another party without a name keeps its nearest ancestor's evidence.
    assert draft.evidence_at(("recipients", "bewerker", "transfer", "mechanism"))[0].path == (
        "recipients",
        "bewerker",
        "transfer",
    )
