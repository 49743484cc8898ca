"""The real tables behind a declared datastore, reflected from the database.

Every table and column the declaration names (keys, identities, personal-data columns,
references, events) must exist; otherwise ``DatastoreMisconfigured`` lists what is
missing. The primary key is the declared ``key`` or, without one, the database's own.
Anonymised values are chosen here by column type: NULL, or a fixed masked value.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..declaration.model import Column, Datastore, Table
from ..errors import DatastoreMisconfigured
from .engine import quiet_reflection

__all__ = ["MASK", "Schema"]

#: The masked value of a text column.
MASK = "anonymised"

_MASKS: dict[type, Any] = {
    bool: False,
    int: 0,
    float: 0.0,
    Decimal: Decimal(0),
    dt.date: dt.date(1970, 1, 1),
    dt.time: dt.time(0, 0),
    dt.timedelta: dt.timedelta(0),
    bytes: b"",
    dict: {},
    list: [],
    uuid.UUID: uuid.UUID(int=0),
}
_NAMED_MASKS = {"INET": "0.0.0.0", "CIDR": "0.0.0.0/32", "MACADDR": "00:00:00:00:00:00"}


class Schema:
    """The reflected tables of one datastore, checked against its declaration."""

    def __init__(self, key: str, datastore: Datastore, connection: sa.Connection) -> None:
        self.key = key
        self.datastore = datastore
        #: The database's dialect (``sqlite``, ``postgresql``, ``mysql``, ...).
        self.dialect: str = connection.dialect.name
        inspector = sa.inspect(connection)
        existing = set(inspector.get_table_names()) | set(inspector.get_view_names())
        names = list(datastore.tables)
        missing = [name for name in names if name not in existing]
        if missing:
            raise DatastoreMisconfigured(
                key,
                f"the database has no table {_listing(missing)}",
                "fix the table names under datastores.<key>.tables, or point url at the "
                "right database",
            )
        self.metadata = sa.MetaData()
        with quiet_reflection():
            self.metadata.reflect(bind=connection, only=names, views=True)
        self.tables: dict[str, sa.Table] = {name: self.metadata.tables[name] for name in names}
        self._check_columns()
        #: (table, column) pairs compared without regard to case by their collation.
        self.case_insensitive: set[tuple[str, str]] = _case_insensitive(connection, names)
        self.referenced = {
            (target, column)
            for table in datastore.tables.values()
            for target, _, column in (t.partition(".") for t in _targets(table))
        }

    def table(self, name: str) -> sa.Table:
        return self.tables[name]

    def key_columns(self, name: str) -> list[sa.Column[Any]]:
        """The declared key, or the database's primary key (empty if neither)."""
        declared = self.datastore.tables[name].key_columns
        table = self.tables[name]
        if declared:
            return [table.c[column] for column in declared]
        return list(table.primary_key.columns)

    def personal_columns(self, name: str) -> dict[str, Column]:
        """The columns holding personal data: the declared ones and the identity columns."""
        table = self.datastore.tables[name]
        found = {column: table.column(column) for column in table.columns}
        for column in table.identity_columns():
            found.setdefault(column, Column(category="identity"))
        return found

    def entry_rows(
        self, name: str, source: sa.FromClause | None = None
    ) -> sa.ColumnElement[bool] | None:
        """For a key-value table, the condition that a row of ``name`` (or of its alias
        ``source``) is one of the declared personal entries; None for any other table."""
        entries = self.datastore.tables[name].entries
        if entries is None:
            return None
        table = source if source is not None else self.tables[name]
        return table.c[entries.name].in_(list(entries.personal))

    def protected(self, name: str) -> set[str]:
        """Columns an anonymisation never changes: the key, and columns other tables
        refer to."""
        keys = {c.name for c in self.key_columns(name)}
        return keys | {column for table, column in self.referenced if table == name}

    def anonymised_values(
        self, name: str, only: Collection[str] | None = None
    ) -> dict[str, sa.ColumnElement[Any]]:
        """The value each personal-data column (or each of ``only``) gets when a row of
        ``name`` is anonymised."""
        table = self.tables[name]
        values: dict[str, sa.ColumnElement[Any]] = {}
        protected = self.protected(name)
        for column_name, declared in self.personal_columns(name).items():
            if declared.erase == "keep" or column_name in protected:
                continue
            if only is not None and column_name not in only:
                continue
            column = table.c[column_name]
            entries = self.datastore.tables[name].entries
            if entries is not None and column_name == entries.value:
                values[column_name] = self._entry_values(name, column)
                continue
            if declared.erase == "null" or (declared.erase == "delete" and column.nullable):
                if not column.nullable:
                    raise DatastoreMisconfigured(
                        self.key,
                        f"{name}.{column_name} cannot be NULL, so erase: null is impossible",
                        "declare erase: anonymise for this column, or allow NULL",
                    )
                values[column_name] = sa.null()
                continue
            values[column_name] = self._mask(name, column)
        return values

    def _entry_values(self, name: str, column: sa.Column[Any]) -> sa.ColumnElement[Any]:
        """The anonymised value of a key-value table's value column: per entry name,
        as that entry declares (masked, NULL, or kept)."""
        entries = self.datastore.tables[name].entries
        assert entries is not None
        named = self.tables[name].c[entries.name]
        whens: list[tuple[sa.ColumnElement[bool], Any]] = []
        for entry in entries.personal:
            declared = entries.entry(entry)
            if declared.erase == "keep":
                continue
            if declared.erase == "null" or (declared.erase == "delete" and column.nullable):
                whens.append((named == entry, sa.null()))
            else:
                whens.append((named == entry, self._mask(name, column)))
        if not whens:
            return column
        return sa.case(*whens, else_=column)

    def _mask(self, name: str, column: sa.Column[Any]) -> sa.ColumnElement[Any]:
        unique = self._unique(name, column.name)
        kind = _python_type(column.type)
        visit = type(column.type).__name__.upper()
        if visit in _NAMED_MASKS and not unique:
            return sa.literal(_NAMED_MASKS[visit], type_=column.type)
        if kind is str:
            length = getattr(column.type, "length", None)
            if unique:
                keys = self.key_columns(name)
                if keys:
                    expr: sa.ColumnElement[Any] = sa.literal(MASK + "-")
                    for index, key in enumerate(keys):
                        part = sa.cast(key, sa.String)
                        expr = expr + (part if index == 0 else sa.literal("-") + part)
                    return sa.cast(expr, column.type)
            else:
                return sa.literal(MASK[:length] if length else MASK, type_=column.type)
        elif kind is not None and not unique:
            if kind is dt.datetime:
                timezone = getattr(column.type, "timezone", False)
                moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC if timezone else None)
                return sa.literal(moment, type_=column.type)
            for python, mask in _MASKS.items():
                if issubclass(kind, python):
                    return sa.literal(mask, type_=column.type)
        if column.nullable:
            return sa.null()
        raise DatastoreMisconfigured(
            self.key,
            f"{name}.{column.name} ({column.type}) has no anonymised value Waarborg can "
            "give it" + (" (its values must be unique)" if unique else ""),
            "declare erase: null (allow NULL) or erase: keep for this column",
        )

    def _unique(self, name: str, column: str) -> bool:
        table = self.tables[name]
        for constraint in table.constraints:
            if isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
                if [c.name for c in constraint.columns] == [column]:
                    return True
        return any(
            index.unique and [c.name for c in index.columns] == [column] for index in table.indexes
        )

    def _check_columns(self) -> None:
        missing: list[str] = []
        for name, table in self.datastore.tables.items():
            real = self.tables[name].c
            for column, role in _declared_columns(table):
                if column not in real:
                    missing.append(f"{name}.{column} ({role})")
            for target in _targets(table):
                other, _, column = target.partition(".")
                if other in self.tables and column not in self.tables[other].c:
                    missing.append(f"{target} (referred to by {name})")
        if missing:
            raise DatastoreMisconfigured(
                self.key,
                f"the database has no column {_listing(sorted(set(missing)))}",
                "fix the column names in the declaration, or point url at the right database",
            )


