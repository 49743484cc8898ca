"""Waarborg's own database, on SQLite and PostgreSQL: migrations, pragmas, types,
tokens, rate limits."""

from __future__ import annotations

import importlib
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from waarborg import clock
from waarborg.errors import StoreError
from waarborg.store import (
    Database,
    head_revision,
    migrate,
    normalise_url,
    ratelimit,
    safe_url,
    tokens,
)
from waarborg.store.enums import DrpStatus, RequestKind, RequestStatus, TokenPurpose
from waarborg.store.migrate import migration_sql
from waarborg.store.models import AdminToken, Base, Request, RequestEvent, new_public_id

T0 = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


def _request(**values: object) -> Request:
    fields: dict[str, object] = {
        "kind": RequestKind.ACCESS,
        "email": "jan@example.nl",
        "deadline": T0 + timedelta(days=28),
    }
    fields.update(values)
    return Request(**fields)


# --- migrations --------------------------------------------------------------------------


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrating_again_changes_nothing(database_url: str) -> None:
    assert migrate(database_url) == (None, head_revision())
    assert migrate(database_url) == (head_revision(), head_revision())


def test_an_unmigrated_database_is_refused_with_the_fix(database_url: str) -> None:
    database = Database(database_url)
    try:
        with pytest.raises(StoreError, match="waarborg db upgrade"):
            database.check()
    finally:
        database.dispose()


def test_migrations_from_several_threads_at_once_end_at_head(database_url: str) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate(database_url)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    database = Database(database_url)
    database.check()
    database.dispose()


def test_a_sqlite_migration_that_finds_the_file_locked_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("waarborg.store.migrate")
    url = f"sqlite:///{tmp_path / 'waarborg.db'}"
    real, calls = module._migrate, []

    def locked_twice(url: str, revision: str, *, last: bool = False) -> Any:
        calls.append(last)
        if len(calls) <= 2:
            raise module._Locked
        return real(url, revision, last=last)

    monkeypatch.setattr(module, "_migrate", locked_twice)
    assert migrate(url) == (None, head_revision())
    assert calls == [False, False, False]


def test_the_migration_sql_can_be_printed_for_review() -> None:
    sql = migration_sql("postgresql://waarborg@db.invalid/waarborg")
    assert "CREATE TABLE requests" in sql
    assert "CREATE TABLE audit_log" in sql
    assert "INSERT INTO audit_head" in sql


# --- connection set-up -------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'waarborg.db'}"
    migrate(url)
    database = Database(url)
    with database.read() as session:
        pragma = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    database.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 30000,
    }


