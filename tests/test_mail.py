"""Mail: the letters in both languages, delivery through a real SMTP server (aiosmtpd),
the outbox folder, the outbox queue and the one-click unsubscribe headers."""

from __future__ import annotations

import email
import re
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP, default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from sqlalchemy import select

from waarborg import catalogue, clock
from waarborg.errors import MailError, RecipientRefused
from waarborg.mail import (
    FolderMailer,
    SMTPMailer,
    add_list_unsubscribe,
    letters,
    list_unsubscribe_headers,
    mailer_from_settings,
)
from waarborg.mail.compose import POLICY, Rendered, text_to_html
from waarborg.mail.queue import MAX_ATTEMPTS, deliver, enqueue, message_id_for
from waarborg.settings import Settings
from waarborg.store import Database
from waarborg.store.enums import OutboxStatus
from waarborg.store.models import OutboxMessage

from .webclient import Centre

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HEAD = letters.Letterhead(
    name="iemagoo Ontwerp & Communicatie",
    email="contact@iemagoo.nl",
    sender="iemagoo <privacy@iemagoo.nl>",
)
AP = catalogue.authorities()["nl-ap"]


# --- a real SMTP server ------------------------------------------------------------------


@dataclass
class Inbox:
    """What the SMTP server received: envelopes and parsed messages."""

    envelopes: list[Envelope] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        out = []
        for envelope in self.envelopes:
            raw = envelope.original_content or b""
            out.append(email.message_from_bytes(raw, _class=EmailMessage, policy=default))
        return out


@dataclass
class SMTPServer:
    host: str
    port: int
    inbox: Inbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(inbox: Inbox, **options: Any) -> tuple[Controller, SMTPServer]:
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller, SMTPServer("127.0.0.1", port, inbox)


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """An SMTP server on 127.0.0.1 and a random port, accepting everything."""
    controller, server = _start(Inbox())
    yield server
    controller.stop()


