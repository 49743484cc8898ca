"""The privacy centre's pages in a real browser, in Dutch and English: each page has
its language, one h1 and no skipped heading level, a label for every field and words
on every button; and what the pages say about the organisation is what the demo
declares, or the law with its article. Screenshots go to WAARBORG_SCREENSHOTS or the
test's folder.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from waarborg.web.centre.forms import KINDS

from .requirements import launch
from .test_e2e_browser import Inbox, Server, inbox, server

__all__ = ["inbox", "server"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Everything a page's structure needs, read in the browser.
_STRUCTURE = """() => {
  const fields = [...document.querySelectorAll('input, textarea, select')]
    .filter(e => e.type !== 'hidden');
  return {
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .map(h => Number(h.tagName[1])),
    unlabelled: fields.filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
      .map(e => e.id || e.name),
    mute: [...document.querySelectorAll('button')]
      .filter(b => !b.innerText.trim()).length,
    title: document.title,
  };
}"""

#: What the pages say about the demo, each with its source: declared (rights) or law.
_SAYS = {
    "nl": (
        "Wij antwoorden binnen 4 weken na ontvangst van uw verzoek.",  # rights.respond_within
        "met 2 maanden verlengen",  # rights.extension
        "Volgens de AVG is een verzoek gratis (artikel 12 lid 5 AVG).",  # the law
        "Wij vragen niet om een kopie van uw identiteitsbewijs.",  # the centre
        "(artikel 15 AVG)",
        "(artikel 77 AVG)",
    ),
    "en": (
        "We answer within 4 weeks of receiving your request.",
        "by 2 months",
        "Under the GDPR a request is free of charge (Article 12(5) GDPR).",
        "We do not ask for a copy of your identity document.",
        "(Article 15 GDPR)",
        "(Article 77 GDPR)",
    ),
}


def _check(page: Any, lang: str) -> None:
    found = page.evaluate(_STRUCTURE)
    where = page.url
    assert found["lang"] == lang, where
    assert found["h1"] == 1, where
    levels = found["levels"]
    assert levels[0] == 1, where
    assert all(b - a <= 1 for a, b in pairwise(levels)), (where, levels)
    assert found["unlabelled"] == [], where
    assert found["mute"] == 0, where
    assert "Studio Denkbeeldig" in found["title"], where


@pytest.mark.usefixtures("chromium")
def test_every_centre_page_in_both_languages(
    server: Server, inbox: Inbox, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for lang in ("nl", "en"):
                context = browser.new_context(
                    locale="nl-NL" if lang == "nl" else "en-GB",
                    viewport={"width": 1100, "height": 900},
                )
                page = context.new_page()
                page.goto(f"{server.url}/{lang}/")
                _check(page, lang)
                text = page.locator("main").inner_text()
                for sentence in _SAYS[lang]:
                    assert sentence in text, (lang, sentence)
                assert "Onze privacyverklaring noemt dit recht niet" not in text
                shots(page, f"40-centre-home-{lang}")
                for kind in KINDS:
                    page.goto(f"{server.url}/{lang}/request/{kind}")
                    _check(page, lang)
                    shots(page, f"41-centre-form-{kind}-{lang}")
                for path, name in (
                    ("complaint", "42-centre-complaint"),
                    ("newsletter/newsletter", "43-centre-newsletter"),
                    ("privacy", "44-centre-statement"),
                ):
                    page.goto(f"{server.url}/{lang}/{path}")
                    _check(page, lang)
                    shots(page, f"{name}-{lang}")
                context.close()
        finally:
            browser.close()
    log = (server.crm.parent.parent / "serve.log").read_text("utf-8")
    assert "warning:" not in log  # the demo's statement and its centre agree
