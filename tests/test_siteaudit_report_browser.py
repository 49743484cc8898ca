"""The cookie audit's HTML report of the demo site, in Dutch, in Chromium: Waarborg's
privacy centre of the demo organisation, served, and beside it a web shop's test page
that uses Waarborg's banner (``/consent.js``, with Google Consent Mode) and Google's
tags. Google's hosts (``www.googletagmanager.com``, ``region1.google-analytics.com``)
resolve to a server on this machine (Chromium's host rules) that serves a stand-in for
gtag.js: nothing goes to the network.

The audit is made, held against the demo declaration, written as HTML with the
banner's screenshot beside it, opened in Chromium, photographed and checked with
axe-core (WCAG 2.1 A and AA: no violations). ``WAARBORG_SCREENSHOTS=folder`` keeps the
pictures (``70-cookie-audit-report-nl.png``, the whole report, and
``71-cookie-audit-report-nl-top.png``, its first screen), to look at them as a privacy
officer would."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.siteaudit.crawl import audit_site
from waarborg.siteaudit.evaluate import evaluate
from waarborg.siteaudit.model import ACCEPT_ALL, BEFORE, REFUSE_ALL, Audit
from waarborg.siteaudit.report import html

from .accessibility import violations
from .requirements import launch
from .serving import serve_env, serving
from .siteaudit_sites import GTAG, TRACKER_HOST, Routes, _Handler, _serve, _Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TAGS = "www.googletagmanager.com"
ANALYTICS = "region1.google-analytics.com"

SHOP = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{title} · Studio Denkbeeldig</title>
<script src="{centre}/consent.js" data-lang="nl"></script>
<script async src="http://{tags}:{port}/gtag/js?id=G-DEMO&collect={collect}"></script>
<script>window.dataLayer = window.dataLayer || [];
function gtag(){{dataLayer.push(arguments);}}
gtag("js", new Date()); gtag("config", "G-DEMO");</script>
</head><body><h1>{title}</h1>
<nav><a href="/">Winkel</a> <a href="/product">Onze mokken</a>
<a href="{centre}/nl/privacy">Privacyverklaring</a> <a href="{centre}/nl/">Privacycentrum</a></nav>
<p>Handgemaakte mokken uit Utrecht.</p></body></html>"""


@dataclass
class Report:
    audit: Audit
    folder: Path
    page: Path
    shop: str
    centre: str


@pytest.fixture(scope="module")
def report(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    folder = tmp_path_factory.mktemp("cookie-audit-demo")
    declared = ensure_demo(folder / "demo")
    google: Routes = {
        "/gtag/js": (GTAG, "text/javascript", []),
        "/g/collect": ("GIF89a", "image/gif", []),
    }
    with (
        serving(serve_env(folder / "data", declared), folder / "serve.log") as centre,
        _serve(TRACKER_HOST, google) as tags,
    ):
        port = tags.server_address[1]
        collect = quote(f"http://{ANALYTICS}:{port}", safe="")
        shop = _Server(("127.0.0.1", 0), _Handler)
        shop.routes = {
            path: (
                SHOP.format(title=title, centre=centre.url, tags=TAGS, port=port, collect=collect),
                "text/html",
                [],
            )
            for path, title in (("/", "Winkel"), ("/product", "Onze mokken"))
        }
        shop.seen = []
        thread = threading.Thread(target=shop.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{shop.server_address[1]}/"
            rules = f"--host-resolver-rules=MAP {TAGS} {TRACKER_HOST},MAP {ANALYTICS} 127.0.0.2"
            audit = audit_site(url, pages=3, out_dir=folder, timeout=15, browser_args=(rules,))
        finally:
            shop.shutdown()
            shop.server_close()
        findings = evaluate(audit, load(declared))
        page = folder / "report.html"
        page.write_text(html(audit, findings, "demo/privacy.yaml", "nl"), "utf-8")
        yield Report(audit, folder, page, url, centre.url)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()


def test_the_demo_shop_is_audited_across_the_privacy_centre(report: Report) -> None:
    audit = report.audit
    assert audit.banner is not None and audit.banner.manager == "waarborg"
    assert audit.banner.categories == ("analytics", "marketing")
    assert audit.banner.screenshot and (report.folder / audit.banner.screenshot).exists()
    before = audit.phase(BEFORE)
    assert before is not None
    assert before.pages == [
        report.shop,
        report.shop + "product",
        report.centre + "/nl/privacy",
        report.centre + "/nl/",
    ]
    assert all(p.chosen for p in audit.phases), [p.error for p in audit.phases]
    accepted, refused = audit.phase(ACCEPT_ALL), audit.phase(REFUSE_ALL)
    assert accepted is not None and refused is not None
    assert {"_ga", "_ga_DEMO", "_gcl_au"} <= {c.name for c in accepted.cookies}
    assert not {"_ga", "_ga_DEMO", "_gcl_au"} & {c.name for c in refused.cookies}
    assert ANALYTICS in {r.host for r in accepted.requests}
    assert ANALYTICS not in {r.host for r in refused.requests}


def test_the_dutch_report_is_photographed_and_passes_axe(
    report: Report, browser: Any, shots: Callable[[Any, str], None]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(report.page.as_uri())
    page.wait_for_function("() => document.querySelector('img.screenshot').complete")
    assert page.evaluate("() => document.querySelector('img.screenshot').naturalWidth") > 0
    text = page.inner_text("body")
    for words in ("Cookie-audit van", "Bevindingen", "Vóór een keuze", "Alles weigeren",
                  "Alleen analytisch", "oplossing"):  # fmt: skip
        assert words in text, words
    for english in ("before any choice", "no consent manager", "found waarborg"):
        assert english not in text, english
    shots(page, "70-cookie-audit-report-nl")
    page.screenshot(
        path=str(
            Path(os.environ.get("WAARBORG_SCREENSHOTS") or report.folder)
            / "71-cookie-audit-report-nl-top.png"
        )
    )
    assert violations(page) == []
    context.close()
