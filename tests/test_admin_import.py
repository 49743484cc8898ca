"""The import in the admin: a privacy officer uploads the statement the organisation
has (a text, web page, Word or PDF file made here) or gives its address (served by
the test on 127.0.0.1), and sees the draft, its silences, outdated terms and findings
in Dutch; the JSON API does the same; a file that cannot be read gets a message in
words; logging in and the CSRF token are required, an ``app`` token opens nothing;
imports survive a restart and never overwrite each other; and taking the draft
writes the declaration file, keeps the old one beside it and records it in the audit
log, without claiming it is live."""

from __future__ import annotations

import http.server
import io
import json
import re
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF
from sqlalchemy import select

from waarborg.declaration.loader import load, load_text
from waarborg.declaration.model import Declaration
from waarborg.store import Database, migrate
from waarborg.store.enums import TokenScope
from waarborg.store.models import AuditEntry
from waarborg.web.app import create_app

from .webclient import BASE, Centre, make_settings

#: A short Dutch statement as small organisations write it, with an outdated term.
STATEMENT = [
    ("h", "Privacyverklaring van Bakkerij De Korenschoof B.V."),
    (
        "p",
        "Bakkerij De Korenschoof B.V., gevestigd aan Dorpsstraat 12, 3511 AB Utrecht, is "
        "verantwoordelijk voor de verwerking van persoonsgegevens zoals weergegeven in "
        "deze privacyverklaring. Ons KvK-nummer is 12345678.",
    ),
    ("p", "U bereikt ons via privacy@korenschoof.nl of telefonisch op 030 123 4567."),
    ("h", "Welke gegevens wij verwerken"),
    (
        "p",
        "Wij verwerken uw naam, adres en e-mailadres om uw bestelling af te handelen. "
        "De grondslag hiervoor is de uitvoering van de overeenkomst.",
    ),
    ("p", "Wij bewaren uw bestelgegevens 7 jaar vanwege de fiscale bewaarplicht."),
    (
        "p",
        "Met onze webhoster hebben wij een bewerkersovereenkomst gesloten, zodat uw "
        "gegevens veilig zijn.",
    ),
    ("h", "Uw rechten"),
    (
        "p",
        "U heeft het recht om uw persoonsgegevens in te zien, te corrigeren of te "
        "verwijderen. Stuur uw verzoek naar privacy@korenschoof.nl. Wij reageren binnen "
        "vier weken.",
    ),
    ("p", "U kunt een klacht indienen bij de Autoriteit Persoonsgegevens."),
]

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def as_text() -> bytes:
    return "\n\n".join(text for _, text in STATEMENT).encode("utf-8")


def as_html() -> bytes:
    body = "".join(
        f"<h{1 if i == 0 else 2}>{text}</h{1 if i == 0 else 2}>"
        if kind == "h"
        else f"<p>{text}</p>"
        for i, (kind, text) in enumerate(STATEMENT)
    )
    return (
        "<!doctype html><html lang='nl'><head><title>Privacy</title></head><body>"
        "<nav><a href='/'>Home</a></nav><main><article>" + body + "</article></main>"
        "<footer>Alle rechten voorbehouden</footer></body></html>"
    ).encode()


def as_docx() -> bytes:
    document = docx.Document()
    for i, (kind, text) in enumerate(STATEMENT):
        if kind == "h":
            document.add_heading(text, level=1 if i == 0 else 2)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    for kind, text in STATEMENT:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(0, 9, text)
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text)
        pdf.ln(4)
    return bytes(pdf.output())


FILES: dict[str, Callable[[], bytes]] = {
    "statement.txt": as_text,
    "statement.html": as_html,
    "statement.docx": as_docx,
    "statement.pdf": as_pdf,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Database, str]]:
    """A SQLite store of the test's own (the import keeps its drafts in the data
    folder; the store holds the sessions and the audit log)."""
    url = f"sqlite:///{tmp_path / 'waarborg.db'}"
    migrate(url)
    db = Database(url)
    try:
        yield db, url
    finally:
        db.dispose()


