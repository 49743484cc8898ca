"""The import in the admin, in Chromium with JavaScript off, in Dutch: a privacy officer
uploads the organisation's statement as a Word file, reads the draft (what was found,
the silences, the outdated term, the findings, the draft's statement as it would be
published and the review of the text), takes it as the declaration and is told it
applies after a restart, which the declaration page repeats. A file that cannot be read
is answered on the form. The import's pages pass axe-core. Screenshots go to
WAARBORG_SCREENSHOTS or the test's folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo

from .accessibility import violations
from .requirements import launch
from .serving import serve_env, serving
from .test_admin_import import as_docx

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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
def test_from_the_uploaded_file_to_the_draft_declaration_in_a_real_browser(
    tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    demo = ensure_demo(tmp_path / "demo")
    before = demo.read_text("utf-8")
    statement = tmp_path / "privacyverklaring.docx"
    statement.write_bytes(as_docx())
    broken = tmp_path / "privacyverklaring.pdf"
    broken.write_bytes(b"%PDF-1.4 dit is geen echte PDF")
    env = serve_env(tmp_path / "data", demo, outbox_dir=str(tmp_path / "outbox"))
    token = _waarborg(env, "admin", "token", "create", "femke").strip()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL", java_script_enabled=False, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            with serving(env, tmp_path / "serve.log") as served:
                page.goto(served.url + "/admin/import?lang=nl")
                page.get_by_label("Beheertoken").fill(token)
                page.get_by_role("button", name="Inloggen").click()
                page.goto(served.url + "/admin/declaration")
                expect(page.locator("section.panel")).not_to_contain_text("verklaringsbestand")
                page.get_by_role("link", name="Importeren", exact=True).click()
                expect(page.locator("h1")).to_have_text("Privacyverklaring importeren")
                expect(page.get_by_role("link", name="Importeren", exact=True)).to_have_attribute(
                    "aria-current", "page"
                )

                # A file that cannot be read: the form says why, in Dutch.
                page.get_by_label("Bestand met de privacyverklaring").set_input_files(str(broken))
                page.get_by_role("button", name="Inlezen en controleren").click()
                expect(page.locator(".error-summary")).to_contain_text("privacyverklaring.pdf")
                expect(page.locator(".error-summary")).to_contain_text("Dat lukte niet")
                shots(page, "70-admin-import-unreadable-nl")

                # The statement as a Word file.
                page.get_by_label("Bestand met de privacyverklaring").set_input_files(
                    str(statement)
                )
                shots(page, "71-admin-import-form-nl")
                page.get_by_role("button", name="Inlezen en controleren").click()
                expect(page.locator("h1")).to_have_text("Concept-verklaring")
                expect(page).to_have_url(re.compile(r"/admin/import/\d{8}T\d{6}Z-[0-9a-f]{8}$"))
                expect(page.locator("p.lead")).to_contain_text(
                    "Ingelezen uit privacyverklaring.docx"
                )
                found = page.locator("table.found")
                expect(found).to_contain_text("Bakkerij De Korenschoof B.V.")
                expect(found).to_contain_text("privacy@korenschoof.nl")
                expect(page.locator("ul.outdated")).to_contain_text("bewerkersovereenkomst")
                findings = page.locator("aside.findings")
                expect(findings).to_contain_text("In dit concept vindt de controle")
                expect(findings.locator(".badge-error").first).to_have_text("Fout")
                frame = page.frame_locator("iframe.document-frame").first
                expect(frame.locator("h1")).to_contain_text("Bakkerij De Korenschoof")
                expect(frame.locator(".draft-mark")).to_contain_text("CONCEPT")
                review = page.frame_locator("iframe.document-frame").last
                expect(review.locator("mark").first).to_be_visible()
                shots(page, "72-admin-import-draft-nl")
                page.get_by_role("link", name="Register van verwerkingsactiviteiten").click()
                expect(
                    page.get_by_role("link", name="Register van verwerkingsactiviteiten")
                ).to_have_attribute("aria-current", "page")
                shots(page, "73-admin-import-draft-register-nl")

                # Take it: the file is written, the old one kept, nothing live yet.
                page.get_by_role("button", name="Overnemen als onze verklaring").click()
                success = page.locator(".success")
                expect(success).to_contain_text("Het concept is opgeslagen als privacy.yaml.")
                expect(success).to_contain_text("Het vorige bestand is bewaard als privacy.")
                expect(success).to_contain_text("geldt zodra Waarborg opnieuw is gestart")
                shots(page, "74-admin-import-taken-nl")
                page.get_by_role("link", name="Verklaring", exact=True).click()
                expect(page.locator("section.panel")).to_contain_text(
                    "Er staat een nieuwer verklaringsbestand klaar"
                )
                shots(page, "75-admin-declaration-waiting-nl")

                # axe-core on the import's pages (it needs JavaScript, and its script
                # is let in past the pages' policy).
                checking = browser.new_context(locale="nl-NL", bypass_csp=True)
                axe = checking.new_page()
                axe.goto(served.url + "/admin/import")
                axe.get_by_label("Beheertoken").fill(token)
                axe.get_by_role("button", name="Inloggen").click()
                problems: list[str] = []
                imports = served.url + "/admin/import"
                axe.goto(imports)
                problems += violations(axe)
                link = axe.locator("table.versions a").first.get_attribute("href")
                assert link is not None
                for path in (link, link + "?doc=cookies", link + "/review"):
                    for lang in ("nl", "en"):
                        axe.goto(served.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
                        problems += violations(axe)
                checking.close()
                assert problems == [], "\n".join(problems)
        finally:
            browser.close()

    kept = [
        p for p in demo.parent.iterdir() if re.fullmatch(r"privacy\.\d{8}T\d{6}Z\.yaml", p.name)
    ]
    assert len(kept) == 1 and kept[0].read_text("utf-8") == before
    assert load(demo).controller.name == "Bakkerij De Korenschoof B.V."
