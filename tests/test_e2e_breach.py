"""End to end in a real browser, in Dutch, with JavaScript switched off: a privacy
officer logs in to ``waarborg serve``, records a breach (the form first refused with
its problems named), ticks the data and the people from the declaration, decides on
the risk (refused without a choice), opens the answers for the AP's form, and
downloads them and the register as CSV through the links on the pages. Screenshots
go to WAARBORG_SCREENSHOTS or the test's folder.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .requirements import launch
from .test_e2e_browser import Server, inbox, server

__all__ = ["inbox", "server"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.usefixtures("chromium")
def test_a_breach_recorded_decided_and_ready_for_the_ap_in_a_real_browser(
    server: Server, tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    token = subprocess.run(
        [sys.executable, "-m", "waarborg", "admin", "token", "create", "privacy"],
        env=server.env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    noticed = datetime.now(ZoneInfo("Europe/Amsterdam")) - timedelta(hours=5)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL",
                java_script_enabled=False,
                viewport={"width": 1100, "height": 900},
                accept_downloads=True,
            )
            page = context.new_page()
            page.goto(server.url + "/admin/breaches")
            page.get_by_label("Beheertoken").fill(token)
            page.get_by_role("button", name="Inloggen").click()
            page.goto(server.url + "/admin/breaches")
            expect(page.locator("h1")).to_have_text("Register van datalekken")
            page.get_by_role("link", name="Een datalek vastleggen").click()
            expect(page.locator("h1")).to_have_text("Een datalek vastleggen")

            page.get_by_role("button", name="Datalek vastleggen").click()  # empty
            summary = page.locator(".error-summary")
            expect(summary).to_contain_text("Geef het datalek een titel.")
            expect(summary).to_contain_text("Vul in wanneer u het datalek ontdekte")
            shots(page, "40-breach-form-errors-nl")

            page.get_by_label("Titel").fill("Offerte naar de verkeerde klant")
            page.get_by_label("Wat is er gebeurd?").fill(
                "Een offerte met naam, e-mailadres en prijzen van klant A is per e-mail naar "
                "klant B gestuurd."
            )
            page.get_by_label("Naar de verkeerde ontvanger gestuurd").check()
            page.get_by_label("Vertrouwelijkheid (ingezien of gedeeld)").check()
            page.get_by_label("Ontdekt op").fill(
                noticed.replace(tzinfo=None).isoformat("T", "minutes")
            )
            page.get_by_label("Naam", exact=True).check()
            page.get_by_label("E-mailadres", exact=True).check()
            page.get_by_label("Andere persoonsgegevens, namelijk").fill("Offertebedragen")
            page.get_by_label("Klanten en contactpersonen van klanten").check()
            page.get_by_label("Aantal mensen (ongeveer)").fill("1")
            page.locator("#cross_border-no").check()
            page.get_by_label("Wat kunnen de gevolgen voor de betrokkenen zijn?").fill(
                "Klant B kent de prijzen en het e-mailadres van klant A."
            )
            page.get_by_label("Welke maatregelen heeft u genomen of gaat u nemen?").fill(
                "Klant B gevraagd de e-mail te verwijderen; hij bevestigde dat schriftelijk."
            )
            shots(page, "41-breach-form-nl")
            page.get_by_role("button", name="Datalek vastleggen").click()
            expect(page.locator(".success")).to_contain_text("Het datalek is vastgelegd.")
            expect(page.locator("h1")).to_have_text("Offerte naar de verkeerde klant")
            expect(page.locator("dl.facts")).to_contain_text("Naam, e-mailadres en offertebedragen")
            shots(page, "42-breach-recorded-nl")

            page.get_by_label("Onderbouwing").fill("Alleen naam, e-mailadres en prijzen.")
            page.get_by_role("button", name="Besluit vastleggen").click()  # no risk chosen
            expect(page.locator(".error-summary")).to_contain_text(
                "Risico voor de betrokkenen: kies geen risico, risico of hoog risico."
            )
            expect(page.get_by_label("Onderbouwing")).to_have_value(
                "Alleen naam, e-mailadres en prijzen."
            )
            shots(page, "43-breach-risk-required-nl")
            page.get_by_label("Risico", exact=True).check()
            page.get_by_role("button", name="Besluit vastleggen").click()
            expect(page.locator(".success")).to_contain_text("Het besluit is vastgelegd.")

            page.get_by_role("link", name="De antwoorden voor het meldformulier bekijken").click()
            expect(page.locator("h1")).to_have_text("Antwoorden voor het meldformulier datalekken")
            expect(page.locator("dl.answers").first).to_contain_text("Studio Denkbeeldig B.V.")
            expect(page.locator("main")).to_contain_text("Nog niet vastgelegd")
            shots(page, "44-breach-authority-nl")
            with page.expect_download() as text_file:
                page.get_by_role("link", name="Alle antwoorden als tekstbestand").click()
            answers = Path(text_file.value.path()).read_text("utf-8")
            assert "Melding datalek: Offerte naar de verkeerde klant" in answers
            assert "Soorten persoonsgegevens\n    Naam, e-mailadres en offertebedragen" in answers

            page.goto(server.url + "/admin/breaches")
            expect(page.locator("table.breaches")).to_contain_text("Nog melden bij de AP")
            shots(page, "45-breach-register-nl")
            with page.expect_download() as spreadsheet:
                page.get_by_role("link", name="Het register downloaden als CSV-bestand").click()
            assert spreadsheet.value.suggested_filename == "datalekken.csv"
            register = Path(spreadsheet.value.path()).read_text("utf-8")
            assert register.startswith("Kenmerk,Titel,Ontdekt op,")
            assert "Offerte naar de verkeerde klant" in register
        finally:
            browser.close()
