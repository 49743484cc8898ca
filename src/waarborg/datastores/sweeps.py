"""The SQL of retention sweeps: the expired rows of a table, counted, and deleted or
anonymised in batches by key range.

A row is expired when its event column is set and on or before the cutoff (the moment
of the run minus the rule's period): ``issued_at IS NOT NULL AND issued_at <= :cutoff``.
A row whose event has not happened (the column is empty) is never expired. Under a
rule with a legal hold the hold lasts exactly the rule's period, so a held row is never
expired: the same cutoff decides both, as for erasure (``holds.py``).

A batch is two statements in one transaction. The first finds where the batch ends:
the key of the ``size``-th expired row after the previous batch, ``SELECT id FROM t
WHERE <expired> AND id > :after ORDER BY id LIMIT 1 OFFSET :size - 1`` (none: the
rest of the table is the last batch). The second changes the range ``:after < id <=
:upper``, re-checking every condition in the statement itself:

- a delete keeps every row that a row of any table still refers to (``NOT EXISTS``
  per declared reference), so parents go only after their children, and a row a held
  child refers to stays;
- an anonymisation sets the personal-data columns as erasure does, cuts the row's
  links to the tables people are found in (sets them to NULL), and skips rows that
  already hold those values.

Keys travel as plain JSON values (numbers, text, ISO dates), so a run records where it
stopped and resumes there. The dry run counts per table, in one statement, the rows
the sweep would change: a parent row counts only when every row referring to it goes
in the same run (the children's own sweeps come first).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..declaration.model import Datastore
from .base import Expiry, SweepBatch, SweepCounts
from .graph import Reference, TableGraph
from .schema import Schema
from .statements import moment, person_links

__all__ = ["Batches", "anonymised", "count", "expired"]

#: How deep the dry run follows rows that refer to rows that refer to a row.
_DEPTH = 8


def expired(schema: Schema, expiry: Expiry, source: sa.FromClause | None = None) -> Any:
    """The condition that a row of ``expiry.table`` (or of its alias ``source``) is
    expired."""
    table = source if source is not None else schema.table(expiry.table)
    column = table.c[expiry.column]
    cutoff = sa.bindparam(None, moment(column, expiry.cutoff), type_=column.type)
    return sa.and_(column.is_not(None), column <= cutoff)


def anonymised(
    schema: Schema, graph: TableGraph, datastore: Datastore, name: str
) -> dict[str, sa.ColumnElement[Any]]:
    """The values an anonymised row of ``name`` gets: its personal data as declared,
    and NULL in its references to the tables people are found in."""
    declared = datastore.tables[name]
    table = schema.table(name)
    values = schema.anonymised_values(name)
    protected = schema.protected(name)
    for ref in person_links(graph, datastore, name):
        spec = declared.column(ref.column) if ref.column in declared.columns else None
        if (spec is not None and spec.erase == "keep") or ref.column in protected:
            continue
        if table.c[ref.column].nullable:
            values[ref.column] = sa.null()
    return values


def _differs(table: sa.Table, values: Mapping[str, sa.ColumnElement[Any]]) -> Any:
    return sa.or_(*(table.c[c].is_distinct_from(v) for c, v in values.items()))


def _guards(schema: Schema, graph: TableGraph, name: str) -> list[Any]:
    """A row of ``name`` is referred to by no row that is there now."""
    table = schema.table(name)
    found: list[Any] = []
    for ref in graph.referencing(name):
        source: sa.FromClause = schema.table(ref.table)
        conditions = []
        if ref.table == name:
            source = table.alias(f"{name}_referrer")
            conditions.append(_other(schema, name, source, table))
        conditions.append(source.c[ref.column] == table.c[ref.target_column])
        found.append(~sa.select(sa.literal(1)).select_from(source).where(*conditions).exists())
    return found


def _other(schema: Schema, name: str, source: sa.FromClause, table: sa.FromClause) -> Any:
    keys = [k.name for k in schema.key_columns(name)]
    if not keys:
        return sa.true()
    return sa.or_(*(source.c[k] != table.c[k] for k in keys))


class Batches:
    """The batch statements of one table's sweep, built once and run batch by batch
    with the keys bound as ``:after_<n>`` and ``:upper_<n>``."""

    def __init__(
        self, schema: Schema, graph: TableGraph, datastore: Datastore, expiry: Expiry
    ) -> None:
        self.expiry = expiry
        self.table = schema.table(expiry.table)
        self.keys = schema.key_columns(expiry.table)
        self.condition = expired(schema, expiry)
        self.values: dict[str, sa.ColumnElement[Any]] = {}
        if expiry.action == "anonymise":
            self.values = anonymised(schema, graph, datastore, expiry.table)
            if self.values:
                self.condition = sa.and_(self.condition, _differs(self.table, self.values))
        self.guards = _guards(schema, graph, expiry.table) if expiry.action == "delete" else []
        self._boundaries: dict[tuple[bool, int], Any] = {}
        self._changes: dict[tuple[bool, bool], Any] = {}

    def _range(self, after: bool, upper: bool) -> list[Any]:
        left: Any = self.keys[0] if len(self.keys) == 1 else sa.tuple_(*self.keys)
        found: list[Any] = []
        for name, wanted in (("after", after), ("upper", upper)):
            if not wanted:
                continue
            bound = [sa.bindparam(f"{name}_{i}", type_=k.type) for i, k in enumerate(self.keys)]
            right: Any = bound[0] if len(bound) == 1 else sa.tuple_(*bound)
            found.append(left > right if name == "after" else left <= right)
        return found

    def _params(self, **keys: Sequence[Any] | None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, values in keys.items():
            if values is not None:
                typed = _typed(self.keys, values)
                params.update({f"{name}_{i}": value for i, value in enumerate(typed)})
        return params

    def boundary(
        self, connection: sa.Connection, after: Sequence[Any] | None, size: int
    ) -> list[Any] | None:
        """The key of the ``size``-th row to change after ``after``, or None when fewer
        are left (or the table has no key: then the whole table is one batch)."""
        if not self.keys:
            return None
        shape = (after is not None, size)
        statement = self._boundaries.get(shape)
        if statement is None:
            # the offset is written into the statement: as a parameter, PostgreSQL's
            # generic plan for a prepared statement may sort the whole table instead
            # of walking the key's index
            statement = self._boundaries[shape] = (
                sa.select(*self.keys)
                .where(self.condition, *self._range(after is not None, False))
                .order_by(*self.keys)
                .offset(sa.literal_column(str(int(size) - 1), sa.Integer))
                .limit(sa.literal_column("1", sa.Integer))
            )
        row = connection.execute(statement, self._params(after=after)).first()
        return None if row is None else [_plain(value) for value in row]

    def apply(
        self,
        connection: sa.Connection,
        after: Sequence[Any] | None,
        upper: Sequence[Any] | None,
    ) -> int:
        """Delete or anonymise the expired rows whose key is after ``after`` and up to
        ``upper``; returns the number of rows changed."""
        if self.expiry.action == "anonymise" and not self.values:
            return 0
        shape = (after is not None, upper is not None)
        statement = self._changes.get(shape)
        if statement is None:
            where = [self.condition, *self._range(*shape), *self.guards]
            if self.expiry.action == "anonymise":
                statement = sa.update(self.table).where(*where).values(self.values)
            else:
                statement = sa.delete(self.table).where(*where)
            self._changes[shape] = statement
        params = self._params(after=after, upper=upper)
        return int(connection.execute(statement, params).rowcount)

    def run(self, connection: sa.Connection, after: Sequence[Any] | None, size: int) -> SweepBatch:
        """One batch in the connection's transaction: find where it ends, change it."""
        upper = self.boundary(connection, after, size)
        return SweepBatch(self.apply(connection, after, upper), upper)


