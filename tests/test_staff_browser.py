"""The admin in Dutch in a real Chromium, without JavaScript: a member of staff logs
in on ``waarborg serve`` with requests, a complaint and a breach in its store, reads
the list of requests and sets their own choices on ``/admin/me``, by keyboard.
``WAARBORG_SCREENSHOTS=folder`` keeps the pictures (``40-admin-requests-nl.png``,
``41-admin-me-nl.png``, ``42-admin-complaint-nl.png``, ``43-admin-tasks-nl.png``)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.demo import KNOWN_PEOPLE, ensure_demo
from waarborg.registers import Breaches, Complaints
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate, staff

from .mailbox import delivered
from .requirements import launch
from .serving import free_port, serve_env, serving

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.usefixtures("chromium")]

ANNA = "anna@studio-denkbeeldig.example"
_VERIFY = re.compile(r"/verify/([^\s?]+)")


def _seed(declaration: Path, data_dir: Path, url: str, base_url: str) -> str:
    """A store with requests in several states, a complaint and a breach, and a member
    of staff with an address; returns the member's admin token."""
    settings = Settings(data_dir=data_dir, base_url=base_url, secret_key="s" * 40)
    organisation = load(declaration)
    migrate(url)
    jan, piet, sanne = (person.email for person in KNOWN_PEOPLE[:3])
    with Database(url) as database:
        token = subprocess.run(
            [sys.executable, "-m", "waarborg", "admin", "token", "create", "anna"],
            env=serve_env(data_dir, declaration, database_url=url),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        with database.write() as session:
            staff.change(session, staff.named(session, "anna").id, email=ANNA)
        requests = Requests(database, organisation, settings)

        def verified(kind: str, email: str, **details: Any) -> None:
            requests.file(kind=kind, email=email, details=details or None)
            link = delivered(database, "verification", email)[-1].get_body(("plain",))
            assert link is not None
            found = _VERIFY.search(str(link.get_content()))
            assert found
            assert requests.verify(found.group(1))

        with clock.frozen(clock.now() - timedelta(weeks=5)):
            verified("rectification", sanne, message="Mijn achternaam is De Vries-Bakker.")
        verified("access", jan)
        verified("erasure", piet)
        requests.file(kind="access", email=sanne)  # never confirmed (yet)
        # The worker's round, here and now: the page is read after it, not raced with it.
        requests.process_due()
        requests.close()
        Complaints(database, organisation, settings).file(
            name="Piet Bakker", email=piet, text="Ik word nog steeds gebeld.", channel="web"
        )
        Breaches(database, organisation, settings).record(
            {
                "title": "Offerte naar verkeerde klant",
                "description": "Een offerte ging naar een andere klant.",
                "aware_at": clock.now() - timedelta(hours=2),
            },
            actor="admin:bram",
        )
    return token


def test_a_member_of_staff_reads_the_requests_and_sets_their_choices_in_dutch(
    tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    declaration = ensure_demo(tmp_path / "demo")
    data_dir = tmp_path / "data"
    url = f"sqlite:///{data_dir / 'waarborg.db'}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    token = _seed(declaration, data_dir, url, base_url)
    env = serve_env(data_dir, declaration, database_url=url, base_url=base_url)
    with serving(env, tmp_path / "serve.log", port) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL", java_script_enabled=False, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.goto(server.url + "/admin/requests?show=all")
            expect(page.locator("h1")).to_have_text("Inloggen voor medewerkers")
            page.get_by_label("Beheertoken").fill(token)
            page.get_by_role("button", name="Inloggen").click()
            page.goto(server.url + "/admin/requests?show=all")
            table = page.locator("table.requests")
            expect(table).to_contain_text("Wacht op beoordeling")  # the rectification
            expect(table).to_contain_text("Beantwoord")  # the access request, by the worker's round
            expect(table).to_contain_text("Wacht op bevestiging van het e-mailadres")
            expect(page.locator("tr.overdue")).to_contain_text("te laat")
            expect(page.get_by_role("link", name="Verzoeken", exact=True)).to_have_attribute(
                "aria-current", "page"
            )
            shots(page, "40-admin-requests-nl")

            page.goto(server.url + "/admin/me")
            expect(page.locator("h1")).to_have_text("Mijn instellingen")
            expect(page.locator("table.requests")).to_contain_text("Er is een nieuwe klacht")
            expect(page.locator("table.requests")).to_contain_text("datalek")
            # By keyboard: no more deadline notices, then save.
            page.get_by_label("E-mailadres voor meldingen").focus()
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            deadline = page.get_by_label("een termijn bijna afloopt of is verstreken")
            expect(deadline).to_be_focused()
            page.keyboard.press("Space")
            page.get_by_role("button", name="Opslaan").press("Enter")
            expect(page.locator(".success")).to_contain_text("uw instellingen zijn opgeslagen")
            expect(
                page.get_by_label("een termijn bijna afloopt of is verstreken")
            ).not_to_be_checked()
            expect(page.get_by_label("er een klacht binnenkomt")).to_be_checked()
            shots(page, "41-admin-me-nl")

            # The complaint and the tasks speak Dutch too.
            page.goto(server.url + "/admin/complaints")
            page.locator("table.requests a").first.click()
            expect(page.locator("dl.facts")).to_contain_text("Privacycentrum")
            expect(page.locator("table.audit")).to_contain_text("Klacht ingediend")
            shots(page, "42-admin-complaint-nl")
            page.goto(server.url + "/admin/tasks")
            expect(page.locator("h1")).to_contain_text("artikel 19 AVG")
            shots(page, "43-admin-tasks-nl")
        finally:
            browser.close()
    with Database(url) as database, database.read() as session:
        assert staff.named(session, "anna").off == {"deadline"}
