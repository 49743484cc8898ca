"""The staff side: the admin API (bearer tokens) and the admin page (a session from a
pasted token), and the API the organisation's applications read restrictions from."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.store.enums import RequestStatus
from waarborg.store.models import Request

from .webclient import Centre

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def demo_declaration(tmp_path_factory: pytest.TempPathFactory) -> Declaration:
    """A demo of this module's own: staff here change the CRM."""
    return load(ensure_demo(tmp_path_factory.mktemp("admin-demo")))


def _auth(centre: Centre, name: str = "staff") -> dict[str, str]:
    return {"Authorization": f"Bearer {centre.admin_token(name)}"}


def _public_id(status_path: str) -> str:
    return status_path.split("/requests/")[1].split("?")[0]


# --- the admin API -----------------------------------------------------------------------


def test_the_list_gives_days_left_and_flags_overdue_requests(centre: Centre) -> None:
    auth = _auth(centre)
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with clock.frozen(start) as advance:
        status = centre.verified("erasure", PIET)
        public_id = _public_id(status)
        listed = centre.client.get("/api/v1/admin/requests", headers=auth).json()
        assert listed["ok"] is True
        [item] = listed["requests"]
        assert item["public_id"] == public_id and item["kind"] == "erasure"
        assert item["status"] == "verified" and item["drp_status"] == "in_progress"
        assert item["days_left"] == 28 and item["overdue"] is False  # iemagoo: 4 weeks
        advance(timedelta(weeks=4, days=1))
        [late] = centre.client.get("/api/v1/admin/requests", headers=auth).json()["requests"]
        assert late["overdue"] is True and late["days_left"] < 0


def test_one_request_comes_with_its_audit_trail(centre: Centre) -> None:
    public_id = _public_id(centre.verified("access", JAN))
    body = centre.client.get(f"/api/v1/admin/requests/{public_id}", headers=_auth(centre)).json()
    assert body["request"]["email"] == JAN
    actions = [entry["action"] for entry in body["trail"]]
    assert actions[:2] == ["request.filed", "request.verified"]
    assert all(len(entry["hash"]) == 64 for entry in body["trail"])


def test_staff_approve_a_rectification_with_the_changes(centre: Centre) -> None:
    auth = _auth(centre, "reviewer")
    status = centre.verified("rectification", JAN, message="Mijn telefoonnummer is 0612345678")
    public_id = _public_id(status)
    centre.run_worker()
    url = f"/api/v1/admin/requests/{public_id}"
    assert centre.client.get(url, headers=auth).json()["request"]["status"] == "review"
    refused = centre.client.post(f"{url}/approve", headers=auth, json={})
    assert refused.status_code == 422 and refused.json()["ok"] is False
    approved = centre.client.post(
        f"{url}/approve",
        headers=auth,
        json={"changes": {"contacts": {"phone": "0612345678"}}, "note": "checked by phone"},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "answered"
    trail = centre.client.get(url, headers=auth).json()["trail"]
    assert any(e["action"] == "request.approved" and e["actor"] == "admin:reviewer" for e in trail)
    crm = Path(str(centre.app.state.web.declaration.datastores["crm"].url).split("///", 1)[1])
    with sqlite3.connect(crm) as connection:
        phones = connection.execute("SELECT phone FROM contacts WHERE email = ?", (JAN,)).fetchall()
    assert phones and all(phone == "0612345678" for (phone,) in phones)


def test_staff_extend_once_with_reasons(centre: Centre) -> None:
    auth = _auth(centre)
    public_id = _public_id(centre.verified("access", PIET))
    url = f"/api/v1/admin/requests/{public_id}/extend"
    assert centre.client.post(url, headers=auth, json={"reasons": ""}).status_code == 422
    extended = centre.client.post(url, headers=auth, json={"reasons": "Veel gegevens."})
    assert extended.status_code == 200
    until = datetime.fromisoformat(extended.json()["extended_until"])
    assert until > clock.now() + timedelta(days=60)
    again = centre.client.post(url, headers=auth, json={"reasons": "Nog meer."})
    assert again.status_code == 409
    assert again.json() == {"ok": False, "error": again.json()["error"], "status": 409}
    assert centre.mails("extension", PIET)


def test_staff_deny_with_reasons_and_the_person_sees_it(centre: Centre) -> None:
    auth = _auth(centre)
    status = centre.verified("erasure", PIET)
    public_id = _public_id(status)
    denied = centre.client.post(
        f"/api/v1/admin/requests/{public_id}/deny",
        headers=auth,
        json={"reason": "too_many_requests", "details": "Vijfde verzoek deze week."},
    )
    assert denied.status_code == 200 and denied.json()["status"] == "denied"
    page = centre.client.get(status + "&lang=en").text
    assert "Refused" in page and "manifestly unfounded or excessive" in page
    assert centre.mails("denied", PIET)
    unknown_reason = centre.client.post(
        f"/api/v1/admin/requests/{public_id}/deny",
        headers=auth,
        json={"reason": "because", "details": "x"},
    )
    assert unknown_reason.status_code == 422


def test_staff_file_a_request_that_came_by_email(centre: Centre) -> None:
    filed = centre.client.post(
        "/api/v1/admin/requests",
        headers=_auth(centre, "desk"),
        json={"kind": "access", "email": PIET, "lang": "en", "channel": "email"},
    )
    assert filed.status_code == 200 and filed.json()["status"] == "verifying"
    assert centre.mails("verification", PIET)


def test_applications_read_restrictions(centre: Centre) -> None:
    auth = _auth(centre, "crm-app")
    url = "/api/v1/restrictions"
    before = centre.client.get(url, params={"email": JAN}, headers=auth).json()
    assert before == {"ok": True, "email": JAN, "restricted": False, "restrictions": []}
    centre.verified("restriction", JAN, purpose="newsletter", message="Klopt niet.")
    centre.run_worker()
    after = centre.client.get(url, params={"email": JAN.upper()}, headers=auth).json()
    assert after["restricted"] is True
    assert [r["purpose"] for r in after["restrictions"]] == ["newsletter"]
    assert centre.client.get(url, params={"email": JAN}).status_code == 401


# --- the admin page ----------------------------------------------------------------------


def test_logging_in_with_a_wrong_token_says_so(centre: Centre) -> None:
    csrf = centre.csrf("/admin")
    page = centre.client.post("/admin/login", data={"token": "wbg_wrong", "csrf_token": csrf})
    assert page.status_code == 401
    assert "niet geldig" in page.text and 'aria-invalid="true"' in page.text


def test_the_page_lists_requests_and_overdue_ones_stand_out_in_words(centre: Centre) -> None:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with clock.frozen(start) as advance:
        late_id = _public_id(centre.verified("access", PIET))
        advance(timedelta(weeks=5))
        fresh_id = _public_id(centre.verified("erasure", "sanne.devries@example.nl"))
        centre.login()
        page = centre.client.get("/admin/requests").text
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(
            r"<tr class=\"[^\"]*\">.*?/admin/requests/([^\"]+)\".*?</tr>", page, re.S
        )
    }
    assert "d te laat" in rows[late_id] and 'class="overdue"' in rows[late_id]
    assert "te laat" not in rows[fresh_id]
    assert "1 te laat" in page


