"""The registers on the web: the privacy centre's complaint form and status page, the
admin API (bearer tokens) and the admin page (session and CSRF) for complaints and
breaches."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.model import Declaration
from waarborg.store.db import Database
from waarborg.store.models import Breach

from .webclient import Centre, centre_with

ANNA = "anna.devries@example.nl"
BOB = "bob.jansen@example.nl"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_STATUS = re.compile(r"http://testserver(/complaints/[^\s?]+\?t=\S+)")


def _complain(centre: Centre, email: str = ANNA, lang: str = "nl", **fields: str) -> object:
    path = f"/{lang}/complaint"
    data = {"name": "Anna de Vries", "email": email, "text": "Ik krijg spam.", **fields}
    data["csrf_token"] = centre.csrf(path)
    return centre.client.post(path, data=data, follow_redirects=False)


def _confirm(centre: Centre, email: str = ANNA) -> object:
    """Press the button behind the link that confirms the complaint's address."""
    link = centre.link("complaint_confirmation", email)
    return centre.confirm(link)


def _complained(centre: Centre, email: str = ANNA, lang: str = "nl", **fields: str) -> None:
    """Make a complaint and confirm its address, as the person does."""
    assert _complain(centre, email, lang, **fields).status_code == 303  # type: ignore[attr-defined]
    assert _confirm(centre, email).status_code == 200  # type: ignore[attr-defined]


def _status_link(centre: Centre, email: str) -> str:
    message = centre.mails("complaint_received", email)[-1]
    body = message.get_body(("plain",))
    assert body is not None
    found = _STATUS.search(body.get_content())
    assert found
    return found.group(1)


def _auth(centre: Centre, name: str = "staff") -> dict[str, str]:
    return {"Authorization": f"Bearer {centre.admin_token(name)}"}


# --- the privacy centre ------------------------------------------------------------------


def test_the_home_page_leads_to_the_complaint_form(centre: Centre) -> None:
    assert 'href="/nl/complaint"' in centre.client.get("/nl/").text
    form = centre.client.get("/en/complaint")
    assert form.status_code == 200 and "Make a complaint" in form.text
    assert "cannot be anonymous" in form.text
    assert "autoriteitpersoonsgegevens.nl" in form.text  # the way to the authority
    assert "within 4 weeks" in form.text  # the demo's declared clock
    assert "<script" not in form.text


def test_a_complaint_is_filed_acknowledged_and_seen_only_through_its_link(centre: Centre) -> None:
    filed = _complain(centre)
    assert filed.status_code == 303  # type: ignore[attr-defined]
    assert filed.headers["location"] == "/nl/complaint/sent"  # type: ignore[attr-defined]
    assert "Kijk in uw e-mail" in centre.client.get("/nl/complaint/sent").text
    assert centre.mails("complaint_received") == []  # only the link, until it is used
    confirmed = _confirm(centre)
    assert "Wij hebben uw klacht ontvangen" in confirmed.text  # type: ignore[attr-defined]
    link = _status_link(centre, ANNA)
    page = centre.client.get(link)
    assert page.status_code == 200
    assert "In behandeling" in page.text and "Ik krijg spam." in page.text
    _complained(centre, BOB)
    bob = _status_link(centre, BOB)
    bob_id, anna_token = bob.split("/")[2].split("?")[0], link.split("?t=")[1]
    others = centre.client.get(f"/complaints/{bob_id}?t={anna_token}")
    unknown = centre.client.get(f"/complaints/nope?t={anna_token}")
    wrong = centre.client.get(link[:-3] + "abc")
    for response in (others, unknown, wrong):
        assert response.status_code == 404
        assert "Ik krijg spam." not in response.text
    assert others.text == unknown.text  # another's complaint looks like none at all


def test_a_complaint_needs_a_name_an_address_and_a_text(centre: Centre) -> None:
    refused = _complain(centre, "geen-adres", name=" ", text="")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert "een klacht kan niet anoniem" in text and 'aria-invalid="true"' in text
    assert "Beschrijf waar uw klacht over gaat." in text
    assert centre.mails() == []


