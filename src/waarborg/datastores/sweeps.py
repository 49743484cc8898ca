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

A delete then trims, in the same range, the expired rows it kept because rows still
refer to them, when every row that refers to one is held under a hold that says what it
keeps (``keeps``): the row keeps the categories those holds need and loses the rest as
erasure would (``scope.py``), a column kept where any held row referring to it needs its
category. A row some other row refers to stays whole.

Keys travel as plain JSON values (numbers, text, ISO dates), so a run records where it
stopped and resumes there. The dry run counts per table, in one statement, the rows
the sweep would change: a parent row counts only when every row referring to it goes
in the same run (the children's own sweeps come first), and a row as trimmed only when
every row referring to it that stays is held.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..declaration.graph import Reference, TableGraph
from ..declaration.model import Datastore
from . import scope
from .base import Expiry, SweepBatch, SweepCounts
from .holds import Hold
from .schema import Schema
from .statements import moment, person_links

__all__ = ["Batches", "Trimming", "anonymised", "count", "expired"]

#: How deep the dry run follows rows that refer to rows that refer to a row.
_DEPTH = 8
#: A key-range batch spans at most this many times the batch size in keys.
RANGE_GROWTH = 4


def expired(schema: Schema, expiry: Expiry, source: sa.FromClause | None = None) -> Any:
    """The condition that a row of ``expiry.table`` (or of its alias ``source``) is
    expired."""
    table = source if source is not None else schema.table(expiry.table)
    column = table.c[expiry.column]
    cutoff = sa.bindparam(None, moment(column, expiry.cutoff), type_=column.type)
    entries = schema.entry_rows(expiry.table, table)
    if entries is not None:  # a key-value table: only its personal entries
        return sa.and_(entries, column.is_not(None), column <= cutoff)
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


def _held(hold: Hold, source: sa.FromClause, at: dt.datetime) -> Any:
    """The condition that a row of ``source`` is still under ``hold`` at ``at``."""
    cutoff = hold.cutoff(at)
    if cutoff is None or hold.column is None:
        return sa.true()
    column = source.c[hold.column]
    bound = sa.bindparam(None, moment(column, cutoff), type_=column.type)
    return sa.or_(column.is_(None), column > bound)


class Trimming:
    """What a delete does to the expired rows of a table it keeps because held rows
    refer to them: the holds of the tables that refer to it (those that say what they
    keep), the values of the columns those holds do not need, and the condition that
    every row referring to a row is held."""

    def __init__(
        self,
        schema: Schema,
        graph: TableGraph,
        datastore: Datastore,
        holds: Mapping[str, Hold],
        expiry: Expiry,
    ) -> None:
        name = expiry.table
        self.schema = schema
        self.name = name
        self.table = schema.table(name)
        self.refs = graph.referencing(name)
        self.at = expiry.at
        self.holds: dict[Reference, Hold] = {}
        self.values: dict[str, sa.ColumnElement[Any]] = {}
        self.aliases = 0
        if expiry.action != "delete" or expiry.at is None:
            return
        for ref in self.refs:
            hold = holds.get(ref.table)
            if ref.table != name and hold is not None and hold.keeps is not None:
                self.holds[ref] = hold
        needed = [h.keeps for h in self.holds.values() if h.keeps is not None]
        if not needed:
            return
        always = scope.trim(schema, datastore, name, frozenset().union(*needed))
        maybe = scope.trim(schema, datastore, name, frozenset.intersection(*needed))
        found = scope.categories(datastore, name)
        self.values = dict(always.values)
        for column, value in maybe.values.items():
            if column in self.values:
                continue
            # needed by some of the holds only: kept where a row held by one refers to it
            needing = [
                self._held_referrers(ref, hold, expiry.at).exists()
                for ref, hold in self.holds.items()
                if hold.keeps is not None and found[column] in hold.keeps
            ]
            self.values[column] = sa.case((sa.or_(*needing), self.table.c[column]), else_=value)

    def _alias(self, ref: Reference) -> sa.FromClause:
        self.aliases += 1
        return self.schema.table(ref.table).alias(f"holder_{self.aliases}")

    def _referrers(self, ref: Reference, alias: sa.FromClause, *conditions: Any) -> Any:
        """The rows of ``alias`` (of ``ref.table``) that refer to the row of the table in
        the enclosing statement and meet ``conditions``."""
        refers = alias.c[ref.column] == self.table.c[ref.target_column]
        return sa.select(sa.literal(1)).select_from(alias).where(refers, *conditions)

    def _held_referrers(self, ref: Reference, hold: Hold, at: dt.datetime) -> Any:
        alias = self._alias(ref)
        return self._referrers(ref, alias, _held(hold, alias, at))

    def covered(self, stays: Callable[[Reference, sa.FromClause], Any] | None = None) -> Any:
        """The condition that a row of the table is referred to, and only by held rows of
        tables whose hold says what it keeps. ``stays(ref, alias)`` narrows the rows that
        count to those that still refer to it after the run (the dry run); None: every
        row there now."""
        if not self.values or self.at is None:
            return sa.false()
        conditions: list[Any] = []
        for ref in self.refs:
            alias = self._alias(ref)
            narrow = [stays(ref, alias)] if stays is not None else []
            hold = self.holds.get(ref)
            if ref.table == self.name:
                narrow.append(_other(self.schema, self.name, alias, self.table))
            elif hold is not None:
                narrow.append(sa.not_(_held(hold, alias, self.at)))
            conditions.append(~self._referrers(ref, alias, *narrow).exists())
        anyone = [
            self._held_referrers(ref, hold, self.at).exists() for ref, hold in self.holds.items()
        ]
        return sa.and_(*conditions, sa.or_(*anyone))


class Batches:
    """The batch statements of one table's sweep, built once and run batch by batch
    with the keys bound as ``:after_<n>`` and ``:upper_<n>``."""

    def __init__(
        self,
        schema: Schema,
        graph: TableGraph,
        datastore: Datastore,
        expiry: Expiry,
        holds: Mapping[str, Hold] | None = None,
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
        self.referencing = graph.referencing(expiry.table)
        self.trimming = Trimming(schema, graph, datastore, holds or {}, expiry)
        self._boundaries: dict[tuple[bool, int], Any] = {}
        self._changes: dict[tuple[bool, bool], Any] = {}
        self._trims: dict[tuple[bool, bool], Any] = {}
        self._firsts: dict[bool, Any] = {}
        # key ranges: whether they are used, the table's highest key, the next width,
        # whether the next batch starts at the next expired row
        self._ranges: bool | None = None
        self._top: Any = None
        self._width = 0
        self._skip = False

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

    def guards_cover(self, foreign_keys: Sequence[tuple[str, str, str | None]]) -> bool:
        """Whether the batches' own ``NOT EXISTS`` keep every row that the database's
        check of ``foreign_keys`` (those that refer to this table, each as the referring
        table, its column and the column referred to, None for the key) would refuse to
        delete: the batches delete and trim nothing, and each of these foreign keys is
        a declared reference, guarded. Then the database's check per deleted row finds
        nothing the guard did not, and can be left off."""
        if self.expiry.action != "delete" or self.trimming.values:
            return False
        declared = {
            (ref.table.lower(), ref.column.lower(), ref.target_column.lower())
            for ref in self.referencing
        }
        key = self.keys[0].name.lower() if len(self.keys) == 1 else None
        for table, column, referred in foreign_keys:
            target = referred.lower() if referred is not None else key
            if target is None or (table.lower(), column.lower(), target) not in declared:
                return False
        return True

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

    def trim(
        self,
        connection: sa.Connection,
        after: Sequence[Any] | None,
        upper: Sequence[Any] | None,
    ) -> int:
        """After a delete of the range: erase from the expired rows it kept only for held
        rows what their holds do not keep; returns the rows changed."""
        values = self.trimming.values
        if not values:
            return 0
        shape = (after is not None, upper is not None)
        statement = self._trims.get(shape)
        if statement is None:
            where = [
                self.condition,
                *self._range(*shape),
                self.trimming.covered(),
                _differs(self.table, values),
            ]
            statement = self._trims[shape] = sa.update(self.table).where(*where).values(values)
        params = self._params(after=after, upper=upper)
        return int(connection.execute(statement, params).rowcount)

    def run(self, connection: sa.Connection, after: Sequence[Any] | None, size: int) -> SweepBatch:
        """One batch in the connection's transaction: find where it ends, change it."""
        if self._by_range(connection):
            return self._ranged(connection, after, size)
        upper = self.boundary(connection, after, size)
        changed = self.apply(connection, after, upper)
        return SweepBatch(changed, upper, self.trim(connection, after, upper))

    # --- key ranges (SQLite, one integer key) -----------------------------------------------

    def _by_range(self, connection: sa.Connection) -> bool:
        """Whether batches are key ranges: on SQLite, for a table with one integer key."""
        if self._ranges is None:
            self._ranges = False
            if connection.dialect.name == "sqlite" and len(self.keys) == 1:
                try:
                    self._ranges = issubclass(self.keys[0].type.python_type, int)
                except NotImplementedError:
                    pass
        return self._ranges

    def _ranged(
        self, connection: sa.Connection, after: Sequence[Any] | None, size: int
    ) -> SweepBatch:
        """One batch as a key range ``after < key <= after + width``, without a query
        for where it ends. The width starts at ``size`` and follows the share of keys
        the last batch changed, so a batch changes about ``size`` rows; it grows at
        most twofold per batch and never past ``RANGE_GROWTH`` times ``size``, so no
        batch holds more rows than that (one integer key: a row per key at most). A
        batch that changed nothing moves the next one to the next expired row. Keys
        that are not integers (SQLite stores what it is given) fall back to a
        boundary query."""
        if self._top is None:
            self._top = connection.execute(sa.select(sa.func.max(self.keys[0]))).scalar()
            self._width = size
        low = after[0] if after is not None else None
        if low is None or self._skip:
            first = self._first(connection, low)
            if first is None:  # nothing expired past here: the table is done
                return SweepBatch(0, None, 0)
            low = first - 1 if _integer(first) else low
        top = self._top
        if not (isinstance(low, int) and _integer(low) and _integer(top)):
            upper = self.boundary(connection, after, size)
            changed = self.apply(connection, after, upper)
            return SweepBatch(changed, upper, self.trim(connection, after, upper))
        start = [low]
        end: list[Any] | None = [low + self._width] if low + self._width < top else None
        changed = self.apply(connection, start, end)
        trimmed = self.trim(connection, start, end)
        self._skip = changed == 0
        grown = self._width * 2 if changed == 0 else self._width * size // changed
        self._width = max(1, min(grown, self._width * 2, size * RANGE_GROWTH))
        return SweepBatch(changed, end, trimmed)

    def _first(self, connection: sa.Connection, after: Any) -> Any:
        """The first expired key after ``after`` (None: from the start), or None."""
        shape = after is not None
        statement = self._firsts.get(shape)
        if statement is None:
            statement = self._firsts[shape] = sa.select(sa.func.min(self.keys[0])).where(
                self.condition, *self._range(shape, False)
            )
        params = self._params(after=[after] if shape else None)
        return connection.execute(statement, params).scalar()


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def count(
    connection: sa.Connection,
    schema: Schema,
    graph: TableGraph,
    datastore: Datastore,
    expiries: Sequence[Expiry],
    holds: Mapping[str, Hold] | None = None,
) -> dict[str, SweepCounts]:
    """What a run over ``expiries`` would find and change, table by table."""
    by_table = {e.table: e for e in expiries}
    cycles = {t for cycle in graph.cycles for t in cycle}
    found: dict[str, SweepCounts] = {}
    for expiry in expiries:
        table = schema.table(expiry.table)
        gone = expired(schema, expiry)
        trims: Any = sa.false()
        if expiry.action == "anonymise":
            values = anonymised(schema, graph, datastore, expiry.table)
            changes = sa.and_(gone, _differs(table, values)) if values else sa.false()
        else:
            context = _Context(schema, graph, datastore, by_table, cycles)
            changes = context.goes(expiry.table, table, 0)
            trimming = Trimming(schema, graph, datastore, holds or {}, expiry)
            if trimming.values:
                stays = context.staying
                trims = sa.and_(gone, trimming.covered(stays), _differs(table, trimming.values))
        event = table.c[expiry.column]
        statement = sa.select(
            sa.func.count(),
            _sum(gone),
            _sum(changes),
            _sum(event.is_(None)),
            _sum(trims),
        ).select_from(table)
        rows, expired_rows, changed, no_event, trimmed = connection.execute(statement).one()
        found[expiry.table] = SweepCounts(
            int(rows), int(expired_rows), int(changed), int(no_event), int(trimmed)
        )
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
        if ref.table != ref.target:
            conditions.append(self._still(ref, alias, depth))
        else:
            conditions.append(_other(self.schema, ref.table, alias, target))
        return sa.select(sa.literal(1)).select_from(alias).where(*conditions)

    def _still(self, ref: Reference, alias: sa.FromClause, depth: int) -> Any:
        """The row of ``alias`` (of ``ref.table``) still refers along ``ref`` after the
        run: it does not go, and no anonymisation cuts that reference."""
        if ref.table in self.cycles:
            return sa.true()
        leaves = [self.goes(ref.table, alias, depth + 1)]
        expiry = self.expiries.get(ref.table)
        if expiry is not None and expiry.action == "anonymise":
            values = anonymised(self.schema, self.graph, self.datastore, ref.table)
            if isinstance(values.get(ref.column), sa.Null):
                leaves.append(expired(self.schema, expiry, alias))
        return ~sa.or_(*leaves)

    def staying(self, ref: Reference, alias: sa.FromClause) -> Any:
        """For ``Trimming.covered``: the row of ``alias`` still refers after the run."""
        if ref.table == ref.target:
            return sa.true()
        return self._still(ref, alias, 1)


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
