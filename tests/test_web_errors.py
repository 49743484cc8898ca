"""The API's one error envelope, pinned; and the same errors as readable pages."""

from __future__ import annotations

import logging
import socket
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from waarborg.declaration.model import Declaration
from waarborg.store import Database
from waarborg.web import create_app

from .webclient import BASE, Centre, make_settings


def test_the_error_envelope_has_exactly_this_shape(centre: Centre) -> None:
    response = centre.client.get("/api/v1/admin/requests")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False
    assert isinstance(body["error"], str) and body["error"]
    assert body["status"] == 401


def test_every_api_error_uses_the_envelope(centre: Centre) -> None:
    token = centre.admin_token()
    auth = {"Authorization": f"Bearer {token}"}
    cases = [
        centre.client.get("/api/v1/admin/requests/nope", headers=auth),  # 404
        centre.client.post("/api/v1/admin/requests/nope/deny", headers=auth, json={}),  # 422
        centre.client.get("/api/v1/restrictions", headers=auth),  # 422: no email
        centre.client.get("/api/v1/nothing-here"),  # 404 from the router
        centre.client.delete("/api/v1/admin/requests", headers=auth),  # 405
    ]
    for response in cases:
        body = response.json()
        assert set(body) == {"ok", "error", "status"}, body
        assert body["ok"] is False
        assert body["status"] == response.status_code


def test_pages_show_errors_readably_in_the_visitors_language(centre: Centre) -> None:
    dutch = centre.client.get("/nl/nothing-here")
    assert dutch.status_code == 404
    assert dutch.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in dutch.text
    english = centre.client.get("/en/nothing-here")
    assert english.status_code == 404
    assert "Not found" in english.text
    by_header = centre.client.get("/nowhere", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Not found" in by_header.text and '<html lang="en">' in by_header.text


def test_a_store_that_is_down_gets_a_503_and_a_page_saying_to_try_again(
    demo_declaration: Declaration, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://waarborg:secret@127.0.0.1:{port}/waarborg"
    database = Database(url)
    settings = make_settings(tmp_path, url)
    app = create_app(settings, demo_declaration, database=database)
    with caplog.at_level(logging.ERROR, "waarborg.web"), TestClient(app, base_url=BASE) as client:
        # The banner's read (asynchronous connections) and an admin read (a thread).
        for path in ("/api/v1/consent/visitor/Vis1tor-abcdefghijklmn", "/api/v1/admin/requests"):
            answer = client.get(path, headers={"Authorization": "Bearer wbg_" + "x" * 43})
            assert answer.status_code == 503, path
            assert answer.json()["error"].startswith("the store is unavailable")
            assert answer.headers["retry-after"] == "30"
            assert "secret" not in answer.text and "Traceback" not in answer.text
        centre = Centre(client, database, settings, app)
        page = centre.file("access", lang="en")
        assert page.status_code == 503 and "Please try again later" in page.text
        assert "secret" not in page.text and "psycopg" not in page.text
    logged = [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()]
    assert logged and not any("jan.jansen" in line or "[SQL:" in line for line in logged)
    database.dispose()


def test_a_locked_store_is_logged_without_the_statement_or_its_values(
    centre: Centre, caplog: pytest.LogCaptureFixture
) -> None:
    def locked() -> None:
        raise OperationalError(
            "UPDATE requests SET email = ?",
            ("jan.jansen@example.nl",),
            sqlite3.OperationalError("database is locked"),
        )

    centre.app.add_api_route("/api/v1/locked", locked)
    with caplog.at_level(logging.ERROR, "waarborg.web"):
        answer = centre.client.get("/api/v1/locked")
    assert answer.status_code == 503 and answer.headers["retry-after"] == "30"
    assert "jan.jansen" not in answer.text
    logged = [r.getMessage() for r in caplog.records]
    assert any("database is locked" in line for line in logged)
    assert not any("jan.jansen" in line or "UPDATE" in line for line in logged)
