"""Finding a person by e-mail address cannot silently miss: the SQL connector matches an
address without regard to case (on both sides), surrounding space and Unicode
composition, on SQLite and PostgreSQL, for access, erasure (and its dry run) and
rectification, and the request workflow finds and erases the row whatever case the
person types (issue 8, case 1)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load_text
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus
from waarborg.store.models import OutboxMessage, Request
from waarborg.store.models import Restriction as StoredRestriction

from . import shop
from .databases import DATASTORE_DIALECTS, empty_datastore
from .mailbox import delivered

#: Customers 3 to 6 as the organisation's database holds them: in lower case, in mixed
#: case, with a capital É, and with é decomposed (e and a combining accent).
STORED = {
    3: "jinthe.vangelder@example.nl",
    4: "Pieter.DeVries@Example.NL",
    5: "ÉLODIE.Martin@example.nl",
    6: unicodedata.normalize("NFD", "rené.dubois@example.nl"),
}
DATASET = Path(__file__).parent / "data" / "fides_dataset.yml"
EMAILS = {1: "jan@example.nl", 2: "piet@example.nl", **STORED}
ASKED = [
    ("Jinthe.vanGelder@example.nl", 3),
    ("  JINTHE.VANGELDER@EXAMPLE.NL\u00a0", 3),
    ("pieter.devries@example.nl", 4),
    ("PIETER.deVRIES@example.nl ", 4),
    (unicodedata.normalize("NFD", " élodie.martin@example.nl "), 5),
    ("Élodie.Martin@Example.nl", 5),
    ("René.Dubois@example.nl", 6),
    ("RENÉ.DUBOIS@EXAMPLE.NL", 6),
]


def _driver(url: str) -> str:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(params=DATASTORE_DIALECTS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, a fresh schema on PostgreSQL, a fresh
    database on MariaDB."""
    return empty_datastore(request, request.param, tmp_path)


def fill(url: str) -> sa.Engine:
    """The shop with customers 3 to 6 as ``STORED`` spells them."""
    engine = sa.create_engine(url)
    shop.fill(engine, customers=6)
    with engine.begin() as connection:
        for n, stored in STORED.items():
            old = connection.execute(
                sa.select(shop.customer.c.email).where(shop.customer.c.id == n)
            ).scalar_one()
            connection.execute(
                sa.update(shop.customer).where(shop.customer.c.id == n).values(email=stored)
            )
            connection.execute(
                sa.update(shop.visit).where(shop.visit.c.email == old).values(email=stored)
            )
    return engine


@pytest.fixture
def engine(url: str) -> Iterator[sa.Engine]:
    engine = fill(url)
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


def customers(engine: sa.Engine) -> dict[int, tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(shop.customer.c.id, shop.customer.c.email, shop.customer.c.name)
        )
        return {row.id: (row.email, row.name) for row in rows}


@pytest.mark.parametrize(("asked", "n"), ASKED)
def test_access_finds_the_person_however_the_address_is_written(
    connector: SqlConnector, asked: str, n: int
) -> None:
    rows = connector.access({"email": asked})
    assert [row["id"] for row in rows["customer"]] == [n]
    assert [row["email"] for row in rows["visit"]] == [STORED[n]]
    assert {row["id"] for row in rows["orders"]} == {f"ord-{n}-0", f"ord-{n}-1"}
    assert len(rows["order_item"]) == 4
    assert connector.portability({"email": asked})["customer"] == [
        {"email": STORED[n], "name": f"Klant {n}"}
    ]


def test_a_fides_dataset_matches_the_same_way(url: str, engine: sa.Engine) -> None:
    """Identities from a Fides dataset (``fides_meta.identity: email``) are e-mail
    addresses too."""
    text = yaml.safe_dump(
        {
            "waarborg": 1,
            "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
            "datastores": {"shop": {"url": url, "fides": str(DATASET)}},
        }
    )
    made = connect(load_text(text, "privacy.yaml", env={}), "shop")
    try:
        for asked, n in ASKED:
            assert [row["id"] for row in made.access({"email": asked})["customer"]] == [n]
    finally:
        made.close()


