"""Text that cannot be stored (a NUL, other control characters, a lone surrogate) is
refused where it comes in, with the field named: on the public forms, the JSON APIs,
paths and queries (on SQLite and PostgreSQL, where a NUL was a 500), and from the
command line; line breaks and tabs stay text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import DataError

from waarborg import plaintext
from waarborg.cli import main
from waarborg.errors import RequestError

from .conftest import ROOT
from .webclient import Centre

NUL = "\x00"


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Anna de Vries", None),
        ("regel een\nregel twee\r\n\tingesprongen", None),
        ("Zoë Çelik, 😀 ß", None),
        ("\u200b\u202e", None),  # format characters: the address parser's to judge
        ("a\x00b", "NUL character (U+0000)"),
        ("\x07", "control character (U+0007)"),
        ("\x1b[31m", "control character (U+001B)"),
        ("\x7f", "control character (U+007F)"),
        ("\x85", "control character (U+0085)"),
        ("\ud800", "lone surrogate (U+D800)"),
    ],
)
def test_what_text_can_be_stored(text: str, wrong: str | None) -> None:
    found = plaintext.problem(text)
    assert (found is None) if wrong is None else (found is not None and wrong in found)


def test_check_names_the_field_and_walk_finds_the_path() -> None:
    with pytest.raises(RequestError) as refused:
        plaintext.check("name", "Anna\x00")
    assert refused.value.field == "name"
    assert plaintext.walk({"a": ["ok", {"b": "x\x00"}]}) == (
        "a[1].b",
        "holds a NUL character (U+0000), which cannot be stored; remove it",
    )
    assert plaintext.walk({"ke\x01y": 1}) is not None
    assert plaintext.walk({"a": ["ok", 1, None, True]}) is None


def _form(centre: Centre, path: str, **fields: str) -> object:
    data = {**fields, "csrf_token": centre.csrf(path)}
    return centre.client.post(path, data=data, follow_redirects=False)


def test_the_public_forms_refuse_a_nul_with_a_page_that_says_what_to_do(centre: Centre) -> None:
    cases = [
        ("/nl/complaint", {"name": "Anna" + NUL, "email": "anna@example.nl", "text": "Spam."}),
        ("/en/complaint", {"name": "Anna", "email": "anna@example.nl", "text": "Sp\x1bam."}),
        ("/nl/request/access", {"email": "jan" + NUL + "@example.nl"}),
        ("/en/request/rectification", {"email": "jan@example.nl", "message": "x" + NUL}),
        ("/nl/newsletter/newsletter", {"email": "jan@example.nl", "name": NUL}),
    ]
    for path, fields in cases:
        response = _form(centre, path, **fields)
        assert response.status_code == 422, (path, response.status_code)  # type: ignore[attr-defined]
        text = response.text  # type: ignore[attr-defined]
        if path.startswith("/nl/"):
            assert "onzichtbaar stuurteken" in text and "Dit verzoek klopt niet" in text
        else:
            assert "invisible control character" in text
    assert centre.mails() == []  # nothing was filed, nothing was sent
    with centre.database.read() as session:
        from waarborg.store.models import Complaint, Request

        assert session.query(Complaint).count() == session.query(Request).count() == 0


def test_paths_and_queries_with_a_nul_are_refused_not_a_500(centre: Centre) -> None:
    for path in (
        "/complaints/%00?t=abc",
        "/requests/x?t=%00",
        "/verify/%00",
        "/download/%00",
        "/confirm/%00",
        "/unsubscribe/%00",
        "/nl/request/%00",
    ):
        response = centre.client.get(path)
        assert response.status_code == 422, (path, response.status_code)
    token = centre.admin_token("shop")
    auth = {"Authorization": f"Bearer {token}"}
    read = centre.client.get("/api/v1/consent", params={"subject": "a\x00@x.nl"}, headers=auth)
    assert read.status_code == 422 and read.json()["error"].startswith("subject: holds a NUL")
    verify = centre.client.post("/verify/%00", data={"csrf_token": "x"})
    assert verify.status_code == 422


def test_the_json_apis_refuse_a_nul_or_a_lone_surrogate_naming_the_field(centre: Centre) -> None:
    token = centre.admin_token("shop")
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    consent = centre.client.post(
        "/api/v1/consent",
        content=b'{"subject": "jan@example.nl", "purpose": "news\\u0000letter", "state": "given"}',
        headers=auth,
    )
    assert consent.status_code == 422
    assert consent.json() == {
        "ok": False,
        "error": "purpose: holds a NUL character (U+0000), which cannot be stored; remove it",
        "status": 422,
    }
    visitor = centre.client.post(
        "/api/v1/consent/visitor",
        content=b'{"visitor": "abcdefghijklmnopqrstuv", "choices": {"\\ud800": true}, '
        b'"version": "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert visitor.status_code == 422
    assert visitor.json()["error"].startswith("choices.\\ud800: holds a lone surrogate")
    breach = centre.client.post(
        "/api/v1/admin/breaches",
        json={"title": "Lek", "description": "Wat\x00er", "aware_at": "2026-03-02T09:00Z"},
        headers=auth,
    )
    assert breach.status_code == 422 and breach.json()["error"].startswith("description: ")
    fine = centre.client.post(
        "/api/v1/consent",
        json={"subject": "jan@example.nl", "purpose": "newsletter", "state": "given",
              "notice_text": "Onze nieuwsbrief:\n\telke maand."},
        headers=auth,
    )  # fmt: skip
    assert fine.status_code == 201, fine.text
    broken = centre.client.post("/api/v1/consent", content=b"{not json", headers=auth)
    assert broken.status_code in (400, 422)


def test_a_value_the_store_refuses_is_a_422_and_is_not_logged(
    centre: Centre, caplog: pytest.LogCaptureFixture
) -> None:
    @centre.app.get("/api/v1/test-refused")
    def refused() -> None:
        raise DataError("UPDATE x SET y = %(y)s", {"y": "secret-value"}, ValueError("secret-value"))

    with caplog.at_level(logging.WARNING, logger="waarborg.web"):
        response = centre.client.get("/api/v1/test-refused")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error == "a value in the request cannot be stored as given; correct it"
    assert "secret-value" not in caplog.text and "the store refused a value" in caplog.text


def test_the_command_line_refuses_a_nul_in_a_file(tmp_path: Path) -> None:
    env = {
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
        "WAARBORG_SECRET_KEY": "s" * 40,
        "WAARBORG_DECLARATION": str(ROOT / "examples" / "connectmenow" / "privacy.yaml"),
    }
    runner = CliRunner()
    text = tmp_path / "klacht.txt"
    text.write_text("Ik krijg\x00 spam.", "utf-8")
    complaint = runner.invoke(
        main,
        ["complaint", "add", "--name", "Anna", "--email", "anna@example.nl",
         "--text-file", str(text), "--no-acknowledge"],
        env=env,
    )  # fmt: skip
    assert complaint.exit_code == 1
    assert "text" in complaint.output and "NUL character" in complaint.output
    facts = tmp_path / "breach.yaml"
    facts.write_text(
        'title: "Gestolen\\0 laptop"\ndescription: Weg.\naware_at: 2026-03-02T08:00:00+00:00\n',
        "utf-8",
    )
    breach = runner.invoke(main, ["breach", "add", str(facts)], env=env)
    assert breach.exit_code == 1 and "title" in breach.output and "NUL" in breach.output
    assert "Traceback" not in complaint.output + breach.output
    listed = runner.invoke(main, ["complaint", "list", "--all"], env=env)
    assert listed.exit_code == 0 and "Anna" not in listed.output


def test_a_form_token_or_an_id_outside_ascii_is_refused_not_a_500(centre: Centre) -> None:
    """Found by the fuzz test: comparing a signed token with text outside ASCII raised
    a TypeError (a 500) on every public form, and on the status page."""
    centre.csrf("/nl/complaint")  # sets the CSRF cookie
    fields = {"name": "Anna", "email": "anna@example.nl", "text": "Spam.", "csrf_token": "é" * 40}
    form = centre.client.post("/nl/complaint", data=fields)
    assert form.status_code == 403
    status_path = centre.verified("access", "jan.jansen@example.nl")
    token = status_path.split("?t=")[1]
    other = centre.client.get(f"/requests/verzoek-é?t={token}")
    assert other.status_code == 404
    centre.login()
    page = centre.client.get("/admin")
    assert page.status_code == 200
    logout = centre.client.post("/admin/logout", data={"csrf_token": "ø" * 40})
    assert logout.status_code == 403
