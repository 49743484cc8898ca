"""Erasure across references, on SQLite and PostgreSQL: anonymising a row cuts its link
to the person's rows so they can go, and a linked row shared with other records is
left alone. On the shop fixture and on the demo CRM."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from dateutil.relativedelta import relativedelta

from waarborg import clock
from waarborg.datastores.base import Connector
from waarborg.datastores.engine import quiet_reflection
from waarborg.datastores.registry import connect
from waarborg.datastores.schema import MASK
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load
from waarborg.demo import KNOWN_PEOPLE, build_demo, demo_files

from . import shop
from .databases import DATASTORE_DIALECTS, empty_datastore
from .test_datastores_sql import JAN, PIET, _driver, snapshot

KLANT3 = {"email": "klant3@example.nl"}


@pytest.fixture(params=DATASTORE_DIALECTS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, a fresh schema on PostgreSQL, a fresh
    database on MariaDB."""
    return empty_datastore(request, request.param, tmp_path)


@pytest.fixture
def engine(url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url)
    shop.fill(engine, customers=5)
    yield engine
    engine.dispose()


@pytest.fixture
def now() -> Iterator[None]:
    with clock.frozen(shop.NOW):
        yield


def _spec(**changes: dict[str, Any]) -> dict[str, Any]:
    """The shop's datastore with some tables changed (``None`` values remove a key)."""
    spec: dict[str, Any] = yaml.safe_load(yaml.safe_dump(shop.DATASTORE))
    for table, values in changes.items():
        declared = spec["tables"].setdefault(table, {})
        for key, value in values.items():
            if value is None:
                declared.pop(key, None)
            else:
                declared[key] = value
    return spec


def _connect(url: str, spec: dict[str, Any]) -> Connector:
    return connect(shop.declaration(url, spec), "shop")


def _rows(engine: sa.Engine, table: sa.Table, *where: Any) -> list[Any]:
    with engine.connect() as c:
        return list(c.execute(sa.select(table).where(*where).order_by(*table.primary_key)))


# --- anonymising cuts the link to the person ------------------------------------------------

#: Logins anonymise without declaring what happens to their customer_id.
LOGIN = {"columns": {"ip": {"category": "ip_address", "erase": "null"}}}


