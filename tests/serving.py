"""``waarborg serve`` for real, in a process of its own on a free port, for tests that
need a server over the network: a browser, or a process killed with SIGKILL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Served", "free_port", "serve_env", "serving", "start", "stop"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def serve_env(data_dir: Path, declaration: Path, **settings: str) -> dict[str, str]:
    """The environment of a server: this one's, without its WAARBORG_ settings, plus these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAARBORG_")}
    env["WAARBORG_STRICT_WORDING"] = "1"  # a missing translation fails here too
    env.update(
        {
            "WAARBORG_DATA_DIR": str(data_dir),
            "WAARBORG_DECLARATION": str(declaration),
            "WAARBORG_SECRET_KEY": "s" * 40,
        }
    )
    env.update({f"WAARBORG_{k.upper()}": v for k, v in settings.items()})
    return env


def start(
    env: Mapping[str, str],
    port: int,
    log: Path,
    timeout: float = 60.0,
    *,
    command: list[str] | None = None,
) -> Served:
    """Start ``waarborg serve`` (or ``command``, in a session of its own, so that a
    signal to its process group reaches every process it starts) and wait until it
    answers."""
    url = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            command or [sys.executable, "-m", "waarborg", "serve", "--port", str(port)],
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=command is not None,
        )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/nl/", timeout=2) as response:
                if response.status == 200:
                    return Served(url, process, log)
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise AssertionError("waarborg serve did not start:\n" + log.read_text())
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server: politely, then by force."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(env: Mapping[str, str], log: Path, port: int | None = None) -> Iterator[Served]:
    served = start(env, port or free_port(), log)
    try:
        yield served
    finally:
        stop(served.process)
