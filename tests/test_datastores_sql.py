"""The SQL connector on a real SQLite file and a real PostgreSQL: access, portability,
erasure with legal holds, rectification, and its errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.datastores.engine import create_engine as datastore_engine
from waarborg.datastores.registry import connect
from waarborg.datastores.schema import MASK
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load_text
from waarborg.errors import DatastoreError, DatastoreMisconfigured, DatastoreUnavailable

from . import shop
from .databases import DATASTORE_DIALECTS, empty_datastore

JAN = {"email": "jan@example.nl"}
PIET = {"email": "piet@example.nl"}
DATASET = Path(__file__).parent / "data" / "fides_dataset.yml"


def _driver(url: str) -> str:
    """Reach PostgreSQL through psycopg 3, whatever driver the URL names."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


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
def connector(url: str, engine: sa.Engine) -> Iterator[SqlConnector]:
    made = connect(shop.declaration(url), "shop")
    assert isinstance(made, SqlConnector)
    yield made
    made.close()


@pytest.fixture
def now() -> Iterator[None]:
    with clock.frozen(shop.NOW):
        yield


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(row) for row in connection.execute(sa.select(table))), key=repr
            )
            for table in shop.metadata.sorted_tables
        }


def keys(rows: list[dict[str, Any]], *columns: str) -> set[Any]:
    return {
        row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns) for row in rows
    }


class Counter:
    """Counts the SQL statements an engine sends to the database."""

    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1

    def __call__(self) -> int:
        seen, self.count = self.count, 0
        return seen


# --- access and portability -----------------------------------------------------------


def test_access_returns_exactly_the_persons_rows(connector: SqlConnector) -> None:
    rows = connector.access(JAN)
    assert list(rows) == list(connector.graph(JAN).nodes)
    assert keys(rows["customer"], "id") == {1}
    assert keys(rows["visit"], "email") == {"jan@example.nl"}
    assert keys(rows["orders"], "id") == {"ord-1-0", "ord-1-1"}
    assert keys(rows["order_item"], "order_id", "item_no") == {
        ("ord-1-0", 0),
        ("ord-1-0", 1),
        ("ord-1-1", 0),
        ("ord-1-1", 1),
    }
    assert keys(rows["login"], "id") == {100, 101, 102}
    assert keys(rows["payment_card"], "id") == {"card-1"}
    assert keys(rows["invoice"], "id") == {10, 11}
    assert keys(rows["address"], "id") == {1}
    # whole rows, with their values
    assert rows["customer"][0]["name"] == "Klant 1"
    assert rows["invoice"][0]["issued_at"] in (date(2024, 5, 1), date(2018, 1, 1))


def test_access_follows_every_path_to_a_linked_table(connector: SqlConnector) -> None:
    """Piet's second order ships to Jan's address: that address is in Piet's answer
    (through the order), but none of Jan's own rows are."""
    rows = connector.access(PIET)
    assert keys(rows["address"], "id") == {1, 2}
    assert keys(rows["customer"], "id") == {2}
    assert all(row["customer_id"] == 2 for row in rows["orders"] + rows["login"])


def test_a_stranger_has_no_rows(connector: SqlConnector) -> None:
    rows = connector.access({"email": "nobody@example.nl"})
    assert rows and all(found == [] for found in rows.values())
    # an identity kind no table declares reaches nothing
    assert connector.access({"phone": "+31 6 12345678"}) == {}


def test_access_is_one_statement_per_table(connector: SqlConnector, engine: sa.Engine) -> None:
    connector.access(JAN)  # reflects the tables once
    counter = Counter(connector.engine)
    connector.access(JAN)
    transaction = 1 if engine.dialect.name == "sqlite" else 0  # its BEGIN
    assert counter() == len(connector.graph(JAN).nodes) + transaction


def test_portability_gives_only_what_the_person_provided(connector: SqlConnector) -> None:
    rows = connector.portability(JAN)
    # customer.name is marked provided; email is provided by its category
    assert rows == {
        "customer": [{"email": "jan@example.nl", "name": "Klant 1"}],
        "visit": [{"email": "jan@example.nl"}],
    }


# --- erasure ---------------------------------------------------------------------------


