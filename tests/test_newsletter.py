"""Newsletters on SQLite and PostgreSQL: sign-up with double opt-in (a hashed, single-use,
expiring confirmation token), unsubscribing with one click and no login from a signed
link (RFC 8058), the List-Unsubscribe headers for the organisation's mailer, rate
limits, and ``waarborg consent export``."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from waarborg import clock
from waarborg.cli import main
from waarborg.consent import ledger, unsubscribe, unsubscribe_headers, unsubscribe_link
from waarborg.consent.unsubscribe import sign
from waarborg.declaration.model import Declaration
from waarborg.demo import ensure_demo
from waarborg.errors import MailError
from waarborg.mail.unsubscribe import add_list_unsubscribe
from waarborg.store import Database
from waarborg.store.enums import ConsentState
from waarborg.store.models import AuditEntry, Consent, Token

from .webclient import Centre, centre_with

JAN = "jan.jansen@example.nl"
FORM = "/nl/newsletter/newsletter"
KEY = b"k" * 40  # the secret key of webclient.make_settings


def _subscribe(centre: Centre, email: str = JAN, lang: str = "nl") -> Any:
    path = f"/{lang}/newsletter/newsletter"
    data = {"email": email, "csrf_token": centre.csrf(path)}
    return centre.client.post(path, data=data, follow_redirects=False)


def _confirm_path(centre: Centre, to: str = JAN) -> str:
    return centre.link("newsletter_confirmation", to)


def _events(database: Database, subject: str = JAN) -> list[ledger.Event]:
    with database.read() as session:
        return ledger.history(session, subject)


def _subscribed(centre: Centre, email: str = JAN) -> None:
    assert _subscribe(centre, email).status_code == 303
    path = _confirm_path(centre, email)
    assert centre.client.post(path, data={"csrf_token": centre.csrf(path)}).status_code == 200


def _unsubscribe_path(email: str = JAN) -> str:
    return unsubscribe_link("http://testserver", KEY, "newsletter", email).removeprefix(
        "http://testserver"
    )


# --- signing up ------------------------------------------------------------------------------


def test_the_sign_up_form_exists_only_for_declared_newsletters(centre: Centre) -> None:
    for lang, label in (("nl", "Verzenden van onze nieuwsbrief"), ("en", "Sending our newsletter")):
        page = centre.client.get(f"/{lang}/newsletter/newsletter")
        assert page.status_code == 200
        assert label in page.text and 'name="csrf_token"' in page.text
        assert '<label for="field-email">' in page.text
    assert centre.client.get("/nl/newsletter/communication").status_code == 404  # no consent
    assert centre.client.get("/nl/newsletter/nope").status_code == 404
    assert centre.client.get("/de/newsletter/newsletter").status_code == 404


def test_signing_up_needs_the_forms_csrf_token_and_a_real_address(centre: Centre) -> None:
    centre.client.get(FORM)
    forged = centre.client.post(FORM, data={"email": JAN, "csrf_token": "forged"})
    assert forged.status_code == 403
    wrong = centre.client.post(FORM, data={"email": "jan@", "csrf_token": centre.csrf(FORM)})
    assert wrong.status_code == 422
    assert 'class="error-summary"' in wrong.text and 'aria-invalid="true"' in wrong.text
    assert 'value="jan@"' in wrong.text
    assert centre.mails() == []


def test_double_opt_in_records_consent_only_when_the_link_is_used(centre: Centre) -> None:
    response = _subscribe(centre)
    assert response.status_code == 303
    assert response.headers["location"] == "/nl/newsletter/newsletter/sent"
    assert "Kijk in uw e-mail" in centre.client.get(response.headers["location"]).text
    [mail] = centre.mails("newsletter_confirmation", JAN)
    assert mail["Subject"] == "Bevestig uw aanmelding: Verzenden van onze nieuwsbrief"
    assert _events(centre.database) == []  # nothing until confirmed
    path = _confirm_path(centre)
    token = path.removeprefix("/confirm/")
    with centre.database.read() as session:
        stored = session.scalars(select(Token.token_hash)).all()
    assert token not in stored and len(stored) == 1  # hashed at rest
    # Opening the link (as a mail scanner does) spends nothing.
    for _ in range(2):
        page = centre.client.get(path)
        assert page.status_code == 200 and "Ja, meld mij aan" in page.text
        assert JAN in page.text
    confirmed = centre.client.post(path, data={"csrf_token": centre.csrf(path)})
    assert confirmed.status_code == 200 and "U bent aangemeld" in confirmed.text
    [event] = _events(centre.database)
    assert event.purpose == "newsletter" and event.state == ConsentState.GIVEN
    assert event.method == "double_opt_in" and event.lang == "nl"
    assert event.details["requested_at"]
    # The link works once.
    again = centre.client.post(path, data={"csrf_token": centre.csrf(FORM)})
    assert again.status_code == 404 and "werkt niet (meer)" in again.text
    assert len(_events(centre.database)) == 1


def test_a_confirmation_link_expires(centre: Centre) -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with clock.frozen(start) as advance:
        _subscribe(centre, lang="en")
        path = _confirm_path(centre)
        advance(centre.settings.verification_link_lifetime + timedelta(seconds=1))
        assert centre.client.get(path).status_code == 404
        late = centre.client.post(path, data={"csrf_token": centre.csrf(FORM)})
        assert late.status_code == 404
    assert _events(centre.database) == []


def test_signing_up_again_looks_the_same_whether_or_not_the_address_is_on_the_list(
    centre: Centre,
) -> None:
    _subscribed(centre)
    other = "piet@example.com"
    known, unknown = _subscribe(centre), _subscribe(centre, other)
    assert (known.status_code, known.headers["location"]) == (
        unknown.status_code,
        unknown.headers["location"],
    )
    assert len(centre.mails("newsletter_confirmation", JAN)) == 2
    assert len(centre.mails("newsletter_confirmation", other)) == 1


def test_sign_ups_are_rate_limited_per_address(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(database, database_url, demo_declaration, tmp_path, rate_limit_per_email=2)
    with centre.client:
        answers = [_subscribe(centre).status_code for _ in range(3)]
        assert answers == [303, 303, 429]
        assert len(centre.mails("newsletter_confirmation")) == 2


# --- unsubscribing ---------------------------------------------------------------------------


def test_an_unsubscribe_link_needs_no_login_and_works_with_one_click(centre: Centre) -> None:
    _subscribed(centre)
    path = _unsubscribe_path()
    page = centre.client.get(path)
    assert page.status_code == 200 and "Afmelden" in page.text and JAN in page.text
    assert 'name="csrf_token"' not in page.text
    assert len(_events(centre.database)) == 1  # looking changes nothing
    centre.client.cookies.clear()  # no session, no CSRF cookie: the signature is enough
    done = centre.client.post(path)
    assert done.status_code == 200 and "U bent afgemeld" in done.text
    latest = _events(centre.database)[-1]
    assert latest.state == ConsentState.WITHDRAWN and latest.method == "unsubscribe_link"
    twice = centre.client.post(path)
    assert twice.status_code == 200 and "niet (meer) aangemeld" in twice.text
    assert len(_events(centre.database)) == 2
    assert 'href="/nl/newsletter/newsletter"' in twice.text  # and back, as easily


def test_rfc_8058_one_click_post_unsubscribes(centre: Centre) -> None:
    _subscribed(centre)
    centre.client.cookies.clear()
    response = centre.client.post(
        _unsubscribe_path(),
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    latest = _events(centre.database)[-1]
    assert latest.state == ConsentState.WITHDRAWN and latest.method == "one_click"


def test_a_forged_or_foreign_unsubscribe_link_does_nothing(centre: Centre) -> None:
    _subscribed(centre)
    genuine = _unsubscribe_path()
    forged = genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB")
    other_key = "/unsubscribe/" + sign(b"x" * 40, "newsletter", JAN)
    not_a_list = "/unsubscribe/" + sign(KEY, "communication", JAN)
    for path in (forged, other_key, not_a_list, "/unsubscribe/" + "x" * 2000):
        assert centre.client.get(path).status_code == 404, path
        assert centre.client.post(path).status_code == 404, path
    assert [e.state for e in _events(centre.database)] == [ConsentState.GIVEN]


def _readable(link: str) -> str:
    """All a reader gets out of a link: its text, and each of its parts decoded as
    base64, the way the old links carried the address."""
    out = [unquote(link)]
    for part in re.split(r"[/.]", unquote(link)):
        try:
            out.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("latin-1"))
        except ValueError:
            continue
    return "\n".join(out)


def test_an_unsubscribe_link_does_not_show_the_address() -> None:
    """Issue 10, finding 15: the old link carried the address in readable base64."""
    base = "https://privacy.example.nl/unsubscribe/"
    for email in (JAN, "piet.bakker@example.com", "é@example.nl"):
        url = unsubscribe_link("https://privacy.example.nl", KEY, "newsletter", email)
        assert url.startswith(base)
        readable = _readable(url.removeprefix(base)).lower()
        for word in (email.split("@")[0], "example", "newsletter"):
            assert word not in readable, url


def test_an_unsubscribe_link_works_for_two_years_then_not(centre: Centre) -> None:
    _subscribed(centre)
    made = clock.now()
    path = _unsubscribe_path()
    centre.client.cookies.clear()
    with clock.frozen(made + unsubscribe.LIFETIME + timedelta(days=1)):
        assert centre.client.get(path).status_code == 404
        one_click = centre.client.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert one_click.status_code == 404
    assert [e.state for e in _events(centre.database)] == [ConsentState.GIVEN]
    with clock.frozen(made + unsubscribe.LIFETIME - timedelta(days=1)):
        assert centre.client.get(path).status_code == 200
        one_click = centre.client.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert one_click.status_code == 200
    latest = _events(centre.database)[-1]
    assert latest.state == ConsentState.WITHDRAWN and latest.method == "one_click"


def test_a_link_of_the_old_form_works_with_one_click_until_its_end(centre: Centre) -> None:
    """Links already in people's mailboxes: honoured until ``LEGACY_UNTIL``."""
    _subscribed(centre)
    old = URLSafeSerializer(KEY, salt="waarborg.unsubscribe").dumps(["newsletter", JAN])
    path = f"/unsubscribe/{old}"
    centre.client.cookies.clear()
    with clock.frozen(unsubscribe.LEGACY_UNTIL):
        assert centre.client.post(path).status_code == 404
    assert [e.state for e in _events(centre.database)] == [ConsentState.GIVEN]
    with clock.frozen(unsubscribe.LEGACY_UNTIL - timedelta(days=1)):
        response = centre.client.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 200
    latest = _events(centre.database)[-1]
    assert latest.state == ConsentState.WITHDRAWN and latest.method == "one_click"


