"""Google Consent Mode v2 in ``/consent.js``.

The category→signal mapping in Python (a signal is granted only by a declared category
that is accepted or needs no consent; GPC keeps the advertising signals denied; Consent
Mode is written only where the declaration names Google tags), and the banner in real
Chromium on a shop page served here, with a stand-in for gtag.js (and for Google Tag
Manager) that, like Google's script, only reads ``window.dataLayer``: the default is in
the queue before the tag's first command, and each choice (accept all, refuse all, one
category, a stored choice on reload, GPC) is the update the declaration backs."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from waarborg.consent.cookies import banner
from waarborg.consent.google import (
    ADVERTISING,
    SIGNALS,
    WAIT_FOR_UPDATE_MS,
    consent_mode,
    google_tags,
    granted,
    grants,
)
from waarborg.declaration.loader import load
from waarborg.declaration.model import Cookie, Declaration, Recipient
from waarborg.demo import ensure_demo
from waarborg.web.apps.banner import script

from .conftest import EXAMPLES
from .requirements import launch
from .serving import Served, free_port, serve_env, serving

# --- the mapping -----------------------------------------------------------------------------


def _with_cookies(declaration: Declaration, cookies: dict[str, Cookie]) -> Declaration:
    return declaration.model_copy(update={"cookies": cookies})


def test_each_declared_category_grants_its_signals(demo_declaration: Declaration) -> None:
    found = banner(demo_declaration)
    assert grants(found) == {
        "analytics": ["analytics_storage"],
        "marketing": ["ad_storage", "ad_user_data", "ad_personalization"],
        "functional": ["functionality_storage"],
    }
    denied = dict.fromkeys(SIGNALS, "denied")
    # Functional cookies need no consent: their signal is granted whatever the choice.
    assert granted(found, [], gpc=False) == {**denied, "functionality_storage": "granted"}
    assert granted(found, ["analytics"], gpc=False) == {
        **denied,
        "functionality_storage": "granted",
        "analytics_storage": "granted",
    }
    assert granted(found, ["analytics", "marketing"], gpc=False) == {
        **denied,
        "functionality_storage": "granted",
        "analytics_storage": "granted",
        "ad_storage": "granted",
        "ad_user_data": "granted",
        "ad_personalization": "granted",
    }
    # Nothing declares personalisation or security cookies: those signals stay denied.
    assert granted(found, ["analytics", "marketing"], gpc=False)["security_storage"] == "denied"
    assert granted(found, ["personalisation"], gpc=False)["personalization_storage"] == "denied"


def test_gpc_keeps_the_advertising_signals_denied(demo_declaration: Declaration) -> None:
    found = banner(demo_declaration)
    update = granted(found, ["analytics", "marketing"], gpc=True)
    assert {s: update[s] for s in ADVERTISING} == dict.fromkeys(ADVERTISING, "denied")
    assert update["analytics_storage"] == "granted"


def test_a_signal_whose_category_is_not_declared_stays_denied(
    demo_declaration: Declaration,
) -> None:
    only_analytics = _with_cookies(demo_declaration, {"_ga": demo_declaration.cookies["_ga"]})
    found = banner(only_analytics)
    assert grants(found) == {"analytics": ["analytics_storage"]}
    # "marketing" is not declared: accepting it (a forged choice) grants nothing.
    update = granted(found, ["analytics", "marketing"], gpc=False)
    assert [s for s, v in update.items() if v == "granted"] == ["analytics_storage"]


def test_personalisation_and_security_grant_their_own_signals(
    demo_declaration: Declaration,
) -> None:
    declared = _with_cookies(
        demo_declaration,
        {
            "recent": Cookie(category="personalisation", purpose=None),
            "csrf": Cookie(category="security"),
        },
    )
    found = banner(declared)
    assert grants(found) == {
        "personalisation": ["personalization_storage"],
        "security": ["security_storage"],
    }
    assert granted(found, [], gpc=False)["security_storage"] == "granted"  # needs no consent
    assert granted(found, [], gpc=False)["personalization_storage"] == "denied"
    assert granted(found, ["personalisation"], gpc=False)["personalization_storage"] == "granted"


def test_google_tags_come_from_the_declared_cookies(demo_declaration: Declaration) -> None:
    assert google_tags(demo_declaration) == ["google_ads", "google_analytics"]
    # By the cookie's name alone, as the Open Cookie Database knows it.
    assert google_tags(_with_cookies(demo_declaration, {"_ga": Cookie()})) == ["google_analytics"]
    # By a provider declared under a key of the organisation's own choosing.
    other = demo_declaration.model_copy(
        update={
            "recipients": {"ads": Recipient(name="Google Ads")},
            "cookies": {"conversie": Cookie(provider="ads", category="marketing")},
        }
    )
    assert google_tags(other) == ["google_ads"]
    # Not Google: no Consent Mode unless the site asks for it.
    pixel = _with_cookies(demo_declaration, {"_fbp": Cookie(category="marketing")})
    assert google_tags(pixel) == []
    assert consent_mode(pixel, banner(pixel))["auto"] is False


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_script_carries_consent_mode_only_as_the_declaration_backs(path: Path) -> None:
    declaration = load(path)
    found = banner(declaration)
    text = script(declaration, found, "https://privacy.example.nl", gpc=False)
    config = json.loads(text[text.rindex("})(") + 3 : text.rindex(");")])
    assert config["gcm"]["auto"] is bool(google_tags(declaration))
    assert config["gcm"]["grants"] == grants(found)
    assert config["gcm"]["wait"] == WAIT_FOR_UPDATE_MS


# --- in Chromium -----------------------------------------------------------------------------

#: A stand-in for gtag.js and gtm.js: like Google's script it reads window.dataLayer (what
#: was queued before it loaded, then every push), and records it in window.seen.
TAG = """(function () {
  var dl = window.dataLayer = window.dataLayer || [], seen = window.seen = [];
  function rec(e) {
    var args = Object.prototype.toString.call(e) === "[object Arguments]";
    seen.push(JSON.parse(JSON.stringify(args ? {command: Array.prototype.slice.call(e)}
                                               : {event: e})));
  }
  dl.forEach(rec);
  var push = dl.push;
  dl.push = function () {
    for (var i = 0; i < arguments.length; i++) rec(arguments[i]);
    return push.apply(dl, arguments);
  };
  window.tagLoaded = true;
})();
"""

GTAG_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{waarborg}/consent.js"{attribute}></script>
<script async src="/gtag.js?id=G-TEST"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag("js", new Date());
  gtag("config", "G-TEST");
</script>
<script type="text/plain" data-waarborg-category="marketing">window.marketingRan = true;</script>
</head><body><h1>Shop</h1></body></html>
"""

