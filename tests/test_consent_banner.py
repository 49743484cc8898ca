"""The cookie banner: ``/consent.js`` as served (small, self-contained, built from the
declared categories), ``/.well-known/gpc.json``, and the banner in real Chromium on a
web shop's test page on another origin: before consent no script of a category that
needs consent runs and no such cookie exists; after accepting analytics only, only
the analytics scripts run; the choice is in the ledger, can be changed later, and
Global Privacy Control refuses marketing (by header and by navigator property)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from waarborg.consent.cookies import banner
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.web.apps.banner import script

from .conftest import EXAMPLES
from .requirements import launch
from .serving import Served, free_port, serve_env, serving
from .webclient import Centre

LIMIT = 15 * 1024


# --- the script as served --------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_script_stays_under_15_kb_for_every_example(path: Path) -> None:
    declaration = load(path)
    for gpc in (False, True):
        size = len(script(declaration, banner(declaration), "https://privacy.example.nl", gpc=gpc))
        assert size < LIMIT, (path, size)


def test_the_script_is_served_for_other_origins_and_knows_the_gpc_header(
    centre: Centre, demo_declaration: Declaration
) -> None:
    plain = centre.client.get("/consent.js")
    assert plain.status_code == 200
    assert len(plain.content) < LIMIT
    assert plain.headers["content-type"].startswith("text/javascript")
    assert plain.headers["cross-origin-resource-policy"] == "cross-origin"
    assert plain.headers["vary"] == "Sec-GPC"
    assert "max-age" in plain.headers["cache-control"]
    text = plain.text
    found = banner(demo_declaration)
    assert f'"version":"{found.version}"' in text and '"gpc":false' in text
    assert '"asked":[{"key":"analytics"' in text and '"free":["functional"]' in text
    assert "Analytische cookies" in text and "Analytics cookies" in text
    assert '"_ga"' in text and "/*CONFIG*/" not in text
    for dependency in ("import(", "require(", "document.write", "eval(", "XMLHttpRequest"):
        assert dependency not in text, dependency  # no dependencies, nothing loaded
    assert text.count("fetch(") == 1  # the one call: recording the choice
    gpc = centre.client.get("/consent.js", headers={"Sec-GPC": "1"})
    assert '"gpc":true' in gpc.text


def test_the_gpc_statement_names_the_statements_date(
    centre: Centre, demo_declaration: Declaration
) -> None:
    response = centre.client.get("/.well-known/gpc.json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert body["gpc"] is True
    effective = demo_declaration.statement.effective
    assert body.get("lastUpdate") == (effective.isoformat() if effective else None)


# --- in Chromium -----------------------------------------------------------------------------

SHOP = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>Webwinkel</title>
<script src="{waarborg}/consent.js"></script>
<script type="text/plain" data-waarborg-category="analytics">
  window.ranAnalytics = (window.ranAnalytics || 0) + 1;
  document.cookie = "_ga=GA1.1.123; path=/; max-age=3600";
</script>
<script type="text/plain" data-waarborg-category="analytics" src="/analytics.js"></script>
<script type="text/plain" data-waarborg-category="marketing">
  window.ranMarketing = true;
  document.cookie = "_fbp=fb.1.123; path=/; max-age=3600";
</script>
<script type="text/plain" data-waarborg-category="marketing" src="/marketing.js"></script>
<script type="text/plain" data-waarborg-category="functional">window.ranFunctional = true;</script>
</head>
<body>
<h1>Webwinkel</h1>
<p><a href="#" data-waarborg-open>Cookie settings</a></p>
</body>
</html>
"""


@dataclass
class Shop:
    """A web shop on another origin (``localhost``; Waarborg is on ``127.0.0.1``)."""

    url: str
    fetched: list[str] = field(default_factory=list)


@pytest.fixture
def waarborg(tmp_path: Path) -> Iterator[Served]:
    declaration = ensure_demo(tmp_path / "demo")
    env = serve_env(tmp_path / "data", declaration)
    with serving(env, tmp_path / "serve.log") as served:
        yield served


@pytest.fixture
def shop(tmp_path: Path, waarborg: Served) -> Iterator[Shop]:
    folder = tmp_path / "shop"
    folder.mkdir()
    for lang in ("en", "nl"):
        (folder / f"{lang}.html").write_text(SHOP.format(lang=lang, waarborg=waarborg.url))
    (folder / "analytics.js").write_text("window.analyticsFile = true;\n")
    (folder / "marketing.js").write_text("window.marketingFile = true;\n")
    port = free_port()
    found = Shop(f"http://localhost:{port}")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self) -> None:
            found.fetched.append(self.path.split("?")[0])
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()


def _visitor(context: Any) -> str:
    [cookie] = [c for c in context.cookies() if c["name"] == "wbg_consent"]
    from urllib.parse import unquote

    return str(unquote(cookie["value"]).split("|")[1])


def _ledger(waarborg: Served, visitor: str, want: dict[str, str]) -> dict[str, Any]:
    """The visitor's state in the ledger, once it says ``want`` (category: state)."""
    deadline = time.monotonic() + 15
    while True:
        state = httpx.get(f"{waarborg.url}/api/v1/consent/visitor/{visitor}").json()
        categories: dict[str, Any] = state["categories"]
        if all(categories[k]["state"] == v for k, v in want.items()):
            return categories
        assert time.monotonic() < deadline, categories
        time.sleep(0.1)


