"""Checkpoints anchor the audit log outside the database: a log cut short, or rewritten
from the start, verifies on its own but not against a checkpoint; a forged checkpoint
is refused; the worker checkpoints the head and stops when the log broke since."""

from __future__ import annotations

import email
import json
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select, text

from waarborg import audit, clock
from waarborg.audit import checkpoint as cp
from waarborg.audit.anchor import MAIL_KIND, Anchor, anchor
from waarborg.audit.chain import GENESIS, entry_hash
from waarborg.cli import main
from waarborg.declaration.loader import load
from waarborg.errors import AuditError
from waarborg.mail import FolderMailer
from waarborg.settings import Settings
from waarborg.store import Database
from waarborg.store.models import AuditEntry, OutboxMessage
from waarborg.worker import JOBS, Runner, Services

from .conftest import ROOT

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "k" * 40
KEY = cp.checkpoint_key(SECRET)


def _fill(database: Database, count: int, *, start: int = 1) -> None:
    for number in range(start, start + count):
        with database.write() as session:
            audit.append(
                session,
                actor="admin:anna",
                action="request.denied" if number == 2 else "request.verified",
                subject=f"request-{number}",
                data={"n": number},
            )


def _truncate(database: Database, keep: int) -> None:
    """What someone with write access to the database does to hide the last entries:
    delete them and move the head back to the last one kept."""
    with database.write() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq > :keep"), {"keep": keep})
        last = session.get_one(AuditEntry, keep)
        session.execute(
            text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
            {"seq": keep, "hash": last.hash},
        )


def _rewrite(database: Database) -> None:
    """Rewrite the whole chain: entry 2 says something else, every hash recomputed."""
    with database.write() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        prev = GENESIS
        for entry in entries:
            action = "request.verified" if entry.seq == 2 else entry.action
            digest = entry_hash(
                entry.seq, entry.at, entry.actor, action, entry.subject, entry.data, prev
            )
            session.execute(
                text(
                    "UPDATE audit_log SET action = :action, prev_hash = :prev, hash = :hash "
                    "WHERE seq = :seq"
                ),
                {"action": action, "prev": prev, "hash": digest, "seq": entry.seq},
            )
            prev = digest
        session.execute(text("UPDATE audit_head SET hash = :hash WHERE id = 1"), {"hash": prev})


def _kinds(problems: list[audit.ChainProblem]) -> list[tuple[int | None, str]]:
    return [(p.seq, p.kind) for p in problems]


def _checkpoint(database: Database, key: bytes = KEY) -> cp.Checkpoint:
    with database.read() as session:
        return cp.take(session, key)


def _verify(database: Database, *checkpoints: cp.Checkpoint) -> list[tuple[int | None, str]]:
    with database.read() as session:
        return _kinds(cp.verify_with(session, list(checkpoints), KEY))


# --- the findings ----------------------------------------------------------------------


def test_a_truncated_log_verifies_alone_but_not_against_a_checkpoint(database: Database) -> None:
    _fill(database, 5)
    taken = _checkpoint(database)
    assert (taken.seq, cp.signature_problem(taken, KEY)) == (5, None)
    _truncate(database, 3)
    assert _verify(database) == []  # the chain alone cannot tell
    assert _verify(database, taken) == [(5, "truncated")]


def test_a_rewritten_chain_verifies_alone_but_not_against_a_checkpoint(
    database: Database,
) -> None:
    _fill(database, 5)
    taken = _checkpoint(database)
    _rewrite(database)
    assert _verify(database) == []
    assert _verify(database, taken) == [(5, "rewritten")]
    _fill(database, 2, start=6)  # the rewritten log grows on: still caught
    assert _verify(database, taken) == [(5, "rewritten")]


def test_a_truncated_log_that_grew_again_is_caught_as_rewritten(database: Database) -> None:
    _fill(database, 5)
    taken = _checkpoint(database)
    _truncate(database, 3)
    _fill(database, 4, start=4)
    assert _verify(database) == []
    assert _verify(database, taken) == [(5, "rewritten")]


