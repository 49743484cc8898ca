"""What a legal hold keeps of a row (Art. 17(3)(b), 5(1)(c)).

A rule with a ``hold`` may list the categories its statute needs (``keeps``: an
invoice keeps the name, the address and the amounts, not the e-mail address). A hold
keeps data only insofar as the obligation needs it, so of a row that stays under the
hold, and of a row that stays only because such rows refer to it (the customer an
invoice points at), the personal-data columns of other categories are erased as the
table declares them (``erase``: NULL, or the masked value where NULL is not allowed;
``keep`` stays). The key, the columns other tables refer to and the columns the
declaration gives no category are not personal data in the declaration and stay as
they are; so does a reference to another row unless it can be set to NULL.

A row kept because held rows refer to it keeps what those holds keep together: a
column stays when any of them needs its category. A row that something else keeps too
(another person's row, an anonymised row whose link could not be cut, a hold that
does not say what it keeps) is kept whole: when in doubt, nothing is cut from it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from ..declaration.graph import Reference, TableGraph
from ..declaration.model import Datastore
from . import statements
from .base import Kept, TableErasure
from .schema import Schema

__all__ = [
    "Left",
    "Row",
    "Scope",
    "Staying",
    "Trim",
    "apply",
    "categories",
    "cut_links",
    "later",
    "link_columns",
    "referenced",
    "trim",
    "update",
]


@dataclass(frozen=True)
class Scope:
    """What a row of the person that stays keeps, until when, and under which rules."""

    #: The categories the row keeps; None: the whole row.
    keeps: frozenset[str] | None = None
    #: When the last reason to keep the row ends; None when unknown.
    until: datetime | date | None = None
    rules: frozenset[str] = frozenset()
    grounds: frozenset[str] = frozenset()

    @classmethod
    def join(cls, scopes: Iterable[Scope]) -> Scope:
        """What a row kept for all of ``scopes`` keeps: together, as long as the last."""
        found = list(scopes)
        if not found:
            return cls()
        keeps: frozenset[str] | None = frozenset()
        until: datetime | date | None = None
        known = True
        for each in found:
            keeps = None if keeps is None or each.keeps is None else keeps | each.keeps
            if each.until is None:
                known = False
            else:
                until = later(until, each.until)
        return cls(
            keeps,
            until if known else None,
            frozenset().union(*(s.rules for s in found)),
            frozenset().union(*(s.grounds for s in found)),
        )


@dataclass(frozen=True)
class Trim:
    """What trimming a row of one table to a scope does."""

    #: The columns erased, with the value each gets.
    values: dict[str, sa.ColumnElement[Any]]
    #: The categories the row still holds.
    kept: tuple[str, ...]
    #: The categories erased from it.
    erased: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """A row of the person that stays: why, and the values of its link columns."""

    scope: Scope
    links: dict[str, Any]


#: The rows of the person an erasure keeps so far, by table and key.
Staying = dict[str, dict[tuple[Any, ...], Row]]


@dataclass(frozen=True)
class Left:
    """The rows of a table a delete left because rows that stay refer to them."""

    kept: list[Kept]
    #: Of those, the rows trimmed to what the holds that keep them need.
    trimmed: int


def categories(datastore: Datastore, name: str) -> dict[str, str]:
    """The personal-data columns of table ``name``, each with its category: the declared
    category, or for an identity column the declaration gives none, its kind of identity
    (``email``)."""
    table = datastore.tables[name]
    found = {column: table.column(column).category for column in table.columns}
    for kind, columns in table.identity.items():
        for column in [columns] if isinstance(columns, str) else columns:
            found.setdefault(column, kind)
    return found


def link_columns(datastore: Datastore, name: str) -> list[str]:
    """The columns of ``name`` that declared references use: its own references to other
    tables, and its columns that other tables refer to."""
    found: list[str] = []
    for other, table in datastore.tables.items():
        for declared in (table.references, table.links):
            for column, target in declared.items():
                target_table, _, target_column = target.partition(".")
                if other == name and target_table != name:
                    found.append(column)
                if target_table == name and other != name:
                    found.append(target_column)
    return list(dict.fromkeys(found))


def trim(schema: Schema, datastore: Datastore, name: str, keeps: Collection[str] | None) -> Trim:
    """What a row of ``name`` kept for ``keeps`` (None: the whole row) loses."""
    found = categories(datastore, name)
    if keeps is None:
        return Trim({}, _unique(found.values()), ())
    declared = datastore.tables[name]
    chosen = [column for column, category in found.items() if category not in keeps]
    values = schema.anonymised_values(name, only=chosen)
    references = {*declared.references, *declared.links}
    for column in references & set(values):
        if not isinstance(values[column], sa.Null):
            del values[column]  # a masked value would point at another row
    kept = _unique(category for column, category in found.items() if column not in values)
    erased = [category for column, category in found.items() if column in values]
    return Trim(values, kept, tuple(c for c in _unique(erased) if c not in kept))


def cut_links(links: dict[str, Any], cut: Trim) -> dict[str, Any]:
    """The link values of a row once ``cut`` has set some of them to NULL."""
    return {column: None if column in cut.values else value for column, value in links.items()}


def update(
    connection: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool],
    cut: Trim,
    *params: Mapping[str, Any],
) -> int:
    """Trim the rows of ``table`` that ``where`` selects, once per set of ``params``,
    skipping rows already trimmed; returns the rows changed."""
    values = cut.values
    differs = sa.or_(*(table.c[c].is_distinct_from(v) for c, v in values.items()))
    statement = sa.update(table).where(where, differs).values(values)
    return sum(int(connection.execute(statement, dict(p)).rowcount) for p in params)


def apply(
    connection: sa.Connection,
    table: sa.Table,
    keys: list[sa.Column[Any]],
    cut: Trim,
    rows: list[tuple[Any, ...]],
) -> int:
    """Trim the rows of ``table`` with these keys, a batch of keys per statement."""
    return update(connection, table, statements.in_keys(keys), cut, *statements.batches(rows))


def referenced(
    connection: sa.Connection,
    schema: Schema,
    datastore: Datastore,
    graph: TableGraph,
    name: str,
    match: sa.ColumnElement[bool],
    batches: list[dict[str, Any]],
    done: Mapping[str, TableErasure],
    staying: Staying,
) -> Left:
    """The rows of ``name`` a delete left because other rows still refer to them: which
    tables those rows are in, and for each row whether only rows of the person that stay
    refer to it, so that it keeps what they keep (one statement per batch to list them
    with the number of rows referring to each, and one per batch and group to trim)."""
    table = schema.table(name)
    keys = schema.key_columns(name)
    links = link_columns(datastore, name)
    refs = graph.referencing(name)
    counts = [
        sa.select(sa.func.count())
        .where(statements.refers(schema, ref, name))
        .correlate(table)
        .scalar_subquery()
        .label(f"refs_{i}")
        for i, ref in enumerate(refs)
    ]
    columns = [table.c[c].label(f"link_{i}") for i, c in enumerate(links)]
    still = sa.select(*keys, *columns, *counts).where(match)
    width = len(keys)
    remaining: dict[tuple[Any, ...], tuple[dict[str, Any], list[int]]] = {}
    for batch in batches:
        for row in connection.execute(still, batch):
            values = dict(zip(links, row[width : width + len(links)], strict=True))
            remaining[tuple(row[:width])] = (values, [int(n) for n in row[width + len(links) :]])
    detail, ground = _detail(schema, datastore, graph, name, refs, remaining, done)
    index = _referrers(staying, refs, name)
    reasons: dict[tuple[Any, ...], Scope] = {}
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key, (values, numbers) in remaining.items():
        parts: list[Scope] = []
        known = any(numbers)
        for ref, number in zip(refs, numbers, strict=True):
            mine = index[ref].get(values.get(ref.target_column), []) if ref in index else []
            known = known and number == len(mine)
            parts.extend(mine)
        reason = Scope.join(parts) if known else Scope()
        reasons[key] = reason
        groups.setdefault((reason.keeps, reason.rules, reason.grounds), []).append(key)
    found: list[Kept] = []
    trimmed = 0
    mine_now = staying.setdefault(name, {})
    for (keeps, rules, grounds), rows in groups.items():
        cut = trim(schema, datastore, name, keeps)
        if cut.values:
            trimmed += apply(connection, table, keys, cut, rows)
        for key in rows:
            mine_now[key] = Row(reasons[key], cut_links(remaining[key][0], cut))
        found.append(
            Kept(
                len(rows),
                "referenced",
                detail,
                ground=_single(grounds) if rules else ground,
                rule=_single(rules),
                until=Scope.join(reasons[key] for key in rows).until,
                keys=tuple(rows),
                categories=cut.kept,
                erased_categories=cut.erased,
            )
        )
    return Left(found, trimmed)


def _referrers(
    staying: Staying, refs: list[Reference], name: str
) -> dict[Reference, dict[Any, list[Scope]]]:
    """Per reference from another table: the rows of the person that stay in it, by the
    value they refer to."""
    index: dict[Reference, dict[Any, list[Scope]]] = {}
    for ref in refs:
        if ref.table == name:
            continue  # another row of the table itself: not known to stay for a hold
        by_value: dict[Any, list[Scope]] = index.setdefault(ref, {})
        for row in staying.get(ref.table, {}).values():
            value = row.links.get(ref.column)
            if value is not None:
                by_value.setdefault(value, []).append(row.scope)
    return index


def _detail(
    schema: Schema,
    datastore: Datastore,
    graph: TableGraph,
    name: str,
    refs: list[Reference],
    remaining: Mapping[tuple[Any, ...], tuple[dict[str, Any], list[int]]],
    done: Mapping[str, TableErasure],
) -> tuple[str, str | None]:
    """Why rows of ``name`` stay, in words (the tables whose rows refer to them), and
    the legal ground those tables keep their rows under, when there is exactly one."""
    referring: list[str] = []
    grounds: list[str] = []
    seen: set[str] = set()
    for i, ref in enumerate(refs):
        if ref.table in seen or not any(numbers[i] for _, numbers in remaining.values()):
            continue
        seen.add(ref.table)
        own = [k.ground for k in done[ref.table].kept if k.ground] if ref.table in done else []
        grounds.extend(g for g in own if g not in grounds)
        notes = [f"kept under {', '.join(own)}"] if own else []
        uncut = _uncut(schema, datastore, graph, ref, done)
        if uncut:
            notes.append(f"anonymised, but {uncut}")
        referring.append(ref.table + (f" ({'; '.join(notes)})" if notes else ""))
    detail = "still referred to by rows that stay"
    if referring:
        detail += f" in {', '.join(referring)}"
    return detail, grounds[0] if len(grounds) == 1 else None


def _uncut(
    schema: Schema,
    datastore: Datastore,
    graph: TableGraph,
    ref: Reference,
    done: Mapping[str, TableErasure],
) -> str | None:
    """Why anonymising the rows of ``ref.table`` left their link to the person's rows
    in place, if it did."""
    if ref.table not in done or done[ref.table].action != "anonymise":
        return None
    if ref not in statements.person_links(graph, datastore, ref.table):
        return None
    declared = datastore.tables[ref.table]
    column = f"{ref.table}.{ref.column}"
    if ref.column in declared.columns and declared.column(ref.column).erase == "keep":
        return f"{column} is declared erase: keep"
    if not schema.table(ref.table).c[ref.column].nullable:
        return f"{column} cannot be NULL"
    return None


def _single(values: frozenset[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def later(first: datetime | date | None, second: datetime | date | None) -> Any:
    """The later of two moments (a date counts as its midnight; None is ignored)."""
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second, key=_sortable)


def _sortable(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
