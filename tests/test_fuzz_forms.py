"""Every public form of the privacy centre, fuzzed with hypothesis, on SQLite and on
PostgreSQL, with the app served for real: no 5xx and no hang.

The forms: a request of every kind (and kinds that do not exist), the complaint, the
newsletter sign-up, the confirmation of a request, of a sign-up and of a download,
unsubscribing (one click, RFC 8058) and the staff log-in. Each example picks a form,
its language and path parameter (a real token from the outbox, or anything), and
sends fields that are each missing, random Unicode, text with a NUL or another
control character, huge, repeated, or of another shape (a file, a JSON body, bytes
that are not UTF-8), with unknown fields beside them, and with the CSRF token valid,
missing, forged or another session's. Each call has a timeout
(``fuzzing.CALL_TIMEOUT``); 5xx answers are counted and listed.

The run is bounded and derandomized; run with ``-s`` to see what was sent and what
came back.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from waarborg.declaration.model import Declaration
from waarborg.store import Database
from waarborg.store.enums import TokenPurpose
from waarborg.store.models import Complaint, OutboxMessage, Request, Token

from .fuzzing import CALL_TIMEOUT, Served, Tally, serve

#: Examples per database: of anything sent to any form, and of text typed into two.
EXAMPLES = 300
TYPED_EXAMPLES = 100
KINDS = (
    "access",
    "portability",
    "erasure",
    "rectification",
    "restriction",
    "objection",
    "withdraw_consent",
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LINK = re.compile(r"http://testserver(/(?:verify|confirm|unsubscribe)/[^\s]+)")

#: (method, path with ``{lang}`` and ``{param}``, where param comes from, its fields)
FORMS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("POST", "/{lang}/request/{param}", "kind", ("email", "message", "purposes", "purpose")),
    ("POST", "/{lang}/complaint", "", ("name", "email", "text")),
    ("POST", "/{lang}/newsletter/{param}", "purpose", ("email",)),
    ("POST", "/verify/{param}", "verify", ()),
    ("POST", "/confirm/{param}", "confirm", ()),
    ("POST", "/download/{param}", "download", ()),
    ("POST", "/unsubscribe/{param}", "unsubscribe", ("List-Unsubscribe",)),
    ("POST", "/admin/login", "", ("token",)),
]

#: Any Unicode a person might type or paste, control characters apart (they are ``_wrong``).
_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=200)
_name = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=12)
_control = st.sampled_from(["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"])
_wrong = st.one_of(
    st.tuples(_text, _control, _text).map("".join),  # a NUL or another control character
    st.tuples(_text, _control, _text).map("".join),
    st.sampled_from(["\u202e", "\ufeff", "\u200b", "a\r\nb", " ", ""]),
    st.integers(min_value=1_000, max_value=60_000).map(lambda n: "é" * n),  # over max_length
    st.integers().map(str),
    st.one_of(
        st.just("é" * 10),
        st.integers(min_value=600_000, max_value=900_000).map(lambda n: "é" * n),  # > 1 MiB
    ),
)
_address = st.one_of(
    st.sampled_from(["jan.jansen@example.nl", "anna@example.nl", "piet.bakker@example.com"]),
    st.text(min_size=1, max_size=30).map(lambda local: f"{local}@example.nl"),
    st.sampled_from(["x@y", "@", "a" * 400, "jan@example.nl,x.yz", "Eve <eve@example.nl>"]),
)
#: Per field: mostly what a person might type (so the handler runs to the store), often
#: what nobody should.
FIELDS: dict[str, st.SearchStrategy[str]] = {
    "email": st.one_of(_address, _address, _wrong),
    "name": st.one_of(_text, _text, _wrong),
    "text": st.one_of(_text.filter(str.strip), _text, _wrong),
    "message": st.one_of(_text.filter(str.strip), _text, _wrong),
    "purposes": st.one_of(st.sampled_from(["newsletter", "communication", "analytics"]), _wrong),
    "purpose": st.one_of(st.sampled_from(["newsletter", "project_delivery", ""]), _wrong),
    "List-Unsubscribe": st.one_of(st.just("One-Click"), _text, _wrong),
    "token": st.one_of(st.just("wbg_" + "a" * 43), _text, _wrong),
}


def _param(where: str, tokens: dict[str, list[str]]) -> st.SearchStrategy[str]:
    anything = st.text(max_size=80)
    known = {
        "kind": st.sampled_from([*KINDS, "delete_everything"]),
        "purpose": st.sampled_from(["newsletter", "communication", "nope"]),
    }.get(where)
    pool = tokens.get(where, [])
    choices = [anything]
    if known is not None:
        choices += [known, known, known]
    if pool:
        choices += [st.sampled_from(pool), st.sampled_from(pool)]
    return st.one_of(*choices)


@st.composite
def _submission(draw: st.DrawFn, tokens: dict[str, list[str]]) -> dict[str, Any]:
    method, template, where, names = draw(st.sampled_from(FORMS))
    lang = draw(st.sampled_from(["nl", "en", "nl", "en", "nl", "en", "", "de", "../x"]))
    param = draw(_param(where, tokens)) if where else ""
    fields: list[tuple[str, str]] = []
    for name in names:
        count = draw(st.sampled_from([0, 1, 1, 1, 1, 1, 2]))  # missing, present, repeated
        fields += [(name, draw(FIELDS[name])) for _ in range(count)]
    extra = draw(st.lists(st.tuples(_name, _text), max_size=2))
    return {
        "method": method,
        "path": template.replace("{lang}", lang).replace("{param}", param),
        "fields": fields + extra,
        "csrf": draw(
            st.sampled_from(["valid", "valid", "valid", "valid", "missing", "forged", "other"])
        ),
        "shape": draw(
            st.sampled_from(["form", "form", "form", "form", "form", "multipart", "json", "bytes"])
        ),
    }


def _quote(path: str) -> str:
    return quote_from_bytes(path.encode("utf-8", "surrogatepass"), safe="/")


def _send(client: httpx.Client, submission: dict[str, Any], token: str) -> httpx.Response:
    fields = list(submission["fields"])
    csrf = {"valid": token, "forged": token[:-4] + "AAAA", "other": "x" * len(token)}
    if submission["csrf"] in csrf:
        fields.append(("csrf_token", csrf[submission["csrf"]]))
    url = _quote(submission["path"])
    shape = submission["shape"]
    if shape == "json":
        body = json.dumps(dict(fields)).encode("utf-8", "surrogatepass")
        headers = {"Content-Type": "application/json"}
        return client.request(submission["method"], url, content=body, headers=headers)
    if shape == "bytes":
        raw = b"&".join(
            name.encode("utf-8", "surrogatepass") + b"=%ff%fe" + value.encode("latin-1", "replace")
            for name, value in fields
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return client.request(submission["method"], url, content=raw, headers=headers)
    if shape == "multipart":
        files: list[tuple[str, tuple[str | None, bytes]]] = [
            (name, (None, value.encode("utf-8", "surrogatepass"))) for name, value in fields
        ]
        files.append(("upload", ("x.bin", b"\x00\x01")))
        return client.request(submission["method"], url, files=files)
    body = "&".join(
        f"{quote_from_bytes(name.encode('utf-8', 'surrogatepass'), safe='')}="
        f"{quote_from_bytes(value.encode('utf-8', 'surrogatepass'), safe='')}"
        for name, value in fields
    ).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return client.request(submission["method"], url, content=body, headers=headers)


@pytest.fixture
def served(
    tmp_path: Path, database_url: str, database: Database, demo_declaration: Declaration
) -> Iterator[Served]:
    unlimited = {"rate_limit_per_ip": 1_000_000, "rate_limit_per_email": 1_000_000}
    with serve(tmp_path, database_url, database, demo_declaration, **unlimited) as app:
        yield app


def _real_tokens(client: httpx.Client, database: Database) -> dict[str, list[str]]:
    """Tokens from the outbox, a request's verification and a sign-up's confirmation,
    so that the fuzzed forms also meet links that are valid."""
    token = _CSRF.search(client.get("/nl/request/access").text)
    assert token
    for path, email in (
        ("/nl/request/access", "jan.jansen@example.nl"),
        ("/nl/newsletter/newsletter", "anna@example.nl"),
    ):
        client.post(path, data={"email": email, "csrf_token": token[1]})
    with database.read() as session:
        rows = session.scalars(select(OutboxMessage))
        bodies = [row.message.decode("utf-8", "replace") for row in rows]
    found: dict[str, set[str]] = {}
    for body in bodies:
        for path in _LINK.findall(body.replace("=\n", "")):
            kind, _, value = path.strip("/").partition("/")
            found.setdefault(kind, set()).add(value)
    return {kind: sorted(values) for kind, values in found.items()}


def test_no_submission_of_any_public_form_makes_the_server_fail(
    served: Served, database_url: str, database: Database
) -> None:
    tally = Tally(f"forms [{database_url.split(':')[0]}]")
    with httpx.Client(base_url=served.url, timeout=CALL_TIMEOUT) as client:
        page = client.get("/nl/complaint")
        token = _CSRF.search(page.text)
        assert page.status_code == 200 and token
        tokens = _real_tokens(client, database)
        assert tokens.get("verify"), "no verification link in the outbox"

        @given(submission=_submission(tokens))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def submit(submission: dict[str, Any]) -> None:
            label = f"{submission['method']} {submission['path'][:60]!r} ({submission['shape']})"
            huge = any(len(value) > 500_000 for _name, value in submission["fields"])
            started = time.monotonic()
            try:
                status = _send(client, submission, token[1]).status_code
            except httpx.TransportError:
                # Over the body limit the server answers 413 and closes the connection
                # while the client still sends: the client may see the reset first.
                if not huge:
                    raise
                status = 413
            tally.add(status, time.monotonic() - started, label)

        submit()
    print(tally.report())
    assert tally.calls >= EXAMPLES
    # Some were taken (a 2xx, or the 303 after a form is sent), most refused.
    assert tally.statuses[200] + tally.statuses[300] >= 5, tally.report()
    assert tally.server_errors == [], tally.report()


def test_any_text_a_person_types_is_taken_and_stored(
    served: Served, database_url: str, database: Database
) -> None:
    """The other side: every text without control characters, from any script, emoji
    and marks included, is taken by the complaint form and a rectification request, and
    stored (a 303 to the page that says it was sent); a name in any script too (letters,
    marks, spaces, hyphens and apostrophes: a name is never a link). A complaint made in
    the privacy centre waits for its address to be confirmed, in its link token."""
    tally = Tally(f"forms, any text [{database_url.split(':')[0]}]")
    typed = _text.filter(lambda t: bool(t.strip()))
    named = st.text(
        st.one_of(
            st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc")),
            st.sampled_from(" -'\N{RIGHT SINGLE QUOTATION MARK}"),
        ),
        min_size=1,
        max_size=60,
    ).filter(lambda t: any(c.isalpha() for c in t))
    with httpx.Client(base_url=served.url, timeout=CALL_TIMEOUT) as client:
        page = client.get("/en/complaint")
        token = _CSRF.search(page.text)
        assert token

        @given(name=named, text=typed, complaint=st.booleans())
        @settings(
            max_examples=TYPED_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def send(name: str, text: str, complaint: bool) -> None:
            if complaint:
                path, fields = "/en/complaint", {"name": name, "email": "anna@example.nl"}
                fields["text"] = text
            else:
                path = "/en/request/rectification"
                fields = {"email": "jan.jansen@example.nl", "message": f"{name} {text}"}
            started = time.monotonic()
            response = client.post(path, data={**fields, "csrf_token": token[1]})
            tally.add(response.status_code, time.monotonic() - started, path)
            assert response.status_code == 303, (path, fields, response.text[:300])

        send()
    print(tally.report())
    with database.read() as session:
        waiting = session.query(Token).filter(Token.purpose == TokenPurpose.COMPLAINT).count()
        stored = session.query(Complaint).count() + session.query(Request).count() + waiting
    assert stored == tally.calls and tally.server_errors == []