def test_a_forged_checkpoint_is_refused(database: Database) -> None:
    _fill(database, 5)
    taken = _checkpoint(database)
    _truncate(database, 3)
    # a checkpoint edited to match the truncated log, without the instance's key
    with database.read() as session:
        seq, digest = audit.head(session)
    forged = cp.Checkpoint(seq, digest, taken.at, taken.key_id, taken.signature, "forged.json")
    assert "altered or forged" in (cp.signature_problem(forged, KEY) or "")
    assert _verify(database, forged) == [(None, "checkpoint")]
    # one signed with another key is not taken for this instance's
    other = cp.sign(seq, digest, taken.at, cp.checkpoint_key("x" * 40))
    assert "another key" in (cp.signature_problem(other, KEY) or "")
    assert _verify(database, other) == [(None, "checkpoint")]


def test_a_clean_log_verifies_against_its_checkpoints(database: Database) -> None:
    assert _checkpoint(database).seq == 0
    _fill(database, 3)
    first = _checkpoint(database)
    _fill(database, 3, start=4)
    second = _checkpoint(database)
    _fill(database, 1, start=7)
    assert _verify(database, first, second) == []


def test_a_checkpoint_round_trips_through_its_file(tmp_path: Path) -> None:
    taken = cp.sign(12, "a" * 64, T0, KEY)
    path = cp.write(tmp_path / "points", taken)
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "points").stat().st_mode & 0o777 == 0o700
    read = cp.load(path)
    assert (read.seq, read.hash, read.at, read.signature) == (12, "a" * 64, T0, taken.signature)
    assert cp.signature_problem(read, KEY) is None
    assert json.loads(path.read_text("utf-8"))["format"] == cp.FORMAT
    for text_ in ("{}", "not json", json.dumps({**taken.as_dict(), "seq": "12"})):
        with pytest.raises(AuditError, match="not a checkpoint"):
            cp.loads(text_, source="x.json")


# --- waarborg audit verify --checkpoint ----------------------------------------------------


def _cli(database: Database, tmp_path: Path, *args: str) -> Result:
    env = {
        "WAARBORG_DATABASE_URL": database.url.render_as_string(False),
        "WAARBORG_SECRET_KEY": SECRET,
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
    }
    return CliRunner().invoke(main, list(args), env=env)