@pytest.mark.parametrize(
    "asked",
    [
        "jinthe.vangelder@example.com",  # another domain
        "jinthe.vangelde@example.nl",  # another person
        # full-width letters are other characters, not a spelling (NFC, not NFKC)
        "\uff4a\uff49\uff4e\uff54\uff48\uff45.vangelder@example.nl",
        "%@example.nl",  # no pattern: the address is compared, not matched as LIKE
    ],
)
def test_other_addresses_find_nothing(connector: SqlConnector, asked: str) -> None:
    rows = connector.access({"email": asked})
    assert all(found == [] for found in rows.values())


@pytest.mark.usefixtures("now")
@pytest.mark.parametrize(("asked", "n"), ASKED[::2])
def test_erasure_and_its_dry_run_find_the_person(
    connector: SqlConnector, engine: sa.Engine, asked: str, n: int
) -> None:
    dry = {t.table: t for t in connector.erase({"email": asked}, dry_run=True).tables}
    assert dry["customer"].found == 1 and dry["orders"].deleted == 2
    assert n in customers(engine)
    done = {t.table: t for t in connector.erase({"email": asked}).tables}
    assert done["customer"].found == 1
    assert done["orders"].deleted == 2 and done["order_item"].deleted == 4
    assert done["visit"].deleted == 1
    # the invoice under the tax hold keeps the customer row; no one else's rows changed
    assert done["invoice"].kept_rows == 1
    after = customers(engine)
    assert [k for k in range(1, 7) if after.get(k) != (EMAILS[k], f"Klant {k}")] == []
    with engine.connect() as connection:
        left = connection.execute(
            sa.select(sa.func.count())
            .select_from(shop.orders)
            .where(shop.orders.c.customer_id == n)
        ).scalar_one()
        visits = connection.execute(sa.select(shop.visit.c.email)).scalars().all()
    assert left == 0 and STORED[n] not in visits


@pytest.mark.parametrize(("asked", "n"), ASKED[1::2])
def test_rectification_changes_the_persons_row(
    connector: SqlConnector, engine: sa.Engine, asked: str, n: int
) -> None:
    assert connector.rectify({"email": asked}, "customer", {"name": "Nieuwe Naam"}) == 1
    after = customers(engine)
    assert after[n] == (STORED[n], "Nieuwe Naam")
    assert all(name == f"Klant {k}" for k, (_, name) in after.items() if k != n)


def test_a_byte_wise_collation_on_postgresql(postgres_schema_url: str) -> None:
    """Under the "C" collation PostgreSQL's lower() folds A-Z only, as SQLite's does."""
    url = _driver(postgres_schema_url)
    engine = fill(url)
    made = connect(shop.declaration(url), "shop")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                'ALTER TABLE customer ALTER COLUMN email TYPE varchar(100) COLLATE "C"'
            )
            folded = connection.exec_driver_sql("SELECT lower(email) FROM customer WHERE id = 5")
            assert folded.scalar() == "Élodie.martin@example.nl"
        for asked, n in ASKED:
            assert [row["id"] for row in made.access({"email": asked})["customer"]] == [n]
    finally:
        made.close()
        engine.dispose()


def test_the_index_on_lower_email_serves_the_lookup(
    connector: SqlConnector, engine: sa.Engine
) -> None:
    """docs/datastores.md recommends ``CREATE INDEX ... ON customer (lower(email))``; the
    statement the connector sends is one that index serves."""
    mariadb = connector.engine.dialect.name == "mysql"
    with engine.begin() as connection:
        # MariaDB indexes no expressions: there the column's own index serves, as its
        # collation compares without regard to case
        indexed = "email" if mariadb else "lower(email)"
        connection.exec_driver_sql(f"CREATE INDEX ix_customer_lower_email ON customer ({indexed})")
    sent: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if re.match(r"\s*SELECT customer\.id, customer\.email", statement):
            sent.append((statement, parameters))

    sa.event.listen(connector.engine, "before_cursor_execute", seen)
    connector.access({"email": "Élodie.Martin@example.nl"})
    statement, parameters = sent[0]
    assert "lower(customer.email) IN" in statement
    with connector.engine.connect() as connection:
        if connector.engine.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        elif mariadb:
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    assert "ix_customer_lower_email" in " ".join(str(part) for row in plan for part in row)