def test_staff_act_on_a_request_from_the_page(centre: Centre) -> None:
    public_id = _public_id(centre.verified("access", PIET))
    centre.login("page-staff")
    page = centre.client.get(f"/admin/requests/{public_id}")
    assert page.status_code == 200
    assert "Auditlog" in page.text and "Bevestigd door de persoon" in page.text
    token = _CSRF.search(page.text)
    assert token
    extended = centre.client.post(
        f"/admin/requests/{public_id}/extend",
        data={"reasons": "Veel systemen.", "csrf_token": token.group(1)},
    )
    assert extended.status_code == 200 and "de termijn is verlengd" in extended.text
    assert "Veel systemen." in extended.text  # the reasons the person was sent
    again = centre.client.post(
        f"/admin/requests/{public_id}/extend",
        data={"reasons": "Nog eens.", "csrf_token": token.group(1)},
    )
    assert again.status_code == 409 and "maar één keer" in again.text
    denied = centre.client.post(
        f"/admin/requests/{public_id}/deny",
        data={"reason": "no_match", "details": "Geen gegevens.", "csrf_token": token.group(1)},
    )
    assert denied.status_code == 200 and "het verzoek is geweigerd" in denied.text
    assert "page-staff (medewerker)" in denied.text
    assert "Geen gegevens gevonden die bij deze persoon horen" in denied.text


def test_staff_approve_a_rectification_from_the_page(centre: Centre) -> None:
    public_id = _public_id(
        centre.verified("rectification", JAN, message="Mijn nummer is 0687654321.")
    )
    centre.run_worker()
    centre.login()
    page = centre.client.get(f"/admin/requests/{public_id}").text
    phone = re.search(r'<label for="(f[0-9a-f]{12})">Telefoonnummer</label>', page)
    assert phone and 'name="changes"' not in page
    token = _CSRF.search(page)
    assert token
    ids = re.findall(r'name="field" value="([^"]+)"', page)
    values = ["0687654321" if fid == phone.group(1) else "" for fid in ids]
    done = centre.client.post(
        f"/admin/requests/{public_id}/approve",
        data={"field": ids, "value": values, "csrf_token": token.group(1)},
    )
    assert done.status_code == 200 and "het verzoek is goedgekeurd" in done.text
    assert "Beantwoord" in done.text


def test_logging_out_ends_the_session(centre: Centre) -> None:
    centre.login()
    page = centre.client.get("/admin").text
    token = _CSRF.search(page)
    assert token
    centre.client.post("/admin/logout", data={"csrf_token": token.group(1)})
    assert "Inloggen voor medewerkers" in centre.client.get("/admin").text


def test_wrongly_typed_changes_are_a_422_and_stopped_work_shows_on_the_page(
    centre: Centre,
) -> None:
    auth = _auth(centre, "typist")
    public_id = _public_id(centre.verified("rectification", JAN, message="Mijn naam klopt niet."))
    centre.run_worker()
    url = f"/api/v1/admin/requests/{public_id}"
    refused = centre.client.post(
        f"{url}/approve", headers=auth, json={"changes": {"contacts": {"first_name": None}}}
    )
    assert refused.status_code == 422
    assert refused.json() == {
        "ok": False,
        "error": "changes: crm.contacts.first_name: cannot be empty: the column requires a value",
        "status": 422,
    }
    assert centre.client.get(url, headers=auth).json()["request"]["status"] == "review"
    shared = centre.app.state.web
    with centre.database.write() as session:  # approved before the types were checked
        row = session.scalar(select(Request).where(Request.public_id == public_id))
        assert row is not None
        changes = {"crm.contacts": {"first_name": None}}
        row.details = {**row.details, "approved_by": "admin:typist", "changes": changes}
        row.status = RequestStatus.IN_PROGRESS
    assert shared.requests.process(public_id).value == "review"
    shown = centre.client.get(url, headers=auth).json()["request"]
    assert shown["status"] == "review" and "first_name" in shown["last_error"]
    centre.login()
    listing = centre.client.get("/admin/requests").text
    assert "gestopt: een medewerker moet kijken" in listing
    page = centre.client.get(f"/admin/requests/{public_id}").text
    assert "gestopt: opnieuw proberen helpt niet" in page and 'name="field"' in page