def _ran(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            "() => ({analytics: window.ranAnalytics, analyticsFile: window.analyticsFile,"
            " marketing: window.ranMarketing, marketingFile: window.marketingFile,"
            " functional: window.ranFunctional})"
        )
    )


def _cookies(context: Any) -> set[str]:
    return {c["name"] for c in context.cookies()}


@pytest.fixture
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_runs_before_consent_and_only_analytics_after_accepting_it(
    browser: Any, waarborg: Served, shop: Shop, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{shop.url}/en.html")
    dialog = page.get_by_role("dialog", name="Cookies on this website")
    expect(dialog).to_be_visible()
    shots(page, "consent-01-banner-en")
    assert _ran(page) == {
        "analytics": None,
        "analyticsFile": None,
        "marketing": None,
        "marketingFile": None,
        "functional": True,  # needs no consent
    }
    assert not {"_ga", "_fbp"} & _cookies(context)
    assert "/analytics.js" not in shop.fetched and "/marketing.js" not in shop.fetched

    dialog.get_by_role("button", name="Let me choose").click()
    expect(dialog.get_by_label("Functional cookies (always on)")).to_be_disabled()
    dialog.get_by_label("Analytics cookies").check()
    expect(dialog.get_by_label("Marketing and tracking cookies")).not_to_be_checked()
    shots(page, "consent-02-choose-en")
    dialog.get_by_role("button", name="Save my choice").click()
    expect(dialog).to_have_count(0)
    page.wait_for_function("() => window.analyticsFile === true")
    assert _ran(page) == {
        "analytics": 1,
        "analyticsFile": True,
        "marketing": None,
        "marketingFile": None,
        "functional": True,
    }
    assert "_ga" in _cookies(context) and "_fbp" not in _cookies(context)
    assert "/marketing.js" not in shop.fetched
    visitor = _visitor(context)
    recorded = _ledger(waarborg, visitor, {"analytics": "given", "marketing": "withdrawn"})
    assert recorded["analytics"]["method"] == "banner"

    # The choice holds on the next page: no banner, analytics runs, marketing does not.
    page.reload()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.wait_for_function("() => window.ranAnalytics === 1")
    assert _ran(page)["marketing"] is None
    shots(page, "consent-03-decided-en")

    # Changing it later is as easy: the Cookies button, untick, save.
    page.get_by_role("button", name="Cookies", exact=True).click()
    expect(dialog.get_by_label("Analytics cookies")).to_be_checked()
    dialog.get_by_label("Analytics cookies").uncheck()
    with page.expect_navigation():
        dialog.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("heading", name="Webwinkel")).to_be_visible()
    assert _ran(page)["analytics"] is None
    assert "_ga" not in _cookies(context)  # the declared cookie is gone
    _ledger(waarborg, visitor, {"analytics": "withdrawn", "marketing": "withdrawn"})

    # Refusing everything, in a new visit, is one click.
    other = browser.new_context(locale="en-GB")
    fresh = other.new_page()
    fresh.goto(f"{shop.url}/en.html")
    fresh.get_by_role("button", name="Refuse all").click()
    expect(fresh.get_by_role("dialog")).to_have_count(0)
    assert _ran(fresh)["analytics"] is None and _ran(fresh)["marketing"] is None
    _ledger(waarborg, _visitor(other), {"analytics": "withdrawn", "marketing": "withdrawn"})
    assert _visitor(other) != visitor


@pytest.mark.slow
@pytest.mark.browser
def test_the_banner_speaks_dutch_on_a_dutch_page(
    browser: Any, waarborg: Served, shop: Shop, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    page = browser.new_context(locale="nl-NL").new_page()
    page.goto(f"{shop.url}/nl.html")
    dialog = page.get_by_role("dialog", name="Cookies op deze website")
    expect(dialog.get_by_role("button", name="Alles weigeren")).to_be_visible()
    expect(dialog.get_by_role("link", name="Lees de cookieverklaring.")).to_have_attribute(
        "href", f"{waarborg.url}/nl/privacy#cookie-declaration"
    )
    shots(page, "consent-04-banner-nl")
    page.get_by_role("link", name="Cookie settings").click()  # data-waarborg-open
    expect(dialog.get_by_label("Analytische cookies")).to_be_visible()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("signal", ["header", "navigator"])
def test_global_privacy_control_refuses_marketing_even_on_accept_all(
    browser: Any, waarborg: Served, shop: Shop, shots: Callable[[Any, str], None], signal: str
) -> None:
    from playwright.sync_api import expect

    if signal == "header":
        context = browser.new_context(locale="en-GB", extra_http_headers={"Sec-GPC": "1"})
    else:
        context = browser.new_context(locale="en-GB")
        context.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',"
            " {get: () => true, configurable: true});"
        )
    page = context.new_page()
    page.goto(f"{shop.url}/en.html")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Global Privacy Control")
    dialog.get_by_role("button", name="Let me choose").click()
    expect(dialog.get_by_label("Marketing and tracking cookies")).to_be_disabled()
    shots(page, f"05-gpc-{signal}")
    dialog.get_by_role("button", name="Accept all").click()
    page.wait_for_function("() => window.analyticsFile === true")
    ran = _ran(page)
    assert ran["analytics"] == 1 and ran["marketing"] is None and ran["marketingFile"] is None
    assert "_fbp" not in _cookies(context)
    recorded = _ledger(
        waarborg, _visitor(context), {"analytics": "given", "marketing": "withdrawn"}
    )
    assert recorded["marketing"]["method"] == "gpc"
