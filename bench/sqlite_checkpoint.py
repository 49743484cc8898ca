"""Benchmark: recording consents on one SQLite file at a steady rate, from several
processes, with SQLite's own checkpoints against Waarborg's (``store/checkpoint.py``).

What the consent API does below HTTP: each process hands its recordings to
``Database.committed`` (grouped commits, processes taking turns through the lock file),
one consent event (a row of the ledger) per recording. Open loop: recording ``n`` of a
process is due at ``n / rate`` seconds whether or not earlier ones were acknowledged,
and its latency runs from that moment to its acknowledgement (after its commit).
Without HTTP and uvicorn, it needs a fraction of the CPU of ``consent_api.py``, so it
shows the store's own stalls on a machine too loaded for that benchmark.

Two ways of checkpointing, alternated round by round, each on a fresh store:

- ``sqlite``: SQLite's automatic checkpoint at 1,000 pages inside the ``COMMIT`` that
  crosses it, the thread off (Waarborg before ``checkpoint.py``);
- ``waarborg``: the thread of each process, the bulk copied while the writers go on and
  the rest in their turn; SQLite's own only as a backstop.

Printed per round and way: p50, p99 and the slowest latency, the largest ``-wal`` file
seen (sampled after every 50th acknowledgement in each process), the events
acknowledged and those found in the store afterwards (they must be equal), the longest
turn at the write lock and the turns over 50 ms, and the turns in which a checkpoint
copied pages while holding it (SQLite's inside a commit; the thread's last copy), with
their median and longest; then the medians over rounds and the ratio of the p99 of
``waarborg`` to that of ``sqlite`` in each round. With ``python -c pass`` and the load
average before and after.

    python bench/sqlite_checkpoint.py [--duration 20] [--rate 500] [--rounds 3]
        [--processes 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import Connection

from waarborg import clock
from waarborg.store import Database, migrate
from waarborg.store.checkpoint import wal_index
from waarborg.store.enums import ConsentState
from waarborg.store.models import Consent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe
from pacing import open_loop

WAYS = ("sqlite", "waarborg")
P99_TARGET_MS = 50.0


@dataclass
class Share:
    """One process's part of a round."""

    latencies_ms: list[float]
    largest_wal: int
    checkpoints: int
    #: How long each turn at the write lock was held, in ms (a commit, and with it
    #: SQLite's own checkpoint when it ran; or the thread's last copy).
    turns_ms: list[float]
    checkpoint_turns_ms: list[float]
    restart_turns_ms: list[float]


class Timed:
    """The writers' turn, timed from taking it to handing it on. A turn is also counted
    as a checkpoint's when ``copying`` (the checkpointing thread's turns) or, for
    SQLite's own checkpoint inside a commit, when fewer pages of the log waited at its
    end than at its start; and as one that started the log again when the log held
    fewer pages at its end than at its start."""

    def __init__(self, writer: Any, shm: Path, *, copying: bool = False) -> None:
        self.writer = writer
        self.shm = shm
        self.copying = copying
        self.turns_ms: list[float] = []
        self.checkpoint_turns_ms: list[float] = []
        self.restart_turns_ms: list[float] = []
        self._taken: list[tuple[float, tuple[int, int] | None]] = []

    def __enter__(self) -> None:
        self.writer.__enter__()
        self._taken.append((time.perf_counter(), wal_index(self.shm)))

    def __exit__(self, *exc_info: object) -> None:
        taken, before = self._taken.pop()
        after = wal_index(self.shm)
        self.writer.__exit__(*exc_info)
        held = (time.perf_counter() - taken) * 1000
        self.turns_ms.append(held)
        copied = restarted = False
        if before is not None and after is not None:
            copied = after[0] - after[1] < before[0] - before[1]
            restarted = after[0] < before[0]
        if self.copying or copied:
            self.checkpoint_turns_ms.append(held)
        elif restarted:
            self.restart_turns_ms.append(held)


