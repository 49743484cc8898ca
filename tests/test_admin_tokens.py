"""Admin bearer tokens: stored hashed, shown once, revoked at once; and the db, admin and
audit commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from waarborg import audit, clock
from waarborg.cli import main
from waarborg.errors import NotFoundError, UsageError
from waarborg.store import Database, admin_tokens, head_revision, migrate
from waarborg.store.enums import TokenScope
from waarborg.store.migrate import _config
from waarborg.store.tokens import hash_token

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_token_is_shown_once_and_stored_as_its_hash(database: Database) -> None:
    with clock.frozen(T0), database.write() as session:
        _, token = admin_tokens.create(session, "alice")
    assert token.startswith(admin_tokens.PREFIX) and len(token) > 40
    with database.read() as session:
        stored = session.execute(text("SELECT token_hash FROM admin_tokens")).scalars().all()
    assert stored == [hash_token(token)]
    with clock.frozen(T0 + timedelta(minutes=1)), database.write() as session:
        found = admin_tokens.authenticate(session, token)
        assert found is not None and found.name == "alice"
        assert found.last_used_at == T0 + timedelta(minutes=1)
        assert admin_tokens.authenticate(session, token[:-1] + "x") is None
        assert admin_tokens.authenticate(session, "") is None


def test_last_use_is_written_at_most_every_few_minutes(database: Database) -> None:
    with clock.frozen(T0) as advance:
        with database.write() as session:
            _, token = admin_tokens.create(session, "alice")
        with database.read() as session:
            assert admin_tokens.authenticate(session, token) is not None
        advance(timedelta(minutes=1))
        with database.read() as session:
            found = admin_tokens.authenticate(session, token)
            assert found is not None and found.last_used_at == T0


def test_a_revoked_token_stops_working_and_its_name_can_be_reused(database: Database) -> None:
    with database.write() as session:
        _, old = admin_tokens.create(session, "ci")
        with pytest.raises(UsageError, match="exists"):
            admin_tokens.create(session, "ci")
        admin_tokens.revoke(session, "ci")
        assert admin_tokens.authenticate(session, old) is None
        with pytest.raises(NotFoundError):
            admin_tokens.revoke(session, "ci")
        _, new = admin_tokens.create(session, "ci")
        assert admin_tokens.authenticate(session, new) is not None
        assert [row.name for row in admin_tokens.list_tokens(session)] == ["ci"]
        assert len(admin_tokens.list_tokens(session, include_revoked=True)) == 2


@pytest.mark.parametrize("name", ["", "with space", "x" * 101, "-dash-first"])
def test_a_token_name_is_a_plain_word(database: Database, name: str) -> None:
    with pytest.raises(UsageError, match="invalid token name"), database.write() as session:
        admin_tokens.create(session, name)


# --- the commands ----------------------------------------------------------------------


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("WAARBORG_DATABASE_URL", database_url)
    monkeypatch.setenv("WAARBORG_DATA_DIR", str(tmp_path / "data"))
    return database_url


def test_db_upgrade_creates_and_then_keeps_the_schema(cli_env: str) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"migrated from an empty database to {head_revision()}" in first.output
    again = runner.invoke(main, ["db", "upgrade"])
    assert again.exit_code == 0 and "up to date" in again.output
    assert "waarborg_test:waarborg_test" not in first.output + again.output  # no password


def test_db_upgrade_prints_the_sql_for_review(cli_env: str) -> None:
    result = CliRunner().invoke(main, ["db", "upgrade", "--sql"])
    assert result.exit_code == 0
    assert "CREATE TABLE audit_log" in result.output


def test_admin_token_commands(cli_env: str) -> None:
    runner = CliRunner()
    if cli_env.startswith("postgresql"):
        refused = runner.invoke(main, ["admin", "token", "list"])
        assert refused.exit_code == 2 and "waarborg db upgrade" in refused.output
        assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(main, ["admin", "token", "create", "alice"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("wbg_") and "cannot be shown again" in created.stderr
    shop = runner.invoke(main, ["admin", "token", "create", "shop", "--scope", "app"])
    assert shop.exit_code == 0, shop.output
    wrong = runner.invoke(main, ["admin", "token", "create", "x", "--scope", "everything"])
    assert wrong.exit_code == 2 and "'admin', 'app'" in wrong.output

    listed = runner.invoke(main, ["admin", "token", "list", "--format", "json"])
    assert [(item["name"], item["scope"]) for item in json.loads(listed.output)] == [
        ("alice", "admin"),
        ("shop", "app"),
    ]
    assert token not in listed.output
    as_text = runner.invoke(main, ["admin", "token", "list"])
    assert "shop\tapp\t" in as_text.output

    again = runner.invoke(main, ["admin", "token", "create", "alice"])
    assert again.exit_code == 2 and "revoke it first" in again.output

    revoked = runner.invoke(main, ["admin", "token", "revoke", "alice"])
    assert revoked.exit_code == 0
    missing = runner.invoke(main, ["admin", "token", "revoke", "alice"])
    assert missing.exit_code == 1 and "no active admin token" in missing.output

    with Database(cli_env) as database, database.read() as session:
        assert admin_tokens.authenticate(session, token) is None
        assert [entry.action for entry in audit.trail(session, "admin_token:alice")] == [
            "admin_token.create",
            "admin_token.revoke",
        ]
        assert audit.verify(session) == []
    verified = runner.invoke(main, ["audit", "verify"])
    assert verified.exit_code == 0 and "3 entries" in verified.output


def test_tokens_made_before_scopes_keep_opening_everything(database_url: str) -> None:
    assert migrate(database_url, "0003") == (None, "0003")
    with Database(database_url) as database, database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO admin_tokens (name, token_hash, created_at)"
                " VALUES ('old', :digest, CURRENT_TIMESTAMP)"
            ),
            {"digest": hash_token("wbg_old")},
        )
    assert migrate(database_url) == ("0003", head_revision())
    with Database(database_url) as database:
        with database.read() as session:
            found = admin_tokens.authenticate(session, "wbg_old")
            assert found is not None and found.scope == TokenScope.ADMIN
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text("UPDATE admin_tokens SET scope = 'everything'"))
        with database.engine.begin() as connection:  # and back down, keeping the token
            command.downgrade(_config(connection=connection), "0003")
        with database.engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM admin_tokens")).scalars().all()
        assert names == ["old"]