@pytest.mark.usefixtures("now")
def test_erasure_deletes_anonymises_and_keeps_as_declared(
    connector: SqlConnector, engine: sa.Engine
) -> None:
    before = snapshot(engine)
    result = connector.erase(JAN)
    after = snapshot(engine)

    def mine(table: str, row: tuple[Any, ...]) -> bool:
        return row in before[table] and row not in after[table]

    # other people's rows are untouched
    others: dict[str, Callable[[tuple[Any, ...]], bool]] = {
        "customer": lambda r: r[0] != 1,
        "orders": lambda r: r[1] != 1,
        "login": lambda r: r[0] // 100 != 1,
        "payment_card": lambda r: r[1] != 1,
        "invoice": lambda r: r[1] != 1,
        "visit": lambda r: r[0] != "jan@example.nl",
    }
    for table, other in others.items():
        assert [r for r in before[table] if other(r)] == [r for r in after[table] if other(r)]

    with engine.connect() as c:
        assert (
            c.execute(sa.select(shop.visit).where(shop.visit.c.email == JAN["email"])).all() == []
        )
        assert c.execute(sa.select(shop.orders).where(shop.orders.c.customer_id == 1)).all() == []
        items = sa.select(shop.order_item).where(shop.order_item.c.order_id.like("ord-1-%"))
        assert c.execute(items).all() == []
        assert (
            c.execute(
                sa.select(shop.payment_card.c.id).where(shop.payment_card.c.id == "card-1")
            ).all()
            == []
        )
        # logins stay, anonymised: no IP address and no link to the customer
        logins = c.execute(sa.select(shop.login).where(shop.login.c.id.in_([100, 101, 102]))).all()
        assert [(r.customer_id, r.ip) for r in logins] == [(None, None)] * 3
        # the 2024 invoice is under the tax hold; the 2018 one has run out
        invoices = c.execute(sa.select(shop.invoice.c.id).where(shop.invoice.c.customer_id == 1))
        assert [r.id for r in invoices] == [10]
        # the customer stays because the held invoice refers to it; so does the address
        assert c.execute(sa.select(shop.customer.c.id).where(shop.customer.c.id == 1)).all()
        assert c.execute(sa.select(shop.address.c.id).where(shop.address.c.id == 1)).all()
    assert sum(mine("order_item", r) for r in before["order_item"]) == 4

    assert result.datastore == "shop" and not result.dry_run
    invoice = result.table("invoice")
    assert (invoice.found, invoice.deleted) == (2, 1)
    [held] = invoice.kept
    assert (held.reason, held.rows, held.ground, held.rule) == ("hold", 1, "AWR art. 52", "fiscal")
    assert held.until == date(2031, 5, 1)
    assert held.keys == ((10,),)
    [customer] = result.table("customer").kept
    assert customer.reason == "referenced" and customer.keys == ((1,),)
    assert (
        customer.detail == "still referred to by rows that stay in invoice (kept under AWR art. 52)"
    )
    assert customer.ground == "AWR art. 52"
    assert result.table("login").anonymised == 3
    assert result.table("order_item").deleted == 4
    assert result.table("visit").deleted == 1
    assert result.changed == 1 + 3 + 1 + 1 + 4 + 2  # visit, login, card, invoice, items, orders
    # the result goes to the audit log and the answer as JSON
    as_json = json.loads(json.dumps(result.as_dict()))
    assert as_json["tables"][0]["table"] == result.tables[0].table
    assert as_json["at"] == "2026-03-01T12:00:00+00:00"
    assert [t["kept"][0]["keys"] for t in as_json["tables"] if t["table"] == "invoice"] == [[[10]]]


@pytest.mark.usefixtures("now")
def test_erasure_is_idempotent(connector: SqlConnector, engine: sa.Engine) -> None:
    first = connector.erase(JAN)
    state = snapshot(engine)
    second = connector.erase(JAN)
    assert snapshot(engine) == state
    assert first.changed > 0
    assert second.changed == 0
    assert [(t.table, t.kept_rows) for t in second.tables if t.kept] == [
        ("invoice", 1),
        ("customer", 1),
        ("address", 1),
    ]


