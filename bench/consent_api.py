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
recording at least 500 requests/s on SQLite (more on PostgreSQL). The per-IP rate
limit of the banner's route is off here (``WAARBORG_CONSENT_RATE_LIMIT_PER_IP=0``):
all load comes from one address, where production traffic comes from many.

    python bench/consent_api.py [--duration 8] [--rounds 3] [--connections 16]
        [--workers 2] [--postgres URL] [--backends sqlite,postgresql]

PostgreSQL comes from ``--postgres`` or ``WAARBORG_TEST_POSTGRES_URL``
(``scripts/test-postgres`` prints one); the run uses a schema of its own and drops it.
"""

from __future__ import annotations

import argparse
import os
import platform
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
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

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

READ_TARGET = 3000.0
P99_TARGET_MS = 20.0
RECORD_TARGET = 500.0
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
def _server(url: str, declaration: Path, data_dir: Path, workers: int) -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
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
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _run_backend(backend: str, url: str, args: argparse.Namespace) -> dict[str, list[Result]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        declaration = ensure_demo(folder / "demo")
        token, version = _fill(url, declaration)
        scripts = _lua(folder, token, version)
        results: dict[str, list[Result]] = {name: [] for name in scripts}
        data = folder / "data"
        data.mkdir()
        with _server(url, declaration, data, args.workers) as base:
            for script in scripts.values():  # warm up every route and worker
                _wrk(base, script, 2, args.connections, args.threads)
            for _ in range(args.rounds):
                for name, script in scripts.items():
                    results[name].append(
                        _wrk(base, script, args.duration, args.connections, args.threads)
                    )
        failed = [f"{name}: {r.detail}" for name, runs in results.items() for r in runs if r.errors]
        if failed:
            print(f"{backend}: rounds with errors: {'; '.join(failed)}")
            logged = (data / "uvicorn.log").read_text(errors="replace").splitlines()
            for line in [line for line in logged if "ERROR" in line or "WARNING" in line][:20]:
                print(f"  server log: {line}")
        return results


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


def main() -> None:
    parser = argparse.ArgumentParser(description="the consent API under load")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--postgres", default=os.environ.get("WAARBORG_TEST_POSTGRES_URL"))
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian), brew install wrk")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; uvicorn workers: {args.workers}; wrk: {args.threads} "
        f"thread(s), {args.connections} connections, {args.duration} s x {args.rounds} rounds"
    )
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results = _run_backend(backend, f"sqlite:///{tmp}/waarborg.db", args)
        elif backend == "postgresql":
            if not args.postgres:
                print("postgresql: skipped (no --postgres URL or WAARBORG_TEST_POSTGRES_URL)")
                continue
            with _postgres_schema(args.postgres) as url:
                results = _run_backend(backend, url, args)
        else:
            raise SystemExit(f"unknown backend {backend!r}; use sqlite and/or postgresql")
        _report(backend, results)


if __name__ == "__main__":
    main()
