"""The privacy centre under test: the real app on the demo organisation, on SQLite and
PostgreSQL, driven through httpx's TestClient, with helpers that read the mail the
app queued and follow its links the way a person does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.settings import Settings
from waarborg.store import Database, admin_tokens
from waarborg.store.enums import TokenScope
from waarborg.web import create_app
from waarborg.web.state import Web

from .mailbox import delivered

BASE = "http://testserver"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LINK = re.compile(r"http://testserver(/[^\s]+)")


@pytest.fixture(scope="session")
def demo_declaration(tmp_path_factory: pytest.TempPathFactory) -> Declaration:
    """The demo organisation's declaration (its CRM in a folder of the session)."""
    return load(ensure_demo(tmp_path_factory.mktemp("demo")))


@dataclass
class Centre:
    """A TestClient on the app, with what a test needs to act like a person or staff."""

    client: TestClient
    database: Database
    settings: Settings
    app: FastAPI

    def run_worker(self) -> int:
        """One round of the worker: run the requests that are due."""
        shared: Web = self.app.state.web
        return shared.requests.process_due()

    def csrf(self, path: str) -> str:
        """Open ``path`` (setting the CSRF cookie) and return the token of its form."""
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        found = _CSRF.search(response.text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def file(
        self, kind: str = "access", email: str = "jan.jansen@example.nl", **fields: Any
    ) -> Any:
        """Fill in and send the form for ``kind``; returns the response (not followed)."""
        lang = fields.pop("lang", "nl")
        path = f"/{lang}/request/{kind}"
        data = {"email": email, "csrf_token": self.csrf(path), **fields}
        return self.client.post(path, data=data, follow_redirects=False)

    def mails(self, kind: str | None = None, to: str | None = None) -> list[EmailMessage]:
        """The messages sent so far (the queue delivered first), oldest first, of one
        kind and recipient if given, as the person receives them."""
        return delivered(self.database, kind, to)

    def link(self, kind: str, to: str | None = None) -> str:
        """The path of the link in the newest mail of ``kind``."""
        message = self.mails(kind, to)[-1]
        body = message.get_body(("plain",))
        assert body is not None
        found = _LINK.search(body.get_content())
        assert found, f"no link in the {kind} mail"
        return found.group(1)

    def confirm(self, verify_path: str) -> Any:
        """Press the button on a verification page."""
        token = self.csrf(verify_path)
        return self.client.post(verify_path, data={"csrf_token": token})

    def verified(self, kind: str = "access", email: str = "jan.jansen@example.nl", **f: Any) -> str:
        """File and confirm a request; returns the status page's path from the mail."""
        assert self.file(kind, email, **f).status_code == 303
        assert self.confirm(self.link("verification", email)).status_code == 200
        return self.link("received", email)

    def admin_token(self, name: str = "staff", scope: TokenScope = TokenScope.ADMIN) -> str:
        with self.database.write() as session:
            _row, token = admin_tokens.create(session, name, scope)
        return token

    def login(self, name: str = "staff") -> str:
        """Log in to the admin page; returns the admin token used."""
        token = self.admin_token(name)
        csrf = self.csrf("/admin")
        response = self.client.post(
            "/admin/login", data={"token": token, "csrf_token": csrf}, follow_redirects=False
        )
        assert response.status_code == 303
        return token


def make_settings(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "base_url": BASE,
        "secret_key": "k" * 40,
    }
    return Settings(**{**values, **overrides})


@pytest.fixture
def centre(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> Iterator[Centre]:
    """The app on the demo organisation, its store on SQLite and on PostgreSQL."""
    settings = make_settings(tmp_path, database_url)
    app = create_app(settings, demo_declaration, database=database)
    with TestClient(app, base_url=BASE) as client:
        yield Centre(client, database, settings, app)


def centre_with(
    database: Database,
    database_url: str,
    declaration: Declaration,
    tmp_path: Path,
    **overrides: Any,
) -> Centre:
    """A Centre with settings of the test's own (close its client when done)."""
    settings = make_settings(tmp_path, database_url, **overrides)
    app = create_app(settings, declaration, database=database)
    https = settings.base_url.startswith("https://")
    client = TestClient(app, base_url="https://testserver" if https else BASE)
    return Centre(client, database, settings, app)
