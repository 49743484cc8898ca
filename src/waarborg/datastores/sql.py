"""The SQL connector: any database SQLAlchemy reaches (SQLite, PostgreSQL, ...).

All work is pushed down to the database as set-based SQL, one statement per table (and
per batch of keys), never one per row:

- **Access** selects each reached table's rows with the join path as nested
  subqueries, e.g. ``SELECT * FROM order_item WHERE order_id IN (SELECT id FROM orders
  WHERE customer_id IN (SELECT id FROM customer WHERE lower(email) = :identity_0_0))``;
  an e-mail address is matched without regard to case, surrounding space or Unicode
  composition (``identity.py``).
- **Erasure** runs in one transaction per datastore. It first selects the keys of the
  person's rows in every reached table (one statement each), marking in SQL the rows
  under a legal hold and, in linked tables, the rows shared with other records (rows
  that are not the person's refer to them); then it deletes or anonymises the rest,
  children before parents, one statement per table and batch of keys. Anonymising a
  row also cuts its references to the person's rows that are deleted (sets them to
  NULL), so those rows can go. A row that other remaining rows still refer to (a held
  invoice, another person's order) is kept and reported rather than breaking a foreign
  key. Anonymising skips rows that already hold the anonymised values, so a second run
  finds nothing to change: an interrupted erasure is simply run again.
- **Rectification** is one UPDATE over the person's rows of one table.
- **Retention sweeps** count the expired rows of a table in one statement, and delete
  or anonymise them by key range, one transaction per batch (``sweeps.py``).

Errors: a database that cannot be reached raises ``DatastoreUnavailable`` (try again
later); a declaration that does not match the database raises
``DatastoreMisconfigured``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from .. import clock
from ..declaration.graph import TableGraph, build
from ..errors import DatastoreError
from ..identity import EMAIL, email_forms, is_email
from . import indexes, scope, statements, sweeps
from .base import (
    Connector,
    Erasure,
    Expiry,
    Identity,
    Kept,
    Rows,
    SweepBatch,
    SweepCounts,
    TableErasure,
)
from .engine import create_engine, translated
from .holds import Hold, hold_for
from .registry import register
from .schema import Schema
from .values import Kind, convert, kind_of

__all__ = ["SqlConnector"]


@dataclass
class _Found:
    """The person's rows in one table, found before anything changes."""

    count: int = 0
    free: list[tuple[Any, ...]] = field(default_factory=list)
    held: list[tuple[Any, ...]] = field(default_factory=list)
    held_count: int = 0
    until: datetime | date | None = None
    #: Rows of a linked table shared with other records (not held).
    shared: list[tuple[Any, ...]] = field(default_factory=list)
    shared_count: int = 0
    #: The tables whose rows that are not the person's refer to the shared rows.
    sharers: list[str] = field(default_factory=list)
    #: Per held row, when its hold ends (None: unknown).
    ends: dict[tuple[Any, ...], datetime | date | None] = field(default_factory=dict)
    #: Per held or shared row, the values of its link columns (``scope.link_columns``).
    links: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)


