"""What a request costs Waarborg's store, on SQLite and PostgreSQL: the statements an
access and an erasure send it (each a round trip to PostgreSQL), counted with
SQLAlchemy's ``before_cursor_execute``; the rows written at the commit with the audit
entries (``audit.at_commit``) kept or lost with them; and an answer written over a
request another transaction changed meanwhile refused, as the ORM's version check
refused it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select
from sqlalchemy.orm.exc import StaleDataError

from waarborg import clock
from waarborg.audit import chain as audit
from waarborg.rights import execute, review
from waarborg.rights.service import Requests
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus
from waarborg.store.models import OutboxMessage, Request, RequestEvent

from . import answer_world as world
from . import test_answers
from .answer_world import JINTHE, START

# The bakery's declaration and its request workflow, on SQLite and PostgreSQL.
declaration = test_answers.declaration
requests = test_answers.requests


def _verified(requests: Requests, kind: str, who: str) -> str:
    """A request filed and verified, not yet carried out."""
    public_id = requests.file(kind=kind, email=who, lang="nl")
    verification = world.messages(requests.database, "verification")[-1]
    token = world.text(verification).split("/verify/")[1].split()[0]
    assert requests.verify(token) == public_id
    return public_id


def _statements(requests: Requests, public_id: str) -> list[str]:
    """The statements ``process`` sends the store (not the datastores), commits
    included, SQLite's ``BEGIN`` too (psycopg sends PostgreSQL's with the first
    statement)."""
    sent: list[str] = []
    engine = requests.database.engine

    def statement(_c: Any, _cursor: Any, text: str, *_rest: Any) -> None:
        sent.append(" ".join(text.split())[:60])

    def commit(_connection: Any) -> None:
        sent.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        assert requests.process(public_id) == RequestStatus.ANSWERED
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    return sent


def _events(database: Database, public_id: str) -> list[str]:
    with database.read() as session:
        return list(
            session.scalars(
                select(RequestEvent.kind)
                .join(Request)
                .where(Request.public_id == public_id)
                .order_by(RequestEvent.id)
            )
        )


def _audited(database: Database, public_id: str) -> list[str]:
    with database.read() as session:
        return [e.action for e in audit.trail(session, public_id)]


def _sqlite(requests: Requests) -> bool:
    return requests.database.dialect == "sqlite"


def test_an_access_request_costs_the_store_two_transactions_of_few_statements(
    requests: Requests,
) -> None:
    with clock.frozen(START):
        world.run(requests, "access", world.KEES)  # the statements are compiled once
        public_id = _verified(requests, "access", JINTHE)
        sent = _statements(requests, public_id)
    # SQLite: the claim's transaction (BEGIN, the claim, the start, the event, the
    # chain's three statements, COMMIT), the consents read, the answer's (BEGIN, token,
    # outbox row, the request, both events, the chain's three, COMMIT). PostgreSQL: the
    # claim, the head, one statement with the start, the event, the entry and the
    # head's hash, COMMIT; the consents; the token, the outbox row, the request, the
    # head, one statement with the events, the entries and the hash, COMMIT.
    assert len(sent) == (18 if _sqlite(requests) else 11), sent
    assert sent.count("COMMIT") == 2
    assert not [s for s in sent if s.startswith("SELECT requests")]  # never read again
    assert not [s for s in sent if "review_settings" in s and s.startswith("SELECT")]
    assert _events(requests.database, public_id)[-3:] == ["started", "executed", "answered"]
    assert _audited(requests.database, public_id)[-3:] == [
        "request.started",
        "request.executed",
        "request.answered",
    ]
    with requests.database.read() as session:
        assert audit.verify(session) == []
    assert requests.view(public_id).status == RequestStatus.ANSWERED  # type: ignore[union-attr]


def test_an_erasure_costs_the_store_four_transactions_and_resumes_from_its_steps(
    requests: Requests,
) -> None:
    with clock.frozen(START):
        world.run(requests, "access", world.KEES)
        public_id = _verified(requests, "erasure", JINTHE)
        sent = _statements(requests, public_id)
    assert sent.count("COMMIT") == 4  # the claim, the plan, the datastore done, the answer
    assert not [s for s in sent if s.startswith("SELECT requests")]
    # The answer's transaction also opens the Art. 19 notices (two recipients, one told
    # by e-mail) and reads them for the letter.
    assert len(sent) == (36 if _sqlite(requests) else 23), sent
    # the Art. 19 notices' events come between executed and answered, as they are made
    assert _events(requests.database, public_id)[-7:] == [
        "started",
        "planned",
        "step_done",
        "executed",
        "recipient_notice_queued",
        "recipient_task_opened",
        "answered",
    ]
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    assert view.outcome["steps"].keys() == {"shop"}
    assert view.outcome["plan"].keys() == {"shop"}
    with requests.database.read() as session:
        assert audit.verify(session) == []


def test_an_answer_over_a_request_changed_meanwhile_is_refused_and_leaves_nothing(
    requests: Requests, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another transaction writes the request while the work runs on the datastores
    (as a worker that took it over after this one's lease ran out would): the answer's
    ``UPDATE`` finds another version and its whole transaction rolls back, with its
    events, audit entries, token and letter."""
    with clock.frozen(START):
        public_id = _verified(requests, "access", JINTHE)
        run = execute.on_datastores

        def meanwhile(*args: Any, **kwargs: Any) -> dict[str, Any]:
            found = run(*args, **kwargs)
            with requests.database.write() as session:
                session.execute(
                    sa.update(Request)
                    .where(Request.public_id == public_id)
                    .values(version=Request.version + 1)
                )
            return found

        monkeypatch.setattr(execute, "on_datastores", meanwhile)
        with requests.database.read() as session:
            letters_before = session.scalar(select(func.count()).select_from(OutboxMessage))
        with pytest.raises(StaleDataError):
            requests.process(public_id)
    assert requests.view(public_id).status == RequestStatus.IN_PROGRESS  # type: ignore[union-attr]
    assert _events(requests.database, public_id)[-1] == "started"
    audited = _audited(requests.database, public_id)
    assert audited[-1] == "request.started" and "request.answered" not in audited
    with requests.database.read() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == letters_before
        assert audit.verify(session) == []