@pytest.mark.usefixtures("now")
def test_a_shared_row_is_kept_for_the_others(connector: SqlConnector, engine: sa.Engine) -> None:
    result = connector.erase(PIET)
    with engine.connect() as c:
        assert c.execute(sa.select(shop.customer).where(shop.customer.c.id == 2)).all() == []
        remaining = {r.id for r in c.execute(sa.select(shop.address.c.id))}
    assert 2 not in remaining and 1 in remaining
    address = result.table("address")
    assert (address.found, address.deleted) == (2, 1)
    [kept] = address.kept
    assert kept.keys == ((1,),) and kept.detail.startswith("still referred to by rows that stay in")
    assert "customer" in kept.detail and kept.ground is None


@pytest.mark.usefixtures("now")
def test_a_dry_run_reports_without_changing(connector: SqlConnector, engine: sa.Engine) -> None:
    before = snapshot(engine)
    dry = connector.erase(JAN, dry_run=True)
    assert snapshot(engine) == before
    assert dry.dry_run
    real = connector.erase(JAN)
    assert dry.as_dict()["tables"] == real.as_dict()["tables"]


def test_a_hold_runs_out(connector: SqlConnector, engine: sa.Engine) -> None:
    with clock.frozen(shop.NOW) as advance:
        connector.erase(JAN)
        advance(timedelta(days=365 * 6))  # 2032: the 2024 invoice's seven years are over
        later = connector.erase(JAN)
    assert later.table("invoice").deleted == 1
    assert later.table("customer").deleted == 1
    with engine.connect() as c:
        assert c.execute(sa.select(shop.customer).where(shop.customer.c.id == 1)).all() == []


@pytest.mark.usefixtures("now")
def test_erasure_statements_do_not_grow_with_rows(
    connector: SqlConnector, engine: sa.Engine
) -> None:
    """Customer 3 gets 60 more orders and 120 more order items than customer 4; both
    erasures send the same number of statements."""
    with engine.begin() as c:
        c.execute(
            shop.orders.insert(),
            [{"id": f"big-{i}", "customer_id": 3, "shipping_address_id": 3} for i in range(60)],
        )
        c.execute(
            shop.order_item.insert(),
            [
                {"order_id": f"big-{i}", "item_no": n, "product_id": 1, "quantity": 2}
                for i in range(60)
                for n in range(2)
            ],
        )
    connector.access(JAN)  # reflect first
    counter = Counter(connector.engine)
    small = connector.erase({"email": "klant4@example.nl"})
    small_statements = counter()
    big = connector.erase({"email": "klant3@example.nl"})
    assert counter() == small_statements
    assert big.table("order_item").deleted == 124 and small.table("order_item").deleted == 4
    # per table: one statement to find the rows, one to change them, and, for rows kept
    # because others refer to them, one to list them and one per referring table
    tables = len(connector.graph(JAN).nodes)
    assert small_statements <= 4 * tables


def test_foreign_keys_are_respected(connector: SqlConnector, engine: sa.Engine) -> None:
    """SQLite enforces foreign keys on the connector's connections, as PostgreSQL
    always does, and erasure deletes children before parents."""
    if engine.dialect.name == "sqlite":
        with connector.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with clock.frozen(shop.NOW + timedelta(days=365 * 10)):
        result = connector.erase(PIET)
    assert result.table("customer").deleted == 1


@pytest.mark.usefixtures("now")
def test_anonymising_unique_columns_keeps_them_unique(url: str, engine: sa.Engine) -> None:
    tables = yaml.safe_load(yaml.safe_dump(shop.DATASTORE))
    tables["tables"]["customer"]["erase"] = "anonymise"
    tables["tables"]["customer"]["columns"]["email"] = {"category": "email", "erase": "anonymise"}
    connector = connect(shop.declaration(url, tables), "shop")
    try:
        for n in (3, 4):
            result = connector.erase({"email": f"klant{n}@example.nl"})
            assert result.table("customer").anonymised == 1
    finally:
        connector.close()
    with engine.connect() as c:
        rows = c.execute(sa.select(shop.customer).where(shop.customer.c.id.in_([3, 4]))).all()
    assert [(r.email, r.name) for r in rows] == [(f"{MASK}-3", MASK), (f"{MASK}-4", MASK)]


# --- rectification -----------------------------------------------------------------------


