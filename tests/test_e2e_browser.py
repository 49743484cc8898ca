"""End to end in a real browser: ``waarborg serve`` on the demo organisation, a real SMTP
server (aiosmtpd), and Debian's Chromium driven by Playwright.

A person files an access request for jan.jansen@example.nl in the Dutch privacy
centre, reads the verification e-mail, confirms, waits for the answer, downloads the
export with the link from the answer e-mail, and finds exactly their rows of the demo
CRM in it. Screenshots of the pages (Dutch and English) go to WAARBORG_SCREENSHOTS,
or to the test's temporary folder.
"""

from __future__ import annotations

import email
import io
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from waarborg.demo import CRM_FILE, ensure_demo

from .requirements import launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JAN = "jan.jansen@example.nl"


@dataclass
class Inbox:
    """What the SMTP server received."""

    envelopes: list[Envelope] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def wait_for(self, subject_part: str, timeout: float = 60.0) -> EmailMessage:
        """The first message whose subject holds ``subject_part``, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for envelope in list(self.envelopes):
                message = email.message_from_bytes(
                    envelope.original_content or b"", _class=EmailMessage, policy=default
                )
                if subject_part in str(message["Subject"]):
                    return message
            time.sleep(0.2)
        subjects = [
            str(email.message_from_bytes(e.original_content or b"", policy=default)["Subject"])
            for e in self.envelopes
        ]
        raise AssertionError(f"no mail about {subject_part!r} within {timeout} s: {subjects}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _link(message: EmailMessage, path: str) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(rf"http://127\.0\.0\.1:\d+/{path}/\S+", body.get_content())
    assert found, f"no /{path}/ link in {message['Subject']!r}"
    return found.group(0)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    found = Inbox(port=_free_port())
    controller = Controller(found, hostname="127.0.0.1", port=found.port)
    controller.start()
    try:
        yield found
    finally:
        controller.stop()


@dataclass
class Server:
    url: str
    env: dict[str, str]
    crm: Path


@pytest.fixture
def server(tmp_path: Path, inbox: Inbox) -> Iterator[Server]:
    """``waarborg serve`` for real, in a process of its own, on a free port."""
    declaration = ensure_demo(tmp_path / "demo")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
    env["WAARBORG_STRICT_WORDING"] = "1"  # a missing translation fails here too
    env.update(
        {
            "WAARBORG_DATA_DIR": str(tmp_path / "data"),
            "WAARBORG_DECLARATION": str(declaration),
            "WAARBORG_BASE_URL": url,
            "WAARBORG_SMTP_HOST": "127.0.0.1",
            "WAARBORG_SMTP_PORT": str(inbox.port),
            "WAARBORG_SMTP_STARTTLS": "false",
            "WAARBORG_MAIL_FROM": "Studio Denkbeeldig <privacy@studio-denkbeeldig.example>",
        }
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "waarborg", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/nl/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    "waarborg serve did not start:\n" + (tmp_path / "serve.log").read_text()
                )
            time.sleep(0.2)
        yield Server(url, env, tmp_path / "demo" / CRM_FILE)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _same(exported: Any, stored: Any) -> bool:
    if exported is None or stored is None:
        return exported is None and stored is None
    if isinstance(exported, str) and isinstance(stored, str) and exported != stored:
        try:
            return datetime.fromisoformat(exported) == datetime.fromisoformat(stored)
        except ValueError:
            return False
    return str(exported) == str(stored)


def _check_export(archive: bytes, crm: Path) -> dict[str, list[dict[str, Any]]]:
    """Every exported row is a row of the CRM, value for value; and the person's own
    rows in the tables keyed on them are all there."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        names = zipped.namelist()
        data: dict[str, list[dict[str, Any]]] = json.loads(zipped.read("data.json"))["data"]
    assert "inzage.html" in names and "contacts.csv" in names and "contacts.json" in names
    with sqlite3.connect(crm) as connection:
        connection.row_factory = sqlite3.Row

        def ids(query: str, *args: Any) -> set[int]:
            return {int(row[0]) for row in connection.execute(query, args)}

        contacts = ids("SELECT id FROM contacts WHERE email = ?", JAN)
        assert contacts, "the demo CRM knows Jan"
        marks = ",".join("?" * len(contacts))
        expected = {
            "contacts": contacts,
            "newsletter_subscribers": ids(
                "SELECT id FROM newsletter_subscribers WHERE email = ?", JAN
            ),
            "website_visits": ids(
                f"SELECT id FROM website_visits WHERE contact_id IN ({marks})", *contacts
            ),
            "projects": ids(f"SELECT id FROM projects WHERE contact_id IN ({marks})", *contacts),
        }
        for table, wanted in expected.items():
            assert {row["id"] for row in data[table]} == wanted, table
        checked = 0
        for table, rows in data.items():
            for row in rows:
                stored = connection.execute(
                    f'SELECT * FROM "{table}" WHERE id = ?', (row["id"],)
                ).fetchone()
                assert stored is not None, (table, row["id"])
                for column, value in row.items():
                    assert _same(value, stored[column]), (table, row["id"], column)
                    checked += 1
        assert checked > 50
    return data