GTM_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{waarborg}/consent.js"></script>
<script>(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':
new Date().getTime(),event:'gtm.js'}});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
}})(window,document,'script','dataLayer','GTM-TEST');</script>
</head><body><h1>Shop</h1></body></html>
"""


@pytest.fixture(scope="module")
def waarborg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("consent-mode")
    declaration = ensure_demo(folder / "demo")
    with serving(serve_env(folder / "data", declaration), folder / "serve.log") as served:
        yield served


def _pixel_only(declaration: Declaration) -> Declaration:
    """The demo with a Meta pixel's cookie for marketing and no Google tag, nor analytics."""
    return _with_cookies(
        declaration,
        {
            "wbg_consent": declaration.cookies["wbg_consent"],
            "_fbp": Cookie(provider="meta", category="marketing"),
        },
    )


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, waarborg: Served) -> Iterator[str]:
    """The shop, on 127.0.0.1 under the name ``localhost`` (another origin than Waarborg)."""
    folder = tmp_path_factory.mktemp("shop")
    # A banner for a declaration without Google tags, served here (its choices go nowhere).
    pixel = _pixel_only(load(ensure_demo(folder / "demo")))
    (folder / "pixel.js").write_text(script(pixel, banner(pixel), "http://127.0.0.1:9", gpc=False))
    for name, attribute in (("pixel", ""), ("pixel-on", ' data-google-consent-mode="on"')):
        page = GTAG_PAGE.format(waarborg="", attribute=attribute)
        (folder / f"{name}.html").write_text(page.replace("/consent.js", "/pixel.js"))
    (folder / "gtag.js").write_text(TAG)
    (folder / "gtm.js").write_text(TAG)
    (folder / "gtag.html").write_text(GTAG_PAGE.format(waarborg=waarborg.url, attribute=""))
    (folder / "off.html").write_text(
        GTAG_PAGE.format(waarborg=waarborg.url, attribute=' data-google-consent-mode="off"')
    )
    (folder / "gtm.html").write_text(GTM_PAGE.format(waarborg=waarborg.url))
    port = free_port()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("demo-declaration")
    return banner(load(ensure_demo(folder / "demo")))


