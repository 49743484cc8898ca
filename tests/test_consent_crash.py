"""The consent API under load, killed with SIGKILL: every consent event that was
answered 2xx is in the ledger after a restart, on SQLite and on PostgreSQL, and on
SQLite also with two worker processes taking turns at the write lock, each
committing its recordings in groups.

``waarborg serve`` runs in a process of its own (or uvicorn with two workers). Eight
threads record consent as fast as they can, half as the cookie banner (no token),
half as an application (a token); once a few hundred events are answered, the server
is killed with SIGKILL while the threads go on sending. A new server is started on the
same store, and every event id a 2xx answer carried is looked up, in the database and
through the API.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from waarborg.consent.cookies import banner
from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.store import Database, admin_tokens, migrate
from waarborg.store.models import Consent

from .serving import Served, free_port, serve_env, start, stop

pytestmark = pytest.mark.slow

THREADS = 8
ANSWERED_BEFORE_KILL = 300


def _send(
    url: str,
    token: str,
    version: str,
    worker: int,
    acked: list[str],
    refused: list[int],
    stop_at: threading.Event,
) -> None:
    """Record events until told to stop; the ids of those answered 2xx go to ``acked``,
    and each attempt that got no answer counts in ``refused``."""
    with httpx.Client(base_url=url, timeout=5.0) as client:
        n = 0
        while not stop_at.is_set():
            n += 1
            try:
                if n % 2:
                    response = client.post(
                        "/api/v1/consent/visitor",
                        json={
                            "visitor": f"crash-visitor-{worker:02d}-{n:06d}",
                            "choices": {"analytics": n % 3 == 0, "marketing": False},
                            "version": version,
                        },
                    )
                else:
                    response = client.post(
                        "/api/v1/consent",
                        headers={"Authorization": f"Bearer {token}"},
                        json={
                            "subject": f"person{worker}.{n}@example.nl",
                            "purpose": "newsletter",
                            "state": "given",
                            "method": "checkout",
                            "event_id": f"crash-{worker:02d}-{n:06d}",
                        },
                    )
            except httpx.HTTPError:
                refused.append(worker)  # the server is gone
                time.sleep(0.01)
                continue
            if 200 <= response.status_code < 300:
                body = response.json()
                events = body["events"] if "events" in body else [body["event"]]
                acked.extend(event["event_id"] for event in events)


def _workers(env: dict[str, str], port: int, log: Path) -> Served:
    """The application under uvicorn with two worker processes, in a session of its own
    (so that SIGKILL reaches every process of it)."""
    command = [sys.executable, "-m", "uvicorn", "--factory"]
    command += ["waarborg.web.server:app_from_environment", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    return start({**env, "WAARBORG_BASE_URL": url}, port, log, command=[*command, "--workers", "2"])


def _kill_all(served: Served) -> None:
    """SIGKILL to every process of the server (uvicorn's workers too)."""
    try:
        os.killpg(served.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    served.process.wait(timeout=10)


def _kill_one(served: Served) -> None:
    os.kill(served.process.pid, signal.SIGKILL)
    assert served.process.wait(timeout=10) == -signal.SIGKILL


def test_every_answered_consent_survives_a_sigkill(database_url: str, tmp_path: Path) -> None:
    _survives(database_url, tmp_path, start, _kill_one)


def test_every_answered_consent_survives_a_sigkill_of_two_sqlite_workers(
    tmp_path: Path,
) -> None:
    """Two processes on one SQLite file, each committing its recordings in groups: all
    of them killed at once mid-stream lose nothing they answered 2xx."""
    _survives(f"sqlite:///{tmp_path / 'store' / 'waarborg.db'}", tmp_path, _workers, _kill_all)


def _survives(
    database_url: str,
    tmp_path: Path,
    starting: Callable[[dict[str, str], int, Path], Served],
    kill: Callable[[Served], None],
) -> None:
    declaration = ensure_demo(tmp_path / "demo")
    migrate(database_url)
    database = Database(database_url)
    with database.write() as session:
        _row, token = admin_tokens.create(session, "shop")
    env = serve_env(
        tmp_path / "data",
        declaration,
        database_url=database_url,
        consent_rate_limit_per_ip="0",
    )
    version = banner(load(declaration)).version
    port = free_port()
    served = starting(env, port, tmp_path / "serve.log")
    acked: list[str] = []
    refused: list[int] = []
    stop_at = threading.Event()
    threads = [
        threading.Thread(
            target=_send, args=(served.url, token, version, i, acked, refused, stop_at)
        )
        for i in range(THREADS)
    ]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acked) < ANSWERED_BEFORE_KILL:
            assert time.monotonic() < deadline, f"only {len(acked)} answered in 120 s"
            time.sleep(0.01)
        kill(served)  # mid-stream: the threads keep sending
        time.sleep(0.3)
        assert refused, "the threads were still sending when the server died"
    finally:
        stop_at.set()
        for thread in threads:
            thread.join(timeout=30)
        if served.process.poll() is None:
            kill(served)
    answered = set(acked)
    assert len(answered) == len(acked) >= ANSWERED_BEFORE_KILL

    restarted = start(env, port, tmp_path / "serve-again.log")
    try:
        with database.read() as session:
            stored = set(session.scalars(select(Consent.event_id)))
        missing = answered - stored
        assert not missing, f"{len(missing)} answered events lost, e.g. {sorted(missing)[:3]}"
        with httpx.Client(base_url=restarted.url, timeout=5.0) as client:
            last = sorted(a for a in answered if a.startswith("crash-"))[-1]
            worker, n = last.split("-")[1:]
            subject = f"person{int(worker)}.{int(n)}@example.nl"
            state = client.get(
                "/api/v1/consent",
                params={"subject": subject},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            assert state["purposes"]["newsletter"]["event_id"] == last
    finally:
        stop(restarted.process)
        database.dispose()
