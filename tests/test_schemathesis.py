"""Schemathesis against the app's whole OpenAPI schema, on SQLite and on PostgreSQL,
with the app served for real: whatever is sent, no 5xx and no hang.

- **Every operation**, with data that fits its schema and data that does not. Each
  call carries an admin token, and a form post a valid CSRF token, so the generated
  data reaches the handlers instead of stopping at the door.
- **Stateful**: sequences along the links schemathesis infers from the schema (the
  ``public_id`` a POST answers with, used by the GET, PATCH and actions on it): for
  example, record a breach, then decide on it, record that the people were told and
  export it; enter a complaint, then answer it. The test checks that such links were
  followed (an id in a path answered 2xx).

Each call has a timeout (``fuzzing.CALL_TIMEOUT``); 5xx answers are counted and the
test fails listing them all. The run is bounded and derandomized (a fixed number of
examples, the same every time); run with ``-s`` to see what was sent and what came back.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from sqlalchemy import text

from waarborg.declaration.model import Declaration
from waarborg.store import Database
from waarborg.web.admin.handlers import Desk
from waarborg.web.security import CSRF_COOKIE, sign_csrf

from .fuzzing import CALL_TIMEOUT, Served, Tally, serve

COOKIE = "c" * 43
#: Examples per operation and generation mode.
EXAMPLES = 5
#: Stateful scenarios, and the most steps in one.
SCENARIOS, STEPS = 60, 8
UNLIMITED = {
    "rate_limit_per_ip": 1_000_000,
    "rate_limit_per_email": 1_000_000,
    "consent_rate_limit_per_ip": 0,
}


def _settings(examples: int, **extra: Any) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        **extra,
    )


class _Caller:
    """Calls a case on the served app with the token and a signed CSRF token, timed."""

    def __init__(self, served: Served, tally: Tally) -> None:
        self.key = served.app.state.web.key
        self.kwargs: dict[str, Any] = {
            "headers": {"Authorization": f"Bearer {served.token}"},
            "cookies": {CSRF_COOKIE: COOKIE},
            "timeout": CALL_TIMEOUT,
        }
        self.tally = tally

    def prepare(self, case: Any) -> None:
        if isinstance(case.body, dict) and "csrf_token" in case.body:
            case.body["csrf_token"] = sign_csrf(self.key, COOKIE)

    def call(self, case: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        response = case.call(**{**self.kwargs, **kwargs})
        self.tally.add(response.status_code, time.monotonic() - started, case.operation.label)
        return response


@pytest.fixture
def served(
    tmp_path: Path, database_url: str, database: Database, demo_declaration: Declaration
) -> Any:
    with serve(tmp_path, database_url, database, demo_declaration, **UNLIMITED) as app:
        yield app


def _schema(served: Served) -> Any:
    # The server builds its OpenAPI document on the first request; on a loaded machine
    # that takes longer than schemathesis's default of 10 s.
    return schemathesis.openapi.from_url(f"{served.url}/openapi.json", timeout=120)


def test_no_request_to_any_operation_makes_the_server_fail(
    served: Served, database_url: str
) -> None:
    tally = Tally(f"schemathesis, every operation [{database_url.split(':')[0]}]")
    caller = _Caller(served, tally)
    operations = []
    for result in _schema(served).get_all_operations():
        assert isinstance(result, Ok), result
        operations.append(result.ok())
    assert len(operations) >= 60
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @_settings(EXAMPLES)
            def call(case: Any) -> None:
                caller.prepare(case)
                caller.call(case)

            try:
                call()
            except Unsatisfiable:
                # Nothing can be sent wrong to an operation without parameters.
                assert mode == GenerationMode.NEGATIVE, operation.label
    print(tally.report())
    assert tally.calls >= len(operations) * EXAMPLES
    assert tally.server_errors == [], tally.report()


#: What the schema cannot say (a declared category, a time in the past, an address that
#: exists), set on the bodies that start the sequences, so that sequences get past
#: their first step; everything else stays as generated.
_STARTS: dict[str, dict[str, Any]] = {
    "POST /api/v1/admin/breaches": {
        "title": "Verkeerde bijlage",
        "description": "Een export ging naar de verkeerde klant.",
        "aware_at": "2026-01-05T09:00:00+01:00",
        "categories": ["email"],
        "subject_types": ["customer_contact"],
    },
    "POST /api/v1/admin/complaints": {
        "name": "Anna de Vries",
        "email": "anna@example.nl",
        "text": "Ik krijg nog steeds mail.",
        "received_at": None,
        "request": None,
    },
    "POST /api/v1/admin/requests": {"email": "jan.jansen@example.nl", "details": None},
}


def _steered(schema: Any) -> Any:
    @schema.hook  # type: ignore[untyped-decorator]
    def map_body(context: Any, body: Any) -> Any:
        start = _STARTS.get(context.operation.label) if context.operation else None
        if start is None or not isinstance(body, dict):
            return body
        return {**body, **start}

    return schema


#: What the fuzzed calls write, children first. Kept: the admin token the calls use,
#: the settings, and what the store keeps append-only: the consent ledger and the
#: audit chain (which no answer links from).
_WRITTEN = (
    "recipient_notices", "tokens", "restrictions", "request_events", "outbox", "objections",
    "complaints", "requests", "breaches", "staff_notices", "rate_limits", "job_runs",
    "statement_versions",
)  # fmt: skip


def _fresh(served: Served) -> None:
    """The store as every scenario finds it: what the calls wrote is gone, and one
    request, one complaint and one breach are there, so that the lists link to them."""
    shared = served.app.state.web
    with shared.database.write() as session:
        for table in _WRITTEN:
            session.execute(text(f"DELETE FROM {table}"))
    staff = Desk(shared, "admin:fuzzer")
    staff.file_request(
        kind="erasure", email="jan.jansen@example.nl", lang="nl", details=None, channel="staff"
    )
    complaint = {**_STARTS["POST /api/v1/admin/complaints"], "received_at": None}
    staff.file_complaint(**complaint, lang="nl", channel="email", acknowledge=False)
    staff.record_breach(dict(_STARTS["POST /api/v1/admin/breaches"]))


def test_no_sequence_along_the_links_makes_the_server_fail(
    served: Served, database_url: str
) -> None:
    tally = Tally(f"schemathesis, stateful [{database_url.split(':')[0]}]")
    caller = _Caller(served, tally)

    class Workflow(_steered(_schema(served)).as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            """Each scenario starts from the same store, so that a sequence of calls
            gets the same answers whenever Hypothesis runs it: which links it can
            follow must not depend on what earlier scenarios left behind."""
            _fresh(served)

        def before_call(self, case: Any) -> None:
            caller.prepare(case)

        def call(self, case: Any, **kwargs: Any) -> Any:
            return caller.call(case, **kwargs)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            """Counted in ``call``; the test asserts on the tally at the end."""

    Workflow.run(settings=_settings(SCENARIOS, stateful_step_count=STEPS))
    print(tally.report())
    assert tally.calls >= SCENARIOS
    # An id in a path that answers 2xx came from an earlier answer: links were followed.
    followed = sorted(label for label in tally.succeeded if "{public_id}" in label)
    print("followed links to:", ", ".join(followed))
    # Which links a run follows varies with the ids it is given; that it follows some is
    # what shows the sequences are stateful.
    assert followed, sorted(tally.succeeded)
    assert tally.server_errors == [], tally.report()