@register
class SqlConnector(Connector):
    """A datastore reached through SQLAlchemy, for every datastore with a ``url``.

    Options: ``engine``, keyword arguments for ``sqlalchemy.create_engine`` (such as
    ``connect_args``); ``sqlite_foreign_keys`` (default true), whether SQLite enforces
    foreign keys on the connector's connections.
    """

    name = "sql"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._engine: sa.Engine | None = None
        self._schema: Schema | None = None
        self._plans: dict[tuple[frozenset[str], frozenset[tuple[str, int]]], statements.Plan] = {}
        self._lock = threading.Lock()

    @classmethod
    def handles(cls, datastore: Any) -> bool:
        return bool(getattr(datastore, "url", None))

    # --- connections -------------------------------------------------------------------

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine (created on first use)."""
        with self._lock:
            if self._engine is None:
                self._engine = create_engine(self.key, self.datastore.url, self.options)
            return self._engine

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self._schema = None
            self._plans.clear()

    @contextmanager
    def _transaction(self, *, commit: bool = True) -> Iterator[sa.Connection]:
        with translated(self.key), self.engine.connect() as connection:
            transaction = connection.begin()
            try:
                yield connection
            except BaseException:
                transaction.rollback()
                raise
            if commit:
                transaction.commit()
            else:
                transaction.rollback()

    def schema(self, connection: sa.Connection | None = None) -> Schema:
        """The reflected tables, checked against the declaration (once per connector)."""
        if self._schema is None:
            if connection is None:
                with translated(self.key), self.engine.connect() as own:
                    self._schema = Schema(self.key, self.datastore, own)
            else:
                self._schema = Schema(self.key, self.datastore, connection)
            self._check_indexes()
        return self._schema

    def _check_indexes(self) -> None:
        """Log each e-mail identity column without an index on ``lower(column)``."""
        if not self._folded(EMAIL):
            return
        try:
            with self.engine.connect() as connection:
                missing = indexes.unindexed(connection, self.datastore)
        except sa.exc.SQLAlchemyError:  # only a warning: the lookup works without it
            return
        for column in missing:
            table, _, name = column.partition(".")
            indexes.log.warning(
                "datastore %s: %s has no index on lower(%s), so each lookup by e-mail "
                "address reads the whole table; CREATE INDEX ON %s (lower(%s))",
                self.key,
                column,
                name,
                table,
                name,
            )

    # --- the person's rows -------------------------------------------------------------

    def graph(self, identity: Identity | None = None) -> TableGraph:
        """The table graph as seen from ``identity``'s kinds (all kinds when None)."""
        return build(self.datastore, None if identity is None else set(identity))

    def _plan(self, schema: Schema, identity: Identity) -> statements.Plan:
        """The statements for ``identity``'s kinds and its number of e-mail forms."""
        forms = {k: len(email_forms(v)) for k, v in identity.items() if self._folded(k)}
        shape = (frozenset(identity), frozenset(forms.items()))
        plan = self._plans.get(shape)
        if plan is None:
            plan = self._plans[shape] = statements.build_plan(
                schema, self.datastore, sorted(identity), forms=forms
            )
        return plan

    def _folded(self, kind: str) -> bool:
        """Whether identities of ``kind`` are matched without regard to case, surrounding
        space and Unicode composition: e-mail addresses (``identity.py``)."""
        return is_email(kind)

    def _params(self, identity: Identity) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for index, kind in enumerate(sorted(identity)):
            value = identity[kind]
            forms = email_forms(value) if self._folded(kind) and isinstance(value, str) else []
            if (
                not isinstance(value, str)
                or not value.strip()
                or (self._folded(kind) and not forms)
            ):
                raise DatastoreError(self.key, f"the identity {kind!r} is empty")
            if not self._folded(kind):
                params[f"identity_{index}"] = value
            params.update({f"identity_{index}_{i}": form for i, form in enumerate(forms)})
        return params

    def access(self, identity: Identity) -> Rows:
        params = self._params(identity)
        with self._transaction() as connection:
            schema = self.schema(connection)
            plan = self._plan(schema, identity)
            rows: Rows = {}
            for name in plan.graph.order:
                statement = sa.select(schema.table(name)).where(plan.where[name])
                found = connection.execute(statement, params).mappings().all()
                rows[name] = [dict(row) for row in found]
        return rows

    def portability(self, identity: Identity) -> Rows:
        params = self._params(identity)
        with self._transaction() as connection:
            schema = self.schema(connection)
            plan = self._plan(schema, identity)
            rows: Rows = {}
            for name in plan.graph.order:
                columns = [c for c in schema.personal_columns(name) if self._provided(name, c)]
                if not columns:
                    continue
                table = schema.table(name)
                statement = sa.select(*(table.c[c] for c in columns)).where(plan.where[name])
                found = connection.execute(statement, params).mappings().all()
                rows[name] = [dict(row) for row in found]
        return rows

    def _provided(self, table: str, column: str) -> bool:
        declared = self.datastore.tables[table]
        if column not in declared.columns:
            return False
        spec = declared.column(column)
        if spec.provided is not None:
            return spec.provided
        category = self.declaration.categories.get(spec.category)
        return bool(category is not None and category.provided)

    def rectify(self, identity: Identity, table: str, changes: Mapping[str, Any]) -> int:
        params = self._params(identity)
        if table not in self.datastore.tables:
            raise DatastoreError(self.key, f"the datastore declares no table {table!r}")
        with self._transaction() as connection:
            schema = self.schema(connection)
            plan = self._plan(schema, identity)
            if table not in plan.where:
                raise DatastoreError(
                    self.key, f"table {table!r} cannot be reached from this identity"
                )
            converted, problems = self._converted(schema, table, changes)
            if problems:
                raise DatastoreError(
                    self.key,
                    f"cannot rectify {table!r}: "
                    + "; ".join(f"{column}: {why}" for column, why in problems.items()),
                )
            if not converted:
                return 0
            real = schema.table(table)
            values = {
                name: sa.bindparam(f"new_{i}", value, type_=real.c[name].type)
                for i, (name, value) in enumerate(converted.items())
            }
            statement = sa.update(real).where(plan.where[table]).values(values)
            result = connection.execute(statement, params)
            return int(result.rowcount)

    def editable(self, table: str) -> dict[str, Kind]:
        if table not in self.datastore.tables:
            return {}
        with translated(self.key):
            schema = self.schema()
        allowed = self._rectifiable(schema, table)
        real = schema.table(table)
        return {name: kind_of(real.c[name]) for name in real.c.keys() if name in allowed}

    def _rectifiable(self, schema: Schema, table: str) -> set[str]:
        """The columns of ``table`` a rectification may change: its personal data, but
        no key, no column others refer to, and no value column of a key-value table
        (one value per entry, which one UPDATE of all the person's rows would not keep)."""
        allowed = set(schema.personal_columns(table)) - schema.protected(table)
        entries = self.datastore.tables[table].entries
        if entries is not None:
            allowed.discard(entries.value)
        return allowed

    def check_rectify(self, table: str, changes: Mapping[str, Any]) -> dict[str, str]:
        if table not in self.datastore.tables:
            return {column: f"the datastore declares no table {table!r}" for column in changes}
        return self._converted(self.schema(), table, changes)[1]

    def _converted(
        self, schema: Schema, table: str, changes: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The changes as the columns take them, and what is wrong with the others."""
        allowed = self._rectifiable(schema, table)
        real = schema.table(table)
        dialect = self.engine.dialect.name
        converted: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for column, value in changes.items():
            if column not in allowed:
                problems[column] = (
                    "only its declared personal-data columns can be changed "
                    f"({', '.join(sorted(allowed))})"
                )
                continue
            try:
                converted[column] = convert(real.c[column], value, dialect)
            except ValueError as exc:
                problems[column] = str(exc)
        return converted, problems

    # --- retention sweeps ---------------------------------------------------------------

    def sweep_counts(self, expiries: Sequence[Expiry]) -> dict[str, SweepCounts]:
        with self._transaction(commit=False) as connection:
            schema = self.schema(connection)
            return sweeps.count(
                connection, schema, self.graph(), self.datastore, expiries, self._holds()
            )

    def sweep_batches(
        self, expiry: Expiry, after: list[Any] | None, size: int
    ) -> Iterator[SweepBatch]:
        if size < 1:
            raise DatastoreError(self.key, f"a batch needs at least one row, not {size}")
        with translated(self.key), self.engine.connect() as connection:
            batches = sweeps.Batches(
                self.schema(connection), self.graph(), self.datastore, expiry, self._holds()
            )
            unchecked = _foreign_keys_off(connection, batches, expiry.table)
            try:
                while True:
                    with connection.begin():
                        batch = batches.run(connection, after, size)
                    yield batch
                    if batch.upper is None:
                        return
                    after = batch.upper
            finally:
                if unchecked:
                    _foreign_keys_on(connection)

    def _holds(self) -> dict[str, Hold]:
        """The legal holds on the datastore's tables, by table."""
        found = {
            name: hold_for(self.declaration, name, table)
            for name, table in self.datastore.tables.items()
        }
        return {name: hold for name, hold in found.items() if hold is not None}

    # --- erasure -----------------------------------------------------------------------

    def erase(self, identity: Identity, *, dry_run: bool = False) -> Erasure:
        params = self._params(identity)
        now = clock.now()
        with self._transaction(commit=not dry_run) as connection:
            schema = self.schema(connection)
            plan = self._plan(schema, identity)
            holds = {
                name: hold_for(self.declaration, name, self.datastore.tables[name])
                for name in plan.graph.order
            }
            found = {
                name: self._find(connection, schema, plan, name, holds[name], params, now)
                for name in plan.graph.order
            }
            done: dict[str, TableErasure] = {}
            staying: scope.Staying = {}
            for name in plan.graph.erase_order():
                done[name] = self._erase_table(
                    connection,
                    schema,
                    plan,
                    name,
                    found[name],
                    holds[name],
                    params,
                    now,
                    done,
                    staying,
                )
        return Erasure(self.key, tuple(done.values()), dry_run, now)

    def _find(
        self,
        connection: sa.Connection,
        schema: Schema,
        plan: statements.Plan,
        name: str,
        hold: Hold | None,
        params: dict[str, Any],
        now: datetime,
    ) -> _Found:
        table = schema.table(name)
        keys = schema.key_columns(name)
        held, event_column, cutoff = statements.held(table, hold, now)
        flag = sa.case((held, 1), else_=0) if held is not None else sa.literal(0)
        extra = [event_column] if event_column is not None else []
        sharing = plan.shared.get(name, {})
        sharers = list(sharing)
        statement: sa.Select[Any]
        found = _Found()
        if keys:
            flags: list[sa.ColumnElement[Any]] = [
                sa.case((c, 1), else_=0) for c in sharing.values()
            ]
            links = scope.link_columns(self.datastore, name)
            columns: list[sa.ColumnElement[Any]] = [*keys, flag.label("held"), *flags, *extra]
            columns += [table.c[c].label(f"link_{i}") for i, c in enumerate(links)]
            statement = sa.select(*columns).where(plan.where[name])
            rows = connection.execute(statement, {**params, "cutoff": cutoff}).all()
            width = len(keys)
            sharing_tables: set[str] = set()
            for row in rows:
                key = tuple(row[:width])
                marks: tuple[Any, ...] = tuple(row[width + 1 : width + 1 + len(flags)])
                shared_by = [t for t, mark in zip(sharers, marks, strict=True) if mark]
                values = dict(zip(links, row[len(row) - len(links) :], strict=True))
                if row[width]:
                    found.held.append(key)
                    event = row[width + 1 + len(flags)] if extra else None
                    found.ends[key] = hold.until(event) if hold is not None else None
                    found.links[key] = values
                elif shared_by:
                    found.shared.append(key)
                    found.links[key] = values
                    sharing_tables.update(shared_by)
                else:
                    found.free.append(key)
            found.count = len(rows)
            found.held_count = len(found.held)
            found.shared_count = len(found.shared)
            found.sharers = [t for t in sharers if t in sharing_tables]
            found.until = scope.Scope.join(scope.Scope(until=e) for e in found.ends.values()).until
        else:
            free = sa.not_(held) if held is not None else sa.true()
            conditions = [sa.or_(*sharing.values()), *sharing.values()] if sharing else []
            counts = [
                sa.func.coalesce(sa.func.sum(sa.case((sa.and_(free, c), 1), else_=0)), 0)
                for c in conditions
            ]
            ends: list[sa.ColumnElement[Any]] = []
            if held is not None and event_column is not None:
                # the last event among held rows, and how many have none yet
                ends = [
                    sa.func.max(sa.case((held, event_column))),
                    sa.func.coalesce(
                        sa.func.sum(sa.case((sa.and_(held, event_column.is_(None)), 1), else_=0)),
                        0,
                    ),
                ]
            statement = sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(flag), 0), *ends, *counts
            ).select_from(table)
            statement = statement.where(plan.where[name])
            total, held_rows, *rest = connection.execute(
                statement, {**params, "cutoff": cutoff}
            ).one()
            found.count, found.held_count = int(total), int(held_rows)
            if ends:
                last, open_events, *rest = rest
                if hold is not None and last is not None and not open_events:
                    found.until = hold.until(last)
            if sharing:
                found.shared_count = int(rest[0])
                found.sharers = [t for t, n in zip(sharers, rest[1:], strict=True) if n]
        if hold is not None and found.held_count and (hold.column is None or hold.keep is None):
            found.until = None
        return found

    def _erase_table(
        self,
        connection: sa.Connection,
        schema: Schema,
        plan: statements.Plan,
        name: str,
        found: _Found,
        hold: Hold | None,
        params: dict[str, Any],
        now: datetime,
        done: Mapping[str, TableErasure],
        staying: scope.Staying,
    ) -> TableErasure:
        declared = self.datastore.tables[name]
        table = schema.table(name)
        keys = schema.key_columns(name)
        kept: list[Kept] = []
        trimmed = 0
        mine = staying.setdefault(name, {})
        if found.held_count and hold is not None:
            cut = scope.trim(schema, self.datastore, name, hold.keeps)
            if cut.values:
                if keys:
                    trimmed += scope.apply(connection, table, keys, cut, found.held)
                else:
                    held, _, cutoff = statements.held(table, hold, now)
                    where = sa.and_(plan.where[name], held if held is not None else sa.true())
                    bound = {**params, "cutoff": cutoff}
                    trimmed += scope.update(connection, table, where, cut, bound)
            for key in found.held:
                reason = scope.Scope(
                    hold.keeps, found.ends[key], frozenset({hold.rule}), frozenset({hold.ground})
                )
                mine[key] = scope.Row(reason, scope.cut_links(found.links[key], cut))
            kept.append(
                Kept(
                    found.held_count,
                    "hold",
                    hold.describe(),
                    ground=hold.ground,
                    rule=hold.rule,
                    until=found.until,
                    keys=tuple(found.held),
                    categories=cut.kept,
                    erased_categories=cut.erased,
                )
            )
        if found.shared_count:
            for key in found.shared:
                mine[key] = scope.Row(scope.Scope(), found.links[key])
            kept.append(
                Kept(
                    found.shared_count,
                    "shared",
                    "still referred to by rows that stay in "
                    f"{', '.join(found.sharers)} (shared with other records)",
                    keys=tuple(found.shared),
                    categories=scope.trim(schema, self.datastore, name, None).kept,
                )
            )
        free = found.count - found.held_count - found.shared_count
        if keys:
            match: sa.ColumnElement[bool] = statements.in_keys(keys)
            batches: list[dict[str, Any]] = [
                {**params, **batch} for batch in statements.batches(found.free)
            ]
        else:
            match = plan.where[name]
            held, _, cutoff = statements.held(table, hold, now)
            if held is not None:
                match = sa.and_(match, sa.not_(held))
            if name in plan.shared:
                match = sa.and_(match, sa.not_(sa.or_(*plan.shared[name].values())))
            batches = [{**params, "cutoff": cutoff}] if free > 0 else []
        if declared.erase == "anonymise":
            values = self._anonymised(schema, plan, name)
            changed = 0
            if values and batches:
                differs = sa.or_(*(table.c[c].is_distinct_from(v) for c, v in values.items()))
                statement = sa.update(table).where(match, differs).values(values)
                changed = sum(connection.execute(statement, b).rowcount for b in batches)
            return TableErasure(
                name,
                "anonymise",
                found.count,
                anonymised=changed,
                kept=tuple(kept),
                trimmed=trimmed,
            )
        deleted = 0
        if batches:
            deleted = self._delete(connection, schema, plan.graph, name, match, batches)
        if free - deleted > 0:
            if keys:
                left = scope.referenced(
                    connection,
                    schema,
                    self.datastore,
                    plan.graph,
                    name,
                    match,
                    batches,
                    done,
                    staying,
                )
                kept.extend(left.kept)
                trimmed += left.trimmed
            else:
                kept.append(
                    Kept(
                        free - deleted,
                        "referenced",
                        "still referred to by rows that stay",
                        categories=scope.trim(schema, self.datastore, name, None).kept,
                    )
                )
        return TableErasure(
            name, "delete", found.count, deleted=deleted, kept=tuple(kept), trimmed=trimmed
        )

    def _delete(
        self,
        connection: sa.Connection,
        schema: Schema,
        graph: TableGraph,
        name: str,
        match: sa.ColumnElement[bool],
        batches: list[dict[str, Any]],
    ) -> int:
        """Delete the rows of ``name`` that ``match`` each batch and no remaining row
        refers to; returns how many.

        MySQL and MariaDB check a foreign key row by row while a statement runs, not
        at its end, so a batch holding a reply and the comment it answers fails when
        the comment happens to go first. There a table that refers to itself loses its
        rows leaves first: each round deletes the rows no other row refers to, until a
        round deletes none (rows in a reference cycle stay, reported as referred to).
        """
        if not (self._row_by_row_keys(connection) and statements.self_referring(graph, name)):
            guards = statements.guards(schema, graph, name)
            statement = sa.delete(schema.table(name)).where(match, *guards)
            return sum(connection.execute(statement, b).rowcount for b in batches)
        guards = statements.guards(schema, graph, name, batch=False)
        statement = sa.delete(schema.table(name)).where(match, *guards)
        deleted = 0
        while True:
            round_ = sum(connection.execute(statement, b).rowcount for b in batches)
            deleted += round_
            if not round_:
                return deleted

    @staticmethod
    def _row_by_row_keys(connection: sa.Connection) -> bool:
        """Whether the database checks foreign keys row by row (MySQL, MariaDB)."""
        return connection.dialect.name in ("mysql", "mariadb")

    def _anonymised(
        self, schema: Schema, plan: statements.Plan, name: str
    ) -> dict[str, sa.ColumnElement[Any]]:
        """The values an anonymised row of ``name`` gets: its personal data as declared,
        and its references to the person's rows that are deleted cut (NULL)."""
        declared = self.datastore.tables[name]
        table = schema.table(name)
        values = schema.anonymised_values(name)
        protected = schema.protected(name)
        for ref in statements.person_links(plan.graph, self.datastore, name):
            spec = declared.column(ref.column) if ref.column in declared.columns else None
            if (spec is not None and spec.erase in ("keep", "null")) or ref.column in protected:
                continue  # as declared; a key is never changed
            if table.c[ref.column].nullable:
                values[ref.column] = statements.unlinked(schema, plan, ref)
            else:  # a masked value would point at another row: the link stays, reported
                values.pop(ref.column, None)
        return values


