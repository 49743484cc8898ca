"""Every page passes axe-core's WCAG 2.1 A and AA rules in Chromium, in Dutch and in
English: the privacy centre's pages (forms empty and with their errors shown, the
statement, the link pages, the error pages) and the admin's pages after logging in.

The figures (pages checked, violations) are printed for the closing note of a release.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from waarborg.web.forms import KINDS

from .accessibility import violations
from .requirements import CHROMIUM
from .test_e2e_browser import Inbox, Server, inbox, server

__all__ = ["inbox", "server"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture
def browser(chromium: object) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def test_axe_finds_what_it_is_meant_to_find(browser: Any) -> None:
    """The check is no formality: a page with known faults fails it, rule by rule."""
    page = browser.new_page()
    page.set_content(
        '<html><body><img src="a.png"><form><input name="q"></form>'
        '<p style="color:#aaa;background:#fff">faint</p></body></html>'
    )
    found = " ".join(violations(page))
    for rule in ("html-has-lang", "image-alt", "label", "color-contrast"):
        assert f": {rule} (" in found, rule
    page.close()


def _centre_paths(lang: str) -> list[str]:
    return [
        f"/{lang}/",
        *(f"/{lang}/request/{kind}" for kind in KINDS),
        f"/{lang}/complaint",
        f"/{lang}/newsletter/newsletter",
        f"/{lang}/privacy",
        f"/verify/{'x' * 43}?lang={lang}",  # a link that does not work
        f"/{lang}/no-such-page",  # the error page
    ]


def test_every_centre_page_passes_axe_in_both_languages(server: Server, browser: Any) -> None:
    found: list[str] = []
    checked = 0
    for lang in ("nl", "en"):
        context = browser.new_context(locale="nl-NL" if lang == "nl" else "en-GB", bypass_csp=True)
        page = context.new_page()
        for path in _centre_paths(lang):
            page.goto(server.url + path)
            found += violations(page)
            checked += 1
        # The forms with their errors shown: sent empty.
        for path in (f"/{lang}/request/access", f"/{lang}/complaint"):
            page.goto(server.url + path)
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
            assert page.locator(".error-summary").count() == 1, page.url
            found += violations(page)
            checked += 1
        context.close()
    print(f"axe-core, privacy centre: {checked} pages, {len(found)} violations")
    assert found == [], "\n".join(found)


def test_every_admin_page_passes_axe(server: Server, inbox: Inbox, browser: Any) -> None:
    del inbox
    token = subprocess.run(
        [sys.executable, "-m", "waarborg", "admin", "token", "create", "axe"],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    found: list[str] = []
    page.goto(server.url + "/admin")
    found += violations(page)  # the login page
    page.locator("input[name=token]").fill(token)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    checked = 1
    for path in (
        "/admin",
        "/admin?show=all",
        "/admin/tasks",
        "/admin/complaints",
        "/admin/breaches",
    ):
        page.goto(server.url + path)
        assert page.locator("input[name=token]").count() == 0, f"not logged in at {path}"
        found += violations(page)
        checked += 1
    context.close()
    print(f"axe-core, admin: {checked} pages, {len(found)} violations")
    assert found == [], "\n".join(found)


#: Where the keyboard's focus is, and whether it can be seen.
_FOCUS = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
    text: (e.innerText || e.value || '').trim().slice(0, 40),
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
  };
}"""


def test_a_request_is_made_by_keyboard_alone_and_the_focus_shows(
    server: Server, inbox: Inbox, browser: Any
) -> None:
    """From the top of the form: Tab to the e-mail field, type, Tab on to the button,
    Enter: sent. Every element the focus lands on on the way shows that it has it."""
    del inbox
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(server.url + "/nl/request/access")
    path: list[dict[str, Any]] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        here = page.evaluate(_FOCUS)
        path.append(here)
        if here["name"] == "email":
            page.keyboard.type("jan.jansen@example.nl")
        if here["tag"] == "button" and "Verzoek versturen" in here["text"]:
            break
    else:
        raise AssertionError(f"the send button is not reached by Tab: {path}")
    assert [p for p in path if not p["visible"]] == [], "focus not shown"
    assert any(p["name"] == "email" for p in path)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kijk in uw e-mail"
    context.close()


def test_the_admin_works_without_javascript(server: Server, inbox: Inbox, browser: Any) -> None:
    del inbox
    token = subprocess.run(
        [sys.executable, "-m", "waarborg", "admin", "token", "create", "nojs"],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/admin")
    page.locator("input[name=token]").fill(token)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("input[name=token]").count() == 0, page.content()[:500]
    page.goto(server.url + "/admin/breaches")
    assert page.locator("h1").count() == 1
    context.close()
