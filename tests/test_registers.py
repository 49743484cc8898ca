"""The complaint and breach registers: the declared clocks, reminders, closing with
the way to the supervisory authority (delivered through a real SMTP server), the
breach's 72 hours and decisions, and the export in the shape of the AP's form."""

from __future__ import annotations

import csv
import email
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.audit import chain
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.errors import NotFoundError, RequestError
from waarborg.mail import SMTPMailer
from waarborg.mail.queue import deliver
from waarborg.registers import Breaches, Complaints, ap_export
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import ComplaintStatus
from waarborg.store.models import OutboxMessage

from .conftest import ROOT
from .mailbox import delivered
from .test_mail import SMTPServer, smtp_server

__all__ = ["smtp_server"]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANNA = "anna.devries@example.nl"


@pytest.fixture(scope="module")
def connectmenow() -> Declaration:
    """Connect Me Now promises a receipt within 3 days and an answer within 14."""
    return load(ROOT / "examples" / "connectmenow" / "privacy.yaml")


@pytest.fixture(scope="module")
def silent() -> Declaration:
    """iemagoo's declaration says nothing about complaint clocks."""
    return load(ROOT / "examples" / "iemagoo" / "privacy.yaml")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@connectmenow.nl",
        staff_email="staff@connectmenow.nl",
    )


@pytest.fixture
def advance() -> Iterator[Any]:
    with clock.frozen(START) as move:
        yield move


@pytest.fixture
def complaints(
    database: Database, connectmenow: Declaration, settings: Settings, advance: Any
) -> Complaints:
    return Complaints(database, connectmenow, settings)


@pytest.fixture
def breaches(
    database: Database, connectmenow: Declaration, settings: Settings, advance: Any
) -> Breaches:
    return Breaches(database, connectmenow, settings)


def mails(database: Database, kind: str | None = None) -> list[OutboxMessage]:
    with database.read() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))


def parsed(row: OutboxMessage) -> EmailMessage:
    return email.message_from_bytes(row.message, _class=EmailMessage, policy=default)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


# --- complaints ----------------------------------------------------------------------------


def test_the_declared_clocks_run_from_receipt(complaints: Complaints) -> None:
    public_id = complaints.file(
        name="Anna de Vries", email=ANNA, text="Mijn gegevens zijn gedeeld.", acknowledge=False
    )
    view = complaints.view(public_id)
    assert view is not None and view.status == ComplaintStatus.RECEIVED
    assert view.acknowledge_by == START + timedelta(days=3)
    assert view.respond_by == START + timedelta(days=14)
    assert (view.clock, view.due, view.days_left) == ("acknowledge", view.acknowledge_by, 3)


def test_without_a_promise_the_answer_is_due_in_a_calendar_month(
    database: Database, silent: Declaration, settings: Settings, advance: Any
) -> None:
    register = Complaints(database, silent, settings)
    received = datetime(2026, 1, 31, 12, tzinfo=UTC)
    public_id = register.file(
        name="Piet", email="piet@example.nl", text="Te veel mail.", received_at=received
    )
    view = register.view(public_id)
    assert view is not None
    assert view.acknowledge_by is None
    assert view.respond_by == datetime(2026, 2, 28, 12, tzinfo=UTC)  # Art. 12(3) month


def test_filing_acknowledges_by_mail_with_a_status_link_only_for_that_complaint(
    complaints: Complaints,
) -> None:
    public_id = complaints.file(name="Anna de Vries", email=ANNA, text="Spam.", lang="en")
    view = complaints.view(public_id)
    assert view is not None and view.status == ComplaintStatus.ACKNOWLEDGED
    assert view.acknowledged_at == START and view.late == ()
    [receipt] = mails(complaints.database, "complaint_received")
    assert receipt.recipient == ANNA
    [letter] = delivered(complaints.database, "complaint_received")
    found = re.search(r"/complaints/(\S+)\?t=(\S+)", text_of(letter))
    assert found and found.group(1) == public_id
    token = found.group(2)
    assert complaints.status(public_id, token) is not None
    other = complaints.file(name="Bob", email="bob@example.nl", text="Iets anders.")
    assert complaints.status(other, token) is None  # not another person's complaint
    assert complaints.status(public_id, token[:-2] + "xx") is None
    assert complaints.status(public_id, "") is None