def _case_insensitive(connection: sa.Connection, names: list[str]) -> set[tuple[str, str]]:
    """On MySQL and MariaDB, the text columns of ``names`` whose collation compares
    without regard to case (``utf8mb4_general_ci``, ``utf8mb4_unicode_ci``, ...: the
    default); none on other databases. MariaDB indexes no expressions, so a lookup by
    ``lower(column)`` alone reads the whole table; on these columns ``column IN (...)``
    finds the same rows and more, through the column's own index."""
    if connection.dialect.name not in ("mysql", "mariadb") or not names:
        return set()
    rows = connection.execute(
        sa.text(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN :names"
            " AND COLLATION_NAME LIKE '%\\_ci'"
        ).bindparams(sa.bindparam("names", expanding=True)),
        {"names": names},
    )
    return {(table, column) for table, column in rows}


def _declared_columns(table: Table) -> list[tuple[str, str]]:
    found = [(c, "key") for c in table.key_columns]
    found += [(c, "identity") for c in table.identity_columns()]
    found += [(c, "columns") for c in table.columns]
    found += [(c, "references") for c in table.references]
    found += [(c, "links") for c in table.links]
    found += [(c, "events") for c in table.events.values()]
    if table.entries is not None:
        found += [(table.entries.name, "entries"), (table.entries.value, "entries")]
    return found


def _targets(table: Table) -> list[str]:
    return [*table.references.values(), *table.links.values()]


def _python_type(kind: sa.types.TypeEngine[Any]) -> type | None:
    try:
        python: type = kind.python_type
    except NotImplementedError:
        return None
    return python


def _listing(items: list[str]) -> str:
    return ", ".join(repr(item) for item in items)
