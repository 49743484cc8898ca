"""Requests a person can handle, on the demo CRM and Waarborg's store, both on SQLite
and on PostgreSQL: the preview of an erasure and a restriction (computed by the code
that carries them out, writing nothing, and what is then carried out), the declared
fields of a rectification with their current values, and the letter the person was
sent, kept after the outbox empties it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from waarborg import clock
from waarborg.datastores.engine import quiet_reflection
from waarborg.declaration.loader import load
from waarborg.demo import KNOWN_PEOPLE, build_demo, demo_files
from waarborg.errors import RequestError
from waarborg.mail.queue import MASK
from waarborg.rights import fields as person_fields
from waarborg.rights.preview import items
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus
from waarborg.store.models import OutboxMessage, Request

from . import answer_world as world
from .test_datastores_erasure import _copy_crm
from .test_datastores_sql import _driver

JAN = KNOWN_PEOPLE[0].email
PIET = KNOWN_PEOPLE[1].email
DAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder, contacts=40, today=DAY)
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
def requests(request: pytest.FixtureRequest, demo_dir: Path, tmp_path: Path) -> Iterator[Requests]:
    """The request workflow on a fresh copy of the demo CRM, its store on the same kind
    of database, with erasure and restriction under review."""
    declaration_file, source = demo_files(demo_dir)
    if request.param == "sqlite":
        copy = tmp_path / "crm.sqlite"
        shutil.copyfile(source, copy)
        crm_url = f"sqlite:///{copy}"
        store_url = f"sqlite:///{tmp_path / 'waarborg.db'}"
    else:
        store_url = request.getfixturevalue("postgres_schema_url")
        crm_url = _driver(store_url)
        _copy_crm(source, crm_url)
    declaration = load(declaration_file)
    crm = declaration.datastores["crm"].model_copy(update={"url": crm_url})
    declaration = declaration.model_copy(update={"datastores": {"crm": crm}})
    migrate(store_url)
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@studio-denkbeeldig.example",
        review=["erasure", "restriction"],
    )
    with Database(store_url) as database, clock.frozen(NOW):
        service = Requests(database, declaration, settings)
        try:
            yield service
        finally:
            service.close()


def _crm(requests: Requests) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the CRM, sorted."""
    engine = sa.create_engine(str(requests.declaration.datastores["crm"].url))
    try:
        tables = sa.MetaData()
        with quiet_reflection():
            tables.reflect(bind=engine)
        with engine.connect() as connection:
            return {
                name: sorted((tuple(r) for r in connection.execute(sa.select(t))), key=repr)
                for name, t in tables.tables.items()
            }
    finally:
        engine.dispose()


