"""Each member of staff's own choices (language, address for notices, notices turned
off), and the notices staff are sent: when a complaint arrives, a request waits for
review, a breach is recorded or a deadline nears; delivered through a real SMTP server
(aiosmtpd), each once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import select, text

from waarborg import audit, clock, staff_notices
from waarborg.cli import main
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.errors import ChoiceError, NotFoundError
from waarborg.mail import SMTPMailer, queue
from waarborg.mail.queue import deliver
from waarborg.registers import Breaches, Complaints
from waarborg.settings import Settings
from waarborg.store import Database, admin_tokens, head_revision, migrate, staff
from waarborg.store.enums import TokenScope
from waarborg.store.migrate import _config
from waarborg.store.models import AdminToken, OutboxMessage, StaffNotice
from waarborg.store.tokens import hash_token

from .conftest import ROOT
from .test_mail import SMTPServer, smtp_server
from .webclient import Centre

__all__ = ["smtp_server"]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANNA = "anna@connectmenow.nl"
BOB = "bob@connectmenow.nl"
FALLBACK = "staff@connectmenow.nl"
COMPLAINANT = "Marieke Jansen"
COMPLAINANT_EMAIL = "marieke.jansen@example.nl"
COMPLAINT_TEXT = "Jullie belden mij na mijn uitschrijving nog drie keer."


@pytest.fixture(scope="module")
def connectmenow() -> Declaration:
    return load(ROOT / "examples" / "connectmenow" / "privacy.yaml")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@connectmenow.nl",
        staff_email=FALLBACK,
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


def _member(
    database: Database, name: str, scope: TokenScope = TokenScope.ADMIN, **choices: Any
) -> int:
    with database.write() as session:
        row, _ = admin_tokens.create(session, name, scope)
        if choices:
            staff.change(session, row.id, **choices)
        return row.id


def _inbox(database: Database, server: SMTPServer) -> dict[str, list[EmailMessage]]:
    """Deliver what is queued to the SMTP server; its messages by recipient."""
    deliver(database, SMTPMailer(server.host, server.port, mode="plain"))
    found: dict[str, list[EmailMessage]] = {}
    for envelope, message in zip(server.inbox.envelopes, server.inbox.messages, strict=True):
        for to in envelope.rcpt_tos:
            found.setdefault(to, []).append(message)
    return found


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _queued(database: Database, kind: str | None = None) -> list[OutboxMessage]:
    with database.read() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))


# --- the choices -------------------------------------------------------------------------


def test_a_member_of_staff_speaks_dutch_and_gets_no_mail_until_they_choose(
    database: Database,
) -> None:
    anna = _member(database, "anna")
    with database.read() as session:
        found = staff.member(session, anna)
    assert found is not None and found.language == "nl" and not found.language_chosen
    assert found.email is None and found.off == frozenset()
    assert not found.wants("complaint")  # no address: no mail
    with database.write() as session:
        chosen = staff.change(
            session, anna, language="en", email=" Anna@ConnectMeNow.NL ", off=["deadline"]
        )
    assert chosen.language == "en" and chosen.language_chosen
    assert chosen.email == "Anna@connectmenow.nl"  # parsed as every address Waarborg writes to
    assert chosen.wants("complaint") and not chosen.wants("deadline")
    with database.write() as session:  # what is not named stays as it is
        kept = staff.change(session, anna, off=[])
        assert kept.language == "en" and kept.email == "Anna@connectmenow.nl"
        assert kept.off == frozenset()
        assert staff.language_of(session, anna) == "en"
        assert staff.change(session, anna, email="").email is None


@pytest.mark.parametrize(
    ("choice", "field"),
    [
        ({"language": "de"}, "language"),
        ({"email": "Anna <anna@connectmenow.nl>"}, "email"),
        ({"email": "anna@connectmenow.nl, bob@connectmenow.nl"}, "email"),
        ({"off": ["complaint", "everything"]}, "notices"),
    ],
)
def test_a_choice_that_cannot_be_kept_is_refused(
    database: Database, choice: dict[str, Any], field: str
) -> None:
    anna = _member(database, "anna", language="en", email=ANNA)
    with database.write() as session, pytest.raises(ChoiceError) as refused:
        staff.change(session, anna, **choice)
    assert refused.value.field == field
    with database.read() as session:
        found = staff.member(session, anna)
    assert found is not None and found.language == "en" and found.email == ANNA


def test_an_application_token_is_no_member_of_staff_and_revoking_forgets_the_address(
    database: Database,
) -> None:
    shop = _member(database, "shop", TokenScope.APP)
    anna = _member(database, "anna", email=ANNA)
    with database.write() as session:
        assert staff.member(session, shop) is None
        assert [m.name for m in staff.members(session)] == ["anna"]
        with pytest.raises(NotFoundError):
            staff.change(session, shop, email=BOB)
        with pytest.raises(NotFoundError):
            staff.named(session, "shop")
        admin_tokens.revoke(session, "anna")
        assert staff.member(session, anna) is None and staff.language_of(session, anna) is None
    with database.read() as session:
        row = session.get(AdminToken, anna)
        assert row is not None and row.email is None


def test_tokens_made_before_0009_speak_dutch_and_are_sent_nothing(database_url: str) -> None:
    assert migrate(database_url, "0008") == (None, "0008")
    with Database(database_url) as database, database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO admin_tokens (name, token_hash, created_at, scope)"
                " VALUES ('old', :digest, CURRENT_TIMESTAMP, 'admin')"
            ),
            {"digest": hash_token("wbg_old")},
        )
    assert migrate(database_url) == ("0008", head_revision())
    with Database(database_url) as database:
        with database.read() as session:
            [old] = staff.members(session)
            assert (old.name, old.language, old.email, old.off) == ("old", "nl", None, frozenset())
        with database.engine.begin() as connection:  # and back down, keeping the token
            command.downgrade(_config(connection=connection), "0008")
        with database.engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM admin_tokens")).scalars().all()
            assert names == ["old"]


# --- the notices -------------------------------------------------------------------------


def test_a_complaint_is_told_to_each_member_in_their_language_as_they_chose(
    database: Database, complaints: Complaints, smtp_server: SMTPServer
) -> None:
    _member(database, "anna", email=ANNA)  # Dutch, the default
    _member(database, "bob", language="en", email=BOB, off=["complaint"])
    _member(database, "carla")  # no address
    shop = _member(database, "shop", TokenScope.APP)
    with database.write() as session:  # even with an address, an application is no staff
        token = session.get(AdminToken, shop)
        assert token is not None
        token.email = "shop@connectmenow.nl"
    public_id = complaints.file(name=COMPLAINANT, email=COMPLAINANT_EMAIL, text=COMPLAINT_TEXT)

    inbox = _inbox(database, smtp_server)
    [notice] = inbox[ANNA]
    assert BOB not in inbox and "shop@connectmenow.nl" not in inbox
    assert FALLBACK not in inbox  # members have addresses: the fallback is not used
    subject = f"Nieuwe klacht {public_id[:8]} \N{EN DASH} Stichting Connect Me Now"
    assert notice["Subject"] == subject
    assert notice["Content-Language"] == "nl"
    body = _text(notice)
    assert f"Er is een nieuwe klacht binnengekomen (kenmerk {public_id[:8]})." in body
    assert "Beantwoord de klacht uiterlijk op 16 maart 2026 10:00." in body  # 14 days
    assert "Bevestig de ontvangst" not in body  # the receipt went out with the filing
    assert f"https://privacy.example.nl/admin/complaints/{public_id}" in body
    assert "https://privacy.example.nl/admin/me" in body  # where to switch it off
    # Nothing of the person: not their name, address or words.
    whole = notice.as_string()
    for personal in (COMPLAINANT, "Jansen", COMPLAINANT_EMAIL, "uitschrijving"):
        assert personal not in whole


def test_a_breach_is_told_in_english_to_who_chose_it_but_not_to_who_recorded_it(
    database: Database, breaches: Breaches, smtp_server: SMTPServer
) -> None:
    _member(database, "anna", email=ANNA)
    _member(database, "bob", language="en", email=BOB)
    public_id = breaches.record(
        {"title": "Offerte naar verkeerde klant", "description": "Mail.", "aware_at": START},
        actor="admin:anna",
    )
    inbox = _inbox(database, smtp_server)
    assert ANNA not in inbox  # she recorded it herself
    [notice] = inbox[BOB]
    assert notice["Subject"].startswith(f"Breach {public_id[:8]} recorded")
    body = _text(notice)
    assert "within 72 hours" in body and "(Article 33(1) GDPR)" in body
    assert "Those 72 hours end on 5 March 2026 10:00." in body  # Amsterdam time, in words
    assert "Offerte" not in notice.as_string()  # the title staff typed stays in the admin


def test_the_fallback_address_hears_while_no_member_has_one(
    database: Database, complaints: Complaints
) -> None:
    _member(database, "anna")
    complaints.file(name=COMPLAINANT, email=COMPLAINANT_EMAIL, text=COMPLAINT_TEXT)
    [fallback] = _queued(database, "staff_complaint")
    assert fallback.recipient == FALLBACK
    assert b"nog geen medewerker een eigen" in fallback.message.replace(b"=\r\n", b"")
    _member(database, "bob", email=BOB)
    complaints.file(name=COMPLAINANT, email=COMPLAINANT_EMAIL, text=COMPLAINT_TEXT)
    assert [m.recipient for m in _queued(database, "staff_complaint")] == [FALLBACK, BOB]
    with database.read() as session:
        [second, first] = staff_notices.recent(session, 10)
    assert first.fallback and first.told == ()
    assert not second.fallback and second.told == ("bob",)


def test_a_deadline_is_told_once_per_mark_even_when_the_job_runs_twice_or_dies(
    database: Database,
    complaints: Complaints,
    smtp_server: SMTPServer,
    advance: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _member(database, "anna", email=ANNA)
    _member(database, "bob", language="en", email=BOB)
    _member(database, "carla", email="carla@connectmenow.nl", off=["deadline"])
    public_id = complaints.file(
        name=COMPLAINANT, email=COMPLAINANT_EMAIL, text=COMPLAINT_TEXT, acknowledge=False
    )
    assert complaints.send_reminders() == 1  # 3 days to acknowledge: the 7-day mark
    assert complaints.send_reminders() == 0  # run again: nothing new
    advance(timedelta(days=1, hours=1))

    # The worker dies between the two members' mails: nothing of the notice stays.
    real = queue.enqueue
    calls: list[str] = []

    def dying(session: Any, message: Any, **kw: Any) -> bool:
        calls.append(kw["key"])
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(session, message, **kw)

    monkeypatch.setattr(queue, "enqueue", dying)
    with pytest.raises(RuntimeError, match="killed"):
        complaints.send_reminders()
    monkeypatch.setattr(queue, "enqueue", real)
    assert len(_queued(database, "staff_deadline")) == 2  # the 7-day mark's only
    assert complaints.send_reminders() == 1  # the 2-day mark, now whole
    assert complaints.send_reminders() == 0

    inbox = _inbox(database, smtp_server)
    deliver(database, SMTPMailer(smtp_server.host, smtp_server.port, mode="plain"))
    deadline_mails = [m for m in inbox[ANNA] if "Termijn" in m["Subject"]]
    assert len(deadline_mails) == 2 and len(inbox[BOB]) == 3  # 2 deadlines + the arrival
    assert "carla@connectmenow.nl" in inbox  # the arrival only: she turned deadlines off
    assert all("Termijn" not in m["Subject"] for m in inbox["carla@connectmenow.nl"])
    assert len(smtp_server.inbox.envelopes) == 7  # delivering again sent nothing twice
    two_days = _text(deadline_mails[-1])
    assert (
        f"De termijn om de ontvangst van klacht {public_id[:8]} te bevestigen loopt af op "
        "5 maart 2026 10:00." in two_days
    )
    assert "Nog 1 dag." in two_days
    english = [m for m in inbox[BOB] if m["Subject"].startswith("Deadline nears")]
    assert "1 day left." in _text(english[-1])


def test_a_passed_breach_deadline_says_so_and_what_the_law_asks(
    database: Database, breaches: Breaches, advance: Any
) -> None:
    _member(database, "anna", email=ANNA)
    breaches.record({"title": "Lek", "description": "Mail.", "aware_at": START}, actor="worker")
    advance(timedelta(hours=73))
    assert breaches.send_reminders() == 1
    [late] = _queued(database, "staff_deadline")
    assert late.subject.startswith("Termijn verstreken: datalek")
    with database.read() as session:
        [notice, recorded] = staff_notices.recent(session, 5)
    assert notice.text("nl").startswith("De 72 uur om datalek")
    assert "zijn verstreken op 5 maart 2026 10:00" in notice.text("nl")
    assert notice.text("en").endswith("passed on 5 March 2026 10:00.")
    assert recorded.kind == "breach" and recorded.path.startswith("/admin/breaches/")


def test_recent_lists_the_notices_newest_first_in_words(
    database: Database, complaints: Complaints, breaches: Breaches, advance: Any
) -> None:
    _member(database, "anna", email=ANNA)
    complaint = complaints.file(name=COMPLAINANT, email=COMPLAINANT_EMAIL, text=COMPLAINT_TEXT)
    advance(timedelta(minutes=5))
    breach = breaches.record(
        {"title": "Lek", "description": "Mail.", "aware_at": START}, actor="admin:bob"
    )
    with database.read() as session:
        newest, older = staff_notices.recent(session, 10)
        assert staff_notices.recent(session, 1) == [newest]
    assert (newest.kind, newest.path) == ("breach", f"/admin/breaches/{breach}")
    assert newest.text("nl") == f"Er is een datalek geregistreerd (kenmerk {breach[:8]})."
    assert newest.text("en") == f"A breach was recorded (reference {breach[:8]})."
    assert (older.kind, older.path) == ("complaint", f"/admin/complaints/{complaint}")
    assert older.told == ("anna",) and older.at == START
    with database.read() as session:  # the record holds references, not people
        stored = json.dumps([row.details for row in session.scalars(select(StaffNotice))])
    assert COMPLAINANT not in stored and COMPLAINANT_EMAIL not in stored


def test_a_request_waiting_for_review_tells_staff_without_the_persons_words(
    centre: Centre,
) -> None:
    _member(centre.database, "anna", email=ANNA)
    status = centre.verified(
        "rectification", "jan.jansen@example.nl", message="Mijn adres klopt niet."
    )
    centre.run_worker()
    public_id = status.split("/requests/")[1].split("?")[0]
    [notice] = centre.mails("staff_review", ANNA)
    assert notice["Subject"].startswith(f"Verzoek {public_id[:8]} wacht op uw beoordeling")
    body = _text(notice)
    assert f"Er wacht een verzoek op uw beoordeling: Verbeteren, kenmerk {public_id[:8]}." in body
    assert f"http://testserver/admin/requests/{public_id}" in body
    whole = notice.as_string()
    assert "jan.jansen" not in whole and "adres klopt" not in whole


# --- the command line --------------------------------------------------------------------


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("WAARBORG_DATABASE_URL", database_url)
    monkeypatch.setenv("WAARBORG_DATA_DIR", str(tmp_path / "data"))
    return database_url


def test_staff_set_their_choices_on_the_command_line(cli_env: str) -> None:
    runner = CliRunner()
    if cli_env.startswith("postgresql"):
        assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(main, ["admin", "token", "create", "anna"]).exit_code == 0
    assert (
        runner.invoke(main, ["admin", "token", "create", "shop", "--scope", "app"]).exit_code == 0
    )

    changed = runner.invoke(
        main,
        ["admin", "staff", "set", "anna", "--language", "en", "--email", ANNA, "--off",
         "deadline,breach"],
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert "anna\tlanguage en\te-mail anna@connectmenow.nl\toff: breach, deadline" in changed.output
    listed = runner.invoke(main, ["admin", "staff", "list", "--format", "json"])
    assert json.loads(listed.output) == [
        {
            "name": "anna",
            "language": "en",
            "language_chosen": True,
            "email": ANNA,
            "notices_off": ["breach", "deadline"],
        }
    ]  # the application's token is no member of staff
    cleared = runner.invoke(main, ["admin", "staff", "set", "anna", "--email", "", "--off", "none"])
    assert "e-mail -\toff: none" in cleared.output

    nothing = runner.invoke(main, ["admin", "staff", "set", "anna"])
    assert nothing.exit_code == 2 and "give --language, --email or --off" in nothing.output
    wrong = runner.invoke(main, ["admin", "staff", "set", "anna", "--email", "anna at home"])
    assert wrong.exit_code == 2 and "error:" in wrong.output and "Traceback" not in wrong.output
    kind = runner.invoke(main, ["admin", "staff", "set", "anna", "--off", "everything"])
    assert kind.exit_code == 2 and "the kinds are: complaint, review, breach, deadline" in (
        kind.output
    )
    shop = runner.invoke(main, ["admin", "staff", "set", "shop", "--language", "en"])
    assert shop.exit_code == 1 and "no active staff token named 'shop'" in shop.output

    with Database(cli_env) as database, database.read() as session:
        entries = audit.trail(session, "admin_token:anna")
        actions = [e.action for e in entries]
        assert actions == ["admin_token.create", "staff.choices", "staff.choices"]
        assert all(ANNA not in e.data for e in entries)  # whether, not which address
        assert audit.verify(session) == []
