"""Intake against mail bombing: one strict parser for every address that comes in,
rate limits that count the mailbox and the network rather than the spelling, and an
X-Forwarded-For header believed only from the proxies an operator configured.

The probe this answers: thirty mails reached one mailbox in seconds, through
``victim@example.nl(1)``, ``Eve <victim@example.nl>`` and their like, each with a
fresh rate-limit count, from IPv6 addresses that each counted on their own."""

from __future__ import annotations

import re
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.store import Database
from waarborg.store.models import OutboxMessage

from .serving import serve_env, serving
from .webclient import BASE, Centre, centre_with

VICTIM = "victim@example.nl"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: The three ways in that mail an address typed by anyone.
CHANNELS: dict[str, tuple[str, dict[str, str]]] = {
    "request": ("/nl/request/access", {}),
    "complaint": ("/nl/complaint", {"name": "Eve", "text": "Een klacht."}),
    "newsletter": ("/nl/newsletter/newsletter", {}),
}


def _send(client: TestClient, channel: str, email: str, **headers: str) -> int:
    """Fill in one form of ``channel`` as ``client``; the response's status."""
    path, fields = CHANNELS[channel]
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, path
    data = {**fields, "email": email, "csrf_token": found.group(1)}
    response = client.post(path, data=data, headers=headers, follow_redirects=False)
    return response.status_code


def _from(centre: Centre, ip: str) -> TestClient:
    """A browser of its own at ``ip`` on the same app."""
    return TestClient(centre.app, base_url=BASE, client=(ip, 40000))


def _mailbox(address: str) -> str:
    """Where a mail server delivers ``address``: lower case, without a +tag."""
    name, _, domain = address.lower().rpartition("@")
    return f"{name.split('+')[0]}@{domain}"


def _reaching(database: Database, mailbox: str) -> int:
    """Messages in the outbox that a mail server would deliver to ``mailbox``: the
    recipient read as a mail header is read (comments and names dropped)."""
    with database.read() as session:
        recipients = list(session.scalars(select(OutboxMessage.recipient)))
    return sum(
        1
        for recipient in recipients
        if any(_mailbox(address) == mailbox for _, address in getaddresses([recipient]))
    )


def _centre(
    database: Database,
    database_url: str,
    declaration: Declaration,
    tmp_path: Path,
    **settings: Any,
) -> Centre:
    return centre_with(database, database_url, declaration, tmp_path, **settings)


# --- the probe, repeated -------------------------------------------------------------------


def test_thirty_mails_no_longer_reach_one_mailbox(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    """Thirty tries, with the default limits: every form that mails, every spelling the
    old checks let through, a new IPv6 address of one /64 each time and a forged
    X-Forwarded-For. At most the limit per mailbox reaches it: three from requests and
    complaints together, three newsletter confirmations."""
    centre = _centre(database, database_url, demo_declaration, tmp_path)
    spellings = [
        "victim@example.nl({n})",
        "Eve{n}<victim@example.nl>",
        "victim+{n}@example.nl",
        "Victim+x{n}@Example.NL",
    ]
    statuses: list[int] = []
    with centre.client:
        for n in range(30):
            channel = list(CHANNELS)[n % 3]
            email = spellings[n % len(spellings)].format(n=n)
            client = _from(centre, f"2001:db8:0:1::{n + 1:x}")
            forged = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
            statuses.append(_send(client, channel, email, **forged))
    reached = _reaching(database, VICTIM)
    limit = centre.settings.rate_limit_per_email
    assert reached <= 2 * limit, (reached, statuses)
    assert 422 in statuses and 429 in statuses
    assert statuses.count(303) == reached


# --- one mailbox, one count ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "spelling"),
    [
        ("request", "victim@example.nl({n})"),
        ("request", "Eve <victim+{n}@example.nl>"),
        ("complaint", "victim@example.nl({n})"),
        ("newsletter", "victim@example.nl({n})"),
        ("newsletter", "Eve{n}<victim@example.nl>"),
    ],
)
def test_an_address_with_a_comment_or_a_name_is_refused_with_a_sentence(
    centre: Centre, channel: str, spelling: str
) -> None:
    path, fields = CHANNELS[channel]
    page = centre.client.get(path)
    found = _CSRF.search(page.text)
    assert found
    data = {**fields, "email": spelling.format(n=1), "csrf_token": found.group(1)}
    refused = centre.client.post(path, data=data, follow_redirects=False)
    assert refused.status_code == 422
    assert "zonder opmerking tussen haakjes" in refused.text or "zonder naam of punthaken" in (
        refused.text
    )
    assert _reaching(centre.database, VICTIM) == 0