def test_the_cli_catches_a_rewritten_chain_with_a_checkpoint(
    database: Database, tmp_path: Path
) -> None:
    _fill(database, 5)
    made = _cli(database, tmp_path, "audit", "checkpoint", "-o", str(tmp_path / "cp.json"))
    assert made.exit_code == 0, made.output
    clean = _cli(database, tmp_path, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"))
    assert clean.exit_code == 0, clean.output
    assert "intact: 5 entries" in clean.output and "1 checkpoint(s)" in clean.output

    _rewrite(database)
    alone = _cli(database, tmp_path, "audit", "verify")
    assert alone.exit_code == 0  # the finding: a rewritten chain verifies on its own
    caught = _cli(database, tmp_path, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"))
    assert caught.exit_code == 1
    assert "entry 5: its hash is not the one the checkpoint of" in caught.output
    assert "the log was rewritten up to this entry" in caught.output
    assert "Traceback" not in caught.output

    as_json = _cli(
        database, tmp_path, "audit", "verify", "--format", "json", "--checkpoint", str(tmp_path)
    )
    assert as_json.exit_code == 1
    report = json.loads(as_json.output)
    assert [p["kind"] for p in report["problems"]] == ["rewritten"]
    assert report["checkpoints"][0]["seq"] == 5


def test_the_cli_catches_truncation_and_a_forged_checkpoint(
    database: Database, tmp_path: Path
) -> None:
    _fill(database, 5)
    _cli(database, tmp_path, "audit", "checkpoint", "-o", str(tmp_path / "cp.json"))
    _truncate(database, 3)
    caught = _cli(database, tmp_path, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"))
    assert caught.exit_code == 1
    assert "names entry 5, but the log ends at entry 3" in caught.output

    data = json.loads((tmp_path / "cp.json").read_text("utf-8"))
    with database.read() as session:
        data["seq"], data["hash"] = audit.head(session)
    (tmp_path / "forged.json").write_text(json.dumps(data), "utf-8")
    forged = _cli(
        database, tmp_path, "audit", "verify", "--checkpoint", str(tmp_path / "forged.json")
    )
    assert forged.exit_code == 1
    assert "forged.json does not carry this instance's signature" in forged.output

    (tmp_path / "junk.json").write_text("[1, 2]", "utf-8")
    junk = _cli(database, tmp_path, "audit", "verify", "--checkpoint", str(tmp_path / "junk.json"))
    assert junk.exit_code == 1 and "junk.json is not a checkpoint" in junk.output
    assert "Traceback" not in junk.output


def test_the_cli_makes_no_checkpoint_of_a_broken_chain(database: Database, tmp_path: Path) -> None:
    _fill(database, 3)
    with database.write() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone' WHERE seq = 2"))
    result = _cli(database, tmp_path, "audit", "checkpoint")
    assert result.exit_code == 1 and "a checkpoint would pin a broken chain" in result.output


# --- the worker's checkpoints ----------------------------------------------------------------


def _anchor(tmp_path: Path, mail_to: str | None = None) -> Anchor:
    return Anchor(folder=tmp_path / "points", key=KEY, mail_to=mail_to, sender="privacy@iemagoo.nl")


def test_the_worker_checkpoints_the_head_when_it_moved(database: Database, tmp_path: Path) -> None:
    target = _anchor(tmp_path)
    assert anchor(database, target) == {"seq": 0, "status": "empty"}
    _fill(database, 3)
    written = anchor(database, target)
    assert written["status"] == "written" and written["seq"] == 3
    assert "checked_from" not in written  # no checkpoint before it: nothing was checked
    assert anchor(database, target) == {"seq": 3, "status": "unchanged", "checked_from": 3}
    _fill(database, 2, start=4)
    moved = anchor(database, target)
    assert moved["status"] == "written" and moved["checked_from"] == 3
    points = sorted((tmp_path / "points").glob("*.json"))
    assert [cp.load(p).seq for p in points] == [3, 5]
    assert _verify(database, *cp.read_all([tmp_path / "points"])) == []


def test_the_worker_stops_when_the_log_broke_since_the_last_checkpoint(
    database: Database, tmp_path: Path
) -> None:
    target = _anchor(tmp_path)
    _fill(database, 5)
    anchor(database, target)
    _truncate(database, 3)
    _fill(database, 4, start=4)  # the log grew on past the checkpoint's entry
    with pytest.raises(AuditError, match="does not hold since the last checkpoint"):
        anchor(database, target)
    assert [cp.load(p).seq for p in (tmp_path / "points").glob("*.json")] == [5]
    # a checkpoint file altered in the folder stops it too
    only = next((tmp_path / "points").glob("*.json"))
    data = json.loads(only.read_text("utf-8"))
    only.write_text(json.dumps({**data, "seq": 7}), "utf-8")
    with pytest.raises(AuditError, match="altered or forged"):
        anchor(database, target)


def test_the_worker_mails_a_checkpoint_once_a_day(database: Database, tmp_path: Path) -> None:
    target = _anchor(tmp_path, mail_to="fg@iemagoo.nl")
    with clock.frozen(T0) as advance:
        _fill(database, 3)
        assert anchor(database, target)["mailed"] is True
        _fill(database, 1, start=4)
        assert anchor(database, target)["mailed"] is False  # one a day
        advance(timedelta(days=1))
        assert anchor(database, target)["mailed"] is True
        advance(timedelta(days=1))
        assert anchor(database, target)["mailed"] is False  # the same one never twice
    with database.read() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == MAIL_KIND)))
    assert [row.recipient for row in rows] == ["fg@iemagoo.nl"] * 2
    message: Message = email.message_from_bytes(rows[-1].message)
    assert "entry 4" in str(message["Subject"])
    attached = [part for part in message.walk() if part.get_filename()]
    payload = attached[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    mailed = cp.loads(payload.decode("utf-8"))
    assert (mailed.seq, cp.signature_problem(mailed, KEY)) == (4, None)


def test_the_checkpoint_job_runs_at_the_set_interval(database: Database, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", secret_key=SECRET, audit_checkpoint_interval="PT15M"
    )
    declaration = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    services = Services.build(database, declaration, settings, mailer=FolderMailer(tmp_path / "o"))
    runner = Runner(services, [JOBS["audit-checkpoint"]])
    assert runner.jobs["audit-checkpoint"].every == timedelta(minutes=15)
    _fill(database, 2)
    outcome = runner.tick("audit-checkpoint")
    assert outcome is not None and outcome.result is not None, outcome
    assert outcome.result["status"] == "written"
    assert len(list((tmp_path / "data" / "audit-checkpoints").glob("*.json"))) == 1
    with pytest.raises(ValueError, match="at least a minute"):
        Settings(audit_checkpoint_interval="PT30S")
