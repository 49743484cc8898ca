"""The tables of the demo CRM, as SQLite DDL.

Dates are ISO 8601 text: ``DATE`` columns hold ``YYYY-MM-DD``, ``DATETIME`` columns
``YYYY-MM-DD HH:MM:SS`` in UTC. Every link is a declared foreign key with an index,
so the table graph can be read from the schema as well as from the declaration.
"""

from __future__ import annotations

__all__ = ["SCHEMA", "TABLES"]

#: The tables in the order they are filled (parents before children).
TABLES = (
    "companies",
    "contacts",
    "projects",
    "invoices",
    "newsletter_subscribers",
    "website_visits",
    "third_party_credentials",
)

SCHEMA = """
CREATE TABLE companies (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    legal_form      TEXT NOT NULL,      -- eenmanszaak | vof | bv | stichting
    kvk             TEXT NOT NULL UNIQUE,
    vat_number      TEXT,
    iban            TEXT,
    bic             TEXT,
    phone           TEXT,
    street          TEXT NOT NULL,      -- the establishment, from the KvK register
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    postal_street   TEXT,               -- a different address for post, when given
    postal_postcode TEXT,
    postal_city     TEXT,
    created_at      DATE NOT NULL,
    ended_at        DATE                -- the end of the business relationship
);

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    phone         TEXT,
    created_at    DATE NOT NULL,
    ended_at      DATE                  -- the end of the business relationship
);
CREATE INDEX contacts_company_id ON contacts (company_id);

CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    contact_id INTEGER REFERENCES contacts (id),
    title      TEXT NOT NULL,
    started_at DATE NOT NULL,
    ended_at   DATE
);
CREATE INDEX projects_company_id ON projects (company_id);
CREATE INDEX projects_contact_id ON projects (contact_id);

-- An invoice is a document: it keeps the details it was sent with, so it can stay
-- (under the fiscal hold) when the contact it was addressed to is gone.
CREATE TABLE invoices (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    company_id      INTEGER REFERENCES companies (id),
    invoice_date    DATE NOT NULL,
    description     TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL,   -- excluding VAT
    vat_cents       INTEGER NOT NULL,
    attention_of    TEXT,
    email           TEXT,               -- where the invoice was sent
    billing_address TEXT NOT NULL,
    vat_number      TEXT
);
CREATE INDEX invoices_company_id ON invoices (company_id);
CREATE INDEX invoices_email ON invoices (email);
CREATE INDEX invoices_invoice_date ON invoices (invoice_date);

CREATE TABLE newsletter_subscribers (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    first_name      TEXT,
    last_name       TEXT,
    subscribed_at   DATETIME NOT NULL,
    confirmed_at    DATETIME,           -- double opt-in: the confirmation link was followed
    unsubscribed_at DATETIME
);

CREATE TABLE website_visits (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER REFERENCES contacts (id),  -- when the visitor made themselves known
    visited_at  DATETIME NOT NULL,
    ip_address  TEXT,                   -- anonymised: the last octet is zero
    page        TEXT NOT NULL,
    browser     TEXT,
    device_type TEXT,
    city        TEXT
);
CREATE INDEX website_visits_contact_id ON website_visits (contact_id);
CREATE INDEX website_visits_visited_at ON website_visits (visited_at);

CREATE TABLE third_party_credentials (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    contact_id INTEGER REFERENCES contacts (id),   -- who handed them over
    system     TEXT NOT NULL,
    host       TEXT NOT NULL,
    username   TEXT NOT NULL,
    secret     TEXT NOT NULL,           -- a placeholder: the demo holds no real secret
    created_at DATE NOT NULL,
    ended_at   DATE                     -- the end of the company's business relationship
);
CREATE INDEX third_party_credentials_company_id ON third_party_credentials (company_id);
CREATE INDEX third_party_credentials_contact_id ON third_party_credentials (contact_id);

-- A person is found by e-mail address whatever its case: lower(email) IN (...)
CREATE INDEX contacts_lower_email ON contacts (lower(email));
CREATE INDEX invoices_lower_email ON invoices (lower(email));
CREATE INDEX newsletter_subscribers_lower_email ON newsletter_subscribers (lower(email));
"""
