"""A worker process for tests/test_worker.py: runs one probe job every second on the
real scheduler for a few seconds. The probe writes each run (tick and process) to
the table ``probe_runs``, so the test can count how often each tick ran.

    python -m tests.worker_probe DATABASE_URL SECONDS
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.settings import Settings
from waarborg.store import Database
from waarborg.worker import Background, Job, Runner, Services
from waarborg.worker.ticks import tick_of

ROOT = Path(__file__).resolve().parent.parent
EVERY = timedelta(seconds=1)


def probe(services: Services) -> Mapping[str, Any]:
    tick = tick_of(clock.now(), EVERY)
    with services.database.write() as session:
        session.execute(
            text("INSERT INTO probe_runs (tick, pid) VALUES (:tick, :pid)"),
            {"tick": tick.isoformat(), "pid": os.getpid()},
        )
    time.sleep(0.3)  # a run long enough for the other worker to fire meanwhile
    return {"ran": 1}


def main(url: str, seconds: float) -> None:
    database = Database(url)
    settings = Settings(data_dir=Path(os.environ["PROBE_DATA_DIR"]), database_url=url)
    declaration = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    services = Services.build(database, declaration, settings)
    background = Background(Runner(services, [Job("probe", EVERY, probe, "A test probe.")]))
    background.start()
    time.sleep(seconds)
    background.stop()
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
