"""Planning: each retention rule of a declaration as the tables it sweeps.

A table is swept under the rule its ``retention`` names. Its rows count from the
rule's event (``after``; ``collection`` when the rule names none), read from the
column the table maps that event to in its ``events``. What the sweep does is the
rule's ``then``; a table declared ``erase: anonymise`` keeps its rows, so under any
rule its expired rows are anonymised rather than deleted.

A table that cannot be swept says why: the rule gives no period (only criteria), the
table maps no column to the rule's event, so there is nothing to count from, or the
table is a processor's (``connector:``), whose API finds records person by person,
not by age. A
rule that no table points at sweeps nothing on the datastores (it may still hold data
elsewhere, such as cookies). Within a datastore the tables are ordered children before
parents, so rows that refer to a parent go before the parent is swept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from ..datastores.base import Expiry
from ..datastores.resolve import resolve
from ..declaration.graph import build
from ..declaration.model import Datastore, Declaration
from ..declaration.types import Duration
from ..errors import UsageError

__all__ = ["Target", "cutoff", "targets", "unswept_rules"]


@dataclass(frozen=True)
class Target:
    """One table swept under one retention rule."""

    rule: str
    datastore: str
    table: str
    action: Literal["delete", "anonymise"]
    #: The event the rule counts from, and the table's column that records it.
    event: str
    column: str | None
    keep: Duration | None
    #: The legal ground of the rule's hold, if it has one.
    hold: str | None
    #: Why the table cannot be swept; None when it can.
    skipped: str | None = None

    @property
    def name(self) -> str:
        """``datastore.table``, unique within a declaration."""
        return f"{self.datastore}.{self.table}"

    def expiry(self, now: datetime) -> Expiry | None:
        """The expired rows at ``now``; None when the table cannot be swept."""
        if self.skipped is not None or self.column is None or self.keep is None:
            return None
        return Expiry(self.table, self.column, cutoff(self.keep, now), self.action, now)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "datastore": self.datastore,
            "table": self.table,
            "action": self.action,
            "event": self.event,
            "column": self.column,
            "keep": str(self.keep) if self.keep is not None else None,
            "hold": self.hold,
            "skipped": self.skipped,
        }


def cutoff(keep: Duration, now: datetime) -> datetime:
    """The moment a row's event must be on or before for its period to have ended at
    ``now``, counting calendar months and years."""
    return now - relativedelta(
        years=keep.years,
        months=keep.months,
        weeks=keep.weeks,
        days=keep.days,
        hours=keep.hours,
        minutes=keep.minutes,
        seconds=keep.seconds,
    )


def targets(declaration: Declaration, rules: Collection[str] | None = None) -> list[Target]:
    """The tables each rule sweeps (all rules when ``rules`` is None), datastore by
    datastore, children before parents. Raises ``UsageError`` for an unknown rule."""
    if rules is not None:
        unknown = sorted(set(rules) - set(declaration.retention))
        if unknown:
            known = ", ".join(declaration.retention) or "none"
            raise UsageError(
                f"no retention rule {', '.join(repr(r) for r in unknown)} in the declaration "
                f"(its rules: {known})"
            )
    found: list[Target] = []
    for key in declaration.datastores:
        store = resolve(declaration, key).datastore
        for name in _children_first(store):
            table = store.tables[name]
            rule_key = table.retention
            if rule_key is None or rule_key not in declaration.retention:
                continue
            if rules is not None and rule_key not in rules:
                continue
            rule = declaration.retention[rule_key]
            column = table.events.get(rule.after)
            skipped = None
            if store.connector is not None:
                label = store.label.get("en") if store.label else None
                named = f"{label} (datastore {key!r})" if label else f"datastore {key!r}"
                skipped = (
                    f"{named} is a service provider that processes data for you, reached "
                    "through its API; Waarborg can look a person up there, but cannot "
                    "list its records by age, so it cannot find the expired ones. Keep "
                    f"this retention period in {label or 'the service'} itself (its own "
                    "clean-up or retention setting), or erase person by person"
                )
            elif rule.keep is None:
                skipped = f"rule {rule_key!r} gives no period (keep), so nothing expires"
            elif column is None:
                skipped = (
                    f"table {name!r} maps no column to the event {rule.after!r} that rule "
                    f"{rule_key!r} counts from (events: {{{rule.after}: <column>}}), so there "
                    "is nothing to count from"
                )
            anonymise = rule.then == "anonymise" or table.erase == "anonymise"
            found.append(
                Target(
                    rule=rule_key,
                    datastore=key,
                    table=name,
                    action="anonymise" if anonymise else "delete",
                    event=rule.after,
                    column=column,
                    keep=rule.keep,
                    hold=rule.hold,
                    skipped=skipped,
                )
            )
    return found


def unswept_rules(declaration: Declaration, found: Collection[Target]) -> list[str]:
    """Rules with a period that no datastore table points at."""
    used = {t.rule for t in found}
    return [k for k, r in declaration.retention.items() if r.keep is not None and k not in used]


def _children_first(store: Datastore) -> list[str]:
    """Every table, each before the tables it refers to; tables in a cycle keep the
    order they were declared in."""
    graph = build(store)
    names = list(store.tables)
    parents: dict[str, set[str]] = {n: set() for n in names}
    waiting: dict[str, int] = {n: 0 for n in names}
    for ref in graph.references:
        if ref.table != ref.target and ref.target not in parents[ref.table]:
            parents[ref.table].add(ref.target)
            waiting[ref.target] += 1
    placed: list[str] = []
    left = list(names)
    while left:
        ready = [n for n in left if waiting[n] == 0]
        name = ready[0] if ready else left[0]
        placed.append(name)
        left.remove(name)
        for parent in parents[name]:
            waiting[parent] -= 1
    return placed