def test_a_complaint_cannot_be_anonymous(complaints: Complaints) -> None:
    with pytest.raises(RequestError) as nameless:
        complaints.file(name="  ", email=ANNA, text="Klacht.")
    assert nameless.value.field == "name"
    with pytest.raises(RequestError) as mailless:
        complaints.file(name="Anna", email="geen adres", text="Klacht.")
    assert mailless.value.field == "email"
    with pytest.raises(RequestError) as empty:
        complaints.file(name="Anna", email=ANNA, text=" ")
    assert empty.value.field == "text"


def test_staff_are_reminded_before_each_clock_and_every_day_when_overdue(
    complaints: Complaints, advance: Any
) -> None:
    public_id = complaints.file(
        name="Anna", email=ANNA, text="Klacht.", channel="email", acknowledge=False
    )
    assert complaints.send_reminders() == 1  # 3 days to acknowledge: within the 7-day mark
    assert complaints.send_reminders() == 0  # sent once
    advance(timedelta(days=1, hours=1))
    assert complaints.send_reminders() == 1  # the 2-day mark
    advance(timedelta(days=2))
    view = complaints.view(public_id)
    assert view is not None and view.overdue and view.days_left == -1
    assert complaints.send_reminders() == 1  # overdue
    advance(timedelta(days=1))
    assert complaints.send_reminders() == 1  # and the next day again
    complaints.acknowledge(public_id, actor="admin:staff", letter=False)
    view = complaints.view(public_id)
    assert view is not None and view.clock == "respond" and view.late == ("acknowledge",)
    assert not mails(complaints.database, "complaint_received")  # acknowledged by hand
    assert complaints.send_reminders() == 0  # the respond clock: 9 days left
    advance(timedelta(days=2))
    assert complaints.send_reminders() == 1  # 7 days left
    reminders = mails(complaints.database, "staff_deadline")
    assert len(reminders) == 5
    assert all(m.recipient == "staff@connectmenow.nl" for m in reminders)
    [arrived] = mails(complaints.database, "staff_complaint")  # and of its arrival, once
    assert arrived.recipient == "staff@connectmenow.nl"


def test_answer_then_close_with_the_outcome_and_the_authority(
    complaints: Complaints, smtp_server: SMTPServer, advance: Any
) -> None:
    public_id = complaints.file(name="Anna de Vries", email=ANNA, text="Mijn data is gelekt.")
    advance(timedelta(days=5))
    complaints.answer(public_id, actor="admin:staff", message="Wij hebben het onderzocht.")
    with pytest.raises(RequestError):
        complaints.answer(public_id, actor="admin:staff", message="Nog eens.")
    with pytest.raises(RequestError) as unknown:
        complaints.close(public_id, actor="admin:staff", outcome="Opgelost.", resolution="maybe")
    assert unknown.value.field == "resolution"
    complaints.close(
        public_id, actor="admin:staff", outcome="Wij hebben de koppeling verwijderd.",
        resolution="upheld",
    )  # fmt: skip
    view = complaints.view(public_id)
    assert view is not None and view.status == ComplaintStatus.CLOSED
    assert view.answered_at == START + timedelta(days=5) and view.late == ()
    assert view.resolution == "upheld" and not view.overdue and view.clock is None
    with pytest.raises(RequestError):
        complaints.close(public_id, actor="admin:staff", outcome="x", resolution="upheld")

    report = deliver(
        complaints.database, SMTPMailer(smtp_server.host, smtp_server.port, mode="plain")
    )
    assert len(report.sent) == 4  # the receipt, the answer, the closing; staff's notice
    by_subject = {m["Subject"]: m for m in smtp_server.inbox.messages}
    closed = next(m for s, m in by_subject.items() if s.startswith("Wij sluiten uw klacht af"))
    text = text_of(closed)
    assert "Wij hebben de koppeling verwijderd." in text
    assert "Autoriteit Persoonsgegevens" in text
    assert "https://autoriteitpersoonsgegevens.nl/een-tip-of-klacht-indienen-bij-de-ap" in text
    assert "Postbus 93374, 2509 AJ Den Haag" in text
    assert closed["To"] == ANNA and closed["Reply-To"] == "info@connectmenow.nl"
    answered = next(m for s, m in by_subject.items() if s.startswith("Ons antwoord"))
    assert "Wij hebben het onderzocht." in text_of(answered)

    actions = [e["action"] for e in complaints.trail(public_id)]
    assert actions == [
        "complaint.filed", "complaint.acknowledged", "complaint.answered", "complaint.closed"
    ]  # fmt: skip
    with complaints.database.read() as session:
        assert chain.verify(session) == []


