"""The limit on a request's body: a 413 in the error envelope (or the error page)
before the body is held in memory, whether the request announces its length or
streams it chunked; checked in the app and on a real server with 100 MB streamed at
it, watching the server's memory."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from waarborg.demo import ensure_demo

from .requirements import missing
from .serving import serve_env, serving
from .webclient import Centre

MB = 1024 * 1024


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def test_a_body_over_the_limit_is_a_413_in_the_envelope_or_on_a_page(centre: Centre) -> None:
    over = b"{" + b" " * MB + b"}"
    announced = centre.client.post(
        "/api/v1/consent/visitor", content=over, headers={"Content-Type": "application/json"}
    )
    assert announced.status_code == 413
    assert announced.json() == {
        "ok": False,
        "error": "the request body is too large: at most 1 MB is accepted",
        "status": 413,
    }
    assert announced.headers["connection"] == "close"
    assert announced.headers["x-content-type-options"] == "nosniff"  # the usual headers
    streamed = centre.client.post(
        "/api/v1/consent/visitor",
        content=_chunks(2 * MB),
        headers={"Content-Type": "application/json"},
    )
    assert streamed.status_code == 413 and streamed.json()["status"] == 413
    page = centre.client.post(
        "/nl/complaint",
        content=_chunks(2 * MB),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 413 and "Te veel gegevens" in page.text
    form = centre.client.post("/en/complaint", data={"text": "x" * (2 * MB)})
    assert form.status_code == 413 and "Too much data" in form.text


def test_a_body_under_the_limit_reaches_the_route(centre: Centre) -> None:
    token = centre.admin_token("shop")
    padded = json.dumps(
        {"subject": "jan@example.nl", "purpose": "newsletter", "state": "given"}, indent=1
    )
    body = padded[:-1] + " " * (MB - len(padded) - 10) + "}"
    answer = centre.client.post(
        "/api/v1/consent",
        content=body.encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _answer(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        if not part:
            break
        data += part
    return data


def test_a_real_server_refuses_100_mb_without_holding_it(tmp_path: Path) -> None:
    if not Path("/proc/self/status").exists():
        missing("/proc is not mounted", "the memory of the server is read from /proc; run on Linux")
    env = serve_env(tmp_path / "data", ensure_demo(tmp_path / "demo"))
    with serving(env, tmp_path / "serve.log") as served:
        host, port = served.url.removeprefix("http://").split(":")
        before = _rss_kib(served.process.pid)
        # Streamed, chunked, with no length: cut off as it passes the limit.
        sent = 0
        started = time.monotonic()
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                b"POST /api/v1/consent/visitor HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = b" " * (256 * 1024)
            framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            try:
                while sent < 100 * MB:
                    sock.sendall(framed)
                    sent += len(chunk)
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server answered and closed the connection
            head = _answer(sock)
        elapsed = time.monotonic() - started
        grown = _rss_kib(served.process.pid) - before
        print(f"sent {sent} bytes in {elapsed:.2f} s; the server grew by {grown} KiB")
        assert head.startswith(b"HTTP/1.1 413"), head[:200]
        assert sent < 100 * MB  # the server stopped taking it in
        assert grown < 20 * 1024, f"the server grew by {grown} KiB"
        # Announced: the answer comes before any of the body is sent.
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                b"POST /api/v1/consent/visitor HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
            )
            head = _answer(sock)
        assert head.startswith(b"HTTP/1.1 413"), head[:200]