@pytest.mark.usefixtures("now")
def test_anonymising_cuts_the_link_so_the_persons_row_can_go(url: str, engine: sa.Engine) -> None:
    """Piet's logins stay for the statistics, anonymised and no longer linked to him;
    his customer row then goes (his only invoice is past the tax hold)."""
    before = snapshot(engine)
    connector = _connect(url, _spec(login=LOGIN))
    try:
        result = connector.erase(PIET)
        again = connector.erase(PIET)
    finally:
        connector.close()
    logins = _rows(engine, shop.login, shop.login.c.id.in_([200, 201, 202]))
    assert [(r.customer_id, r.ip) for r in logins] == [(None, None)] * 3
    assert [r.time for r in logins] == [datetime(2025, 1, 1 + i) for i in range(3)]
    assert _rows(engine, shop.customer, shop.customer.c.id == 2) == []
    assert result.table("login").anonymised == 3
    customer = result.table("customer")
    assert (customer.found, customer.deleted, customer.kept) == (1, 1, ())
    # other people's logins keep their link
    others = [r for r in before["login"] if r[0] // 100 != 2]
    assert [r for r in snapshot(engine)["login"] if r[0] // 100 != 2] == others
    # a second run finds nothing left to do
    assert again.changed == 0 and again.table("login").found == 0


@pytest.mark.usefixtures("now")
def test_the_link_is_cut_even_when_the_persons_row_stays(url: str, engine: sa.Engine) -> None:
    """Jan's customer row stays for his held invoice; his anonymised logins still lose
    their link to it, and the report names only the invoice."""
    connector = _connect(url, _spec(login=LOGIN))
    try:
        result = connector.erase(JAN)
    finally:
        connector.close()
    logins = _rows(engine, shop.login, shop.login.c.id.in_([100, 101, 102]))
    assert [(r.customer_id, r.ip) for r in logins] == [(None, None)] * 3
    [kept] = result.table("customer").kept
    assert kept.detail == "still referred to by rows that stay in invoice (kept under AWR art. 52)"


@pytest.mark.usefixtures("now")
def test_a_held_row_keeps_its_link(url: str, engine: sa.Engine) -> None:
    """An anonymised table under a legal hold leaves its held rows as they are, link and
    all, and the person's row they refer to stays for them."""
    invoice = {"erase": "anonymise", "columns": {"name": "name"}}
    connector = _connect(url, _spec(invoice=invoice))
    try:
        result = connector.erase(JAN)
    finally:
        connector.close()
    rows = {r.id: r for r in _rows(engine, shop.invoice, shop.invoice.c.id.in_([10, 11]))}
    assert (rows[10].customer_id, rows[10].name) == (1, "Klant 1")  # held: unchanged
    assert (rows[11].customer_id, rows[11].name) == (None, None)  # anonymised and cut
    table = result.table("invoice")
    assert (table.found, table.anonymised, table.kept_rows) == (2, 1, 1)
    [kept] = result.table("customer").kept
    assert kept.detail == "still referred to by rows that stay in invoice (kept under AWR art. 52)"


@pytest.mark.usefixtures("now")
def test_a_link_that_cannot_be_null_keeps_the_row_and_says_why(url: str, engine: sa.Engine) -> None:
    """A review must name its customer: anonymising it removes its text but cannot cut
    the link, so Piet's customer row stays and the report says why."""
    with engine.begin() as c:
        c.execute(
            sa.text(
                "CREATE TABLE review (id INTEGER PRIMARY KEY, "
                "customer_id INTEGER NOT NULL REFERENCES customer (id), text VARCHAR(200))"
            )
        )
        c.execute(sa.text("INSERT INTO review VALUES (1, 2, 'Lekker'), (2, 1, 'Prima')"))
    review = {
        "key": "id",
        "references": {"customer_id": "customer.id"},
        "columns": {"text": "name"},
        "erase": "anonymise",
    }
    connector = _connect(url, _spec(login=LOGIN, review=review))
    try:
        result = connector.erase(PIET)
        again = connector.erase(PIET)
    finally:
        connector.close()
    with engine.connect() as c:
        reviews = c.execute(sa.text("SELECT id, customer_id, text FROM review ORDER BY id")).all()
    assert [tuple(r) for r in reviews] == [(1, 2, None), (2, 1, "Prima")]
    assert result.table("review").anonymised == 1
    [kept] = result.table("customer").kept
    assert kept.reason == "referenced" and kept.keys == ((2,),)
    assert kept.detail == (
        "still referred to by rows that stay in review "
        "(anonymised, but review.customer_id cannot be NULL)"
    )
    assert again.changed == 0


# --- linked rows shared with other records --------------------------------------------------

#: Addresses anonymise rather than go.
ADDRESS = {"erase": "anonymise"}


@pytest.mark.usefixtures("now")
def test_a_linked_row_of_the_persons_own_is_erased(url: str, engine: sa.Engine) -> None:
    before = snapshot(engine)
    connector = _connect(url, _spec(address=ADDRESS))
    try:
        result = connector.erase(KLANT3)
    finally:
        connector.close()
    [address] = _rows(engine, shop.address, shop.address.c.id == 3)
    assert (address.street, address.city, address.zip) == (MASK, None, None)
    assert result.table("address").anonymised == 1 and result.table("address").kept == ()
    others = [r for r in before["address"] if r[0] != 3]
    assert [r for r in snapshot(engine)["address"] if r[0] != 3] == others


@pytest.mark.usefixtures("now")
def test_a_linked_row_shared_with_others_is_left_alone(url: str, engine: sa.Engine) -> None:
    """Piet's second order ships to Jan's address: Jan's erasure leaves it as it is and
    reports it as shared; Piet's leaves it too, and anonymises his own address."""
    connector = _connect(url, _spec(address=ADDRESS))
    try:
        jan = connector.erase(JAN)
        [address] = _rows(engine, shop.address, shop.address.c.id == 1)
        assert (address.street, address.city) == ("Straat 1", "Utrecht")
        table = jan.table("address")
        assert (table.found, table.anonymised) == (1, 0)
        [kept] = table.kept
        assert (kept.reason, kept.rows, kept.keys) == ("shared", 1, ((1,),))
        assert kept.detail == (
            "still referred to by rows that stay in orders (shared with other records)"
        )
        piet = connector.erase(PIET)
    finally:
        connector.close()
    streets = {r.id: r.street for r in _rows(engine, shop.address)}
    assert (streets[1], streets[2]) == ("Straat 1", MASK)
    table = piet.table("address")
    assert (table.found, table.anonymised) == (2, 1)
    [kept] = table.kept
    assert kept.reason == "shared" and kept.keys == ((1,),)
    # Jan's orders and card are gone; his customer row stays for the held invoice
    assert kept.detail == (
        "still referred to by rows that stay in customer (shared with other records)"
    )


@pytest.mark.usefixtures("now")
def test_a_shared_row_is_reported_as_shared_when_deleting(url: str, engine: sa.Engine) -> None:
    """With the shop as declared (addresses are deleted), Piet's erasure deletes his own
    address and keeps Jan's, which he only shipped to once."""
    connector = _connect(url, shop.DATASTORE)
    try:
        result = connector.erase(PIET)
    finally:
        connector.close()
    assert {r.id for r in _rows(engine, shop.address)} == {1, 3, 4, 5}
    table = result.table("address")
    assert (table.found, table.deleted) == (2, 1)
    [kept] = table.kept
    assert (kept.reason, kept.keys, kept.ground) == ("shared", ((1,),), None)
    assert kept.detail == (
        "still referred to by rows that stay in customer, orders, payment_card "
        "(shared with other records)"
    )


@pytest.mark.usefixtures("now")
def test_a_shared_row_of_a_table_without_a_key(url: str, engine: sa.Engine) -> None:
    """A household without a primary key, shared by Jan and Piet, is counted and kept."""
    with engine.begin() as c:
        c.execute(
            sa.text(
                "CREATE TABLE household (code VARCHAR(10) NOT NULL UNIQUE, "
                "contact_name VARCHAR(100))"
            )
        )
        c.execute(sa.text("INSERT INTO household VALUES ('A', 'Fam. Jansen'), ('B', 'Klant')"))
        c.execute(sa.text("ALTER TABLE visit ADD COLUMN household_code VARCHAR(10)"))
        c.execute(sa.text("UPDATE visit SET household_code = 'A' WHERE email LIKE '%example.nl'"))
        c.execute(sa.text("UPDATE visit SET household_code = 'B' WHERE email = :email"), KLANT3)
    spec = _spec(
        visit={"references": {"household_code": "household.code"}},
        household={"columns": {"contact_name": "name"}, "erase": "anonymise"},
    )
    connector = _connect(url, spec)
    try:
        jan = connector.erase(JAN)
    finally:
        connector.close()
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT code, contact_name FROM household")).all()
    names = {code: name for code, name in rows}
    assert names == {"A": "Fam. Jansen", "B": "Klant"}
    table = jan.table("household")
    assert (table.found, table.anonymised) == (1, 0)
    [kept] = table.kept
    assert (kept.reason, kept.rows, kept.keys) == ("shared", 1, ())
    assert kept.detail == "still referred to by rows that stay in visit (shared with other records)"


# --- the demo CRM ----------------------------------------------------------------------------

DAY = date(2026, 3, 15)
JANSEN = {"email": KNOWN_PEOPLE[0].email}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder, contacts=60, today=DAY)
    return folder


def _copy_crm(source: Path, url: str) -> None:
    """The demo CRM, copied table by table into the (empty) database at ``url``."""
    reader = sa.create_engine(f"sqlite:///{source}")
    writer = sa.create_engine(url)
    try:
        tables = sa.MetaData()
        with quiet_reflection():  # the demo's index on lower(email) is not copied
            tables.reflect(bind=reader)
        target = sa.MetaData()
        for table in tables.sorted_tables:
            copy = table.to_metadata(target)
            for column in copy.columns:
                column.type = column.type.as_generic()
        target.create_all(writer)
        with reader.connect() as read, writer.begin() as write:
            for table in tables.sorted_tables:
                rows = [dict(r) for r in read.execute(sa.select(table)).mappings()]
                if rows:
                    write.execute(target.tables[table.name].insert(), rows)
    finally:
        reader.dispose()
        writer.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def crm(request: pytest.FixtureRequest, demo_dir: Path, tmp_path: Path) -> Iterator[SqlConnector]:
    """A fresh copy of the demo CRM, on SQLite and on PostgreSQL, and its connector."""
    declaration_file, source = demo_files(demo_dir)
    if request.param == "sqlite":
        copy = tmp_path / "crm.sqlite"
        shutil.copyfile(source, copy)
        url = f"sqlite:///{copy}"
    else:
        url = _driver(request.getfixturevalue("postgres_schema_url"))
        _copy_crm(source, url)
    declaration = load(declaration_file)
    store = declaration.datastores["crm"].model_copy(update={"url": url})
    declaration = declaration.model_copy(update={"datastores": {"crm": store}})
    connector = connect(declaration, "crm")
    assert isinstance(connector, SqlConnector)
    with clock.frozen(datetime(DAY.year, DAY.month, DAY.day, 12, tzinfo=UTC)):
        yield connector
    connector.close()


def _select(connector: SqlConnector, sql: str, **params: Any) -> list[dict[str, Any]]:
    with connector.engine.connect() as c:
        return [dict(r) for r in c.execute(sa.text(sql), params).mappings()]


def _table(connector: SqlConnector, name: str) -> dict[Any, dict[str, Any]]:
    return {r["id"]: r for r in _select(connector, f"SELECT * FROM {name}")}


def _day(value: Any) -> date:
    """A DATE column's value (text on SQLite, a date on PostgreSQL)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def test_the_demo_erasure_of_a_sole_trader(crm: SqlConnector) -> None:
    """Jan Jansen's contact row goes; his projects and visits stay, anonymised and no
    longer linked to him; invoices younger than 7 years stay under the fiscal hold; his
    newsletter subscription goes; his sole trader's company is his data and is
    anonymised, and every other company is untouched."""
    [contact] = _select(crm, "SELECT * FROM contacts WHERE email = :e", e=JANSEN["email"])
    jan, company = contact["id"], contact["company_id"]
    projects = {
        r["id"] for r in _select(crm, "SELECT id FROM projects WHERE contact_id = :i", i=jan)
    }
    visits = {
        r["id"] for r in _select(crm, "SELECT id FROM website_visits WHERE contact_id = :i", i=jan)
    }
    invoices = _select(crm, "SELECT * FROM invoices WHERE email = :e", e=JANSEN["email"])
    young = {r["id"]: r for r in invoices if _day(r["invoice_date"]) > DAY - relativedelta(years=7)}
    assert projects and visits and young and len(young) < len(invoices)
    companies = _table(crm, "companies")
    contacts = _table(crm, "contacts")
    pages = {i: r["page"] for i, r in _table(crm, "website_visits").items() if i in visits}

    result = crm.erase(JANSEN)

    assert _select(crm, "SELECT id FROM contacts WHERE id = :i", i=jan) == []
    assert _table(crm, "contacts") == {i: r for i, r in contacts.items() if i != jan}
    after = _table(crm, "projects")
    assert all(
        after[p]["contact_id"] is None and after[p]["company_id"] == company for p in projects
    )
    after = _table(crm, "website_visits")
    assert all(
        (after[v]["contact_id"], after[v]["ip_address"], after[v]["city"]) == (None, None, None)
        and after[v]["page"] == pages[v]
        for v in visits
    )
    # held rows keep what the tax hold needs (keeps: name, address, VAT number, the
    # invoice), and lose the e-mail address
    now_invoices = _table(crm, "invoices")
    assert {i: now_invoices[i] for i in young} == {
        i: {**r, "email": None} for i, r in young.items()
    }
    assert _select(crm, "SELECT id FROM invoices WHERE email = :e", e=JANSEN["email"]) == []
    assert (
        _select(crm, "SELECT id FROM newsletter_subscribers WHERE email = :e", e=JANSEN["email"])
        == []
    )
    assert _select(crm, "SELECT id FROM third_party_credentials WHERE contact_id = :i", i=jan) == []

    now = _table(crm, "companies")
    own = now[company]
    assert own["name"] == "Jansen Fotografie" and companies[company]["iban"]
    assert [own[c] for c in ("iban", "bic", "phone", "postal_street", "postal_city")] == [None] * 5
    assert (own["kvk"], own["street"]) == (companies[company]["kvk"], companies[company]["street"])
    assert {i: r for i, r in now.items() if i != company} == {
        i: r for i, r in companies.items() if i != company
    }

    assert result.table("contacts").deleted == 1 and result.table("contacts").kept == ()
    assert result.table("projects").anonymised == len(projects)
    assert result.table("website_visits").anonymised == len(visits)
    assert result.table("companies").anonymised == 1 and result.table("companies").kept == ()
    [held] = result.table("invoices").kept
    assert held.reason == "hold" and held.rows == len(young)
    assert crm.erase(JANSEN).changed == 0


def test_the_demo_erasure_leaves_a_shared_company_alone(crm: SqlConnector) -> None:
    """A contact of a company with several contacts: the contact goes, the company and
    the other contacts stay as they are, and the company is reported as shared."""
    [row] = _select(
        crm,
        "SELECT company_id FROM contacts GROUP BY company_id HAVING count(*) > 1 "
        "ORDER BY company_id LIMIT 1",
    )
    company = row["company_id"]
    members = _select(crm, "SELECT * FROM contacts WHERE company_id = :c ORDER BY id", c=company)
    before = _table(crm, "companies")[company]

    result = crm.erase({"email": members[0]["email"]})

    assert _table(crm, "companies")[company] == before
    assert (
        _select(crm, "SELECT * FROM contacts WHERE company_id = :c ORDER BY id", c=company)
        == (members[1:])
    )
    table = result.table("companies")
    assert (table.found, table.anonymised) == (1, 0)
    [kept] = table.kept
    assert (kept.reason, kept.keys) == ("shared", ((company,),))
    assert kept.detail.startswith("still referred to by rows that stay in contacts")
    assert kept.detail.endswith("(shared with other records)")
    assert result.table("contacts").deleted == 1