def test_rectify_changes_only_the_persons_rows(connector: SqlConnector, engine: sa.Engine) -> None:
    assert connector.rectify(JAN, "customer", {"name": "Jan Jansen"}) == 1
    assert connector.rectify(JAN, "payment_card", {"name": "J. Jansen"}) == 1
    with engine.connect() as c:
        names = dict(c.execute(sa.select(shop.customer.c.id, shop.customer.c.name)).all())
    assert names[1] == "Jan Jansen" and names[2] == "Klant 2"
    with pytest.raises(DatastoreError, match="only its declared personal-data columns"):
        connector.rectify(JAN, "customer", {"id": 99})
    with pytest.raises(DatastoreError, match="only its declared personal-data columns"):
        connector.rectify(JAN, "customer", {"created": datetime(2000, 1, 1)})
    with pytest.raises(DatastoreError, match="cannot be reached"):
        connector.rectify(JAN, "product", {"name": "x"})
    assert connector.rectify({"email": "nobody@example.nl"}, "customer", {"name": "X"}) == 0


# --- errors ---------------------------------------------------------------------------------


def test_a_missing_table_or_column_is_a_misconfiguration(url: str, engine: sa.Engine) -> None:
    tables = yaml.safe_load(yaml.safe_dump(shop.DATASTORE))
    tables["tables"]["newsletter"] = {"identity": {"email": "email"}}
    tables["tables"]["customer"]["columns"]["phone"] = "name"
    for broken in ("newsletter", "phone"):
        spec = yaml.safe_load(yaml.safe_dump(shop.DATASTORE))
        if broken == "newsletter":
            spec["tables"]["newsletter"] = {"identity": {"email": "email"}}
            expected = "the database has no table 'newsletter'"
        else:
            spec["tables"]["customer"]["columns"]["phone"] = "name"
            expected = "the database has no column 'customer.phone (columns)'"
        connector = connect(shop.declaration(url, spec), "shop")
        with pytest.raises(DatastoreMisconfigured) as info:
            connector.access(JAN)
        assert expected in str(info.value) and not info.value.retry
        connector.close()


def test_a_database_that_is_down_is_unavailable() -> None:
    declaration = shop.declaration("postgresql+psycopg://waarborg:secret@127.0.0.1:1/shop")
    connector = connect(declaration, "shop")
    with pytest.raises(DatastoreUnavailable) as info:
        connector.access(JAN)
    assert info.value.retry
    assert "cannot be reached now" in str(info.value)
    with pytest.raises(DatastoreUnavailable):
        connector.erase(JAN)


def test_a_mariadb_that_is_down_is_unavailable_and_a_wrong_password_misconfigured(
    mariadb_url: str,
) -> None:
    """A plain mysql:// URL means PyMySQL; MariaDB's error numbers say whether to retry."""
    down = connect(shop.declaration("mysql://waarborg:secret@127.0.0.1:1/shop"), "shop")
    with pytest.raises(DatastoreUnavailable) as info:
        down.access(JAN)
    assert info.value.retry and "cannot be reached now" in str(info.value)
    wrong = sa.make_url(mariadb_url).set(password="not-the-password")
    url = wrong.render_as_string(hide_password=False)
    connector = connect(shop.declaration(url), "shop")
    with pytest.raises(DatastoreMisconfigured) as refused:
        connector.access(JAN)
    assert not refused.value.retry and "Access denied" in str(refused.value)


def test_a_locked_sqlite_database_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    shop.fill(engine)
    connector = connect(
        shop.declaration(f"sqlite:///{path}"),
        "shop",
        engine={"connect_args": {"timeout": 0.05}},
    )
    connector.access(JAN)
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("BEGIN EXCLUSIVE")  # type: ignore[union-attr]
        with pytest.raises(DatastoreUnavailable, match="locked"):
            connector.erase(JAN)
    finally:
        raw.rollback()
        raw.close()
        connector.close()
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("${SHOP_URL}", "environment variable that is not set"),
        ("sqlite:////nonexistent/shop.db", "no SQLite database at /nonexistent/shop.db"),
        ("mssql+nosuchdriver://x/y", "is not installed"),
    ],
)
def test_settings_that_cannot_work(url: str, message: str) -> None:
    connector = connect(shop.declaration("sqlite://"), "shop")
    connector.datastore = connector.datastore.model_copy(update={"url": url})
    with pytest.raises(DatastoreMisconfigured, match=message):
        connector.access(JAN)


