"""Art. 15 and 17 on the real data: every table with personal data can be reached from
a person, and erasure can run child before parent. A datastore with a Fides dataset is
checked with the dataset's tables merged in; the loader has read the dataset, so no rule
reads a file."""

from __future__ import annotations

from collections.abc import Iterator

from ..fides import merged
from ..graph import TableGraph, build
from ..lint import Hit, listed, rule, say
from ..model import Declaration


def _graphs(d: Declaration) -> Iterator[tuple[str, TableGraph]]:
    """The table graph of each database; a processor's tables (``connector:``) are
    reached by its definition's requests, not by references between tables."""
    for key, store in d.datastores.items():
        if store.connector is None:
            yield key, build(merged(store, d.fides.get(key)))


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
    for key, graph in _graphs(d):
        for table in graph.unreachable:
            yield _where(d, key, table), say("datastore-table-unreachable", table=table)


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
    for key, graph in _graphs(d):
        for cycle in graph.cycles:
            loop = " -> ".join([*cycle, cycle[0]])
            yield _where(d, key, cycle[0]), say("datastore-reference-cycle", loop=loop)


@rule(
    "datastore-owner-ambiguous",
    "warning",
    "15, 17",
    "The rows of a table belong to the people of one identity table",
    "declare the reference that only points at someone else (e.g. the employee who "
    "handled the row) under links: instead of references:",
)
def ambiguous(d: Declaration) -> Iterator[Hit]:
    for key, graph in _graphs(d):
        for table, owners in graph.ambiguous.items():
            yield (
                _where(d, key, table),
                say("datastore-owner-ambiguous", table=table, owners=listed(owners, " and ")),
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
    for key, dataset in d.fides.items():
        reported: set[str] = set()
        for mapped in dataset.mapped:
            if mapped.category in d.categories or mapped.fides in reported:
                continue
            reported.add(mapped.fides)
            yield (
                ("datastores", key, "fides"),
                say(
                    f"datastore-fides-category.{'known' if mapped.known else 'unknown'}",
                    fides=mapped.fides,
                    table=mapped.table,
                    column=mapped.column,
                    category=mapped.category,
                ),
            )
