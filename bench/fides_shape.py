"""Generate a webshop database in the shape of Fides' sample project, at any size.

The tables are those of the sample project's PostgreSQL dataset (customer, address,
employee, product, orders, order_item, payment_card, login, visit, service_request),
plus invoice, whose rows are under the Dutch tax hold (7 years, AWR art. 52), so that
erasures meet legal holds. Per customer: one address, one payment card, two orders of
two items, three logins, one visit, one invoice, and a service request for every third
customer; one order in twenty ships to the next customer's address, so some addresses
are shared. Keys and every column a reference or an identity uses are indexed, and
every identity column also by ``lower(column)``, the expression index the
case-insensitive lookup of an e-mail address uses (docs/datastores.md).

Next to the data it writes the matching Waarborg declaration (``privacy.yaml``) and a
Fides dataset file (``fides_dataset.yml``, every field with a ``data_type``) for the
same tables. Rows are made from their number, without randomness, and loaded with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), with indexes built afterwards.

    python bench/fides_shape.py --customers 100000 --url sqlite:///bench/data/100k/shop.db
    python bench/fides_shape.py --customers 100000 --out bench/data/pg-100k \\
        --url postgresql+psycopg://waarborg:waarborg@127.0.0.1/waarborg_bench
    python bench/fides_shape.py --customers 100000 --out bench/data/mariadb-100k \\
        --url 'mysql+pymysql://waarborg:waarborg@127.0.0.1/waarborg_bench?charset=utf8mb4'
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parent.parent
EMPLOYEES = 100
PRODUCTS = 100
#: Invoices are issued over the ten years before this day; about seven in ten are held.
TODAY = date(2026, 3, 1)

metadata = sa.MetaData()
sa.Table(
    "address",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("house", sa.Integer),
    sa.Column("street", sa.String(100)),
    sa.Column("city", sa.String(100)),
    sa.Column("state", sa.String(100)),
    sa.Column("zip", sa.String(100)),
)
sa.Table(
    "customer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("email", sa.String(100), nullable=False),
    sa.Column("name", sa.String(100)),
    sa.Column("created", sa.DateTime),
    sa.Column("address_id", sa.Integer, sa.ForeignKey("address.id")),
)
sa.Table(
    "employee",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("email", sa.String(100)),
    sa.Column("name", sa.String(100)),
    sa.Column("address_id", sa.Integer, sa.ForeignKey("address.id")),
)
sa.Table(
    "product",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(100)),
    sa.Column("price", sa.Numeric(10, 2)),
)
sa.Table(
    "payment_card",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(100)),
    sa.Column("ccn", sa.String(20)),
    sa.Column("code", sa.SmallInteger),
    sa.Column("preferred", sa.Boolean),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    sa.Column("billing_address_id", sa.Integer, sa.ForeignKey("address.id")),
)
sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    sa.Column("shipping_address_id", sa.Integer, sa.ForeignKey("address.id")),
    sa.Column("payment_card_id", sa.String(100), sa.ForeignKey("payment_card.id")),
)
sa.Table(
    "order_item",
    metadata,
    sa.Column("order_id", sa.String(100), sa.ForeignKey("orders.id"), primary_key=True),
    sa.Column("item_no", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("product_id", sa.Integer, sa.ForeignKey("product.id")),
    sa.Column("quantity", sa.SmallInteger),
)
sa.Table(
    "visit",
    metadata,
    sa.Column("email", sa.String(100), primary_key=True),
    sa.Column("last_visit", sa.DateTime, primary_key=True),
)
sa.Table(
    "login",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    sa.Column("time", sa.DateTime),
)
sa.Table(
    "service_request",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("email", sa.String(100)),
    sa.Column("alt_email", sa.String(100)),
    sa.Column("opened", sa.Date),
    sa.Column("closed", sa.Date),
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employee.id")),
)
sa.Table(
    "invoice",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    sa.Column("amount", sa.Numeric(10, 2)),
    sa.Column("issued_at", sa.Date),
)

#: Indexes built after loading: identities and every referring column.
INDEXES = {
    "customer": [("email",), ("address_id",)],
    "employee": [("email",), ("address_id",)],
    "payment_card": [("customer_id",), ("billing_address_id",)],
    "orders": [("customer_id",), ("shipping_address_id",), ("payment_card_id",)],
    "order_item": [("product_id",)],
    "login": [("customer_id",)],
    "service_request": [("email",), ("alt_email",), ("employee_id",)],
    "invoice": [("customer_id",)],
}
UNIQUE = {("customer", "email")}
#: Expression indexes for the case-insensitive lookup of every identity column, as
#: docs/datastores.md recommends (the plain indexes above serve the exact lookup that
#: ``bench/datastore_requests.py --lookup exact`` measures for comparison).
LOWER_INDEXES = {
    "customer": ["email"],
    "employee": ["email"],
    "visit": ["email"],
    "service_request": ["email", "alt_email"],
}

_CITIES = ("Amsterdam", "Rotterdam", "Utrecht", "Groningen", "Enschede", "Hengelo", "Zwolle")
_START = datetime(2020, 1, 1)


def email(n: int) -> str:
    """The email address of customer ``n`` (1-based)."""
    return f"customer-{n}@example.com"


def present(connection: sa.Connection) -> list[int]:
    """The customers no earlier erasure has touched (deleted, anonymised or masked), so
    that a benchmark run again on the same data still finds whole people."""
    query = "SELECT id FROM customer WHERE email = 'customer-' || id || '@example.com'"
    return [int(n) for n in connection.execute(sa.text(query)).scalars()]


def rows(customers: int) -> dict[str, Callable[[], Iterator[tuple[Any, ...]]]]:
    """Row generators per table, in load order (parents first)."""
    c = customers

    def address() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + EMPLOYEES + 1):
            yield (n, n % 300, f"Straat {n % 997}", _CITIES[n % 7], "NL", f"{1000 + n % 9000} AB")

    def customer() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            yield (n, email(n), f"Klant {n}", _START + timedelta(minutes=n), n)

    def employee() -> Iterator[tuple[Any, ...]]:
        for n in range(1, EMPLOYEES + 1):
            yield (n, f"employee-{n}@example.com", f"Medewerker {n}", c + n)

    def product() -> Iterator[tuple[Any, ...]]:
        for n in range(1, PRODUCTS + 1):
            yield (n, f"Koekje {n}", 2 + n % 10)

    def payment_card() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            yield (f"pay-{n}", f"Kaart {n}", f"4{n:015d}", n % 1000, n % 2 == 0, n, n)

    def orders() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            for k in range(2):
                shipping = n + 1 if (n % 20 == 0 and k == 1 and n < c) else n
                yield (f"ord-{n}-{k}", n, shipping, f"pay-{n}")

    def order_item() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            for k in range(2):
                for i in range(2):
                    yield (f"ord-{n}-{k}", i, 1 + (n + k + i) % PRODUCTS, 1 + i)

    def visit() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            yield (email(n), _START + timedelta(hours=n))

    def login() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            for k in range(3):
                yield (n * 3 + k, n, _START + timedelta(minutes=n, days=k))

    def service_request() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1, 3):
            opened = date(2025, 1, 1) + timedelta(days=n % 300)
            alt = f"alt-{n}@example.com" if n % 2 else None
            yield (f"ser-{n}", email(n), alt, opened, opened + timedelta(days=3), 1 + n % EMPLOYEES)

    def invoice() -> Iterator[tuple[Any, ...]]:
        for n in range(1, c + 1):
            yield (n, n, 10 + n % 90, TODAY - timedelta(days=(n * 7919) % 3650))

    return {
        "address": address,
        "customer": customer,
        "employee": employee,
        "product": product,
        "payment_card": payment_card,
        "orders": orders,
        "order_item": order_item,
        "visit": visit,
        "login": login,
        "service_request": service_request,
        "invoice": invoice,
    }


def generate(url: str, customers: int, *, say: Callable[[str], None] = lambda _: None) -> None:
    """Create the tables at ``url`` (dropping earlier ones) and load ``customers``."""
    engine = sa.create_engine(url)
    try:
        metadata.drop_all(engine)
        postgres = engine.dialect.name == "postgresql"
        mysql = engine.dialect.name in ("mysql", "mariadb")
        if postgres:  # foreign keys are added after loading, which is much faster
            with engine.begin() as connection:
                for table in metadata.sorted_tables:
                    connection.execute(
                        sa.schema.CreateTable(table, include_foreign_key_constraints=[])
                    )
        else:
            metadata.create_all(engine)
        for name, make in rows(customers).items():
            started = time.perf_counter()
            table = metadata.tables[name]
            columns = [c.name for c in table.columns]
            if postgres:
                count = _copy(engine, name, columns, make())
            elif mysql:
                count = _mysql_insert(engine, name, columns, make())
            else:
                count = _executemany(engine, name, columns, make())
            say(f"{name}: {count:,} rows in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with engine.begin() as connection:
            for name, indexes in INDEXES.items():
                for indexed in indexes:
                    unique = "UNIQUE " if (name, indexed[0]) in UNIQUE else ""
                    index = f"ix_{name}_{'_'.join(indexed)}"
                    connection.exec_driver_sql(
                        f"CREATE {unique}INDEX {index} ON {name} ({', '.join(indexed)})"
                    )
            # MariaDB indexes no expressions; its case-insensitive collation lets the
            # identity columns' own indexes serve the lookup (docs/datastores.md)
            for name, columns in {} if mysql else LOWER_INDEXES.items():
                for column in columns:
                    connection.exec_driver_sql(
                        f"CREATE INDEX ix_{name}_lower_{column} ON {name} (lower({column}))"
                    )
            if postgres:
                for table in metadata.sorted_tables:
                    for constraint in table.foreign_key_constraints:
                        connection.execute(sa.schema.AddConstraint(constraint))
            if mysql:
                tables = ", ".join(t.name for t in metadata.sorted_tables)
                connection.exec_driver_sql(f"ANALYZE TABLE {tables}")
            else:
                connection.exec_driver_sql("ANALYZE")
        say(f"indexes and statistics in {time.perf_counter() - started:.1f} s")
    finally:
        engine.dispose()


def _executemany(
    engine: sa.Engine, name: str, columns: list[str], rows: Iterator[tuple[Any, ...]]
) -> int:
    path = engine.url.database or ""
    connection = sqlite3.connect(path, detect_types=0)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == 50_000:
                connection.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        connection.executemany(sql, batch)
        connection.commit()
        return count + len(batch)
    finally:
        connection.close()


def _mysql_insert(
    engine: sa.Engine, name: str, columns: list[str], rows: Iterator[tuple[Any, ...]]
) -> int:
    """Rows into MySQL or MariaDB by multi-row INSERTs (the driver's ``executemany``),
    with foreign keys checked by nobody while loading: the rows are made consistent."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0")
        marks = ", ".join("%s" for _ in columns)
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        raw.commit()
        return count + len(batch)
    finally:
        raw.close()