def _foreign_keys_off(connection: sa.Connection, batches: sweeps.Batches, table: str) -> bool:
    """On SQLite, turn the connection's foreign-key check off for a sweep whose own
    guards already keep every row a foreign key refers to (``Batches.guards_cover``):
    SQLite would otherwise look up the referring rows of every deleted row a second
    time. Any foreign key to the table that is not a declared reference, or that spans
    several columns, keeps the check on, so it still stops the delete. Leaves the
    connection outside a transaction; True when the check was turned off."""
    if connection.dialect.name != "sqlite":
        connection.rollback()
        return False
    found = _sqlite_foreign_keys(connection, table)
    connection.rollback()  # a pragma on foreign keys is ignored inside a transaction
    if found is None or not batches.guards_cover(found):
        return False
    raw = connection.connection.dbapi_connection
    assert raw is not None
    if raw.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        return False  # not checked on this datastore's connections to begin with
    raw.execute("PRAGMA foreign_keys = OFF")
    return True


def _foreign_keys_on(connection: sa.Connection) -> None:
    """Turn the check back on before the connection goes back to the pool; a connection
    on which that fails is thrown away instead."""
    try:
        if connection.in_transaction():
            connection.rollback()
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = ON")
        if raw.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise RuntimeError("foreign keys still off")
    except Exception:
        connection.invalidate()


def _sqlite_foreign_keys(
    connection: sa.Connection, table: str
) -> list[tuple[str, str, str | None]] | None:
    """Every foreign key of the SQLite database that refers to ``table``, as (referring
    table, its column, the column referred to or None for the key); None when one spans
    several columns."""
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    ).scalars()
    found: list[tuple[str, str, str | None]] = []
    for name in list(names):
        quoted = '"' + str(name).replace('"', '""') + '"'
        rows = connection.exec_driver_sql(f"PRAGMA foreign_key_list({quoted})").all()
        # id, seq, table, from, to, on_update, on_delete, match
        parts: dict[int, list[Any]] = {}
        for row in rows:
            parts.setdefault(int(row[0]), []).append(row)
        for columns in parts.values():
            if str(columns[0][2]).lower() != table.lower():
                continue
            if len(columns) != 1:
                return None
            found.append((str(name), str(columns[0][3]), columns[0][4]))
    return found