def own_declaration(demo_declaration: Declaration, folder: Path) -> Path:
    """A copy of the demo's declaration that the test may replace (its CRM, named by
    an absolute address, stays where it is)."""
    source = Path(demo_declaration.source.file)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "privacy.yaml"
    target.write_text(source.read_text("utf-8"), "utf-8")
    return target


def served_on(database: Database, url: str, path: Path, tmp_path: Path, **settings: Any) -> Centre:
    """The app serving the declaration file at ``path`` (its client to open with
    ``with``), the settings naming that file."""
    chosen = make_settings(tmp_path, url, declaration=path, **settings)
    app = create_app(chosen, load(path), database=database)
    return Centre(TestClient(app, base_url=BASE), database, chosen, app)


@pytest.fixture
def office(
    store: tuple[Database, str], demo_declaration: Declaration, tmp_path: Path
) -> Iterator[Centre]:
    """The admin on a declaration file of the test's own, with a member of staff logged in."""
    database, url = store
    path = own_declaration(demo_declaration, tmp_path / "org")
    served = served_on(database, url, path, tmp_path)
    with served.client:
        served.login("anna")
        yield served


def _token(centre: Centre, path: str) -> str:
    page = centre.client.get(path)
    assert page.status_code == 200, page.text[:300]
    found: list[str] = _CSRF.findall(page.text)
    assert found, path
    return found[-1]


def upload(centre: Centre, name: str, content: bytes, **extra: Any) -> Any:
    token = _token(centre, "/admin/import")
    return centre.client.post(
        "/admin/import",
        data={"csrf_token": token, **extra},
        files={"file": (name, content, "application/octet-stream")},
        follow_redirects=False,
    )


def _import_id(response: Any) -> str:
    assert response.status_code == 303, response.text[:2000]
    location = response.headers["location"]
    assert location.startswith("/admin/import/")
    return str(location.rsplit("/", 1)[-1])


def _visible(html: str) -> str:
    """The page's text as read: tags out, whitespace made plain."""
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.replace("&#34;", '"').replace("&#39;", "'").split())


# --- upload, in each format -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_uploaded_statement_becomes_a_draft_with_its_review(office: Centre, name: str) -> None:
    content = FILES[name]()
    public_id = _import_id(upload(office, name, content))

    page = office.client.get(f"/admin/import/{public_id}")
    assert page.status_code == 200
    text = _visible(page.text)
    assert "Concept-verklaring" in text
    assert f"Ingelezen uit {name}" in text
    assert "Bakkerij De Korenschoof B.V." in text  # the controller's name, with its sentence
    assert "privacy@korenschoof.nl" in text
    assert "bewerkersovereenkomst" in text  # the outdated term, as the statement words it
    assert "Niet vermeld:" in text and "Verouderde termen: 1" in text
    assert "Wat de controle vindt" in text
    assert re.search(r"In dit concept vindt de controle: \d+ fout", text)
    assert "Overnemen als onze verklaring" in text
    # the findings speak Dutch: the rule's title and its message
    assert "AVG" in text and " the " not in text.split("Wat de controle vindt", 1)[1][:3000]

    frame = office.client.get(f"/admin/import/{public_id}/document/statement?lang=nl")
    assert frame.status_code == 200
    assert "Bakkerij De Korenschoof B.V." in frame.text
    assert "CONCEPT" in frame.text
    assert "frame-ancestors 'self'" in frame.headers["content-security-policy"]
    for doc in ("cookies", "register"):
        assert office.client.get(f"/admin/import/{public_id}/document/{doc}").status_code == 200

    review = office.client.get(f"/admin/import/{public_id}/review?lang=nl")
    assert review.status_code == 200
    assert "<mark" in review.text and "bewerkersovereenkomst" in review.text

    draft = office.client.get(f"/admin/import/{public_id}/draft.yaml")
    assert draft.status_code == 200
    assert "attachment" in draft.headers["content-disposition"]
    assert load_text(draft.text).controller.name == "Bakkerij De Korenschoof B.V."
    evidence = office.client.get(f"/admin/import/{public_id}/evidence.json").json()
    assert evidence["format"] == name.rsplit(".", 1)[1]
    assert any(o["term"].lower() == "bewerkersovereenkomst" for o in evidence["outdated"])
    assert all(e["quote"] for e in evidence["evidence"])