def _sqlite_value(value: Any) -> Any:
    """Values as SQLAlchemy's SQLite types store them."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _copy(engine: sa.Engine, name: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    raw = engine.raw_connection()
    try:
        count = 0
        cursor = raw.cursor()
        with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        raw.commit()
        return count
    finally:
        raw.close()


# --- the declaration and the Fides dataset of the same tables ---------------------------

DATASTORE: dict[str, Any] = {
    "customer": {
        "key": "id",
        "identity": {"email": "email"},
        "columns": {"email": "email", "name": {"category": "name", "provided": True}},
        "references": {"address_id": "address.id"},
    },
    "address": {
        "key": "id",
        "columns": {c: "address" for c in ("house", "street", "city", "state", "zip")},
    },
    "employee": {
        "key": "id",
        "identity": {"email": "email"},
        "columns": {"email": "email", "name": "name"},
        "references": {"address_id": "address.id"},
    },
    "product": {"key": "id"},
    "payment_card": {
        "key": "id",
        "columns": {"name": "name", "ccn": "payment_card", "code": "payment_card"},
        "references": {"customer_id": "customer.id", "billing_address_id": "address.id"},
    },
    "orders": {
        "key": "id",
        "references": {
            "customer_id": "customer.id",
            "shipping_address_id": "address.id",
            "payment_card_id": "payment_card.id",
        },
    },
    "order_item": {
        "key": ["order_id", "item_no"],
        "references": {"order_id": "orders.id", "product_id": "product.id"},
    },
    "visit": {
        "key": ["email", "last_visit"],
        "identity": {"email": "email"},
        "columns": {"email": "email", "last_visit": "website_activity"},
    },
    "login": {
        "key": "id",
        "columns": {"time": "login_history"},
        "references": {"customer_id": "customer.id"},
    },
    "service_request": {
        "key": "id",
        "identity": {"email": ["email", "alt_email"]},
        "columns": {"email": "email", "alt_email": "email"},
        "references": {"employee_id": "employee.id"},
    },
    "invoice": {
        "key": "id",
        "references": {"customer_id": "customer.id"},
        "retention": "fiscal",
        "events": {"invoice_date": "issued_at"},
    },
}


def declaration(url: str) -> dict[str, Any]:
    """The Waarborg declaration of the benchmark shop, as plain data."""
    return {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
        "categories": {
            "name": {},
            "email": {"provided": True},
            "address": {},
            "payment_card": {},
            "website_activity": {},
            "login_history": {},
        },
        "retention": {"fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"}},
        "datastores": {"shop": {"url": url, "tables": DATASTORE}},
    }


_FIDES_CATEGORIES = {
    "email": "user.contact.email",
    "alt_email": "user.contact.email",
    "name": "user.name",
    "house": "user.contact.address.street",
    "street": "user.contact.address.street",
    "city": "user.contact.address.city",
    "state": "user.contact.address.state",
    "zip": "user.contact.address.postal_code",
    "ccn": "user.financial.credit_card",
    "code": "user.financial.credit_card",
    "last_visit": "user.behavior.browsing_history",
    "time": "user.authorization",
}
_FIDES_TYPES = {
    sa.Integer: "integer",
    sa.SmallInteger: "integer",
    sa.String: "string",
    sa.Numeric: "float",
    sa.Boolean: "boolean",
    sa.DateTime: "string",
    sa.Date: "string",
}


def fides_dataset() -> dict[str, Any]:
    """The same tables as a Fides dataset; every field has a data_type, without which
    Fides skips it."""
    collections = []
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        declared = DATASTORE[table.name]
        fields = []
        for column in sorted(table.columns, key=lambda c: c.name):
            meta: dict[str, Any] = {"data_type": _fides_type(column.type)}
            if column.primary_key:
                meta["primary_key"] = True
            for kind, names in declared.get("identity", {}).items():
                if column.name in ([names] if isinstance(names, str) else names):
                    meta["identity"] = kind
            target = declared.get("references", {}).get(column.name)
            up = False
            if target:
                # Fides walks a reference one way: from a person's row to the rows that
                # refer to it, and to the address or product a row points at
                up = target.split(".")[0] in ("address", "product")
                meta["references"] = [
                    {
                        "dataset": "koekjeshuis_bench",
                        "field": target,
                        "direction": "to" if up else "from",
                    }
                ]
            personal = column.name in declared.get("columns", {}) or "identity" in meta
            category = _FIDES_CATEGORIES.get(column.name) if personal else None
            if target and not up and category is None:
                # a column that ties a row to the person, as Fides' own sample project
                # labels orders.customer_id: Fides' access export leaves out the rows of a
                # table none of whose fields is in the policy's categories (``user``)
                category = "user.unique_id"
            fields.append(
                {
                    "name": str(column.name),
                    "data_categories": [category or "system.operations"],
                    "fides_meta": meta,
                }
            )
        collections.append({"name": str(table.name), "fields": fields})
    return {
        "dataset": [
            {
                "fides_key": "koekjeshuis_bench",
                "name": "Koekjeshuis benchmark shop",
                "description": "The Fides sample project's tables plus invoices under a tax hold.",
                "collections": collections,
            }
        ]
    }


def _fides_type(kind: Any) -> str:
    for sql_type, name in _FIDES_TYPES.items():
        if isinstance(kind, sql_type):
            return name
    return "string"


def write_files(folder: Path, url: str) -> tuple[Path, Path]:
    """Write ``privacy.yaml`` and ``fides_dataset.yml`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    privacy = folder / "privacy.yaml"
    privacy.write_text(yaml.safe_dump(declaration(url), sort_keys=False), "utf-8")
    dataset = folder / "fides_dataset.yml"
    dataset.write_text(yaml.safe_dump(fides_dataset(), sort_keys=False), "utf-8")
    return privacy, dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--url", help="SQLAlchemy URL (default: a SQLite file in --out)")
    parser.add_argument("--out", type=Path, help="folder for the files (default: bench/data/<n>)")
    args = parser.parse_args(argv)
    out: Path = args.out or ROOT / "bench" / "data" / f"sqlite-{args.customers}"
    out.mkdir(parents=True, exist_ok=True)
    url: str = args.url or f"sqlite:///{out / 'shop.db'}"
    started = time.perf_counter()
    generate(url, args.customers, say=lambda line: print(line, file=sys.stderr))
    privacy, dataset = write_files(out, url)
    print(f"{args.customers:,} customers in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(privacy)
    print(dataset)
    return 0


if __name__ == "__main__":
    sys.exit(main())
