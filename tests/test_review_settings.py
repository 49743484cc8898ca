"""Review per right: staff choose which rights wait for their approval; the choice is
kept in the store, overrides WAARBORG_REVIEW (the starting point), is recorded in the
audit log, and the workflow follows it. The demo organisation starts with erasure
under review. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.errors import RequestError
from waarborg.rights import review
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database
from waarborg.store.enums import RequestStatus
from waarborg.store.models import AuditEntry
from waarborg.web.server import prepare

from . import answer_world as world


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        **values,  # type: ignore[arg-type]
    )


def _audit(database: Database) -> list[AuditEntry]:
    with database.read() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "settings.review")
                .order_by(AuditEntry.seq)
            )
        )


def test_the_setting_is_the_start_and_the_choice_overrides_it(
    database: Database, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, review=["access", "erasure"])
    start = {c.kind.value: (c.review, c.source) for c in review.choices(database, settings)}
    assert start["access"] == (True, "setting") and start["erasure"] == (True, "setting")
    assert start["restriction"] == (False, "setting")
    assert start["rectification"] == (True, "always")
    with clock.frozen(world.START):
        changed = review.choose(
            database,
            settings,
            {"access": False, "erasure": True, "restriction": True},
            actor="admin:anna",
        )
    assert changed == ["access", "restriction"]  # erasure was on already
    after = {c.kind.value: c for c in review.choices(database, settings)}
    assert not after["access"].review and after["restriction"].review
    assert after["erasure"].source == "chosen" and after["erasure"].changed_by == "admin:anna"
    # The choice holds when the setting changes later.
    later = _settings(tmp_path, review=["access"])
    with database.read() as session:
        assert review.kinds(session, later) == {"erasure", "restriction", "rectification"}
    entries = _audit(database)
    assert [(e.actor, e.subject) for e in entries] == [
        ("admin:anna", "review:access"),
        ("admin:anna", "review:restriction"),
    ]
    assert '"review":false' in entries[0].data


def test_a_rectification_always_waits_and_unknown_rights_are_refused(
    database: Database, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(RequestError, match="always waits"):
        review.choose(database, settings, {"rectification": False}, actor="admin:anna")
    with pytest.raises(RequestError, match="not a right"):
        review.choose(database, settings, {"everything": True}, actor="admin:anna")
    assert _audit(database) == []


def test_the_workflow_follows_the_choice(database: Database, tmp_path: Path) -> None:
    declaration = world.build(tmp_path)
    settings = _settings(tmp_path)
    requests = Requests(database, declaration, settings)
    try:
        with clock.frozen(world.START):
            ran = world.run(requests, "erasure", world.JINTHE)
            assert requests.view(ran).status == RequestStatus.ANSWERED  # type: ignore[union-attr]
            review.choose(database, settings, {"erasure": True}, actor="admin:anna")
            held = world.run(requests, "erasure", world.KEES)
            assert requests.view(held).status == RequestStatus.REVIEW  # type: ignore[union-attr]
            assert "erasure" in requests.review_kinds()
    finally:
        requests.close()


def test_the_demo_starts_with_erasure_under_review(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", secret_key="x" * 40)
    prepared = prepare(settings)
    try:
        chosen = {c.kind.value: c for c in review.choices(prepared.database, settings)}
        assert chosen["erasure"].review and chosen["erasure"].changed_by == "system:demo"
        assert not chosen["access"].review
        # Staff's later choice is not undone by the next start.
        review.choose(prepared.database, settings, {"erasure": False}, actor="admin:anna")
    finally:
        prepared.database.dispose()
    again = prepare(settings)
    try:
        chosen = {c.kind.value: c for c in review.choices(again.database, settings)}
        assert not chosen["erasure"].review
    finally:
        again.database.dispose()
    # WAARBORG_REVIEW, when set, is the demo's start instead.
    own = Settings(data_dir=tmp_path / "other", secret_key="x" * 40, review=["access"])
    other = prepare(own)
    try:
        chosen = {c.kind.value: c for c in review.choices(other.database, own)}
        assert chosen["erasure"].source == "setting" and not chosen["erasure"].review
    finally:
        other.database.dispose()