def test_a_missing_index_on_lower_email_is_logged(
    url: str, engine: sa.Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "waarborg.datastores"):
        made = connect(shop.declaration(url), "shop")
        made.access({"email": "jan@example.nl"})
        made.close()
    missing = sorted(r.getMessage().split(" has no index")[0] for r in caplog.records)
    if sa.make_url(url).get_backend_name() == "mysql":
        # MariaDB indexes no expressions, so there is no index to recommend
        assert missing == []
        return
    assert missing == ["datastore shop: customer.email", "datastore shop: visit.email"]
    assert "CREATE INDEX ON customer (lower(email))" in caplog.records[0].getMessage()

    caplog.clear()
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE INDEX ix_customer_lower ON customer (lower(email))")
        connection.exec_driver_sql('CREATE INDEX ix_visit_lower ON visit (LOWER("email"))')
    with caplog.at_level(logging.WARNING, "waarborg.datastores"):
        made = connect(shop.declaration(url), "shop")
        made.access({"email": "jan@example.nl"})
        made.close()
    assert caplog.records == []


# --- through the request workflow ------------------------------------------------------------


@pytest.fixture
def requests(database: Database, url: str, engine: sa.Engine, tmp_path: Path) -> Iterator[Requests]:
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@koekjeshuis.nl",
    )
    service = Requests(database, shop.declaration(url), settings)
    yield service
    service.close()


def _verify(requests: Requests, kind: str, who: str) -> str:
    public_id = requests.file(kind=kind, email=who)
    message = delivered(requests.database, "verification")[-1]
    body = message.get_body(("plain",))
    assert body is not None
    text = str(body.get_content())
    found = re.search(r"https://privacy\.example\.nl/verify/(\S+)", text)
    assert found
    assert requests.verify(found.group(1).rstrip(".")) == public_id
    return public_id


@pytest.mark.usefixtures("now")
def test_jinthe_is_found_and_erased_through_the_request_workflow(
    requests: Requests, engine: sa.Engine
) -> None:
    """Issue 8, case 1: a person types ``Jinthe.vanGelder@example.nl``, the data holds
    ``jinthe.vangelder@example.nl``. Her row is found and erased, and the letters go to
    the address as she typed it."""
    with engine.begin() as connection:  # her invoices are past the hold: nothing keeps her row
        connection.execute(sa.delete(shop.invoice).where(shop.invoice.c.customer_id == 3))
    asked = "Jinthe.vanGelder@example.nl"
    public_id = _verify(requests, "access", asked)
    assert requests.process(public_id) == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.email == asked
    assert view.outcome is not None and view.outcome["rows"]["shop"]["customer"] == 1

    public_id = _verify(requests, "erasure", " " + asked)
    assert requests.process(public_id) == RequestStatus.ANSWERED
    with requests.database.read() as session:
        request = session.scalars(sa.select(Request).where(Request.public_id == public_id)).one()
        assert request.email == asked and request.identity == {"email": STORED[3]}
        assert request.outcome is not None
        erased = {t["table"]: t for t in request.outcome["erased"]["shop"]["tables"]}
        answer = session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "answered")
        ).all()[-1]
    assert erased["customer"]["deleted"] == 1
    assert answer.recipient == asked
    assert 3 not in customers(engine)


def test_one_person_is_one_key_for_restrictions(requests: Requests) -> None:
    decomposed = unicodedata.normalize("NFD", "René.Dubois@example.nl")
    public_id = _verify(requests, "restriction", decomposed)
    assert requests.process(public_id) == RequestStatus.ANSWERED
    with requests.database.read() as session:
        keys = session.scalars(sa.select(StoredRestriction.subject_key)).all()
    assert keys == ["rené.dubois@example.nl"]
    assert requests.restrictions(" RENÉ.DUBOIS@example.nl") != []
