"""The overview in a real Chromium, in Dutch, on the demo organisation with data in it:
requests (one overdue, one due soon, one under review), complaints, a breach whose 72
hours run, consent given and withdrawn over twelve weeks, a retention run of each kind
and a checked audit log. ``waarborg serve`` serves it; the browser runs without
JavaScript, as a member of staff's may. ``WAARBORG_SCREENSHOTS=folder`` keeps the
picture (``admin-overview-nl.png``) to read it as a privacy officer would."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from waarborg import clock
from waarborg.consent import ledger
from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.registers.breaches import Breaches
from waarborg.registers.complaints import Complaints
from waarborg.store import Database, admin_tokens, migrate
from waarborg.store.enums import ConsentState, TokenScope
from waarborg.web import create_app
from waarborg.worker import JOBS, Runner, Services

from .requirements import launch
from .serving import serve_env, serving
from .webclient import Centre, make_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("chromium")]

SECRET = "s" * 40  # the key serve_env gives the server: checkpoints signed here hold there
REVIEW = "access,erasure"


def _seed(data: Path, declaration_file: Path, now: datetime) -> str:
    """Put a few weeks of work into the demo's store; returns an admin token."""
    declaration = load(declaration_file)
    settings = make_settings(
        data.parent, f"sqlite:///{data / 'waarborg.db'}", data_dir=data, secret_key=SECRET
    )
    settings = settings.model_copy(update={"review": REVIEW.split(",")})
    migrate(settings.database_url)
    database = Database(settings.database_url)
    app = create_app(settings, declaration, database=database)
    from fastapi.testclient import TestClient

    rng = random.Random(7)
    with TestClient(app, base_url="http://testserver") as client:
        centre = Centre(client, database, settings, app)
        shared = app.state.web
        complaints = Complaints(database, declaration, settings)
        breaches = Breaches(database, declaration, settings)
        runner = Runner(Services.build(database, declaration, settings), JOBS)
        # consent over twelve weeks: the newsletter and the two kinds of cookies
        start = now - timedelta(weeks=12)
        for index in range(140):
            moment = start + timedelta(seconds=rng.randrange(12 * 7 * 86400))
            purpose = rng.choice(
                ["newsletter", "newsletter", "cookie:analytics", "cookie:marketing"]
            )
            state = ConsentState.WITHDRAWN if rng.random() < 0.22 else ConsentState.GIVEN
            subject = f"p{index}@example.nl" if purpose == "newsletter" else f"visitor:{index}"
            with clock.frozen(moment), database.write() as session:
                ledger.record(
                    session,
                    subject,
                    [ledger.Choice(purpose, state, "web_form", notice_hash="0" * 64)],
                )
        with clock.frozen(now - timedelta(weeks=5)) as advance:
            centre.verified("access", "piet.bakker@example.com")  # five weeks: overdue
            advance(timedelta(days=12))
            centre.verified("erasure", "sanne.devries@example.nl")  # due in five days
            complaints.file(
                name="Karin de Boer",
                email="karin@example.nl",
                text="Ik kreeg uw nieuwsbrief nog na mijn afmelding.",
                channel="email",
                actor="admin:femke",
                acknowledge=False,
            )
            advance(timedelta(days=10))
            runner.run_now("retention")
            runner.run_now("own-retention")
            runner.tick("audit-checkpoint")
            advance(timedelta(days=10))
            runner.run_now("own-retention")
            complaints.file(
                name="Ahmed Yilmaz",
                email="ahmed@example.nl",
                text="Mag ik weten welke gegevens u van mij heeft?",
                channel="post",
                actor="admin:femke",
                acknowledge=False,
            )
            advance(now - clock.now())
            breaches.record(
                {
                    "title": "Laptop met klantgegevens gestolen uit de auto",
                    "description": "De laptop was niet versleuteld.",
                    "aware_at": now - timedelta(hours=30),
                },
                actor="admin:femke",
            )
            centre.verified(
                "rectification",
                "jan.jansen@example.nl",
                message="Mijn achternaam is Jansen-de Vries.",
            )
            shared.requests.process_due()  # each waits for review
            runner.run_now("retention")
            runner.run_now("own-retention")
            runner.tick("audit-checkpoint")
        with database.write() as session:
            _row, token = admin_tokens.create(session, "femke", TokenScope.ADMIN)
    database.dispose()
    return token


def test_the_overview_in_dutch_in_chromium(
    tmp_path: Path, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    data = tmp_path / "data"
    declaration = ensure_demo(tmp_path / "demo")
    now = datetime.now(UTC).replace(microsecond=0)
    token = _seed(data, declaration, now)
    env = serve_env(data, declaration, review=REVIEW)
    with serving(env, tmp_path / "serve.log") as served, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                locale="nl-NL", viewport={"width": 1280, "height": 900}, java_script_enabled=False
            )
            page = context.new_page()
            page.goto(served.url + "/admin")
            page.get_by_label("Beheertoken").fill(token)
            page.get_by_role("button", name="Inloggen").click()
            expect(page.locator("h1")).to_have_text("Waar staan we?")
            requests = page.locator("#requests")
            expect(requests).to_contain_text("3 open verzoeken")
            expect(requests).to_contain_text("1 over de termijn")
            expect(requests).to_contain_text("Wacht op uw beoordeling")
            expect(page.locator("#registers")).to_contain_text("nog 41 uur")
            expect(page.locator("#registers")).to_contain_text("2 open klachten")
            charts = page.locator("#consents svg[role=img]")
            expect(charts).to_have_count(3)
            expect(page.locator("#retention")).to_contain_text("De eigen gegevens van Waarborg")
            expect(page.locator("#audit")).to_contain_text("klopte de keten")
            shots(page, "admin-overview-nl")
            # the request list moved, and the overview links to it
            page.get_by_role("link", name="Alle open verzoeken").click()
            expect(page.locator("h1")).to_have_text("Open verzoeken")
        finally:
            browser.close()
