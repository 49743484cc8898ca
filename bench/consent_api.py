"""Benchmark: the consent API on loopback, reading state and recording, on SQLite and
on PostgreSQL.

The real application runs under uvicorn (``--workers``, access log off) on the demo
organisation, its store filled beforehand with 5,000 visitors' cookie choices and
2,000 newsletter subscribers. wrk (Debian: ``apt-get install wrk``), in a process of
its own, loads one route at a time:

- ``read visitor``: ``GET /api/v1/consent/visitor/{id}`` (the banner; no token);
- ``read person``: ``GET /api/v1/consent?subject=...&purpose=newsletter`` (an
  application, with its bearer token);
- ``record visitor``: ``POST /api/v1/consent/visitor`` (a new visitor's choice: two
  events in one transaction);
- ``record person``: ``POST /api/v1/consent`` (an application records one event);
- ``no store``: ``GET /.well-known/gpc.json``, a route that does not touch the
  store, as the ceiling of the web stack on this machine, measured in the same run.

Each case runs ``--rounds`` times, interleaved; the medians are printed with the
ratio to the targets: reading at least 3,000 requests/s with p99 under 20 ms,
recording at least 500 requests/s on SQLite (more on PostgreSQL).

wrk sends as fast as the server answers, so its p99 is that of a saturated server.
The two recording routes are also loaded at a steady ``--rate`` (500/s), open loop,
by a generator in a process of its own: request ``n`` is due at ``n / rate`` seconds
whether or not earlier ones were answered, and its latency runs from that moment to
the end of its answer, so a stall is not hidden by the sender waiting. Printed: p50,
p99 and the slowest, the requests without a 2xx (a 10 s timeout counts), the CPU time
the server's processes used per request (from ``/proc``), and p99's ratio to the
50 ms target. ``--paced-only`` skips wrk (then wrk need not be installed). The per-IP rate
limit of the banner's route is off here (``WAARBORG_CONSENT_RATE_LIMIT_PER_IP=0``):
all load comes from one address, where production traffic comes from many.

    python bench/consent_api.py [--duration 8] [--rounds 3] [--connections 16]
        [--workers 2] [--postgres URL] [--backends sqlite,postgresql] [--rate 500]
        [--paced-only] [--trace FOLDER]

``--trace FOLDER`` writes each paced request's times (due, sent, answered, on the
machine's monotonic clock) to ``FOLDER/client-*.tsv`` and has the server record its
writers' timings there (``WAARBORG_STORE_TRACE``, ``waarborg.store.trace``);
``bench/consent_trace.py FOLDER`` lines the slow requests up with them.

PostgreSQL comes from ``--postgres`` or ``WAARBORG_TEST_POSTGRES_URL``
(``scripts/test-postgres`` prints one); the run uses a schema of its own and drops it.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from waarborg import clock
from waarborg.consent.cookies import banner
from waarborg.consent.notice import purpose_notice
from waarborg.declaration.loader import load
from waarborg.demo import ensure_demo
from waarborg.store import Database, admin_tokens, create_engine, migrate
from waarborg.store.enums import ConsentState
from waarborg.store.models import Consent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe
from pacing import open_loop

READ_TARGET = 3000.0
P99_TARGET_MS = 20.0
RECORD_TARGET = 500.0
#: Recording at a steady ``--rate`` (500/s): p99 under this.
P99_RECORD_TARGET_MS = 50.0
#: The routes loaded at a steady rate, open loop.
PACED = ("record visitor", "record person")
VISITORS = 5000
PEOPLE = 2000
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    detail: str = ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _visitor_id(n: int) -> str:
    return "bench" + format(n, "017d")


@contextmanager
def _postgres_schema(url: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield parsed.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _fill(url: str, declaration_path: Path) -> tuple[str, str]:
    """Migrate and fill the store; returns an admin token and the banner version."""
    declaration = load(declaration_path)
    found = banner(declaration)
    newsletter = purpose_notice(declaration, "newsletter")
    migrate(url)
    database = Database(url)
    now = clock.now() - timedelta(days=1)
    rows = []
    for n in range(VISITORS):
        for category in found.asked:
            assert category.notice is not None
            rows.append(
                {
                    "event_id": secrets.token_urlsafe(16),
                    "subject_key": f"visitor:{_visitor_id(n)}",
                    "purpose": f"cookie:{category.key}",
                    "state": ConsentState.GIVEN if n % 2 else ConsentState.WITHDRAWN,
                    "notice_hash": category.notice.hash,
                    "method": "banner",
                    "lang": "nl",
                    "ip": "203.0.113.0",
                    "details": {},
                    "created_at": now,
                }
            )
    for n in range(PEOPLE):
        rows.append(
            {
                "event_id": secrets.token_urlsafe(16),
                "subject_key": f"person{n}@example.nl",
                "purpose": "newsletter",
                "state": ConsentState.GIVEN,
                "notice_hash": newsletter.hash,
                "method": "double_opt_in",
                "lang": "nl",
                "ip": None,
                "details": {},
                "created_at": now,
            }
        )
    with database.write() as session:
        session.execute(insert(Consent), rows)
        _row, token = admin_tokens.create(session, "bench")
    database.dispose()
    return token, found.version


def _lua(folder: Path, token: str, version: str) -> dict[str, Path]:
    visitors = ",".join(f'"{_visitor_id(n)}"' for n in range(0, VISITORS, 5))
    people = ",".join(f'"person{n}@example.nl"' for n in range(0, PEOPLE, 2))
    seed = (
        "local thread_n = 0\n"
        "setup = function(thread) thread_n = thread_n + 1; thread:set('n', thread_n) end\n"
        "init = function(args) math.randomseed(os.time() * 1000 + (n or 0)) end\n"
    )
    make_id = (
        f'local chars = "{_ALPHABET}"\n'
        "local function new_id()\n"
        "  local t = {}\n"
        "  for i = 1, 22 do local k = math.random(#chars); t[i] = chars:sub(k, k) end\n"
        "  return table.concat(t)\n"
        "end\n"
    )
    scripts = {
        "read visitor": (
            f"local ids = {{{visitors}}}\n" + seed + "request = function()\n"
            '  return wrk.format("GET", "/api/v1/consent/visitor/" .. ids[math.random(#ids)])\n'
            "end\n"
        ),
        "read person": (
            f"local people = {{{people}}}\n"
            + seed
            + f'wrk.headers["Authorization"] = "Bearer {token}"\n'
            "request = function()\n"
            '  return wrk.format("GET", "/api/v1/consent?purpose=newsletter&subject=" ..'
            " people[math.random(#people)])\n"
            "end\n"
        ),
        "record visitor": (
            make_id + seed + 'wrk.headers["Content-Type"] = "application/json"\n'
            "request = function()\n"
            '  local body = \'{"visitor":"\' .. new_id() .. \'","choices":{"analytics":true,'
            f'"marketing":false}},"version":"{version}","lang":"nl"}}\'\n'
            '  return wrk.format("POST", "/api/v1/consent/visitor", nil, body)\n'
            "end\n"
        ),
        "record person": (
            make_id + seed + 'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Authorization"] = "Bearer {token}"\n'
            "request = function()\n"
            '  local body = \'{"subject":"\' .. new_id() .. \'@example.nl",'
            '"purpose":"newsletter","state":"given","method":"checkout"}\'\n'
            '  return wrk.format("POST", "/api/v1/consent", nil, body)\n'
            "end\n"
        ),
        "no store": 'request = function() return wrk.format("GET", "/.well-known/gpc.json") end\n',
    }
    paths = {}
    for name, source in scripts.items():
        path = folder / (name.replace(" ", "_") + ".lua")
        path.write_text(source)
        paths[name] = path
    return paths


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
_SOCKET_ERRORS = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"


def _find(pattern: str, output: str) -> str:
    found = re.search(pattern, output)
    if found is None:
        raise SystemExit(f"cannot read wrk's output ({pattern}):\n{output}")
    return found.group(1)


def _ms(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    if found is None:
        raise SystemExit(f"cannot read wrk's latency {value!r}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def _wrk(url: str, script: Path, duration: int, connections: int, threads: int) -> Result:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", output))
    p50 = _ms(_find(r"\s50%\s+(\S+)", output))
    p99 = _ms(_find(r"\s99%\s+(\S+)", output))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(_SOCKET_ERRORS, output)
    errors = int(bad.group(1)) if bad else 0
    detail = f"{errors} non-2xx" if errors else ""
    if sockets:
        errors += sum(int(part) for part in sockets.groups())
        detail = f"{detail} {sockets.group(0)}".strip()
    return Result(rps, p50, p99, errors, detail)


@contextmanager
def _server(
    url: str, declaration: Path, data_dir: Path, workers: int, trace: Path | None = None
) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
    if trace is not None:  # the server's timings (waarborg.store.trace)
        env["WAARBORG_STORE_TRACE"] = str(trace / "server")
    env.update(
        {
            "WAARBORG_DATA_DIR": str(data_dir),
            "WAARBORG_DECLARATION": str(declaration),
            "WAARBORG_DATABASE_URL": url,
            "WAARBORG_BASE_URL": f"http://127.0.0.1:{port}",
            "WAARBORG_SECRET_KEY": "b" * 40,
            "WAARBORG_CONSENT_RATE_LIMIT_PER_IP": "0",
        }
    )
    log = (data_dir / "uvicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "waarborg.web.server:app_from_environment",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/.well-known/gpc.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        "the server did not start:\n" + (data_dir / "uvicorn.log").read_text()
                    ) from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --- recording at a fixed rate ----------------------------------------------------------


@dataclass
class Paced:
    """One paced run: the latencies (ms, from the moment each request was due) of the
    answers, and the requests that got no 2xx."""

    rate: float
    sent: int
    latencies_ms: list[float]
    failed: int
    #: CPU time the server's processes used per request, in ms.
    server_cpu_ms: float = float("nan")
    #: Per request (``--trace``): number, due, when the client's task for it began,
    #: when its answer ended (the loop's clock, ``time.monotonic``), status (0 for
    #: none), whether it opened a new connection.
    times: list[tuple[int, float, float, float, int, bool]] = field(default_factory=list)
    #: The requests without a 2xx by what happened: a status, or the client's error and
    #: whether it came on a kept-alive connection reused or on a new one.
    why: dict[str, int] = field(default_factory=dict)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _request(route: str, token: str, version: str, n: int) -> bytes:
    """One recording, as bytes on the wire, for a subject never seen before."""
    fresh = f"{secrets.token_hex(6)}{n:010d}"
    if route == "record visitor":
        path = "/api/v1/consent/visitor"
        body = (
            f'{{"visitor":"pace{fresh}","choices":{{"analytics":true,"marketing":false}},'
            f'"version":"{version}","lang":"nl"}}'
        )
        auth = ""
    else:
        path = "/api/v1/consent"
        body = (
            f'{{"subject":"pace{fresh}@example.nl","purpose":"newsletter","state":"given",'
            '"method":"checkout"}'
        )
        auth = f"Authorization: Bearer {token}\r\n"
    data = body.encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


#: Seconds a kept-alive connection is reused after its last answer. uvicorn closes one
#: idle for 5 s (its ``timeout_keep_alive``); a client that sends on it at that moment
#: gets no answer (``IncompleteReadError`` on a reused connection), which is the
#: client's race, not the server's failure. Clients keep idle connections for less
#: time than the server does, as this one now does.
IDLE_KEPT = 4.0


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send one request on a kept-alive connection; the answer's status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def _pace(
    port: int, route: str, token: str, version: str, rate: float, seconds: float
) -> Paced:
    """Open loop: request ``n`` is due at ``start + n / rate`` whether or not earlier
    ones were answered (a slow answer does not slow the sending, so it is not hidden);
    each goes out on a kept-alive connection idle for less than ``IDLE_KEPT``, or a new
    one when none is. Its
    latency runs from the moment it was due to the end of its answer."""
    loop = asyncio.get_running_loop()
    #: Idle kept-alive connections, each with when it was last answered on.
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
    latencies: list[float] = []
    #: Per request: number, due, when its task began, end, status, new connection.
    times: list[tuple[int, float, float, float, int, bool]] = []
    failed = 0
    why: dict[str, int] = {}
    total = int(rate * seconds)

    def failure(kind: str) -> None:
        nonlocal failed
        failed += 1
        why[kind] = why.get(kind, 0) + 1

    async def one(n: int, due: float) -> None:
        began = loop.time()
        request = _request(route, token, version, n)
        connection = None
        while idle and connection is None:
            reader, writer, last = idle.pop()
            if loop.time() - last < IDLE_KEPT:
                connection = (reader, writer)
            else:  # the server may be closing it just now: a new one instead
                writer.close()
        fresh = connection is None
        status = 0
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            status = await asyncio.wait_for(_exchange(*connection, request), timeout=10)
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            failure(f"{type(error).__name__} on a {'new' if fresh else 'reused'} connection")
            if connection is not None:
                connection[1].close()
            times.append((n, due, began, loop.time(), status, fresh))
            return
        ended = loop.time()
        times.append((n, due, began, ended, status, fresh))
        latencies.append((ended - due) * 1000)
        if not 200 <= status < 300:
            failure(f"status {status}")
        idle.append((*connection, ended))

    await open_loop(one, rate, total, loop.time() + 0.05)
    for _reader, writer, _last in idle:
        writer.close()
    return Paced(rate, total, latencies, failed, times=times, why=why)


def _pace_in_process(
    port: int, route: str, token: str, version: str, rate: float, seconds: float, out: Any
) -> None:
    out.send(asyncio.run(_pace(port, route, token, version, rate, seconds)))


def _paced(
    base: str, route: str, token: str, version: str, rate: float, seconds: float, server: int
) -> Paced:
    """A paced run in a process of its own (as wrk is), with the CPU time the server
    (process ``server`` and its workers) used for it."""
    port = int(base.rsplit(":", 1)[1])
    cpu = _cpu_seconds(server)
    context = mp.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_pace_in_process, args=(port, route, token, version, rate, seconds, send)
    )
    process.start()
    found: Paced = receive.recv()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"the paced load generator failed (exit code {process.exitcode})")
    if found.sent:
        found.server_cpu_ms = (_cpu_seconds(server) - cpu) * 1000 / found.sent
    return found


def _dump(folder: Path, backend: str, route: str, round_: int, run: Paced) -> None:
    """Write a paced run's requests (``--trace``) for ``bench/consent_trace.py``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"client-{backend}-{route.replace(' ', '_')}-{round_}.tsv"
    with path.open("w", encoding="utf-8") as out:
        out.write("n\tdue\tbegan\tended\tstatus\tnew_connection\n")
        for n, due, began, ended, status, fresh in sorted(run.times):
            out.write(f"{n}\t{due:.6f}\t{began:.6f}\t{ended:.6f}\t{status}\t{int(fresh)}\n")


