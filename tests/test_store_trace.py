"""The writers' timings for finding stalls (``store/trace.py``, ``WAARBORG_STORE_TRACE``)
and the served app's start-up objects set aside from the garbage collector
(``create_app(freeze=True)``)."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Connection

from waarborg.declaration.model import Declaration
from waarborg.store import Database, migrate, trace
from waarborg.web import create_app

from .webclient import BASE, make_settings

SRC = Path(__file__).resolve().parents[1] / "src"


def _lines(folder: Path) -> list[list[str]]:
    trace.flush()
    found = []
    for path in folder.glob("trace-*.tsv"):
        found += [line.split("\t") for line in path.read_text().splitlines()]
    return found


def test_a_traced_write_records_its_wait_its_turn_its_group_and_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "trace"
    folder.mkdir()
    monkeypatch.setattr(trace, "_folder", str(folder))
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    before = time.monotonic()

    def work(connection: Connection) -> int:
        return int(connection.execute(text("SELECT 1")).scalar_one())

    try:
        assert asyncio.run(database.committed(work)) == 1
    finally:
        database.dispose()
    after = time.monotonic()
    lines = _lines(folder)
    kinds = {line[4] for line in lines}
    assert {"turn.wait", "turn.hold", "commit", "group"} <= kinds
    for start, end, pid, _thread, _kind, _extra in lines:
        assert before <= float(start) <= float(end) <= after  # one clock for every process
        assert pid == str(os.getpid())
    [group] = [line for line in lines if line[4] == "group"]
    assert "size=1" in group[5] and "queued=" in group[5]


def test_without_the_variable_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trace, "_folder", None)
    trace.event("commit", 1.0, 2.0)
    trace.flush()
    assert not trace.enabled()
    assert list(tmp_path.iterdir()) == []


def test_a_blocked_event_loop_is_recorded_as_its_lag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trace, "_folder", str(tmp_path))

    async def block() -> None:
        watcher = asyncio.get_running_loop().create_task(trace.watch_loop())
        await asyncio.sleep(0.01)
        time.sleep(0.1)  # the loop runs nothing else meanwhile
        await asyncio.sleep(0.01)
        watcher.cancel()

    asyncio.run(block())
    lags = [float(end) - float(start) for start, end, *rest in _lines(tmp_path)]
    assert lags and max(lags) >= 0.09


def test_a_traced_process_records_its_collections_and_writes_them_at_exit(
    tmp_path: Path,
) -> None:
    script = "from waarborg.store import trace; import gc; trace.install(); gc.collect(1)"
    env = {**os.environ, "PYTHONPATH": str(SRC), trace.ENV: str(tmp_path / "t")}
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    lines = _lines(tmp_path / "t")
    assert any(line[4] == "gc" and line[5] == "generation=1" for line in lines)


@pytest.mark.parametrize("freeze", [True, False])
def test_a_served_app_sets_its_start_up_objects_aside_from_the_collector_until_shutdown(
    freeze: bool, demo_declaration: Declaration, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    app = create_app(
        make_settings(tmp_path, url), demo_declaration, database=database, freeze=freeze
    )
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(app, base_url=BASE) as client:
            assert client.get("/.well-known/gpc.json").status_code == 200
            frozen = gc.get_freeze_count()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        database.dispose()
    if freeze:
        # The modules, the declaration and the routes: a full collection skips them.
        assert frozen > 50_000
    else:
        assert frozen == 0


def test_a_traced_app_records_each_requests_time_in_the_server(
    demo_declaration: Declaration, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "trace"
    monkeypatch.setattr(trace, "_folder", str(folder))
    monkeypatch.setattr(trace, "_installed_pid", 0)
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    database = Database(url)
    app = create_app(make_settings(tmp_path, url), demo_declaration, database=database)
    try:
        with TestClient(app, base_url=BASE) as client:
            assert client.get("/.well-known/gpc.json").status_code == 200
    finally:
        if trace._gc_callback in gc.callbacks:  # installed by the app's start
            gc.callbacks.remove(trace._gc_callback)
        database.dispose()
    http = [line for line in _lines(folder) if line[4] == "http"]
    assert [line[5] for line in http] == ["path=/.well-known/gpc.json"]
