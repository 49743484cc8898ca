"""``waarborg serve``: what it prepares before uvicorn starts, and the worker thread
that does the work in the same process. (Serving for real: test_e2e_browser.py.)"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from waarborg.cli import main
from waarborg.settings import Settings
from waarborg.web.server import base_url_for, prepare
from waarborg.web.worker import Worker

from .webclient import Centre


def test_base_url_follows_host_and_port_unless_set(tmp_path: Path) -> None:
    unset = Settings(data_dir=tmp_path)
    assert base_url_for(unset, "127.0.0.1", 8123).base_url == "http://127.0.0.1:8123"
    assert base_url_for(unset, "0.0.0.0", 80).base_url == "http://127.0.0.1:80"
    configured = Settings(data_dir=tmp_path, base_url="https://privacy.example.nl")
    assert base_url_for(configured, "0.0.0.0", 80).base_url == "https://privacy.example.nl"


def test_without_a_declaration_the_demo_is_built_and_the_store_migrated(tmp_path: Path) -> None:
    prepared = prepare(Settings(data_dir=tmp_path))
    try:
        assert prepared.demo
        assert prepared.declaration.controller.name == "Studio Denkbeeldig B.V."
        assert prepared.warnings == []  # the statement and the centre agree
        assert (tmp_path / "demo" / "crm.sqlite").exists()
        assert (tmp_path / "waarborg.db").exists()
        prepared.database.check()
    finally:
        prepared.database.dispose()


def test_serve_reports_a_broken_declaration_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "privacy.yaml"
    broken.write_text("waarborg: 1\ncontroller: {}\n", "utf-8")
    result = CliRunner().invoke(
        main,
        ["serve"],
        env={"WAARBORG_DATA_DIR": str(tmp_path), "WAARBORG_DECLARATION": str(broken)},
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_the_worker_runs_requests_and_sends_mail(centre: Centre, tmp_path: Path) -> None:
    from waarborg.mail.folder import FolderMailer

    centre.verified("access", "jan.jansen@example.nl")  # two letters Jan has read
    shared = centre.app.state.web
    outbox = tmp_path / "sent"
    worker = Worker(centre.database, shared.requests, FolderMailer(outbox))
    outcomes = worker.round()
    assert [o.error for o in outcomes] == [None] * len(outcomes)
    worker.round()  # the answer queued in the first round is sent in the second
    [answer] = outbox.glob("*.eml")
    assert "/download/***" in answer.read_text("utf-8")  # the folder keeps no live link
    assert shared.requests.list(open_only=True) == []
    worker.start()
    assert worker.running
    worker.stop()
    assert not worker.running
