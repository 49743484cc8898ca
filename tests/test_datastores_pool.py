"""The connector pool a long-running service keeps: one connector per datastore,
reused across requests, and dropped when its work fails so the next attempt starts
afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from waarborg.datastores.registry import ConnectorPool
from waarborg.errors import DatastoreError, DatastoreMisconfigured

from . import shop

JAN = {"email": "jan@example.nl"}


@pytest.fixture
def pool(tmp_path: Path) -> ConnectorPool:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = sa.create_engine(url)
    shop.fill(engine)
    engine.dispose()
    return ConnectorPool(shop.declaration(url))


def test_one_connector_per_datastore_is_reused(pool: ConnectorPool) -> None:
    with pool.using("shop") as first:
        rows = first.access(JAN)
    with pool.using("shop") as second:
        assert second.access(JAN) == rows
    assert first is second
    pool.close()


def test_a_failing_connector_is_dropped_and_the_next_one_is_new(
    pool: ConnectorPool, tmp_path: Path
) -> None:
    with pool.using("shop") as first:
        first.access(JAN)
    # The organisation migrates its database: a declared column disappears.
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE login RENAME COLUMN ip TO ip_address"))
    engine.dispose()
    with pytest.raises(DatastoreError), pool.using("shop") as same:
        assert same is first  # still the cached connector with the old schema
        same.access(JAN)
    with pytest.raises(DatastoreMisconfigured, match=r"login\.ip"), pool.using("shop") as fresh:
        assert fresh is not first  # reflects afresh and names what is missing
        fresh.access(JAN)
    pool.close()


def test_close_drops_every_connector(pool: ConnectorPool) -> None:
    first = pool.get("shop")
    pool.close()
    assert pool.get("shop") is not first
    pool.close()
