"""``waarborg cookies audit`` end to end: real Chromium on a small site served on
127.0.0.1 that places a marketing cookie before any choice."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from waarborg.cli import main
from waarborg.declaration.model import Declaration
from waarborg.store import Database
from waarborg.worker import JOBS, Runner, Services

from .test_admin_overview import section
from .webclient import Centre, centre_with

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Shop</title>
<script>document.cookie = "_fbp=fb.1.1700000000.1; max-age=7776000; path=/";</script>
</head><body><h1>Shop</h1><a href="/over.html">Over ons</a></body></html>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE, "utf-8")
    (root / "over.html").write_text(PAGE.replace("Shop", "Over ons"), "utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_marketing_cookie_before_any_choice_fails_the_audit(
    chromium: Path, site: str, tmp_path: Path
) -> None:
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(
        main, ["cookies", "audit", site, "--pages", "1", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(out.read_text("utf-8"))
    found = [(f["rule"], f["phase"], f["subject"]) for f in report["findings"]]
    assert ("tracking-cookie", "before", "_fbp") in found
    # No banner to operate: the other phases are said to be without their choice.
    assert ("choice-not-made", "accept_all", "accept_all") in found
    assert report["audit"]["banner"]["found"] is False


def test_a_site_that_cannot_be_reached_exits_2(chromium: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = CliRunner().invoke(main, ["cookies", "audit", f"http://127.0.0.1:{port}/"])
    assert result.exit_code == 2, result.output
    assert "cannot be audited" in result.output
    assert "Traceback" not in result.output


def test_without_a_website_to_audit_the_overview_says_how_to_set_one(centre: Centre) -> None:
    centre.login()
    shown = section(centre.client.get("/admin").text, "cookie-audit")
    assert "WAARBORG_COOKIE_AUDIT_URL" in shown


def test_the_worker_audits_the_website_and_the_overview_shows_the_result(
    chromium: Path,
    site: str,
    database: Database,
    database_url: str,
    demo_declaration: Declaration,
    tmp_path: Path,
) -> None:
    centre = centre_with(
        database,
        database_url,
        demo_declaration,
        tmp_path,
        cookie_audit_url=site,
        cookie_audit_pages=1,
    )
    try:
        shared = centre.app.state.web
        services = Services.build(
            centre.database, shared.declaration, shared.settings, requests=shared.requests
        )
        centre.login()
        assert "nog niet gecontroleerd" in section(centre.client.get("/admin").text, "cookie-audit")
        outcome = Runner(services, JOBS).tick("cookie-audit")
        assert outcome is not None and not outcome.error, outcome
        shown = section(centre.client.get("/admin").text, "cookie-audit")
        assert f"De laatste controle van {site}" in shown
        # the marketing cookie before any choice is an error, and the line says so
        assert "0 fout(en)" not in shown and "fout(en)" in shown
    finally:
        centre.client.close()
