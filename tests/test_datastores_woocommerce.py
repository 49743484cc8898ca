"""A WooCommerce shop, on SQLite, PostgreSQL and MariaDB (where such shops run):
WordPress's users and their key-value meta rows, orders, order addresses and comments.

A person's data in ``wp_usermeta`` is rows by ``meta_key``: the declaration names the
meta keys that are personal data (``entries``), and access, erasure, retention sweeps
and the scan see those rows and no others (``wp_capabilities`` stays untouched).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.schema import MASK
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration
from waarborg.errors import DeclarationError
from waarborg.retention import sweep
from waarborg.scan.engine import Scanner
from waarborg.scan.sources.database import scan_database
from waarborg.store import Database, migrate

from .databases import DATASTORE_DIALECTS, empty_datastore
from .shop import NOW

JAN = {"email": "jan@example.nl"}

metadata = sa.MetaData()
wp_users = sa.Table(
    "wp_users",
    metadata,
    sa.Column("ID", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("user_login", sa.String(60), nullable=False, unique=True),
    sa.Column("user_email", sa.String(100), nullable=False),
    sa.Column("display_name", sa.String(250), nullable=False),
    sa.Column("user_registered", sa.DateTime, nullable=False),
)
# WordPress declares no foreign keys: the references live in the declaration only.
wp_usermeta = sa.Table(
    "wp_usermeta",
    metadata,
    sa.Column("umeta_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("user_id", sa.BigInteger, nullable=False, index=True),
    sa.Column("meta_key", sa.String(255), index=True),
    sa.Column("meta_value", sa.Text),
)
wp_wc_orders = sa.Table(
    "wp_wc_orders",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("customer_id", sa.BigInteger, index=True),
    sa.Column("billing_email", sa.String(320), index=True),
    sa.Column("date_created_gmt", sa.DateTime),
    sa.Column("total_amount", sa.Numeric(26, 8)),
    sa.Column("ip_address", sa.String(100)),
)
wp_wc_order_addresses = sa.Table(
    "wp_wc_order_addresses",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("order_id", sa.BigInteger, nullable=False, index=True),
    sa.Column("address_type", sa.String(20)),
    sa.Column("first_name", sa.Text),
    sa.Column("last_name", sa.Text),
    sa.Column("address_1", sa.Text),
    sa.Column("city", sa.Text),
    sa.Column("postcode", sa.Text),
    sa.Column("email", sa.String(320)),
    sa.Column("phone", sa.String(100)),
)
wp_comments = sa.Table(
    "wp_comments",
    metadata,
    sa.Column("comment_ID", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("comment_post_ID", sa.BigInteger, nullable=False),
    sa.Column("comment_author", sa.Text, nullable=False),
    sa.Column("comment_author_email", sa.String(100), nullable=False),
    sa.Column("comment_author_IP", sa.String(100)),
    sa.Column("comment_date_gmt", sa.DateTime, nullable=False),
    sa.Column("comment_content", sa.Text, nullable=False),
    sa.Column("user_id", sa.BigInteger, nullable=False),
)

CAPABILITIES = 'a:1:{s:8:"customer";b:1;}'
ROWS: dict[str, list[dict[str, Any]]] = {
    "wp_users": [
        {
            "ID": 1,
            "user_login": "jan",
            "user_email": "jan@example.nl",
            "display_name": "Jan Jansen",
            "user_registered": datetime(2016, 4, 1),
        },
        {
            "ID": 2,
            "user_login": "piet",
            "user_email": "piet@example.nl",
            "display_name": "Piet Pietersen",
            "user_registered": datetime(2017, 9, 1),
        },
    ],
    "wp_usermeta": [
        {"umeta_id": n, "user_id": user, "meta_key": key, "meta_value": value}
        for n, (user, key, value) in enumerate(
            [
                (1, "first_name", "Jan"),
                (1, "last_name", "Jansen"),
                (1, "billing_phone", "0612345678"),
                (1, "billing_address_1", "Dorpsstraat 1"),
                (1, "billing_city", "Utrecht"),
                (1, "wp_capabilities", CAPABILITIES),
                (1, "rich_editing", "true"),
                (2, "first_name", "Piet"),
                (2, "billing_phone", "0687654321"),
                (2, "wp_capabilities", CAPABILITIES),
            ],
            start=1,
        )
    ],
    "wp_wc_orders": [
        # (id, customer, billing e-mail, created): 10 and 12 are past the 7 fiscal years
        {"id": i, "customer_id": c, "billing_email": e, "date_created_gmt": d, "ip_address": ip}
        | {"total_amount": 25}
        for i, c, e, d, ip in [
            (10, 1, "jan@example.nl", datetime(2017, 5, 1), "192.0.2.1"),
            (11, 1, "jan@example.nl", datetime(2025, 6, 1), "192.0.2.1"),
            (12, 2, "piet@example.nl", datetime(2018, 1, 1), "192.0.2.2"),
            # a guest order: no account, the address typed in other case
            (13, None, "Jan@Example.nl", datetime(2024, 2, 1), "192.0.2.3"),
        ]
    ],
    "wp_wc_order_addresses": [
        {"id": i, "order_id": o, "address_type": t, "first_name": f, "last_name": last}
        | {"address_1": "Dorpsstraat 1", "city": "Utrecht", "postcode": "3511 AA"}
        | {"email": e, "phone": "0612345678"}
        for i, o, t, f, last, e in [
            (100, 10, "billing", "Jan", "Jansen", "jan@example.nl"),
            (101, 11, "billing", "Jan", "Jansen", "jan@example.nl"),
            (102, 11, "shipping", "Jan", "Jansen", None),
            (103, 12, "billing", "Piet", "Pietersen", "piet@example.nl"),
            (104, 13, "billing", "Jan", "Jansen", "Jan@Example.nl"),
        ]
    ],
    "wp_comments": [
        {"comment_ID": i, "comment_post_ID": 7, "comment_author": a}
        | {"comment_author_email": e, "comment_author_IP": "192.0.2.9"}
        | {"comment_date_gmt": d, "comment_content": text, "user_id": u}
        for i, a, e, d, text, u in [
            (1000, "Jan", "jan@example.nl", datetime(2023, 1, 1), "Lekker koekje!", 1),
            (1001, "Jan", "jan@example.nl", datetime(2025, 12, 1), "Weer besteld.", 1),
            (1002, "Piet", "piet@example.nl", datetime(2025, 10, 1), "Te zoet.", 2),
            (1003, "Klaas", "klaas@example.nl", datetime(2022, 1, 1), "Waar is de winkel?", 0),
        ]
    ],
}

#: The meta keys of wp_usermeta that are personal data; wp_capabilities and
#: rich_editing are not listed, so Waarborg leaves them alone.
TABLES: dict[str, Any] = {
    "wp_users": {
        "key": "ID",
        "identity": {"email": "user_email"},
        "columns": {
            "user_email": "email",
            "display_name": "name",
            "user_login": {"category": "name", "erase": "keep"},
        },
        "erase": "anonymise",
    },
    "wp_usermeta": {
        "key": "umeta_id",
        "references": {"user_id": "wp_users.ID"},
        "entries": {
            "name": "meta_key",
            "value": "meta_value",
            "personal": {
                "first_name": "name",
                "last_name": "name",
                "billing_phone": {"category": "phone", "erase": "anonymise"},
                "billing_address_1": {"category": "address", "erase": "anonymise"},
                "billing_city": {"category": "address", "erase": "null"},
            },
        },
        "erase": "anonymise",
    },
    "wp_wc_orders": {
        "key": "id",
        "identity": {"email": "billing_email"},
        "references": {"customer_id": "wp_users.ID"},
        "columns": {
            "billing_email": "email",
            "ip_address": {"category": "ip_address", "erase": "null"},
        },
        "events": {"invoice_date": "date_created_gmt"},
        "retention": "fiscal",
        "erase": "anonymise",
    },
    "wp_wc_order_addresses": {
        "key": "id",
        "references": {"order_id": "wp_wc_orders.id"},
        "columns": {
            "first_name": "name",
            "last_name": "name",
            "address_1": "address",
            "city": "address",
            "postcode": "address",
            "email": {"category": "email", "erase": "null"},
            "phone": "phone",
        },
        "erase": "anonymise",
    },
    "wp_comments": {
        "key": "comment_ID",
        "identity": {"email": "comment_author_email"},
        "references": {"user_id": "wp_users.ID"},
        "columns": {
            "comment_author": "name",
            "comment_author_email": "email",
            "comment_author_IP": {"category": "ip_address", "erase": "null"},
        },
        "events": {"comment_posted": "comment_date_gmt"},
        "retention": "comments",
    },
}


def declaration(url: str) -> Declaration:
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
        "categories": {"name": {}, "email": {}, "phone": {}, "address": {}, "ip_address": {}},
        "retention": {
            "fiscal": {
                "after": "invoice_date",
                "keep": "P7Y",
                "hold": "AWR art. 52",
                "then": "anonymise",
            },
            "comments": {"after": "comment_posted", "keep": "P2Y"},
        },
        "datastores": {"shop": {"url": url, "tables": TABLES}},
    }
    return load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})


@pytest.fixture(params=DATASTORE_DIALECTS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return empty_datastore(request, request.param, tmp_path)


def filled_shop(url: str) -> Iterator[sa.Engine]:
    """The shop's tables at ``url``, created and filled with ``ROWS``; disposed after."""
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            connection.execute(table.insert(), ROWS[table.name])
    yield engine
    engine.dispose()


