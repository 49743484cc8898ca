"""Whether the indexes a lookup by e-mail address needs are there.

A person is found by ``lower(column) IN (...)`` (``identity.py``). Only an index on the
expression ``lower(column)`` serves that; without one, every request reads the whole
table. The connector looks once, when it first reflects the tables, and logs a warning
per identity column that has no such index (docs/datastores.md says how to create it).
"""

from __future__ import annotations

import logging
import re

import sqlalchemy as sa

from ..declaration.model import Datastore
from ..identity import is_email

__all__ = ["log", "unindexed"]

log = logging.getLogger("waarborg.datastores")


def unindexed(connection: sa.Connection, datastore: Datastore) -> list[str]:
    """The e-mail identity columns (``table.column``) without an index on
    ``lower(column)``; empty when the database cannot say."""
    missing: list[str] = []
    for name, table in datastore.tables.items():
        columns = [
            c for kind in table.identity if is_email(kind) for c in table.identity_columns(kind)
        ]
        if not columns:
            continue
        expressions = _expressions(connection, name)
        if expressions is None:
            continue
        missing += [f"{name}.{c}" for c in columns if not any(_lower_of(e, c) for e in expressions)]
    return missing


def _expressions(connection: sa.Connection, table: str) -> list[str] | None:
    """The indexed expressions of ``table``, as the database spells them."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"),
            {"t": table},
        )
        return [sql for (sql,) in rows if sql]
    if connection.dialect.name != "postgresql":
        return None
    found: list[str] = []
    for index in sa.inspect(connection).get_indexes(table):
        found += [e for e in index.get("expressions") or [] if e]
    return found


def _lower_of(expression: str, column: str) -> bool:
    """Whether ``expression`` contains ``lower(column)``, in any quoting or cast:
    ``lower(email)``, ``lower("email")``, PostgreSQL's ``lower((email)::text)``."""
    name = re.escape(column)
    pattern = rf"lower\s*\(\s*\(?\s*[\"`\[]?{name}[\"`\]]?\s*\)?\s*(::[\w ]+)?\)"
    return re.search(pattern, expression, re.IGNORECASE) is not None
