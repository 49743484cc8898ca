"""The SQL statements of the SQL connector, built once per kind of identity.

Each reached table gets a ``WHERE`` clause that selects the person's rows: its identity
columns (an e-mail address as ``lower(column) IN (<its forms>)``, see ``identity.py``),
and for every step of the table graph that reaches it, ``column IN (SELECT
... FROM <earlier table> WHERE <its clause>)``. A linked table also gets, per table that
refers to it, the condition that a row that is not the person's refers to the row: such
a row is shared with other records and not the person's to erase. Changes then go by
key, a batch of keys per statement, guarded so that no row another remaining row refers
to is deleted. Anonymising a row also cuts its references to the person's own rows that
the erasure deletes (``column = CASE WHEN column IN (<the person's rows>) THEN NULL ELSE
column END``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ..declaration.graph import Reference, Step, TableGraph, build
from ..declaration.model import Datastore
from .holds import Hold
from .schema import Schema

__all__ = [
    "BATCH",
    "Plan",
    "batches",
    "build_plan",
    "guards",
    "held",
    "in_keys",
    "moment",
    "person_links",
    "refers",
    "self_referring",
    "unlinked",
]

#: Keys per DELETE or UPDATE statement.
BATCH = 500


@dataclass
class Plan:
    """How the rows of a person with these kinds of identity are found."""

    graph: TableGraph
    where: dict[str, sa.ColumnElement[bool]]
    kinds: dict[str, str]
    #: For each linked table, per table that refers to it: a row that is not the
    #: person's refers to the row (so the row is shared with other records).
    shared: dict[str, dict[str, sa.ColumnElement[bool]]] = field(default_factory=dict)


def build_plan(
    schema: Schema,
    datastore: Datastore,
    kinds: Sequence[str],
    *,
    forms: Mapping[str, int] | None = None,
) -> Plan:
    """The WHERE clause of every reached table, for a person given by ``kinds`` of
    identity (bound as ``:identity_0``, ``:identity_1``, ... in sorted order). A kind
    in ``forms`` (an e-mail address) is matched by that many forms, as ``lower(column)
    IN (:identity_n_0, :identity_n_1, ...)`` (``identity.email_forms``); the others as
    ``column = :identity_n``."""
    graph = build(datastore, set(kinds))
    params = {kind: f"identity_{index}" for index, kind in enumerate(kinds)}
    where: dict[str, sa.ColumnElement[bool]] = {}
    for name in graph.order:  # every source of a table comes before it
        node = graph.nodes[name]
        table = schema.table(name)
        makers: list[Callable[[sa.FromClause], sa.ColumnElement[bool]]] = [
            _identity(
                column,
                params[kind],
                (forms or {}).get(kind, 0),
                (name, column) in schema.case_insensitive,
            )
            for kind in kinds
            for column in datastore.tables[name].identity_columns(kind)
        ]
        makers += [_step(schema, step, where) for step in node.sources]
        keys = schema.key_columns(name)
        if len(makers) == 1:
            where[name] = makers[0](table)
        elif not node.sources or not keys:
            where[name] = sa.or_(*(make(table) for make in makers))
        else:
            # an OR over subqueries defeats indexes; a union of one lookup per path does not
            members = []
            for index, make in enumerate(makers):
                alias = table.alias(f"{name}_{index}")
                members.append(sa.select(*(alias.c[k.name] for k in keys)).where(make(alias)))
            target = keys[0] if len(keys) == 1 else sa.tuple_(*keys)
            if schema.dialect in ("mysql", "mariadb"):
                # MySQL and MariaDB run an IN over a UNION once per row of the table;
                # as a derived table it is made once and looked up by key
                found = sa.union(*members).subquery(f"{name}_found")
                where[name] = target.in_(sa.select(*found.c))
            else:
                where[name] = target.in_(sa.union(*members))
        entries = schema.entry_rows(name)
        if entries is not None:  # a key-value table: only its personal entries
            where[name] = sa.and_(entries, where[name])
    shared: dict[str, dict[str, sa.ColumnElement[bool]]] = {}
    for name in graph.erase_order():  # the tables that refer to a table come before it
        if graph.nodes[name].reach == "linked":
            shared[name] = _sharing(schema, graph, where, shared, name)
    return Plan(graph, where, params, shared)


def _sharing(
    schema: Schema,
    graph: TableGraph,
    where: dict[str, sa.ColumnElement[bool]],
    shared: dict[str, dict[str, sa.ColumnElement[bool]]],
    name: str,
) -> dict[str, sa.ColumnElement[bool]]:
    """Per table that refers to the linked table ``name``: the condition that a row of
    it that is not the person's refers to the row of ``name`` in the enclosing statement.

    The person's rows are those of the identity and owned tables, and of the linked
    tables the rows not shared in turn. Rows of tables outside the graph, rows of a
    linked table in a reference cycle with ``name``, and other rows of ``name`` itself
    always count as someone else's: when in doubt, the row is shared and kept."""
    table = schema.table(name)
    found: dict[str, list[sa.ColumnElement[bool]]] = {}
    for ref in graph.referencing(name):
        conditions: list[sa.ColumnElement[bool]]
        if ref.table == name:
            source: sa.FromClause = table.alias(f"{name}_sharer")
            conditions = [source.c[ref.column] == table.c[ref.target_column]]
            keys = schema.key_columns(name)
            if keys:
                conditions.append(sa.or_(*(source.c[k.name] != k for k in keys)))
        else:
            source = schema.table(ref.table)
            conditions = [source.c[ref.column] == table.c[ref.target_column]]
            mine = _mine(graph, where, shared, ref.table)
            if mine is not None:
                conditions.append(mine.is_not(sa.true()))
        probe = sa.select(sa.literal(1)).select_from(source).where(*conditions).correlate(table)
        found.setdefault(ref.table, []).append(probe.exists())
    return {referrer: sa.or_(*probes) for referrer, probes in found.items()}