# --- for the organisation's mailer -----------------------------------------------------------


def test_the_list_unsubscribe_headers_for_the_mailer() -> None:
    headers = unsubscribe_headers(
        "https://privacy.example.nl", KEY, "newsletter", JAN, mailto="afmelden@iemagoo.nl"
    )
    url = unsubscribe_link("https://privacy.example.nl", KEY, "newsletter", JAN)
    assert headers == {
        "List-Unsubscribe": f"<{url}>, <mailto:afmelden@iemagoo.nl>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMessage()
    add_list_unsubscribe(message, url)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with pytest.raises(MailError, match="https"):
        unsubscribe_headers("http://privacy.example.nl", KEY, "newsletter", JAN)


def test_applications_sign_people_up_and_get_their_unsubscribe_headers(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(
        database, database_url, demo_declaration, tmp_path, base_url="https://privacy.example.nl"
    )
    with centre.client:
        token = centre.admin_token("mailer")
        bearer = {"Authorization": f"Bearer {token}"}
        api = "/api/v1/newsletters/newsletter"
        assert centre.client.post(f"{api}/subscribe", json={"email": JAN}).status_code == 401
        sent = centre.client.post(
            f"{api}/subscribe", json={"email": JAN, "lang": "en"}, headers=bearer
        )
        assert sent.status_code == 202 and sent.json() == {
            "ok": True,
            "status": "confirmation_sent",
        }
        [mail] = centre.mails("newsletter_confirmation", JAN)
        assert mail["Subject"] == "Confirm your subscription: Sending our newsletter"
        bad = centre.client.post(f"{api}/subscribe", json={"email": "x"}, headers=bearer)
        assert bad.status_code == 422
        not_a_list = centre.client.post(
            "/api/v1/newsletters/communication/subscribe", json={"email": JAN}, headers=bearer
        )
        assert not_a_list.status_code == 404
        link = centre.client.get(f"{api}/unsubscribe", params={"email": JAN}, headers=bearer)
        assert link.status_code == 200
        body = link.json()
        assert body["url"].startswith("https://privacy.example.nl/unsubscribe/")
        assert body["headers"]["List-Unsubscribe"] == f"<{body['url']}>"
        assert centre.client.get(f"{api}/unsubscribe", params={"email": JAN}).status_code == 401


# --- waarborg consent export -----------------------------------------------------------------


def test_the_export_lists_the_addresses_that_consent_now(
    centre: Centre, database_url: str, tmp_path: Path
) -> None:
    for address in ("a@example.nl", "b@example.nl", "c@example.nl"):
        _subscribed(centre, address)
    centre.client.post(_unsubscribe_path("b@example.nl"))
    declaration = ensure_demo(tmp_path / "cli-demo")
    env = {
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
        "WAARBORG_DATABASE_URL": database_url,
        "WAARBORG_DECLARATION": str(declaration),
        "WAARBORG_SECRET_KEY": KEY.decode(),
        "WAARBORG_BASE_URL": "https://privacy.example.nl",
    }
    runner = CliRunner()
    result = runner.invoke(main, ["consent", "export", "--purpose", "newsletter"], env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["subject"] for r in rows] == ["a@example.nl", "c@example.nl"]
    assert {r["method"] for r in rows} == {"double_opt_in"}
    expected = unsubscribe_link("https://privacy.example.nl", KEY, "newsletter", "a@example.nl")
    assert rows[0]["unsubscribe_url"] == expected
    as_json = runner.invoke(
        main, ["consent", "export", "--purpose", "newsletter", "--format", "json"], env=env
    )
    assert [r["subject"] for r in json.loads(as_json.output)["consenting"]] == [
        "a@example.nl",
        "c@example.nl",
    ]
    wrong = runner.invoke(main, ["consent", "export", "--purpose", "communication"], env=env)
    assert wrong.exit_code != 0 and "newsletter" in wrong.output and "Traceback" not in wrong.output
    with centre.database.read() as session:
        exports = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "consent.export")
        )
    assert exports == 2
    history = runner.invoke(main, ["consent", "history", "b@example.nl"], env=env)
    assert history.exit_code == 0
    assert re.search(r"newsletter\s+given\s+double_opt_in", history.output)
    assert re.search(r"newsletter\s+withdrawn\s+unsubscribe_link", history.output)
    records = runner.invoke(
        main, ["consent", "history", "b@example.nl", "--format", "iso27560"], env=env
    )
    assert json.loads(records.output)[0]["current_state"] == "withdrawn"
    with centre.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Consent)) == 4
