"""A rectification by picking fields: the declared fields of one person's data, with
their current values, for staff to correct.

The fields are the declared columns (``datastores.<key>.tables.<t>.columns``) of the
tables that hold rows of the person, read through the access path (the connector's
``access``: the same rows a rectification changes), limited to what a rectification
may change (the connector's ``editable``: personal data, never a key or a column
other tables refer to). Each field has an opaque id, so no table or column name
reaches the page; ``changes`` turns the picked fields and their new values into the
changes the workflow stores and checks (``{"store.table": {column: value}}``).

A rectification changes a field in every row of the person in that table; a field
whose rows hold different values shows them all. Values of high-risk categories (log-
ins, special and criminal data) are never shown, only whether the field is filled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..datastores.values import Kind
from ..declaration.rules.special import high_risk
from ..declaration.types import Text
from ..errors import DatastoreUnavailable, RequestError
from . import found

if TYPE_CHECKING:
    from .service import Requests

__all__ = ["Field", "Fields", "changes", "check", "person_fields"]


@dataclass(frozen=True)
class Field:
    """One declared field of the person's data and its current values."""

    id: str
    store: str
    table: str
    column: str
    category: str
    #: The column's own label, when the declaration gives one.
    label: Text | None
    #: The table's label (what its rows are), when the declaration gives one.
    record: Text | None
    #: The distinct values the person's rows hold, in the order of the rows.
    values: tuple[Any, ...]
    #: How many of the person's rows hold the field.
    rows: int
    kind: Kind
    #: Values not shown (a high-risk category).
    hidden: bool = False


@dataclass(frozen=True)
class Fields:
    """The person's fields, and the datastores that could not be read now."""

    fields: tuple[Field, ...]
    unavailable: tuple[str, ...] = ()

    def by_id(self) -> dict[str, Field]:
        return {field.id: field for field in self.fields}


def field_id(store: str, table: str, column: str) -> str:
    """An opaque, stable id for a field (no name of the database in it)."""
    digest = hashlib.sha256(f"{store}\x00{table}\x00{column}".encode()).hexdigest()
    return f"f{digest[:12]}"


def person_fields(service: Requests, identity: Mapping[str, str]) -> Fields:
    """The declared fields of the person's data, with their current values, in the
    declaration's order. A datastore that cannot be reached now is named in
    ``unavailable``; other errors of a datastore are raised (``DatastoreError``)."""
    declaration = service.declaration
    hidden = set(high_risk(declaration))
    out: list[Field] = []
    unavailable: list[str] = []
    for key in declaration.datastores:
        try:
            with service.connectors.using(key) as connector:
                rows = connector.access(identity)
                editable = {
                    name: connector.editable(name)
                    for name, found_rows in rows.items()
                    if found_rows
                }
        except DatastoreUnavailable:
            unavailable.append(key)
            continue
        store = found.datastore(declaration, key)
        for name, table_rows in rows.items():
            spec = store.tables.get(name)
            if spec is None or not table_rows:
                continue
            kinds = editable.get(name, {})
            for column in spec.columns:
                if column not in kinds:
                    continue
                declared = spec.column(column)
                values = tuple(dict.fromkeys(_hashable(row.get(column)) for row in table_rows))
                out.append(
                    Field(
                        id=field_id(key, name, column),
                        store=key,
                        table=name,
                        column=column,
                        category=declared.category,
                        label=declared.label,
                        record=spec.label,
                        values=values,
                        rows=len(table_rows),
                        kind=kinds[column],
                        hidden=declared.category in hidden,
                    )
                )
    return Fields(tuple(out), tuple(unavailable))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def changes(fields: Fields, picked: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The changes to store for the picked fields (by id) and their new values: values
    left empty change nothing. RequestError for an id that is not one of this person's
    fields."""
    known = fields.by_id()
    out: dict[str, dict[str, Any]] = {}
    for field_key, value in picked.items():
        field = known.get(field_key)
        if field is None:
            raise RequestError("changes", "that field is not one of this person's data")
        if not value.strip():
            continue
        out.setdefault(f"{field.store}.{field.table}", {})[field.column] = value.strip()
    return out


def check(service: Requests, fields: Fields, picked: Mapping[str, str]) -> list[str]:
    """The ids of the picked fields whose new value their column does not take (checked
    against the real column's type, as the workflow checks the changes)."""
    wrong: list[str] = []
    by_id = fields.by_id()
    for field_key, value in picked.items():
        field = by_id.get(field_key)
        if field is None or not value.strip():
            continue
        try:
            with service.connectors.using(field.store) as connector:
                problems = connector.check_rectify(field.table, {field.column: value.strip()})
        except DatastoreUnavailable:
            continue  # checked again by the work, which stops for staff if it is wrong
        if problems:
            wrong.append(field_key)
    return wrong