@pytest.mark.usefixtures("chromium")
def test_an_access_request_in_a_real_browser(
    server: Server, inbox: Inbox, shots: Callable[[Any, str], None], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                accept_downloads=True, locale="nl-NL", viewport={"width": 1100, "height": 900}
            )
            page = context.new_page()
            page.goto(server.url + "/")
            assert page.url == server.url + "/nl/"
            expect(page.locator("h1")).to_have_text("Uw rechten over uw persoonsgegevens")
            shots(page, "01-home-nl")

            page.get_by_role("link", name="Inzage aanvragen").click()
            expect(page.locator("h1")).to_have_text("Recht op inzage")
            page.get_by_role("button", name="Verzoek versturen").click()  # empty: an error
            expect(page.locator(".error-summary")).to_be_visible()
            shots(page, "02-form-error-nl")
            page.get_by_label("Uw e-mailadres").fill(JAN)
            shots(page, "03-form-nl")
            page.get_by_role("button", name="Verzoek versturen").click()
            expect(page.locator("h1")).to_have_text("Kijk in uw e-mail")
            shots(page, "04-sent-nl")

            verification = inbox.wait_for("Bevestig uw verzoek")
            assert verification["To"] == JAN
            page.goto(_link(verification, "verify"))
            expect(page.locator("h1")).to_have_text("Bevestig uw verzoek")
            shots(page, "05-verify-nl")
            page.get_by_role("button", name="Ja, dit verzoek komt van mij").click()
            expect(page.locator("h1")).to_have_text("Uw verzoek is bevestigd")
            shots(page, "06-verified-nl")

            received = inbox.wait_for("ontvangen")
            page.goto(_link(received, "requests"))
            deadline = time.monotonic() + 60
            while "Beantwoord" not in page.locator("dl.facts").inner_text():
                assert time.monotonic() < deadline, "the worker did not answer in time"
                time.sleep(0.5)
                page.reload()
            shots(page, "07-status-nl")

            answered = inbox.wait_for("Antwoord op uw verzoek")
            page.goto(_link(answered, "download"))
            expect(page.locator("h1")).to_have_text("Uw gegevens downloaden")
            shots(page, "08-download-nl")
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download (zip)").click()
            saved = tmp_path / "export.zip"
            download_info.value.save_as(saved)
            exported = _check_export(saved.read_bytes(), server.crm)
            assert exported["contacts"][0]["email"] == JAN

            # The link worked once.
            page.goto(_link(answered, "download"))
            expect(page.locator("h1")).to_have_text("Deze link werkt niet (meer)")

            # The English side.
            english = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900})
            other = english.new_page()
            other.goto(server.url + "/")
            assert other.url == server.url + "/en/"
            shots(other, "10-home-en")
            other.goto(server.url + "/en/request/objection")
            shots(other, "11-objection-en")
            other.goto(server.url + "/en/request/restriction")
            shots(other, "12-restriction-en")
            other.goto(server.url + "/en/privacy")
            expect(other.locator("h1")).to_be_visible()
            shots(other, "13-statement-en")
            other.set_viewport_size({"width": 390, "height": 800})
            other.goto(server.url + "/en/")
            shots(other, "14-home-en-phone")

            # Staff see it answered on the admin page.
            token = subprocess.run(
                [sys.executable, "-m", "waarborg", "admin", "token", "create", "e2e"],
                env=server.env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            staff = english.new_page()
            staff.goto(server.url + "/admin?show=all")
            staff.get_by_label("Beheertoken").fill(token)  # the admin speaks Dutch first
            staff.get_by_role("button", name="Inloggen").click()
            staff.goto(server.url + "/admin/requests?show=all")
            expect(staff.locator("table.requests")).to_contain_text(JAN)
            shots(staff, "20-admin-list")
            staff.locator("table.requests a").first.click()
            expect(staff.locator("h1")).to_contain_text("Inzage: verzoek")  # staff: Dutch
            shots(staff, "21-admin-request")
        finally:
            browser.close()