def _execute(requests: Requests, sql: str, **params: Any) -> None:
    engine = sa.create_engine(str(requests.declaration.datastores["crm"].url))
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def _counts(plan: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """Per datastore and table: rows found, deleted, anonymised and kept."""
    return {
        (store, t["table"]): (
            t["found"],
            t["deleted"],
            t["anonymised"],
            sum(k["rows"] for k in t["kept"]),
        )
        for store, result in plan.items()
        for t in result["tables"]
    }


# --- the preview of an erasure -------------------------------------------------------------


def test_the_erasure_preview_writes_nothing(requests: Requests) -> None:
    public_id = world.run(requests, "erasure", JAN)
    assert requests.view(public_id).status == RequestStatus.REVIEW  # type: ignore[union-attr]
    before = _crm(requests)
    preview = requests.preview(public_id)
    again = requests.preview(public_id)
    assert _crm(requests) == before  # a dry run: nothing deleted, anonymised or trimmed
    assert again.fingerprint == preview.fingerprint
    [crm] = preview.stores
    assert crm.key == "crm"
    assert crm.rows("delete") and crm.rows("anonymise") and crm.rows("keep")
    [held] = [i for i in crm.items if i.action == "keep" and i.reason == "hold"]
    assert held.table == "invoices" and held.ground == "AWR art. 52 lid 4; BW 2:10 lid 3"
    assert held.rule == "fiscal" and held.erased == ("email",)  # the hold keeps no e-mail
    assert "invoice_data" in held.categories and "email" not in held.categories
    assert {d.key for d in preview.recipients} >= {"moneybird", "laposta"}


def test_the_erasure_does_what_its_preview_showed(requests: Requests) -> None:
    public_id = world.run(requests, "erasure", JAN)
    preview = requests.preview(public_id)
    status = requests.approve(public_id, actor="admin:anna", preview=preview.fingerprint)
    assert status == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    erased = view.outcome["erased"]
    # What was carried out is what the preview showed, table by table and row by row.
    assert _counts(erased) == _counts(preview.plan)
    assert items(requests.declaration, erased) == preview.stores
    assert view.outcome["plan"] == preview.plan  # and the letter tells that plan
    after = _crm(requests)
    assert not [r for r in after["contacts"] if JAN in r]
    assert len([r for r in after["invoices"] if JAN in r]) == 0  # the e-mail is erased...
    held = sum(i.rows for i in preview.stores[0].items if i.reason == "hold")
    jan_invoices = [r for r in after["invoices"] if "J. Jansen" in r or "Jan Jansen" in r]
    assert len(jan_invoices) == held  # ...from the invoices the hold keeps


def test_approving_an_old_preview_after_the_data_changed_is_refused(
    requests: Requests,
) -> None:
    public_id = world.run(requests, "erasure", JAN)
    seen = requests.preview(public_id)
    _execute(
        requests,
        "INSERT INTO newsletter_subscribers (id, email, first_name, last_name, subscribed_at)"
        " VALUES (99999, :email, 'Jan', 'Jansen', :at)",
        email=JAN.upper(),
        at=NOW,
    )
    before = _crm(requests)
    with pytest.raises(RequestError) as refused:
        requests.approve(public_id, actor="admin:anna", preview=seen.fingerprint)
    assert refused.value.field == "preview"
    assert _crm(requests) == before  # nothing carried out
    assert requests.view(public_id).status == RequestStatus.REVIEW  # type: ignore[union-attr]
    fresh = requests.preview(public_id)
    assert fresh.fingerprint != seen.fingerprint
    assert fresh.stores[0].rows("delete") == seen.stores[0].rows("delete") + 1
    requests.approve(public_id, actor="admin:anna", preview=fresh.fingerprint)
    assert not [r for r in _crm(requests)["newsletter_subscribers"] if 99999 in r]


def test_only_an_open_erasure_or_restriction_has_a_preview(requests: Requests) -> None:
    access = world.run(requests, "access", JAN)
    with pytest.raises(RequestError, match="no preview"):
        requests.preview(access)
    erasure = world.run(requests, "erasure", PIET)
    requests.approve(erasure, actor="admin:anna", preview=requests.preview(erasure).fingerprint)
    with pytest.raises(RequestError) as done:
        requests.preview(erasure)
    assert done.value.field == "status"


# --- the preview of a restriction ------------------------------------------------------


def test_the_restriction_preview_is_what_the_restriction_records(requests: Requests) -> None:
    public_id = world.run(requests, "restriction", JAN, purpose="newsletter")
    before = _crm(requests)
    preview = requests.preview(public_id)
    assert _crm(requests) == before
    assert preview.purpose == "newsletter"
    shown = {c for store in preview.stores for i in store.items for c in i.categories}
    assert shown == {"name", "email"}  # the newsletter's categories of Jan's data
    assert all(i.action == "restrict" for store in preview.stores for i in store.items)
    requests.approve(public_id, actor="admin:anna", preview=preview.fingerprint)
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    assert view.status == RequestStatus.ANSWERED
    told = {n["recipient"]: tuple(n["categories"]) for n in view.notices}
    assert told == {d.key: d.categories for d in preview.recipients}
    assert requests.restrictions(JAN) and requests.restrictions(JAN)[0]["purpose"] == "newsletter"


# --- the fields of a rectification ---------------------------------------------------------


def test_the_fields_are_the_declared_ones_with_their_current_values(requests: Requests) -> None:
    found = person_fields.person_fields(requests, {"email": JAN})
    by_column = {(f.table, f.column): f for f in found.fields}
    first = by_column[("contacts", "first_name")]
    assert first.values == ("Jan",) and first.category == "name" and first.rows == 1
    assert first.label is not None and first.label.nl == "Voornaam"
    assert first.kind.name == "text"
    assert by_column[("contacts", "last_name")].values == ("Jansen",)
    # Keys, references and columns other tables refer to are no fields.
    assert not {c for _t, c in by_column} & {"id", "company_id", "contact_id"}
    # A log-in's values are never shown.
    secret = by_column[("third_party_credentials", "secret")]
    assert secret.hidden and not by_column[("contacts", "phone")].hidden
    assert found.unavailable == ()
    ids = [f.id for f in found.fields]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"f[0-9a-f]{12}", i) for i in ids)