@pytest.fixture
def engine(url: str) -> Iterator[sa.Engine]:
    yield from filled_shop(url)


@pytest.fixture
def connector(url: str, engine: sa.Engine) -> Iterator[SqlConnector]:
    made = connect(declaration(url), "shop")
    assert isinstance(made, SqlConnector)
    with clock.frozen(NOW):
        yield made
    made.close()


def rows(engine: sa.Engine, table: sa.Table) -> dict[Any, dict[str, Any]]:
    key = next(iter(table.primary_key.columns))
    with engine.connect() as connection:
        return {r[key.name]: dict(r) for r in connection.execute(sa.select(table)).mappings()}


def test_access_finds_the_persons_rows_and_only_the_personal_meta_rows(
    connector: SqlConnector,
) -> None:
    found = connector.access(JAN)
    assert [r["ID"] for r in found["wp_users"]] == [1]
    meta = {r["meta_key"]: r["meta_value"] for r in found["wp_usermeta"]}
    assert meta == {
        "first_name": "Jan",
        "last_name": "Jansen",
        "billing_phone": "0612345678",
        "billing_address_1": "Dorpsstraat 1",
        "billing_city": "Utrecht",
    }
    # the guest order is found by its billing address, whatever its case
    assert sorted(r["id"] for r in found["wp_wc_orders"]) == [10, 11, 13]
    assert sorted(r["id"] for r in found["wp_wc_order_addresses"]) == [100, 101, 102, 104]
    assert sorted(r["comment_ID"] for r in found["wp_comments"]) == [1000, 1001]


