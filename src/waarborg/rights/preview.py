"""What an erasure or a restriction will do, before staff approve it.

The preview is computed by the code that carries the request out, so the two cannot
disagree: an erasure's preview is the connectors' own erasure in its dry run
(``execute.plan_erasure``: the same statements in a transaction that is rolled back,
so nothing is written), and a restriction's is the read the restriction itself makes
to learn which data it restricts (``execute.on_datastores``). When staff approve with
the preview's ``fingerprint``, the erasure is planned again and refused if the data
changed since they looked; otherwise that plan is the one the erasure answers with.

``items`` turns an erasure's plan, or what it did, into groups of rows per datastore
in the declaration's terms: the rows deleted, the rows anonymised (which data goes,
which stays), and the rows kept with why (a legal hold with its ground and rule,
rows that kept rows refer to, rows shared with other records) and what is erased
from them all the same. No table or column names: categories, by their keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from ..audit.chain import canonical_json
from ..declaration.model import Declaration
from ..store.enums import RequestKind
from . import execute, found, notices
from .answer import summarise_erasure

if TYPE_CHECKING:
    from .service import Requests

__all__ = ["KINDS", "Item", "Preview", "Store", "fingerprint", "items", "preview", "restricted"]

#: The rights that get a preview.
KINDS = (RequestKind.ERASURE, RequestKind.RESTRICTION)

Action = Literal["delete", "anonymise", "keep", "unchanged", "restrict"]


@dataclass(frozen=True)
class Item:
    """Rows of one datastore that the same thing happens to.

    ``categories``: for ``delete``, what goes; for ``anonymise``, what stays of the
    rows (``erased``: what goes); for ``keep``, what the rows keep (``erased``: what is
    erased from them all the same); for ``unchanged`` (rows found already anonymised)
    and ``restrict``, what the rows hold.
    """

    action: Action
    rows: int
    categories: tuple[str, ...] = ()
    #: The table the rows are in (for its declared label; never shown by name).
    table: str = ""
    erased: tuple[str, ...] = ()
    #: Why rows are kept: ``hold``, ``referenced``, ``shared``, ``processor``.
    reason: str | None = None
    ground: str | None = None
    rule: str | None = None
    until: date | str | None = None


@dataclass(frozen=True)
class Store:
    """One datastore's part of a preview (or of what was done)."""

    key: str
    items: tuple[Item, ...] = ()

    def rows(self, action: Action) -> int:
        return sum(item.rows for item in self.items if item.action == action)


@dataclass(frozen=True)
class Preview:
    """What approving the request will do."""

    kind: RequestKind
    stores: tuple[Store, ...]
    #: The erasure's dry run (the connectors' plan), as the erasure stores it.
    plan: dict[str, Any] = field(default_factory=dict)
    #: The recipients that will hear of it (Art. 19), with the categories they received.
    recipients: tuple[notices.Due, ...] = ()
    #: A restriction for one purpose (None: all processing).
    purpose: str | None = None
    fingerprint: str = ""

    @property
    def found(self) -> int:
        return sum(item.rows for store in self.stores for item in store.items)


def fingerprint(value: Any) -> str:
    """A short hash of a plan, without the moment it was made: two previews of the same
    data give the same fingerprint."""
    return hashlib.sha256(canonical_json(_timeless(value)).encode()).hexdigest()[:32]


def _timeless(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _timeless(v) for k, v in value.items() if k not in ("at", "dry_run")}
    if isinstance(value, list | tuple):
        return [_timeless(v) for v in value]
    return value


def _merge(found_items: list[Item]) -> tuple[Item, ...]:
    """Items that differ only in their rows, as one."""
    merged: dict[tuple[Any, ...], int] = {}
    for item in found_items:
        key = (
            item.action,
            item.table,
            item.categories,
            item.erased,
            item.reason,
            item.ground,
            item.rule,
            item.until,
        )
        merged[key] = merged.get(key, 0) + item.rows
    return tuple(
        Item(action, rows, categories, table, erased, reason, ground, rule, until)
        for (action, table, categories, erased, reason, ground, rule, until), rows in merged.items()
        if rows
    )