def test_a_late_answer_is_flagged(complaints: Complaints, advance: Any) -> None:
    public_id = complaints.file(name="Anna", email=ANNA, text="Klacht.")
    advance(timedelta(days=15))
    [view] = complaints.list()
    assert view.overdue and view.days_left == -1
    complaints.close(public_id, actor="admin:staff", outcome="Geen fout.", resolution="not_upheld")
    view2 = complaints.view(public_id)
    assert view2 is not None and view2.late == ("respond",)
    assert complaints.list() == [] and len(complaints.list(open_only=False)) == 1


def test_an_unknown_complaint_is_not_found(complaints: Complaints) -> None:
    with pytest.raises(NotFoundError):
        complaints.answer("nope", actor="admin:staff", message="Hallo.")


# --- breaches --------------------------------------------------------------------------------

FACTS: dict[str, Any] = {
    "title": "Laptop gestolen",
    "description": "Een onversleutelde laptop met een export van de klantenlijst is gestolen.",
    "aware_at": START,
    "occurred_at": START - timedelta(hours=20),
    "kinds": ["lost_or_stolen"],
    "impact": ["confidentiality"],
    "categories": ["email", "date_of_birth", "health"],
    "subject_types": ["app_user"],
    "subjects_estimate": 1200,
    "records_estimate": 1500,
    "consequences": "Phishing en identiteitsfraude.",
    "measures": "Wachtwoorden gereset; laptop op afstand gewist.",
    "unintelligible": False,
    "cross_border": True,
    "countries": ["BE"],
}


def test_the_72_hours_run_from_awareness(breaches: Breaches, advance: Any) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    view = breaches.view(public_id)
    assert view is not None
    assert view.authority_deadline == START + timedelta(hours=72)
    assert view.state == "assess" and view.hours_left == 72 and not view.overdue
    assert view.special_categories == ["health"]
    assert view.contact == "info@connectmenow.nl"  # no DPO or security contact declared
    advance(timedelta(hours=73))
    late = breaches.view(public_id)
    assert late is not None and late.overdue and late.hours_left == -1


def test_a_breach_record_rejects_unknown_fields_and_categories(breaches: Breaches) -> None:
    with pytest.raises(RequestError) as extra:
        breaches.record({**FACTS, "colour": "red"}, actor="admin:staff")
    assert extra.value.field == "colour"
    with pytest.raises(RequestError) as category:
        breaches.record({**FACTS, "categories": ["shoe_size"]}, actor="admin:staff")
    assert category.value.field == "categories"
    with pytest.raises(RequestError) as naive:
        breaches.record({**FACTS, "aware_at": datetime(2026, 3, 1)}, actor="admin:staff")
    assert naive.value.field == "aware_at"
    with pytest.raises(RequestError) as huge:
        breaches.record({**FACTS, "records_estimate": 10**20}, actor="admin:staff")
    assert huge.value.field == "records_estimate"