def _run_backend(
    backend: str, url: str, args: argparse.Namespace
) -> tuple[dict[str, list[Result]], dict[str, list[Paced]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        declaration = ensure_demo(folder / "demo")
        token, version = _fill(url, declaration)
        scripts = _lua(folder, token, version)
        if args.paced_only:
            scripts = {}
        results: dict[str, list[Result]] = {name: [] for name in scripts}
        paced: dict[str, list[Paced]] = {name: [] for name in PACED}
        data = folder / "data"
        data.mkdir()
        trace = Path(args.trace).resolve() if args.trace else None
        with _server(url, declaration, data, args.workers, trace) as (base, server):
            for script in scripts.values():  # warm up every route and worker
                _wrk(base, script, 2, args.connections, args.threads)
            for name in PACED:
                _paced(base, name, token, version, args.rate, 2, server)
            for _ in range(args.rounds):
                for name, script in scripts.items():
                    results[name].append(
                        _wrk(base, script, args.duration, args.connections, args.threads)
                    )
                for name in PACED:
                    run = _paced(base, name, token, version, args.rate, args.duration, server)
                    paced[name].append(run)
                    if trace is not None:
                        _dump(trace, backend, name, len(paced[name]), run)
        failed = [f"{name}: {r.detail}" for name, runs in results.items() for r in runs if r.errors]
        failed += [
            f"{name} at {args.rate:.0f}/s: {r.failed} of {r.sent} without a 2xx "
            f"({', '.join(f'{n} {kind}' for kind, n in sorted(r.why.items()))})"
            for name, runs in paced.items()
            for r in runs
            if r.failed
        ]
        if failed:
            print(f"{backend}: rounds with errors: {'; '.join(failed)}")
            logged = (data / "uvicorn.log").read_text(errors="replace").splitlines()
            for line in [line for line in logged if "ERROR" in line or "WARNING" in line][:20]:
                print(f"  server log: {line}")
        return results, paced


def _report(backend: str, results: dict[str, list[Result]]) -> None:
    for name, runs in results.items():
        rps = statistics.median(r.rps for r in runs)
        p50 = statistics.median(r.p50_ms for r in runs)
        p99 = statistics.median(r.p99_ms for r in runs)
        errors = sum(r.errors for r in runs)
        if name.startswith("read"):
            verdict = (
                f"ratio to 3,000/s {rps / READ_TARGET:.2f}, "
                f"p99 ratio to 20 ms {p99 / P99_TARGET_MS:.2f}"
            )
        elif name.startswith("record"):
            verdict = f"ratio to 500/s {rps / RECORD_TARGET:.2f}"
        else:
            verdict = "ceiling of the web stack"
        print(
            f"{backend:10} {name:15} {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
            f"  errors {errors}  ({verdict}; rounds {[round(r.rps) for r in runs]})"
        )


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.extend(_tree(int(child)))
    return found


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used so far by ``pid`` and its descendants; 0 where
    there is no ``/proc``."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for each in _tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _report_paced(backend: str, paced: dict[str, list[Paced]]) -> None:
    for name, runs in paced.items():
        if not runs:
            continue
        p50 = statistics.median(r.percentile(0.50) for r in runs)
        p99 = statistics.median(r.percentile(0.99) for r in runs)
        worst = statistics.median(max(r.latencies_ms, default=float("nan")) for r in runs)
        failed = sum(r.failed for r in runs)
        cpu = statistics.median(r.server_cpu_ms for r in runs)
        verdict = "meets" if p99 < P99_RECORD_TARGET_MS else "misses"
        label = f"{name} @{runs[0].rate:.0f}/s"
        print(
            f"{backend:10} {label:22} p50 {p50:6.2f} ms  p99 {p99:7.2f} ms  max {worst:7.1f} ms"
            f"  no 2xx {failed}  server CPU {cpu:.2f} ms/request"
            f"  (p99 ratio to {P99_RECORD_TARGET_MS:.0f} ms "
            f"{p99 / P99_RECORD_TARGET_MS:.2f}, {verdict}; p99 by round "
            f"{[round(r.percentile(0.99), 1) for r in runs]})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="the consent API under load")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--postgres", default=os.environ.get("WAARBORG_TEST_POSTGRES_URL"))
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--rate", type=float, default=RECORD_TARGET, help="requests/s of the paced recording"
    )
    parser.add_argument(
        "--paced-only",
        action="store_true",
        help="only the paced recording, not wrk's routes at their highest rate",
    )
    parser.add_argument(
        "--trace",
        metavar="FOLDER",
        help="write each paced request's times, and the server's timings of its writers "
        "(WAARBORG_STORE_TRACE), to FOLDER; bench/consent_trace.py lines them up",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.paced_only:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian), brew install wrk")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(describe())
    print(
        f"uvicorn workers: {args.workers}; wrk: {args.threads} thread(s), {args.connections} "
        f"connections; paced recording at {args.rate:.0f}/s, open loop; {args.duration} s x "
        f"{args.rounds} rounds"
    )
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results, paced = _run_backend(backend, f"sqlite:///{tmp}/waarborg.db", args)
        elif backend == "postgresql":
            if not args.postgres:
                print("postgresql: skipped (no --postgres URL or WAARBORG_TEST_POSTGRES_URL)")
                continue
            with _postgres_schema(args.postgres) as url:
                results, paced = _run_backend(backend, url, args)
        else:
            raise SystemExit(f"unknown backend {backend!r}; use sqlite and/or postgresql")
        _report(backend, results)
        _report_paced(backend, paced)


if __name__ == "__main__":
    main()