DEFAULT = ["consent", "default", {**dict.fromkeys(SIGNALS, "denied"), "wait_for_update": 500}]
REDACT = ["set", "ads_data_redaction", True]


def _open(browser: Any, url: str, *, gpc: str | None = None) -> tuple[Any, Any]:
    if gpc == "header":
        context = browser.new_context(locale="en-GB", extra_http_headers={"Sec-GPC": "1"})
    else:
        context = browser.new_context(locale="en-GB")
    if gpc == "navigator":
        context.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',"
            " {get: () => true, configurable: true});"
        )
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.tagLoaded === true")
    return context, page


def _seen(page: Any) -> list[Any]:
    """What the tag read from the dataLayer, in order: commands as lists, else the object."""
    return [e.get("command", e.get("event")) for e in page.evaluate("() => window.seen")]


def _after_choice(page: Any, before: int) -> list[Any]:
    page.wait_for_function(
        "n => window.seen.length > n && window.seen.some("
        "(e, i) => i >= n && e.event && e.event.event === 'waarborg_consent')",
        arg=before,
    )
    return _seen(page)[before:]


def _update(found: Any, accepted: list[str], *, gpc: bool = False) -> list[Any]:
    return ["consent", "update", granted(found, accepted, gpc=gpc)]


def _choice(analytics: bool, marketing: bool) -> dict[str, Any]:
    return {
        "event": "waarborg_consent",
        "waarborg_choice": {"analytics": analytics, "marketing": marketing},
    }