def test_rows_given_for_the_commit_are_kept_with_the_entries_or_lost_with_them(
    requests: Requests,
) -> None:
    database = requests.database
    table = sa.Table("request_events", sa.MetaData(), autoload_with=database.engine)
    with clock.frozen(START):
        public_id = _verified(requests, "access", JINTHE)
        with database.read() as session:
            request_id = session.scalar(select(Request.id).where(Request.public_id == public_id))
        row: dict[str, Any] = {
            "request_id": request_id,
            "actor": "test",
            "status": None,
            "data": {},
        }
        with pytest.raises(RuntimeError), database.write() as session:
            audit.at_commit(session, sa.insert(table), {**row, "at": clock.now(), "kind": "a"})
            audit.append(session, actor="test", action="test.a", subject=public_id)
            raise RuntimeError("rolled back")
        with database.write() as session:
            insert = sa.insert(table)
            for kind in ("b", "c"):
                audit.at_commit(session, insert, {**row, "at": clock.now(), "kind": kind})
            audit.append(session, actor="test", action="test.b", subject=public_id)
        with database.write() as session:  # rows without entries are written too
            audit.at_commit(session, sa.insert(table), {**row, "at": clock.now(), "kind": "d"})
    events = _events(database, public_id)
    assert "a" not in events and events[-3:] == ["b", "c", "d"]
    actions = _audited(database, public_id)
    assert "test.a" not in actions and actions[-1] == "test.b"
    with database.read() as session:
        assert audit.verify(session) == []


def test_the_claim_reads_staffs_review_choice_for_the_requests_own_right(
    requests: Requests,
) -> None:
    """Staff's stored choice comes back with the claim: a right they chose to review
    stops for them, a right they chose not to is carried out although the setting
    (``WAARBORG_REVIEW``) names it, and a right nobody chose follows the setting."""
    requests.settings = requests.settings.model_copy(update={"review": ["access", "portability"]})
    with clock.frozen(START):
        review.choose(
            requests.database,
            requests.settings,
            {"erasure": True, "access": False},
            actor="admin:anna",
        )
        erasure = _verified(requests, "erasure", JINTHE)
        access = _verified(requests, "access", world.KEES)
        portability = _verified(requests, "portability", world.KEES)
        assert requests.process(erasure) == RequestStatus.REVIEW
        assert requests.process(access) == RequestStatus.ANSWERED
        assert requests.process(portability) == RequestStatus.REVIEW


def test_a_tick_with_no_request_due_reads_and_takes_no_write_turn(
    requests: Requests, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[str] = []
    write = requests.database.write

    def counted() -> Any:
        writes.append("write")
        return write()

    monkeypatch.setattr(requests.database, "write", counted)
    assert requests.process_due() == 0
    assert writes == []
    monkeypatch.undo()
    public_id = _verified(requests, "access", "due@example.nl")
    monkeypatch.setattr(requests.database, "write", counted)
    assert requests.process_due() == 1
    assert writes  # the request due was claimed and answered in write transactions
    assert _events(requests.database, public_id)[-1] == "answered"
