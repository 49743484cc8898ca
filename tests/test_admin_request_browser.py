"""A rectification handled from the person's words to the letter, and an erasure
previewed before it is approved, in Chromium, in Dutch: ``waarborg serve`` on the demo
organisation (erasure under review from the start), the person in the privacy centre,
a member of staff on the admin page.

``WAARBORG_SCREENSHOTS=folder`` keeps the pictures, to look at them as a privacy
officer would: ``request-rectification-form-nl.png`` (the person's words),
``request-rectification-review-nl.png`` (the fields to correct),
``request-rectification-answered-nl.png`` (the outcome and the letter),
``request-erasure-preview-nl.png``, ``request-erasure-answered-nl.png`` and
``admin-settings-nl.png``.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from .requirements import launch
from .serving import free_port, start, stop

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.usefixtures("chromium")]

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
WORDS = (
    "Goedendag,\n\nMijn achternaam staat verkeerd in uw administratie: het is Janssen, "
    "met dubbel s, niet Jansen.\nWilt u dat aanpassen?\n\nMet vriendelijke groet,\nJan"
)


@dataclass
class Served:
    url: str
    env: dict[str, str]
    outbox: Path
    token: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """``waarborg serve`` on the demo organisation (no declaration configured), with an
    admin token for Anna."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
    env.update({"WAARBORG_DATA_DIR": str(tmp_path / "data"), "WAARBORG_SECRET_KEY": "s" * 40})
    server = start(env, free_port(), tmp_path / "serve.log")
    try:
        created = subprocess.run(
            [sys.executable, "-m", "waarborg", "admin", "token", "create", "anna"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        token = re.search(r"wbg_\S+", created.stdout)
        assert token, created.stdout
        yield Served(server.url, env, tmp_path / "data" / "outbox", token.group(0))
    finally:
        stop(server.process)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
            yield context.new_page()
        finally:
            browser.close()


def _mail(outbox: Path, to: str, path: str, timeout: float = 60.0) -> str:
    """The link to ``/{path}/`` in the newest letter to ``to`` in the outbox folder."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for file in sorted(outbox.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(
                file.read_bytes(), _class=EmailMessage, policy=default
            )
            if to not in str(message["To"]):
                continue
            body = message.get_body(("plain",))
            found = re.search(rf"https?://\S+/{path}/\S+", body.get_content() if body else "")
            if found:
                return found.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no /{path}/ link to {to} within {timeout} s")


def _file(page: Any, served: Served, kind: str, to: str, words: str | None = None) -> str:
    """The person files a request in the privacy centre and confirms it; the request's
    id, from the status link in the confirmation."""
    page.goto(f"{served.url}/nl/request/{kind}")
    page.fill("#field-email", to)
    if words is not None:
        page.fill("#field-message", words)
    return _confirm(page, served, to)


def _confirm(page: Any, served: Served, to: str) -> str:
    page.get_by_role("button").last.click()
    page.goto(_mail(served.outbox, to, "verify"))
    page.get_by_role("button", name="Ja, dit verzoek komt van mij").click()
    status = _mail(served.outbox, to, "requests")
    return status.split("/requests/")[1].split("?")[0]


def _open_when_waiting(page: Any, served: Served, public_id: str, timeout: float = 60.0) -> None:
    """Open the request page once the worker has put the request up for review."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(f"{served.url}/admin/requests/{public_id}")
        if "Wacht op uw beoordeling" in page.locator("dl.facts").inner_text():
            return
        time.sleep(0.5)
    raise AssertionError("the request never waited for review")


def _login(page: Any, served: Served) -> None:
    page.goto(f"{served.url}/admin")
    page.fill("#field-token", served.token)
    page.get_by_role("button", name="Inloggen").click()


def _sent(page: Any, timeout: float = 30.0) -> None:
    """Reload until the letter is sent by the worker."""
    deadline = time.monotonic() + timeout
    while "Verstuurd op" not in page.locator("#outcome ~ p").first.inner_text():
        if time.monotonic() > deadline:
            raise AssertionError("the letter was not sent")
        time.sleep(0.5)
        page.reload()


def test_a_rectification_from_the_persons_words_to_the_letter(
    served: Served, browser_page: Any, shots: Callable[[Any, str], None]
) -> None:
    page = browser_page
    page.goto(f"{served.url}/nl/request/rectification")
    page.fill("#field-email", JAN)
    page.fill("#field-message", WORDS)
    shots(page, "request-rectification-form-nl")
    public_id = _confirm(page, served, JAN)

    _login(page, served)
    _open_when_waiting(page, served, public_id)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("div.words").inner_text() == WORDS
    contacts = page.locator("table.fields").first
    assert "Voornaam" in contacts.inner_text() and "Jansen" in contacts.inner_text()
    contacts.get_by_label("Achternaam").fill("Janssen")
    shots(page, "request-rectification-review-nl")

    page.get_by_role("button", name="Verbeteren en de persoon antwoorden").click()
    assert "het verzoek is goedgekeurd en uitgevoerd" in page.locator("div.success").inner_text()
    _sent(page)
    outcome = page.locator("ul.outcome").inner_text()
    assert "Achternaam (nu: “Janssen”)" in outcome
    letter = page.locator("div.letter").inner_text()
    assert "hebben wij deze gegevens van u aangepast (artikel 16 AVG)" in letter
    shots(page, "request-rectification-answered-nl")


def test_an_erasure_is_previewed_before_it_is_approved(
    served: Served, browser_page: Any, shots: Callable[[Any, str], None]
) -> None:
    page = browser_page
    _login(page, served)
    page.goto(f"{served.url}/admin/settings")
    assert page.get_by_label("Verwijderen").is_checked()  # the demo's start
    shots(page, "admin-settings-nl")

    public_id = _file(page, served, "erasure", PIET)
    _open_when_waiting(page, served, public_id)
    preview = page.locator("#preview ~ table.preview").first.inner_text()
    assert "Verwijderd" in preview and "Bewaard" in preview
    assert "Wettelijke bewaarplicht" in preview
    shots(page, "request-erasure-preview-nl")

    page.get_by_role("button", name="Goedkeuren en uitvoeren").click()
    assert "het verzoek is goedgekeurd en uitgevoerd" in page.locator("div.success").inner_text()
    _sent(page)
    assert "Deze gegevens hebben wij niet gewist" in page.locator("div.letter").inner_text()
    shots(page, "request-erasure-answered-nl")
