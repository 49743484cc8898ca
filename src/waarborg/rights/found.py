"""What a request found or changed, in the declaration's terms rather than the database's.

A datastore's tables map their columns to the declaration's categories (``columns:``);
a category has a label in Dutch and English. Everything a person reads about their
data goes through here: which categories a table's rows hold, what a category is
called, the purposes and recipients of a set of categories, and the person's name as
the rows give it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ..datastores.resolve import resolve
from ..declaration import wording
from ..declaration.model import Datastore, Declaration, Table
from ..errors import DatastoreMisconfigured

__all__ = [
    "NAME_CATEGORIES",
    "Rows",
    "category_label",
    "datastore",
    "found_categories",
    "has_rows",
    "ordered",
    "person_name",
    "purposes_using",
    "table",
    "table_categories",
]

#: Rows by datastore and table, as the connectors return them.
Rows = Mapping[str, Mapping[str, list[dict[str, Any]]]]

#: Category keys that hold a person's name, the whole name first.
NAME_CATEGORIES = (
    "name",
    "full_name",
    "first_name",
    "given_name",
    "last_name",
    "surname",
    "family_name",
)


def datastore(declaration: Declaration, key: str) -> Datastore:
    """Datastore ``key`` with its Fides tables merged in; as declared when its Fides
    file cannot be read now (the connector reports that itself when it runs)."""
    try:
        return resolve(declaration, key).datastore
    except DatastoreMisconfigured:
        return declaration.datastores[key]


def table(declaration: Declaration, store: str, name: str) -> Table | None:
    """The declared table ``name`` of datastore ``store`` (None when not declared)."""
    if store not in declaration.datastores:
        return None
    return datastore(declaration, store).tables.get(name)


def table_categories(
    declaration: Declaration,
    store: str,
    name: str,
    *,
    columns: Iterable[str] | None = None,
    erase: Iterable[str] | None = None,
) -> list[str]:
    """The categories of a table's declared columns (of ``columns`` only, when given;
    of the columns whose ``erase`` is one of ``erase``, when given)."""
    spec = table(declaration, store, name)
    if spec is None:
        return []
    wanted = None if columns is None else set(columns)
    ways = None if erase is None else set(erase)
    out: list[str] = []
    for column in spec.columns:
        if wanted is not None and column not in wanted:
            continue
        declared = spec.column(column)
        if ways is not None and declared.erase not in ways:
            continue
        if declared.category not in out:
            out.append(declared.category)
    return out


def ordered(declaration: Declaration, categories: Iterable[str]) -> list[str]:
    """``categories`` without repeats, in the declaration's order (unknown keys last)."""
    wanted = set(categories)
    out = [key for key in declaration.categories if key in wanted]
    return out + sorted(wanted - set(out))


def category_label(declaration: Declaration, key: str, lang: str) -> str:
    """A category as the declaration names it; its key in words when it has no label."""
    category = declaration.categories.get(key)
    label = wording.text(category.label, lang) if category is not None else ""
    return label or key.replace("_", " ")


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def has_rows(rows: Rows) -> bool:
    return any(table_rows for tables in rows.values() for table_rows in tables.values())


def found_categories(declaration: Declaration, rows: Rows) -> list[str]:
    """The categories of the declared columns that hold a value in the rows found."""
    found: set[str] = set()
    for store, tables in rows.items():
        for name, table_rows in tables.items():
            spec = table(declaration, store, name)
            if spec is None or not table_rows:
                continue
            for column in spec.columns:
                if any(_filled(row.get(column)) for row in table_rows):
                    found.add(spec.column(column).category)
    return ordered(declaration, found)


def purposes_using(declaration: Declaration, categories: Iterable[str]) -> list[str]:
    """The purposes whose declared categories include one of ``categories``."""
    wanted = set(categories)
    return [
        key for key, purpose in declaration.purposes.items() if wanted & set(purpose.categories)
    ]


def _name_columns(spec: Table) -> list[str]:
    """The columns that hold a name, in the order they make one: the whole-name
    columns (``name``, ``full_name``) when the table has them, else the given and
    family names."""
    by_category: dict[str, list[str]] = {}
    for column in spec.columns:
        by_category.setdefault(spec.column(column).category, []).append(column)
    whole = [c for key in NAME_CATEGORIES[:2] for c in by_category.get(key, [])]
    if whole:
        return whole
    return [c for key in NAME_CATEGORIES[2:] for c in by_category.get(key, [])]


def person_name(declaration: Declaration, rows: Rows) -> str | None:
    """The person's name as the rows give it: the name columns of the first row that
    fills them, the tables that identify the person first. None when no row has one."""
    candidates: list[tuple[bool, list[str], list[dict[str, Any]]]] = []
    for store, tables in rows.items():
        for name, table_rows in tables.items():
            spec = table(declaration, store, name)
            if spec is not None and table_rows and (columns := _name_columns(spec)):
                candidates.append((not spec.identity, columns, table_rows))
    for _later, columns, table_rows in sorted(candidates, key=lambda c: c[0]):
        for row in table_rows:
            parts = [
                str(row[c]).strip()
                for c in columns
                if _filled(row.get(c)) and not isinstance(row[c], date | datetime)
            ]
            if parts:
                return " ".join(parts)
    return None