def test_connectors_can_be_switched_off() -> None:
    declaration = shop.declaration("sqlite://")
    assert isinstance(connect(declaration, "shop", enabled=["sql"]), SqlConnector)
    with pytest.raises(DatastoreMisconfigured, match="no enabled connector"):
        connect(declaration, "shop", enabled=[])
    with pytest.raises(DatastoreMisconfigured, match="unknown connector mongo"):
        connect(declaration, "shop", enabled=["mongo"])


# --- Fides datasets and other shapes -------------------------------------------------------


def test_a_fides_dataset_finds_the_same_rows(url: str, connector: SqlConnector) -> None:
    text = yaml.safe_dump(
        {
            "waarborg": 1,
            "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
            "datastores": {"shop": {"url": url, "fides": str(DATASET)}},
        }
    )
    from_fides = connect(load_text(text, "privacy.yaml", env={}), "shop")
    try:
        assert from_fides.access(JAN) == connector.access(JAN)
    finally:
        from_fides.close()


@pytest.mark.usefixtures("now")
def test_a_table_that_refers_to_itself(url: str) -> None:
    """Jan's thread of comments goes in one statement; his comment that Piet answered
    stays, because Piet's answer still refers to it."""
    metadata = sa.MetaData()
    comment = sa.Table(
        "comment",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("comment.id")),
        sa.Column("text", sa.String(200)),
    )
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(
            comment.insert(),
            [
                {"id": 1, "author": "jan@example.nl", "parent_id": None, "text": "Vraag"},
                {"id": 2, "author": "jan@example.nl", "parent_id": 1, "text": "Aanvulling"},
                {"id": 3, "author": "jan@example.nl", "parent_id": None, "text": "Tweede"},
                {"id": 4, "author": "piet@example.nl", "parent_id": 3, "text": "Antwoord"},
            ],
        )
    spec = {
        "tables": {
            "comment": {
                "key": "id",
                "identity": {"email": "author"},
                "columns": {"author": "email", "text": "name"},
                "references": {"parent_id": "comment.id"},
            }
        }
    }
    connector = connect(shop.declaration(url, spec), "shop")
    try:
        result = connector.erase(JAN)
    finally:
        connector.close()
    with engine.connect() as c:
        assert sorted(r.id for r in c.execute(sa.select(comment.c.id))) == [3, 4]
    table = result.table("comment")
    assert table.deleted == 2
    [kept] = table.kept
    assert kept.keys == ((3,),) and kept.detail == "still referred to by rows that stay in comment"
    engine.dispose()


@pytest.mark.usefixtures("now")
def test_a_link_to_another_person_is_not_followed(url: str) -> None:
    """A service request belongs to the customer who made it, not to the employee who
    handled it: the employee's erasure leaves it alone, and keeps the employee's row
    that it still refers to."""
    metadata = sa.MetaData()
    employee = sa.Table(
        "employee",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(100)),
    )
    request = sa.Table(
        "request",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_email", sa.String(100)),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employee.id")),
    )
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(employee.insert(), [{"id": 1, "email": "medewerker@example.nl"}])
        c.execute(
            request.insert(),
            [{"id": 7, "customer_email": "jan@example.nl", "employee_id": 1}],
        )
    spec = {
        "tables": {
            "employee": {
                "key": "id",
                "identity": {"email": "email"},
                "columns": {"email": "email"},
            },
            "request": {
                "key": "id",
                "identity": {"email": "customer_email"},
                "columns": {"customer_email": "email"},
                "links": {"employee_id": "employee.id"},
            },
        }
    }
    connector = connect(shop.declaration(url, spec), "shop")
    try:
        assert connector.access({"email": "medewerker@example.nl"})["request"] == []
        result = connector.erase({"email": "medewerker@example.nl"})
        [kept] = result.table("employee").kept
        assert kept.detail == "still referred to by rows that stay in request"
        assert result.table("request").found == 0
        assert connector.erase(JAN).table("request").deleted == 1
    finally:
        connector.close()
        engine.dispose()


def test_datastore_errors_never_list_their_parameters(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.touch()  # an empty SQLite database
    engine = datastore_engine("shop", f"sqlite:///{path}", {})
    with pytest.raises(sa.exc.OperationalError) as raised, engine.connect() as connection:
        connection.execute(sa.text("SELECT * FROM nothing WHERE email = :e"), {"e": "jan@x.nl"})
    assert "jan@x.nl" not in str(raised.value) and "parameters hidden" in str(raised.value)
    engine.dispose()
