"""No secret in the clear at rest (issue 10, findings 1 and 3).

The probe of finding 1, repeated: with a copy of the store (every table, and the
SQLite files as bytes) and of the outbox folder in hand, no string in them opens a
link. Every candidate is tried as a token of every purpose, at each step of a request
from filing to download, while the person's own links, read from a real mail server,
keep working. And Waarborg's own files are its owner's alone (finding 3).
"""

from __future__ import annotations

import email
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Iterable, Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.pool import NullPool

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.errors import MailError
from waarborg.files import DIR_MODE, FILE_MODE
from waarborg.mail import FolderMailer, SMTPMailer, mailer_from_settings
from waarborg.mail.queue import deliver
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate, tokens
from waarborg.store.enums import OutboxStatus
from waarborg.store.models import OutboxMessage, Token

from .test_mail import SMTPServer, smtp_server
from .webclient import Centre

__all__ = ["smtp_server"]

#: Anything that could be a token: token_urlsafe(32) gives 43 of these characters.
_CANDIDATE = re.compile(r"[A-Za-z0-9_-]{20,}")
_LINK = re.compile(r"http://testserver(/[^\s\"<>]+)")


# --- the attacker's side ---------------------------------------------------------------


def _texts(value: Any) -> Iterator[str]:
    """What a reader gets out of one stored value: the text, and for a message its
    decoded parts (a link may be split across lines in the raw quoted-printable)."""
    if value is None:
        return
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        yield raw.decode("utf-8", "replace")
        parsed = email.message_from_bytes(raw, _class=EmailMessage, policy=default)
        for part in parsed.walk():
            if part.get_content_maintype() == "text" and not part.is_multipart():
                yield str(part.get_content())
        return
    yield str(value)


