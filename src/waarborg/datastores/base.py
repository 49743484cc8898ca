"""What every datastore connector does, and what an erasure reports.

A connector carries out the rights of data subjects on one of the organisation's own
datastores: access (Art. 15), portability (Art. 20), erasure (Art. 17) and
rectification (Art. 16). Restriction (Art. 18) is a flag kept by Waarborg itself, not
by the connector. It also runs retention sweeps (Art. 5(1)(e)): the expired rows of a
table, counted, and deleted or anonymised one batch at a time. Connectors are
registered in ``registry.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Literal

from ..declaration.model import Datastore, Declaration
from ..errors import DatastoreError
from .values import Kind

__all__ = [
    "Connector",
    "Erasure",
    "Expiry",
    "Identity",
    "Kept",
    "Rows",
    "SweepBatch",
    "SweepCounts",
    "TableErasure",
]

#: An identity by kind, e.g. ``{"email": "jan@example.nl"}``.
Identity = Mapping[str, str]
#: Rows by table.
Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Kept:
    """Rows an erasure kept, and why."""

    rows: int
    #: ``hold``: a legal hold; ``referenced``: other rows that stay still refer to them;
    #: ``shared``: rows of a linked table that other records refer to too, so they are
    #: not the person's alone to erase.
    #: ``processor``: records a processor holds that its API offers no way to erase:
    #: staff ask the processor.
    reason: Literal["hold", "referenced", "shared", "processor"]
    #: The reason in words, for the answer to the person.
    detail: str
    #: The legal ground of the hold (e.g. "AWR art. 52").
    ground: str | None = None
    #: The retention rule that carries the hold.
    rule: str | None = None
    #: When the last of these rows may be erased, if known: the end of the hold, or for
    #: rows kept because held rows refer to them, the end of the hold on those.
    until: datetime | date | None = None
    #: The keys of the kept rows (each a tuple of key values).
    keys: tuple[tuple[Any, ...], ...] = ()
    #: The categories (keys of the declaration's ``categories``, or a kind of identity)
    #: the kept rows still hold.
    categories: tuple[str, ...] = ()
    #: The categories erased from the kept rows, because the hold does not need them
    #: (the rule's ``keeps``).
    erased_categories: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "reason": self.reason,
            "detail": self.detail,
            "ground": self.ground,
            "rule": self.rule,
            "until": self.until.isoformat() if self.until else None,
            "keys": [[_plain(value) for value in key] for key in self.keys],
            "categories": list(self.categories),
            "erased_categories": list(self.erased_categories),
        }


def _plain(value: Any) -> Any:
    """A key value as JSON can carry it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class TableErasure:
    """What an erasure did in one table."""

    table: str
    action: Literal["delete", "anonymise"]
    #: The person's rows found in the table.
    found: int
    deleted: int = 0
    anonymised: int = 0
    kept: tuple[Kept, ...] = ()
    #: Kept rows that lost the data their hold does not need in this run (a second run
    #: finds them trimmed already).
    trimmed: int = 0

    @property
    def kept_rows(self) -> int:
        return sum(k.rows for k in self.kept)

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "action": self.action,
            "found": self.found,
            "deleted": self.deleted,
            "anonymised": self.anonymised,
            "trimmed": self.trimmed,
            "kept": [k.as_dict() for k in self.kept],
        }


@dataclass(frozen=True)
class Erasure:
    """What an erasure did in one datastore, table by table (in the order it ran)."""

    datastore: str
    tables: tuple[TableErasure, ...] = ()
    dry_run: bool = False
    at: datetime | None = None

    def table(self, name: str) -> TableErasure:
        for each in self.tables:
            if each.table == name:
                return each
        raise KeyError(name)

    @property
    def changed(self) -> int:
        """Rows deleted, anonymised, or trimmed to what their hold keeps."""
        return sum(t.deleted + t.anonymised + t.trimmed for t in self.tables)

    @property
    def kept(self) -> list[tuple[str, Kept]]:
        return [(t.table, k) for t in self.tables for k in t.kept]

    def as_dict(self) -> dict[str, Any]:
        return {
            "datastore": self.datastore,
            "dry_run": self.dry_run,
            "at": self.at.isoformat() if self.at else None,
            "tables": [t.as_dict() for t in self.tables],
        }