@pytest.mark.slow
@pytest.mark.browser
def test_the_default_comes_before_the_tag_and_accept_all_grants_what_is_declared(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html")
    seen = _seen(page)
    # The default, then (functional cookies need no consent) its signal, then the tag's own.
    assert seen[:3] == [DEFAULT, REDACT, _update(found, [])]
    assert [s[0] for s in seen[3:]] == ["js", "config"]
    assert seen[4] == ["config", "G-TEST"]
    page.get_by_role("button", name="Accept all").click()
    assert _after_choice(page, len(seen)) == [
        _update(found, ["analytics", "marketing"]),
        _choice(True, True),
    ]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_refuse_all_denies_all_but_what_needs_no_consent(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html")
    before = len(_seen(page))
    page.get_by_role("button", name="Refuse all").click()
    assert _after_choice(page, before) == [_update(found, []), _choice(False, False)]
    assert granted(found, [], gpc=False)["analytics_storage"] == "denied"
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_one_category_and_the_stored_choice_on_the_next_page(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html")
    before = len(_seen(page))
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Let me choose").click()
    dialog.get_by_label("Analytics cookies").check()
    dialog.get_by_role("button", name="Save my choice").click()
    assert _after_choice(page, before) == [_update(found, ["analytics"]), _choice(True, False)]

    # The next page: the stored choice is an update before the tag's first command.
    page.reload()
    page.wait_for_function("() => window.tagLoaded === true")
    seen = _seen(page)
    assert seen[:4] == [DEFAULT, REDACT, _update(found, ["analytics"]), _choice(True, False)]
    assert [s[0] for s in seen[4:]] == ["js", "config"]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("signal", ["header", "navigator"])
def test_gpc_keeps_advertising_denied_on_accept_all(
    browser: Any, shop: str, found: Any, signal: str
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html", gpc=signal)
    before = len(_seen(page))
    page.get_by_role("button", name="Accept all").click()
    updates = _after_choice(page, before)
    assert updates == [_update(found, ["analytics"], gpc=True), _choice(True, False)]
    assert updates[0][2]["ad_storage"] == "denied"
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_stored_marketing_choice_is_denied_to_google_under_gpc(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html")
    before = len(_seen(page))
    page.get_by_role("button", name="Accept all").click()
    _after_choice(page, before)
    assert page.evaluate("window.marketingRan === true")  # accepted, without GPC
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',"
        " {get: () => true, configurable: true});"
    )
    page.reload()
    page.wait_for_function("() => window.tagLoaded === true")
    seen = _seen(page)
    assert seen[2] == _update(found, ["analytics", "marketing"], gpc=True)
    assert {s: seen[2][2][s] for s in ADVERTISING} == dict.fromkeys(ADVERTISING, "denied")
    # The site's own marketing script stays off too: GPC refuses what was stored.
    assert not page.evaluate("window.marketingRan === true")
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_google_tag_manager_reads_the_default_before_its_start_event(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtm.html")
    seen = _seen(page)
    assert seen[:3] == [DEFAULT, REDACT, _update(found, [])]
    assert seen[3]["event"] == "gtm.js" and len(seen) == 4
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Let me choose").click()
    dialog.get_by_label("Marketing and tracking cookies").check()
    dialog.get_by_role("button", name="Save my choice").click()
    # A trigger on the custom event "waarborg_consent" fires after the update.
    assert _after_choice(page, len(seen)) == [
        _update(found, ["marketing"]),
        _choice(False, True),
    ]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_site_can_leave_consent_mode_out(browser: Any, shop: str) -> None:
    context, page = _open(browser, f"{shop}/off.html")
    seen = _seen(page)
    assert [s[0] for s in seen] == ["js", "config"]
    page.get_by_role("button", name="Refuse all").click()
    page.wait_for_function("() => !document.querySelector('.wbg')")
    assert [s[0] for s in _seen(page)] == ["js", "config"]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_withdrawal_reaches_google_on_the_reloaded_page(
    browser: Any, shop: str, found: Any
) -> None:
    context, page = _open(browser, f"{shop}/gtag.html")
    before = len(_seen(page))
    page.get_by_role("button", name="Accept all").click()
    _after_choice(page, before)
    page.get_by_role("button", name="Cookies", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("dialog").get_by_role("button", name="Refuse all").click()
    page.wait_for_function("() => window.tagLoaded === true")
    assert _seen(page)[:4] == [DEFAULT, REDACT, _update(found, []), _choice(False, False)]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_without_google_tags_only_the_site_asks_for_consent_mode(
    browser: Any, shop: str, demo_declaration: Declaration
) -> None:
    pixel = banner(_pixel_only(demo_declaration))
    context, page = _open(browser, f"{shop}/pixel.html")
    assert [s[0] for s in _seen(page)] == ["js", "config"]
    context.close()

    context, page = _open(browser, f"{shop}/pixel-on.html")
    seen = _seen(page)
    assert seen[:3] == [DEFAULT, REDACT, _update(pixel, [])]
    page.get_by_role("button", name="Accept all").click()
    update = _seen(page)[len(seen)]
    assert update == _update(pixel, ["marketing"])
    # Marketing is declared, analytics is not: its signal stays denied on "accept all".
    assert [k for k, v in update[2].items() if v == "granted"] == [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "functionality_storage",
    ]
    context.close()
