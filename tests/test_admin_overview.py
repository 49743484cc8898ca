"""The admin's overview at ``/admin``: where do we stand? Each figure is checked against
what was put in (on SQLite and PostgreSQL), the consent chart's SQL against a count by
hand, the checker's findings against their cache, and the retention runs and the
audit log's state against what the worker recorded."""

from __future__ import annotations

import html
import itertools
import os
import random
import re
import shutil
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from waarborg import clock, i18n
from waarborg.consent import figures, ledger
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.registers.breaches import Breaches
from waarborg.registers.complaints import Complaints
from waarborg.store import Database, admin_tokens, staff
from waarborg.store.enums import ConsentState
from waarborg.store.models import AuditEntry
from waarborg.web.admin import overview_data as overview
from waarborg.worker import JOBS, Runner, Services

from .webclient import Centre, centre_with

ZONE = ZoneInfo("Europe/Amsterdam")
#: A Wednesday morning.
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
SANNE = "sanne.devries@example.nl"
GIVEN, WITHDRAWN = ConsentState.GIVEN, ConsentState.WITHDRAWN


def words(page: str) -> str:
    """The text of the page's main part as a person reads it: no tags, one space
    between words (the chart's title and description left out)."""
    body = page.split('<main id="main"', 1)[-1]
    body = re.sub(r"<(title|desc)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def section(page: str, name: str) -> str:
    """The text of one part of the overview."""
    found = re.search(rf'<section[^>]*id="{name}".*?</section>', page, re.S)
    assert found, f"no section {name}"
    return words(found.group(0))


def _consent(database: Database, subject: str, purpose: str, state: ConsentState) -> None:
    with database.write() as session:
        ledger.record(
            session, subject, [ledger.Choice(purpose, state, "web_form", notice_hash="0" * 64)]
        )


def _fill(centre: Centre) -> None:
    """Requests, complaints, breaches and consent, at known moments before NOW."""
    shared = centre.app.state.web
    with clock.frozen(NOW - timedelta(weeks=5)) as advance:
        centre.verified("access", PIET)  # due NOW - 1 week: overdue
        advance(timedelta(weeks=5) - timedelta(days=23))
        centre.verified("erasure", SANNE)  # due NOW + 5 days: soon
        complaints = Complaints(centre.database, shared.declaration, shared.settings)
        breaches = Breaches(centre.database, shared.declaration, shared.settings)
        complaints.file(
            name="Karin de Boer",
            email="karin@example.nl",
            text="U heeft mijn gegevens doorgegeven.",
            channel="email",
            actor="admin:staff",
            received_at=NOW - timedelta(days=30),  # answer due NOW - 2 days
            acknowledge=False,
        )
        for subject in ("a@example.nl", "b@example.nl", "c@example.nl"):
            _consent(centre.database, subject, "newsletter", GIVEN)  # the week of 2 March
        advance(timedelta(days=21))  # NOW - 2 days
        complaints.file(
            name="Ahmed Yilmaz",
            email="ahmed@example.nl",
            text="Ik kreeg geen antwoord.",
            channel="post",
            actor="admin:staff",
            acknowledge=False,
        )
        _consent(centre.database, "visitor:v1", "cookie:analytics", GIVEN)
        _consent(centre.database, "visitor:v2", "cookie:analytics", GIVEN)
        advance(timedelta(days=2))  # NOW
        for hours, title in ((80, "Verloren usb-stick"), (30, "Laptop gestolen")):
            breaches.record(
                {
                    "title": title,
                    "description": "Zonder versleuteling.",
                    "aware_at": NOW - timedelta(hours=hours),
                },
                actor="admin:staff",
            )
        centre.verified("rectification", JAN, message="Mijn achternaam is Jansen-de Vries.")
        _consent(centre.database, "a@example.nl", "newsletter", WITHDRAWN)


# --- the page -----------------------------------------------------------------------------


def test_the_overview_needs_a_login(centre: Centre) -> None:
    for path in ("/admin", "/admin?per=month", "/admin?lang=nl"):
        page = centre.client.get(path)
        assert page.status_code == 200
        assert "Inloggen voor medewerkers" in page.text
        assert "Waar staan we?" not in page.text and "consent-1" not in page.text
    centre.client.cookies.set("wbg_admin", "forged", path="/admin")
    assert "Inloggen voor medewerkers" in centre.client.get("/admin").text


def test_the_overview_gives_the_figures_in_dutch(centre: Centre) -> None:
    _fill(centre)
    centre.login()
    with clock.frozen(NOW):
        page = centre.client.get("/admin").text
    assert '<html lang="nl">' in page
    assert "Stand op 11 maart 2026 11:00." in words(page)

    requests = section(page, "requests")
    assert "3 open verzoeken ⚠ 1 over de termijn 1 termijn verloopt binnen 7 dagen" in requests
    rows = re.findall(r"<tr( class=\"\w+\")?>\s*<th scope=\"row\"><a href=\"/admin/requests/", page)
    assert rows == [' class="overdue"', ' class="soon"', ""]  # overdue first, then by deadline
    overdue = "Inzage 4 februari 2026 Bevestigd, wacht op uitvoering 4 maart 2026 ⚠ 7 dagen te laat"
    assert overdue in requests
    assert "Verwijderen 16 februari 2026" in requests and "nog 5 dagen" in requests
    assert "nog 28 dagen" in requests
    assert JAN not in page and PIET not in page  # no addresses on the overview

    registers = section(page, "registers")
    assert "2 open klachten ⚠ 1 over de termijn" in registers
    assert (
        "Klacht ontvangen op 9 februari 2026 : beantwoorden vóór 9 maart 2026, ⚠ 2 dagen te laat"
        in registers
    )
    assert "Klacht ontvangen op 9 maart 2026 : beantwoorden vóór 6 april 2026, nog 26 dagen" in (
        registers
    )
    assert (
        "2 datalekken waarvoor nog iets moet gebeuren 2 waarvoor de 72 uur om te melden lopen"
        in registers
    )
    assert (
        "Verloren usb-stick Risico nog niet beoordeeld: melden vóór 11 maart 2026 03:00, "
        "⚠ te laat, 8 uur over de 72 uur" in registers
    )
    assert (
        "Laptop gestolen Risico nog niet beoordeeld: melden vóór 13 maart 2026 05:00, nog 42 uur"
        in (registers)
    )
    assert "Karin" not in page  # the complainant's name stays on the complaint's page

    assert "Geen open taken." in section(page, "tasks")

    consents = section(page, "consents")
    assert "Verzenden van onze nieuwsbrief 3 keer gegeven, 1 keer ingetrokken" in consents
    assert "Cookies: Analytische cookies 2 keer gegeven, 0 keer ingetrokken" in consents
    assert consents.index("nieuwsbrief") < consents.index("Cookies")  # declared order first
    # the same figures in the tables: the week of 16 February gave three, this week
    # withdrew one; the cookies were given this week
    newsletter, cookies = consents.split("Cookies: Analytische cookies", 1)
    assert "16 feb 2026 3 0" in newsletter and "9 mrt 2026 0 1" in newsletter
    assert "9 mrt 2026 2 0" in cookies and "16 feb 2026 0 0" in cookies
    assert page.count('role="img"') == 2 and page.count("<desc id=") == 2

    findings = section(page, "findings")
    assert "De controle van privacy.yaml (gewijzigd op" in findings
    assert "0 fouten 0 waarschuwingen" in findings
    assert "De controle vond geen fouten en geen waarschuwingen." in findings

    assert "Nog geen opschoonronde vastgelegd." in section(page, "retention")
    audit = section(page, "audit")
    assert "De keten is nog niet gecontroleerd." in audit and "klopte" not in audit


def test_the_overview_in_english_by_month(centre: Centre) -> None:
    _fill(centre)
    centre.login()
    with clock.frozen(NOW):
        page = centre.client.get("/admin?lang=en&per=month").text
    assert '<html lang="en">' in page
    text = words(page)
    assert "3 open requests ⚠ 1 past their deadline 1 deadline within 7 days" in text
    assert "Access 4 February 2026" in text and "7 days overdue" in text
    assert "2 open complaints" in text and "2 breaches that still need action" in text
    assert "overdue, 8 hours past the 72 hours" in text and "42 hours left" in text
    consents = section(page, "consents")
    assert "by month, in the last 12 months" in consents
    assert "Sending our newsletter given 3 times, withdrawn 1 times" in consents
    assert "February 2026 3 0" in consents and "March 2026 0 1" in consents


def test_an_empty_overview_says_so_plainly(centre: Centre) -> None:
    centre.login()
    text = words(centre.client.get("/admin").text)
    for plain in (
        "Geen open verzoeken.",
        "Geen datalekken waarvoor nog iets moet gebeuren.",
        "Geen open klachten.",
        "Geen open taken.",
        "Geen toestemmingen gegeven of ingetrokken in de laatste 12 weken.",
        "Nog geen opschoonronde vastgelegd.",
        "Er is nog geen controlepunt vastgelegd.",
        "De keten is nog niet gecontroleerd.",
        "Er zijn nog geen meldingen gemaild.",
    ):
        assert plain in text
    assert "klopte" not in text and "in orde" not in text


def test_the_notices_e_mailed_to_staff_are_listed_with_who_got_them(centre: Centre) -> None:
    centre.login()  # "staff", who records the breach, is not told of it
    shared = centre.app.state.web
    with centre.database.write() as session:
        admin_tokens.create(session, "femke")
        staff.change(session, staff.named(session, "femke").id, email="femke@example.nl")
    with clock.frozen(NOW):
        Breaches(centre.database, shared.declaration, shared.settings).record(
            {"title": "Laptop gestolen", "description": "Onversleuteld.", "aware_at": NOW},
            actor="admin:staff",
        )
    part = re.search(
        r'<section[^>]*id="notices".*?</section>', centre.client.get("/admin").text, re.S
    )
    assert part is not None
    text = words(part.group(0))
    assert f"Per e-mail aan femke, {i18n.format_datetime(NOW, 'nl')}." in text, text
    assert "Laptop gestolen" not in text  # a notice names no breach's title


def test_each_part_links_to_its_full_page(centre: Centre) -> None:
    centre.login()
    page = centre.client.get("/admin").text
    for link in ("/admin/requests", "/admin/breaches", "/admin/complaints", "/admin/tasks"):
        assert f'href="{link}"' in page
        assert centre.client.get(link).status_code == 200, link


def test_the_request_list_moved_to_its_own_address(centre: Centre) -> None:
    centre.verified("access", PIET)
    centre.login()
    listing = centre.client.get("/admin/requests").text
    assert "Open verzoeken" in listing and PIET in listing
    assert 'href="/admin/requests?show=all"' in listing
    everything = centre.client.get("/admin/requests?show=all").text
    assert "Alle verzoeken" in everything and 'href="/admin/requests"' in everything
    assert '<table class="requests">' in listing  # the list, not the overview
    assert '<table class="requests">' not in centre.client.get("/admin").text


# --- the consent chart's SQL ------------------------------------------------------------------


def test_the_consent_figures_match_a_count_by_hand(database: Database) -> None:
    """Events at random moments over 16 weeks, and on the bounds of weeks and months in
    Amsterdam time (a Monday at midnight, a second before it, the change to summer
    time): each query counts what a count by hand counts."""
    rng = random.Random(11)
    now = datetime(2026, 4, 15, 12, 0, tzinfo=UTC)
    moments = [now - timedelta(seconds=rng.randrange(16 * 7 * 86400)) for _ in range(150)]
    monday = datetime(2026, 3, 30, 0, 0, tzinfo=ZONE)  # the first Monday of summer time
    first_of_march = datetime(2026, 3, 1, 0, 0, tzinfo=ZONE)
    edges = [monday, monday - timedelta(seconds=1), first_of_march]
    edges += [first_of_march - timedelta(microseconds=1)]
    events = [
        (moment, rng.choice(["newsletter", "cookie:analytics"]), rng.choice([GIVEN, WITHDRAWN]))
        for moment in moments + edges
    ]
    for index, (moment, purpose, state) in enumerate(events):
        with clock.frozen(moment):
            _consent(database, f"s{index}@example.nl", purpose, state)

    for unit, count in (("week", 12), ("month", 4)):
        spans = figures.periods(now, unit, count)  # type: ignore[arg-type]
        if unit == "week":
            assert spans.starts[0].isoformat() == "2026-01-26" and len(spans) == 12
            assert spans.bounds[-1] == datetime(2026, 4, 20, 0, 0, tzinfo=ZONE)
        else:
            assert [s.isoformat() for s in spans.starts] == [
                "2026-01-01",
                "2026-02-01",
                "2026-03-01",
                "2026-04-01",
            ]
        for state in (GIVEN, WITHDRAWN):
            by_hand: Counter[tuple[str, int]] = Counter()
            for moment, purpose, kind in events:
                if kind != state:
                    continue
                for index in range(len(spans)):
                    if spans.bounds[index] <= moment < spans.bounds[index + 1]:
                        by_hand[purpose, index] += 1
            with database.read() as session:
                series = figures.counts(session, state, spans)
            counted = Counter(
                {
                    (purpose, index): number
                    for purpose, numbers in series.by_purpose.items()
                    for index, number in enumerate(numbers)
                    if number
                }
            )
            assert counted == by_hand, (unit, state)
            assert sum(counted.values()) > 10


def test_the_edges_of_a_week_fall_in_the_right_period(database: Database) -> None:
    monday = datetime(2026, 3, 30, 0, 0, tzinfo=ZONE)
    for moment in (monday - timedelta(microseconds=1), monday, monday + timedelta(days=7)):
        with clock.frozen(moment):
            _consent(database, f"{moment.timestamp()}@example.nl", "newsletter", GIVEN)
    spans = figures.periods(monday + timedelta(days=3), "week", 2)
    with database.read() as session:
        series = figures.counts(session, GIVEN, spans)
    assert series.by_purpose == {"newsletter": [1, 1]}  # the one a week on is not yet counted
    assert series.total("newsletter") == 2 and series.total("other") == 0


def test_the_chart_scales_to_a_round_top() -> None:
    assert [overview._round_up(n) for n in (0, 1, 2, 3, 7, 10, 11, 49, 51, 999)] == [
        1,
        1,
        2,
        5,
        10,
        10,
        20,
        50,
        100,
        1000,
    ]
    chart = overview.Chart("newsletter", "Nieuwsbrief", [0, 3, 7], [1, 0, 0], ["a", "b", "c"])
    overview._draw(chart)
    assert chart.top == 10 and [t["label"] for t in chart.ticks] == [0, 5, 10]
    heights = {(b["kind"], b["value"]): b["height"] for b in chart.bars}
    assert heights["given", 7] == pytest.approx(0.7 * (overview.HEIGHT - 36 - 12), abs=0.1)
    assert heights["given", 0] == 0


# --- the checker's findings, cached per change of the file -------------------------------------


def test_the_findings_are_checked_again_only_when_the_file_changes(
    demo_declaration: Declaration, tmp_path: Path
) -> None:
    assert demo_declaration.source is not None
    path = tmp_path / "privacy.yaml"
    shutil.copy(demo_declaration.source.file, path)
    declaration = load(path)
    first = overview.findings_of(declaration, NOW)
    assert first.file == "privacy.yaml" and first.count("error") == 0
    started = time.perf_counter()
    again = overview.findings_of(declaration, NOW + timedelta(hours=1))
    assert again is first and again.checked_at == NOW  # not run again
    assert time.perf_counter() - started < 0.05

    text = path.read_text("utf-8")
    path.write_text(text.replace("  respond_within: P4W\n  email:", "  email:", 1), "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    changed = overview.findings_of(declaration, NOW + timedelta(hours=2))
    assert changed is not first and changed.checked_at == NOW + timedelta(hours=2)

    path.write_text("controller: [\n", "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
    broken = overview.findings_of(declaration, NOW + timedelta(hours=3))
    assert broken.problems and broken.findings == ()


def test_findings_show_their_article_and_count(
    centre: Centre, demo_declaration: Declaration, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo_declaration.source is not None
    path = tmp_path / "privacy.yaml"
    text = Path(demo_declaration.source.file).read_text("utf-8")
    # a purpose that says nothing about how long its data is kept: an error of Art. 13(2)(a)
    path.write_text(re.sub(r"(?m)^    retention: newsletter\n", "", text, count=1), "utf-8")
    broken = load(path)
    monkeypatch.setattr(centre.app.state.web, "declaration", broken)
    centre.login()
    found = overview.findings_of(broken, NOW)
    page = section(centre.client.get("/admin").text, "findings")
    errors, warnings = found.count("error"), found.count("warning")
    assert errors + warnings > 0
    assert f"{errors} {'fout' if errors == 1 else 'fouten'}" in page
    first = next(f for f in found.findings if f.severity in ("error", "warning"))
    assert first.text("nl") in page and f"artikel {first.article} AVG" in page
    assert first.rule == "retention-missing" and "Fout (artikel 13(2)(a), 5(1)(e) AVG)" in page
    assert "zegt niets over hoe lang de gegevens worden bewaard" in page  # in Dutch
    assert first.message not in page and "alleen in het Engels" not in page


# --- retention runs and the audit log ---------------------------------------------------------


def _services(centre: Centre) -> Services:
    shared = centre.app.state.web
    return Services.build(
        centre.database, shared.declaration, shared.settings, requests=shared.requests
    )


def test_the_last_retention_runs_say_what_they_removed(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    # a demo of this test's own: the sweep changes its CRM
    own = load(ensure_demo(tmp_path / "demo"))
    centre = centre_with(database, database_url, own, tmp_path)
    runner = Runner(_services(centre), JOBS)
    with centre.client, clock.frozen(NOW) as advance:
        centre.verified("access", PIET)  # a link token, used: swept 7 days later
        advance(timedelta(days=8))
        assert runner.run_now("own-retention").error is None
        assert runner.run_now("retention").error is None
        centre.login()
        page = centre.client.get("/admin").text
    text = section(page, "retention")
    # newest first: the datastores' run was recorded after Waarborg's own
    assert text.index("De gegevensbronnen") < text.index("De eigen gegevens van Waarborg")
    mine = text.split("De eigen gegevens van Waarborg", 1)[1]
    assert "1 link" in mine and "tellers tegen misbruik" in mine  # the used verification link
    found = re.search(r"Records: (\d+) verwijderd, (\d+) geanonimiseerd(.*?)19 maart", text)
    assert found, text
    per_rule = [int(n) for n in re.findall(r": (\d+) records?", found.group(3))]
    assert per_rule and sum(per_rule) == int(found.group(1)) + int(found.group(2))
    assert "Zeven jaar na de factuurdatum (fiscale bewaarplicht):" in found.group(3)
    assert "Nog geen opschoonronde vastgelegd." not in text
    assert "crm" not in text and "contacts" not in text  # no datastore or table names


def test_the_audit_log_says_what_was_checked_and_when(centre: Centre) -> None:
    runner = Runner(_services(centre), JOBS)
    centre.login()
    with clock.frozen(NOW) as advance:
        centre.verified("access", JAN)
        assert runner.tick("audit-checkpoint") is not None
        first = section(centre.client.get("/admin").text, "audit")
        assert "Op 11 maart 2026 11:00 is het eerste controlepunt vastgelegd" in first
        assert "klopte" not in first
        centre.verified("access", PIET)
        advance(timedelta(hours=1))
        assert runner.tick("audit-checkpoint") is not None
        checked = section(centre.client.get("/admin").text, "audit")
        assert re.search(
            r"Bij de laatste controle, op 11 maart 2026 12:00, klopte de keten van vermelding "
            r"\d+ \(het vorige controlepunt\) tot en met vermelding \d+\.",
            checked,
        )
        assert "Het laatste controlepunt legt vermelding" in checked
        # an entry written after the last checkpoint, then changed: the next check
        # fails, and says so
        centre.verified("access", SANNE)
        with centre.database.write() as session:
            newest = session.scalar(select(func.max(AuditEntry.seq)))
            session.execute(
                update(AuditEntry).where(AuditEntry.seq == newest).values(actor="someone else")
            )
        advance(timedelta(hours=1))
        outcome = runner.tick("audit-checkpoint")
        assert outcome is not None and outcome.error
        broken = section(centre.client.get("/admin").text, "audit")
    assert "vond dat de keten niet klopt sinds het laatste controlepunt" in broken
    assert "klopte" not in broken


def test_every_kind_of_own_data_has_its_words() -> None:
    for lang in i18n.LANGUAGES:
        for kind in overview.OWN_KINDS:
            assert "{n}" in i18n.t(f"admin_overview.retention.own_kinds.{kind}", lang)
            assert i18n.t(f"admin_overview.retention.own_kinds.{kind}_one", lang).startswith("1 ")


def test_the_overview_reads_in_order_and_its_charts_are_described(centre: Centre) -> None:
    """One h1, the parts as h2 with their own h3 below them; each chart an image named
    by its title and description, followed by a table of the same figures."""
    _fill(centre)
    centre.login()
    with clock.frozen(NOW):
        page = centre.client.get("/admin").text
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page.split("<main", 1)[1])]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    charts = re.findall(r'<svg role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 2
    for named in charts:
        for ref in named.split():
            assert re.search(rf'<(title|desc) id="{ref}">[^<]+</\1>', page), ref
    tables = re.findall(r"<table[^>]*>.*?</table>", page, re.S)
    assert len(tables) == 3 and all("<caption" in t and 'scope="col"' in t for t in tables)
    assert "<script" not in page


def test_days_and_hours_are_whole_and_never_rounded_up() -> None:
    due = NOW
    day, hour, minute = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)
    assert overview.days_words(due, due - 3 * day - hour, "nl") == "nog 3 dagen"
    assert overview.days_words(due, due - day - hour, "nl") == "nog 1 dag"
    assert overview.days_words(due, due - hour, "nl") == "minder dan een dag"
    assert overview.days_words(due, due + hour, "nl") == "minder dan een dag te laat"
    assert overview.days_words(due, due + 7 * day + hour, "nl") == "7 dagen te laat"
    assert overview.days_words(due, due + day, "en") == "1 day overdue"
    assert overview.hours_words(due, due - 41 * hour - minute, "nl") == "nog 41 uur"
    assert overview.hours_words(due, due - minute, "nl") == "minder dan een uur"
    assert overview.hours_words(due, due + minute, "nl") == (
        "te laat, minder dan een uur over de 72 uur"
    )
    assert overview.hours_words(due, due + 8 * hour + minute, "en") == (
        "overdue, 8 hours past the 72 hours"
    )
