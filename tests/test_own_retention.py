"""Waarborg follows its own retention: the daily sweep deletes old letters, spent link
tokens, rate-limit counters, old job runs and exports, in batches, recorded, resumed
after a failure; an export goes at once after its download; the statement page says
what the privacy centre keeps and for how long."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.mail import FolderMailer
from waarborg.settings import Settings
from waarborg.store import Database, sweep, tokens
from waarborg.store.enums import (
    JobStatus,
    NoticeChannel,
    NoticeStatus,
    OutboxStatus,
    RequestKind,
    TokenPurpose,
)
from waarborg.store.models import (
    AuditEntry,
    JobRun,
    OutboxMessage,
    RateLimit,
    RecipientNotice,
    Request,
    Token,
)
from waarborg.worker import JOBS, Runner, Services

from .conftest import ROOT
from .webclient import Centre

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", secret_key="s" * 40)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with clock.frozen(NOW) as move:
        yield move


def _letter(session: Any, key: str, status: OutboxStatus, at: datetime) -> OutboxMessage:
    row = OutboxMessage(
        idempotency_key=key,
        kind="verification",
        recipient="jan@example.nl",
        subject="Bevestig uw verzoek",
        message=b"Subject: x\r\n\r\nhttps://privacy.example.nl/verify/secret\r\n",
        status=status,
        created_at=at,
        sent_at=at if status == OutboxStatus.SENT else None,
    )
    session.add(row)
    return row


def _fill(database: Database) -> dict[str, set[str]]:
    """Rows of every kind, old and fresh; returns the keys that must stay."""
    old, fresh = NOW - 31 * DAY, NOW - 29 * DAY
    with database.write() as session:
        request = Request(
            kind=RequestKind.ERASURE, email="jan@example.nl", deadline=NOW, received_at=old
        )
        session.add(request)
        session.flush()
        _letter(session, "sent-old", OutboxStatus.SENT, old)
        _letter(session, "failed-old", OutboxStatus.FAILED, old)
        _letter(session, "sent-fresh", OutboxStatus.SENT, fresh)
        _letter(session, "queued-old", OutboxStatus.QUEUED, old)
        told = _letter(session, "art19-old", OutboxStatus.SENT, old)
        session.flush()
        session.add(
            RecipientNotice(
                request_id=request.id,
                recipient="mailchimp",
                recipient_name="Mailchimp",
                channel=NoticeChannel.EMAIL,
                status=NoticeStatus.QUEUED,
                outbox_id=told.id,
            )
        )
        for name, created, expires, used in [
            ("used-old", NOW - 20 * DAY, NOW + DAY, NOW - 8 * DAY),
            ("expired-old", NOW - 20 * DAY, NOW - 8 * DAY, None),
            ("used-fresh", NOW - 20 * DAY, NOW + DAY, NOW - 6 * DAY),
            ("expired-fresh", NOW - 20 * DAY, NOW - 6 * DAY, None),
            ("live", NOW - 20 * DAY, NOW + DAY, None),
            ("forever", NOW - 400 * DAY, None, None),
        ]:
            session.add(
                Token(
                    purpose=TokenPurpose.STATUS,
                    token_hash=tokens.hash_token(name),
                    request_id=request.id,
                    created_at=created,
                    expires_at=expires,
                    used_at=used,
                )
            )
        for bucket, start in [
            ("ip:old", NOW - 2 * DAY - timedelta(hours=1)),
            ("ip:fresh", NOW - DAY),
            ("ip:now", NOW - timedelta(minutes=10)),
        ]:
            session.add(RateLimit(bucket=bucket, window_start=start, hits=3))
        session.add_all(
            [
                JobRun(job="retention", key="rules:a", status=JobStatus.DONE,
                       finished_at=NOW - 91 * DAY),
                JobRun(job="retention", key="rules:b", status=JobStatus.DONE,
                       finished_at=NOW - 89 * DAY),
                JobRun(job="retention", key="rules:c", status=JobStatus.FAILED,
                       finished_at=NOW - 200 * DAY),
            ]
        )  # fmt: skip
    return {
        "outbox": {"sent-fresh", "queued-old", "art19-old"},
        "tokens": {
            tokens.hash_token(n) for n in ("used-fresh", "expired-fresh", "live", "forever")
        },
        "rate_limits": {"ip:fresh", "ip:now"},
        "job_runs": {"rules:b", "rules:c"},
    }


def _left(database: Database) -> dict[str, set[str]]:
    with database.read() as session:
        return {
            "outbox": set(session.scalars(select(OutboxMessage.idempotency_key))),
            "tokens": set(session.scalars(select(Token.token_hash))),
            "rate_limits": set(session.scalars(select(RateLimit.bucket))),
            "job_runs": set(session.scalars(select(JobRun.key).where(JobRun.job != sweep.JOB))),
        }


def test_the_sweep_deletes_what_its_periods_let_go_and_keeps_the_rest(
    database: Database, settings: Settings, frozen: Any
) -> None:
    kept = _fill(database)
    report = sweep.sweep(database, settings)
    assert report.status == "done" and not report.resumed
    assert report.deleted == {
        "exports": 0,
        "outbox_files": 0,
        "outbox": 2,
        "tokens": 2,
        "rate_limits": 1,
        "job_runs": 1,
    }
    assert _left(database) == kept
    again = sweep.sweep(database, settings)
    assert again.status == "done" and sum(again.deleted.values()) == 0
    with database.read() as session:
        row = session.scalars(select(JobRun).where(JobRun.job == sweep.JOB)).one()
        assert row.status == JobStatus.DONE and row.result is not None


def test_letters_written_to_the_outbox_folder_go_after_their_period(
    database: Database, settings: Settings, frozen: Any
) -> None:
    folder = settings.outbox_dir
    folder.mkdir(parents=True)
    for name, age in [("old.eml", 31 * DAY), ("fresh.eml", 29 * DAY), ("notes.txt", 99 * DAY)]:
        path = folder / name
        path.write_text("x", "utf-8")
        stamp = (NOW - age).timestamp()
        os.utime(path, (stamp, stamp))
    assert sweep.sweep(database, settings).deleted["outbox_files"] == 1
    assert sorted(p.name for p in folder.iterdir()) == ["fresh.eml", "notes.txt"]


def test_the_sweep_works_in_batches_and_resumes_after_a_failure(
    database: Database, settings: Settings, frozen: Any
) -> None:
    with database.write() as session:
        for number in range(7):
            session.add(RateLimit(bucket=f"ip:{number}", window_start=NOW - 3 * DAY, hits=1))
    deletes = [0]

    def fail_on_the_third(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM RATE_LIMITS"):
            deletes[0] += 1
            if deletes[0] == 3:
                raise RuntimeError("the database went away")

    event.listen(database.engine, "before_cursor_execute", fail_on_the_third)
    try:
        with pytest.raises(RuntimeError, match="the database went away"):
            sweep.sweep(database, settings, batch=2)
    finally:
        event.remove(database.engine, "before_cursor_execute", fail_on_the_third)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(RateLimit)) == 3
        run = session.scalars(select(JobRun).where(JobRun.job == sweep.JOB)).one()
        assert run.status == JobStatus.FAILED
        assert run.progress["deleted"]["rate_limits"] == 4  # two batches of two
    frozen(DAY)  # the next day's run resumes with the first run's cut-off times
    resumed = sweep.sweep(database, settings, batch=2)
    assert resumed.resumed and resumed.now == NOW
    assert resumed.deleted["rate_limits"] == 7


def test_a_sweep_does_nothing_while_another_runs(
    database: Database, settings: Settings, frozen: Any
) -> None:
    with database.write() as session:
        session.add(
            JobRun(job=sweep.JOB, key="all", status=JobStatus.RUNNING, heartbeat_at=NOW,
                   progress={"now": NOW.isoformat(), "deleted": {}})
        )  # fmt: skip
    assert sweep.sweep(database, settings).status == "busy"
    frozen(timedelta(minutes=1))  # its worker stopped beating: taken over
    assert sweep.sweep(database, settings).status == "done"


def test_the_daily_job_records_its_run_in_the_audit_log(
    database: Database, settings: Settings, frozen: Any, tmp_path: Path
) -> None:
    _fill(database)
    declaration = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    services = Services.build(database, declaration, settings, mailer=FolderMailer(tmp_path / "o"))
    job = JOBS["own-retention"]
    assert job.every == DAY
    outcome = Runner(services, [job]).tick("own-retention")
    assert outcome is not None and outcome.error is None and outcome.result is not None
    assert outcome.result["deleted"]["tokens"] == 2
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "own_retention.run")
        ).one()
    assert '"tokens":2' in entry.data


# --- exports ------------------------------------------------------------------------------


def test_an_export_is_deleted_at_once_after_its_download(centre: Centre) -> None:
    centre.verified("access")
    assert centre.run_worker() == 1
    exports = list(centre.settings.exports_dir.glob("*.zip"))
    assert len(exports) == 1
    download = centre.link("answered")
    page = centre.client.get(download)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    zipped = centre.client.post(download, data={"csrf_token": token.group(1)})
    assert zipped.status_code == 200 and zipped.content.startswith(b"PK")
    assert not exports[0].exists()  # not kept for the days the link had left


def test_the_exports_job_deletes_spent_expired_and_left_over_exports(
    database: Database, settings: Settings, frozen: Any
) -> None:
    folder = settings.exports_dir
    folder.mkdir(parents=True)
    files = {name: folder / f"{name}.zip" for name in ("used", "expired", "live", "orphan")}
    for path in files.values():
        path.write_bytes(b"PK")
    stale = (NOW - 8 * DAY).timestamp()
    os.utime(files["orphan"], (stale, stale))
    os.utime(files["live"], (stale, stale))  # old, but its link still works
    (folder / "x.partial").write_bytes(b"")
    os.utime(folder / "x.partial", (stale, stale))
    with database.write() as session:
        for name, expires, used in [
            ("used", NOW + DAY, NOW - timedelta(minutes=5)),
            ("expired", NOW - timedelta(minutes=5), None),
            ("live", NOW + DAY, None),
        ]:
            session.add(
                Token(
                    purpose=TokenPurpose.DOWNLOAD,
                    token_hash=tokens.hash_token(name),
                    data={"path": str(files[name])},
                    created_at=NOW - 7 * DAY,
                    expires_at=expires,
                    used_at=used,
                )
            )
    assert sweep.expired_exports(database, settings) == 4
    assert sorted(p.name for p in folder.iterdir()) == ["live.zip"]
    with database.read() as session:
        paths = {t.token_hash: t.data.get("path") for t in session.scalars(select(Token))}
    assert paths[tokens.hash_token("used")] is None
    assert paths[tokens.hash_token("live")] == str(files["live"])


# --- the statement page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "Wat dit privacycentrum zelf bewaart",
                "30 dagen nadat de e-mail is verstuurd",
                "tot 7 dagen nadat de link is gebruikt of is verlopen",
                "Verwijderd zodra u ze hebt gedownload, of wanneer de downloadlink verloopt: "
                "7 dagen na ons antwoord",
                "tot 1 dag nadat de telperiode (1 uur) is afgelopen",
                "(artikel 5, lid 2 AVG)",
                "(artikel 7, lid 1 AVG)",
            ],
        ),
        (
            "en",
            [
                "What this privacy centre itself keeps",
                "30 days after the e-mail was sent",
                "until 7 days after the link was used or expired",
                "Deleted as soon as you have downloaded it, or when the download link expires: "
                "7 days after our answer",
                "until 1 day after the counting period (1 hour) has ended",
                "(Article 5(2) GDPR)",
                "(Article 7(1) GDPR)",
            ],
        ),
    ],
)
def test_the_statement_page_says_what_the_centre_itself_keeps(
    centre: Centre, lang: str, expected: list[str]
) -> None:
    page = centre.client.get(f"/{lang}/privacy").text
    section = page[page.index('<section id="privacy-centre"') :]
    for text in expected:
        assert text in section, text
    assert '<a href="#privacy-centre">' in page  # in the contents
    assert not re.search(r"\bP\d+[DWMY]\b|PT\d", section)  # no ISO durations
    assert section.index("</section>") < section.index("</main>")
