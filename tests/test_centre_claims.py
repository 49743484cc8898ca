"""The privacy centre never contradicts the published statement: its pages say what
the centre does, what the declaration states, or the law with its article.

Each test serves the centre on a declaration that says something other than the demo
(an ID copy, a shorter or an unlawfully long deadline, nothing at all) and reads the
pages in Dutch and English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from waarborg.declaration import wording as statement_words
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.web.centre.claims import (
    contradictions,
    declared_response_time,
    offered_rights,
    says_no_id_copy,
)
from waarborg.web.server import prepare

from .webclient import Centre, centre_with

_HEAD = """\
waarborg: 1
controller:
  name: Voorbeeld B.V.
  email: privacy@voorbeeld.example
purposes:
  newsletter:
    label: {nl: Nieuwsbrief, en: Newsletter}
    basis: consent
    opt_in: double
    channels: [email]
    categories: [email]
    retention: newsletter
categories:
  email: {label: {nl: E-mailadres, en: Email address}}
retention:
  newsletter: {after: consent_withdrawn, keep: P1M}
"""

ID_COPY = """\
rights:
  respond_within: P2W
  extension: P1M
  verify: id_copy
  id_copy_masking: true
  channels: [web]
"""

SILENT = ""

TOO_LONG = """\
rights:
  respond_within: P6W
  verify: email
  channels: ["mailto:privacy@voorbeeld.example"]