def test_the_complaint_form_needs_its_csrf_token(centre: Centre) -> None:
    centre.csrf("/nl/complaint")
    response = centre.client.post(
        "/nl/complaint",
        data={"name": "Anna", "email": ANNA, "text": "Klacht.", "csrf_token": "forged"},
    )
    assert response.status_code == 403
    assert centre.mails("complaint_received") == []


def test_complaints_are_rate_limited_like_requests(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(database, database_url, demo_declaration, tmp_path, rate_limit_per_email=2)
    with centre.client:
        assert _complain(centre).status_code == 303  # type: ignore[attr-defined]
        assert _complain(centre).status_code == 303  # type: ignore[attr-defined]
        refused = _complain(centre, lang="en")
        assert refused.status_code == 429  # type: ignore[attr-defined]
        assert int(refused.headers["retry-after"]) > 0  # type: ignore[attr-defined]
        assert len(centre.mails("complaint_confirmation")) == 2


# --- no relay for a stranger's words ----------------------------------------------------


VICTIM = "victim@example.nl"


def _everything_sent(centre: Centre, to: str) -> str:
    """Every subject, text and HTML part queued for ``to``, as one text."""
    parts = []
    for message in centre.mails(to=to):
        parts.append(str(message["Subject"]))
        for kind in ("plain", "html"):
            body = message.get_body((kind,))
            assert body is not None
            parts.append(body.get_content())
    return "\n".join(parts)


def test_an_unconfirmed_address_gets_a_link_and_nothing_the_visitor_typed(
    centre: Centre,
) -> None:
    """The probe: the form sent the organisation's receipt, with the visitor's free
    "name" in it, to any address. Now the address gets only the organisation's own
    words and a link, and nothing is registered until the link is used."""
    filed = _complain(
        centre, VICTIM, name="Beste klant van de Bank", text="Log in op bank-evil punt nl"
    )
    assert filed.status_code == 303  # type: ignore[attr-defined]
    assert len(centre.mails(to=VICTIM)) == 1
    assert len(centre.mails("complaint_confirmation", VICTIM)) == 1
    sent = _everything_sent(centre, VICTIM)
    assert "Beste klant van de Bank" not in sent and "bank-evil" not in sent
    assert "Studio Denkbeeldig" in sent  # the organisation's name, from the declaration
    hrefs = re.findall(r'href="([^"]+)"', sent)
    assert hrefs and all(h.startswith("http://testserver/complaint/confirm/") for h in hrefs)
    auth = _auth(centre)
    listed = centre.client.get("/api/v1/admin/complaints", headers=auth).json()["complaints"]
    assert listed == []  # nothing registered, so nothing for staff either


def test_a_confirmation_link_works_once_and_lapses(centre: Centre) -> None:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with clock.frozen(start) as advance:
        _complain(centre)
        link = centre.link("complaint_confirmation", ANNA)
        assert centre.client.get(link).status_code == 200  # a GET spends nothing
        assert _confirm(centre).status_code == 200  # type: ignore[attr-defined]
        [receipt] = centre.mails("complaint_received", ANNA)
        assert "Anna de Vries" in _everything_sent(centre, ANNA)  # confirmed: addressed by name
        used = centre.client.get(link)
        assert used.status_code == 404
        csrf = centre.csrf("/nl/complaint")
        again = centre.client.post(link, data={"csrf_token": csrf})
        assert again.status_code == 404 and len(centre.mails("complaint_received")) == 1
        # A link never used lapses with its lifetime; the complaint was never registered.
        _complain(centre, BOB)
        late = centre.link("complaint_confirmation", BOB)
        advance(centre.settings.verification_link_lifetime + timedelta(seconds=1))
        assert centre.client.get(late).status_code == 404
        assert centre.client.post(late, data={"csrf_token": csrf}).status_code == 404
        listed = centre.client.get("/api/v1/admin/complaints", headers=_auth(centre)).json()
        assert [c["email"] for c in listed["complaints"]] == [ANNA]
        # Received when it was made: its clocks run from then.
        assert listed["complaints"][0]["received_at"].startswith("2026-03-02T10:00")
        assert receipt["To"] == ANNA


@pytest.mark.parametrize(
    "name",
    [
        "Klik https://evil.example/login",
        "www.evil.nl",
        "Uw bank: evil.nl/login",
        "Jan <jan@evil.nl>",
        "jan@evil.nl",
        "An\u202ena",
    ],
)
def test_a_name_that_a_mail_program_would_make_a_link_is_refused(centre: Centre, name: str) -> None:
    refused = _complain(centre, VICTIM, name=name)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert "zonder webadres of e-mailadres" in text or "onzichtbaar teken" in text
    assert centre.mails() == []
    auth = _auth(centre)
    by_staff = centre.client.post(
        "/api/v1/admin/complaints",
        headers=auth,
        json={"name": name, "email": "piet@example.nl", "text": "t"},
    )
    assert by_staff.status_code == 422  # staff's reminders show the name too


# --- the admin API -----------------------------------------------------------------------


def test_staff_enter_answer_and_close_a_complaint_through_the_api(centre: Centre) -> None:
    auth = _auth(centre)
    received = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with clock.frozen(received + timedelta(days=2)):
        filed = centre.client.post(
            "/api/v1/admin/complaints",
            headers=auth,
            json={
                "name": "Piet Bakker",
                "email": "piet@example.nl",
                "text": "Per post: u belt mij steeds.",
                "channel": "post",
                "received_at": received.isoformat(),
                "acknowledge": False,
            },
        )
        assert filed.status_code == 200, filed.text
        public_id = filed.json()["public_id"]
        assert filed.json()["status"] == "received"
        [listed] = centre.client.get("/api/v1/admin/complaints", headers=auth).json()["complaints"]
        assert listed["respond_by"].startswith("2026-03-30")  # the declared four weeks
        assert listed["clock"] == "respond" and listed["days_left"] == 26
        url = f"/api/v1/admin/complaints/{public_id}"
        naive = centre.client.post(
            "/api/v1/admin/complaints",
            headers=auth,
            json={
                "name": "X",
                "email": "x@example.nl",
                "text": "t",
                "received_at": "2026-03-01T10:00",
            },
        )
        assert naive.status_code == 422 and naive.json()["ok"] is False
        ack = centre.client.post(f"{url}/acknowledge", headers=auth, json={"letter": True})
        assert ack.json()["status"] == "acknowledged"
        assert centre.mails("complaint_received", "piet@example.nl")
        assert centre.client.post(f"{url}/acknowledge", headers=auth, json={}).status_code == 409
        answer = centre.client.post(f"{url}/answer", headers=auth, json={"message": "Wij stoppen."})
        assert answer.json()["status"] == "answered"
        closed = centre.client.post(
            f"{url}/close", headers=auth, json={"outcome": "Opgelost.", "resolution": "upheld"}
        )
        assert closed.json()["status"] == "closed"
        again = centre.client.post(
            f"{url}/close", headers=auth, json={"outcome": "Nogmaals.", "resolution": "upheld"}
        )
        assert again.status_code == 409
        assert again.json() == {"ok": False, "error": again.json()["error"], "status": 409}
        detail = centre.client.get(url, headers=auth).json()
        assert [e["action"] for e in detail["trail"]][-1] == "complaint.closed"
        assert detail["trail"][-1]["actor"] == "admin:staff"
    assert centre.client.get("/api/v1/admin/complaints/nope", headers=auth).status_code == 404


def test_staff_record_decide_and_notify_a_breach_and_export_it(centre: Centre) -> None:
    auth = _auth(centre)
    aware = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with clock.frozen(aware + timedelta(hours=1)) as advance:
        recorded = centre.client.post(
            "/api/v1/admin/breaches",
            headers=auth,
            json={
                "title": "Mail aan verkeerde klant",
                "description": "Een offerte met contactgegevens ging naar een andere klant.",
                "aware_at": aware.isoformat(),
                "kinds": ["wrong_recipient"],
                "categories": ["name", "email"],
                "subjects_estimate": 1,
            },
        )
        assert recorded.status_code == 200, recorded.text
        public_id = recorded.json()["public_id"]
        assert recorded.json()["status"] == "assess"
        unknown = centre.client.post(
            "/api/v1/admin/breaches", headers=auth, json={"title": "x", "colour": "red"}
        )
        assert unknown.status_code == 422
        url = f"/api/v1/admin/breaches/{public_id}"
        [listed] = centre.client.get("/api/v1/admin/breaches", headers=auth).json()["breaches"]
        assert listed["hours_left"] == 71 and listed["overdue"] is False
        decided = centre.client.post(
            f"{url}/decision", headers=auth, json={"risk": "risk", "reason": "Contactgegevens."}
        )
        assert decided.json()["status"] == "notify_authority"
        changed = centre.client.patch(url, headers=auth, json={"records_estimate": 3})
        assert changed.status_code == 200
        advance(timedelta(hours=75))
        late = centre.client.post(f"{url}/notified", headers=auth, json={"reference": "M-77"})
        assert late.status_code == 422 and "late_reason" in late.json()["error"]
        notified = centre.client.post(
            f"{url}/notified",
            headers=auth,
            json={"reference": "M-77", "late_reason": "De klant meldde het pas later."},
        )
        assert notified.json()["status"] == "recorded"
        exported = centre.client.get(f"{url}/export", headers=auth).json()
        assert exported["answers"]["notice"]["reference"] == "M-77"
        assert exported["answers"]["data"]["records_estimate"] == 3
        markdown = centre.client.get(f"{url}/export?format=md&lang=en", headers=auth)
        assert "**Reasons for the delay:** De klant meldde het pas later." in markdown.text
        html = centre.client.get(f"{url}/export?format=html", headers=auth)
        assert html.headers["content-type"].startswith("text/html")
        assert "<dd>M-77</dd>" in html.text
        register = centre.client.get("/api/v1/admin/breaches.csv", headers=auth)
        assert register.headers["content-type"].startswith("text/csv")
        assert "M-77" in register.text and register.text.startswith("public_id,title,")


# --- the admin page ----------------------------------------------------------------------


def test_the_register_pages_need_a_login(centre: Centre) -> None:
    for path in ("/admin/complaints", "/admin/breaches"):
        page = centre.client.get(path)
        assert page.status_code == 200 and "admin token" in page.text.lower()
    assert centre.client.get("/admin/complaints/x").status_code == 401
    assert centre.client.get("/admin/breaches/x").status_code == 401


def test_staff_handle_complaints_on_the_page_with_csrf(centre: Centre) -> None:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with clock.frozen(start) as advance:
        _complained(centre)
        advance(timedelta(days=32))
        centre.login()
        listing = centre.client.get("/admin/complaints")
        assert "d te laat" in listing.text and "1 te laat" in listing.text
        public_id = re.search(r"/admin/complaints/([^\"]+)\"", listing.text)
        assert public_id
        detail = centre.client.get(f"/admin/complaints/{public_id.group(1)}")
        assert "Ontvangst bevestigd" in detail.text  # the trail, in words
        token = _CSRF.search(detail.text)
        assert token
        url = f"/admin/complaints/{public_id.group(1)}/close"
        data = {"outcome": "Opgelost.", "resolution": "upheld"}
        assert centre.client.post(url, data={**data, "csrf_token": "forged"}).status_code == 403
        empty = centre.client.post(url, data={"csrf_token": token.group(1)})
        assert empty.status_code == 422 and "Schrijf de uitkomst" in empty.text
        closed = centre.client.post(url, data={**data, "csrf_token": token.group(1)})
        assert closed.status_code == 200 and "de klacht is afgesloten" in closed.text
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", detail.text, re.S):
            assert 'name="csrf_token"' in form


def test_staff_enter_a_complaint_on_the_page(centre: Centre) -> None:
    with clock.frozen(datetime(2026, 3, 2, 10, tzinfo=UTC)):
        centre.login()
        listing = centre.client.get("/admin/complaints")
        token = _CSRF.search(listing.text)
        assert token
        fields = {
            "name": "Piet Bakker",
            "email": "piet@example.nl",
            "text": "Telefonisch: ik wil niet meer gebeld worden.",
            "channel": "phone",
            "received_at": "2026-02-27T16:00",
            "acknowledge": "no",
        }
        nameless = centre.client.post(
            "/admin/complaints", data={**fields, "name": "", "csrf_token": token.group(1)}
        )
        assert nameless.status_code == 422 and "kan niet anoniem zijn" in nameless.text
        entered = centre.client.post(
            "/admin/complaints", data={**fields, "csrf_token": token.group(1)}
        )
        assert entered.status_code == 200 and "de klacht is ingevoerd" in entered.text
        assert "27 februari 2026" in entered.text  # received, Amsterdam time
        assert "Antwoorden uiterlijk" in entered.text and "27 maart 2026" in entered.text
        assert centre.mails("complaint_received") == []  # the receipt held back


def test_a_null_list_is_refused_and_a_stored_one_still_reads(centre: Centre) -> None:
    """A PATCH with ``null`` for a list is a 422 in the envelope, not a broken register;
    and a register that already holds such a null (from before) still lists, exports
    and shows."""
    auth = _auth(centre, "api")
    with clock.frozen(datetime(2026, 3, 2, 10, tzinfo=UTC)):
        recorded = centre.client.post(
            "/api/v1/admin/breaches",
            headers=auth,
            json={
                "title": "Lijst kwijt",
                "description": "Een klantenlijst lag op de printer.",
                "aware_at": "2026-03-02T09:00:00+00:00",
                "subject_types": ["customer_contact"],
            },
        )
        assert recorded.status_code == 200, recorded.text
        public_id = recorded.json()["public_id"]
        url = f"/api/v1/admin/breaches/{public_id}"
        for field in ("subject_types", "categories"):
            refused = centre.client.patch(url, headers=auth, json={field: None})
            error = refused.json()["error"]
            assert refused.json() == {"ok": False, "error": error, "status": 422}
            assert error.startswith(f"{field}: ") and "[]" in error
        emptied = centre.client.patch(url, headers=auth, json={"subject_types": []})
        assert emptied.status_code == 200
        with centre.database.write() as session:  # as a store written before the fix
            row = session.scalar(select(Breach).where(Breach.public_id == public_id))
            assert row is not None
            row.subject_types = None  # type: ignore[assignment]
            row.categories = None  # type: ignore[assignment]
            row.details = None  # type: ignore[assignment]
        listed = centre.client.get("/api/v1/admin/breaches", headers=auth)
        assert listed.status_code == 200, listed.text
        [view] = listed.json()["breaches"]
        assert view["subject_types"] == [] and view["categories"] == [] and view["details"] == {}
        assert centre.client.get("/api/v1/admin/breaches.csv", headers=auth).status_code == 200
        assert centre.client.get(url, headers=auth).status_code == 200
        assert centre.client.get(f"{url}/export?format=html", headers=auth).status_code == 200
        centre.login()
        assert centre.client.get("/admin/breaches").status_code == 200
        assert centre.client.get(f"/admin/breaches/{public_id}").status_code == 200
        repaired = centre.client.patch(url, headers=auth, json={"categories": ["email"]})
        assert repaired.status_code == 200


def test_a_used_confirmation_link_keeps_no_copy_of_the_complaint(centre: Centre) -> None:
    from sqlalchemy import select

    from waarborg.store.enums import TokenPurpose
    from waarborg.store.models import Token

    _complain(centre)
    with centre.database.read() as session:
        [waiting] = session.scalars(select(Token).where(Token.purpose == TokenPurpose.COMPLAINT))
        assert waiting.data["text"] == "Ik krijg spam."  # held only until confirmed
    _confirm(centre)
    with centre.database.read() as session:
        [used] = session.scalars(select(Token).where(Token.purpose == TokenPurpose.COMPLAINT))
        assert used.used_at is not None and used.data == {}