def test_picked_fields_become_the_changes_and_are_carried_out(requests: Requests) -> None:
    public_id = world.run(requests, "rectification", JAN, message="Mijn achternaam is Janssen.")
    found = requests.fields(public_id)
    last = next(f for f in found.fields if (f.table, f.column) == ("contacts", "last_name"))
    amount = next(f for f in found.fields if f.column == "amount_cents")
    assert person_fields.check(requests, found, {amount.id: "veel"}) == [amount.id]
    assert person_fields.check(requests, found, {last.id: "Janssen"}) == []
    with pytest.raises(RequestError):
        person_fields.changes(found, {"f000000000000": "x"})
    changes = person_fields.changes(found, {last.id: " Janssen ", amount.id: ""})
    assert changes == {"crm.contacts": {"last_name": "Janssen"}}
    requests.approve(public_id, actor="admin:anna", changes=changes)
    assert [r for r in _crm(requests)["contacts"] if JAN in r and "Janssen" in r]


# --- the letter, kept ----------------------------------------------------------------------


def test_the_letter_is_kept_as_it_was_sent_and_made_again_the_same(requests: Requests) -> None:
    public_id = world.run(requests, "erasure", PIET)
    requests.approve(public_id, actor="admin:anna", preview=requests.preview(public_id).fingerprint)
    sent = world.text(world.answer(requests))  # delivers the outbox, which empties the letter
    with requests.database.read() as session:
        row = session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "answered")
            .order_by(OutboxMessage.id.desc())
        )
        assert row is not None and row.message == b""
    kept = requests.letter(public_id)
    assert kept is not None and not kept["replayed"] and kept["state"] == "sent"
    assert kept["text"].strip() == sent.strip()
    assert kept["subject"] == "Antwoord op uw verzoek om verwijdering van uw gegevens"
    # A request answered before letters were kept: made again from its outcome.
    with requests.database.write() as session:
        request = session.scalar(select(Request).where(Request.public_id == public_id))
        assert request is not None and request.outcome is not None
        request.outcome = {k: v for k, v in request.outcome.items() if k != "letter"}
    replayed = requests.letter(public_id)
    assert replayed is not None and replayed["replayed"]
    assert replayed["text"].strip() == sent.strip()


def test_a_kept_letter_holds_no_working_link(requests: Requests) -> None:
    public_id = world.run(requests, "access", JAN)
    sent = world.text(world.answer(requests))
    link = re.search(r"/download/(\S+)", sent)
    assert link and link.group(1) != MASK
    kept = requests.letter(public_id)
    assert kept is not None
    assert f"/download/{MASK}" in kept["text"] and link.group(1) not in kept["text"]
    assert kept["text"].replace(f"/download/{MASK}", "") == sent.replace(
        f"/download/{link.group(1)}", ""
    )
