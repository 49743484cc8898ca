"""The server every fake shares: routing, JSON answers, and failures on demand."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Call:
    """A request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


Handler = Callable[..., Answer]


class FakeAPI:
    """A fake API: subclasses add routes with ``route`` and keep their own state."""

    name = "fake"

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.calls: list[Call] = []
        self.lock = threading.RLock()
        #: Failures to answer the next calls with (of one method only, or any).
        self._failures: list[tuple[str | None, Answer]] = []
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- failures on demand ----------------------------------------------------------

    def throttle(self, times: int = 1, retry_after: int = 1, method: str | None = None) -> None:
        """Answer the next ``times`` calls (of ``method``, or any) with 429 and Retry-After."""
        with self.lock:
            self._failures += [(method, self.too_many(retry_after))] * times

    def down(self, times: int = 1, method: str | None = None) -> None:
        """Answer the next ``times`` calls (of ``method``, or any) with 503."""
        with self.lock:
            self._failures += [(method, Answer(503, {"error": "Service Unavailable"}))] * times

    def too_many(self, retry_after: int) -> Answer:
        return Answer(429, {"error": "Too Many Requests"}, {"Retry-After": str(retry_after)})

    # --- routing ---------------------------------------------------------------------

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(f"^{pattern}$"), handler))

    def authorised(self, call: Call) -> Answer | None:
        """None when the call is authenticated; else the API's refusal."""
        return None

    def dispatch(self, call: Call) -> Answer:
        with self.lock:
            self.calls.append(call)
            for index, (method, failure) in enumerate(self._failures):
                if method is None or method == call.method:
                    del self._failures[index]
                    return failure
            refused = self.authorised(call)
            if refused is not None:
                return refused
            allowed = []
            for method, pattern, handler in self.routes:
                match = pattern.match(call.path)
                if match is None:
                    continue
                if method != call.method:
                    allowed.append(method)
                    continue
                return handler(call, **match.groupdict())
            if allowed:
                return self.error(405, "Method Not Allowed", f"{call.method} not allowed")
            return self.error(404, "Resource Not Found", f"no such path {call.path}")

    def error(self, status: int, title: str, detail: str) -> Answer:
        return Answer(status, {"error": title, "detail": detail})

    # --- serving ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        """Serve on a free port of 127.0.0.1 in a thread; the fake itself, as its own class."""
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # one write per answer, sent at once: without these a kept-alive connection
            # waits for the client's delayed acknowledgement (about 40 ms) per answer
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                call = Call(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                answer = fake.dispatch(call)
                data = (
                    b""
                    if answer.body is None
                    else answer.body
                    if isinstance(answer.body, bytes)
                    else json.dumps(answer.body).encode()
                )
                self.send_response(answer.status)
                if data:
                    self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
