"""The request page of the admin, as a member of staff who is no developer uses it, in
Dutch (and English): the person's own words, a rectification by picking fields and
typing the correct value, the preview of an erasure before it is approved, the
outcome as the letter the person was sent, and review per right on /admin/settings.
Every form needs a session and its CSRF token, and only an existing request can be
acted on. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.store import Database, staff
from waarborg.store.enums import RequestStatus
from waarborg.store.models import AuditEntry, Request

from .webclient import Centre, centre_with

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_FIELD = re.compile(r'<label for="(f[0-9a-f]{12})">([^<]+)</label>.*?<td>(.*?)</td>', re.S)
#: The demo CRM's table and column names: none may be read on the page.
DATABASE_NAMES = (
    "companies", "contacts", "projects", "invoices", "newsletter_subscribers",
    "website_visits", "third_party_credentials", "first_name", "last_name", "amount_cents",
    "vat_cents", "postal_street", "ip_address", "crm.", "contact_id", "company_id",
)  # fmt: skip


@pytest.fixture
def demo_declaration(tmp_path: Path) -> Declaration:
    """A demo of each test's own: the tests here change and erase the CRM's data."""
    return load(ensure_demo(tmp_path / "demo"))


def _id(status_path: str) -> str:
    return status_path.split("/requests/")[1].split("?")[0]


def _visible(page: str) -> str:
    """The page's text as a reader sees it (tags, hidden values and attributes gone)."""
    body = page.split("<main", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _csrf(page: str) -> str:
    found = _CSRF.search(page)
    assert found
    return found.group(1)


def _fields(page: str, record: str | None = None) -> dict[str, tuple[str, str]]:
    """The fields of the rectification form (of one group of records, by its heading):
    label -> (id, what it says now); the first of a label when it occurs twice."""
    if record is not None:
        page = page.split(f"<h4>{record}</h4>", 1)[1].split("</table>", 1)[0]
    found: dict[str, tuple[str, str]] = {}
    for fid, label, now in _FIELD.findall(page):
        shown = html.unescape(re.sub(r"<[^>]+>", " ", now)).strip()
        found.setdefault(html.unescape(label), (fid, shown))
    return found


def _crm(centre: Centre) -> Path:
    return Path(str(centre.app.state.web.declaration.datastores["crm"].url).split("///", 1)[1])


def _review(centre: Centre, *kinds: str) -> None:
    """Switch review on for ``kinds`` (and off for the rest) on the settings page."""
    page = centre.client.get("/admin/settings").text
    response = centre.client.post(
        "/admin/settings/review", data={"csrf_token": _csrf(page), "review": list(kinds)}
    )
    assert response.status_code == 200


# --- the person's own words ----------------------------------------------------------------


def test_the_persons_words_are_shown_in_full_as_plain_text(centre: Centre) -> None:
    words = (
        'Mijn achternaam klopt niet.\nHet moet Janssen zijn, met dubbel s & "zo".\n\n'
        "<script>alert('x')</script> <b>vet</b>"
    )
    public_id = _id(centre.verified("rectification", JAN, message=words))
    centre.run_worker()
    centre.login()
    page = centre.client.get(f"/admin/requests/{public_id}").text
    shown = re.search(r'<div class="words" lang="nl">(.*?)</div>', page, re.S)
    assert shown, "the person's words are on the page"
    assert html.unescape(shown.group(1)) == words.strip()  # whole, line breaks kept
    assert "<script>" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;" in shown.group(1)
    assert "In de woorden van de persoon" in page


def test_values_from_the_datastore_are_escaped_in_fields_and_letters(centre: Centre) -> None:
    with sqlite3.connect(_crm(centre)) as connection:
        connection.execute(
            "UPDATE contacts SET first_name = ?, phone = ? WHERE email = ?",
            ("<i>Jan</i>", '"><script>alert(1)</script>', JAN),
        )
    rectification = _id(centre.verified("rectification", JAN, message="Mijn naam klopt niet."))
    access = _id(centre.verified("access", JAN))
    centre.run_worker()
    centre.login()
    page = centre.client.get(f"/admin/requests/{rectification}").text
    assert "<i>Jan</i>" not in page and "<script>" not in page
    assert "&lt;i&gt;Jan&lt;/i&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    answered = centre.client.get(f"/admin/requests/{access}").text
    letter = re.search(r'<div class="letter" lang="nl">(.*?)</div>', answered, re.S)
    assert letter and "Beste &lt;i&gt;Jan&lt;/i&gt; Jansen," in letter.group(1)
    assert "<i>" not in answered


# --- rectification: from the person's words to the letter ------------------------------


def test_a_rectification_is_handled_by_picking_a_field(centre: Centre) -> None:
    public_id = _id(
        centre.verified("rectification", JAN, message="Mijn achternaam is Janssen, met dubbel s.")
    )
    centre.run_worker()
    centre.login("anna")
    page = centre.client.get(f"/admin/requests/{public_id}").text
    visible = _visible(page)
    assert "Gegevens verbeteren" in visible and "In CRM" in visible
    fields = _fields(page, "Contactpersonen")
    assert fields["Voornaam"][1] == "Jan" and fields["Achternaam"][1] == "Jansen"
    assert "Telefoonnummer" in fields and "Contactpersonen" in visible
    assert "niet getoond, omdat het om gevoelige gegevens gaat" in visible  # the log-ins
    assert not [n for n in DATABASE_NAMES if n in visible], "no database names on the page"
    assert 'name="changes"' not in page  # no JSON to type
    surname = fields["Achternaam"][0]
    ids = re.findall(r'name="field" value="([^"]+)"', page)
    values = ["Janssen" if fid == surname else "" for fid in ids]
    done = centre.client.post(
        f"/admin/requests/{public_id}/approve",
        data={"csrf_token": _csrf(page), "field": ids, "value": values, "note": "Gebeld."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = centre.client.get(done.headers["location"]).text
    visible = _visible(after)
    assert "Gedaan: het verzoek is goedgekeurd en uitgevoerd" in visible
    assert "CRM, Contactpersonen: Achternaam (nu: “Janssen”) aangepast in 1 rij." in visible
    assert "De brief aan de persoon" in visible
    letter = re.search(r'<div class="letter" lang="nl">(.*?)</div>', after, re.S)
    assert letter
    text = html.unescape(letter.group(1))
    assert "hebben wij deze gegevens van u aangepast (artikel 16 AVG)" in text
    assert "- Naam" in text and "{" not in text
    assert "anna (medewerker)" in visible and "Goedgekeurd" in visible
    with sqlite3.connect(_crm(centre)) as connection:
        names = connection.execute("SELECT last_name FROM contacts WHERE email = ?", (JAN,))
        assert [n for (n,) in names] == ["Janssen"]


def test_a_value_the_field_does_not_take_is_refused_in_words(centre: Centre) -> None:
    public_id = _id(centre.verified("rectification", JAN, message="Het bedrag klopt niet."))
    centre.run_worker()
    centre.login()
    page = centre.client.get(f"/admin/requests/{public_id}").text
    amount = _fields(page)["Bedrag in centen"][0]
    ids = re.findall(r'name="field" value="([^"]+)"', page)
    url = f"/admin/requests/{public_id}/approve"
    values = ["veel" if fid == amount else "" for fid in ids]
    refused = centre.client.post(
        url, data={"csrf_token": _csrf(page), "field": ids, "value": values}
    )
    assert refused.status_code == 422
    assert "Bedrag in centen: “veel” past niet in dit veld; het neemt een heel getal." in _visible(
        refused.text
    )
    assert f'id="{amount}" name="value" type="text" value="veel"' in refused.text  # kept
    nothing = centre.client.post(
        url, data={"csrf_token": _csrf(page), "field": ids, "value": [""] * len(ids)}
    )
    assert nothing.status_code == 422
    assert "Vul bij minstens één gegeven de juiste waarde in." in _visible(nothing.text)
    forged = centre.client.post(
        url, data={"csrf_token": _csrf(page), "field": ["f0123456789ab"], "value": ["x"]}
    )
    assert forged.status_code == 422 and "hoort niet bij deze persoon" in forged.text
    uneven = centre.client.post(url, data={"csrf_token": _csrf(page), "field": ids, "value": ["x"]})
    assert uneven.status_code == 422
    assert centre.app.state.web.requests.view(public_id).status == RequestStatus.REVIEW


def test_an_approval_whose_work_stopped_does_not_say_it_was_carried_out(centre: Centre) -> None:
    public_id = _id(centre.verified("rectification", JAN, message="Mijn adres is dat van Piet."))
    centre.run_worker()
    centre.login()
    page = centre.client.get(f"/admin/requests/{public_id}").text
    address = _fields(page, "Contactpersonen")["E-mailadres"][0]
    ids = re.findall(r'name="field" value="([^"]+)"', page)
    values = [PIET if fid == address else "" for fid in ids]  # taken: the CRM refuses it
    done = centre.client.post(
        f"/admin/requests/{public_id}/approve",
        data={"csrf_token": _csrf(page), "field": ids, "value": values},
    )
    assert done.status_code == 200
    visible = _visible(done.text)
    assert "het verzoek is goedgekeurd, maar het uitvoeren is gestopt" in visible
    assert "goedgekeurd en uitgevoerd" not in visible
    assert "Wacht op uw beoordeling" in visible and "Laatste fout" in visible


# --- erasure: the preview before approval, then the letter ------------------------------


def test_an_erasure_is_previewed_then_approved_as_shown(centre: Centre) -> None:
    centre.login("anna")
    _review(centre, "erasure")
    public_id = _id(centre.verified("erasure", JAN))
    centre.run_worker()
    with sqlite3.connect(_crm(centre)) as connection:
        before = connection.execute("SELECT count(*) FROM contacts WHERE email = ?", (JAN,))
        assert before.fetchone() == (1,)
    page = centre.client.get(f"/admin/requests/{public_id}").text
    visible = _visible(page)
    assert "Wat er wordt verwijderd, geanonimiseerd en bewaard" in visible
    totals = re.search(
        r"CRM (\d+) rijen verwijderd, (\d+) rijen geanonimiseerd en (\d+) rijen bewaard\.", visible
    )
    assert totals, visible
    assert "Wettelijke bewaarplicht (AWR art. 52 lid 4; BW 2:10 lid 3)" in visible
    assert "wel gewist: E-mailadres" in visible and "Facturen" in visible
    assert "Moneybird B.V." in visible  # told after approval (Art. 19)
    assert not [n for n in DATABASE_NAMES if n in visible]
    fingerprint = re.search(r'name="preview" value="([0-9a-f]+)"', page)
    assert fingerprint
    stale = centre.client.post(
        f"/admin/requests/{public_id}/approve",
        data={"csrf_token": _csrf(page), "preview": "0" * 32},
    )
    assert stale.status_code == 409
    assert "De gegevens zijn veranderd sinds de preview werd gemaakt" in _visible(stale.text)
    missing = centre.client.post(
        f"/admin/requests/{public_id}/approve", data={"csrf_token": _csrf(page)}
    )
    assert missing.status_code == 422
    with sqlite3.connect(_crm(centre)) as connection:
        still = connection.execute("SELECT count(*) FROM contacts WHERE email = ?", (JAN,))
        assert still.fetchone() == (1,)  # refused approvals erased nothing
    approved = centre.client.post(
        f"/admin/requests/{public_id}/approve",
        data={"csrf_token": _csrf(page), "preview": fingerprint.group(1)},
    )
    assert approved.status_code == 200
    visible = _visible(approved.text)
    deleted, anonymised, kept = totals.groups()
    assert (
        f"CRM: {deleted} rijen verwijderd, {anonymised} rijen geanonimiseerd en {kept} rijen "
        "bewaard: Facturen (wettelijke bewaarplicht: AWR art. 52 lid 4; BW 2:10 lid 3, tot "
        in visible
    )
    assert (
        "De brief aan de persoon" in visible
        and "Onderwerp: Antwoord op uw verzoek om verwijdering" in visible
    )
    assert "Deze gegevens hebben wij niet gewist" in visible
    assert "{" not in visible and "plan" not in visible.lower().split("verwijdering")[0]
    assert '<pre class="json">' not in approved.text  # no raw outcome
    with sqlite3.connect(_crm(centre)) as connection:
        gone = connection.execute("SELECT count(*) FROM contacts WHERE email = ?", (JAN,))
        assert gone.fetchone() == (0,)


def test_the_api_previews_and_approves_an_erasure_as_the_page_does(centre: Centre) -> None:
    """The JSON API and the page render the same actions: the preview has the page's
    fingerprint, and approving needs it there too (none, or a stale one, erases nothing)."""
    centre.login("anna")
    _review(centre, "erasure")
    public_id = _id(centre.verified("erasure", JAN))
    centre.run_worker()
    auth = {"Authorization": f"Bearer {centre.admin_token('api-reviewer')}"}
    url = f"/api/v1/admin/requests/{public_id}"
    preview = centre.client.get(f"{url}/preview", headers=auth)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    page = centre.client.get(f"/admin/requests/{public_id}").text
    on_page = re.search(r'name="preview" value="([0-9a-f]+)"', page)
    assert on_page and shown["fingerprint"] == on_page.group(1)
    assert shown["kind"] == "erasure" and shown["found"] > 0
    actions = {item["action"] for store in shown["stores"] for item in store["items"]}
    assert "delete" in actions and "keep" in actions
    kept = [i for s in shown["stores"] for i in s["items"] if i["action"] == "keep"]
    assert all(item["reason"] for item in kept)  # each kept row says why
    assert "moneybird" in shown["recipients"]
    blind = centre.client.post(f"{url}/approve", headers=auth, json={})
    assert blind.status_code == 409 and blind.json()["error"].startswith("preview:")
    stale = centre.client.post(f"{url}/approve", headers=auth, json={"preview": "0" * 32})
    assert stale.status_code == 409, stale.text
    with sqlite3.connect(_crm(centre)) as connection:
        still = connection.execute("SELECT count(*) FROM contacts WHERE email = ?", (JAN,))
        assert still.fetchone() == (1,)
    approved = centre.client.post(
        f"{url}/approve", headers=auth, json={"preview": shown["fingerprint"]}
    )
    assert approved.status_code == 200, approved.text
    with sqlite3.connect(_crm(centre)) as connection:
        gone = connection.execute("SELECT count(*) FROM contacts WHERE email = ?", (JAN,))
        assert gone.fetchone() == (0,)
    trail = centre.client.get(url, headers=auth).json()["trail"]
    assert any(
        e["action"] == "request.approved" and e["actor"] == "admin:api-reviewer" for e in trail
    )
    again = centre.client.get(f"{url}/preview", headers=auth)
    assert again.status_code == 409  # carried out: nothing left to preview


def test_the_letter_shows_whether_it_was_sent(centre: Centre) -> None:
    public_id = _id(centre.verified("access", PIET))
    centre.run_worker()
    centre.login()
    queued = _visible(centre.client.get(f"/admin/requests/{public_id}").text)
    assert "Klaargezet; nog niet verstuurd." in queued
    centre.mails("answered", PIET)  # the outbox is delivered
    page = centre.client.get(f"/admin/requests/{public_id}").text
    visible = _visible(page)
    assert f"aan {PIET}" in visible and "Verstuurd op" in visible
    assert "/download/***" in visible  # the link is masked: only the person has it
    assert "De link in de brief is hier verborgen" in visible


# --- review per right, chosen in the admin -------------------------------------------------


def test_review_is_switched_on_per_right_and_recorded(centre: Centre) -> None:
    centre.login("anna")
    page = centre.client.get("/admin/settings")
    assert page.status_code == 200
    visible = _visible(page.text)
    assert (
        "Beoordeling per recht" in visible
        and "Altijd (u bepaalt wat de juiste gegevens zijn)" in visible
    )
    assert 'name="review" value="erasure"' in page.text and 'value="rectification"' not in page.text
    saved = centre.client.post(
        "/admin/settings/review",
        data={"csrf_token": _csrf(page.text), "review": ["erasure", "restriction"]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    shown = _visible(centre.client.get(saved.headers["location"]).text)
    assert (
        "Opgeslagen: Verwijderen wacht nu op goedkeuring en Beperken wacht nu op goedkeuring."
        in shown
    )
    assert "anna (medewerker)" in shown
    with centre.database.read() as session:
        entries = session.scalars(
            select(AuditEntry.subject).where(AuditEntry.action == "settings.review")
        ).all()
    assert sorted(str(e) for e in entries) == ["review:erasure", "review:restriction"]
    public_id = _id(centre.verified("erasure", PIET))
    centre.run_worker()
    assert centre.app.state.web.requests.view(public_id).status == RequestStatus.REVIEW
    wrong = centre.client.post(
        "/admin/settings/review", data={"csrf_token": _csrf(page.text), "review": ["everything"]}
    )
    assert wrong.status_code == 422


def test_an_erasure_not_under_review_says_so_in_its_preview(centre: Centre) -> None:
    centre.file("erasure", PIET)
    with centre.database.read() as session:
        public_id = session.scalars(select(Request.public_id)).one()
    centre.login()
    visible = _visible(centre.client.get(f"/admin/requests/{public_id}").text)
    assert "Wacht op bevestiging door de persoon" in visible
    assert "Dit recht wacht niet op goedkeuring" in visible and "rijen verwijderd" in visible


def test_a_datastore_that_cannot_be_read_is_said_and_nothing_is_carried_out(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    away = demo_declaration.datastores["crm"].model_copy(
        update={"url": "postgresql://waarborg@127.0.0.1:1/crm"}  # nothing listens there
    )
    declaration = demo_declaration.model_copy(update={"datastores": {"crm": away}})
    centre = centre_with(database, database_url, declaration, tmp_path, review=["erasure"])
    with centre.client:
        erasure = _id(centre.verified("erasure", JAN))
        rectification = _id(centre.verified("rectification", PIET, message="Mijn naam."))
        centre.run_worker()  # both wait for staff without reading the CRM
        centre.login()
        page = centre.client.get(f"/admin/requests/{erasure}").text
        visible = _visible(page)
        assert "De preview kon nu niet worden gemaakt, want CRM kon niet worden gelezen." in visible
        assert 'name="preview"' not in page  # nothing to approve without a preview
        refused = centre.client.post(
            f"/admin/requests/{erasure}/approve",
            data={"csrf_token": _csrf(page), "preview": "0" * 32},
        )
        assert refused.status_code == 503
        assert "CRM kon nu niet worden gelezen, dus er is niets uitgevoerd." in _visible(
            refused.text
        )
        assert centre.app.state.web.requests.view(erasure).status == RequestStatus.REVIEW
        fields = _visible(centre.client.get(f"/admin/requests/{rectification}").text)
        assert "CRM is nu niet bereikbaar, dus de gegevens daaruit staan hier niet." in fields
        assert "Wij vonden geen gegevens" not in fields  # unknown is not nothing


# --- in English, for staff who chose it ------------------------------------------------


def test_the_page_speaks_english_to_staff_who_chose_it(centre: Centre) -> None:
    public_id = _id(centre.verified("rectification", JAN, message="Mijn naam klopt niet."))
    centre.run_worker()
    centre.login()
    with centre.database.write() as session:  # the member of staff chose English
        staff.change(session, staff.named(session, "staff").id, language="en")
    visible = _visible(centre.client.get(f"/admin/requests/{public_id}").text)
    assert "Rectification: request" in visible and "Waiting for your review" in visible
    assert "Correcting the data" in visible and "First name" in visible and "Surname" in visible
    assert "In the person's own words" in visible and "Mijn naam klopt niet." in visible
    assert "Verbeteren" not in visible
    settings = _visible(centre.client.get("/admin/settings").text)
    assert "Review per right" in settings and "Erasure" in settings


# --- security -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/requests/{id}/approve", {"preview": "x"}),
        ("/admin/requests/{id}/extend", {"reasons": "Veel werk."}),
        ("/admin/requests/{id}/deny", {"reason": "other", "details": "Nee."}),
        ("/admin/settings/review", {"review": "erasure"}),
    ],
)
def test_every_form_needs_a_session_and_its_csrf_token(
    centre: Centre, path: str, data: dict[str, str]
) -> None:
    public_id = _id(centre.verified("erasure", PIET))
    url = path.replace("{id}", public_id)
    anonymous = centre.client.post(url, data={**data, "csrf_token": "x"})
    assert anonymous.status_code == 401 and "Inloggen voor medewerkers" in anonymous.text
    centre.login()
    for token in (None, "forged"):
        sent = dict(data) if token is None else {**data, "csrf_token": token}
        assert centre.client.post(url, data=sent).status_code == 403
    view = centre.app.state.web.requests.view(public_id)
    assert view.status == RequestStatus.VERIFIED and view.extended_until is None
    assert "erasure" not in centre.app.state.web.requests.review_kinds()


def test_staff_can_only_act_on_a_request_that_exists(centre: Centre) -> None:
    assert centre.client.get("/admin/settings").status_code == 401
    assert centre.client.get("/admin/requests/nothing").status_code == 401
    centre.login()
    csrf = _csrf(centre.client.get("/admin/settings").text)
    for wrong in ("nothing", "x" * 65):
        assert centre.client.get(f"/admin/requests/{wrong}").status_code == 404
        for action, data in (
            ("approve", {"preview": "0"}),
            ("extend", {"reasons": "r"}),
            ("deny", {"reason": "other", "details": "d"}),
        ):
            response = centre.client.post(
                f"/admin/requests/{wrong}/{action}", data={**data, "csrf_token": csrf}
            )
            assert response.status_code == 404, (wrong, action)
