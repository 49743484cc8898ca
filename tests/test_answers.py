"""What the answers to requests say, on a small bakery (tests/answer_world.py): never
"done" when nothing was done, Art. 19 notices done rather than claimed, and letters and
an access report in the person's words.

Issue 8, "What was seen": case 1 (an erasure that erased nothing said it was done),
case 2 (Art. 19 claimed, not done), case 3 (no data, yet "your data is ready") and
case 7 (letters that speak database).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from waarborg import clock
from waarborg.declaration.model import Declaration
from waarborg.mail import letters, register_letters
from waarborg.rights.service import Requests
from waarborg.store.db import Database

from . import answer_world as world
from .answer_world import JINTHE, KEES, NOBODY, START


@pytest.fixture
def declaration(tmp_path: Path) -> Declaration:
    return world.build(tmp_path)


@pytest.fixture
def requests(database: Database, declaration: Declaration, tmp_path: Path) -> Iterator[Requests]:
    with clock.frozen(START):
        service = world.service(database, declaration, tmp_path)
        yield service
        service.close()


def _art19_mail(requests: Requests) -> list[str]:
    return [
        str(m["To"])
        for m in world.messages(requests.database)
        if str(m["Subject"]).startswith(("Artikel 19", "Article 19"))
    ]


# --- case 1: an erasure that erased nothing is not "completed" -----------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_erasure_that_finds_no_data_says_so_and_not_that_it_is_done(
    requests: Requests, lang: str
) -> None:
    public_id = world.run(requests, "erasure", NOBODY, lang)
    letter = world.answer(requests)
    body, subject = world.text(letter), world.subject(letter)
    if lang == "nl":
        assert (
            subject == "Uw verzoek om verwijdering van uw gegevens: geen persoonsgegevens gevonden"
        )
        assert f"op het e-mailadres {NOBODY}. Daarin hebben wij geen persoonsgegevens" in body
        assert "Er was daarom niets te wissen." in body
        assert "afgehandeld" not in subject and "gewist:" not in body
    else:
        assert subject == "Your request for erasure: no personal data found"
        assert "We found no personal data about you there. So there was nothing to erase." in body
        assert "completed" not in body + subject and "we erased" not in body
    view = requests.view(public_id)
    assert view is not None and view.result == "no_data_found"
    assert view.notices == [] and _art19_mail(requests) == []


def test_an_erasure_that_keeps_everything_says_what_it_kept_and_why(requests: Requests) -> None:
    public_id = world.run(requests, "erasure", KEES)
    view = requests.view(public_id)
    assert view is not None and view.result == "nothing_erased"
    body = world.text(world.answer(requests))
    assert "Wij hebben persoonsgegevens van u gevonden, maar nog niets gewist." in body
    assert "hebben wij deze gegevens van u gewist" not in body
    # the invoice of 1 March 2025 stays seven years under the tax law
    assert (
        "- Naam: wij bewaren ze tot 1 maart 2032, omdat de wet ons verplicht ze te bewaren "
        "(artikel 52 AWR)." in body
    )
    assert "omdat andere gegevens die wij moeten bewaren ernaar verwijzen" in body
    assert view.notices == []  # nothing changed, so no recipient hears of a change


def test_a_hold_that_keeps_only_the_name_erases_the_rest_and_says_so(
    database: Database, declaration: Declaration, tmp_path: Path
) -> None:
    """Kees's invoice stays seven years, but the hold needs only the name (keeps): his
    e-mail address, phone and street go, and the letter says both."""
    fiscal = declaration.retention["fiscal"].model_copy(update={"keeps": ["name"]})
    narrow = declaration.model_copy(update={"retention": {"fiscal": fiscal}})
    with clock.frozen(START):
        requests = world.service(database, narrow, tmp_path)
        try:
            public_id = world.run(requests, "erasure", KEES)
            view = requests.view(public_id)
            assert view is not None and view.result == "partly_erased"
            body = world.text(world.answer(requests))
        finally:
            requests.close()
    assert "nog niets gewist" not in body
    assert "E-mailadres" in body and "Telefoonnummer" in body
    assert "- Naam: wij bewaren ze tot 1 maart 2032" in body


# --- case 3: no data, no export ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["access", "portability"])
def test_access_to_an_unknown_address_says_no_data_was_found_and_sends_no_files(
    requests: Requests, kind: str
) -> None:
    public_id = world.run(requests, kind, NOBODY)
    letter = world.answer(requests)
    body = world.text(letter)
    label = "inzage" if kind == "access" else "overdracht van uw gegevens"
    assert world.subject(letter) == f"Uw verzoek om {label}: geen persoonsgegevens gevonden"
    assert f"op het e-mailadres {NOBODY}. Daarin hebben wij geen persoonsgegevens" in body
    assert "/download/" not in body and "staan klaar" not in body
    assert "waarvoor wij uw gegevens gebruiken" not in body.lower()
    view = requests.view(public_id)
    assert view is not None and view.result == "no_data_found"
    assert view.outcome is not None and "export" not in view.outcome
    exports = requests.settings.exports_dir
    assert not exports.exists() or not list(exports.iterdir())


def test_an_export_holds_files_only_for_tables_with_the_persons_rows(requests: Requests) -> None:
    public_id = world.run(requests, "portability", JINTHE)
    view = requests.view(public_id)
    assert view is not None and view.result == "completed" and view.outcome is not None
    with zipfile.ZipFile(view.outcome["export"]) as archive:
        names = set(archive.namelist())
        everything = json.loads(archive.read("data.json"))
    assert "overdracht.html" in names
    assert all(rows for rows in everything["data"].values())
    assert all(archive_name.split(".")[0] in everything["data"] for archive_name in names
               if archive_name.endswith(".csv"))  # fmt: skip


# --- case 2: Art. 19 done, not claimed -----------------------------------------------------


def test_recipients_of_erased_data_get_a_notice_or_a_staff_task(
    requests: Requests, tmp_path: Path
) -> None:
    public_id = world.run(requests, "erasure", JINTHE)
    view = requests.view(public_id)
    assert view is not None and view.result == "partly_erased"
    by_recipient = {n["recipient"]: n for n in view.notices}
    # Mailchimp has a channel: an e-mail, queued; Moneybird has none: a task for staff.
    # Google Analytics received none of this data: nothing.
    assert set(by_recipient) == {"mailchimp", "moneybird"}
    assert by_recipient["mailchimp"]["channel"] == "email"
    assert by_recipient["mailchimp"]["state"] == "queued"
    assert by_recipient["mailchimp"]["informed"] is False
    assert by_recipient["moneybird"]["channel"] == "staff"
    assert by_recipient["moneybird"]["state"] == "open"
    assert _art19_mail(requests) == ["privacy@mailchimp.example"]
    notice = next(
        world.text(m)
        for m in world.messages(requests.database)
        if str(m["To"]) == "privacy@mailchimp.example"
    )
    assert "Het gaat om deze gegevens: Naam; E-mailadres." in notice
    actions = [e["action"] for e in requests.trail(public_id)]
    assert "request.recipient_notice_queued" in actions
    assert "request.recipient_task_opened" in actions

    body = world.text(world.answer(requests))
    assert (
        "- Mailchimp (alle gegevens hierboven): op 7 december 2026 hebben wij een e-mail aan hen "
        "klaargezet voor verzending; die is nog niet verstuurd." in body
    )
    assert (
        "- Moneybird (alle gegevens hierboven): nog niet ingelicht. Wij hebben geen "
        "e-mailadres van hen vastgelegd; sinds 7 december 2026 staat dit bij ons open als taak "
        "voor een medewerker." in body
    )
    assert "Google Analytics" not in body
    assert "Wij hebben deze ontvangers van uw gegevens ingelicht" not in body
    # the purpose whose recipients are not stated is named, not guessed at
    assert "vermeldt onze privacyverklaring niet met wie wij de gegevens delen" in body
    assert "- Klantenservice" in body

    # Running the request again tells nobody twice.
    assert requests.process(public_id).value == "answered"
    again = requests.view(public_id)
    assert again is not None and len(again.notices) == 2
    assert _art19_mail(requests) == ["privacy@mailchimp.example"]


def test_a_rectification_tells_only_the_recipients_of_the_changed_data(
    requests: Requests,
) -> None:
    phone = world.run(
        requests, "rectification", JINTHE, changes={"customers": {"phone": "0611111111"}},
        message="Mijn nummer is veranderd.",
    )  # fmt: skip
    view = requests.view(phone)
    assert view is not None and view.result == "completed" and view.notices == []
    body = world.text(world.answer(requests))
    assert "hebben wij deze gegevens van u aangepast (artikel 16 AVG):\n\n- Telefoonnummer" in body
    assert "- Klantenservice" in body  # its recipients are not stated
    assert "customers" not in body and ": 1" not in body

    name = world.run(
        requests, "rectification", JINTHE, changes={"customers": {"full_name": "Jinthe v. Gelder"}},
        message="Mijn naam wordt anders geschreven.",
    )  # fmt: skip
    view = requests.view(name)
    assert view is not None
    assert {n["recipient"] for n in view.notices} == {"mailchimp", "moneybird"}


def test_a_restriction_of_one_purpose_tells_that_purposes_recipients(requests: Requests) -> None:
    public_id = world.run(requests, "restriction", JINTHE, purpose="newsletter")
    view = requests.view(public_id)
    assert view is not None and [n["recipient"] for n in view.notices] == ["mailchimp"]
    body = world.text(world.answer(requests))
    assert 'voor het doel "Nieuwsbrief" alleen nog mogen bewaren (artikel 18 AVG)' in body
    assert "Moneybird" not in body


# --- case 7: letters in the person's words -------------------------------------------------


def test_the_erasure_letter_names_data_as_declared_and_dates_what_is_kept(
    requests: Requests,
) -> None:
    world.run(requests, "erasure", JINTHE)
    body = world.text(world.answer(requests))
    assert (
        "Op 7 december 2026 hebben wij deze gegevens van u gewist, behalve wat wij hieronder "
        "noemen als bewaard:" in body
    )
    # the invoice of 6 August 2026 stays until 6 August 2033, and why, in Dutch
    assert (
        "- Naam: wij bewaren ze tot 6 augustus 2033, omdat de wet ons verplicht ze te bewaren "
        "(artikel 52 AWR)." in body
    )
    assert world.database_words(body) == []
    assert not [w for w in world.ENGLISH_IN_DUTCH if w in body]


def test_an_access_answer_greets_the_person_by_the_name_found(requests: Requests) -> None:
    world.run(requests, "access", JINTHE)
    assert world.text(world.answer(requests)).startswith("Beste Jinthe van Gelder,")
    world.run(requests, "access", NOBODY)
    assert world.text(world.answer(requests)).startswith("Beste heer, mevrouw,")


def _every_letter(requests: Requests, lang: str) -> list[tuple[str, str]]:
    """Every letter the workflow sends, for every right and outcome, and the letters of
    the other modules, in ``lang``: (subject, text)."""
    runs: list[tuple[str, str, dict[str, Any]]] = [
        ("access", JINTHE, {}),
        ("access", NOBODY, {}),
        ("portability", JINTHE, {}),
        ("portability", NOBODY, {}),
        ("erasure", NOBODY, {}),
        ("erasure", KEES, {}),
        ("erasure", JINTHE, {}),
        ("restriction", KEES, {}),
        ("restriction", NOBODY, {"purpose": "newsletter"}),
        ("objection", JINTHE, {"purposes": ["newsletter"]}),
        ("withdraw_consent", JINTHE, {"purposes": ["newsletter"]}),
    ]
    for kind, who, extra in runs:
        world.run(requests, kind, who, lang, **extra)
    world.run(
        requests, "rectification", KEES, lang, changes={"customers": {"street": "Kerkplein 1"}},
        message="Verhuisd.",
    )  # fmt: skip
    staff = requests.file(kind="access", email=KEES, lang=lang)
    requests.extend(staff, actor="admin:anna", reasons="Veel gegevens.")
    requests.deny(staff, actor="admin:anna", reason="other", details="Dubbel verzoek.")
    out = [(world.subject(m), world.text(m)) for m in world.messages(requests.database)]
    head = requests.head
    more = [
        letters.staff_reminder(
            head, "staff@example.nl", lang,
            items=[letters.ReminderItem("r1", "erasure", START, 2, "https://x.example/admin")],
        ),
        letters.newsletter_confirmation(
            head, "a@example.nl", lang, list_label="Nieuwsbrief", link="https://x.example/c",
            expires_at=START,
        ),
        register_letters.complaint_received(
            head, "a@example.nl", lang, name="Jinthe", complaint_id="c1", received_at=START,
            respond_by=START + timedelta(days=14), status_link="https://x.example/c1",
        ),
        register_letters.complaint_answered(
            head, "a@example.nl", lang, name="Jinthe", complaint_id="c1", received_at=START,
            message="Wij hebben uw klacht bekeken.",
        ),
        register_letters.complaint_closed(
            head, "a@example.nl", lang, name="Jinthe", complaint_id="c1", received_at=START,
            outcome="Opgelost.",
        ),
    ]  # fmt: skip
    out += [(world.subject(m), world.text(m)) for m in more]
    return [(s, t) for s, t in out if s]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_letter_speaks_database(requests: Requests, lang: str) -> None:
    every = _every_letter(requests, lang)
    assert len(every) >= 25
    for subject, body in every:
        assert world.database_words(subject + "\n" + body) == [], (subject, body)
        if lang == "nl" and not subject.startswith("Artikel 19"):
            assert not [w for w in world.ENGLISH_IN_DUTCH if w in body], (subject, body)


# --- the access report ---------------------------------------------------------------------


def _report(requests: Requests, lang: str) -> str:
    public_id = world.run(requests, "access", JINTHE, lang)
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    name = "inzage.html" if lang == "nl" else "access-report.html"
    with zipfile.ZipFile(view.outcome["export"]) as archive:
        assert name in archive.namelist()
        assert "LEESMIJ.md" not in archive.namelist()
        return archive.read(name).decode()


def _words(html: str) -> str:
    plain = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain)
    return re.sub(r"\s+", " ", plain.replace("&amp;", "&"))


def test_the_access_report_gives_every_art_15_item_for_this_person(requests: Requests) -> None:
    words = _words(_report(requests, "nl"))
    # the data, under its category labels; not the columns, not the unmapped amounts
    assert "Naam" in words and "Jinthe van Gelder" in words and "0612345678" in words
    assert "214595" not in words
    # (a) the purposes of the data found, and no other
    for purpose in ("Nieuwsbrief", "Facturen", "Klantenservice"):
        assert purpose in words
    assert "Websitestatistiek" not in words
    assert "uw toestemming (artikel 6, lid 1, onder a AVG)" in words
    # (c) the recipients of those purposes; a purpose without stated recipients says so
    assert "Mailchimp" in words and "Moneybird" in words and "Google Analytics" not in words
    assert (
        "Voor “Klantenservice” vermeldt onze privacyverklaring niet met wie wij gegevens delen."
        in words
    )
    # transfers with the declared safeguard
    assert "Wij hebben met Mailchimp de standaardcontractbepalingen" in words
    # (d) retention in words, with its legal ground
    assert "7 jaar na de factuurdatum." in words and "(artikel 52 AWR)" in words
    assert "Voor deze gegevens vermeldt onze privacyverklaring geen bewaartermijn" in words
    # (g) the source as declared, and where it is not
    assert "E-mailadres van u zelf" in words
    assert "vermeldt onze privacyverklaring niet waar ze vandaan komen: Naam" in words
    # (h) automated decisions: the declaration is silent, and the report says so
    assert "vermeldt onze privacyverklaring geen geautomatiseerde besluiten" in words
    # (e), (f): the rights as the law words them, and the complaint
    for article in ("artikel 16 AVG", "artikel 17 AVG", "artikel 18 AVG", "artikel 21 AVG",
                    "artikel 77 AVG", "Autoriteit Persoonsgegevens"):  # fmt: skip
        assert article in words
    assert world.database_words(words) == []
    assert not [w for w in world.ENGLISH_IN_DUTCH if w in words]


def test_the_access_report_in_english(requests: Requests) -> None:
    words = _words(_report(requests, "en"))
    assert "Access to your personal data" in words and "Name" in words
    assert "7 years after the invoice date." in words
    assert "Article 15(1)(a) GDPR" in words and "Article 77 GDPR" in words
    assert world.database_words(words) == []


def test_letters_render_every_result_in_both_languages() -> None:
    head = letters.Letterhead(name="X", email="x@example.nl", sender="x@example.nl")
    for lang in ("nl", "en"):
        for result in letters.RESULTS:
            message = letters.answered(
                head, "a@example.nl", lang, kind="erasure", request_id="r", result=result,
                email="a@example.nl", done_at=START,
            )  # fmt: skip
            assert message["Subject"]
    with pytest.raises(Exception, match="unknown result"):
        letters.answered(head, "a@example.nl", "nl", kind="erasure", request_id="r", result="done")


@pytest.mark.parametrize(
    ("value", "form", "lang", "shown"),
    [
        (214595, "eur_cents", "nl", "€\xa02.145,95"),
        (214595, "eur_cents", "en", "€2,145.95"),
        ("12.5", "eur", "nl", "€\xa012,50"),
        ("2033-08-06", "date", "nl", "6 augustus 2033"),
        (214595, None, "nl", "214595"),
    ],
)
def test_a_column_reads_as_its_declared_format(
    value: Any, form: str | None, lang: str, shown: str
) -> None:
    """An amount in cents is not shown as 214595 when the column says what it is."""
    from waarborg.rights.report import _formatted

    assert _formatted(value, form, lang, "Europe/Amsterdam") == shown
