"""A demo organisation on a PostgreSQL store, for the tests that start real
``waarborg worker`` processes: its request service, and the environment a worker
process needs to work on the same store."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from waarborg.declaration.loader import load
from waarborg.demo.build import build_demo
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate

BASE_URL = "https://privacy.example.nl"
SECRET = "x" * 40


@dataclass(frozen=True)
class DemoStore:
    demo: Path
    declaration: Path
    data: Path
    database: Database
    requests: Requests
    env: dict[str, str]

    def worker(self) -> subprocess.Popen[str]:
        """A ``waarborg worker --only requests`` process on this store."""
        return subprocess.Popen(
            [sys.executable, "-m", "waarborg", "worker", "--only", "requests"],
            env=self.env,
            stderr=subprocess.PIPE,
            text=True,
        )


def demo_store(url: str, tmp_path: Path) -> DemoStore:
    """The demo's declaration and datastores, the store at ``url`` migrated."""
    demo = tmp_path / "demo"
    build_demo(demo, today=datetime.now(UTC).date())
    declaration = demo / "privacy.yaml"
    migrate(url)
    data = tmp_path / "data"
    settings = Settings(data_dir=data, secret_key=SECRET, base_url=BASE_URL)
    database = Database(url)
    env = {
        **os.environ,
        "WAARBORG_DATABASE_URL": url,
        "WAARBORG_DATA_DIR": str(data),
        "WAARBORG_SECRET_KEY": SECRET,
        "WAARBORG_BASE_URL": BASE_URL,
        "WAARBORG_DECLARATION": str(declaration),
    }
    requests = Requests(database, load(declaration), settings)
    return DemoStore(demo, declaration, data, database, requests, env)
