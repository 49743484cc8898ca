"""The audit log's hash chain: tampering is found, concurrent writers keep it intact."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from waarborg import audit, clock
from waarborg.audit.chain import GENESIS, canonical_json, entry_hash
from waarborg.cli import main
from waarborg.store import Database
from waarborg.store.models import AuditEntry

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _fill(database: Database, count: int = 5) -> None:
    with clock.frozen(T0) as advance:
        for number in range(1, count + 1):
            with database.write() as session:
                audit.append(
                    session,
                    actor="system",
                    action="request.status",
                    subject=f"request-{number % 2}",
                    data={"to": "verified", "n": number, "naam": "Zoë"},
                )
            advance(timedelta(seconds=1))


def _problems(database: Database) -> list[tuple[int | None, str]]:
    with database.read() as session:
        return [(problem.seq, problem.kind) for problem in audit.verify(session)]


def test_an_intact_chain_verifies(database: Database) -> None:
    with database.read() as session:
        assert audit.verify(session) == []
        assert audit.head(session) == (0, GENESIS)
    _fill(database)
    with database.read() as session:
        assert audit.verify(session) == []
        seq, digest = audit.head(session)
        entries = audit.trail(session, "request-1")
    assert seq == 5
    assert [entry.seq for entry in entries] == [1, 3, 5]
    assert entries[-1].hash == digest
    assert entries[0].prev_hash == GENESIS
    assert entries[0].at == T0


def test_the_hash_covers_every_field_in_canonical_form() -> None:
    data = canonical_json({"b": 1, "a": [T0, "é"]})
    assert data == '{"a":["2026-03-02T09:00:00.000000+00:00","é"],"b":1}'
    base = entry_hash(1, T0, "system", "x", "s", data, GENESIS)
    variants = [
        entry_hash(2, T0, "system", "x", "s", data, GENESIS),
        entry_hash(1, T0 + timedelta(microseconds=1), "system", "x", "s", data, GENESIS),
        entry_hash(1, T0, "staff", "x", "s", data, GENESIS),
        entry_hash(1, T0, "system", "y", "s", data, GENESIS),
        entry_hash(1, T0, "system", "x", None, data, GENESIS),
        entry_hash(1, T0, "system", "x", "s", "{}", GENESIS),
        entry_hash(1, T0, "system", "x", "s", data, "1" * 64),
    ]
    assert len({base, *variants}) == 8


def test_audit_data_must_be_plain_json() -> None:
    with pytest.raises(TypeError):
        canonical_json({"when": datetime(2026, 1, 1)})
    with pytest.raises(TypeError):
        canonical_json({"what": object()})


def test_an_edited_entry_is_found(database: Database) -> None:
    _fill(database)
    with database.write() as session:
        session.execute(text('UPDATE audit_log SET data = \'{"to":"denied"}\' WHERE seq = 3'))
    assert _problems(database) == [(3, "edited")]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(database: Database) -> None:
    _fill(database)
    with database.write() as session:
        row = session.get_one(AuditEntry, 3)
        forged = entry_hash(
            3, row.at, "admin:mallory", row.action, row.subject, row.data, row.prev_hash
        )
        session.execute(
            text("UPDATE audit_log SET actor = 'admin:mallory', hash = :h WHERE seq = 3"),
            {"h": forged},
        )
    assert _problems(database) == [(4, "broken_link")]


def test_a_deleted_entry_is_found(database: Database) -> None:
    _fill(database)
    with database.write() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert _problems(database) == [(3, "missing"), (3, "broken_link")]


def test_deleted_entries_at_the_end_are_found(database: Database) -> None:
    _fill(database)
    with database.write() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq >= 4"))
    assert _problems(database) == [(None, "head")]


def test_reordered_entries_are_found(database: Database) -> None:
    _fill(database)
    with database.write() as session:
        session.execute(text("UPDATE audit_log SET seq = 100 WHERE seq = 2"))
        session.execute(text("UPDATE audit_log SET seq = 2 WHERE seq = 3"))
        session.execute(text("UPDATE audit_log SET seq = 3 WHERE seq = 100"))
    problems = _problems(database)
    assert {seq for seq, _ in problems} >= {2, 3}
    assert all(kind in {"edited", "broken_link"} for _, kind in problems)


def test_appends_from_several_threads_keep_the_chain_intact(database: Database) -> None:
    threads_count, per_thread = 4, 25
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for number in range(per_thread):
                with database.write() as session:
                    for part in range(1 + number % 3):  # one to three entries a transaction
                        audit.append(
                            session,
                            actor=f"worker:{worker}",
                            action="test",
                            data={"n": number, "part": part},
                        )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as session:
        assert audit.verify(session) == []
        entries_per_thread = sum(1 + number % 3 for number in range(per_thread))
        assert audit.head(session)[0] == threads_count * entries_per_thread


_APPENDER = """
import sys
from waarborg import audit
from waarborg.store import Database