def test_plain_postgresql_urls_mean_psycopg_3() -> None:
    assert normalise_url("postgresql://u:p@h/d").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u:p@h/d").drivername == "postgresql+psycopg"
    assert safe_url("postgresql://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"
    with pytest.raises(StoreError, match="unsupported database"):
        normalise_url("mysql://u@h/d")
    with pytest.raises(StoreError, match="not a database URL"):
        normalise_url("no url at all")


# --- types and constraints ---------------------------------------------------------------


def test_times_come_back_in_utc_to_the_microsecond(database: Database) -> None:
    amsterdam = T0.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    with clock.frozen(T0), database.write() as session:
        session.add(_request(deadline=amsterdam))
    with database.read() as session:
        row = session.scalars(select(Request)).one()
    assert row.deadline == T0 and row.deadline.tzinfo is UTC
    assert row.received_at == T0


def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.write() as session:
        session.add(_request(deadline=datetime(2026, 1, 1)))


def test_a_request_gets_an_unguessable_public_id_and_defaults(database: Database) -> None:
    with clock.frozen(T0), database.write() as session:
        first, second = _request(), _request()
        session.add_all([first, second])
    assert len(first.public_id) >= 22 and first.public_id != second.public_id
    assert first.status is RequestStatus.RECEIVED
    assert first.identity == {} and first.attempts == 0 and first.due == first.deadline


def test_a_status_outside_the_vocabulary_is_refused_by_the_database(database: Database) -> None:
    with pytest.raises(IntegrityError), database.write() as session:
        session.add(_request())
        session.flush()
        session.execute(text("UPDATE requests SET status = 'lost'"))


def test_events_are_deleted_with_their_request(database: Database) -> None:
    with database.write() as session:
        request = _request()
        request.events.append(RequestEvent(actor="subject", kind="status"))
        session.add(request)
    with database.write() as session:
        session.execute(text("DELETE FROM requests"))
        assert session.execute(text("SELECT count(*) FROM request_events")).scalar() == 0


def test_concurrent_updates_of_one_request_are_caught(database: Database) -> None:
    with database.write() as session:
        session.add(_request())
    with database.sessions() as first, database.sessions() as second:
        theirs = second.scalars(select(Request)).one()
        second.commit()  # read, then the page is shown; the object stays loaded
        mine = first.scalars(select(Request)).one()
        mine.status = RequestStatus.VERIFYING
        first.commit()
        theirs.status = RequestStatus.REVOKED
        with pytest.raises(StaleDataError):
            second.commit()


@pytest.mark.parametrize(
    ("status", "drp"),
    [
        (RequestStatus.RECEIVED, DrpStatus.OPEN),
        (RequestStatus.VERIFYING, DrpStatus.OPEN),
        (RequestStatus.VERIFIED, DrpStatus.IN_PROGRESS),
        (RequestStatus.IN_PROGRESS, DrpStatus.IN_PROGRESS),
        (RequestStatus.REVIEW, DrpStatus.IN_PROGRESS),
        (RequestStatus.EXECUTED, DrpStatus.IN_PROGRESS),
        (RequestStatus.ANSWERED, DrpStatus.FULFILLED),
        (RequestStatus.DENIED, DrpStatus.DENIED),
        (RequestStatus.EXPIRED, DrpStatus.EXPIRED),
        (RequestStatus.REVOKED, DrpStatus.REVOKED),
    ],
)
def test_every_status_maps_onto_the_data_rights_protocol(
    status: RequestStatus, drp: DrpStatus
) -> None:
    assert status.drp is drp
    assert status.closed == (
        drp in {DrpStatus.FULFILLED, DrpStatus.DENIED, DrpStatus.EXPIRED, DrpStatus.REVOKED}
    )


# --- one-time tokens ---------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash_and_spent_once(database: Database) -> None:
    with clock.frozen(T0), database.write() as session:
        request = _request()
        session.add(request)
        session.flush()
        token = tokens.issue(
            session, TokenPurpose.VERIFY, lifetime=timedelta(days=2), request_id=request.id
        )
    with database.read() as session:
        stored = session.execute(text("SELECT token_hash FROM tokens")).scalars().all()
    assert stored == [tokens.hash_token(token)]
    assert token not in stored[0]
    with clock.frozen(T0 + timedelta(hours=1)):
        with database.write() as session:
            assert tokens.consume(session, token, TokenPurpose.DOWNLOAD) is None
            assert tokens.peek(session, token, TokenPurpose.VERIFY) is not None
            spent = tokens.consume(session, token, TokenPurpose.VERIFY)
            assert spent is not None and spent.used_at == T0 + timedelta(hours=1)
        with database.write() as session:
            assert tokens.consume(session, token, TokenPurpose.VERIFY) is None
            assert tokens.peek(session, token, TokenPurpose.VERIFY) is None


def test_an_expired_or_wrong_token_is_refused_like_an_unknown_one(database: Database) -> None:
    with clock.frozen(T0), database.write() as session:
        token = tokens.issue(session, TokenPurpose.VERIFY, lifetime=timedelta(days=2))
    with clock.frozen(T0 + timedelta(days=2)), database.write() as session:
        assert tokens.consume(session, token, TokenPurpose.VERIFY) is None
        assert tokens.consume(session, token + "x", TokenPurpose.VERIFY) is None
        assert tokens.purge(session, used_before=T0 + timedelta(days=3)) == 1


def test_a_reserved_token_opens_nothing_until_it_is_made_and_then_once(
    database: Database,
) -> None:
    """A letter's link: reserved when queued, made when sent; made again (a retry before
    any server took the letter), the first token dies; spent or expired, none is made."""
    with clock.frozen(T0), database.write() as session:
        reserved = tokens.reserve(session, TokenPurpose.VERIFY, lifetime=timedelta(days=2))
    assert reserved.placeholder.startswith(tokens.PLACEHOLDER)
    with database.read() as session:
        [stored] = session.execute(text("SELECT token_hash FROM tokens")).scalars().all()
    assert stored.startswith(tokens.RESERVED) and len(stored) == 64
    with clock.frozen(T0 + timedelta(minutes=1)):
        with database.write() as session:
            first = tokens.mint(session, reserved.token_id)
        with database.write() as session:
            second = tokens.mint(session, reserved.token_id)
        assert first and second and first != second
        with database.write() as session:
            assert tokens.peek(session, first, TokenPurpose.VERIFY) is None
            assert tokens.consume(session, second, TokenPurpose.VERIFY) is not None
        with database.write() as session:
            assert tokens.mint(session, reserved.token_id) is None  # spent
            late = tokens.reserve(session, TokenPurpose.VERIFY, lifetime=timedelta(hours=1))
    with clock.frozen(T0 + timedelta(hours=2)), database.write() as session:
        assert tokens.mint(session, late.token_id) is None  # expired before it was sent
        assert tokens.mint(session, 10**9) is None  # gone


def test_two_transactions_racing_for_one_token_give_it_to_one(database: Database) -> None:
    with database.write() as session:
        token = tokens.issue(session, TokenPurpose.DOWNLOAD, lifetime=None)
    winners: list[bool] = []
    barrier = threading.Barrier(4)

    def spend() -> None:
        barrier.wait()
        with database.write() as session:
            winners.append(tokens.consume(session, token, TokenPurpose.DOWNLOAD) is not None)

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(winners) == [False, False, False, True]


# --- rate limits -------------------------------------------------------------------------


def test_rate_limits_count_per_bucket_and_window(database: Database) -> None:
    ip = ratelimit.bucket("ip", "192.0.2.7", b"key")
    assert "192.0.2.7" not in ip and ip.startswith("ip:")
    window = timedelta(hours=1)
    with clock.frozen(T0) as advance:
        for expected in (1, 2, 3):
            with database.write() as session:
                assert ratelimit.hit(session, ip, window) == expected
        with database.write() as session:
            assert ratelimit.hit(session, ratelimit.bucket("ip", "192.0.2.8", b"key"), window) == 1
        advance(window)
        with database.write() as session:
            assert ratelimit.hit(session, ip, window) == 1
            assert ratelimit.purge(session, before=datetime(2026, 3, 2, 10, tzinfo=UTC)) == 2


def test_window_start_is_the_fixed_window_a_time_falls_in() -> None:
    assert ratelimit.window_start(T0, timedelta(hours=1)) == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert ratelimit.window_start(T0, timedelta(days=1)) == datetime(2026, 3, 2, tzinfo=UTC)


def test_a_public_id_never_reads_as_a_command_line_option(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = iter(["-4NqmTk8FOLEKduP82BP8A", "_4NqmTk8FOLEKduP82BP8A", "4NqmTk8FOLEKduP82BP8A-"])
    monkeypatch.setattr("waarborg.store.models.secrets.token_urlsafe", lambda n: next(drawn))
    assert new_public_id() == "4NqmTk8FOLEKduP82BP8A-"


def test_store_errors_name_the_statement_but_not_its_parameters(database: Database) -> None:
    row = {"name": "a", "token_hash": "jan.jansen@example.nl", "created_at": clock.now()}
    with pytest.raises(IntegrityError) as raised, database.write() as session:
        session.execute(insert(AdminToken), [row, {**row, "name": "b"}])
    message = str(raised.value)
    assert "INSERT INTO admin_tokens" in message
    assert "[SQL parameters hidden" in message and "[parameters:" not in message
    # (PostgreSQL's own message may still quote the key of a unique violation.)