@dataclass(frozen=True)
class Expiry:
    """The expired rows of one table under a retention rule: those whose event
    ``column`` is set and on or before ``cutoff`` (the moment minus the rule's period).
    ``action`` is what a sweep does to them."""

    table: str
    column: str
    cutoff: datetime
    action: Literal["delete", "anonymise"]
    #: The moment of the run, from which the legal holds of the rows that refer to an
    #: expired row are counted (None: such a row is kept whole).
    at: datetime | None = None


@dataclass(frozen=True)
class SweepCounts:
    """What a sweep would find in one table (the dry run)."""

    #: Every row of the table.
    rows: int
    #: Rows whose period has ended.
    expired: int
    #: Expired rows the sweep deletes or anonymises.
    changes: int
    #: Rows whose event column is empty: the event has not happened, so their period
    #: has not started.
    no_event: int
    #: Of the expired rows a delete keeps because held rows refer to them, those that
    #: lose the data the holds do not need.
    trimmed: int = 0

    @property
    def kept(self) -> int:
        """Expired rows the sweep leaves: a delete keeps rows that rows which stay still
        refer to; an anonymisation finds rows already anonymised."""
        return self.expired - self.changes

    def as_dict(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "expired": self.expired,
            "changes": self.changes,
            "kept": self.kept,
            "trimmed": self.trimmed,
            "no_event": self.no_event,
        }


@dataclass(frozen=True)
class SweepBatch:
    """One batch of a sweep: the rows it changed, and the key it ended at (as plain
    JSON values), or None when the table is done."""

    changed: int
    upper: list[Any] | None
    #: Kept rows trimmed to what the holds that keep them need.
    trimmed: int = 0


class Connector(ABC):
    """One datastore, as the declaration describes it (with its Fides tables merged in).

    ``options`` are connector-specific settings.
    """

    #: The name the connector is registered and switched on or off by.
    name: ClassVar[str]

    def __init__(
        self,
        key: str,
        datastore: Datastore,
        declaration: Declaration,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.key = key
        self.datastore = datastore
        self.declaration = declaration
        self.options: dict[str, Any] = dict(options or {})

    @classmethod
    @abstractmethod
    def handles(cls, datastore: Datastore) -> bool:
        """Whether this connector can serve ``datastore`` (e.g. by its URL)."""

    @abstractmethod
    def access(self, identity: Identity) -> Rows:
        """Every row linked to the person, by table (Art. 15)."""

    @abstractmethod
    def portability(self, identity: Identity) -> Rows:
        """Only the values the person provided, by table (Art. 20)."""

    @abstractmethod
    def erase(self, identity: Identity, *, dry_run: bool = False) -> Erasure:
        """Delete or anonymise the person's rows as declared, keeping rows under a
        legal hold (Art. 17). Running it again changes nothing more."""

    @abstractmethod
    def rectify(self, identity: Identity, table: str, changes: Mapping[str, Any]) -> int:
        """Set ``changes`` on the person's rows of ``table`` (Art. 16); returns the
        number of rows changed."""

    def editable(self, table: str) -> dict[str, Kind]:
        """The columns of ``table`` a rectification may change, each with what it takes
        (``values.Kind``), from the datastore's schema; a connector that cannot tell
        returns none."""
        return {}

    def check_rectify(self, table: str, changes: Mapping[str, Any]) -> dict[str, str]:
        """What is wrong with ``changes`` for ``table`` before anything is written, by
        column: a column that may not be changed, a value its type does not take.
        Reads the datastore's schema; a connector that cannot tell checks nothing."""
        return {}

    def sweep_counts(self, expiries: Sequence[Expiry]) -> dict[str, SweepCounts]:
        """Per table of ``expiries`` (all swept in one run, children before parents):
        what the sweep would find and change. Changes nothing."""
        raise DatastoreError(self.key, f"the {self.name} connector cannot run retention sweeps")

    def sweep_batches(
        self, expiry: Expiry, after: list[Any] | None, size: int
    ) -> Iterator[SweepBatch]:
        """Delete or anonymise the expired rows of ``expiry.table`` whose key is after
        ``after`` (None: from the start), ``size`` rows per batch, each batch committed
        in a transaction of its own before it is yielded; the last batch has ``upper``
        None. Rows under a legal hold are never expired; a delete keeps rows other rows
        still refer to, and of those kept only for held rows, erases what the holds do
        not keep. Running a batch again changes nothing more."""
        raise DatastoreError(self.key, f"the {self.name} connector cannot run retention sweeps")

    def close(self) -> None:  # noqa: B027 - optional for connectors without resources
        """Release connections."""
