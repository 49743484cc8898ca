"""The privacy centre from the person's side: pages, forms, and a request from filing
to download, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from waarborg.declaration.model import Declaration
from waarborg.store.db import Database
from waarborg.web.centre.forms import KINDS

from .webclient import Centre, centre_with


def test_the_root_redirects_by_accept_language(centre: Centre) -> None:
    cases = {"en-US,en;q=0.9,nl;q=0.8": "/en/", "nl-NL,nl;q=0.9,en;q=0.8": "/nl/", "de": "/nl/"}
    for header, target in cases.items():
        response = centre.client.get(
            "/", headers={"Accept-Language": header}, follow_redirects=False
        )
        assert response.status_code == 303
        assert response.headers["location"] == target
    weighted = centre.client.get(
        "/", headers={"Accept-Language": "nl;q=0.2, en;q=0.7"}, follow_redirects=False
    )
    assert weighted.headers["location"] == "/en/"


def test_the_home_page_lists_every_right_and_marks_those_the_statement_omits(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    assert demo_declaration.rights is not None
    rights = demo_declaration.rights.model_copy(
        update={"offered": [r for r in demo_declaration.rights.offered or [] if r != "restriction"]}
    )
    omits = demo_declaration.model_copy(update={"rights": rights})
    centre = centre_with(database, database_url, omits, tmp_path)
    with centre.client:
        page = centre.client.get("/nl/").text
        english = centre.client.get("/en/").text
    assert '<html lang="nl">' in page
    for kind in KINDS:
        assert f'href="/nl/request/{kind}"' in page
    # A statement that leaves out restriction: shown all the same, and marked in words.
    restriction = page.split('id="right-restriction"')[1].split("</li>")[0]
    assert "noemt dit recht niet" in restriction
    access = page.split('id="right-access"')[1].split("</li>")[0]
    assert "noemt dit recht niet" not in access
    assert "(artikel 15 AVG)" in access  # the right as the law gives it
    assert "Autoriteit Persoonsgegevens" in page
    assert 'href="/nl/privacy"' in page
    assert '<html lang="en">' in english and "Right of access" in english
    assert 'hreflang="nl"' in english


def test_the_demo_home_page_marks_no_right_as_left_out(centre: Centre) -> None:
    page = centre.client.get("/nl/").text
    assert "noemt dit recht niet" not in page  # the demo's statement names every right


def test_each_right_has_a_form_with_labelled_fields(centre: Centre) -> None:
    for lang in ("nl", "en"):
        for kind in KINDS:
            page = centre.client.get(f"/{lang}/request/{kind}").text
            assert 'name="csrf_token"' in page
            assert '<label for="field-email">' in page
            for field_id in re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', page):
                assert f'for="{field_id}"' in page, (kind, field_id)


def test_the_objection_form_offers_the_declared_marketing_purpose(centre: Centre) -> None:
    page = centre.client.get("/en/request/objection").text
    assert 'value="newsletter"' in page
    assert "Sending our newsletter" in page
    assert "direct marketing: this use must then always stop" in page
    consent = centre.client.get("/en/request/withdraw_consent").text
    assert 'value="newsletter"' in consent


def test_a_form_with_mistakes_shows_them_at_the_top_and_by_the_fields(centre: Centre) -> None:
    response = centre.file("rectification", email="not an address", message="")
    assert response.status_code == 422
    page = response.text
    assert 'class="error-summary"' in page
    assert 'href="#field-email"' in page and 'href="#field-message"' in page
    assert 'aria-invalid="true"' in page
    assert "Fout:" in page  # not by colour alone
    assert 'value="not an address"' in page  # what was typed is kept
    assert centre.mails() == []


def test_an_unknown_purpose_is_refused(centre: Centre) -> None:
    response = centre.file("objection", purposes=["bookkeeping_made_up"], lang="en")
    assert response.status_code == 422
    assert "Choose a purpose from the list" in response.text


def test_filing_sends_a_verification_link_and_shows_check_your_email(centre: Centre) -> None:
    response = centre.file("access", lang="en")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/sent"
    page = centre.client.get("/en/sent").text
    assert "Check your email" in page
    [message] = centre.mails("verification")
    assert message["To"] == "jan.jansen@example.nl"
    assert centre.link("verification").startswith("/verify/")


def test_the_verification_page_does_not_spend_the_token_on_get(centre: Centre) -> None:
    centre.file("access")
    link = centre.link("verification")
    for _ in range(3):  # a mail scanner opening the link, then the person
        page = centre.client.get(link)
        assert page.status_code == 200
        assert "Ja, dit verzoek komt van mij" in page.text
    confirmed = centre.confirm(link)
    assert confirmed.status_code == 200
    assert "Uw verzoek is bevestigd" in confirmed.text
    assert centre.mails("received")


def test_a_request_from_filing_to_download(centre: Centre) -> None:
    status_path = centre.verified("access", lang="en")
    waiting = centre.client.get(status_path)
    assert waiting.status_code == 200
    assert "Confirmed" in waiting.text
    assert "in_progress" not in waiting.text  # no status codes for people
    # The worker's round: run the request and send the answer.
    assert centre.client.app.state.web.requests.process_due() == 1  # type: ignore[attr-defined]
    answered = centre.client.get(status_path).text
    assert "Answered" in answered and "fulfilled" not in answered
    download = centre.link("answered")
    page = centre.client.get(download)
    assert page.status_code == 200 and "Download (zip)" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    zipped = centre.client.post(download, data={"csrf_token": token.group(1)})
    assert zipped.status_code == 200
    assert zipped.headers["content-type"] == "application/zip"
    assert "attachment" in zipped.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert any(name.endswith(".csv") for name in names)
    assert "jan.jansen@example.nl" in json.dumps(data)


def test_the_status_page_speaks_the_requests_language_or_the_chosen_one(centre: Centre) -> None:
    status_path = centre.verified("access", lang="nl")
    assert '<html lang="nl">' in centre.client.get(status_path).text
    english = centre.client.get(status_path + "&lang=en").text
    assert '<html lang="en">' in english and "Your request" in english


def test_the_privacy_statement_is_served_in_both_languages(centre: Centre) -> None:
    for lang in ("nl", "en"):
        response = centre.client.get(f"/{lang}/privacy")
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.text
        assert "Studio Denkbeeldig" in response.text and "iemagoo" not in response.text
        policy = response.headers["content-security-policy"]
        assert "'sha256-" in policy and "script" not in policy and "unsafe-inline" not in policy


def test_a_statement_with_checker_errors_is_served_as_a_draft(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    """The privacy centre never shows a statement the checker finds errors in as final:
    the demo's own is final; with a tracking cookie placed without consent it is a draft."""
    with_error = demo_declaration.model_copy(
        update={
            "cookies": {
                **demo_declaration.cookies,
                "_gcl_au": demo_declaration.cookies["_gcl_au"].model_copy(
                    update={"consent": "not_asked"}
                ),
            }
        }
    )
    final = centre_with(database, database_url, demo_declaration, tmp_path)
    with final.client:
        page = final.client.get("/nl/privacy").text
    assert "<title>CONCEPT" not in page and 'class="draft-mark"' not in page
    draft = centre_with(database, database_url, with_error, tmp_path)
    with draft.client:
        nl = draft.client.get("/nl/privacy").text
        en = draft.client.get("/en/privacy").text
    assert "<title>CONCEPT: " in nl and 'class="draft-mark"' in nl and "_gcl_au" in nl
    assert "<title>DRAFT: " in en
    # A finding names the declaration by its file name, never by the server's folders.
    assert re.search(r"privacy\.yaml:\d+", nl) and str(tmp_path.parents[1]) not in nl
    assert "/" + "privacy.yaml" not in nl


def test_the_well_known_folder_serves_only_the_gpc_statement(centre: Centre) -> None:
    assert centre.client.get("/.well-known/gpc.json").json() == {
        "gpc": True,
        "lastUpdate": "2026-01-01",  # the demo statement's effective date
    }
    assert centre.client.get("/.well-known/security.txt").status_code == 404
