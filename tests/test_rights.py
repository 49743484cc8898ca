"""The request workflow on the demo organisation: intake, verification, every right,
deadlines, review, denial, extension, retries, and nothing done or sent twice."""

from __future__ import annotations

import email
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from waarborg import clock
from waarborg.audit import chain
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.declaration.types import Duration
from waarborg.demo.build import build_demo
from waarborg.errors import RequestError
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus
from waarborg.store.models import AuditEntry, Request, Restriction

from .mailbox import delivered

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    build_demo(directory, today=START.date())
    return directory


@pytest.fixture
def crm(demo_dir: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo CRM for each test (erasure changes it)."""
    copy = tmp_path / "crm.sqlite"
    copy.write_bytes((demo_dir / "crm.sqlite").read_bytes())
    return copy


@pytest.fixture
def declaration(demo_dir: Path, crm: Path, tmp_path: Path) -> Declaration:
    text = (demo_dir / "privacy.yaml").read_text("utf-8")
    text = text.replace(str(demo_dir / "crm.sqlite"), str(crm))
    path = tmp_path / "privacy.yaml"
    path.write_text(text, "utf-8")
    return load(path)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with clock.frozen(START) as advance:
        yield advance


@pytest.fixture
def requests(database: Database, declaration: Declaration, tmp_path: Path, frozen: Any) -> Requests:
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@iemagoo.nl",
    )
    return Requests(database, declaration, settings)


def outbox(database: Database, kind: str | None = None) -> list[email.message.Message]:
    """The letters as delivered (the queue sent first), oldest first."""
    return list(delivered(database, kind))


def body(message: email.message.Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def link(message: email.message.Message, path: str) -> str:
    found = re.search(rf"https://privacy\.example\.nl/{path}/(\S+)", body(message))
    assert found, body(message)
    return found.group(1).rstrip(".")


def verified(requests: Requests, kind: str, who: str = JAN, **details: Any) -> str:
    public_id = requests.file(kind=kind, email=who, details=details or None)
    (message,) = [m for m in outbox(requests.database, "verification") if m["To"] == who][-1:]
    assert requests.verify(link(message, "verify")) == public_id
    return public_id


def crm_rows(crm: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(crm) as connection:
        return connection.execute(sql, args).fetchall()


def test_filing_sends_a_verification_link_and_starts_the_clock(requests: Requests) -> None:
    public_id = requests.file(kind="access", email=JAN, lang="nl")
    view = requests.view(public_id)
    assert view is not None
    assert view.status == RequestStatus.VERIFYING and view.drp_status == "open"
    # iemagoo promises four weeks, which is shorter than the month of Art. 12(3)
    assert view.due == START + timedelta(weeks=4)
    (message,) = outbox(requests.database, "verification")
    assert message["To"] == JAN
    assert "/verify/" in body(message)
    assert len(public_id) >= 22


def test_access_request_end_to_end(requests: Requests, crm: Path) -> None:
    public_id = verified(requests, "access")
    assert requests.process(public_id) == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.drp_status == "fulfilled"
    answer = outbox(requests.database, "answered")[-1]
    token = link(answer, "download")
    path = requests.download(token)
    assert path is not None and path.exists()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"inzage.html", "data.json", "contacts.json", "contacts.csv"} <= names
        report = archive.read("inzage.html").decode()
        assert "Autoriteit Persoonsgegevens" in report
        contacts = archive.read("contacts.csv").decode()
    (contact,) = crm_rows(crm, "SELECT first_name, last_name FROM contacts WHERE email = ?", JAN)
    assert contact[0] in contacts and contact[1] in contacts
    # the download link is single use
    assert requests.download(token) is None


def test_a_request_nobody_verifies_expires(requests: Requests, frozen: Any) -> None:
    public_id = requests.file(kind="erasure", email=JAN)
    frozen(requests.settings.verification_link_lifetime + timedelta(minutes=1))
    assert requests.expire_unverified() == 1
    view = requests.view(public_id)
    assert (
        view is not None and view.status == RequestStatus.EXPIRED and view.drp_status == "expired"
    )


def test_an_expired_verification_link_is_refused(requests: Requests, frozen: Any) -> None:
    requests.file(kind="access", email=JAN)
    token = link(outbox(requests.database, "verification")[-1], "verify")
    frozen(requests.settings.verification_link_lifetime + timedelta(seconds=1))
    assert requests.verify(token) is None


def test_erasure_keeps_held_rows_and_says_why(requests: Requests, crm: Path) -> None:
    ids = [row[0] for row in crm_rows(crm, "SELECT id FROM invoices WHERE email = ?", JAN)]
    before = len(ids)
    public_id = verified(requests, "erasure")
    assert requests.process(public_id) == RequestStatus.ANSWERED
    marks = ",".join("?" * len(ids))
    kept = crm_rows(crm, f"SELECT email, attention_of FROM invoices WHERE id IN ({marks})", *ids)
    # invoices younger than 7 years stay (AWR art. 52), with only what the tax duty needs:
    # the name on them, not the e-mail address
    assert 0 < len(kept) < before
    assert all(email is None and name for email, name in kept)
    assert crm_rows(crm, "SELECT count(*) FROM invoices WHERE email = ?", JAN) == [(0,)]
    assert crm_rows(crm, "SELECT count(*) FROM newsletter_subscribers WHERE email = ?", JAN) == [
        (0,)
    ]
    text = body(outbox(requests.database, "answered")[-1])
    # what was kept, until when and why, in words: no table names, no ISO durations
    assert re.search(r"wij bewaren ze tot \d{1,2} \w+ 20\d\d, omdat de wet ons verplicht", text)
    assert "invoices" not in text and "P7Y" not in text
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    assert "plan" in view.outcome and "erased" in view.outcome


def test_an_interrupted_erasure_resumes_without_doing_anything_twice(
    requests: Requests, crm: Path, frozen: Any
) -> None:
    public_id = verified(requests, "erasure")
    # the first worker claims the request and then dies before it executes
    with requests.database.write() as session:
        assert requests._claim(session, public_id)
    assert requests.process(public_id) == RequestStatus.VERIFIED  # held by the lease
    frozen(requests.lease + timedelta(seconds=1))
    assert requests.process(public_id) == RequestStatus.ANSWERED
    assert requests.process(public_id) == RequestStatus.ANSWERED
    assert len(outbox(requests.database, "answered")) == 1


def test_a_datastore_that_is_down_makes_the_request_wait(
    requests: Requests, crm: Path, frozen: Any
) -> None:
    public_id = verified(requests, "access")
    hidden = crm.with_suffix(".away")
    crm.rename(hidden)
    crm.mkdir()  # a folder where the database file should be: it cannot be opened
    try:
        assert requests.process(public_id) == RequestStatus.IN_PROGRESS
        view = requests.view(public_id)
        assert view is not None and view.last_error and view.attempts == 1
        assert requests.process_due() == 0  # not before the retry is due
    finally:
        crm.rmdir()
        hidden.rename(crm)
    frozen(timedelta(minutes=2))
    assert requests.process_due() == 1
    view = requests.view(public_id)
    assert view is not None and view.status == RequestStatus.ANSWERED


def test_rectification_waits_for_staff_and_applies_the_change(
    requests: Requests, crm: Path
) -> None:
    public_id = verified(requests, "rectification", message="Mijn telefoonnummer is 06 12345678")
    assert requests.process(public_id) == RequestStatus.REVIEW
    with pytest.raises(RequestError, match="changes"):
        requests.approve(public_id, actor="admin:anna")
    status = requests.approve(
        public_id, actor="admin:anna", changes={"contacts": {"phone": "+31 6 12345678"}}
    )
    assert status == RequestStatus.ANSWERED
    assert crm_rows(crm, "SELECT phone FROM contacts WHERE email = ?", JAN) == [("+31 6 12345678",)]


def test_changes_a_column_cannot_take_are_refused_naming_the_column(
    requests: Requests, crm: Path
) -> None:
    public_id = verified(requests, "rectification", message="Mijn naam en factuur kloppen niet.")
    assert requests.process(public_id) == RequestStatus.REVIEW
    wrong: dict[str, dict[str, Any]] = {
        "contacts": {"first_name": None},
        "invoices": {"amount_cents": "veel"},
    }
    with pytest.raises(RequestError) as refused:
        requests.approve(public_id, actor="admin:anna", changes=wrong)
    assert refused.value.field == "changes"
    assert "crm.contacts.first_name: cannot be empty" in refused.value.message
    assert "crm.invoices.amount_cents: give a whole number, not 'veel'" in refused.value.message
    with pytest.raises(RequestError, match=r"crm\.contacts\.phone: give text"):
        requests.approve(public_id, actor="admin:anna", changes={"contacts": {"phone": 612345678}})
    view = requests.view(public_id)
    assert view is not None and view.status == RequestStatus.REVIEW  # nothing approved
    assert crm_rows(crm, "SELECT count(*) FROM invoices WHERE amount_cents = 'veel'") == [(0,)]


def test_work_that_trying_again_cannot_fix_stops_and_goes_to_staff(
    requests: Requests, crm: Path, frozen: Any
) -> None:
    public_id = verified(requests, "rectification", message="Mijn voornaam klopt niet.")
    assert requests.process(public_id) == RequestStatus.REVIEW
    # Changes approved before they were checked (or a column changed since approval).
    with requests.database.write() as session:
        row = session.scalar(select(Request).where(Request.public_id == public_id))
        assert row is not None
        changes = {"crm.contacts": {"first_name": None}}
        row.details = {**row.details, "approved_by": "admin:anna", "changes": changes}
        row.status = RequestStatus.IN_PROGRESS
        row.next_attempt_at = None
    assert requests.process(public_id) == RequestStatus.REVIEW
    view = requests.view(public_id)
    assert view is not None and view.last_error is not None
    assert "first_name: cannot be empty" in view.last_error and view.attempts == 1
    assert [e["kind"] for e in view.events][-1] == "stopped"
    frozen(timedelta(hours=3))
    assert requests.process_due() == 0  # not tried again, hour after hour
    status = requests.approve(
        public_id, actor="admin:anna", changes={"contacts": {"first_name": "Johannes"}}
    )
    assert status == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.last_error is None
    names = crm_rows(crm, "SELECT first_name FROM contacts WHERE email = ?", JAN)
    assert names == [("Johannes",)]


def test_restriction_is_a_flag_the_apps_can_read(requests: Requests) -> None:
    assert requests.restrictions(JAN) == []
    public_id = verified(requests, "restriction")
    assert requests.process(public_id) == RequestStatus.ANSWERED
    (restriction,) = requests.restrictions(JAN.upper())
    assert restriction["purpose"] is None
    with requests.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Restriction)) == 1


def test_objection_to_direct_marketing_takes_effect_at_once(requests: Requests) -> None:
    public_id = verified(requests, "objection", purposes=["newsletter"])
    assert requests.process(public_id) == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    assert view.outcome["objections_upheld"] == ["newsletter"]


def test_an_objection_names_purposes_it_applies_to(requests: Requests) -> None:
    with pytest.raises(RequestError, match="not a purpose this right applies to"):
        requests.file(kind="objection", email=JAN, details={"purposes": ["bookkeeping"]})


def test_deny_gives_reasons_and_the_right_to_complain(requests: Requests) -> None:
    public_id = verified(requests, "access")
    with pytest.raises(RequestError):
        requests.deny(public_id, actor="admin:anna", reason="too_many_requests", details=" ")
    requests.deny(
        public_id,
        actor="admin:anna",
        reason="too_many_requests",
        details="U vroeg dit de afgelopen maand al drie keer.",
    )
    view = requests.view(public_id)
    assert view is not None and view.drp_status == "denied"
    text = body(outbox(requests.database, "denied")[-1])
    assert "drie keer" in text and "Autoriteit Persoonsgegevens" in text


def test_extend_once_within_the_first_deadline(requests: Requests, frozen: Any) -> None:
    public_id = verified(requests, "access")
    until = requests.extend(
        public_id, actor="admin:anna", reasons="Veel systemen om te doorzoeken."
    )
    assert until == Duration(months=2).after(START + timedelta(weeks=4))
    view = requests.view(public_id)
    assert view is not None and view.due == until and view.due > START + timedelta(weeks=8)
    with pytest.raises(RequestError, match="only once"):
        requests.extend(public_id, actor="admin:anna", reasons="Nog eens.")
    assert "Veel systemen" in body(outbox(requests.database, "extension")[-1])


def test_an_extension_after_the_deadline_is_refused(requests: Requests, frozen: Any) -> None:
    public_id = verified(requests, "access")
    frozen(timedelta(weeks=5))
    with pytest.raises(RequestError, match="first deadline has passed"):
        requests.extend(public_id, actor="admin:anna", reasons="Te laat.")


def test_overdue_requests_stand_out_and_staff_are_reminded(requests: Requests, frozen: Any) -> None:
    public_id = verified(requests, "rectification", message="Mijn adres klopt niet.")
    assert requests.process(public_id) == RequestStatus.REVIEW
    frozen(timedelta(weeks=4, days=1))
    view = requests.view(public_id)
    assert view is not None and view.overdue and view.days_left < 0
    assert requests.send_reminders() == 1
    assert requests.send_reminders() == 0  # the same reminder is never sent twice
    frozen(timedelta(hours=12))
    assert requests.send_reminders() == 0  # still the same day overdue
    frozen(timedelta(days=1))
    assert requests.send_reminders() == 1  # and again every day it stays overdue


def test_status_needs_the_right_token(requests: Requests) -> None:
    public_id = verified(requests, "access")
    received = outbox(requests.database, "received")[-1]
    found = re.search(r"/requests/(\S+)\?t=(\S+)", body(received))
    assert found
    assert found.group(1) == public_id
    token = found.group(2).rstrip(".")
    assert requests.status(public_id, token) is not None
    assert requests.status(public_id, token + "x") is None
    other = verified(requests, "access", who=PIET)
    assert requests.status(other, token) is None


def test_every_step_is_in_the_audit_chain(requests: Requests) -> None:
    public_id = verified(requests, "access")
    requests.process(public_id)
    actions = [entry["action"] for entry in requests.trail(public_id)]
    assert actions[:2] == ["request.filed", "request.verified"]
    assert actions[-1] == "request.answered"
    with requests.database.read() as session:
        assert chain.verify(session) == []


def test_bad_intake_is_a_clear_error(requests: Requests) -> None:
    with pytest.raises(RequestError, match="not a right"):
        requests.file(kind="everything", email=JAN)
    with pytest.raises(RequestError) as info:
        requests.file(kind="access", email="not an address")
    assert info.value.field == "email"
    with requests.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Request)) == 0


def test_the_review_setting_holds_chosen_kinds_for_staff(
    database: Database, declaration: Declaration, tmp_path: Path, frozen: Any, crm: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", base_url="https://privacy.example.nl", review="erasure"
    )
    requests = Requests(database, declaration, settings)
    public_id = verified(requests, "erasure")
    assert requests.process(public_id) == RequestStatus.REVIEW
    assert crm_rows(crm, "SELECT count(*) FROM newsletter_subscribers WHERE email = ?", JAN) == [
        (1,)
    ]
    assert requests.approve(public_id, actor="admin:anna") == RequestStatus.ANSWERED


def test_export_files_are_deleted_when_their_link_expires(requests: Requests, frozen: Any) -> None:
    public_id = verified(requests, "access")
    requests.process(public_id)
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    export = Path(view.outcome["export"])
    assert export.exists()
    assert requests.purge_exports() == 0
    frozen(requests.settings.download_link_lifetime + timedelta(seconds=1))
    assert requests.purge_exports() == 1
    assert not export.exists()
    token = link(outbox(requests.database, "answered")[-1], "download")
    assert requests.download(token) is None


def test_a_claimed_request_starts_in_the_claims_transaction_with_its_whole_timeline(
    requests: Requests, crm: Path, frozen: Any
) -> None:
    """The claim is one UPDATE returning what the work reads; a verified request
    starts in the claim's transaction (its status, its event, its audit entry), and
    one that waits for staff stops there with both steps recorded."""
    access = verified(requests, "access")
    rectification = verified(requests, "rectification", message="Mijn adres klopt niet.")
    with requests.database.read() as session:
        versions = {p: v for p, v in session.execute(select(Request.public_id, Request.version))}
    assert requests.process(access) == RequestStatus.ANSWERED
    assert requests.process(rectification) == RequestStatus.REVIEW
    timeline = requests.view(access)
    assert timeline is not None
    assert [(e["kind"], e["status"]) for e in timeline.events] == [
        ("filed", "verifying"),
        ("verified", "verified"),
        ("started", "in_progress"),
        ("executed", "executed"),
        ("answered", "answered"),
    ]
    waiting = requests.view(rectification)
    assert waiting is not None
    assert [e["kind"] for e in waiting.events] == ["filed", "verified", "started", "review"]
    with requests.database.read() as session:
        after = {p: v for p, v in session.execute(select(Request.public_id, Request.version))}
        assert chain.verify(session) == []
        actions = [
            action
            for (action,) in session.execute(
                select(AuditEntry.action)
                .where(AuditEntry.subject == access)
                .order_by(AuditEntry.seq)
            )
        ]
    # every write moved the version on, the Core statements' as well as the ORM's
    assert after[access] >= versions[access] + 3
    assert after[rectification] >= versions[rectification] + 2
    assert actions == [
        "request.filed",
        "request.verified",
        "request.started",
        "request.executed",
        "request.answered",
    ]
