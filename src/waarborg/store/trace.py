"""Timings of a SQLite store's writers, for finding what holds a write up.

Off unless the environment variable ``WAARBORG_STORE_TRACE`` names a folder. Then each
process writes one file there, ``trace-<pid>.tsv``, a line per event:

    start  end  pid  thread  kind  key=value ...

``start`` and ``end`` are seconds on the system's monotonic clock (``time.monotonic``,
the same clock in every process of the machine, and the clock of an asyncio loop), so
the lines of several processes, and a load generator's own times, can be laid side by
side. The kinds:

- ``turn.wait``, ``turn.hold``: waiting for the writers' turn (``db.py``'s ``Writer``:
  the threads' lock, then the ``flock`` of the ``-writer`` file) and holding it;
- ``commit``: the ``COMMIT`` of a write transaction (SQLite's own checkpoint, when due,
  runs inside it);
- ``group``: a group commit (``group.py``): ``size`` writes, ``queued`` seconds the
  oldest waited for the writer thread;
- ``checkpoint.passive``, ``checkpoint.turn``, ``checkpoint.finish``: the steps of a
  checkpoint (``checkpoint.py``), with the pages pending before and after;
- ``gc``: a collection by Python's garbage collector, with its generation;
- ``loop.lag``: an event loop that ran a callback later than due by more than
  ``LOOP_LAG_S`` (the loop was busy, or the process waited for the CPU or the GIL);
- ``http``: a request, from the moment the server read its start to its answer's end
  (``waarborg.web.timing``);
- ``job``: a background job of the worker; ``gc.freeze``: a served process setting its
  start-up objects aside from the collector (``waarborg.web.app``).

Lines are kept in memory and written in batches (and at exit), so tracing costs little
and never writes in the writers' turn. ``bench/consent_api.py --trace`` and
``bench/consent_trace.py`` use it.
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import os
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["ENV", "LOOP_LAG_S", "enabled", "event", "flush", "install", "watch_loop"]

ENV = "WAARBORG_STORE_TRACE"
#: A loop callback this late is recorded.
LOOP_LAG_S = 0.005
#: How often the loop's watcher wakes.
_TICK_S = 0.002
#: Lines kept before they are written.
_BATCH = 512

_folder = os.environ.get(ENV) or None
_lines: list[str] = []
_lock = threading.Lock()
_installed_pid = 0


def enabled() -> bool:
    """Whether this process traces (``WAARBORG_STORE_TRACE`` was set at import)."""
    return _folder is not None


def event(kind: str, start: float, end: float, **fields: object) -> None:
    """Record ``kind`` from ``start`` to ``end`` (``time.monotonic``), when enabled. A
    field that is a float (seconds) is written to the microsecond; nothing is formatted
    when tracing is off, so callers on the writers' path pass raw values."""
    if _folder is None:
        return
    extra = " ".join(
        f"{key}={value:.6f}" if isinstance(value, float) else f"{key}={value}"
        for key, value in fields.items()
    )
    line = (
        f"{start:.6f}\t{end:.6f}\t{os.getpid()}\t{threading.current_thread().name}"
        f"\t{kind}\t{extra}\n"
    )
    with _lock:
        _lines.append(line)
        full = len(_lines) >= _BATCH
    if full:
        flush()


def flush() -> None:
    """Write the lines kept so far to this process's file."""
    if _folder is None:
        return
    with _lock:
        text = "".join(_lines)
        _lines.clear()
    if text:
        path = Path(_folder) / f"trace-{os.getpid()}.tsv"
        with path.open("a", encoding="utf-8") as out:
            out.write(text)


def _gc_callback(phase: str, info: dict[str, Any], _started: list[float] = [0.0]) -> None:  # noqa: B006
    if phase == "start":
        _started[0] = time.monotonic()
    else:
        event("gc", _started[0], time.monotonic(), generation=info.get("generation"))


def install() -> None:
    """In a process that traces: time the garbage collector, and write what is kept at
    exit. Once per process."""
    global _installed_pid
    if _folder is None or _installed_pid == os.getpid():
        return
    _installed_pid = os.getpid()
    Path(_folder).mkdir(parents=True, exist_ok=True)
    gc.callbacks.append(_gc_callback)
    atexit.register(flush)


async def watch_loop() -> None:
    """Record the running loop's lag past ``LOOP_LAG_S`` until cancelled."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + _TICK_S
        await asyncio.sleep(_TICK_S)
        late = loop.time() - due
        if late > LOOP_LAG_S:
            event("loop.lag", due, due + late)
