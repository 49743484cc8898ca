"""A legal hold keeps only what the law needs (Art. 17(3)(b), 5(1)(c)), on SQLite and
PostgreSQL.

Jan asks for erasure. His invoice of 2024 is under the 7-year tax hold, which keeps his
name, his address and the amounts, not his e-mail address or phone number. So the
invoice stays without his e-mail address, and his customer row, which stays only
because the invoice refers to it, keeps his name and address and loses the rest. A
hold that does not say what it keeps keeps its rows whole, as before, and the checker
says so. The dry run reports what the run does; an erasure that was interrupted and
run again ends where one run ends. Retention sweeps trim a customer whose own period
has ended in the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.schema import MASK
from waarborg.declaration.lint import check
from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration
from waarborg.retention import plan, sweep
from waarborg.store import Database

from . import retention_world as world
from . import shop
from .databases import DATASTORE_DIALECTS, empty_datastore
from .test_datastores_sql import JAN

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PIET = {"email": "piet@example.nl"}

metadata = sa.MetaData()
customer = sa.Table(
    "customer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("phone", sa.String(20)),
    sa.Column("street", sa.String(100)),
    sa.Column("city", sa.String(100)),
    sa.Column("ended_at", sa.DateTime),
)
invoice = sa.Table(
    "invoice",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("name", sa.String(100)),
    sa.Column("email", sa.String(100)),
    sa.Column("billing_address", sa.String(200)),
    sa.Column("amount", sa.Numeric(10, 2), nullable=False),
    sa.Column("issued_at", sa.Date),
)

ROWS: dict[str, list[dict[str, Any]]] = {
    "customer": [
        {
            "id": 1,
            "email": "jan@example.nl",
            "name": "Jan Jansen",
            "phone": "+31 6 12345678",
            "street": "Dorpsstraat 1",
            "city": "Hengelo",
            "ended_at": datetime(2025, 12, 1),
        },
        {
            "id": 2,
            "email": "piet@example.nl",
            "name": "Piet Pietersen",
            "phone": "+31 6 87654321",
            "street": "Kerkstraat 2",
            "city": "Delden",
            "ended_at": datetime(2025, 12, 1),
        },
    ],
    "invoice": [
        # under the tax hold until 1 May 2031
        {
            "id": 10,
            "customer_id": 1,
            "name": "Jan Jansen",
            "email": "jan@example.nl",
            "billing_address": "Dorpsstraat 1, Hengelo",
            "amount": Decimal("2145.95"),
            "issued_at": date(2024, 5, 1),
        },
        # seven years have passed
        {
            "id": 11,
            "customer_id": 1,
            "name": "Jan Jansen",
            "email": "jan@example.nl",
            "billing_address": "Dorpsstraat 1, Hengelo",
            "amount": Decimal("99.00"),
            "issued_at": date(2018, 1, 1),
        },
        {
            "id": 20,
            "customer_id": 2,
            "name": "Piet Pietersen",
            "email": "piet@example.nl",
            "billing_address": "Kerkstraat 2, Delden",
            "amount": Decimal("10.00"),
            "issued_at": date(2025, 6, 1),
        },
    ],
}

#: What the tax hold needs of an invoice.
KEEPS = ["name", "address", "invoice_data"]
FISCAL: dict[str, Any] = {
    "after": "invoice_date",
    "keep": "P7Y",
    "hold": "AWR art. 52",
    "keeps": KEEPS,
}
TABLES: dict[str, Any] = {
    "customer": {
        "key": "id",
        "identity": {"email": "email"},
        "columns": {
            "email": "email",
            "name": "name",
            "phone": "phone",
            "street": "address",
            "city": "address",
        },
        "events": {"relationship_end": "ended_at"},
        "retention": "after_relationship",
    },
    "invoice": {
        "key": "id",
        "references": {"customer_id": "customer.id"},
        "columns": {
            "name": "name",
            "email": "email",
            "billing_address": "address",
            "amount": "invoice_data",
        },
        "events": {"invoice_date": "issued_at"},
        "retention": "fiscal",
    },
}


def declaration(url: str, fiscal: dict[str, Any] | None = None) -> Declaration:
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
        "categories": {"name": {}, "email": {}, "phone": {}, "address": {}, "invoice_data": {}},
        "retention": {
            "fiscal": FISCAL if fiscal is None else fiscal,
            "after_relationship": {"after": "relationship_end", "keep": "P4W"},
        },
        "datastores": {"shop": {"url": url, "tables": TABLES}},
    }
    return load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})


@pytest.fixture(params=DATASTORE_DIALECTS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, a fresh schema on PostgreSQL, a fresh
    database on MariaDB."""
    return empty_datastore(request, request.param, tmp_path)


