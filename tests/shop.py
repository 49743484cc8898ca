"""A small webshop database for the datastore tests, in the shape of Fides' sample
project: customer -> orders -> order_item, customer -> address, login, payment_card,
invoices under a tax hold, and visits found by email alone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import yaml

from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

metadata = sa.MetaData()
address = sa.Table(
    "address",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("street", sa.String(100), nullable=False),
    sa.Column("city", sa.String(100)),
    sa.Column("zip", sa.String(10)),
)
customer = sa.Table(
    "customer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("created", sa.DateTime),
    sa.Column("address_id", sa.Integer, sa.ForeignKey("address.id"), index=True),
)
product = sa.Table(
    "product",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100)),
)
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.String(20), primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("shipping_address_id", sa.Integer, sa.ForeignKey("address.id"), index=True),
    sa.Column("ordered_at", sa.DateTime),
)
order_item = sa.Table(
    "order_item",
    metadata,
    sa.Column("order_id", sa.String(20), sa.ForeignKey("orders.id"), primary_key=True),
    sa.Column("item_no", sa.Integer, primary_key=True),
    sa.Column("product_id", sa.Integer, sa.ForeignKey("product.id")),
    sa.Column("quantity", sa.Integer),
)
login = sa.Table(
    "login",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("time", sa.DateTime, nullable=False),
    sa.Column("ip", sa.String(45)),
)
payment_card = sa.Table(
    "payment_card",
    metadata,
    sa.Column("id", sa.String(20), primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("name", sa.String(100)),
    sa.Column("ccn", sa.String(20)),
    sa.Column("billing_address_id", sa.Integer, sa.ForeignKey("address.id"), index=True),
)
invoice = sa.Table(
    "invoice",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("name", sa.String(100)),
    sa.Column("amount", sa.Numeric(10, 2)),
    sa.Column("issued_at", sa.Date),
)
visit = sa.Table(
    "visit",
    metadata,
    sa.Column("email", sa.String(100), primary_key=True),
    sa.Column("last_visit", sa.DateTime, primary_key=True),
)


def fill(engine: sa.Engine, customers: int = 3, orders_each: int = 2) -> None:
    """Jan (1) and Piet (2) and further customers; Jan's invoices are under the tax
    hold, Piet's only invoice is older than seven years. Piet's second order ships to
    Jan's address, so that address is shared."""
    metadata.create_all(engine)
    rows: dict[sa.Table, list[dict[str, Any]]] = {t: [] for t in metadata.sorted_tables}
    rows[product] = [{"id": 1, "name": "Koekje"}, {"id": 2, "name": "Taart"}]
    for n in range(1, customers + 1):
        email = {1: "jan@example.nl", 2: "piet@example.nl"}.get(n, f"klant{n}@example.nl")
        rows[address].append({"id": n, "street": f"Straat {n}", "city": "Utrecht", "zip": "3511"})
        rows[customer].append(
            {
                "id": n,
                "email": email,
                "name": f"Klant {n}",
                "created": datetime(2020, 1, n),
                "address_id": n,
            }
        )
        for o in range(orders_each):
            order_id = f"ord-{n}-{o}"
            shipping = 1 if (n == 2 and o == 1) else n
            rows[orders].append(
                {
                    "id": order_id,
                    "customer_id": n,
                    "shipping_address_id": shipping,
                    "ordered_at": datetime(2025, 6, 1 + o),
                }
            )
            for i in range(2):
                rows[order_item].append(
                    {"order_id": order_id, "item_no": i, "product_id": 1 + i, "quantity": 1}
                )
        for i in range(3):
            rows[login].append(
                {
                    "id": n * 100 + i,
                    "customer_id": n,
                    "time": datetime(2025, 1, 1 + i),
                    "ip": f"10.0.{n}.{i}",
                }
            )
        rows[payment_card].append(
            {
                "id": f"card-{n}",
                "customer_id": n,
                "name": f"Klant {n}",
                "ccn": "4111111111111111",
                "billing_address_id": n,
            }
        )
        issued = {1: [datetime(2024, 5, 1), datetime(2018, 1, 1)], 2: [datetime(2018, 1, 1)]}
        for i, day in enumerate(issued.get(n, [datetime(2025, 1, 1)])):
            rows[invoice].append(
                {
                    "id": n * 10 + i,
                    "customer_id": n,
                    "name": f"Klant {n}",
                    "amount": 10,
                    "issued_at": day.date(),
                }
            )
        rows[visit].append({"email": email, "last_visit": datetime(2025, 2, n)})
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if rows[table]:
                connection.execute(table.insert(), rows[table])


DATASTORE: dict[str, Any] = {
    "tables": {
        "customer": {
            "key": "id",
            "identity": {"email": "email"},
            "columns": {"email": "email", "name": {"category": "name", "provided": True}},
            "references": {"address_id": "address.id"},
            "events": {"relationship_end": "created"},
        },
        "address": {
            "key": "id",
            "columns": {"street": "address", "city": "address", "zip": "address"},
        },
        "orders": {
            "key": "id",
            "references": {"customer_id": "customer.id", "shipping_address_id": "address.id"},
            "columns": {"ordered_at": "order_data"},
        },
        "order_item": {
            "key": ["order_id", "item_no"],
            "references": {"order_id": "orders.id", "product_id": "product.id"},
        },
        "product": {"key": "id"},
        "login": {
            "key": "id",
            "references": {"customer_id": "customer.id"},
            "columns": {
                "ip": {"category": "ip_address", "erase": "null"},
                "customer_id": {"category": "customer_number", "erase": "null"},
            },
            "erase": "anonymise",
        },
        "payment_card": {
            "key": "id",
            "references": {"customer_id": "customer.id", "billing_address_id": "address.id"},
            "columns": {"name": "name", "ccn": "payment_card"},
        },
        "invoice": {
            "key": "id",
            "references": {"customer_id": "customer.id"},
            "columns": {"name": "name"},
            "retention": "fiscal",
            "events": {"invoice_date": "issued_at"},
        },
        "visit": {
            "key": ["email", "last_visit"],
            "identity": {"email": "email"},
            "columns": {"email": "email"},
        },
    }
}


def declaration(url: str, tables: dict[str, Any] | None = None) -> Declaration:
    """A declaration whose datastore ``shop`` is this database."""
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
        "categories": {
            "name": {},
            "email": {"provided": True},
            "address": {},
            "ip_address": {},
            "order_data": {},
            "customer_number": {},
            "payment_card": {},
        },
        "retention": {
            "fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"},
            "account": {"after": "relationship_end", "keep": "P2Y"},
        },
        "datastores": {"shop": {"url": url, **(tables or DATASTORE)}},
    }
    return load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})