def test_the_draft_speaks_english_to_staff_who_read_english(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    page = office.client.get(f"/admin/import/{public_id}?lang=en")
    text = _visible(page.text)
    assert "Draft declaration" in text and "What the check finds" in text
    assert "Take as our declaration" in text


# --- a web address --------------------------------------------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = as_html()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/privacy"
    finally:
        server.shutdown()
        server.server_close()


def test_an_address_inside_the_network_is_refused_by_default(office: Centre, site: str) -> None:
    token = _token(office, "/admin/import")
    answer = office.client.post("/admin/import", data={"csrf_token": token, "url": site})
    assert answer.status_code == 422
    text = _visible(answer.text)
    assert "Dat lukte niet" in text
    assert "127.0.0.1" in text
    assert "Traceback" not in answer.text
    assert not list((office.settings.data_dir / "imports").glob("*/meta.json"))


def test_a_statement_is_read_from_its_address_where_the_setting_allows_it(
    store: tuple[Database, str], demo_declaration: Declaration, tmp_path: Path, site: str
) -> None:
    database, url = store
    path = own_declaration(demo_declaration, tmp_path / "org")
    served = served_on(database, url, path, tmp_path, import_private_addresses=True)
    with served.client:
        served.login("anna")
        token = _token(served, "/admin/import")
        answer = served.client.post(
            "/admin/import", data={"csrf_token": token, "url": site}, follow_redirects=False
        )
        page = served.client.get(f"/admin/import/{_import_id(answer)}")
        token = served.admin_token("api")
        api = TestClient(served.app, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
        by_json = api.post("/api/v1/admin/imports", json={"url": site})
        by_form = api.post("/api/v1/admin/imports", data={"url": site}, files={"x": ("", b"")})
    text = _visible(page.text)
    assert f"Ingelezen uit {site}" in text
    assert "Bakkerij De Korenschoof B.V." in text
    assert "Alle rechten voorbehouden" not in text  # the page's footer is no part of it
    for made in (by_json, by_form):
        assert made.status_code == 201, made.text
        assert made.json()["kind"] == "url" and made.json()["origin"] == site
        assert made.json()["draft"]["controller"]["name"] == "Bakkerij De Korenschoof B.V."


# --- files that cannot be read --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("statement.pdf", b"%PDF-1.4 this is not really a PDF", "statement.pdf"),
        ("statement.docx", b"PK\x03\x04 no zip at all", "statement.docx"),
        ("statement.exe", b"MZ\x90\x00", ".exe"),
        ("statement.txt", b"   \n\n  ", "statement.txt"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_on_the_form(
    office: Centre, name: str, content: bytes, words: str
) -> None:
    answer = upload(office, name, content)
    assert answer.status_code == 422
    text = _visible(answer.text)
    assert "Dat lukte niet" in text and words in text
    assert "Traceback" not in answer.text and "Error" not in text
    assert 'type="file"' in answer.text  # the form again, to try another file
    assert not list((office.settings.data_dir / "imports").glob("*/meta.json"))


def test_a_form_with_neither_file_nor_address_says_what_to_give(office: Centre) -> None:
    token = _token(office, "/admin/import")
    answer = office.client.post("/admin/import", data={"csrf_token": token, "url": ""})
    assert answer.status_code == 422
    assert "Kies een bestand of vul een webadres in." in answer.text


def test_a_file_over_the_limit_is_refused_and_only_the_import_takes_more_than_a_form(
    store: tuple[Database, str], demo_declaration: Declaration, tmp_path: Path
) -> None:
    database, url = store
    path = own_declaration(demo_declaration, tmp_path / "org")
    served = served_on(
        database, url, path, tmp_path, max_body_bytes=16 * 1024, import_max_bytes=64 * 1024
    )
    with served.client:
        served.login("anna")
        padded = as_text() + b" " * (70 * 1024)
        over = upload(served, "statement.txt", padded)
        assert over.status_code == 413
        assert "statement.txt is te groot: ten hoogste 0,1 MB" in _visible(over.text)
        assert 'type="file"' in over.text  # on the form
        far_over = upload(served, "statement.txt", padded * 6)
        assert far_over.status_code == 413  # cut off as it streams in
        under = upload(served, "statement.txt", as_text() + b" " * (40 * 1024))
        assert under.status_code == 303  # larger than a form may be, within the import's
        token = _token(served, "/admin/me")
        form = served.client.post("/admin/me", data={"csrf_token": token, "email": "x" * 40_000})
        assert form.status_code == 413  # every other route keeps its own limit


# --- who may -------------------------------------------------------------------------


def test_the_import_needs_a_login_and_the_forms_token(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    no_token = office.client.post(
        "/admin/import",
        files={"file": ("statement.txt", as_text(), "text/plain")},
        follow_redirects=False,
    )
    assert no_token.status_code == 403
    wrong = office.client.post(
        f"/admin/import/{public_id}/take", data={"csrf_token": "x" * 40}, follow_redirects=False
    )
    assert wrong.status_code == 403
    assert len(list((office.settings.data_dir / "imports").glob("*/meta.json"))) == 1

    stranger = TestClient(office.app, base_url=BASE)
    for path in (
        "/admin/import",
        f"/admin/import/{public_id}",
        f"/admin/import/{public_id}/review",
        f"/admin/import/{public_id}/document/statement",
    ):
        seen = stranger.get(path)
        assert "Bakkerij" not in seen.text, path
        assert 'name="token"' in seen.text, path  # the login form
    for path in (
        f"/admin/import/{public_id}/draft.yaml",
        f"/admin/import/{public_id}/evidence.json",
    ):
        seen = stranger.get(path)
        assert seen.status_code == 401 and "Bakkerij" not in seen.text, path
    posted = stranger.post(
        "/admin/import", files={"file": ("statement.txt", as_text(), "text/plain")}
    )
    assert posted.status_code == 401
    assert len(list((office.settings.data_dir / "imports").glob("*/meta.json"))) == 1


def test_the_kept_drafts_are_the_owners_alone(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    folder = office.settings.data_dir / "imports" / public_id
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_imports_survive_a_restart_and_never_overwrite_each_other(
    office: Centre, store: tuple[Database, str], tmp_path: Path
) -> None:
    first = _import_id(upload(office, "statement.txt", as_text()))
    second = _import_id(upload(office, "statement.html", as_html()))
    assert first != second
    listed = _visible(office.client.get("/admin/import").text)
    assert "statement.txt" in listed and "statement.html" in listed

    database, _url = store
    settings = office.settings
    again = create_app(settings, load(settings.declaration_path()), database=database)
    with TestClient(again, base_url=BASE) as client:
        restarted = Centre(client, database, settings, again)
        restarted.login("bert")  # another member of staff: all staff share the imports
        for public_id, name in ((first, "statement.txt"), (second, "statement.html")):
            page = client.get(f"/admin/import/{public_id}")
            assert page.status_code == 200
            assert f"Ingelezen uit {name}" in _visible(page.text)
        assert client.get("/admin/import/20260101T000000Z-00000000").status_code == 404
        assert client.get("/admin/import/..%2F..%2Fsecret_key").status_code in (404, 422)


# --- the JSON API ---------------------------------------------------------------------


def test_the_api_imports_a_file_and_an_address_with_the_same_actions(
    office: Centre, site: str
) -> None:
    token = office.admin_token("api")
    api = TestClient(office.app, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
    made = api.post(
        "/api/v1/admin/imports?lang=nl",
        files={"file": ("statement.docx", as_docx(), "application/octet-stream")},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/api/v1/admin/imports/{body['id']}"
    assert body["ok"] is True and body["by"] == "admin:api" and body["format"] == "docx"
    assert body["draft"]["controller"]["name"] == "Bakkerij De Korenschoof B.V."
    assert body["loads"] is True
    assert body["counts"]["outdated"] == 1 and body["counts"]["errors"] >= 1
    assert any(f["severity"] == "error" for f in body["findings"])
    assert all(e["quote"] for e in body["evidence"])
    # the same import, on the page too
    assert office.client.get(f"/admin/import/{body['id']}").status_code == 200

    again = api.get(f"/api/v1/admin/imports/{body['id']}?lang=nl")
    assert again.status_code == 200
    assert again.json()["draft"] == body["draft"]
    assert [i["id"] for i in api.get("/api/v1/admin/imports").json()["imports"]] == [body["id"]]

    refused = api.post("/api/v1/admin/imports?lang=nl", json={"url": site})
    assert refused.status_code == 422
    assert refused.json()["ok"] is False and "127.0.0.1" in refused.json()["error"]
    unreadable = api.post(
        "/api/v1/admin/imports", files={"file": ("x.pdf", b"%PDF-1.4 broken", "application/pdf")}
    )
    assert unreadable.status_code == 422 and "x.pdf" in unreadable.json()["error"]
    assert api.get("/api/v1/admin/imports/20260101T000000Z-00000000").status_code == 404


def test_an_app_token_and_no_token_open_no_import(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    app_token = office.admin_token("shop", TokenScope.APP)
    for headers, status in (({"Authorization": f"Bearer {app_token}"}, 403), ({}, 401)):
        client = TestClient(office.app, base_url=BASE, headers=headers)
        for answer in (
            client.get("/api/v1/admin/imports"),
            client.get(f"/api/v1/admin/imports/{public_id}"),
            client.post("/api/v1/admin/imports", json={"url": "https://example.nl/privacy"}),
            client.post(f"/api/v1/admin/imports/{public_id}/take"),
        ):
            assert answer.status_code == status
            assert "Bakkerij" not in answer.text
    assert len(list((office.settings.data_dir / "imports").glob("*/meta.json"))) == 1


# --- taking the draft ---------------------------------------------------------------


def test_taking_the_draft_writes_the_file_keeps_the_old_and_is_audited(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    path = own_declaration(demo_declaration, tmp_path / "org")
    before = path.read_text("utf-8")
    served = served_on(database, database_url, path, tmp_path)
    with served.client:
        served.login("anna")
        public_id = _import_id(upload(served, "statement.docx", as_docx()))
        page = served.client.get(f"/admin/import/{public_id}")
        assert "pas als Waarborg opnieuw is gestart" in _visible(page.text)
        assert "het concept noemt geen gegevensbronnen" in _visible(page.text)
        token = _CSRF.findall(page.text)[-1]
        taken = served.client.post(
            f"/admin/import/{public_id}/take", data={"csrf_token": token}, follow_redirects=False
        )
        assert taken.status_code == 303
        done = _visible(served.client.get(taken.headers["location"]).text)

        # what the page says: saved, the old one kept, and not live until a restart
        assert "Het concept is opgeslagen als privacy.yaml." in done
        assert "Het vorige bestand is bewaard als privacy." in done
        assert "Waarborg gebruikt nog de verklaring waarmee het is gestart." in done
        assert "gepubliceerd" not in done.split("Het concept is opgeslagen", 1)[1][:300]

        written = path.read_text("utf-8")
        assert written == served.client.get(f"/admin/import/{public_id}/draft.yaml").text
        assert load(path).controller.name == "Bakkerij De Korenschoof B.V."
        kept = [
            p for p in path.parent.iterdir() if re.fullmatch(r"privacy\.\d{8}T\d{6}Z\.yaml", p.name)
        ]
        assert len(kept) == 1 and kept[0].read_text("utf-8") == before

        # the app still serves the declaration it started with, and says a newer waits
        declaration_page = _visible(served.client.get("/admin/declaration").text)
        assert "Er staat een nieuwer verklaringsbestand klaar" in declaration_page
        assert "Studio" in served.client.get("/nl/privacy").text
        assert "Dit concept is het bestand privacy.yaml dat klaarstaat." in done
        assert (
            f"/admin/import/{public_id}/take"
            not in served.client.get(taken.headers["location"]).text
        )

    # after a restart, Waarborg runs with it, and nothing is said to be waiting
    restarted = served_on(database, database_url, path, tmp_path)
    with restarted.client:
        restarted.login("bert")
        declaration_page = _visible(restarted.client.get("/admin/declaration").text)
        assert "nieuwer verklaringsbestand" not in declaration_page
        assert "Bakkerij De Korenschoof" in restarted.client.get("/nl/privacy").text
        again = _visible(restarted.client.get(f"/admin/import/{public_id}").text)
        assert "de verklaring waarmee Waarborg nu draait" in again

    with database.read() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "declaration.imported"))
        )
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == "admin:anna" and entry.subject == f"import:{public_id}"
    data = json.loads(entry.data)
    assert data["path"] == str(path) and data["kept"] == str(kept[0])
    assert data["origin"] == "statement.docx"


def test_a_declaration_file_that_does_not_load_is_left_alone(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    path = office.settings.declaration_path()
    path.write_text("controller: [this is being edited\n", "utf-8")
    page = office.client.get(f"/admin/import/{public_id}")
    token = _CSRF.findall(page.text)[-1]
    answer = office.client.post(f"/admin/import/{public_id}/take", data={"csrf_token": token})
    assert answer.status_code == 409
    assert "laadt niet" in _visible(answer.text) and "niet vervangen" in _visible(answer.text)
    assert path.read_text("utf-8") == "controller: [this is being edited\n"
    assert [p.name for p in path.parent.iterdir()] == ["privacy.yaml"]
    declaration_page = _visible(office.client.get("/admin/declaration").text)
    assert "is veranderd sinds Waarborg startte en laadt nu niet" in declaration_page


def test_taking_through_the_api_says_it_applies_after_a_restart(office: Centre) -> None:
    token = office.admin_token("api")
    api = TestClient(office.app, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
    made = api.post(
        "/api/v1/admin/imports", files={"file": ("s.html", as_html(), "text/html")}
    ).json()
    taken = api.post(f"/api/v1/admin/imports/{made['id']}/take")
    assert taken.status_code == 200, taken.text
    body = taken.json()
    assert body["effective"] == "after_restart" and body["taken"]["by"] == "admin:api"
    assert body["taken"]["path"] == str(office.settings.declaration_path())
    assert body["taken"]["kept"] and Path(body["taken"]["kept"]).exists()
    assert api.get(f"/api/v1/admin/imports/{made['id']}").json()["taken"][0]["by"] == "admin:api"


def test_a_draft_that_does_not_load_is_shown_but_cannot_be_taken(office: Centre) -> None:
    public_id = _import_id(upload(office, "statement.txt", as_text()))
    kept = office.settings.data_dir / "imports" / public_id / "draft.yaml"
    kept.write_text("controller: {name: 12, unknown_field: true}\n", "utf-8")
    path = office.settings.declaration_path()
    before = path.read_text("utf-8")
    page = office.client.get(f"/admin/import/{public_id}")
    assert page.status_code == 200
    text = _visible(page.text)
    assert "Het concept laadt niet als verklaring" in text
    assert "/take" not in page.text  # no button
    token = _CSRF.findall(page.text)[-1]
    answer = office.client.post(f"/admin/import/{public_id}/take", data={"csrf_token": token})
    assert answer.status_code == 409
    assert "Er is niets veranderd." in _visible(answer.text)
    assert path.read_text("utf-8") == before
    assert [p.name for p in path.parent.iterdir()] == ["privacy.yaml"]


def test_a_file_sent_with_its_windows_path_is_named_by_its_name_and_keeps_its_mode(
    office: Centre,
) -> None:
    public_id = _import_id(upload(office, "C:\\Users\\anna\\Privacy.TXT", as_text()))
    assert "Ingelezen uit Privacy.TXT" in _visible(
        office.client.get(f"/admin/import/{public_id}").text
    )
    path = office.settings.declaration_path()
    path.chmod(0o640)
    token = _token(office, f"/admin/import/{public_id}")
    office.client.post(f"/admin/import/{public_id}/take", data={"csrf_token": token})
    assert load(path).controller.name == "Bakkerij De Korenschoof B.V."
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