def test_invisible_and_direction_characters_are_refused_in_english_too(centre: Centre) -> None:
    for spelling in ("vic\u200btim@example.nl", "vic\u202etim@example.nl"):
        page = centre.client.get("/en/request/access")
        found = _CSRF.search(page.text)
        assert found
        refused = centre.client.post(
            "/en/request/access",
            data={"email": spelling, "csrf_token": found.group(1)},
            follow_redirects=False,
        )
        assert refused.status_code == 422
        assert "invisible character" in refused.text
    assert _reaching(centre.database, VICTIM) == 0


def test_the_apis_refuse_what_the_forms_refuse(centre: Centre) -> None:
    auth = {"Authorization": f"Bearer {centre.admin_token()}"}
    for spelling in ("victim@example.nl(1)", "Eve <victim@example.nl>", "v\u200bictim@x.nl"):
        filed = centre.client.post(
            "/api/v1/admin/requests",
            headers=auth,
            json={"kind": "access", "email": spelling},
        )
        assert filed.status_code == 422, filed.text
        assert filed.json()["ok"] is False
        complaint = centre.client.post(
            "/api/v1/admin/complaints",
            headers=auth,
            json={"name": "Eve", "email": spelling, "text": "t"},
        )
        assert complaint.status_code == 422, complaint.text
        signed_up = centre.client.post(
            "/api/v1/newsletters/newsletter/subscribe", headers=auth, json={"email": spelling}
        )
        assert signed_up.status_code == 422, signed_up.text
    assert _reaching(centre.database, VICTIM) == 0