def _fill(engine: sa.Engine) -> None:
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            connection.execute(table.insert(), ROWS[table.name])


@pytest.fixture
def engine(url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url)
    _fill(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def now() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def rows(engine: sa.Engine) -> dict[str, dict[int, dict[str, Any]]]:
    """Every row of every table, by key."""
    with engine.connect() as connection:
        return {
            table.name: {
                row["id"]: dict(row) for row in connection.execute(sa.select(table)).mappings()
            }
            for table in metadata.sorted_tables
        }


def _erase(url: str, identity: dict[str, str], **options: Any) -> Any:
    connector = connect(declaration(url, options.pop("fiscal", None)), "shop")
    try:
        return connector.erase(identity, **options)
    finally:
        connector.close()


# --- erasure ----------------------------------------------------------------------------


@pytest.mark.usefixtures("now")
def test_a_held_invoice_and_its_customer_keep_only_what_the_tax_law_needs(
    url: str, engine: sa.Engine
) -> None:
    before = rows(engine)
    result = _erase(url, JAN)
    after = rows(engine)

    # the held invoice keeps name, address and amount; the e-mail address goes
    held = after["invoice"][10]
    assert held == {**before["invoice"][10], "email": None}
    assert 11 not in after["invoice"]  # past the hold: deleted
    # the customer row stays for the invoice, with name and address only
    jan = after["customer"][1]
    assert (jan["name"], jan["street"], jan["city"]) == ("Jan Jansen", "Dorpsstraat 1", "Hengelo")
    assert jan["phone"] is None
    assert jan["email"] == f"{MASK}-1"  # unique and NOT NULL: masked, no longer his
    assert jan["ended_at"] == before["customer"][1]["ended_at"]  # no category: not his data
    # Piet is untouched
    assert after["customer"][2] == before["customer"][2]
    assert after["invoice"][20] == before["invoice"][20]

    table = result.table("invoice")
    assert (table.found, table.deleted, table.trimmed) == (2, 1, 1)
    [hold] = table.kept
    assert (hold.reason, hold.rule, hold.ground, hold.until) == (
        "hold",
        "fiscal",
        "AWR art. 52",
        date(2031, 5, 1),
    )
    assert hold.categories == ("name", "address", "invoice_data")
    assert hold.erased_categories == ("email",)
    table = result.table("customer")
    assert (table.found, table.deleted, table.trimmed) == (1, 0, 1)
    [referenced] = table.kept
    assert (referenced.reason, referenced.rule, referenced.ground) == (
        "referenced",
        "fiscal",
        "AWR art. 52",
    )
    assert referenced.until == date(2031, 5, 1)  # the end of the hold on the invoice
    assert referenced.keys == ((1,),)
    assert referenced.categories == ("name", "address")
    assert referenced.erased_categories == ("email", "phone")
    assert result.changed == 1 + 1 + 1  # the old invoice deleted, two rows trimmed
    # what the letter reads
    kept = {t["table"]: t["kept"][0] for t in result.as_dict()["tables"] if t["kept"]}
    assert kept["customer"]["categories"] == ["name", "address"]
    assert kept["customer"]["erased_categories"] == ["email", "phone"]
    assert kept["customer"]["until"] == "2031-05-01"
    assert (kept["customer"]["rule"], kept["customer"]["ground"]) == ("fiscal", "AWR art. 52")
    assert kept["invoice"]["reason"] == "hold"


@pytest.mark.usefixtures("now")
def test_a_hold_that_does_not_say_what_it_keeps_keeps_rows_whole(
    url: str, engine: sa.Engine
) -> None:
    fiscal = {k: v for k, v in FISCAL.items() if k != "keeps"}
    findings = [f for f in check(declaration(url, fiscal)) if f.rule == "hold-scope-unstated"]
    assert [f.path for f in findings] == [("retention", "fiscal", "hold")]
    assert not [f for f in check(declaration(url)) if f.rule == "hold-scope-unstated"]

    before = rows(engine)
    result = _erase(url, JAN, fiscal=fiscal)
    after = rows(engine)
    assert after["invoice"] == {i: r for i, r in before["invoice"].items() if i != 11}
    assert after["customer"] == before["customer"]
    [hold] = result.table("invoice").kept
    assert hold.categories == ("name", "email", "address", "invoice_data")
    assert hold.erased_categories == ()
    [referenced] = result.table("customer").kept
    assert referenced.categories == ("email", "name", "phone", "address")
    assert referenced.erased_categories == ()
    assert referenced.until == date(2031, 5, 1)
    assert result.changed == 1


@pytest.mark.usefixtures("now")
def test_a_dry_run_reports_what_the_run_does(url: str, engine: sa.Engine) -> None:
    before = rows(engine)
    dry = _erase(url, JAN, dry_run=True)
    assert rows(engine) == before
    real = _erase(url, JAN)
    assert dry.dry_run and not real.dry_run
    assert dry.as_dict()["tables"] == real.as_dict()["tables"]
    assert sum(t.trimmed for t in dry.tables) == 2


class Interrupted(Exception):
    pass


@pytest.mark.usefixtures("now")
def test_an_interrupted_erasure_run_again_does_nothing_twice(
    url: str, engine: sa.Engine, tmp_path: Path
) -> None:
    """The erasure breaks after it trimmed the invoice, before the customer: nothing of
    it stays. Run again, it ends where one uninterrupted run ends, and a third run
    changes nothing."""
    before = rows(engine)
    connector = connect(declaration(url), "shop")
    trims: list[str] = []

    def interrupt(_c: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            trims.append(statement)
            if len(trims) == 2:  # the second trim: the customer row
                raise Interrupted

    try:
        sa.event.listen(connector.engine, "before_cursor_execute", interrupt)  # type: ignore[attr-defined]
        with pytest.raises(Interrupted):
            connector.erase(JAN)
        sa.event.remove(connector.engine, "before_cursor_execute", interrupt)  # type: ignore[attr-defined]
        assert rows(engine) == before
        again = connector.erase(JAN)
        third = connector.erase(JAN)
    finally:
        connector.close()
    assert "invoice" in trims[0] and "customer" in trims[1]
    assert (again.table("invoice").trimmed, again.table("customer").trimmed) == (1, 1)
    after = rows(engine)
    assert after["invoice"][10]["email"] is None
    assert (after["customer"][1]["phone"], after["customer"][1]["name"]) == (None, "Jan Jansen")
    assert third.changed == 0
    assert rows(engine) == after


@pytest.mark.usefixtures("now")
def test_a_row_something_else_keeps_too_stays_whole(url: str, engine: sa.Engine) -> None:
    """A review must name its customer: anonymised, it still refers to Jan's row, which
    therefore stays whole beside his trimmed invoice."""
    with engine.begin() as c:
        c.execute(
            sa.text(
                "CREATE TABLE review (id INTEGER PRIMARY KEY, "
                "customer_id INTEGER NOT NULL REFERENCES customer (id), text VARCHAR(200))"
            )
        )
        c.execute(sa.text("INSERT INTO review VALUES (1, 1, 'Lekker')"))
    tables = {
        **TABLES,
        "review": {
            "key": "id",
            "references": {"customer_id": "customer.id"},
            "columns": {"text": "name"},
            "erase": "anonymise",
        },
    }
    data = declaration(url).model_dump(exclude_unset=True, mode="json")
    data["datastores"]["shop"]["tables"] = tables
    made = load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
    before = rows(engine)
    connector = connect(made, "shop")
    try:
        result = connector.erase(JAN)
    finally:
        connector.close()
    after = rows(engine)
    assert after["customer"][1] == before["customer"][1]
    assert after["invoice"][10]["email"] is None
    [referenced] = result.table("customer").kept
    assert referenced.erased_categories == () and "phone" in referenced.categories
    assert referenced.until is None  # the review keeps it too, for as long as it stays
    assert referenced.rule is None


@pytest.mark.usefixtures("now")
def test_until_is_unknown_while_a_held_row_has_no_end_yet(url: str, engine: sa.Engine) -> None:
    """An invoice without a date is held for as long as it has none: nobody knows when
    the last of Jan's invoices, or his customer row, may go."""
    with engine.begin() as c:
        c.execute(invoice.insert(), [{**ROWS["invoice"][0], "id": 12, "issued_at": None}])
    result = _erase(url, JAN)
    [hold] = result.table("invoice").kept
    assert (hold.rows, hold.until) == (2, None)
    [referenced] = result.table("customer").kept
    assert (referenced.rule, referenced.until) == ("fiscal", None)
    assert result.table("invoice").trimmed == 2


@pytest.mark.usefixtures("now")
def test_a_held_table_without_a_key(url: str, engine: sa.Engine) -> None:
    """Receipts have no key: their held rows are trimmed in one statement and the last
    receipt date gives the end; the customer row they refer to cannot be told apart per
    row, so it stays whole."""
    with engine.begin() as c:
        c.execute(
            sa.text(
                "CREATE TABLE receipt (customer_id INTEGER REFERENCES customer (id), "
                "email VARCHAR(100), name VARCHAR(100), issued_at DATE)"
            )
        )
        c.execute(
            sa.text("INSERT INTO receipt VALUES (1, :e, 'Jan', :a), (1, :e, 'Jan', :b)"),
            {"e": JAN["email"], "a": date(2025, 1, 1), "b": date(2024, 1, 1)},
        )
    data = declaration(url).model_dump(exclude_unset=True, mode="json")
    data["datastores"]["shop"]["tables"]["receipt"] = {
        "references": {"customer_id": "customer.id"},
        "columns": {"email": "email", "name": "name"},
        "events": {"invoice_date": "issued_at"},
        "retention": "fiscal",
    }
    made = load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
    before = rows(engine)
    connector = connect(made, "shop")
    try:
        result = connector.erase(JAN)
    finally:
        connector.close()
    with engine.connect() as c:
        receipts = c.execute(sa.text("SELECT email, name FROM receipt")).all()
    assert [tuple(r) for r in receipts] == [(None, "Jan")] * 2
    table = result.table("receipt")
    assert (table.found, table.trimmed) == (2, 2)
    [hold] = table.kept
    assert (hold.until, hold.categories, hold.erased_categories) == (
        date(2032, 1, 1),
        ("name",),
        ("email",),
    )
    assert rows(engine)["customer"][1] == before["customer"][1]
    [referenced] = result.table("customer").kept
    assert (referenced.until, referenced.erased_categories) == (None, ())


# --- a chain: the address the kept customer row points at ------------------------------------


@pytest.fixture
def shop_engine(url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url)
    shop.fill(engine, customers=5)
    yield engine
    engine.dispose()


@pytest.mark.usefixtures("now")
def test_a_row_kept_for_a_kept_row_keeps_what_the_hold_keeps(
    url: str, shop_engine: sa.Engine
) -> None:
    """Klant 3's invoice of 2025 is held, which keeps the customer row, which keeps the
    address row: under a hold that keeps only the name, the address loses its street
    and city too."""
    tables: dict[str, Any] = yaml.safe_load(yaml.safe_dump(shop.DATASTORE))
    made = shop.declaration(url, tables)
    data = made.model_dump(exclude_unset=True, mode="json")
    data["retention"]["fiscal"]["keeps"] = ["name"]
    made = load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
    connector = connect(made, "shop")
    try:
        result = connector.erase({"email": "klant3@example.nl"})
    finally:
        connector.close()
    with shop_engine.connect() as c:
        klant = c.execute(sa.select(shop.customer).where(shop.customer.c.id == 3)).one()
        address = c.execute(sa.select(shop.address).where(shop.address.c.id == 3)).one()
        held = c.execute(sa.select(shop.invoice).where(shop.invoice.c.id == 30)).one()
    assert (klant.name, klant.email, klant.address_id) == ("Klant 3", f"{MASK}-3", 3)
    assert (address.street, address.city, address.zip) == (MASK, None, None)
    assert held.name == "Klant 3"
    [kept] = result.table("address").kept
    assert (kept.reason, kept.rule, kept.ground) == ("referenced", "fiscal", "AWR art. 52")
    assert kept.until == date(2032, 1, 1)
    assert (kept.categories, kept.erased_categories) == ((), ("address",))
    [kept] = result.table("customer").kept
    assert (kept.categories, kept.erased_categories) == (("name",), ("email",))


# --- retention sweeps -----------------------------------------------------------------------


@pytest.fixture
def datastore_url(database: Database, tmp_path: Path) -> str:
    """A datastore on the store's kind of database (on PostgreSQL: the store's schema)."""
    if database.dialect == "sqlite":
        path = tmp_path / "shop.db"
        path.touch()
        return f"sqlite:///{path}"
    url = database.url.render_as_string(hide_password=False)
    return sa.make_url(url).set(drivername="postgresql+psycopg").render_as_string(False)


def test_a_sweep_trims_a_customer_kept_only_for_a_held_invoice(
    database: Database, datastore_url: str
) -> None:
    """Jan's and Piet's relationships ended more than four weeks ago, but their invoices
    of 2024 and 2025 are held: the sweep keeps their rows with name and address only,
    in batches of one row. A second run changes nothing."""
    engine = sa.create_engine(datastore_url)
    try:
        _fill(engine)
        made = declaration(datastore_url)
        counts = plan(made, now=NOW).as_dict()["rules"]["after_relationship"][0]
        assert (counts["expired"], counts["changes"], counts["trimmed"]) == (2, 0, 2)
        first = sweep(made, database, now=NOW, batch_size=1)
        after = rows(engine)
        again = sweep(made, database, now=NOW, batch_size=1)
        assert rows(engine) == after
    finally:
        engine.dispose()
    [swept] = [t for t in first.tables if t.target.table == "customer"]
    assert (swept.deleted, swept.trimmed) == (0, 2)
    assert first.trimmed == 2 and again.trimmed == 0
    for key, name in ((1, "Jan Jansen"), (2, "Piet Pietersen")):
        row = after["customer"][key]
        assert (row["name"], row["phone"], row["email"]) == (name, None, f"{MASK}-{key}")
    # held invoices are never changed by a sweep; the old one is gone
    assert after["invoice"][10]["email"] == "jan@example.nl"
    assert 11 not in after["invoice"]


def test_the_plan_counts_the_trims_the_run_makes(database: Database, datastore_url: str) -> None:
    """In the retention world, Jan's row is kept only for his held invoice and loses his
    e-mail address; Bram's row is kept for a subscription that stays, so it stays whole;
    Anna's only subscription is anonymised (its link cut), so her row goes."""
    engine = sa.create_engine(datastore_url)
    try:
        world.fill(engine)
        retention = {**world.RETENTION, "fiscal": {**world.RETENTION["fiscal"], "keeps": ["name"]}}
        data: dict[str, Any] = {
            "waarborg": 1,
            "controller": {"name": "Koekjeshuis B.V."},
            "categories": {"name": {}, "email": {}, "ip_address": {}},
            "retention": retention,
            "datastores": {"shop": {"url": datastore_url, "tables": world.TABLES}},
        }
        made = load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
        before = world.snapshot(engine)
        planned = {t.target.table: t.counts for t in plan(made, now=world.NOW).tables if t.counts}
        report = sweep(made, database, now=world.NOW, batch_size=2)
        after = world.snapshot(engine)
    finally:
        engine.dispose()
    ran = {t.target.table: t for t in report.tables if t.target.table in planned}
    assert {k: c.trimmed for k, c in planned.items()} == {k: t.trimmed for k, t in ran.items()}
    assert planned["customer"].trimmed == 1
    customers = {row[0]: row for row in after["customer"]}
    assert customers[1] == (1, f"{MASK}-1", "Jan", datetime(2025, 12, 1))
    assert customers[6] == next(r for r in before["customer"] if r[0] == 6)
    assert 5 not in customers
