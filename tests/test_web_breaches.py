"""The breach register's admin pages, as a privacy officer uses them, in Dutch and
English, on SQLite and PostgreSQL: categories and people ticked from the declaration,
a risk with no default, the answers for the AP's form to copy and download, the
register as CSV for a logged-in member of staff, and nothing raw on the way (keys,
enum values, ISO times). Security on every page: the login, the CSRF token on every
form, and what staff typed escaped."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from waarborg import clock
from waarborg.declaration.model import Category, Controller, Declaration
from waarborg.store.db import Database

from .webclient import Centre, centre_with

#: 10:00 UTC is 11:00 in Amsterdam; a breach noticed at 09:00 Amsterdam time has 70 of
#: its 72 hours left.
START = datetime(2026, 3, 2, 10, tzinfo=UTC)
FIELDS: dict[str, Any] = {
    "title": "USB-stick kwijt",
    "description": "Een stick met een klantenexport is kwijt.",
    "aware_at": "2026-03-02T09:00",
    "kinds": ["lost_or_stolen"],
    "categories": ["name", "email"],
    "subject_types": ["customer_contact"],
    "subjects_estimate": "40",
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PROBLEMS = re.compile(r'<li><a href="#field-([^"]+)">([^<]+)</a></li>')
#: What a reader must never see: keys, enum values, ISO times, the audit's actor ids.
RAW = (
    "lost_or_stolen",
    "customer_contact",
    "notify_authority",
    "unlikely",
    "breach.",
    "admin:staff",
    "2026-03-02T",
    "None",
)


def _token(centre: Centre, path: str = "/admin/breaches/new") -> str:
    page = centre.client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    return str(_CSRF.findall(page.text)[-1])


def _record(centre: Centre, path: str = "/admin/breaches", **fields: Any) -> Any:
    data = {**FIELDS, **fields, "csrf_token": _token(centre)}
    return centre.client.post(path, data=data, follow_redirects=False)


def _recorded(centre: Centre, **fields: Any) -> str:
    response = _record(centre, **fields)
    assert response.status_code == 303, _problems(response.text)
    location = str(response.headers["location"])
    assert location.endswith("?done=recorded")
    return location.split("/")[3].split("?")[0]


def _problems(page: str) -> dict[str, str]:
    return {field: html.unescape(words) for field, words in _PROBLEMS.findall(page)}


def _visible(page: str) -> str:
    """The words a reader sees: the page without its tags, attributes and styles."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _api(centre: Centre, public_id: str) -> dict[str, Any]:
    token = centre.admin_token(f"api-{uuid.uuid4().hex[:8]}")
    response = centre.client.get(
        f"/api/v1/admin/breaches/{public_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    found: dict[str, Any] = response.json()
    return found


class _Form(HTMLParser):
    """The fields of one form as a browser sends them: text as shown, boxes as ticked."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.values: dict[str, Any] = {}
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = found.get("action") == self.action
        if not self.inside or "name" not in found:
            return
        name = str(found["name"])
        if tag == "input" and found.get("type") in ("checkbox", "radio"):
            if "checked" in found and found.get("type") == "checkbox":
                self.values.setdefault(name, []).append(found.get("value") or "")
            elif "checked" in found:
                self.values[name] = found.get("value") or ""
        elif tag == "input":
            self.values[name] = found.get("value") or ""
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        if tag == "form":
            self.inside = False


def _form(page: str, action: str) -> dict[str, Any]:
    parser = _Form(action)
    parser.feed(page)
    return parser.values


# --- who may see and do what -----------------------------------------------------------


def test_the_pages_the_downloads_and_the_forms_need_a_login(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre)
        centre.client.cookies.clear()
        base = f"/admin/breaches/{public_id}"
        for path in (
            "/admin/breaches/new",
            base,
            f"{base}/edit",
            f"{base}/authority",
            f"{base}/authority.txt",
            f"{base}/authority.json",
            "/admin/breaches.csv",
        ):
            refused = centre.client.get(path)
            assert refused.status_code == 401, path
            assert "admin token" in refused.text.lower() and "USB-stick" not in refused.text
        listing = centre.client.get("/admin/breaches")
        assert listing.status_code == 200 and "USB-stick" not in listing.text
        for path in ("/admin/breaches", base, f"{base}/decision", f"{base}/notified",
                     f"{base}/subjects-told"):  # fmt: skip
            data = {**FIELDS, "risk": "unlikely", "reason": "r", "reference": "1", "how": "h"}
            assert centre.client.post(path, data=data).status_code == 401, path
        assert len(_api(centre, public_id)["trail"]) == 1  # nothing happened


def test_the_csv_link_works_for_staff_and_not_without_their_session(centre: Centre) -> None:
    """The link on the register page went to the API, which answered a browser with a
    raw 401: it now serves the register under /admin, for the session of the page."""
    with clock.frozen(START):
        centre.login()
        _recorded(centre)
        _recorded(centre, title='=HYPERLINK("https://evil.example","Klik")', categories=[])
        listing = centre.client.get("/admin/breaches").text
        assert 'href="/admin/breaches.csv"' in listing and "/api/v1/" not in listing
        download = centre.client.get("/admin/breaches.csv")
        assert download.status_code == 200
        assert download.headers["content-type"] == "text/csv; charset=utf-8"
        assert download.headers["content-disposition"] == 'attachment; filename="datalekken.csv"'
        rows = list(csv.reader(io.StringIO(download.text)))
        assert rows[0][:4] == ["Kenmerk", "Titel", "Ontdekt op", "Begin"]
        by_title = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        usb = by_title["USB-stick kwijt"]
        assert usb["Ontdekt op"] == "2 maart 2026 09:00"
        assert usb["Persoonsgegevens"] == "Naam en e-mailadres"
        assert usb["Stand van zaken"] == "Risico nog beoordelen"
        # A title a spreadsheet would run as a formula is text.
        assert '\'=HYPERLINK("https://evil.example","Klik")' in by_title
        english = centre.client.get("/admin/breaches.csv?lang=en")
        assert english.text.startswith("Reference,Title,Aware since,")
        assert "2 March 2026 09:00" in english.text
        # Logged out: the session has ended on the server, so even its cookie is refused.
        cookie = centre.client.cookies.get("wbg_admin")
        assert cookie
        logout = centre.client.post("/admin/logout", data={"csrf_token": _token(centre)})
        assert logout.status_code == 200
        centre.client.cookies.set("wbg_admin", cookie, path="/admin")
        replayed = centre.client.get("/admin/breaches.csv")
        assert replayed.status_code == 401 and "USB-stick" not in replayed.text
        centre.client.cookies.clear()
        bare = centre.client.get("/admin/breaches.csv")
        assert bare.status_code == 401 and "USB-stick" not in bare.text


def test_every_breach_form_needs_its_sessions_csrf_token(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre)
        other_session = _token(centre)
        centre.client.cookies.clear()
        centre.login("another")  # a new session: the first one's token is not this one's
        base = f"/admin/breaches/{public_id}"
        forms = {
            "/admin/breaches": FIELDS,
            base: {**FIELDS, "title": "Gewijzigd"},
            f"{base}/decision": {"risk": "unlikely", "reason": "Versleuteld."},
            f"{base}/notified": {"reference": "AP-1"},
            f"{base}/subjects-told": {"how": "per e-mail"},
        }
        for path, data in forms.items():
            for token in (None, "forged", other_session):
                sent = dict(data) if token is None else {**data, "csrf_token": token}
                response = centre.client.post(path, data=sent, follow_redirects=False)
                assert response.status_code == 403, (path, token, response.status_code)
        for path in ("/admin/breaches/new", base, f"{base}/edit"):
            page = centre.client.get(path).text
            forms_on_page = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
            assert forms_on_page, path
            assert all('name="csrf_token"' in form for form in forms_on_page), path
        view = _api(centre, public_id)
        assert len(view["trail"]) == 1 and view["breach"]["title"] == "USB-stick kwijt"
        assert len(centre.client.get("/admin/breaches").text.split("USB-stick kwijt")) == 2


def test_what_staff_typed_is_shown_as_text_everywhere(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(
            centre,
            title="<script>alert(1)</script>",
            categories_other='<img src=x onerror="alert(2)">',
            description="</textarea><b>vet</b>",
        )
        base = f"/admin/breaches/{public_id}"
        for path in ("/admin/breaches", base, f"{base}/edit", f"{base}/authority"):
            page = centre.client.get(path).text
            assert "<script>alert(1)" not in page and "<img src=x" not in page, path
            assert "</textarea><b>" not in page, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


# --- recording a breach ----------------------------------------------------------------


def test_categories_and_people_are_ticked_by_their_declared_names(
    centre: Centre, demo_declaration: Declaration
) -> None:
    with clock.frozen(START):
        centre.login()
        form = centre.client.get("/admin/breaches/new").text
        shown = _visible(form)
        for category in demo_declaration.categories.values():
            assert category.label is not None and category.label.get("nl") in shown
        for subject in demo_declaration.subjects.values():
            assert subject.label is not None and subject.label.get("nl") in shown
        assert 'type="checkbox" id="categories-2" name="categories" value="email"' in form
        for key in ("company_address", "customer_contact", "third_party_credentials"):
            assert key not in shown  # a key is the value sent, never the words shown
        assert "Andere persoonsgegevens, namelijk" in shown
        assert "Anders, namelijk" in shown
        english = _visible(centre.client.get("/admin/breaches/new?lang=en").text)
        assert "Email address" in english and "Customers and customers' contact persons" in english
        assert "Other personal data, namely" in english
        public_id = _recorded(
            centre,
            categories_other="Pasfoto's van klanten",
            subject_types_other="Sollicitanten",
            subjects_estimate="1.200",  # Dutch thousands
            kinds=["lost_or_stolen", "other"],
            kinds_other="Ook de reservesleutel van het archief",
        )
        breach = _api(centre, public_id)["breach"]
        assert breach["categories"] == ["name", "email"]
        assert breach["subject_types"] == ["customer_contact"]
        assert breach["details"]["categories_other"] == "Pasfoto's van klanten"  # as typed
        assert breach["details"]["subject_types_other"] == "Sollicitanten"
        assert breach["details"]["kinds"] == ["lost_or_stolen", "other"]
        assert breach["details"]["kinds_other"] == "Ook de reservesleutel van het archief"
        assert breach["subjects_estimate"] == 1200
        page = _visible(centre.client.get(f"/admin/breaches/{public_id}").text)
        assert "Naam, e-mailadres en pasfoto's van klanten" in page
        assert "Klanten en contactpersonen van klanten en sollicitanten" in page
        assert "anders, namelijk Ook de reservesleutel van het archief" in page
        forged = _record(centre, categories=["name", "shoe_size"])
        assert forged.status_code == 422
        assert _problems(forged.text) == {
            "categories": "Welke soorten persoonsgegevens: kies uit de mogelijkheden op deze "
            "pagina."
        }


def test_special_data_is_named_and_an_undeclared_role_is_not_invented(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    """A category the declaration marks as special (Art. 9) says so where it is ticked
    and in the answers; the organisation's role is given only where the declaration
    states it (the model's default "controller" is no declared fact)."""
    controller = Controller(name="Praktijk Zonder Rol", email="info@praktijk.example")
    declaration = demo_declaration.model_copy(
        update={
            "controller": controller,
            "categories": {**demo_declaration.categories, "health": Category()},
        }
    )
    centre = centre_with(database, database_url, declaration, tmp_path)
    with centre.client, clock.frozen(START):
        centre.login()
        form = _visible(centre.client.get("/admin/breaches/new").text)
        assert "Gezondheidsgegevens (bijzonder persoonsgegeven, artikel 9 AVG)" in form
        public_id = _recorded(centre, categories=["email", "health"])
        answers = centre.client.get(f"/admin/breaches/{public_id}/authority").text
        assert re.search(
            r"Bijzondere of strafrechtelijke persoonsgegevens</dt>\s*<dd><p class=\"answer\">"
            r"Gezondheidsgegevens \(bijzonder persoonsgegeven, artikel 9 AVG\)</p>",
            answers,
        )
        assert re.search(
            r"Rol van de organisatie</dt>\s*<dd><p class=\"answer\">Nog niet vastgelegd</p>",
            answers,
        )
        assert "Verwerkingsverantwoordelijke" not in answers


def test_a_form_with_problems_comes_back_with_what_was_typed(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        refused = _record(
            centre,
            aware_at="",
            kinds=["other"],
            categories=["email"],
            records_estimate="veel",
            subjects_max="10",
            cross_border="no",
            countries=["BE"],
        )
        assert refused.status_code == 422
        assert _problems(refused.text) == {
            "kinds_other": "Ander soort datalek: u koos “Anders”; beschrijf wat.",
            "aware_at": "Vul in wanneer u het datalek ontdekte; vanaf dat moment lopen de 72 uur.",
            "records_estimate": "Aantal records (ongeveer): geef een heel getal, bijvoorbeeld 40.",
            "subjects_max": "Aantal mensen (hoogstens): dit is minder dan het aantal mensen bij "
            "benadering.",
            "cross_border": "Zijn er mensen in andere landen van de EU of de EER getroffen: u koos "
            "landen; kies dan ook “Ja”.",
        }
        page = refused.text
        assert 'value="USB-stick kwijt"' in page and 'value="veel"' in page
        assert ">Een stick met een klantenexport is kwijt.</textarea>" in page
        assert 'value="email" checked' in page and 'value="name" checked' not in page
        assert 'value="other" checked' in page and 'value="BE" checked' in page
        assert 'id="cross_border-no" name="cross_border" value="no" checked' in page
        assert 'aria-invalid="true"' in page and 'id="field-aware_at-error"' in page
        for when, words in (
            ("0001-01-01T09:00", "Ontdekt op: het jaar 1 kan niet kloppen"),
            ("2026-03-09T09:00", "Ontdekt op: dit moment ligt in de toekomst."),
        ):
            wrong = _record(centre, aware_at=when)
            assert wrong.status_code == 422 and words in _problems(wrong.text)["aware_at"]
        english = _record(centre, "/admin/breaches?lang=en", title="", subjects_estimate="1.5")
        assert _problems(english.text) == {
            "title": "Give the breach a title.",
            "subjects_estimate": "Number of people (about): give a whole number, for example 40.",
        }
        assert (
            "No breaches have been recorded yet."
            in centre.client.get("/admin/breaches?lang=en").text
        )


# --- deciding, notifying, telling --------------------------------------------------------


def test_the_risk_has_no_default_and_a_decision_without_one_is_refused(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre)
        url = f"/admin/breaches/{public_id}"
        page = centre.client.get(url).text
        radios = re.findall(r'<input type="radio"[^>]*name="risk"[^>]*>', page)
        assert len(radios) == 3 and not any("checked" in radio for radio in radios)
        assert '<select id="field-risk"' not in page
        shown = _visible(page)
        for words in ("Geen risico", "Risico", "Hoog risico", "artikel 33 lid 1 AVG",
                      "artikel 34 lid 1 AVG", "Er is geen standaardkeuze."):  # fmt: skip
            assert words in shown
        token = _token(centre, url)
        reason = "Klantgegevens op een onversleutelde stick."
        for risk in (None, "", "medium"):
            data = {"reason": reason, "csrf_token": token}
            if risk is not None:
                data["risk"] = risk
            refused = centre.client.post(f"{url}/decision", data=data)
            assert refused.status_code == 422
            assert list(_problems(refused.text)) == ["risk"]
            assert _problems(refused.text)["risk"].startswith("Risico voor de betrokkenen: kies")
            assert f">{reason}</textarea>" in refused.text  # what was typed stays
        assert _api(centre, public_id)["breach"]["risk"] is None
        english = centre.client.post(f"{url}/decision?lang=en", data={"csrf_token": token})
        assert _problems(english.text) == {
            "risk": "Risk to the people affected: choose no risk, risk or high risk. There is no "
            "default; you decide (Article 33(1) and Article 34(1) GDPR).",
            "reason": "Reasoning: write down why you decide so (Article 33(5) GDPR).",
        }
        decided = centre.client.post(
            f"{url}/decision", data={"risk": "high", "reason": reason, "csrf_token": token}
        )
        assert decided.status_code == 200
        assert "Het besluit is vastgelegd." in decided.text
        breach = _api(centre, public_id)["breach"]
        assert breach["risk"] == "high" and breach["notify_authority"] is True
        assert breach["notify_subjects"] is True
        again = centre.client.get(url).text  # deciding again: still no choice made for you
        assert not any("checked" in r for r in re.findall(r"<input[^>]*name=\"risk\"[^>]*>", again))


def test_a_breach_in_words_from_recording_to_the_late_notice(centre: Centre) -> None:
    with clock.frozen(START) as advance:
        centre.login()
        public_id = _recorded(centre)
        url = f"/admin/breaches/{public_id}"
        page = centre.client.get(f"{url}?done=recorded").text
        shown = _visible(page)
        assert "Het datalek is vastgelegd." in shown
        assert "Nog 70 uur om het datalek te melden bij de Autoriteit Persoonsgegevens" in shown
        assert "2 maart 2026 09:00" in shown and "5 maart 2026 09:00" in shown
        assert "Risico nog beoordelen" in shown and "Datalek vastgelegd" in shown
        assert "staff (beheer)" in shown and "Nog niet vastgelegd" in shown
        token = _token(centre, url)
        centre.client.post(
            f"{url}/decision",
            data={"risk": "risk", "reason": "Namen en adressen.", "csrf_token": token},
        )
        assert "Nog melden bij de AP" in _visible(centre.client.get("/admin/breaches").text)
        advance(timedelta(hours=80))
        centre.client.cookies.clear()
        centre.login("staff-later")  # a session lasts eight hours
        token = _token(centre, url)
        listing = _visible(centre.client.get("/admin/breaches").text)
        assert "⚠ 10 uur te laat" in listing
        assert "Bij 1 datalek zijn de 72 uur voorbij zonder melding of besluit." in listing
        late = centre.client.post(
            f"{url}/notified", data={"reference": "AP-2026-0042", "csrf_token": token}
        )
        assert late.status_code == 422
        assert _problems(late.text) == {
            "late_reason": "Reden van de vertraging: u meldde na de 72 uur; geef de redenen "
            "voor de vertraging (artikel 33 lid 1 AVG)."
        }
        assert 'value="AP-2026-0042"' in late.text
        future = centre.client.post(
            f"{url}/notified",
            data={"reference": "AP-2026-0042", "at": "2030-01-01T10:00", "csrf_token": token},
        )
        assert _problems(future.text) == {
            "at": "Gemeld op: dit moment ligt in de toekomst of kan niet kloppen."
        }
        notified = centre.client.post(
            f"{url}/notified",
            data={"reference": "AP-2026-0042", "late_reason": "Het weekend.", "csrf_token": token},
        )
        assert notified.status_code == 200
        shown = _visible(notified.text)
        assert "De melding bij de Autoriteit Persoonsgegevens is vastgelegd." in shown
        assert "5 maart 2026 19:00, meldnummer AP-2026-0042" in shown
        assert "(te laat; reden van de vertraging: Het weekend.)" in shown
        assert "Gemeld bij de AP, meldnummer AP-2026-0042" in shown
        assert "Besluit: Risico" in shown and "Afgehandeld" in shown
        for raw in RAW:
            assert raw not in shown, raw
        english = _visible(centre.client.get(f"{url}?lang=en").text)
        assert "2 March 2026 09:00" in english and "Done." in english
        assert "Notified to the AP, notification number AP-2026-0042" in english
        for raw in RAW:
            assert raw == "unlikely" or raw not in english, raw  # a word in English


def test_telling_the_people_is_recorded_with_how(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre)
        url = f"/admin/breaches/{public_id}"
        token = _token(centre, url)
        empty = centre.client.post(f"{url}/subjects-told", data={"how": " ", "csrf_token": token})
        assert _problems(empty.text) == {
            "how": "Hoe: beschrijf hoe de betrokkenen zijn geïnformeerd."
        }
        told = centre.client.post(
            f"{url}/subjects-told", data={"how": "Per e-mail aan alle 40.", "csrf_token": token}
        )
        assert "2 maart 2026 11:00: Per e-mail aan alle 40." in _visible(told.text)


# --- adding to the facts ---------------------------------------------------------------


def test_adding_to_the_facts_changes_only_what_changed(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre, measures="Stick geblokkeerd.")
        url = f"/admin/breaches/{public_id}"
        edit = centre.client.get(f"{url}/edit").text
        shown = _form(edit, url)
        assert shown["title"] == "USB-stick kwijt" and shown["aware_at"] == "2026-03-02T09:00"
        assert shown["categories"] == ["name", "email"]
        assert shown["subject_types"] == ["customer_contact"]
        assert shown["contact"]  # the default contact point, recorded with the breach
        unchanged = centre.client.post(url, data=shown, follow_redirects=False)
        assert unchanged.headers["location"] == f"{url}?done=unchanged"
        assert len(_api(centre, public_id)["trail"]) == 1  # nothing was written
        changed = {
            **shown,
            "contained_at": "2026-03-02T10:30",
            "unintelligible": "no",
            "categories": ["name"],
            "measures": "",
        }
        updated = centre.client.post(url, data=changed)
        assert updated.status_code == 200 and "De gegevens van het datalek zijn bijgewerkt." in (
            updated.text
        )
        breach = _api(centre, public_id)
        assert breach["breach"]["categories"] == ["name"]
        assert breach["breach"]["contained_at"].startswith("2026-03-02T09:30")  # UTC
        assert breach["breach"]["details"]["unintelligible"] is False
        assert breach["breach"]["measures"] is None
        assert breach["trail"][-1]["data"]["fields"] == [
            "categories",
            "contained_at",
            "measures",
            "unintelligible",
        ]
        assert (
            "Gegevens gewijzigd: persoonsgegevens, moment van stoppen, maatregelen en "
            "versleuteling" in _visible(updated.text)
        )
        wrong = centre.client.post(url, data={**changed, "aware_at": "", "title": "Nieuw"})
        assert wrong.status_code == 422 and list(_problems(wrong.text)) == ["aware_at"]
        assert 'value="Nieuw"' in wrong.text
        assert _api(centre, public_id)["breach"]["title"] == "USB-stick kwijt"


# --- the answers for the AP's form -----------------------------------------------------


def _answer(page: str, question: str) -> str:
    found = re.search(
        rf"<dt[^>]*>{re.escape(question)}</dt>\s*<dd><p class=\"answer\">([^<]*)</p>", page
    )
    assert found, question
    return html.unescape(found.group(1))


def test_the_authority_page_answers_question_by_question(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(
            centre,
            occurred_at="2026-03-01T22:15",
            impact=["confidentiality"],
            cross_border="no",
            unintelligible="no",
            consequences="Phishing met de namen en e-mailadressen.",
        )
        url = f"/admin/breaches/{public_id}"
        centre.client.post(
            f"{url}/decision",
            data={"risk": "high", "reason": "Niet versleuteld.", "csrf_token": _token(centre, url)},
        )
        page = centre.client.get(f"{url}/authority")
        assert page.status_code == 200
        text = page.text
        assert "Antwoorden voor het meldformulier datalekken" in text
        expected = {
            "Naam van de organisatie": "Studio Denkbeeldig B.V.",
            "Rol van de organisatie": "Verwerkingsverantwoordelijke",
            "Samenvatting": "USB-stick kwijt",
            "Begin van het datalek": "1 maart 2026 22:15",
            "Ontdekt op": "2 maart 2026 09:00",
            "Soort datalek": "Apparaat, gegevensdrager of papier verloren of gestolen",
            "Wat er met de gegevens is gebeurd": "Vertrouwelijkheid (ingezien of gedeeld)",
            "Aantal betrokkenen (ongeveer)": "40",
            "Groepen betrokkenen": "Klanten en contactpersonen van klanten",
            "Soorten persoonsgegevens": "Naam en e-mailadres",
            "Bijzondere of strafrechtelijke persoonsgegevens": "Geen van de gekozen soorten "
            "persoonsgegevens is bijzonder of strafrechtelijk.",
            "Mogelijke gevolgen voor de betrokkenen": "Phishing met de namen en e-mailadressen.",
            "Waren de gegevens versleuteld of anderszins onbegrijpelijk?": "Nee",
            "Worden de betrokkenen geïnformeerd?": "Ja",
            "Waarom niet? (artikel 34 lid 3 AVG)": "Niet van toepassing",
            "Zijn er betrokkenen in andere EU/EER-landen?": "Nee",
            "Welke landen?": "Niet van toepassing",
            "Risico voor de betrokkenen": "Hoog risico",
            "Uiterlijk melden (72 uur)": "5 maart 2026 09:00",
            "Meldnummer": "Nog niet gemeld",
            "Reden van de vertraging": "Niet van toepassing",  # the 72 hours still run
            # Nothing recorded, so nothing is claimed: not "yes, ongoing", not a number.
            "Is het datalek nog gaande?": "Nog niet vastgelegd",
            "Aantal records (ongeveer)": "Nog niet vastgelegd",
            "Gestopt op": "Nog niet vastgelegd",
            "Genomen of voorgenomen maatregelen": "Nog niet vastgelegd",
        }
        for question, answer in expected.items():
            assert _answer(text, question) == answer, question
        assert "onbekend" not in text
        for raw in RAW:
            assert raw not in _visible(text), raw
        assert f'href="{url}/authority.txt"' in text and f'href="{url}/edit"' in text
        english = centre.client.get(f"{url}/authority?lang=en").text
        assert _answer(english, "Kinds of personal data") == "Name and email address"
        assert _answer(english, "Number of records (about)") == "Not recorded yet"
        assert _answer(english, "Risk to the people affected") == "High risk"

        download = centre.client.get(f"{url}/authority.txt")
        assert download.status_code == 200
        assert download.headers["content-type"] == "text/plain; charset=utf-8"
        assert download.headers["content-disposition"].startswith("attachment; filename=")
        assert "Melding datalek: USB-stick kwijt" in download.text
        assert "Soorten persoonsgegevens\n    Naam en e-mailadres\n" in download.text
        assert "Aantal records (ongeveer)\n    Nog niet vastgelegd\n" in download.text
        stored = centre.client.get(f"{url}/authority.json")
        assert stored.headers["content-type"] == "application/json; charset=utf-8"
        document = json.loads(stored.text)
        assert document["answers"]["breach"]["summary"] == "USB-stick kwijt"
        assert document["answers"]["breach"]["ongoing"] is None
        assert document["answers"]["data"]["categories"] == ["name", "email"]


def test_the_answers_follow_the_contained_breach_and_the_notice(centre: Centre) -> None:
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre, contained_at="2026-03-02T10:00")
        url = f"/admin/breaches/{public_id}"
        token = _token(centre, url)
        centre.client.post(
            f"{url}/decision",
            data={"risk": "unlikely", "reason": "Versleuteld.", "csrf_token": token},
        )
        page = centre.client.get(f"{url}/authority").text
        assert _answer(page, "Is het datalek nog gaande?") == "Nee, het datalek is voorbij."
        assert _answer(page, "Melden bij de toezichthouder?") == "Nee"
        assert _answer(page, "Meldnummer") == "Niet van toepassing"
        assert _answer(page, "Risico voor de betrokkenen") == "Geen risico"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_breach_page_reads_in_both_languages(centre: Centre, lang: str) -> None:
    """Strict wording: a key missing in one language fails the page that needs it."""
    with clock.frozen(START):
        centre.login()
        public_id = _recorded(centre)
        base = f"/admin/breaches/{public_id}"
        for path in ("/admin/breaches", "/admin/breaches/new", base, f"{base}/edit",
                     f"{base}/authority"):  # fmt: skip
            page = centre.client.get(f"{path}?lang={lang}")
            assert page.status_code == 200, path
            assert f'<html lang="{lang}">' in page.text