def _mine(
    graph: TableGraph,
    where: dict[str, sa.ColumnElement[bool]],
    shared: dict[str, dict[str, sa.ColumnElement[bool]]],
    name: str,
) -> sa.ColumnElement[bool] | None:
    """The person's own rows of ``name``, or None when none of its rows count as the
    person's (a table outside the graph, or a linked table not settled yet)."""
    node = graph.nodes.get(name)
    if node is None:
        return None
    if node.reach != "linked":
        return where[name]
    if name not in shared:
        return None
    others = list(shared[name].values())
    return sa.and_(where[name], sa.not_(sa.or_(*others))) if others else where[name]


def _identity(
    column: str, param: str, forms: int, case_insensitive: bool = False
) -> Callable[[sa.FromClause], sa.ColumnElement[bool]]:
    """``lower(column) IN (:param_0, ...)`` for the ``forms`` of an e-mail address,
    which an index on ``lower(column)`` serves; ``column = :param`` for any other
    identity. One parameter per form rather than one expanding list, which SQLAlchemy
    would rewrite into the statement on every execution.

    A ``case_insensitive`` column (a MySQL or MariaDB collation ending in ``_ci``) is
    also tested as ``column IN (...)``: the collation matches every row ``lower``
    does (and some more, such as ``e`` for ``é``, which the ``lower`` test then drops),
    and the column's plain index serves it, where MariaDB has no index on ``lower``."""

    def make(source: sa.FromClause) -> sa.ColumnElement[bool]:
        if not forms:
            return source.c[column] == sa.bindparam(param)
        lowered = sa.func.lower(source.c[column])
        binds: list[sa.BindParameter[Any]] = [sa.bindparam(f"{param}_{i}") for i in range(forms)]
        if forms == 1:
            exact = lowered == binds[0]
            if case_insensitive:
                return sa.and_(source.c[column] == binds[0], exact)
            return exact
        if case_insensitive:
            return sa.and_(source.c[column].in_(binds), lowered.in_(binds))
        return lowered.in_(binds)

    return make


def _step(
    schema: Schema, step: Step, where: dict[str, sa.ColumnElement[bool]]
) -> Callable[[sa.FromClause], sa.ColumnElement[bool]]:
    ref = step.reference
    if step.direction == "down":  # the table refers to rows of an earlier table
        parent = schema.table(ref.target)
        inner = sa.select(parent.c[ref.target_column]).where(where[ref.target])
        column = ref.column
    else:  # rows of an earlier table refer to the table
        child = schema.table(ref.table)
        inner = sa.select(child.c[ref.column]).where(where[ref.table])
        column = ref.target_column
    subquery = inner.correlate(None)

    def make(source: sa.FromClause) -> sa.ColumnElement[bool]:
        return source.c[column].in_(subquery)

    return make