def _sqlite_default(database: Database) -> None:
    """SQLite's own checkpoints, as before ``checkpoint.py``: 1,000 pages, no limit."""
    database.checkpoints = None

    @event.listens_for(database.engine, "connect")
    def _defaults(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA wal_autocheckpoint = 1000")
        cursor.execute("PRAGMA journal_size_limit = -1")
        cursor.close()


def _work(n: int) -> Any:
    subject = f"bench{secrets.token_hex(6)}{n:08d}@example.nl"

    def work(connection: Connection) -> None:
        connection.execute(
            insert(Consent).values(
                event_id=secrets.token_urlsafe(16),
                subject_key=subject,
                purpose="newsletter",
                state=ConsentState.GIVEN,
                notice_hash="0" * 64,
                method="checkout",
                lang="nl",
                ip=None,
                details={"application": "bench"},
                created_at=clock.now(),
            )
        )

    return work


async def _record(
    database: Database,
    turns: Timed,
    copies: Timed,
    wal: Path,
    rate: float,
    seconds: float,
    start: float,
) -> Share:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    largest = 0
    offset = start - time.monotonic()  # the shared start, on this loop's clock

    async def one(n: int, due: float) -> None:
        nonlocal largest
        await database.committed(_work(n))
        latencies.append((loop.time() - due) * 1000)
        if len(latencies) % 50 == 0:
            try:
                largest = max(largest, wal.stat().st_size)
            except FileNotFoundError:
                pass

    await open_loop(one, rate, int(rate * seconds), loop.time() + offset)
    largest = max(largest, wal.stat().st_size if wal.exists() else 0)
    finished = database.checkpoints.finished if database.checkpoints is not None else 0
    return Share(
        latencies,
        largest,
        finished,
        turns.turns_ms,
        copies.checkpoint_turns_ms,
        turns.restart_turns_ms,
    )


def _process(
    url: str, way: str, rate: float, seconds: float, ready: Any, go: Any, out: Any
) -> None:
    database = Database(url)
    if way == "sqlite":
        _sqlite_default(database)
    file = url.removeprefix("sqlite:///")
    wal = Path(file + "-wal")
    turns = Timed(database._writer, Path(file + "-shm"))
    database._writer = turns
    copies = turns
    if database.checkpoints is not None:
        # The thread's turns are its last copies; a commit's turn in the meantime may see
        # fewer pages waiting because the thread copied them outside it.
        copies = Timed(turns, turns.shm, copying=True)
        database.checkpoints._writer = copies
    with database.writing():  # open the store before the clock starts
        pass
    ready.send(True)
    start = go.recv()
    share = asyncio.run(_record(database, turns, copies, wal, rate, seconds, start))
    out.send(share)
    database.dispose()


def _round(way: str, rate: float, seconds: float, processes: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/waarborg.db"
        migrate(url)
        context = mp.get_context("spawn")
        pipes = []
        children = []
        for _ in range(processes):
            ready_r, ready_w = context.Pipe(duplex=False)
            go_r, go_w = context.Pipe(duplex=False)
            out_r, out_w = context.Pipe(duplex=False)
            child = context.Process(
                target=_process, args=(url, way, rate / processes, seconds, ready_w, go_r, out_w)
            )
            child.start()
            children.append(child)
            pipes.append((ready_r, go_w, out_r))
        for ready_r, _, _ in pipes:
            ready_r.recv()
        start = time.monotonic() + 0.2
        for _, go_w, _ in pipes:
            go_w.send(start)
        shares: list[Share] = [out_r.recv() for _, _, out_r in pipes]
        for child in children:
            child.join()
            if child.exitcode != 0:
                raise SystemExit(f"a recording process failed (exit code {child.exitcode})")
        database = Database(url)
        with database.reading() as connection:
            stored = connection.execute(select(func.count()).select_from(Consent)).scalar_one()
        database.dispose()
    latencies = sorted(x for share in shares for x in share.latencies_ms)
    turns = sorted(x for share in shares for x in share.turns_ms)
    copying = sorted(x for share in shares for x in share.checkpoint_turns_ms)
    restarts = sorted(x for share in shares for x in share.restart_turns_ms)
    return {
        "restart_turns": len(restarts),
        "restart_median": statistics.median(restarts) if restarts else float("nan"),
        "restart_longest": restarts[-1] if restarts else float("nan"),
        "copying_turns": len(copying),
        "copying_median": statistics.median(copying) if copying else float("nan"),
        "copying_longest": copying[-1] if copying else float("nan"),
        "longest_turn": turns[-1],
        "turns_over_50": sum(1 for x in turns if x > 50),
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max": latencies[-1],
        "wal_mb": max(share.largest_wal for share in shares) / 1e6,
        "acknowledged": len(latencies),
        "stored": stored,
        "checkpoints": sum(share.checkpoints for share in shares),
    }


def _line(label: str, found: dict[str, Any]) -> str:
    return (
        f"{label:24} p50 {found['p50']:7.2f} ms  p99 {found['p99']:7.2f} ms  "
        f"max {found['max']:7.1f} ms  largest -wal {found['wal_mb']:5.1f} MB  "
        f"acknowledged {found['acknowledged']}, stored {found['stored']}; longest turn at "
        f"the lock {found['longest_turn']:.1f} ms, turns over 50 ms {found['turns_over_50']}; "
        f"turns that copied the log {found['copying_turns']:.0f}, median "
        f"{found['copying_median']:.1f} ms, longest {found['copying_longest']:.1f} ms; "
        f"turns that started the log again {found['restart_turns']:.0f}, median "
        f"{found['restart_median']:.1f} ms, longest {found['restart_longest']:.1f} ms"
        + (f"  (thread's checkpoints {found['checkpoints']})" if found["checkpoints"] else "")
    )


def _load() -> str:
    return (
        " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if os.path.exists("/proc/loadavg")
        else "unknown"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="SQLite's checkpoints under steady recording")
    parser.add_argument("--duration", type=float, default=20, help="seconds per round and way")
    parser.add_argument("--rate", type=float, default=500, help="recordings/s, all processes")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    print(describe())
    print(
        f"{args.processes} processes recording {args.rate:.0f}/s together, open loop, "
        f"{args.duration:.0f} s per round and way, {args.rounds} rounds; load {_load()}"
    )
    results: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
    for n in range(args.rounds):
        order = WAYS if n % 2 == 0 else tuple(reversed(WAYS))
        for way in order:
            found = _round(way, args.rate, args.duration, args.processes)
            results[way].append(found)
            print(_line(f"round {n + 1} {way}", found), flush=True)
            if found["stored"] != found["acknowledged"]:
                raise SystemExit(
                    f"{way}: {found['acknowledged']} acknowledged, {found['stored']} stored"
                )
    print(f"load after: {_load()}")
    for way in WAYS:
        runs = results[way]
        median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        verdict = "meets" if median["p99"] < P99_TARGET_MS else "misses"
        print(_line(f"median {way}", median) + f"  ({verdict} p99 < {P99_TARGET_MS:.0f} ms)")
    ratios = [
        w["p99"] / s["p99"] for w, s in zip(results["waarborg"], results["sqlite"], strict=True)
    ]
    print(
        "p99 waarborg / sqlite by round: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + f"; median {statistics.median(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