def count(
    connection: sa.Connection,
    schema: Schema,
    graph: TableGraph,
    datastore: Datastore,
    expiries: Sequence[Expiry],
) -> dict[str, SweepCounts]:
    """What a run over ``expiries`` would find and change, table by table."""
    by_table = {e.table: e for e in expiries}
    cycles = {t for cycle in graph.cycles for t in cycle}
    found: dict[str, SweepCounts] = {}
    for expiry in expiries:
        table = schema.table(expiry.table)
        gone = expired(schema, expiry)
        if expiry.action == "anonymise":
            values = anonymised(schema, graph, datastore, expiry.table)
            changes = sa.and_(gone, _differs(table, values)) if values else sa.false()
        else:
            context = _Context(schema, graph, datastore, by_table, cycles)
            changes = context.goes(expiry.table, table, 0)
        event = table.c[expiry.column]
        statement = sa.select(
            sa.func.count(),
            _sum(gone),
            _sum(changes),
            _sum(event.is_(None)),
        ).select_from(table)
        rows, expired_rows, changed, no_event = connection.execute(statement).one()
        found[expiry.table] = SweepCounts(int(rows), int(expired_rows), int(changed), int(no_event))
    return found


def _sum(condition: Any) -> Any:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


class _Context:
    """Builds the dry run's condition that a row goes in the run: it is expired, its
    table is deleted from, and every row that refers to it goes too (or has its link
    cut by an anonymisation). Rows of tables outside the run, of a table that refers to
    itself, and of tables in a reference cycle always stay."""

    def __init__(
        self,
        schema: Schema,
        graph: TableGraph,
        datastore: Datastore,
        expiries: Mapping[str, Expiry],
        cycles: set[str],
    ) -> None:
        self.schema = schema
        self.graph = graph
        self.datastore = datastore
        self.expiries = expiries
        self.cycles = cycles
        self.aliases = 0

    def goes(self, name: str, source: sa.FromClause, depth: int) -> Any:
        expiry = self.expiries.get(name)
        if expiry is None or expiry.action != "delete" or depth > _DEPTH:
            return sa.false()
        conditions = [expired(self.schema, expiry, source)]
        for ref in self.graph.referencing(name):
            conditions.append(~self._stays(ref, source, depth).exists())
        return sa.and_(*conditions)

    def _stays(self, ref: Reference, target: sa.FromClause, depth: int) -> sa.Select[Any]:
        """Rows of ``ref.table`` that refer to the row of ``target`` and stay so."""
        self.aliases += 1
        alias = self.schema.table(ref.table).alias(f"sweep_{self.aliases}")
        conditions = [alias.c[ref.column] == target.c[ref.target_column]]
        if ref.table == ref.target:
            conditions.append(_other(self.schema, ref.table, alias, target))
        elif ref.table not in self.cycles:
            leaves = [self.goes(ref.table, alias, depth + 1)]
            expiry = self.expiries.get(ref.table)
            if expiry is not None and expiry.action == "anonymise":
                values = anonymised(self.schema, self.graph, self.datastore, ref.table)
                if isinstance(values.get(ref.column), sa.Null):
                    leaves.append(expired(self.schema, expiry, alias))
            conditions.append(~sa.or_(*leaves))
        return sa.select(sa.literal(1)).select_from(alias).where(*conditions)


def _plain(value: Any) -> Any:
    """A key value as JSON carries it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _typed(keys: Sequence[sa.Column[Any]], values: Sequence[Any]) -> list[Any]:
    """Plain key values back as the key columns' types."""
    typed: list[Any] = []
    for column, value in zip(keys, values, strict=True):
        try:
            kind: type | None = column.type.python_type
        except NotImplementedError:
            kind = None
        if isinstance(value, str) and kind is not None and kind is not str:
            typed.append(_parse(kind, value))
        else:
            typed.append(value)
    return typed


def _parse(kind: type, value: str) -> Any:
    if issubclass(kind, dt.datetime):
        return dt.datetime.fromisoformat(value)
    if issubclass(kind, dt.date):
        return dt.date.fromisoformat(value)
    if issubclass(kind, dt.time):
        return dt.time.fromisoformat(value)
    if issubclass(kind, Decimal):
        return Decimal(value)
    if issubclass(kind, uuid.UUID):
        return uuid.UUID(value)
    return value
