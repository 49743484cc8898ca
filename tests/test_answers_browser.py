"""The access report and the erasure letter of a demo person, in Dutch, in a real
Chromium: on screen and as printed. ``WAARBORG_SCREENSHOTS=folder`` keeps the
pictures (``access-report-nl.png``, ``access-report-nl-print.png``,
``erasure-letter-nl.png``) to read them as their reader would."""

from __future__ import annotations

import email
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.demo import KNOWN_PEOPLE
from waarborg.demo.build import build_demo
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.models import OutboxMessage

from . import answer_world as world
from .requirements import launch

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.usefixtures("chromium"),
]


@pytest.fixture
def page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 900})
            # Nothing may be loaded from elsewhere: the report stands on its own.
            context.route("http*://**", lambda route: route.abort())
            yield context.new_page()
        finally:
            browser.close()


def _answers(tmp_path: Path) -> tuple[str, str]:
    """Run an access and an erasure for the first demo person, in Dutch: the access
    report's HTML and the erasure letter's HTML part."""
    folder = tmp_path / "demo"
    build_demo(folder, today=START.date())
    declaration = load(folder / "privacy.yaml")
    url = f"sqlite:///{tmp_path / 'waarborg.db'}"
    migrate(url)
    person = KNOWN_PEOPLE[0].email
    with Database(url) as database, clock.frozen(START):
        settings = Settings(
            data_dir=tmp_path / "data",
            base_url="https://privacy.example.nl",
            secret_key="x" * 40,
            mail_from="privacy@example.nl",
        )
        requests = Requests(database, declaration, settings)
        try:
            access = world.run(requests, "access", person)
            view = requests.view(access)
            assert view is not None and view.outcome is not None
            with zipfile.ZipFile(view.outcome["export"]) as archive:
                report = archive.read("inzage.html").decode()
            world.run(requests, "erasure", person)
        finally:
            requests.close()
        with database.read() as session:
            raw = session.scalars(
                select(OutboxMessage.message)
                .where(OutboxMessage.kind == "answered")
                .order_by(OutboxMessage.id.desc())
            ).first()
    assert raw is not None
    message = email.message_from_bytes(raw, _class=EmailMessage, policy=default)
    html = message.get_body(("html",))
    assert html is not None
    return report, str(html.get_content())


def test_the_access_report_and_the_erasure_letter_in_chromium(
    page: Any, shots: Callable[[Any, str], None], tmp_path: Path
) -> None:
    report, letter = _answers(tmp_path)

    page.set_content(report)
    assert page.locator("h1").inner_text() == "Inzage in uw persoonsgegevens"
    headings = page.locator("h2").all_inner_texts()
    for heading in ("Uw gegevens", "Waarvoor wij uw gegevens gebruiken",
                    "Met wie wij uw gegevens delen", "Hoe lang wij uw gegevens bewaren",
                    "Waar uw gegevens vandaan komen", "Geautomatiseerde besluiten en profilering",
                    "Uw rechten", "Klacht"):  # fmt: skip
        assert heading in headings
    shots(page, "access-report-nl")
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()  # the contents are for the screen only
    shots(page, "access-report-nl-print")
    assert len(page.pdf(format="A4")) > 10_000  # it prints

    page.emulate_media(media="screen")
    page.set_content(letter)
    text = page.locator("body").inner_text()
    assert "hebben wij deze gegevens van u gewist" in text
    assert world.database_words(text, names=()) == []
    shots(page, "erasure-letter-nl")
