"""A worker killed with SIGKILL in the middle of an erasure: on restart the erasure is
resumed and ends with exactly the rows erased that an uninterrupted run erases, and
no letter or notice is sent twice.

The worker runs in a child process that kills itself at a chosen point of the
erasure, with SQLAlchemy's event hooks on the organisation's database: during the
erasure's transaction (so the database rolls it back), or right after it commits
(before Waarborg has written down that it did).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.demo.build import build_demo
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus
from waarborg.store.migrate import migrate
from waarborg.store.models import OutboxMessage

JAN = "jan.jansen@example.nl"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime, timedelta
    import sqlalchemy as sa
    from sqlalchemy import event
    from waarborg import clock
    from waarborg.declaration.loader import load
    from waarborg.rights.service import Requests
    from waarborg.settings import Settings
    from waarborg.store.db import Database

    store_url, declaration, data_dir, crm, point, public_id, now = sys.argv[1:]
    deletes = 0

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    crm_committed = False

    @event.listens_for(sa.engine.Engine, "before_cursor_execute")
    def during(conn, cursor, statement, *args):
        global deletes
        if point == "after-commit" and crm_committed and conn.engine.url.database != crm:
            die()  # the erasure has committed; Waarborg is about to write it down
        if point == "during" and conn.engine.url.database == crm:
            if statement.lstrip().upper().startswith(("DELETE", "UPDATE")):
                deletes += 1
                if deletes == 2:
                    die()

    @event.listens_for(sa.engine.Engine, "commit")
    def after(conn):
        global crm_committed
        if conn.engine.url.database == crm and deletes_seen(conn):
            crm_committed = True

    @event.listens_for(sa.engine.Engine, "rollback")
    def forget(conn):
        conn.info["wrote"] = False

    def deletes_seen(conn) -> bool:
        return conn.info.get("wrote", False)

    @event.listens_for(sa.engine.Engine, "after_cursor_execute")
    def wrote(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("DELETE", "UPDATE")):
            conn.info["wrote"] = True

    settings = Settings(data_dir=data_dir, base_url="https://privacy.example.nl",
                        secret_key="x" * 40, mail_from="privacy@iemagoo.nl")
    with clock.frozen(datetime.fromisoformat(now)):
        Requests(Database(store_url), load(declaration), settings).process(public_id)
    """
)


def _setup(root: Path, demo: Path) -> tuple[str, Path, Path, Settings]:
    crm = root / "crm.sqlite"
    crm.write_bytes((demo / "crm.sqlite").read_bytes())
    text = (demo / "privacy.yaml").read_text("utf-8").replace(str(demo / "crm.sqlite"), str(crm))
    declaration = root / "privacy.yaml"
    declaration.write_text(text, "utf-8")
    store = f"sqlite:///{root / 'waarborg.db'}"
    migrate(store)
    settings = Settings(
        data_dir=root / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@iemagoo.nl",
    )
    return store, declaration, crm, settings


def _file_and_verify(requests: Requests) -> str:
    from waarborg.store import tokens
    from waarborg.store.enums import TokenPurpose
    from waarborg.store.models import Request

    public_id = requests.file(kind="erasure", email=JAN)
    with requests.database.write() as session:
        request = session.scalar(select(Request).where(Request.public_id == public_id))
        assert request is not None
        token = tokens.issue(session, TokenPurpose.VERIFY, lifetime=None, request_id=request.id)
    assert requests.verify(token) == public_id
    return public_id


def _dump(crm: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(crm) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
        }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    build_demo(directory, today=START.date())
    return directory


@pytest.mark.slow
@pytest.mark.parametrize("point", ["during", "after-commit"])
def test_an_erasure_killed_halfway_resumes_and_ends_as_an_uninterrupted_one(
    demo: Path, tmp_path: Path, point: str
) -> None:
    # the reference: the same erasure, never interrupted
    reference = tmp_path / "reference"
    reference.mkdir()
    store, declaration, crm, settings = _setup(reference, demo)
    with clock.frozen(START):
        requests = Requests(Database(store), load(declaration), settings)
        public_id = _file_and_verify(requests)
        assert requests.process(public_id) == RequestStatus.ANSWERED
    expected = _dump(crm)

    # the same erasure, with the worker killed at ``point``
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    store, declaration, crm, settings = _setup(crashed, demo)
    with clock.frozen(START):
        requests = Requests(Database(store), load(declaration), settings)
        public_id = _file_and_verify(requests)
    before = _dump(crm)
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            store,
            str(declaration),
            str(settings.data_dir),
            str(crm),
            point,
            public_id,
            START.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    if point == "during":
        assert _dump(crm) == before  # the database rolled the half-done erasure back
    else:
        assert _dump(crm) != before  # erased (at least in part), but not yet written down

    # a new worker, once the dead one's lease has run out
    with clock.frozen(START + requests.lease + timedelta(seconds=1)):
        requests = Requests(Database(store), load(declaration), settings)
        view = requests.view(public_id)
        assert view is not None and view.status == RequestStatus.IN_PROGRESS
        assert requests.process_due() == 1
        view = requests.view(public_id)
        assert view is not None and view.status == RequestStatus.ANSWERED
    assert _dump(crm) == expected
    with requests.database.read() as session:
        keys = session.scalars(select(OutboxMessage.idempotency_key)).all()
        assert len(keys) == len(set(keys))
        answered = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "answered")
        )
        assert answered == 1
    assert os.path.exists(crm)
