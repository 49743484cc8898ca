"""End to end in a real browser, with JavaScript switched off: a person complains in
the privacy centre of ``waarborg serve``, confirms the address with the link that
arrives by real SMTP (sent by the serve process's own worker), the receipt follows,
the status link shows the complaint, staff close it on the admin page, and the
closing letter names the Dutch AP (a breach recorded in the browser:
``test_e2e_breach``). Screenshots go to WAARBORG_SCREENSHOTS or the test's folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest

from .requirements import launch
from .test_e2e_browser import Inbox, Server, inbox, server

__all__ = ["inbox", "server"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANNA = "anna.devries@example.nl"


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


@pytest.mark.usefixtures("chromium")
def test_a_complaint_in_a_real_browser_without_javascript(
    server: Server, inbox: Inbox, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL", java_script_enabled=False, viewport={"width": 1000, "height": 900}
            )
            page = context.new_page()
            page.goto(server.url + "/nl/")
            page.get_by_role("link", name="Een klacht indienen bij Studio Denkbeeldig B.V.").click()
            expect(page.locator("h1")).to_have_text("Een klacht indienen")
            page.get_by_role("button", name="Klacht versturen").click()  # empty: errors
            expect(page.locator(".error-summary")).to_contain_text("niet anoniem")
            shots(page, "30-complaint-errors-nl")
            page.get_by_label("Uw naam").fill("Anna de Vries")
            page.get_by_label("Uw e-mailadres").fill(ANNA)
            page.get_by_label("Uw klacht").fill("Ik krijg nog steeds de nieuwsbrief.")
            shots(page, "31-complaint-form-nl")
            page.get_by_role("button", name="Klacht versturen").click()
            expect(page.locator("h1")).to_have_text("Kijk in uw e-mail")

            # The address gets a link and nothing else; only then is the complaint made.
            confirmation = inbox.wait_for("Bevestig uw e-mailadres om uw klacht te versturen")
            assert confirmation["To"] == ANNA
            assert "Anna de Vries" not in _text(confirmation)
            link = re.search(r"http://127\.0\.0\.1:\d+/complaint/confirm/\S+", _text(confirmation))
            assert link
            page.goto(link.group(0))
            page.get_by_role("button", name="Ja, deze klacht komt van mij").click()
            expect(page.locator("h1")).to_have_text("Wij hebben uw klacht ontvangen")

            receipt = inbox.wait_for("Wij hebben uw klacht ontvangen")
            assert receipt["To"] == ANNA
            found = re.search(r"http://127\.0\.0\.1:\d+/complaints/\S+", _text(receipt))
            assert found
            page.goto(found.group(0))
            expect(page.locator("dl.facts")).to_contain_text("In behandeling")
            shots(page, "32-complaint-status-nl")

            token = subprocess.run(
                [sys.executable, "-m", "waarborg", "admin", "token", "create", "e2e"],
                env=server.env, capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            staff = browser.new_context(locale="en-GB", java_script_enabled=False).new_page()
            staff.goto(server.url + "/admin/complaints")
            staff.get_by_label("Beheertoken").fill(token)
            staff.get_by_role("button", name="Inloggen").click()
            staff.goto(server.url + "/admin/complaints")
            expect(staff.locator("table.requests")).to_contain_text("Anna de Vries")
            shots(staff, "33-admin-complaints")
            staff.locator("table.requests a").first.click()
            staff.get_by_label("Afloop").select_option("upheld")
            staff.get_by_label("Uitkomst").fill("Wij hebben u van de lijst gehaald.")
            staff.get_by_role("button", name="Klacht afsluiten").click()
            expect(staff.locator(".success")).to_contain_text("afgesloten")
            shots(staff, "34-admin-complaint-closed")

            closed = inbox.wait_for("Wij sluiten uw klacht af")
            text = _text(closed)
            assert "Wij hebben u van de lijst gehaald." in text
            assert "Autoriteit Persoonsgegevens" in text and "Postbus 93374" in text
        finally:
            browser.close()
