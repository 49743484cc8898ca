"""The declaration in the admin, in Chromium with JavaScript off, in Dutch: a member of
staff finds the statement held back by an error with the findings beside it; version 1
is published from the command line (as CI does); after a change the member of staff
publishes version 2 with the button and reads what changed; the privacy centre serves
version 2 and keeps version 1 at its own address. Screenshots go to
WAARBORG_SCREENSHOTS or the test's folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waarborg.demo import ensure_demo

from .requirements import launch
from .serving import serve_env, serving
from .test_admin_declaration import CHANGED, FAULTY
from .test_e2e_centre_pages import _check

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _variant(source: Path, name: str, changes: tuple[tuple[str, str], ...]) -> Path:
    content = source.read_text("utf-8")
    for old, new in changes:
        assert content.count(old) == 1, old
        content = content.replace(old, new)
    path = source.with_name(name)
    path.write_text(content, "utf-8")
    return path


def _folder(tmp_path: Path) -> Path:
    """Where ``shots`` puts its screenshots, for those of a part of a page."""
    return Path(os.environ.get("WAARBORG_SCREENSHOTS") or tmp_path / "screenshots")


def _waarborg(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "waarborg", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.usefixtures("chromium")
def test_the_declaration_and_its_versions_in_a_real_browser(
    tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    demo = ensure_demo(tmp_path / "demo")
    faulty = _variant(demo, "faulty.yaml", FAULTY)
    changed = _variant(demo, "changed.yaml", CHANGED)
    data = tmp_path / "data"
    env = serve_env(data, faulty, outbox_dir=str(tmp_path / "outbox"))
    token = _waarborg(env, "admin", "token", "create", "femke").strip()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL", java_script_enabled=False, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            with serving(env, tmp_path / "serve-faulty.log") as served:
                page.goto(served.url + "/admin/declaration?lang=nl")
                page.get_by_label("Beheertoken").fill(token)
                page.get_by_role("button", name="Inloggen").click()
                page.goto(served.url + "/admin/declaration?lang=nl")
                _check(page, "nl")
                expect(page.locator("section.publish")).to_contain_text(
                    "De privacyverklaring kan niet worden gepubliceerd, want de controle vindt "
                    "er 1 fout in."
                )
                expect(page.get_by_role("button", name="Publiceer als versie 1")).to_have_count(0)
                findings = page.locator("aside.findings")
                expect(findings).to_contain_text("De privacyverklaring noemt alle rechten")
                expect(findings).to_contain_text("art. 13 lid 2 sub b AVG")
                expect(findings).to_contain_text("faulty.yaml, regel")
                frame = page.frame_locator("iframe.document-frame")
                expect(frame.locator("h1")).to_contain_text("Privacyverklaring van Studio")
                expect(frame.locator(".draft-mark")).to_contain_text("CONCEPT")
                shots(page, "60-admin-declaration-findings-nl")
                page.get_by_role("link", name="Register van verwerkingsactiviteiten").click()
                _check(page, "nl")
                expect(page.locator("aside.findings")).to_contain_text("belangenafweging")
                shots(page, "61-admin-declaration-register-nl")

            # Version 1 from the command line, as a CI job would publish it.
            published = _waarborg(env, "publish", str(demo))
            assert "published version 1" in published

            env = serve_env(data, changed, outbox_dir=str(tmp_path / "outbox"))
            with serving(env, tmp_path / "serve-changed.log") as served:
                page.goto(served.url + "/admin/declaration?lang=nl")
                _check(page, "nl")
                expect(page.locator("section.panel")).to_contain_text(
                    "wijkt daarvan af: wat hieronder staat, is nog niet"
                )
                page.get_by_role("button", name="Publiceer als versie 2").click()
                expect(page.locator(".success")).to_have_text(
                    "Versie 2 is gepubliceerd. Het privacycentrum toont nu deze versie."
                )
                shots(page, "62-admin-declaration-published-nl")
                page.get_by_role("link", name="Wijzigingen in versie 2").click()
                _check(page, "nl")
                changes = page.locator("div.changes")
                expect(changes.locator("ins").first).to_be_visible()
                expect(changes).to_contain_text("twee maanden")
                expect(page.locator("p.lead")).to_contain_text("alinea")
                shots(page, "63-admin-declaration-version-changes-nl")

                page.goto(served.url + "/nl/privacy")
                _check(page, "nl")
                expect(page.locator("#versions")).to_contain_text("Versie 1, gepubliceerd op")
                expect(page.locator("main")).to_contain_text("eens per twee maanden")
                page.locator("#versions").screenshot(
                    path=str(_folder(tmp_path) / "65-centre-versions-nl.png")
                )
                page.get_by_role("link", name="Versie 1, gepubliceerd op", exact=False).click()
                _check(page, "nl")
                expect(page.locator(".version-note")).to_contain_text("Dit is een eerdere versie")
                expect(page.locator("main")).to_contain_text("eens per maand")
                shots(page, "64-centre-earlier-version-nl")
                page.screenshot(
                    path=str(_folder(tmp_path) / "66-centre-earlier-version-top-nl.png")
                )
        finally:
            browser.close()