def test_erasure_anonymises_the_meta_rows_by_meta_key_and_keeps_held_orders(
    connector: SqlConnector, engine: sa.Engine
) -> None:
    before = {t.name: rows(engine, t) for t in metadata.sorted_tables}
    result = connector.erase(JAN)
    after = {t.name: rows(engine, t) for t in metadata.sorted_tables}

    meta = after["wp_usermeta"]
    assert {meta[n]["meta_key"]: meta[n]["meta_value"] for n in range(1, 8)} == {
        "first_name": None,  # by default a value that can be NULL becomes NULL
        "last_name": None,
        "billing_phone": MASK,
        "billing_address_1": MASK,
        "billing_city": None,  # erase: null for this meta key
        "wp_capabilities": CAPABILITIES,  # not personal data: untouched
        "rich_editing": "true",
    }
    assert [meta[n] for n in range(8, 11)] == [before["wp_usermeta"][n] for n in range(8, 11)]
    assert result.table("wp_usermeta").anonymised == 5

    user = after["wp_users"][1]
    assert (user["user_email"], user["display_name"], user["user_login"]) == (MASK, MASK, "jan")
    assert after["wp_users"][2] == before["wp_users"][2]

    # the orders of the last seven years are held under the AWR, whole; the older one
    # is anonymised, and so are the addresses of all three
    orders = after["wp_wc_orders"]
    assert orders[11] == before["wp_wc_orders"][11]
    assert orders[13] == before["wp_wc_orders"][13]
    assert (orders[10]["billing_email"], orders[10]["ip_address"]) == (None, None)
    assert orders[12] == before["wp_wc_orders"][12]
    [kept] = result.table("wp_wc_orders").kept
    assert (kept.rows, kept.reason, kept.ground) == (2, "hold", "AWR art. 52")
    addresses = after["wp_wc_order_addresses"]
    assert addresses[100]["first_name"] is None and addresses[100]["email"] is None
    assert addresses[103] == before["wp_wc_order_addresses"][103]

    assert sorted(after["wp_comments"]) == [1002, 1003]

    # a second run finds nothing left to change
    again = connector.erase(JAN)
    assert all(t.anonymised == 0 and t.deleted == 0 for t in again.tables)


