"""A small bakery for the tests of what answers say: a customer database in SQLite and
a declaration whose recipients include one with an Art. 19 channel (Mailchimp), one
without (Moneybird), one that receives none of the customer data (Google Analytics),
and a purpose whose recipients are unstated.

People: Jinthe (a customer with a recent and an old invoice, and a newsletter
sign-up), Kees (a customer whose only invoice is under the tax hold, so an erasure
keeps everything), and nobody at ``niemand@example.org``.
"""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Declaration
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database

from .mailbox import delivered

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
JINTHE = "jinthe.vangelder@example.nl"
KEES = "kees.smit@example.nl"
NOBODY = "niemand@example.org"
TABLES = ("customers", "invoices", "newsletter_subscribers")
COLUMNS = ("full_name", "phone", "street", "billing_name", "amount_cents", "first_name")


def build(folder: Path) -> Declaration:
    """Create the bakery's database in ``folder`` and return its declaration."""
    url = f"sqlite:///{folder / 'bakery.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL,"
            " full_name TEXT, phone TEXT, street TEXT)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY,"
            " customer_id INTEGER NOT NULL REFERENCES customers(id),"
            " billing_name TEXT, amount_cents INTEGER, issued_on DATE)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE newsletter_subscribers (id INTEGER PRIMARY KEY, email TEXT NOT NULL,"
            " first_name TEXT)"
        )
        connection.exec_driver_sql(
            "INSERT INTO customers VALUES"
            f" (1, '{JINTHE}', 'Jinthe van Gelder', '0612345678', 'Dorpsstraat 1'),"
            f" (2, '{KEES}', 'Kees Smit', '0687654321', 'Kerkstraat 9')"
        )
        connection.execute(
            sa.text("INSERT INTO invoices VALUES (:id, :customer, :name, :cents, :issued)"),
            [
                {"id": 1, "customer": 1, "name": "J. van Gelder", "cents": 214595,
                 "issued": date(2026, 8, 6)},
                {"id": 2, "customer": 1, "name": "J. van Gelder", "cents": 1200,
                 "issued": date(2015, 1, 5)},
                {"id": 3, "customer": 2, "name": "K. Smit", "cents": 5000,
                 "issued": date(2025, 3, 1)},
            ],
        )  # fmt: skip
        connection.exec_driver_sql(
            f"INSERT INTO newsletter_subscribers VALUES (1, '{JINTHE}', 'Jinthe')"
        )
    engine.dispose()
    data: dict[str, Any] = {
        "waarborg": 1,
        "controller": {"name": "Bakkerij De Korenschoof", "email": "privacy@korenschoof.example"},
        "categories": {
            "name": {"label": {"nl": "Naam", "en": "Name"}},
            "email": {"label": {"nl": "E-mailadres", "en": "E-mail address"}, "provided": True},
            "phone": {"label": {"nl": "Telefoonnummer", "en": "Phone number"}},
            "address": {"label": {"nl": "Adres", "en": "Address"}},
            "ip_address": {"label": {"nl": "IP-adres", "en": "IP address"}},
        },
        "purposes": {
            "newsletter": {
                "label": {"nl": "Nieuwsbrief", "en": "Newsletter"},
                "basis": "consent",
                "categories": ["name", "email"],
                "recipients": ["mailchimp"],
            },
            "invoicing": {
                "label": {"nl": "Facturen", "en": "Invoices"},
                "basis": "legal_obligation",
                "categories": ["name", "email", "address"],
                "recipients": ["moneybird"],
                "retention": "fiscal",
            },
            "support": {
                "label": {"nl": "Klantenservice", "en": "Customer service"},
                "basis": "contract",
                "categories": ["name", "phone"],
                "recipients": "unstated",
            },
            "analytics": {
                "label": {"nl": "Websitestatistiek", "en": "Website statistics"},
                "basis": "consent",
                "categories": ["ip_address"],
                "recipients": ["google_analytics"],
            },
        },
        "recipients": {
            "mailchimp": {
                "name": "Mailchimp",
                "role": "processor",
                "country": "US",
                "transfer": "scc",
                "email": "privacy@mailchimp.example",
            },
            "moneybird": {"name": "Moneybird", "role": "processor", "country": "NL"},
            "google_analytics": {
                "name": "Google Analytics",
                "role": "processor",
                "country": "US",
                "email": "privacy@google.example",
            },
        },
        "retention": {
            "fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "artikel 52 AWR"},
        },
        "datastores": {
            "shop": {
                "url": url,
                "tables": {
                    "customers": {
                        "key": "id",
                        "identity": {"email": "email"},
                        "columns": {
                            "email": "email",
                            "full_name": "name",
                            "phone": "phone",
                            "street": "address",
                        },
                    },
                    "invoices": {
                        "key": "id",
                        "references": {"customer_id": "customers.id"},
                        "columns": {"billing_name": "name"},
                        "retention": "fiscal",
                        "events": {"invoice_date": "issued_on"},
                    },
                    "newsletter_subscribers": {
                        "key": "id",
                        "identity": {"email": "email"},
                        "columns": {"email": "email", "first_name": "name"},
                    },
                },
            }
        },
    }
    return load_text(yaml.safe_dump(data, sort_keys=False), str(folder / "privacy.yaml"), env={})


def service(database: Database, declaration: Declaration, folder: Path) -> Requests:
    settings = Settings(
        data_dir=folder / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@korenschoof.example",
    )
    return Requests(database, declaration, settings)


def messages(database: Database, kind: str | None = None) -> list[Message]:
    """The letters as delivered (the queue sent first), oldest first."""
    return list(delivered(database, kind))


def text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8").replace("\r\n", "\n")
    raise AssertionError("no text part")


def subject(message: Message) -> str:
    decoded = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    return " ".join(decoded.split())


def run(
    requests: Requests,
    kind: str,
    who: str,
    lang: str = "nl",
    changes: dict[str, dict[str, Any]] | None = None,
    **details: Any,
) -> str:
    """File, verify and carry out a request; returns its public id."""
    public_id = requests.file(kind=kind, email=who, lang=lang, details=details or None)
    verification = messages(requests.database, "verification")[-1]
    token = re.search(r"/verify/(\S+)", text(verification))
    assert token
    assert requests.verify(token.group(1)) == public_id
    requests.process(public_id)
    if changes is not None:
        requests.approve(public_id, actor="admin:anna", changes=changes)
    return public_id


def answer(requests: Requests) -> Message:
    return messages(requests.database, "answered")[-1]


_URL = re.compile(r"https?://\S+|\S+@\S+")
#: A request's reference (its public id: 22 random url-safe characters, which may hold
#: an underscore) is no database word.
_REFERENCE = re.compile(r"(?<![\w-])[A-Za-z0-9_-]{20,}(?![\w-])")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ISO_DURATION = re.compile(r"\bP(?=\d|T\d)(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?\b")
#: English words of the database's or the hold's own description.
ENGLISH_IN_DUTCH = ("legal hold", "retention rule", "kept", " row", "referred to", "completed")


def database_words(text_: str, *, names: tuple[str, ...] = TABLES + COLUMNS) -> list[str]:
    """What a letter must not say: snake_case identifiers, the datastore's table and
    column names, ISO durations (links and addresses left out)."""
    plain = _REFERENCE.sub(" ", _URL.sub(" ", text_))
    found = SNAKE.findall(plain) + ISO_DURATION.findall(plain)
    found += [n for n in names if re.search(rf"\b{re.escape(n)}\b", plain)]
    return found