database = Database(sys.argv[1])
for number in range(int(sys.argv[2])):
    with database.write() as session:
        audit.append(session, actor="process", action="test", data={"n": number})
"""


def test_appends_from_several_processes_keep_the_chain_intact(database: Database) -> None:
    url = database.url.render_as_string(hide_password=False)
    processes, per_process = 3, 30
    env = {**os.environ, "PYTHONPATH": str(Path(audit.__file__).parents[2])}
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, url, str(per_process)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for process in running:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    with database.read() as session:
        assert audit.verify(session) == []
        assert audit.head(session)[0] == processes * per_process


def test_an_entry_is_kept_only_when_its_transaction_commits(database: Database) -> None:
    with pytest.raises(RuntimeError), database.write() as session:
        audit.append(session, actor="system", action="rolled.back")
        raise RuntimeError
    _fill(database, 1)
    with database.read() as session:
        assert audit.verify(session) == []
        assert audit.head(session)[0] == 1


def test_entries_of_one_transaction_are_chained_in_order_as_it_commits(
    database: Database,
) -> None:
    _fill(database, 2)
    with pytest.raises(RuntimeError), database.write() as session:
        for number in range(3):
            audit.append(session, actor="system", action="rolled.back", data={"n": number})
        raise RuntimeError
    with database.write() as session:
        first = audit.append(session, actor="system", action="a")
        second = audit.append(session, actor="system", action="b", subject="s")
        third = audit.append(session, actor="system", action="c", subject="s")
        assert audit.head(session)[0] == 2  # as committed
    assert (first.seq, second.seq, third.seq) == (3, 4, 5)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    with database.read() as session:
        assert audit.verify(session) == []
        assert audit.head(session) == (5, third.hash)
        assert [entry.action for entry in audit.trail(session, "s")] == ["b", "c"]
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq))
        assert list(actions) == ["request.status", "request.status", "a", "b", "c"]


# --- waarborg audit verify -----------------------------------------------------------------


def test_the_cli_reports_an_intact_and_a_broken_chain(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAARBORG_DATABASE_URL", database.url.render_as_string(False))
    _fill(database, 3)
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact: 3 entries" in result.output

    with database.write() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone' WHERE seq = 2"))
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 2: its content does not match its hash" in result.output

    result = runner.invoke(main, ["audit", "verify", "--format", "json"])
    assert result.exit_code == 1
    assert '"kind": "edited"' in result.output


def test_the_cli_refuses_an_unmigrated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAARBORG_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 2
    assert "waarborg db upgrade" in result.output


def test_entries_wait_for_the_whole_transaction_not_a_savepoint(database: Database) -> None:
    with database.write() as session:
        audit.append(session, actor="system", action="before")
        with pytest.raises(RuntimeError), session.begin_nested():
            with session.begin_nested():
                pass  # a savepoint committed, inside one that then rolls back
            raise RuntimeError
        audit.append(session, actor="system", action="after")
    with database.read() as session:
        assert audit.verify(session) == []
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq))
        assert list(actions) == ["before", "after"]
        assert audit.head(session)[0] == 2
