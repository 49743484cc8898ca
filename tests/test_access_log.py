"""The server's log shows no token and no e-mail address (issue 10, finding 2).

``/download/<token>``, ``?t=<token>`` and ``?subject=<email>`` went into the access log
as they were: a log reader could download an export before the person did. A real
``waarborg serve`` is asked for each kind of path, and its log (uvicorn's access and
error lines, and Waarborg's own) is read back.
"""

from __future__ import annotations

import logging
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from waarborg.demo import ensure_demo
from waarborg.web.logmask import MaskFilter, install, mask

from .serving import serve_env, serving

TOKEN = secrets.token_urlsafe(32)
JAN = "jan.jansen@example.nl"

#: (path asked, what its access line shows)
PATHS = [
    (f"/verify/{TOKEN}", "/verify/***"),
    (f"/download/{TOKEN}", "/download/***"),
    (f"/confirm/{TOKEN}", "/confirm/***"),
    (f"/unsubscribe/u1.{TOKEN}", "/unsubscribe/***"),
    (f"/requests/r1?t={TOKEN}&lang=en", "/requests/r1?t=***&lang=en"),
    (f"/complaints/c1?lang=nl&t={TOKEN}", "/complaints/c1?lang=nl&t=***"),
    (
        "/api/v1/consent/history?subject=jan.jansen%40example.nl",
        "/api/v1/consent/history?subject=***",
    ),
    (f"/api/v1/consent/records?subject={JAN}", "/api/v1/consent/records?subject=***"),
    (f"/api/v1/newsletters/newsletter/unsubscribe?email={JAN}", "/unsubscribe?email=***"),
    (f"/api/v1/consent/{JAN}/x", "/api/v1/consent/***@***/x"),
]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_the_access_log_of_waarborg_serve_masks_tokens_and_addresses(tmp_path: Path) -> None:
    env = serve_env(tmp_path / "data", ensure_demo(tmp_path / "demo"))
    log = tmp_path / "serve.log"
    with serving(env, log) as served:
        answers = [_get(served.url + path) for path, _shown in PATHS]
    text = log.read_text("utf-8")
    assert all(answer < 500 for answer in answers), (answers, text)
    for path, shown in PATHS:
        assert shown in text, f"no access line for {path}:\n{text}"
    assert TOKEN not in text
    assert "jan.jansen" not in text


#: Waarborg's own log lines, written under the logging ``waarborg serve`` sets up.
_OWN_LINES = f"""
import logging, logging.config
from waarborg.web.logmask import log_config
logging.config.dictConfig(log_config())
logging.getLogger("waarborg.web").error("unexpected error serving %s", "/download/{TOKEN}")
logging.getLogger("waarborg.worker").warning("the mail server refused %s: 550", "{JAN}")
try:
    raise ValueError("no such token: /download/{TOKEN} for {JAN}")
except ValueError:
    logging.getLogger("waarborg.web").exception("unexpected error serving /verify/x")
logging.getLogger("uvicorn.error").error("Invalid HTTP request: /confirm/%s", "{TOKEN}")
logging.getLogger("waarborg.web").error("asked for /verify/{TOKEN} by %s", "{JAN}")
logging.getLogger("sqlalchemy").warning("a library's line about %s", "{JAN}")
"""


def test_waarborgs_own_log_lines_are_masked_too() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _OWN_LINES], capture_output=True, text=True, check=True
    )
    text = done.stdout + done.stderr
    assert "/download/***" in text and "refused ***@***: 550" in text
    assert "/confirm/***" in text and "ValueError" in text and "library's line" in text
    assert "asked for /verify/*** by ***@***" in text and "Logging error" not in text
    assert TOKEN not in text and JAN not in text


def test_an_app_served_otherwise_masks_its_loggers() -> None:
    install()
    install()
    for name in ("uvicorn.access", "waarborg.web"):
        filters = [f for f in logging.getLogger(name).filters if isinstance(f, MaskFilter)]
        assert len(filters) == 1
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/download/{TOKEN}", "1.1", 404), None,
    )  # fmt: skip
    assert logging.getLogger("uvicorn.access").filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /download/*** HTTP/1.1" 404'


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("/verify/abc", "/verify/***"),
        ("/verify/abc?lang=en", "/verify/***?lang=en"),
        ("/requests/r1?t=abc", "/requests/r1?t=***"),
        ("/x?T=abc&token=def", "/x?T=***&token=***"),
        ("/x?email=a%40b.nl&subject=visitor:v1", "/x?email=***&subject=***"),
        ("sent to Jan <jan@example.nl>", "sent to Jan <***@***>"),
        ("/admin/requests/r1", "/admin/requests/r1"),
        ("/verification/abc", "/verification/abc"),
        ("/unsubscribe/***", "/unsubscribe/***"),
    ],
)
def test_what_is_masked(text: str, masked: str) -> None:
    assert mask(text) == masked