def _authenticator(inbox: Inbox) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"waarborg",
            b"geheim",
        )
        if ok:
            inbox.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    return check


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with openssl)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _contexts(certificate: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = certificate
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def _simple(to: str = "jan@example.nl") -> EmailMessage:
    return letters.verification(
        HEAD, to, "nl", kind="access", link="https://privacy.example/v/abc", expires_at=T0
    )


# --- the letters -------------------------------------------------------------------------


def _every_letter(lang: str) -> dict[str, EmailMessage]:
    due = T0 + timedelta(days=28)
    return {
        "verification": letters.verification(
            HEAD, "jan@example.nl", lang, kind="erasure", link="https://p.example/v/t",
            expires_at=T0,
        ),
        "received": letters.received(
            HEAD, "jan@example.nl", lang, kind="access", request_id="r1", received_at=T0,
            deadline=due, status_link="https://p.example/s/r1",
        ),
        "extension": letters.extension(
            HEAD, "jan@example.nl", lang, kind="access", request_id="r1", received_at=T0,
            deadline=due, extended_until=due + timedelta(days=61),
            reasons="Uw verzoek beslaat twaalf systemen.",
        ),
        "answered": letters.answered(
            HEAD, "jan@example.nl", lang, kind="access", request_id="r1",
            download_link="https://p.example/d/t", download_expires=due,
        ),
        "denied": letters.denied(
            HEAD, "jan@example.nl", lang, kind="erasure", request_id="r1", received_at=T0,
            reasons="Wij konden uw identiteit niet vaststellen.",
        ),
        "staff_reminder": letters.staff_reminder(
            HEAD, "staff@iemagoo.nl", lang,
            items=[letters.ReminderItem("r1", "access", due, 2, "https://p.example/admin/r1")],
        ),
        "recipient_notice": letters.recipient_notice(
            HEAD, "privacy@moneybird.nl", lang, recipient_name="Moneybird", action="erasure",
            subject_identifier="jan@example.nl", reference="r1",
        ),
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_letter_has_a_subject_a_text_and_the_same_html(lang: str) -> None:
    for name, message in _every_letter(lang).items():
        assert message["Subject"], name
        assert message["Content-Language"] == lang
        assert message["Auto-Submitted"] == "auto-generated"
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert text is not None and html is not None, name
        text_content, html_content = text.get_content(), html.get_content()
        assert "{{" not in text_content and "{%" not in text_content, name
        assert f'<html lang="{lang}">' in html_content
        for link in ("https://p.example/v/t", "https://p.example/d/t"):
            if link in text_content:
                assert f'<a href="{link}">' in html_content, name


def test_the_dutch_and_english_letters_differ() -> None:
    nl, en = _every_letter("nl"), _every_letter("en")
    for name in nl:
        assert nl[name]["Subject"] != en[name]["Subject"], name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_refusals_and_answers_name_the_authority_and_its_complaint_page(lang: str) -> None:
    for name in ("answered", "denied"):
        body = _every_letter(lang)[name].get_body(("plain",))
        assert body is not None
        content = body.get_content()
        assert getattr(AP.label, lang) in content, name
        assert AP.complaint_url in content, name
    denied = _every_letter(lang)["denied"].get_body(("plain",))
    assert denied is not None and "79" in denied.get_content()  # judicial remedy


def test_the_extension_notice_gives_the_reasons_and_the_new_deadline() -> None:
    body = _every_letter("nl")["extension"].get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert "Uw verzoek beslaat twaalf systemen." in content
    assert "artikel 12, lid 3" in content
    assert "30 mei 2026" in content  # 2 March + 28 days + 61 days, in Amsterdam time
    with pytest.raises(MailError, match="reasons"):
        letters.extension(
            HEAD, "j@example.nl", "nl", kind="access", request_id="r", received_at=T0,
            deadline=T0, extended_until=T0, reasons=" ",
        )  # fmt: skip


def test_an_erasure_answer_says_what_was_erased_and_what_was_kept_and_why() -> None:
    message = letters.answered(
        HEAD, "jan@example.nl", "en", kind="erasure", request_id="r1", result="partly_erased",
        done_at=T0, erased=["Name", "E-mail address"],
        kept=[
            letters.Kept(("Invoices",), "hold", until=datetime(2033, 8, 6).date(),
                         ground="AWR art. 52"),
        ],
        notified=[letters.Notified("Moneybird", ("Name",), "open", since=T0)],
    )  # fmt: skip
    body = message.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert message["Subject"] == "Our answer to your request for erasure"
    assert (
        "On 2 March 2026 we erased this data about you, except what we list below as kept:"
        "\n\n- Name\n- E-mail address" in content
    )
    assert (
        "- Invoices: we keep it until 6 August 2033, because the law requires us to keep it "
        "(AWR art. 52)." in content
    )
    assert "Article 19" in content and "- Moneybird (Name): not informed yet." in content
    assert "completed" not in content


def test_text_becomes_html_paragraphs_lists_and_escaped_links() -> None:
    html = "".join(text_to_html("Hallo <b>\n\n- een\n- twee\n\nZie https://x.example/a?b=1&c=2."))
    assert html == (
        "<p>Hallo &lt;b&gt;</p><ul><li>een</li><li>twee</li></ul>"
        '<p>Zie <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>.</p>'
    )


def test_an_unknown_language_or_kind_is_an_error() -> None:
    with pytest.raises(MailError, match="language"):
        letters.verification(HEAD, "j@x.nl", "de", kind="access", link="x", expires_at=T0)
    with pytest.raises(MailError, match="kind"):
        letters.verification(HEAD, "j@x.nl", "nl", kind="magic", link="x", expires_at=T0)


# --- SMTP --------------------------------------------------------------------------------


def test_the_smtp_mailer_delivers_to_a_real_server(smtp_server: SMTPServer) -> None:
    mailer = SMTPMailer(smtp_server.host, smtp_server.port, mode="plain")
    message = _simple()
    mailer.send(message, "jan@example.nl")
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.mail_from == "privacy@iemagoo.nl"
    assert envelope.rcpt_tos == ["jan@example.nl"]
    [received] = smtp_server.inbox.messages
    assert received["Subject"] == "Bevestig uw verzoek om inzage"
    assert received["Message-ID"] == message["Message-ID"]
    body = received.get_body(("plain",))
    assert body is not None and "https://privacy.example/v/abc" in body.get_content()


def test_the_smtp_mailer_logs_in() -> None:
    inbox = Inbox()
    controller, server = _start(inbox, authenticator=_authenticator(inbox), auth_require_tls=False)
    try:
        SMTPMailer(
            server.host, server.port, username="waarborg", password="geheim", mode="plain"
        ).send(_simple(), "jan@example.nl")
        with pytest.raises(MailError, match="refused the login"):
            SMTPMailer(
                server.host,
                server.port,
                username="waarborg",
                password="fout",
                mode="plain",
                timeout=5,
            ).send(_simple(), "jan@example.nl")
    finally:
        controller.stop()
    assert inbox.logins == ["waarborg"]
    assert len(inbox.envelopes) == 1


def test_the_smtp_mailer_upgrades_with_starttls(certificate: tuple[Path, Path]) -> None:
    server_context, client_context = _contexts(certificate)
    inbox = Inbox()
    controller, server = _start(inbox, tls_context=server_context, require_starttls=True)
    try:
        SMTPMailer(server.host, server.port, mode="starttls", ssl_context=client_context).send(
            _simple(), "jan@example.nl"
        )
        with pytest.raises(MailError, match="cannot send"):
            SMTPMailer(server.host, server.port, mode="plain").send(_simple(), "jan@example.nl")
        with pytest.raises(MailError, match="CERTIFICATE_VERIFY_FAILED"):
            SMTPMailer(server.host, server.port, mode="starttls").send(_simple(), "jan@example.nl")
    finally:
        controller.stop()
    assert len(inbox.envelopes) == 1


def test_the_smtp_mailer_speaks_tls_from_the_start(certificate: tuple[Path, Path]) -> None:
    server_context, client_context = _contexts(certificate)
    inbox = Inbox()
    controller, server = _start(inbox, ssl_context=server_context)
    try:
        SMTPMailer(server.host, server.port, mode="ssl", ssl_context=client_context).send(
            _simple(), "jan@example.nl"
        )
    finally:
        controller.stop()
    assert len(inbox.envelopes) == 1


def test_an_unreachable_smtp_server_is_a_mail_error() -> None:
    mailer = SMTPMailer("127.0.0.1", _free_port(), mode="plain", timeout=2)
    with pytest.raises(MailError, match=r"cannot send through 127\.0\.0\.1"):
        mailer.send(_simple(), "jan@example.nl")


def test_the_settings_choose_smtp_or_the_outbox(tmp_path: Path) -> None:
    folder = mailer_from_settings(Settings(data_dir=tmp_path))
    assert isinstance(folder, FolderMailer) and folder.folder == tmp_path / "outbox"
    smtp = mailer_from_settings(
        Settings(
            data_dir=tmp_path,
            smtp_host="mail.example.nl",
            smtp_port=465,
            smtp_ssl=True,
            smtp_username="u",
            smtp_password="p",
        )
    )
    assert isinstance(smtp, SMTPMailer)
    assert (smtp.host, smtp.port, smtp.mode, smtp.password) == ("mail.example.nl", 465, "ssl", "p")


# --- the outbox folder -------------------------------------------------------------------


def test_the_outbox_writes_parseable_eml_files_once(tmp_path: Path) -> None:
    mailer = FolderMailer(tmp_path / "outbox")
    message = _simple()
    path = mailer.write(message)
    assert mailer.write(message) == path
    assert [p.name for p in (tmp_path / "outbox").iterdir()] == [path.name]
    assert path.suffix == ".eml"
    parsed = email.message_from_bytes(path.read_bytes(), _class=EmailMessage, policy=default)
    assert parsed["Subject"] == message["Subject"]
    assert parsed["To"] == "jan@example.nl"
    assert parsed.get_content_type() == "multipart/alternative"
    html = parsed.get_body(("html",))
    assert html is not None and "privacy.example/v/abc" in html.get_content()


# --- the outbox queue --------------------------------------------------------------------


def test_a_letter_is_queued_once_and_sent_once(database: Database, smtp_server: SMTPServer) -> None:
    with database.write() as session:
        assert enqueue(session, _simple(), key="request:r1:verification", kind="verification")
    with database.write() as session:  # the same job, run again after a crash
        assert not enqueue(session, _simple(), key="request:r1:verification", kind="verification")
    mailer = SMTPMailer(smtp_server.host, smtp_server.port, mode="plain")
    first = deliver(database, mailer)
    second = deliver(database, mailer)
    assert len(first.sent) == 1 and second.sent == []
    [received] = smtp_server.inbox.messages
    assert received["Message-ID"] == message_id_for("request:r1:verification", "iemagoo.nl")
    with database.read() as session:
        row = session.get_one(OutboxMessage, first.sent[0])
        assert row.status is OutboxStatus.SENT and row.sent_at is not None


def test_a_failed_delivery_is_retried_later_and_given_up_in_the_end(database: Database) -> None:
    class Down:
        live_links = True

        def send(self, message: EmailMessage, recipient: str) -> None:
            raise MailError("the server is down")

    with clock.frozen(T0) as advance:
        with database.write() as session:
            enqueue(session, _simple(), key="k", kind="verification")
        report = deliver(database, Down())
        assert len(report.retrying) == 1
        assert deliver(database, Down()).retrying == []  # not due yet
        for _ in range(MAX_ATTEMPTS - 1):
            advance(timedelta(days=1))
            report = deliver(database, Down())
        assert len(report.failed) == 1
    with database.read() as session:
        row = session.get_one(OutboxMessage, report.failed[0])
        assert row.status is OutboxStatus.FAILED
        assert row.attempts == MAX_ATTEMPTS and row.last_error == "the server is down"


# --- per-recipient delivery (issue 10, finding 5) -----------------------------------------


@dataclass
class Refusing(Inbox):
    """A server that refuses some recipients at RCPT TO, with the answer given."""

    refuse: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _queue_as_before(database: Database, to: str) -> int:
    """A message to ``to`` as an older Waarborg queued it, before letters went to one
    address each."""
    message = _simple()
    del message["To"]
    message["To"] = to
    with database.write() as session:
        row = OutboxMessage(
            idempotency_key="old",
            kind="verification",
            recipient=to,
            subject="s",
            message=message.as_bytes(),
            status=OutboxStatus.QUEUED,
            created_at=T0,
            attempts=0,
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.mark.parametrize(
    ("answer", "attempts"), [("550 5.1.1 no such mailbox", 1), ("451 4.3.0 try later", 10)]
)
def test_what_a_server_accepted_is_never_sent_again(
    database: Database, answer: str, attempts: int
) -> None:
    """``victim@example.nl,x.yz``: the server refuses ``x.yz``. The victim gets the
    message once; a refusal for good is not tried again, a passing one is, to x.yz only."""
    inbox = Refusing(refuse={"x.yz": answer})
    controller, server = _start(inbox)
    mailer = SMTPMailer(server.host, server.port, mode="plain")
    try:
        with clock.frozen(T0) as advance:
            outbox_id = _queue_as_before(database, "victim@example.nl,x.yz")
            for _ in range(MAX_ATTEMPTS + 2):
                deliver(database, mailer)
                advance(timedelta(days=1))
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in inbox.envelopes] == [["victim@example.nl"]]
    with database.read() as session:
        row = session.get_one(OutboxMessage, outbox_id)
    assert row.status is OutboxStatus.FAILED and row.attempts == attempts
    assert row.deliveries["victim@example.nl"]["accepted"] is True
    refused = row.deliveries["x.yz"]
    assert refused["accepted"] is False and answer.split()[0] in refused["error"]
    assert refused["permanent"] is (answer[0] == "5")


def test_a_letter_goes_to_one_address(database: Database) -> None:
    with database.write() as session:
        for to in ("victim@example.nl,x.yz", "a@example.nl, b@example.nl", "x.yz"):
            with pytest.raises(MailError, match="one e-mail address"):
                enqueue(session, _simple(to), key=f"k:{to}", kind="verification")
        bcc = _simple()
        bcc["Bcc"] = "eve@example.nl"
        with pytest.raises(MailError, match="one e-mail address"):
            enqueue(session, bcc, key="k:bcc", kind="verification")


def test_an_address_list_is_refused_at_intake(centre: Centre) -> None:
    """``victim@example.nl,x.yz`` is refused where it comes in, on every form (the
    same form with one address is taken), and nothing goes to the victim."""
    listed = "victim@example.nl,x.yz"
    assert centre.file("access", listed).status_code == 422
    assert centre.file("access", "eve@example.nl").status_code == 303
    for path, data in (
        ("/nl/newsletter/newsletter", {}),
        ("/nl/complaint", {"name": "Eve", "text": "Een klacht."}),
    ):
        for address, status in ((listed, 422), ("eve@example.nl", 303)):
            sent = {**data, "email": address, "csrf_token": centre.csrf(path)}
            answer = centre.client.post(path, data=sent, follow_redirects=False)
            assert answer.status_code == status, (path, address, answer.status_code)
    with centre.database.read() as session:
        recipients = set(session.scalars(select(OutboxMessage.recipient)))
    assert recipients == {"eve@example.nl"}


def test_the_smtp_mailer_sends_to_the_one_recipient_it_is_given(smtp_server: SMTPServer) -> None:
    message = _simple("victim@example.nl, other@example.nl")
    SMTPMailer(smtp_server.host, smtp_server.port, mode="plain").send(message, "other@example.nl")
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes] == [["other@example.nl"]]


def test_a_refused_recipient_is_named_and_said_whether_for_good() -> None:
    inbox = Refusing(refuse={"gone@example.nl": "550 5.1.1 no such mailbox"})
    controller, server = _start(inbox)
    try:
        with pytest.raises(RecipientRefused) as refused:
            SMTPMailer(server.host, server.port, mode="plain").send(
                _simple("gone@example.nl"), "gone@example.nl"
            )
    finally:
        controller.stop()
    assert refused.value.permanent and refused.value.code == 550
    assert "gone@example.nl" in str(refused.value)


# --- one-click unsubscribe (RFC 8058) ----------------------------------------------------


def test_the_one_click_unsubscribe_headers() -> None:
    headers = list_unsubscribe_headers(
        "https://privacy.example/u/tok", mailto="unsubscribe@example.nl"
    )
    assert headers == {
        "List-Unsubscribe": "<https://privacy.example/u/tok>, <mailto:unsubscribe@example.nl>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = _simple()
    add_list_unsubscribe(message, "https://privacy.example/u/tok")
    add_list_unsubscribe(message, "https://privacy.example/u/tok2")
    assert message.get_all("List-Unsubscribe") == ["<https://privacy.example/u/tok2>"]
    assert list_unsubscribe_headers("http://127.0.0.1:8000/u/t")["List-Unsubscribe"]


@pytest.mark.parametrize(
    "url", ["http://privacy.example/u/t", "mailto:x@example.nl", "https://x.example/a,b"]
)
def test_an_unsubscribe_url_must_be_https(url: str) -> None:
    with pytest.raises(MailError):
        list_unsubscribe_headers(url)


def test_letters_made_with_the_header_caches_are_the_standard_librarys_bytes() -> None:
    """``compose.POLICY`` parses a repeating header's value once and folds each header
    once per way of folding; the messages are the bytes ``email.policy.default`` makes
    (apart from the random boundary), letter after letter, in both ways of writing."""
    rendered = Rendered(
        subject="Uw verzoek om inzage — antwoord " + "lang " * 20,
        text="Beste Jan,\n\nHier is de link: https://example.nl/d/abc\n\n- één\n- twee\n",
        html="<p>Beste Jan,</p>",
    )

    def made(policy: Any, to: str) -> EmailMessage:
        message = EmailMessage(policy=policy)
        message["Subject"] = rendered.subject
        message["From"] = "Koekjeshuis B.V. <privacy@koekjeshuis.nl>"
        message["To"] = to
        message["Reply-To"] = "privacy@koekjeshuis.nl"
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        message["Content-Language"] = "nl"
        return message

    def plain(data: bytes) -> bytes:
        return re.sub(rb"=+\d+==", b"BOUNDARY", data)

    letters_made = []
    for to in ("a@example.nl", "Bé <b@example.nl>", "a@example.nl"):
        ours, theirs = made(POLICY, to), made(default, to)
        assert plain(ours.as_bytes(policy=SMTP)) == plain(theirs.as_bytes(policy=SMTP))
        assert plain(ours.as_bytes()) == plain(theirs.as_bytes())
        letters_made.append(ours)
    first, second = letters_made[0], letters_made[1]
    assert first["From"] is second["From"]  # parsed once, shared
    assert first["To"] is not second["To"]  # a value that varies is parsed each time
