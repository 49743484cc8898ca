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

import httpx
import pytest

from waarborg.web.centre.forms import KINDS

from .accessibility import violations
from .requirements import launch
from .test_admin_import import STATEMENT
from .test_e2e_browser import Inbox, Server, inbox, server

__all__ = ["inbox", "server"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def browser(chromium: object) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
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


def _admin_token(server: Server, name: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "waarborg", "admin", "token", "create", name],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


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


def _admin_data(server: Server, token: str) -> dict[str, str]:
    """A request, a complaint and a breach in the store, through the admin API; their ids."""
    auth = {"Authorization": f"Bearer {token}"}
    made: dict[str, str] = {}
    with httpx.Client(base_url=server.url, headers=auth, timeout=30) as api:
        for kind, body in (
            (
                "requests",
                {
                    "kind": "rectification",
                    "email": "jan.jansen@example.nl",
                    "details": {"message": "Mijn telefoonnummer klopt niet."},
                },
            ),
            ("requests", {"kind": "erasure", "email": "jan.jansen@example.nl"}),
            (
                "complaints",
                {"name": "Anna de Vries", "email": "anna@example.nl", "text": "Ik krijg spam."},
            ),
            (
                "breaches",
                {
                    "title": "Verkeerde bijlage",
                    "description": "Een export ging naar de verkeerde klant.",
                    "aware_at": "2026-01-05T09:00:00+01:00",
                    "categories": ["email"],
                    "subject_types": ["customer_contact"],
                },
            ),
        ):
            answer = api.post(f"/api/v1/admin/{kind}", json=body)
            assert answer.status_code == 200, (kind, answer.text)
            made.setdefault(kind, answer.json()["public_id"])
            made[f"{kind}:{body.get('kind', '')}"] = answer.json()["public_id"]
        statement = "\n\n".join(text for _, text in STATEMENT).encode("utf-8")
        answer = api.post(
            "/api/v1/admin/imports", files={"file": ("privacy.txt", statement, "text/plain")}
        )
        assert answer.status_code == 201, answer.text
        made["imports"] = answer.json()["id"]
    return made


def test_every_admin_page_passes_axe(server: Server, inbox: Inbox, browser: Any) -> None:
    del inbox
    token = _admin_token(server, "axe")
    made = _admin_data(server, token)
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    found: list[str] = []
    page.goto(server.url + "/admin")
    found += violations(page)  # the login page
    page.locator("input[name=token]").fill(token)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    checked = 1
    paths = [
        "/admin",
        "/admin/requests",
        "/admin/requests?show=all",
        f"/admin/requests/{made['requests:rectification']}",
        f"/admin/requests/{made['requests:erasure']}",
        "/admin/tasks",
        "/admin/complaints",
        f"/admin/complaints/{made['complaints']}",
        "/admin/breaches",
        "/admin/breaches/new",
        f"/admin/breaches/{made['breaches']}",
        f"/admin/breaches/{made['breaches']}/edit",
        f"/admin/breaches/{made['breaches']}/authority",
        "/admin/declaration",
        "/admin/declaration/cookies",
        "/admin/declaration/register",
        "/admin/settings",
        "/admin/me",
        "/admin/import",
        f"/admin/import/{made['imports']}",
        f"/admin/import/{made['imports']}?doc=register",
        f"/admin/import/{made['imports']}/review",
    ]
    for lang in ("nl", "en"):
        for path in paths:
            page.goto(server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert page.locator("input[name=token]").count() == 0, f"not logged in at {path}"
            assert page.locator("html").get_attribute("lang") == lang, path
            found += violations(page)
            checked += 1
    # A published version and its changes.
    page.goto(server.url + "/admin/declaration")
    publish = page.locator("form[action='/admin/declaration/publish'] button")
    if publish.count():
        publish.click()
        page.wait_for_load_state()
        page.goto(server.url + "/admin/declaration/versions/1")
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
    token = _admin_token(server, "nojs")
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