"""


def _declaration(tmp_path: Path, rights: str) -> Declaration:
    path = tmp_path / "privacy.yaml"
    path.write_text(_HEAD + rights, "utf-8")
    return load(path)


@pytest.fixture
def serve(
    database: Database, database_url: str, tmp_path: Path
) -> Iterator[tuple[Path, Database, str]]:
    yield tmp_path, database, database_url


def _centre(serve: tuple[Path, Database, str], rights: str) -> tuple[Centre, Declaration]:
    tmp_path, database, database_url = serve
    declaration = _declaration(tmp_path, rights)
    return centre_with(database, database_url, declaration, tmp_path), declaration


def _pages(centre: Centre, *paths: str) -> dict[str, str]:
    with centre.client:
        return {path: centre.client.get(path).text for path in paths}


def test_a_statement_that_asks_for_an_id_copy_is_not_contradicted(
    serve: tuple[Path, Database, str],
) -> None:
    centre, declaration = _centre(serve, ID_COPY)
    pages = _pages(centre, "/nl/", "/en/")
    nl, en = pages["/nl/"], pages["/en/"]
    # The published statement asks for an ID copy: the centre does not say it does not.
    assert "kopie van uw identiteitsbewijs" not in nl
    assert "copy of your identity document" not in en
    # What the centre does is still said: it confirms by an e-mailed link.
    assert "wij sturen u een e-mail met een link" in nl
    assert "we send you an email with a link" in en
    # The declared deadline and extension, in words.
    assert "Wij antwoorden binnen 2 weken na ontvangst van uw verzoek." in nl
    assert "met 1 maand verlengen" in nl
    assert "We answer within 2 weeks of receiving your request." in en
    assert "by 1 month" in en
    assert not says_no_id_copy(declaration)
    [warning] = contradictions(declaration)
    assert "rights.verify: id_copy" in warning and "e-mailed link" in warning


def test_a_silent_declaration_gets_the_law_not_a_promise(
    serve: tuple[Path, Database, str],
) -> None:
    centre, declaration = _centre(serve, SILENT)
    pages = _pages(centre, "/nl/", "/en/", "/nl/request/access")
    nl, en = pages["/nl/"], pages["/en/"]
    assert "Wij antwoorden binnen" not in nl and "We answer within" not in en
    assert "een maand na ontvangst om uw verzoek te beantwoorden (artikel 12 lid 3 AVG)" in nl
    assert "one month from receipt to answer your request (Article 12(3) GDPR)" in en
    assert "twee maanden worden verlengd" in nl and "(artikel 12 lid 5 AVG)" in nl
    # Nothing declared verifies otherwise, so the centre says what it does.
    assert "Wij vragen niet om een kopie van uw identiteitsbewijs." in nl
    # The statement names no right: every one is marked, and each is the law's.
    assert nl.count("Onze privacyverklaring noemt dit recht niet") == 8
    assert "De AVG geeft u het recht om te horen of wij persoonsgegevens" in nl
    assert "(artikel 15 AVG)" in pages["/nl/request/access"]
    assert declared_response_time(declaration) is None and offered_rights(declaration) == set()
    assert contradictions(declaration) == []


def test_a_deadline_longer_than_the_law_allows_is_not_repeated(
    serve: tuple[Path, Database, str],
) -> None:
    centre, declaration = _centre(serve, TOO_LONG)
    pages = _pages(centre, "/nl/", "/en/")
    assert "6 weken" not in pages["/nl/"] and "6 weeks" not in pages["/en/"]
    assert "(artikel 12 lid 3 AVG)" in pages["/nl/"]
    warnings = contradictions(declaration)
    assert any("P6W" in w and "one month" in w for w in warnings)
    assert any("rights.channels has no 'web'" in w for w in warnings)


def test_the_centre_says_no_promise_in_the_organisations_voice(centre: Centre) -> None:
    """The statement's own descriptions of the rights ("wij stoppen daar altijd mee",
    "verwijderen wij zodra die plicht afloopt") are promises; the centre gives the law."""
    for lang in ("nl", "en"):
        page = centre.client.get(f"/{lang}/").text
        for kind, sentence in statement_words.words(lang)["right"].items():
            if kind != "complain":
                assert sentence not in page, (lang, kind)
    nl = centre.client.get("/nl/").text
    assert "Wij antwoorden binnen 4 weken na ontvangst van uw verzoek." in nl  # declared
    assert "met 2 maanden verlengen" in nl  # declared extension
    assert "Volgens de AVG is een verzoek gratis (artikel 12 lid 5 AVG)." in nl
    assert "Wij vragen niet om een kopie van uw identiteitsbewijs." in nl


def test_the_complaint_form_tells_no_clock_the_declaration_does_not_promise(
    serve: tuple[Path, Database, str],
) -> None:
    silent, _ = _centre(serve, SILENT)
    pages = _pages(silent, "/nl/complaint", "/en/complaint")
    assert "Wij reageren binnen" not in pages["/nl/complaint"]
    assert "We answer on the substance within" not in pages["/en/complaint"]
    assert "(artikel 77 AVG)" in pages["/nl/complaint"]


def test_the_complaint_form_tells_the_declared_clock(centre: Centre) -> None:
    demo = centre.client.get("/nl/complaint").text
    assert "Wij reageren binnen 4 weken na ontvangst inhoudelijk op uw klacht." in demo


def test_the_newsletter_form_is_silent_on_an_unsubscribe_link_not_declared(
    serve: tuple[Path, Database, str],
) -> None:
    silent, _ = _centre(serve, SILENT)  # its newsletter declares no unsubscribe
    pages = _pages(silent, "/nl/newsletter/newsletter", "/en/newsletter/newsletter")
    assert "Onder elk bericht" not in pages["/nl/newsletter/newsletter"]
    assert "Every message has a link" not in pages["/en/newsletter/newsletter"]
    assert "(artikel 7 lid 3 AVG)" in pages["/nl/newsletter/newsletter"]


def test_the_newsletter_form_tells_of_the_declared_unsubscribe_link(centre: Centre) -> None:
    demo = centre.client.get("/nl/newsletter/newsletter").text  # unsubscribe: every_message
    assert "Onder elk bericht staat een afmeldlink." in demo


def test_serve_warns_where_the_statement_and_the_centre_disagree(tmp_path: Path) -> None:
    path = tmp_path / "privacy.yaml"
    path.write_text(_HEAD + ID_COPY, "utf-8")
    prepared = prepare(Settings(data_dir=tmp_path / "data", declaration=path))
    try:
        assert len(prepared.warnings) == 1
        assert "asks for no ID copy" in prepared.warnings[0]
    finally:
        prepared.database.dispose()
