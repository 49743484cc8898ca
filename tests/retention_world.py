"""A datastore for the retention tests, with a rule tied to each kind of event.

- ``customer``: 4 weeks after the relationship ends (``ended_at``);
- ``subscription``: anonymised 2 years after the subscription ends, which cuts its
  link to the customer;
- ``account``: deleted at once when the account is cancelled (``P0D``);
- ``invoice``: 7 years after the invoice date, under the tax hold (a ``DATE`` column);
- ``visit``: 2 years after collection (a rule that names no event);
- ``note`` (a rule with criteria only) and ``login`` (an event no column records)
  cannot be swept.

At ``NOW`` the expected outcome is in ``GONE``, ``ANONYMISED`` and ``COUNTS``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import yaml

from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

metadata = sa.MetaData()
customer = sa.Table(
    "customer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(100)),
    sa.Column("ended_at", sa.DateTime),
)
subscription = sa.Table(
    "subscription",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("email", sa.String(100)),
    sa.Column("plan", sa.String(20), nullable=False),
    sa.Column("ended_at", sa.DateTime),
)
account = sa.Table(
    "account",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100), nullable=False),
    sa.Column("cancelled_at", sa.DateTime),
)
invoice = sa.Table(
    "invoice",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), index=True),
    sa.Column("name", sa.String(100)),
    sa.Column("issued_at", sa.Date),
)
visit = sa.Table(
    "visit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ip", sa.String(45)),
    sa.Column("visited_at", sa.DateTime),
)
note = sa.Table(
    "note",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.String(200)),
    sa.Column("written_at", sa.DateTime),
)
login = sa.Table(
    "login",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ip", sa.String(45)),
    sa.Column("at", sa.DateTime),
)

ROWS: dict[str, list[dict[str, Any]]] = {
    "customer": [
        # expired, but a held invoice refers to it
        {"id": 1, "email": "jan@example.nl", "name": "Jan", "ended_at": datetime(2025, 12, 1)},
        {"id": 2, "email": "piet@example.nl", "name": "Piet", "ended_at": datetime(2025, 12, 1)},
        # ended three weeks ago (naive times are UTC)
        {"id": 3, "email": "kees@example.nl", "name": "Kees", "ended_at": datetime(2026, 2, 8)},
        # still a customer
        {"id": 4, "email": "els@example.nl", "name": "Els", "ended_at": None},
        # expired; its only subscription is anonymised, which cuts the link
        {"id": 5, "email": "anna@example.nl", "name": "Anna", "ended_at": datetime(2025, 6, 1)},
        # expired, but a subscription that is still kept refers to it
        {"id": 6, "email": "bram@example.nl", "name": "Bram", "ended_at": datetime(2025, 6, 1)},
        # exactly four weeks ago: the period has ended
        {"id": 7, "email": "ilse@example.nl", "name": "Ilse", "ended_at": datetime(2026, 2, 1, 12)},
    ],
    "subscription": [
        {
            "id": 50,
            "customer_id": 5,
            "email": "anna@example.nl",
            "plan": "basis",
            "ended_at": datetime(2023, 1, 1),
        },
        {
            "id": 60,
            "customer_id": 6,
            "email": "bram@example.nl",
            "plan": "plus",
            "ended_at": datetime(2025, 1, 1),
        },
        {"id": 61, "customer_id": 6, "email": "bram@example.nl", "plan": "basis", "ended_at": None},
    ],
    "account": [
        {"id": 1, "email": "jan@example.nl", "cancelled_at": datetime(2026, 2, 28)},
        {"id": 2, "email": "piet@example.nl", "cancelled_at": None},
        {"id": 3, "email": "kees@example.nl", "cancelled_at": datetime(2026, 3, 2)},
    ],
    "invoice": [
        {"id": 10, "customer_id": 1, "name": "Jan", "issued_at": date(2024, 5, 1)},
        {"id": 11, "customer_id": 3, "name": "Kees", "issued_at": date(2018, 1, 1)},
        # seven years ago today: the hold has ended
        {"id": 12, "customer_id": 4, "name": "Els", "issued_at": date(2019, 3, 1)},
        {"id": 13, "customer_id": 4, "name": "Els", "issued_at": date(2019, 3, 2)},
    ],
    "visit": [
        {"id": 100, "ip": "192.0.2.1", "visited_at": datetime(2023, 1, 1)},
        {"id": 101, "ip": "192.0.2.2", "visited_at": datetime(2025, 1, 1)},
    ],
    "note": [{"id": 1, "text": "Belde over de factuur", "written_at": datetime(2010, 1, 1)}],
    "login": [{"id": 1, "ip": "192.0.2.3", "at": datetime(2010, 1, 1)}],
}

#: The rows a sweep at NOW deletes, by table.
GONE = {"customer": {2, 5, 7}, "account": {1}, "invoice": {11, 12}, "visit": {100}}
#: The rows a sweep at NOW anonymises, by table.
ANONYMISED = {"subscription": {50}}
#: The dry run at NOW: rows, expired, changes, no_event.
COUNTS = {
    "customer": (7, 5, 3, 1),
    "subscription": (3, 1, 1, 1),
    "account": (3, 1, 1, 1),
    "invoice": (4, 2, 2, 0),
    "visit": (2, 1, 1, 0),
}

RETENTION: dict[str, Any] = {
    "after_relationship": {"after": "relationship_end", "keep": "P4W"},
    "subscription": {"after": "subscription_end", "keep": "P2Y", "then": "anonymise"},
    "account_cancelled": {"after": "account_cancelled", "keep": "P0D"},
    "fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"},
    "analytics": {"keep": "P2Y"},
    "support": {"criteria": {"nl": "Zolang de vraag openstaat.", "en": "While it is open."}},
    "logins": {"after": "login", "keep": "P30D"},
    "cookies": {"keep": "P1Y"},
}

TABLES: dict[str, Any] = {
    "customer": {
        "key": "id",
        "identity": {"email": "email"},
        "columns": {"name": "name", "email": "email"},
        "events": {"relationship_end": "ended_at"},
        "retention": "after_relationship",
    },
    "subscription": {
        "key": "id",
        "references": {"customer_id": "customer.id"},
        "columns": {"email": "email"},
        "events": {"subscription_end": "ended_at"},
        "retention": "subscription",
    },
    "account": {
        "key": "id",
        "identity": {"email": "email"},
        "columns": {"email": "email"},
        "events": {"account_cancelled": "cancelled_at"},
        "retention": "account_cancelled",
    },
    "invoice": {
        "key": "id",
        "references": {"customer_id": "customer.id"},
        "columns": {"name": "name"},
        "events": {"invoice_date": "issued_at"},
        "retention": "fiscal",
    },
    "visit": {
        "key": "id",
        "columns": {"ip": "ip_address"},
        "events": {"collection": "visited_at"},
        "retention": "analytics",
    },
    "note": {
        "key": "id",
        "columns": {"text": "name"},
        "events": {"collection": "written_at"},
        "retention": "support",
    },
    "login": {"key": "id", "columns": {"ip": "ip_address"}, "retention": "logins"},
}


def fill(engine: sa.Engine) -> None:
    """Create the tables and their rows."""
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            connection.execute(table.insert(), ROWS[table.name])


def declaration(url: str) -> Declaration:
    """A declaration whose datastore ``shop`` is this database."""
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
        "categories": {"name": {}, "email": {}, "ip_address": {}},
        "retention": RETENTION,
        "datastores": {"shop": {"url": url, "tables": TABLES}},
    }
    return load_text(yaml.safe_dump(data, sort_keys=False), "privacy.yaml", env={})


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(sa.select(table).order_by(table.c.id))
            ]
            for table in metadata.sorted_tables
        }


def ids(engine: sa.Engine, table: str) -> set[int]:
    with engine.connect() as connection:
        return set(connection.execute(sa.select(metadata.tables[table].c.id)).scalars())


def grow(engine: sa.Engine, customers: int) -> None:
    """Add ``customers`` more customers (ids from 1000), each with a subscription and
    an invoice, their dates spread over the last nine years: some expired, some held,
    some whose event has not happened."""
    rows: dict[sa.Table, list[dict[str, Any]]] = {customer: [], subscription: [], invoice: []}
    for n in range(customers):
        key = 1000 + n
        days = (n * 37) % 3300
        ended = None if n % 7 == 0 else datetime(2026, 2, 28) - timedelta(days=days)
        rows[customer].append(
            {
                "id": key,
                "email": f"klant{key}@example.nl",
                "name": f"Klant {key}",
                "ended_at": ended,
            }
        )
        rows[subscription].append(
            {
                "id": key,
                "customer_id": key,
                "email": f"klant{key}@example.nl",
                "plan": "basis",
                "ended_at": ended,
            }
        )
        rows[invoice].append(
            {
                "id": key,
                "customer_id": key if n % 3 == 0 else None,
                "name": f"Klant {key}",
                "issued_at": date(2026, 2, 1) - timedelta(days=(n * 53) % 3300),
            }
        )
    with engine.begin() as connection:
        for table, found in rows.items():
            connection.execute(table.insert(), found)
