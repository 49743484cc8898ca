"""The consent API on SQLite and PostgreSQL: applications record and read consent by
email address with a token; the cookie banner records and reads only its own visitor
id, from any origin; nobody reads another person's consent; withdrawals from the
privacy centre land in the same ledger; access exports carry the consent history."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from waarborg.consent import ledger
from waarborg.consent.cookies import banner
from waarborg.consent.notice import hash_text, purpose_notice
from waarborg.declaration.model import Declaration
from waarborg.rights import execute
from waarborg.store import Database, admin_tokens
from waarborg.store.enums import TokenScope
from waarborg.store.models import Consent, ConsentNotice
from waarborg.store.models import Request as RequestRow
from waarborg.web.security import ADMIN_COOKIE

from .databases import drop_own_connections
from .webclient import Centre, centre_with

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
VISITOR = "Vis1tor-abcdefghijklmn"
OTHER_VISITOR = "0ther-visitor-ABCDEFGH"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _record(centre: Centre, token: str, **body: Any) -> Any:
    values = {"subject": JAN, "purpose": "newsletter", "state": "given", **body}
    return centre.client.post("/api/v1/consent", json=values, headers=_bearer(token))


def _visitor_body(declaration: Declaration, **extra: Any) -> dict[str, Any]:
    return {
        "visitor": VISITOR,
        "choices": {"analytics": True},
        "version": banner(declaration).version,
        "lang": "en",
        **extra,
    }


def _visitor(
    centre: Centre, declaration: Declaration, choices: dict[str, bool], **extra: Any
) -> Any:
    headers = extra.pop("headers", {})
    body = _visitor_body(declaration, choices=choices, **extra)
    return centre.client.post("/api/v1/consent/visitor", json=body, headers=headers)


def _count(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Consent)) or 0)


# --- applications, with a token ----------------------------------------------------------


def test_applications_need_a_valid_token_to_record_or_read(centre: Centre) -> None:
    token = centre.admin_token("shop")
    assert _record(centre, token).status_code == 201
    attempts = [
        centre.client.get("/api/v1/consent", params={"subject": JAN}),
        centre.client.get("/api/v1/consent/history", params={"subject": JAN}),
        centre.client.get("/api/v1/consent/records", params={"subject": JAN}),
        centre.client.post("/api/v1/consent", json={"subject": PIET}),
        centre.client.get(
            "/api/v1/consent", params={"subject": JAN}, headers=_bearer("wbg_not-a-token")
        ),
        centre.client.get("/api/v1/consent", params={"subject": JAN}, headers=_bearer(token[4:])),
        # A wrong token with a malformed address is refused as a wrong token.
        centre.client.get(
            "/api/v1/consent", params={"subject": "no-address"}, headers=_bearer("wbg_nope")
        ),
    ]
    malformed = centre.client.get(
        "/api/v1/consent", params={"subject": "no-address"}, headers=_bearer(token)
    )
    assert malformed.status_code == 422 and "subject" in malformed.json()["error"]
    with centre.database.write() as session:
        admin_tokens.revoke(session, "shop")
    attempts.append(
        centre.client.get("/api/v1/consent", params={"subject": JAN}, headers=_bearer(token))
    )
    for response in attempts:
        assert response.status_code == 401
        assert response.json()["ok"] is False and response.json()["status"] == 401
        assert JAN not in response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert _count(centre.database) == 1


def test_an_application_records_consent_and_reads_the_current_state(
    centre: Centre, demo_declaration: Declaration
) -> None:
    token = centre.admin_token("shop")
    given = _record(
        centre, token, subject="Jan.Jansen@Example.NL", method="checkout", ip="198.51.100.23",
        lang="nl",
    )  # fmt: skip
    assert given.status_code == 201
    event = given.json()["event"]
    assert event["subject"] == JAN and event["ip"] == "198.51.100.0"
    assert event["notice_hash"] == purpose_notice(demo_declaration, "newsletter").hash
    state = centre.client.get("/api/v1/consent", params={"subject": JAN}, headers=_bearer(token))
    assert state.status_code == 200
    newsletter = state.json()["purposes"]["newsletter"]
    assert newsletter["consented"] is True and newsletter["method"] == "checkout"
    assert newsletter["notice_current"] is True
    assert _record(centre, token, state="withdrawn", method="phone").status_code == 201
    again = centre.client.get(
        "/api/v1/consent", params={"subject": JAN, "purpose": "newsletter"}, headers=_bearer(token)
    ).json()
    assert again["purposes"] == {"newsletter": again["purposes"]["newsletter"]}
    assert again["purposes"]["newsletter"]["consented"] is False
    history = centre.client.get(
        "/api/v1/consent/history", params={"subject": JAN}, headers=_bearer(token)
    ).json()
    assert [e["state"] for e in history["events"]] == ["given", "withdrawn"]
    records = centre.client.get(
        "/api/v1/consent/records", params={"subject": JAN, "lang": "en"}, headers=_bearer(token)
    ).json()["records"]
    assert records[0]["schema_version"] == "ISO/IEC TS 27560:2023"
    assert records[0]["current_state"] == "withdrawn"


def test_a_person_never_recorded_is_not_consenting(centre: Centre) -> None:
    token = centre.admin_token("crm")
    _record(centre, token)
    other = centre.client.get("/api/v1/consent", params={"subject": PIET}, headers=_bearer(token))
    assert other.json()["purposes"]["newsletter"] == {
        "consented": False,
        "state": None,
        "at": None,
        "method": None,
        "event_id": None,
        "notice_hash": None,
        "notice_current": None,
    }
    assert JAN not in other.text


def test_an_applications_own_notice_is_kept_and_an_event_id_records_once(centre: Centre) -> None:
    token = centre.admin_token("shop")
    wording = "Ja, stuur mij maandelijks de nieuwsbrief van Studio Denkbeeldig."
    first = _record(centre, token, notice_text=wording, event_id="order-2026-0001")
    assert first.status_code == 201
    assert first.json()["event"]["notice_hash"] == hash_text(wording)
    replay = _record(centre, token, notice_text=wording, event_id="order-2026-0001")
    assert replay.status_code == 200 and replay.json() == first.json()
    clash = _record(centre, token, state="withdrawn", event_id="order-2026-0001")
    assert clash.status_code == 409 and clash.json()["ok"] is False
    assert _count(centre.database) == 1
    with centre.database.read() as session:
        kept = session.get(ConsentNotice, hash_text(wording))
    assert kept is not None and kept.content == wording and kept.kind == "application"


def test_what_cannot_be_recorded_is_refused_with_the_field(centre: Centre) -> None:
    token = centre.admin_token("shop")
    cases = {
        "purpose": _record(centre, token, purpose="communication"),  # not based on consent
        "subject": _record(centre, token, subject="not-an-address"),
        "state": _record(centre, token, state="maybe"),
        "method": _record(centre, token, method="Web Form"),
        "notice_hash": _record(centre, token, notice_hash="abc"),
        "surprise": _record(centre, token, surprise=1),
    }
    for field, response in cases.items():
        assert response.status_code == 422, field
        body = response.json()
        assert set(body) == {"ok", "error", "status"} and body["status"] == 422
        assert field in body["error"], (field, body["error"])
    assert "newsletter" in cases["purpose"].json()["error"]  # the fix: what can be used
    assert _count(centre.database) == 0


# --- the cookie banner, without a token ----------------------------------------------------


def test_the_banner_records_a_visitors_choice_from_any_origin(
    centre: Centre, demo_declaration: Declaration
) -> None:
    preflight = centre.client.options(
        "/api/v1/consent/visitor",
        headers={
            "Origin": "https://shop.example.nl",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    recorded = _visitor(
        centre,
        demo_declaration,
        {"analytics": True, "marketing": False},
        headers={"Origin": "https://shop.example.nl"},
    )
    assert recorded.status_code == 201
    assert recorded.headers["access-control-allow-origin"] == "*"
    body = recorded.json()
    assert body["categories"]["analytics"]["consented"] is True
    assert body["categories"]["marketing"]["state"] == "withdrawn"
    assert {e["method"] for e in body["events"]} == {"banner"}
    assert {e["ip"] for e in body["events"]} == {None}  # "testclient" is no IP address
    state = centre.client.get(f"/api/v1/consent/visitor/{VISITOR}")
    assert state.status_code == 200 and state.headers["access-control-allow-origin"] == "*"
    assert state.json()["categories"]["analytics"]["consented"] is True
    with centre.database.read() as session:
        events = ledger.history(session, ledger.visitor_subject(VISITOR))
    assert [(e.purpose, e.state.value) for e in events] == [
        ("cookie:analytics", "given"),
        ("cookie:marketing", "withdrawn"),
    ]


def test_a_left_out_category_is_refused_and_an_unknown_one_rejected(
    centre: Centre, demo_declaration: Declaration
) -> None:
    partial = _visitor(centre, demo_declaration, {"analytics": True})
    assert partial.json()["categories"]["marketing"]["consented"] is False
    unknown = _visitor(centre, demo_declaration, {"functional": True})
    assert unknown.status_code == 422 and "functional" in unknown.json()["error"]
    assert unknown.headers["access-control-allow-origin"] == "*"


def test_a_choice_made_on_an_older_banner_is_sent_back_to_be_asked_again(
    centre: Centre, demo_declaration: Declaration
) -> None:
    stale = _visitor(centre, demo_declaration, {"analytics": True}, version="0123456789abcdef")
    assert stale.status_code == 409
    assert stale.headers["access-control-allow-origin"] == "*"
    assert stale.json() == {
        "ok": False,
        "error": "the cookie banner has changed since it was shown; show it again",
        "status": 409,
    }
    assert _count(centre.database) == 0


def test_global_privacy_control_refuses_marketing(
    centre: Centre, demo_declaration: Declaration
) -> None:
    everything = {"analytics": True, "marketing": True}
    by_header = _visitor(centre, demo_declaration, everything, headers={"Sec-GPC": "1"})
    by_script = _visitor(centre, demo_declaration, everything, visitor=OTHER_VISITOR, gpc=True)
    for response in (by_header, by_script):
        categories = response.json()["categories"]
        assert categories["analytics"]["consented"] is True
        assert categories["marketing"]["consented"] is False
        assert categories["marketing"]["method"] == "gpc"


def test_a_resent_choice_with_the_same_event_records_nothing_twice(
    centre: Centre, demo_declaration: Declaration
) -> None:
    first = _visitor(centre, demo_declaration, {"analytics": True}, event="pending-abc123")
    again = _visitor(centre, demo_declaration, {"analytics": True}, event="pending-abc123")
    assert (first.status_code, again.status_code) == (201, 200)  # as POST /consent answers
    assert first.json()["events"] == again.json()["events"]
    assert _count(centre.database) == 2  # one per category, once


def test_a_visitor_reads_only_its_own_id_and_never_a_persons_consent(
    centre: Centre, demo_declaration: Declaration
) -> None:
    token = centre.admin_token("shop")
    _record(centre, token)
    _visitor(centre, demo_declaration, {"analytics": True, "marketing": True})
    other = centre.client.get(f"/api/v1/consent/visitor/{OTHER_VISITOR}").json()
    assert all(not c["consented"] and c["state"] is None for c in other["categories"].values())
    for probe in (JAN, "visitor:" + VISITOR, "short", VISITOR + "/../x"):
        response = centre.client.get(f"/api/v1/consent/visitor/{probe}")
        assert response.status_code == 404, probe
        assert "newsletter" not in response.text and JAN not in response.text


def test_banner_choices_are_rate_limited_per_address(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(
        database, database_url, demo_declaration, tmp_path, consent_rate_limit_per_ip=3
    )
    with centre.client:
        answers = [
            _visitor(centre, demo_declaration, {"analytics": True}).status_code for _ in range(4)
        ]
        assert answers == [201, 201, 201, 429]
        limited = _visitor(centre, demo_declaration, {"analytics": True})
        assert limited.headers["access-control-allow-origin"] == "*"
        assert int(limited.headers["retry-after"]) > 0
    assert _count(database) == 6


# --- the privacy centre and access exports -------------------------------------------------


def test_a_withdrawal_in_the_privacy_centre_lands_in_the_ledger_once(centre: Centre) -> None:
    token = centre.admin_token("shop")
    _record(centre, token, method="checkout")
    centre.verified("withdraw_consent", JAN, purposes="newsletter")
    assert centre.run_worker() == 1
    state = centre.client.get(
        "/api/v1/consent", params={"subject": JAN}, headers=_bearer(token)
    ).json()
    newsletter = state["purposes"]["newsletter"]
    assert newsletter["consented"] is False and newsletter["method"] == "privacy_centre"
    # Carrying the request out again (as after a crash) records nothing twice.
    requests = centre.client.app.state.web.requests  # type: ignore[attr-defined]
    with centre.database.write() as session:
        row = session.scalar(select(RequestRow).where(RequestRow.kind == "withdraw_consent"))
        assert row is not None
        execute.record(requests, session, execute.Snapshot.of(row), {})
    assert _count(centre.database) == 2


def test_an_access_export_carries_the_consent_history_and_its_27560_records(
    centre: Centre,
) -> None:
    token = centre.admin_token("shop")
    _record(centre, token, method="checkout")
    _record(centre, token, state="withdrawn", method="one_click")
    centre.verified("access", JAN, lang="en")
    assert centre.run_worker() == 1
    download = centre.link("answered")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', centre.client.get(download).text)
    assert csrf
    zipped = centre.client.post(download, data={"csrf_token": csrf.group(1)})
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        history = json.loads(archive.read("consents.json"))
        records = json.loads(archive.read("consent_records.json"))
        everything = json.loads(archive.read("data.json"))
    assert [(e["state"], e["method"]) for e in history] == [
        ("given", "checkout"),
        ("withdrawn", "one_click"),
    ]
    assert everything["consents"] == history
    [record] = records
    assert record["pii_principal_id"] == JAN and record["current_state"] == "withdrawn"
    assert record["language"] == "en"


def test_reads_on_postgresql_stay_in_the_event_loop_and_outlive_a_server_restart(
    centre: Centre, demo_declaration: Declaration, monkeypatch: pytest.MonkeyPatch
) -> None:
    if centre.database.dialect != "postgresql":
        pytest.skip("SQLite reads run in the event loop anyway")
    token = centre.admin_token("shop")
    assert _record(centre, token).status_code == 201
    _visitor(centre, demo_declaration, {"analytics": True, "marketing": False})

    def no_thread(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a read went to a thread")

    monkeypatch.setattr(Database, "_fetch_here", no_thread)

    def read_both() -> tuple[Any, Any]:
        person = centre.client.get(
            "/api/v1/consent", params={"subject": JAN}, headers=_bearer(token)
        )
        visitor = centre.client.get(f"/api/v1/consent/visitor/{VISITOR}")
        assert person.status_code == 200 and visitor.status_code == 200
        return person.json()["purposes"]["newsletter"], visitor.json()["categories"]

    before = read_both()
    assert before[0]["consented"] is True and before[1]["analytics"]["consented"] is True
    # The server drops every connection of this app, as on a restart (and no other
    # test's: they share the server).
    with centre.database.engine.connect() as connection:
        dropped = drop_own_connections(connection)
    assert dropped >= 1
    assert read_both() == before


def test_an_application_token_opens_consent_and_restrictions_and_nothing_else(
    centre: Centre,
) -> None:
    shop = centre.admin_token("shop", TokenScope.APP)
    assert _record(centre, shop).status_code == 201
    read = centre.client.get("/api/v1/consent", params={"subject": JAN}, headers=_bearer(shop))
    assert read.status_code == 200 and read.json()["purposes"]["newsletter"]["consented"]
    history = centre.client.get(
        "/api/v1/consent/history", params={"subject": JAN}, headers=_bearer(shop)
    )
    assert history.status_code == 200
    restricted = centre.client.get(
        "/api/v1/restrictions", params={"email": JAN}, headers=_bearer(shop)
    )
    assert restricted.status_code == 200 and restricted.json()["restricted"] is False
    for path in ("/api/v1/admin/requests", "/api/v1/admin/complaints", "/api/v1/admin/breaches"):
        refused = centre.client.get(path, headers=_bearer(shop))
        assert refused.status_code == 403, path
        assert refused.json()["error"].startswith("the token 'shop' opens the applications' API")
    csrf = centre.csrf("/admin")
    login = centre.client.post(
        "/admin/login", data={"token": shop, "csrf_token": csrf}, follow_redirects=False
    )
    assert login.status_code == 403 and ADMIN_COOKIE not in login.cookies
    assert "is van een toepassing" in login.text and "token van een medewerker" in login.text
    staff = centre.admin_token("staff")  # an admin token opens both
    assert centre.client.get("/api/v1/admin/requests", headers=_bearer(staff)).status_code == 200
    assert _record(centre, staff, purpose="newsletter", state="withdrawn").status_code == 201


def test_a_reused_event_with_another_choice_is_a_conflict_not_a_server_error(
    centre: Centre, demo_declaration: Declaration
) -> None:
    first = _visitor(centre, demo_declaration, {"analytics": True}, event="reused-event-1")
    assert first.status_code == 201
    changed = _visitor(centre, demo_declaration, {"analytics": False}, event="reused-event-1")
    body = {**_visitor_body(demo_declaration), "visitor": OTHER_VISITOR, "event": "reused-event-1"}
    other = centre.client.post("/api/v1/consent/visitor", json=body)
    for conflict in (changed, other):
        assert conflict.status_code == 409, conflict.text
        assert conflict.json() == {"ok": False, "error": conflict.json()["error"], "status": 409}
        assert "event" in conflict.json()["error"]
        assert conflict.headers["access-control-allow-origin"] == "*"
    assert _count(centre.database) == 2  # the first choice only, one per category
    state = centre.client.get(f"/api/v1/consent/visitor/{VISITOR}").json()
    assert state["categories"]["analytics"]["consented"] is True