def test_the_decision_needs_reasons_and_follows_the_law(breaches: Breaches) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    with pytest.raises(RequestError) as no_reason:
        breaches.decide(public_id, actor="admin:staff", risk="high", reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(RequestError) as silent:
        breaches.decide(
            public_id, actor="admin:staff", risk="risk", reason="r", notify_authority=False
        )
    assert silent.value.field == "notify_authority"
    with pytest.raises(RequestError) as untold:
        breaches.decide(
            public_id, actor="admin:staff", risk="high", reason="r", notify_subjects=False
        )
    assert untold.value.field == "exemption"
    breaches.decide(public_id, actor="admin:staff", risk="high", reason="Gezondheidsgegevens.")
    view = breaches.view(public_id)
    assert view is not None and view.notify_authority and view.notify_subjects
    assert view.state == "notify_authority"


def test_an_unlikely_risk_is_recorded_without_a_notice(breaches: Breaches) -> None:
    public_id = breaches.record(
        {**FACTS, "unintelligible": True, "kinds": ["wrong_recipient"]}, actor="admin:staff"
    )
    breaches.decide(
        public_id, actor="admin:staff", risk="unlikely", reason="Versleuteld met AES-256."
    )
    view = breaches.view(public_id)
    assert view is not None and view.state == "recorded" and not view.overdue
    assert view.notify_authority is False and view.notify_subjects is False
    with pytest.raises(RequestError):
        breaches.notified(public_id, actor="admin:staff", reference="M-1")


def test_a_late_notice_needs_its_reasons(breaches: Breaches, advance: Any) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    breaches.decide(public_id, actor="admin:staff", risk="risk", reason="Contactgegevens.")
    advance(timedelta(hours=80))
    with pytest.raises(RequestError) as late:
        breaches.notified(public_id, actor="admin:staff", reference="12345")
    assert late.value.field == "late_reason"
    breaches.notified(
        public_id, actor="admin:staff", reference="12345", late_reason="Pas na onderzoek bekend."
    )
    view = breaches.view(public_id)
    assert view is not None and view.late and view.state == "recorded" and not view.overdue
    assert view.authority_reference == "12345"


def test_breach_reminders_at_48_24_and_6_hours_then_daily(breaches: Breaches, advance: Any) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    assert breaches.send_reminders() == 0  # 72 hours left
    advance(timedelta(hours=25))
    assert breaches.send_reminders() == 1  # under 48
    assert breaches.send_reminders() == 0
    advance(timedelta(hours=24))
    assert breaches.send_reminders() == 1  # under 24
    advance(timedelta(hours=18))
    assert breaches.send_reminders() == 1  # under 6
    advance(timedelta(hours=6))
    assert breaches.send_reminders() == 1  # overdue
    advance(timedelta(days=1))
    assert breaches.send_reminders() == 1  # overdue, the next day
    breaches.decide(public_id, actor="admin:staff", risk="unlikely", reason="Toch versleuteld.")
    advance(timedelta(days=1))
    assert breaches.send_reminders() == 0  # decided: the clock stopped


def test_the_ap_export_answers_the_forms_questions(
    breaches: Breaches, connectmenow: Declaration, advance: Any
) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    breaches.decide(public_id, actor="admin:staff", risk="high", reason="Gezondheidsgegevens.")
    advance(timedelta(hours=30))
    breaches.notified(public_id, actor="admin:staff", reference="AP-2026-0042")
    breaches.subjects_told(public_id, actor="admin:staff", how="e-mail aan alle gebruikers")
    view = breaches.view(public_id)
    assert view is not None
    document = ap_export.document(view, connectmenow)
    answers = document["answers"]
    json.dumps(document)  # JSON-ready
    assert answers["reporter"]["organisation"] == connectmenow.controller.name
    assert answers["breach"]["kinds"] == ["lost_or_stolen"]
    assert answers["breach"]["ongoing"] is None  # neither stopped nor ended: not known
    assert answers["people"]["subjects_estimate"] == 1200
    assert answers["data"]["special_categories"] == ["health"]
    assert answers["data"]["records_estimate"] == 1500
    assert answers["protection"]["unintelligible"] is False
    assert answers["subjects"]["subjects_notice"] == "e-mail aan alle gebruikers"
    assert answers["international"] == {"cross_border": True, "countries": ["BE"]}
    assert answers["decision"]["reason"] == "Gezondheidsgegevens."
    assert answers["notice"]["reference"] == "AP-2026-0042"
    assert answers["notice"]["late_reason"] is None
    nl = ap_export.markdown(view, connectmenow, "nl")
    assert "## Persoonsgegevens" in nl and "**Meldnummer:** AP-2026-0042" in nl
    assert "verloren of gestolen" in nl and "Gezondheid" in nl
    en = ap_export.html(view, connectmenow, "en")
    assert "<dt>Notification number</dt><dd>AP-2026-0042</dd>" in en
    rows = list(csv.DictReader(io.StringIO(ap_export.register_csv(breaches.list()))))
    assert rows[0]["authority_reference"] == "AP-2026-0042"
    assert rows[0]["special_categories"] == "health" and rows[0]["state"] == "recorded"


def test_the_ap_export_gives_moments_as_the_reader_writes_them(
    breaches: Breaches, connectmenow: Declaration
) -> None:
    public_id = breaches.record(FACTS, actor="admin:staff")
    view = breaches.view(public_id)
    assert view is not None
    nl = ap_export.markdown(view, connectmenow, "nl")
    # Amsterdam time, in Dutch: not "2026-03-02 10:00 CET"
    assert "**Ontdekt op:** 2 maart 2026 10:00" in nl
    assert "**Uiterlijk melden (72 uur):** 5 maart 2026 10:00" in nl
    assert "**Gemeld op:** onbekend" in nl
    en = ap_export.html(view, connectmenow, "en")
    assert "<dt>Discovered on</dt><dd>2 March 2026 10:00</dd>" in en
    assert "CET" not in nl + en and "2026-03" not in nl + en


# --- the letters -------------------------------------------------------------------------


def _register_letters(lang: str) -> dict[str, EmailMessage]:
    from waarborg.mail import letters, register_letters

    head = letters.Letterhead(name="Connect Me Now", email="info@cmn.nl", sender="p@cmn.nl")
    due = START + timedelta(days=14)
    item = register_letters.RegisterItem("b1", "Laptop", "authority", due, -2, "https://x/a")
    return {
        "received": register_letters.complaint_received(
            head, ANNA, lang, name="Anna", complaint_id="c1", received_at=START,
            respond_by=due, status_link="https://x/complaints/c1?t=t",
        ),
        "answered": register_letters.complaint_answered(
            head, ANNA, lang, name="Anna", complaint_id="c1", received_at=START, message="Ja."
        ),
        "closed": register_letters.complaint_closed(
            head, ANNA, lang, name="Anna", complaint_id="c1", received_at=START, outcome="Ok."
        ),
        "reminder": register_letters.register_reminder(head, "s@cmn.nl", lang, items=[item]),
        "confirmation": register_letters.complaint_confirmation(
            head, ANNA, lang, link="https://x/complaint/confirm/t", expires_at=due
        ),
    }  # fmt: skip


def test_the_register_letters_exist_in_dutch_and_english() -> None:
    nl, en = _register_letters("nl"), _register_letters("en")
    for name in nl:
        assert nl[name]["Subject"] != en[name]["Subject"], name
        for message, lang in ((nl[name], "nl"), (en[name], "en")):
            assert message["Content-Language"] == lang
            assert "{{" not in text_of(message)
    assert "2 uur te laat" in text_of(nl["reminder"])
    assert "2 hour(s) overdue" in text_of(en["reminder"])