def test_spellings_of_one_mailbox_share_one_count(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    """Each from a network of its own, so only the count per mailbox can stop them."""
    centre = _centre(database, database_url, demo_declaration, tmp_path)
    spellings = ["victim+{n}@example.nl", "Victim+x{n}@Example.NL", "VICTIM@EXAMPLE.NL"]
    statuses = []
    with centre.client:
        for n in range(9):
            client = _from(centre, f"2001:db8:{n + 1:x}::1")
            statuses.append(_send(client, "request", spellings[n % 3].format(n=n)))
    limit = centre.settings.rate_limit_per_email
    assert statuses == [303] * limit + [429] * (9 - limit)
    assert _reaching(database, VICTIM) == limit


def test_an_ipv6_network_counts_as_one_address(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    """Different people from addresses of one /64: the count per network stops them."""
    centre = _centre(database, database_url, demo_declaration, tmp_path, rate_limit_per_ip=3)
    with centre.client:
        statuses = [
            _send(_from(centre, f"2001:db8:0:1::{n + 1:x}"), "request", f"p{n}@example.nl")
            for n in range(5)
        ]
        assert statuses == [303, 303, 303, 429, 429]
        # Another /64 is another count.
        assert _send(_from(centre, "2001:db8:0:2::1"), "request", "q@example.nl") == 303


# --- X-Forwarded-For only from configured proxies -----------------------------------------


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left one is forged
        ("10.0.0.2", "203.0.113.9, 10.0.0.7", "203.0.113.9"),  # two proxies
        ("10.0.0.2", "10.0.0.9, 10.0.0.7", "10.0.0.9"),  # all proxies: the leftmost
        ("10.0.0.2", "not-an-ip, 203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9, not-an-ip", "10.0.0.2"),  # garbage ends the walk
        ("192.0.2.50", "203.0.113.9", "192.0.2.50"),  # not a proxy: the header is ignored
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        ("::ffff:10.0.0.2", "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_behind_trusted_proxies(peer: str, header: str, client: str) -> None:
    from ipaddress import ip_network

    from waarborg.web.security import forwarded_client

    assert forwarded_client(peer, header, [ip_network("10.0.0.0/8")]) == client


def test_a_configured_proxy_is_believed_and_others_are_not(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = _centre(
        database,
        database_url,
        demo_declaration,
        tmp_path,
        rate_limit_per_ip=1,
        trusted_proxies="10.0.0.0/8",
    )
    proxy = _from(centre, "10.0.0.2")
    stranger = _from(centre, "192.0.2.50")
    with centre.client:
        # Behind the proxy, each person is counted on their own.
        assert _send(proxy, "request", "a@example.nl", **{"X-Forwarded-For": "203.0.113.1"}) == 303
        assert _send(proxy, "request", "b@example.nl", **{"X-Forwarded-For": "203.0.113.2"}) == 303
        # A forged entry left of the proxy's is not a new person.
        forged = {"X-Forwarded-For": "198.51.100.7, 203.0.113.1"}
        assert _send(proxy, "request", "c@example.nl", **forged) == 429
        # From elsewhere the header is ignored: the address that connects counts.
        assert _send(stranger, "request", "d@example.nl", **{"X-Forwarded-For": "1.2.3.4"}) == 303
        assert _send(stranger, "request", "e@example.nl", **{"X-Forwarded-For": "1.2.3.5"}) == 429


def _served_statuses(tmp_path: Path, **settings: str) -> list[int]:
    """File three requests for three people at ``waarborg serve`` from localhost, each
    with another X-Forwarded-For; the statuses."""
    declaration = ensure_demo(tmp_path / "demo")
    env = serve_env(
        tmp_path / "data", declaration, rate_limit_per_ip="2", rate_limit_per_email="9", **settings
    )
    statuses = []
    with serving(env, tmp_path / "serve.log") as served, httpx.Client(base_url=served.url) as web:
        for n in range(3):
            found = _CSRF.search(web.get("/nl/request/access").text)
            assert found
            response = web.post(
                "/nl/request/access",
                data={"email": f"p{n}@example.nl", "csrf_token": found.group(1)},
                headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
            )
            statuses.append(response.status_code)
    return statuses


@pytest.mark.slow
def test_the_server_believes_no_forwarded_header_unless_told(tmp_path: Path) -> None:
    """uvicorn on its own believes X-Forwarded-For from localhost; ``waarborg serve``
    does not, until WAARBORG_TRUSTED_PROXIES names the proxy."""
    assert _served_statuses(tmp_path / "plain") == [303, 303, 429]
    assert _served_statuses(tmp_path / "proxied", trusted_proxies="127.0.0.1") == [303] * 3


# --- dates in the years Waarborg's records can be about --------------------------------------

YEAR_ONE = ["0001-01-01T00:00:00+00:00", "0001-01-01T00:30:00+01:00", "1969-12-31T23:00:00+00:00"]
FAR_AWAY = ["9999-12-31T23:00:00-05:00", "2200-01-01T00:00:00+00:00"]


def _breach(centre: Centre, auth: dict[str, str], **fields: str) -> Any:
    body = {"title": "Laptop kwijt", "description": "In de trein.", **fields}
    body.setdefault("aware_at", "2026-03-02T09:00:00+01:00")
    return centre.client.post("/api/v1/admin/breaches", headers=auth, json=body)


@pytest.mark.parametrize("when", YEAR_ONE + FAR_AWAY)
def test_a_date_out_of_range_is_refused_with_a_sentence(centre: Centre, when: str) -> None:
    auth = {"Authorization": f"Bearer {centre.admin_token()}"}
    for field in ("aware_at", "occurred_at", "contained_at"):
        refused = _breach(centre, auth, **{field: when})
        assert refused.status_code == 422, (field, when, refused.text)
        assert "cannot be right" in refused.json()["error"], refused.text
    complaint = centre.client.post(
        "/api/v1/admin/complaints",
        headers=auth,
        json={"name": "Piet", "email": "piet@example.nl", "text": "t", "received_at": when},
    )
    assert complaint.status_code == 422 and "cannot be right" in complaint.json()["error"]
    breach = _breach(centre, auth)
    assert breach.status_code == 200, breach.text
    url = f"/api/v1/admin/breaches/{breach.json()['public_id']}"
    changed = centre.client.patch(url, headers=auth, json={"occurred_at": when})
    assert changed.status_code == 422 and "cannot be right" in changed.json()["error"]
    decided = centre.client.post(
        f"{url}/decision", headers=auth, json={"risk": "risk", "reason": "Klantgegevens."}
    )
    assert decided.status_code == 200, decided.text
    for action, body in (
        ("notified", {"reference": "M-1", "at": when, "late_reason": "laat"}),
        ("subjects-told", {"how": "per e-mail", "at": when}),
    ):
        refused = centre.client.post(f"{url}/{action}", headers=auth, json=body)
        assert refused.status_code == 422, (action, refused.text)
        assert "cannot be right" in refused.json()["error"]
    # Nothing of it was kept: the register still reads, in every form.
    assert centre.client.get("/api/v1/admin/breaches", headers=auth).status_code == 200
    assert centre.client.get(url, headers=auth).json()["breach"]["occurred_at"] is None


def test_the_admin_page_refuses_the_year_one_too(centre: Centre) -> None:
    centre.login()
    listing = centre.client.get("/admin/breaches/new")
    token = _CSRF.search(listing.text)
    assert token
    refused = centre.client.post(
        "/admin/breaches",
        data={
            "title": "USB-stick kwijt",
            "description": "Een stick met een klantenexport is kwijt.",
            "aware_at": "0001-01-01T09:00",
            "csrf_token": token.group(1),
        },
    )
    assert refused.status_code == 422
    assert "het jaar 1 kan niet kloppen" in refused.text
    assert "Er zijn nog geen datalekken vastgelegd." in centre.client.get("/admin/breaches").text
