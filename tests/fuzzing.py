"""What the fuzz tests share: the app served for real by uvicorn, in a thread, on a
free port, over Waarborg's store on SQLite or PostgreSQL; and a tally of what was
sent and what came back.

Every call goes over HTTP with a timeout (``CALL_TIMEOUT``), so a request that hangs
fails the test instead of blocking the suite, and a 5xx is counted, not just raised.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from waarborg.declaration.model import Declaration
from waarborg.store import Database, admin_tokens
from waarborg.web import create_app

from .serving import free_port
from .webclient import make_settings

__all__ = ["CALL_TIMEOUT", "Served", "Tally", "serve"]

#: Seconds one call may take before it counts as a hang.
CALL_TIMEOUT = 20.0


@dataclass
class Tally:
    """Calls made, by status class, and the slowest one."""

    name: str
    statuses: Counter[int] = field(default_factory=Counter)
    #: Calls by exact status.
    exact: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    #: What answered 2xx at least once.
    succeeded: set[str] = field(default_factory=set)
    slowest: float = 0.0

    def add(self, status: int, took: float, what: str) -> None:
        self.statuses[status // 100 * 100] += 1
        self.exact[status] += 1
        self.slowest = max(self.slowest, took)
        if status >= 500:
            self.server_errors.append(f"{status} {what}")
        elif status < 300:
            self.succeeded.add(what)

    @property
    def calls(self) -> int:
        return sum(self.statuses.values())

    def report(self) -> str:
        classes = ", ".join(f"{k}: {v}" for k, v in sorted(self.exact.items()))
        return (
            f"{self.name}: {self.calls} calls ({classes}); "
            f"{len(self.server_errors)} 5xx; slowest {self.slowest:.2f} s"
        )


@dataclass
class Served:
    url: str
    app: FastAPI
    #: An admin token, for the routes that need one.
    token: str


@contextmanager
def serve(
    tmp_path: Path, database_url: str, database: Database, declaration: Declaration, **settings: Any
) -> Iterator[Served]:
    """The app on ``database`` under uvicorn in a thread, until the block ends."""
    app = create_app(
        make_settings(tmp_path, database_url, **settings), declaration, database=database
    )
    with database.write() as session:
        _row, token = admin_tokens.create(session, "fuzzer")
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="critical",
        access_log=False,
        lifespan="on",
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fuzzed-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AssertionError("the app did not start under uvicorn")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, token)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