def items(declaration: Declaration, plan: Mapping[str, Any]) -> tuple[Store, ...]:
    """An erasure's plan (its dry run) or result (``outcome["erased"]``), per datastore
    in groups of rows by what happens to them, in the declaration's categories."""
    stores: list[Store] = []
    for key, result in plan.items():
        found_items: list[Item] = []
        for table in result.get("tables", []):
            name = str(table.get("table"))
            total = int(table.get("found", 0))
            if not total:
                continue
            every = tuple(found.table_categories(declaration, key, name))
            deleted, anonymised = int(table.get("deleted", 0)), int(table.get("anonymised", 0))
            if deleted:
                found_items.append(Item("delete", deleted, every, name))
            if anonymised:
                gone = found.table_categories(
                    declaration, key, name, erase=("delete", "anonymise", "null")
                )
                stays = [c for c in every if c not in gone]
                found_items.append(Item("anonymise", anonymised, tuple(stays), name, tuple(gone)))
            kept = 0
            for held in table.get("kept", []):
                rows = int(held.get("rows", 0))
                kept += rows
                categories = tuple(held.get("categories") or every)
                erased = tuple(held.get("erased_categories") or ())
                found_items.append(
                    Item(
                        "keep",
                        rows,
                        tuple(found.ordered(declaration, categories)),
                        name,
                        tuple(found.ordered(declaration, erased)),
                        reason=held.get("reason") or "referenced",
                        ground=held.get("ground"),
                        rule=held.get("rule"),
                        until=held.get("until"),
                    )
                )
            rest = total - deleted - anonymised - kept
            if rest > 0:
                found_items.append(Item("unchanged", rest, every, name))
        stores.append(Store(key, _merge(found_items)))
    return tuple(stores)


def restricted(
    declaration: Declaration, rows: found.Rows, purpose: str | None
) -> tuple[Store, ...]:
    """What a restriction covers, per datastore: the rows found, with the categories
    they hold (for one purpose: those of its categories)."""
    wanted = set(declaration.purposes[purpose].categories) if purpose else None
    stores: list[Store] = []
    for key, tables in rows.items():
        found_items: list[Item] = []
        for name, table_rows in tables.items():
            if not table_rows:
                continue
            categories = found.found_categories(declaration, {key: {name: table_rows}})
            if wanted is not None:
                categories = [c for c in categories if c in wanted]
                if not categories:
                    continue
            found_items.append(Item("restrict", len(table_rows), tuple(categories), name))
        stores.append(Store(key, _merge(found_items)))
    return tuple(stores)


def preview(service: Requests, snapshot: execute.Snapshot) -> Preview:
    """What carrying out ``snapshot`` (an erasure or a restriction) will do now. Reads
    the datastores and writes nothing; ``DatastoreError`` when one cannot be read."""
    declaration = service.declaration
    if snapshot.kind == RequestKind.ERASURE:
        plan = execute.plan_erasure(service, snapshot)
        touched = summarise_erasure(declaration, plan).erased
        return Preview(
            snapshot.kind,
            items(declaration, plan),
            plan=plan,
            recipients=tuple(notices.due(declaration, touched)),
            fingerprint=fingerprint(plan),
        )
    if snapshot.kind != RequestKind.RESTRICTION:
        raise ValueError(f"no preview for {snapshot.kind}")
    purpose = snapshot.details.get("purpose")
    if purpose not in declaration.purposes:
        purpose = None
    rows = execute.on_datastores(service, snapshot)
    stores = restricted(declaration, rows, purpose)
    touched = found.ordered(
        declaration, (c for store in stores for item in store.items for c in item.categories)
    )
    return Preview(
        snapshot.kind,
        stores,
        recipients=tuple(notices.due(declaration, touched, [purpose] if purpose else None)),
        purpose=purpose,
        fingerprint=fingerprint([asdict(store) for store in stores]),
    )
