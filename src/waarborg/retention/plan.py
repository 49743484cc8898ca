"""The dry run: per rule and table, the rows a sweep would find and change.

Nothing is changed. Counts come from one statement per table, pushed down to the
datastore; a parent row counts as deleted only when every row that refers to it goes
in the same run, as the sweep itself finds when it reaches the parent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import clock
from ..datastores.base import Connector, Expiry, SweepCounts
from ..datastores.registry import connect
from ..declaration.model import Declaration
from .targets import Target, targets, unswept_rules

__all__ = ["Plan", "PlannedTable", "plan"]


@dataclass(frozen=True)
class PlannedTable:
    """One table under one rule: what it holds now, or why it is not swept."""

    target: Target
    counts: SweepCounts | None = None
    cutoff: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.target.as_dict(),
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            **(self.counts.as_dict() if self.counts else {}),
        }


@dataclass(frozen=True)
class Plan:
    """What a run at ``now`` would do."""

    now: datetime
    tables: tuple[PlannedTable, ...] = ()
    #: Rules with a period that no datastore table points at.
    unswept: tuple[str, ...] = field(default=())

    @property
    def changes(self) -> int:
        """Rows the run would delete, anonymise, or trim to what a hold keeps."""
        return sum(t.counts.changes + t.counts.trimmed for t in self.tables if t.counts)

    def rules(self) -> dict[str, list[PlannedTable]]:
        """The tables by rule, in the order they are swept."""
        found: dict[str, list[PlannedTable]] = {}
        for table in self.tables:
            found.setdefault(table.target.rule, []).append(table)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "changes": self.changes,
            "rules": {rule: [t.as_dict() for t in tables] for rule, tables in self.rules().items()},
            "unswept_rules": list(self.unswept),
        }


def plan(
    declaration: Declaration,
    *,
    now: datetime | None = None,
    rules: Collection[str] | None = None,
    connectors: dict[str, Connector] | None = None,
) -> Plan:
    """Count, per rule and table, what a sweep at ``now`` (default: the clock's) would
    change. ``connectors`` may hold open connectors by datastore; the others are
    opened and closed here."""
    at = now or clock.now()
    found = targets(declaration, rules)
    opened: dict[str, Connector] = {}
    try:
        planned: list[PlannedTable] = []
        for store in dict.fromkeys(t.datastore for t in found):
            mine = [t for t in found if t.datastore == store]
            expiries = [e for e in (t.expiry(at) for t in mine) if e is not None]
            counts: dict[str, SweepCounts] = {}
            if expiries:
                connector = (connectors or {}).get(store)
                if connector is None:
                    connector = opened[store] = connect(declaration, store)
                counts = connector.sweep_counts(expiries)
            cutoffs: dict[str, Expiry] = {e.table: e for e in expiries}
            for target in mine:
                expiry = cutoffs.get(target.table)
                planned.append(
                    PlannedTable(
                        target,
                        counts.get(target.table),
                        expiry.cutoff if expiry is not None else None,
                    )
                )
    finally:
        for connector in opened.values():
            connector.close()
    unswept = tuple(unswept_rules(declaration, found)) if rules is None else ()
    return Plan(at, tuple(planned), unswept)