def copy_of_the_store(database: Database, files: Iterable[Path] = ()) -> list[str]:
    """Everything a copy of the store holds, as text: every row of every table, and
    the bytes of the given files (the SQLite database and its -wal, the outbox folder)."""
    texts: list[str] = []
    engine = create_engine(database.url, poolclass=NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    for value in row:
                        texts.extend(_texts(value))
    finally:
        engine.dispose()
    for path in files:
        for item in [path] if path.is_file() else sorted(path.rglob("*")):
            if item.is_file():
                texts.extend(_texts(item.read_bytes()))
    return texts


def live_tokens(database: Database, texts: Iterable[str]) -> set[str]:
    """The strings among ``texts`` that open a link now: a valid, unused token of any
    purpose (verification, status, download, newsletter confirmation)."""
    candidates = {found for text in texts for found in _CANDIDATE.findall(text)}
    hashes = {tokens.hash_token(candidate): candidate for candidate in candidates}
    now = clock.now()
    with database.read() as session:
        valid = session.scalars(select(Token.token_hash).where(Token.used_at.is_(None))).all()
        expired = set(
            session.scalars(select(Token.token_hash).where(Token.expires_at <= now)).all()
        )
    return {hashes[h] for h in valid if h in hashes and h not in expired}


def _sqlite_files(database: Database) -> list[Path]:
    if database.dialect != "sqlite" or not database.url.database:
        return []
    base = Path(database.url.database)
    return [path for path in (base, Path(f"{base}-wal")) if path.exists()]


# --- the person's side -------------------------------------------------------------------


def _link(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = _LINK.search(str(body.get_content()))
    assert found, body.get_content()
    return found.group(1)


def test_a_copy_of_the_store_opens_no_link_at_any_step(
    centre: Centre, smtp_server: SMTPServer, tmp_path: Path
) -> None:
    """Issue 10, finding 1: file, verify, answer, download; after every step a copy of
    the store gives nobody a link, while the person's links work."""
    database = centre.database
    mailer = SMTPMailer(smtp_server.host, smtp_server.port, mode="plain")
    inbox = smtp_server.inbox

    def probe(step: str) -> None:
        copy = tmp_path / f"copy-{step}"
        copy.mkdir()
        files = [Path(shutil.copy(path, copy)) for path in _sqlite_files(database)]
        stolen = live_tokens(database, copy_of_the_store(database, files))
        assert stolen == set(), f"{step}: a copy of the store opens {sorted(stolen)}"

    assert centre.file("access", "jan.jansen@example.nl").status_code == 303
    probe("queued-verification")
    assert deliver(database, mailer).sent
    probe("sent-verification")

    verify = _link(inbox.messages[-1])
    token = verify.rsplit("/", 1)[1]
    # The probe would have caught it: the person's own token is live.
    assert live_tokens(database, [verify]) == {token}
    assert centre.confirm(verify).status_code == 200
    probe("queued-received")
    assert deliver(database, mailer).sent
    probe("sent-received")
    status = _link(inbox.messages[-1])
    assert centre.client.get(status).status_code == 200

    assert centre.run_worker() == 1
    probe("queued-answer")
    assert deliver(database, mailer).sent
    probe("sent-answer")

    download = _link(inbox.messages[-1])
    page = centre.client.get(download)
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    zipped = centre.client.post(download, data={"csrf_token": csrf.group(1)})
    assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"
    with database.read() as session:
        for row in session.scalars(select(OutboxMessage)):
            assert row.status is OutboxStatus.SENT
            assert row.message == b"" and row.links == {}  # the text is not kept
            assert row.recipient == "jan.jansen@example.nl" and row.sent_at is not None


def test_the_outbox_folder_masks_the_links_it_keeps(centre: Centre, tmp_path: Path) -> None:
    """The embedded default: the letter reads as sent, its link masked; neither the
    folder nor the store opens the request."""
    folder = tmp_path / "outbox"
    assert centre.file("access", "jan.jansen@example.nl").status_code == 303
    assert deliver(centre.database, FolderMailer(folder)).sent
    [letter] = folder.glob("*.eml")
    parsed = email.message_from_bytes(letter.read_bytes(), _class=EmailMessage, policy=default)
    text = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert text is not None and html is not None
    assert "http://testserver/verify/***" in text.get_content()
    assert 'href="http://testserver/verify/***"' in html.get_content()
    files = [folder, *_sqlite_files(centre.database)]
    assert live_tokens(centre.database, copy_of_the_store(centre.database, files)) == set()


def test_live_links_in_the_outbox_folder_are_a_choice_and_work(
    centre: Centre, tmp_path: Path
) -> None:
    """``WAARBORG_OUTBOX_LINKS=live`` (the demo's default): the folder's link works."""
    folder = tmp_path / "outbox"
    centre.file("access", "jan.jansen@example.nl")
    assert deliver(centre.database, FolderMailer(folder, live_links=True)).sent
    [letter] = folder.glob("*.eml")
    parsed = email.message_from_bytes(letter.read_bytes(), _class=EmailMessage, policy=default)
    link = _link(parsed)
    assert "***" not in link
    assert centre.confirm(link).status_code == 200


def test_the_settings_choose_masked_links_unless_it_is_the_demo(tmp_path: Path) -> None:
    demo = Settings(data_dir=tmp_path)
    own = Settings(data_dir=tmp_path, declaration=tmp_path / "privacy.yaml")
    assert demo.outbox_live_links and not own.outbox_live_links
    assert Settings(data_dir=tmp_path, outbox_links="masked").outbox_live_links is False
    chosen = Settings(data_dir=tmp_path, declaration=tmp_path / "p.yaml", outbox_links="live")
    assert chosen.outbox_live_links
    folder = mailer_from_settings(own)
    assert isinstance(folder, FolderMailer) and folder.live_links is False


def test_a_resent_letter_gets_a_fresh_token_and_the_first_one_dies(
    centre: Centre, smtp_server: SMTPServer
) -> None:
    """A delivery tried again before any server accepted the letter makes its token
    anew; only the token of the letter that arrived opens the link."""

    class Refusing:
        live_links = True

        def __init__(self) -> None:
            self.seen: list[str] = []

        def send(self, message: EmailMessage, recipient: str) -> None:
            self.seen.append(_link(message))
            raise MailError("try again later")

    centre.file("access", "jan.jansen@example.nl")
    refusing = Refusing()
    with clock.frozen(clock.now()) as advance:
        assert deliver(centre.database, refusing).retrying
        advance(timedelta(minutes=2))
        assert deliver(
            centre.database, SMTPMailer(smtp_server.host, smtp_server.port, mode="plain")
        ).sent
        [first] = refusing.seen
        arrived = _link(smtp_server.inbox.messages[-1])
        assert first != arrived
        assert live_tokens(centre.database, [first, arrived]) == {arrived.rsplit("/", 1)[1]}


def test_the_upgrade_empties_letters_already_sent(database_url: str) -> None:
    """Stores from before: a sent letter's body held its live link; the migration
    empties it, and leaves a queued one to be sent."""
    url = database_url
    migrate(url, "0005")
    old = create_engine(url, poolclass=NullPool)
    body = b"Subject: s\r\n\r\nhttps://p.example/verify/live-token\r\n"
    try:
        with old.begin() as connection:
            for key in ("sent", "queued"):
                connection.execute(
                    text(
                        "INSERT INTO outbox (idempotency_key, kind, recipient, subject, "
                        "message, status, created_at, attempts) VALUES "
                        "(:key, 'verification', 'jan@example.nl', 's', :body, :key, "
                        "'2026-03-02 09:00:00', 0)"
                    ),
                    {"key": key, "body": body},
                )
    finally:
        old.dispose()
    migrate(url)
    database = Database(url)
    try:
        with database.read() as session:
            query = select(OutboxMessage.idempotency_key, OutboxMessage.message)
            bodies = {key: bytes(value) for key, value in session.execute(query)}
    finally:
        database.dispose()
    assert bodies["sent"] == b""
    assert b"live-token" in bodies["queued"]


# --- finding 3: file modes ---------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022), under which a plain open() makes a file world-readable."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_waarborgs_own_files_are_its_owners_alone(tmp_path: Path) -> None:
    """Issue 10, finding 3: the store (with its -wal and -shm), the secret key, the
    exports, the outbox and the demo's CRM: files 0600, folders 0700."""
    data = tmp_path / "data"
    settings = Settings(data_dir=data, base_url="https://privacy.example.nl")
    settings.ensure_secret_key()
    declaration = load(ensure_demo(data / "demo"))
    migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        requests = Requests(database, declaration, settings)
        public_id = requests.file(kind="access", email="jan.jansen@example.nl")
        box = FolderMailer(settings.outbox_dir, live_links=True)
        deliver(database, box)
        [letter] = settings.outbox_dir.glob("*.eml")
        verify = re.search(r"/verify/([A-Za-z0-9_-]+)", letter.read_text("utf-8"))
        assert verify and requests.verify(verify.group(1)) == public_id
        requests.process(public_id)
        deliver(database, box)
        requests.close()
        assert Path(f"{data / 'waarborg.db'}-wal").exists()
        assert Path(f"{data / 'waarborg.db'}-shm").exists()
        [export] = settings.exports_dir.glob("*.zip")
        assert zipfile.is_zipfile(export)
        modes = {
            str(path.relative_to(tmp_path)): stat.S_IMODE(path.stat().st_mode)
            for path in [data, *data.rglob("*")]
        }
    finally:
        database.dispose()
    assert {name: mode for name, mode in modes.items() if Path(tmp_path / name).is_dir()} == {
        name: DIR_MODE for name in modes if Path(tmp_path / name).is_dir()
    }
    files = {name: mode for name, mode in modes.items() if not Path(tmp_path / name).is_dir()}
    assert files == dict.fromkeys(files, FILE_MODE)
    for expected in ("data/waarborg.db", "data/secret_key", "data/demo/crm.sqlite"):
        assert expected in files
