"""Art. 15 and 17 on the real data: every table with personal data can be reached from
a person, and erasure can run child before parent. Datastores read from a Fides dataset
file are checked after it is merged in."""

from __future__ import annotations

from collections.abc import Iterator

from ...datastores.graph import build
from ...datastores.resolve import Resolved, resolve
from ...errors import DatastoreMisconfigured
from ..lint import Hit, rule
from ..model import Declaration


def _stores(d: Declaration) -> Iterator[tuple[str, Resolved | DatastoreMisconfigured]]:
    for key in d.datastores:
        try:
            yield key, resolve(d, key)
        except DatastoreMisconfigured as error:
            yield key, error


def _where(d: Declaration, key: str, table: str) -> tuple[str, ...]:
    if table in d.datastores[key].tables:
        return ("datastores", key, "tables", table)
    return ("datastores", key, "fides")


@rule(
    "datastore-table-unreachable",
    "warning",
    "15, 17",
    "Every table with personal data can be reached from a person's identity",
    "give the table an identity column, or a reference to a table that has one; "
    "otherwise access and erasure miss its rows",
)
def unreachable(d: Declaration) -> Iterator[Hit]:
    for key, store in _stores(d):
        if isinstance(store, DatastoreMisconfigured):
            continue
        for table in build(store.datastore).unreachable:
            yield (
                _where(d, key, table),
                f"table {table!r} holds personal data, but no identity reaches it, so "
                "access and erasure requests would miss its rows",
            )


@rule(
    "datastore-reference-cycle",
    "warning",
    "17",
    "References between tables form no cycle",
    "drop one reference of the cycle, or let one of its tables anonymise (erase: "
    "anonymise) with its referring column erased to NULL, so rows can be erased child "
    "before parent",
)
def cycles(d: Declaration) -> Iterator[Hit]:
    for key, store in _stores(d):
        if isinstance(store, DatastoreMisconfigured):
            continue
        for cycle in build(store.datastore).cycles:
            loop = " -> ".join([*cycle, cycle[0]])
            yield (
                _where(d, key, cycle[0]),
                f"the tables {loop} refer to each other in a cycle; an erasure cannot "
                "delete them child before parent, so rows in the cycle are kept",
            )


@rule(
    "datastore-owner-ambiguous",
    "warning",
    "15, 17",
    "The rows of a table belong to the people of one identity table",
    "declare the reference that only points at someone else (e.g. the employee who "
    "handled the row) under links: instead of references:",
)
def ambiguous(d: Declaration) -> Iterator[Hit]:
    for key, store in _stores(d):
        if isinstance(store, DatastoreMisconfigured):
            continue
        for table, owners in build(store.datastore).ambiguous.items():
            yield (
                _where(d, key, table),
                f"the rows of {table!r} refer to people in {' and '.join(owners)}; an "
                "access or erasure request by either would take them",
            )


@rule(
    "datastore-fides-invalid",
    "error",
    "15, 17",
    "A Fides dataset file can be read and its references point at its tables",
    "fix the path in datastores.<key>.fides (relative to the declaration's folder) or "
    "the dataset it names",
)
def fides_invalid(d: Declaration) -> Iterator[Hit]:
    for key, store in _stores(d):
        if isinstance(store, DatastoreMisconfigured):
            yield ("datastores", key, "fides"), store.message
            continue
        if store.fides is None:
            continue
        for ref in build(store.datastore).dangling:
            yield (
                _where(d, key, ref.table),
                f"{ref.table}.{ref.column} refers to table {ref.target!r}, which neither "
                "the declaration nor the Fides dataset has",
            )


@rule(
    "datastore-fides-category",
    "warning",
    "15(1)(b), 30(1)(c)",
    "Every data category of a Fides dataset maps to a category the declaration declares",
    "declare the category under 'categories:', or map the Fides category in "
    "datastores.<key>.fides_categories",
)
def fides_category(d: Declaration) -> Iterator[Hit]:
    for key, store in _stores(d):
        if isinstance(store, DatastoreMisconfigured) or store.fides is None:
            continue
        reported: set[str] = set()
        for mapped in store.fides.mapped:
            if mapped.category in d.categories or mapped.fides in reported:
                continue
            reported.add(mapped.fides)
            if mapped.known:
                message = (
                    f"Fides category {mapped.fides!r} ({mapped.table}.{mapped.column}) maps "
                    f"to {mapped.category!r}, which 'categories:' does not declare"
                )
            else:
                message = (
                    f"Fides category {mapped.fides!r} ({mapped.table}.{mapped.column}) has "
                    f"no Waarborg counterpart, so it counts as {mapped.category!r}"
                )
            yield ("datastores", key, "fides"), message