def test_a_retention_sweep_anonymises_old_orders_deletes_old_comments_and_keeps_held_ones(
    url: str, engine: sa.Engine, tmp_path: Path
) -> None:
    store = f"sqlite:///{tmp_path / 'waarborg.db'}"
    migrate(store)
    database = Database(store)
    before = {t.name: rows(engine, t) for t in metadata.sorted_tables}
    try:
        report = sweep(declaration(url), database, now=NOW, batch_size=1)
        after = {t.name: rows(engine, t) for t in metadata.sorted_tables}
        again = sweep(declaration(url), database, now=NOW, batch_size=1)
        assert {t.name: rows(engine, t) for t in metadata.sorted_tables} == after
    finally:
        database.dispose()
    orders = after["wp_wc_orders"]
    # past the seven fiscal years: anonymised; within them: kept as they are
    for old in (10, 12):
        assert (orders[old]["billing_email"], orders[old]["ip_address"]) == (None, None)
        assert orders[old]["total_amount"] == before["wp_wc_orders"][old]["total_amount"]
    for held in (11, 13):
        assert orders[held] == before["wp_wc_orders"][held]
    # comments older than two years are deleted
    assert sorted(after["wp_comments"]) == [1001, 1002]
    changed = {t.target.table: t for t in report.tables}
    assert changed["wp_wc_orders"].anonymised == 2
    assert changed["wp_comments"].deleted == 2
    assert all(t.anonymised == 0 and t.deleted == 0 for t in again.tables)
    assert after["wp_usermeta"] == before["wp_usermeta"]


def test_the_scan_reads_the_shops_tables(url: str, engine: sa.Engine) -> None:
    scan = scan_database(Scanner.build(), url, sample=None)
    tables = {c.place.table for c in scan.columns}
    assert tables == {t.name for t in metadata.sorted_tables}
    emails = {(f.place.table, f.place.column) for f in scan.findings if f.kind == "email"}
    assert ("wp_users", "user_email") in emails
    assert ("wp_wc_orders", "billing_email") in emails
    phones = {(f.place.table, f.place.column) for f in scan.findings if f.kind == "phone"}
    assert ("wp_usermeta", "meta_value") in phones


def test_a_meta_value_is_not_rectified_for_every_entry_at_once(connector: SqlConnector) -> None:
    """One UPDATE of the person's rows would give every entry the same value: the value
    column of a key-value table is not offered for rectification."""
    assert "meta_value" not in connector.editable("wp_usermeta")
    assert "meta_value" in connector.check_rectify("wp_usermeta", {"meta_value": "Jans"})
    assert set(connector.editable("wp_users")) == {"user_email", "display_name", "user_login"}


def test_an_entry_of_an_undeclared_category_is_an_error() -> None:
    tables = yaml.safe_load(yaml.safe_dump(TABLES))
    tables["wp_usermeta"]["entries"]["personal"]["billing_phone"] = "telefoon"
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V."},
        "categories": {"name": {}, "email": {}, "phone": {}, "address": {}, "ip_address": {}},
        "retention": {"fiscal": {"keep": "P7Y"}, "comments": {"keep": "P2Y"}},
        "datastores": {"shop": {"url": "sqlite:///shop.db", "tables": tables}},
    }
    with pytest.raises(DeclarationError, match="category 'telefoon' is not declared"):
        load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