def held(
    table: sa.Table, hold: Hold | None, now: datetime
) -> tuple[sa.ColumnElement[bool] | None, sa.Column[Any] | None, Any]:
    """The SQL condition for rows still under ``hold``, the event column, and the
    cutoff value to bind (as ``:cutoff``)."""
    if hold is None:
        return None, None, None
    cutoff = hold.cutoff(now)
    if cutoff is None or hold.column is None:
        column = table.c[hold.column] if hold.column is not None else None
        return sa.true(), column, None
    column = table.c[hold.column]
    condition = sa.or_(column.is_(None), column > sa.bindparam("cutoff", type_=column.type))
    return condition, column, moment(column, cutoff)


def moment(column: sa.ColumnElement[Any], at: datetime) -> Any:
    """``at`` as a value of ``column``'s type: a date for a DATE column, a naive time in
    UTC for a DATETIME column without a zone."""
    kind = column.type
    if isinstance(kind, sa.DateTime) and not kind.timezone:
        return at.astimezone(UTC).replace(tzinfo=None)
    if isinstance(kind, sa.Date) and not isinstance(kind, sa.DateTime):
        return at.date()
    return at


def in_keys(keys: list[sa.Column[Any]]) -> sa.ColumnElement[bool]:
    """Rows whose key is in the batch bound as ``:keys``. A composite key also tests its
    first column against ``:first``, which lets every database use the key's index (a
    row-value IN list alone makes SQLite scan the table)."""
    if len(keys) == 1:
        return keys[0].in_(sa.bindparam("keys", expanding=True))
    return sa.and_(
        keys[0].in_(sa.bindparam("first", expanding=True)),
        sa.tuple_(*keys).in_(sa.bindparam("keys", expanding=True)),
    )


def batches(keys: list[tuple[Any, ...]]) -> Iterator[dict[str, list[Any]]]:
    """The parameters of ``in_keys`` for each batch of ``keys``."""
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        if len(chunk[0]) == 1:
            yield {"keys": [key[0] for key in chunk]}
        else:
            yield {"keys": chunk, "first": list(dict.fromkeys(key[0] for key in chunk))}


def guards(
    schema: Schema, graph: TableGraph, name: str, *, batch: bool = True
) -> list[sa.ColumnElement[bool]]:
    """Conditions that keep a row other remaining rows still refer to. With ``batch``
    false, a row of a table that refers to itself is kept while any other row refers to
    it, even one of the same batch: for MySQL and MariaDB, which check a foreign key
    row by row during the statement rather than at its end (``self_referring``)."""
    return [
        ~sa.exists().where(refers(schema, ref, name, batch=batch))
        for ref in graph.referencing(name)
    ]


def self_referring(graph: TableGraph, name: str) -> bool:
    """Whether rows of ``name`` refer to other rows of ``name``."""
    return any(ref.table == name for ref in graph.referencing(name))


def refers(
    schema: Schema, ref: Reference, name: str, *, batch: bool = True
) -> sa.ColumnElement[bool]:
    """A row of ``ref.table`` refers to the row of ``name`` in the enclosing statement
    (for a table that refers to itself: a row outside the current batch, or with
    ``batch`` false any other row)."""
    table = schema.table(name)
    if ref.table != name:
        return schema.table(ref.table).c[ref.column] == table.c[ref.target_column]
    other = table.alias(f"{name}_referrer")
    condition = other.c[ref.column] == table.c[ref.target_column]
    keys = [other.c[c.name] for c in schema.key_columns(name)]
    if not keys:
        return condition
    if not batch:
        return sa.and_(condition, sa.or_(*(o != table.c[o.name] for o in keys)))
    return sa.and_(condition, sa.not_(in_keys(keys)))


def person_links(graph: TableGraph, datastore: Datastore, name: str) -> list[Reference]:
    """The references by which rows of ``name`` refer to the person's own rows (in an
    identity or owned table) that an erasure deletes. Anonymising a row of ``name`` cuts
    them, so that those rows can go."""
    return [
        ref
        for ref in graph.references
        if ref.table == name
        and not ref.link
        and ref.target != name
        and ref.target in graph.nodes
        and graph.nodes[ref.target].reach != "linked"
        and datastore.tables[ref.target].erase == "delete"
    ]


def unlinked(schema: Schema, plan: Plan, ref: Reference) -> sa.ColumnElement[Any]:
    """The value of ``ref.column`` once its link to the person's rows is cut: NULL where
    it refers to one of them, unchanged where it refers to anyone else's row."""
    column = schema.table(ref.table).c[ref.column]
    target = schema.table(ref.target)
    theirs = sa.select(target.c[ref.target_column]).where(plan.where[ref.target])
    return sa.case((column.in_(theirs.correlate(None)), sa.null()), else_=column)
