"""A schemathesis run against the app's OpenAPI schema: whatever is sent, no 5xx.

Every operation is called with an admin token, and form posts with a valid CSRF
token, so the generated data reaches the handlers instead of stopping at the door.
Bounded to a few examples per operation so the run stays well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from waarborg.declaration.model import Declaration
from waarborg.store import Database, admin_tokens, migrate
from waarborg.web import create_app
from waarborg.web.security import CSRF_COOKIE, sign_csrf

from .webclient import make_settings

COOKIE = "c" * 43


@pytest.fixture
def fuzzed_app(tmp_path: Path, demo_declaration: Declaration) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'waarborg.db'}"
    migrate(url)
    database = Database(url)
    try:
        app = create_app(make_settings(tmp_path, url), demo_declaration, database=database)
        with database.write() as session:
            _row, token = admin_tokens.create(session, "fuzzer")
        app.state.fuzz_token = token
        yield app
    finally:
        database.dispose()


def _operations(app: FastAPI) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations.append(result.ok())
    assert len(operations) >= 20
    return operations


def test_no_request_makes_the_server_fail(fuzzed_app: FastAPI) -> None:
    key = fuzzed_app.state.web.key
    headers = {"Authorization": f"Bearer {fuzzed_app.state.fuzz_token}"}
    for operation in _operations(fuzzed_app):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=6,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def call(case: Any) -> None:
                if isinstance(case.body, dict) and "csrf_token" in case.body:
                    case.body["csrf_token"] = sign_csrf(key, COOKIE)
                response = case.call(headers=headers, cookies={CSRF_COOKIE: COOKIE})
                case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])

            try:
                call()
            except Unsatisfiable:
                # Nothing can be sent wrong to an operation without parameters.
                assert mode == GenerationMode.NEGATIVE, operation.label
