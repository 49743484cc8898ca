"""Planning: each retention rule of a declaration as the tables it sweeps.

A table is swept under the rule its ``retention`` names. Its rows count from the
rule's event (``after``; ``collection`` when the rule names none), read from the
column the table maps that event to in its ``events``. What the sweep does is the
rule's ``then``; a table declared ``erase: anonymise`` keeps its rows, so under any
rule its expired rows are anonymised rather than deleted.

A table that cannot be swept says why, in Dutch and English (``retention.skipped``):
the rule gives no period (only criteria), the table maps no column to the rule's
event, so there is nothing to count from, or the table is a processor's
(``connector:``) and Waarborg has no request that lists its records with their dates
(``connectors/listings.py``), or the API offers no way to delete or anonymise them. At
a processor whose erasure is its own request (``erasure: processor``), a delete is
that request: the processor is asked, and carries it out later (``requested``). A
rule that no table points at sweeps nothing on the datastores (it may still hold data
elsewhere, such as cookies). Within a datastore the tables are ordered children before
parents, so rows that refer to a parent go before the parent is swept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from ..datastores.base import Expiry
from ..datastores.resolve import resolve
from ..declaration.graph import build
from ..declaration.model import Datastore, Declaration
from ..declaration.types import Duration
from ..errors import UsageError
from ..i18n import t

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
    #: Why the table cannot be swept (a key of ``retention.skipped``); None when it can.
    reason: str | None = None
    #: The values the reason's sentence names.
    reason_values: tuple[tuple[str, str], ...] = ()
    #: A delete that asks the processor to erase the records (``erasure: processor``),
    #: which it carries out later: the run counts them as requested, not deleted.
    requested: bool = False
    #: The service provider's name, for a processor's table (``connector:``).
    service: str | None = None

    @property
    def skipped(self) -> str | None:
        """Why the table cannot be swept, in English; None when it can."""
        return self.skipped_in("en")

    def skipped_in(self, lang: str) -> str | None:
        """Why the table cannot be swept, in ``lang``; None when it can."""
        if self.reason is None:
            return None
        return t(f"retention.skipped.{self.reason}", lang, **dict(self.reason_values))

    @property
    def name(self) -> str:
        """``datastore.table``, unique within a declaration."""
        return f"{self.datastore}.{self.table}"

    def expiry(self, now: datetime) -> Expiry | None:
        """The expired rows at ``now``; None when the table cannot be swept."""
        if self.reason is not None or self.column is None or self.keep is None:
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
            "requested": self.requested,
            "skipped": self.skipped,
            "reason": self.reason,
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
            anonymise = rule.then == "anonymise" or table.erase == "anonymise"
            action: Literal["delete", "anonymise"] = "anonymise" if anonymise else "delete"
            reason: tuple[str, dict[str, str]] | None = None
            if rule.keep is None:
                reason = "no_keep", {"rule": rule_key}
            elif column is None:
                reason = "no_event", {"rule": rule_key, "table": name, "event": rule.after}
            service = None
            if reason is None and store.connector is not None:
                service = _service(declaration, key, store)
                reason = _processor_gap(declaration, key, store, name, action)
            found.append(
                Target(
                    rule=rule_key,
                    datastore=key,
                    table=name,
                    action=action,
                    event=rule.after,
                    column=column,
                    keep=rule.keep,
                    hold=rule.hold,
                    reason=reason[0] if reason else None,
                    reason_values=tuple(sorted(reason[1].items())) if reason else (),
                    requested=_requested(store, action),
                    service=service,
                )
            )
    return found


def _service(declaration: Declaration, key: str, store: Datastore) -> str | None:
    """The name of the processor a datastore reaches; None for a database."""
    if store.connector is None:
        return None
    from ..connectors.catalogue import definition_for

    return definition_for(store.connector, key, _base(declaration)).name


def _base(declaration: Declaration) -> Path | None:
    source = declaration.source
    if source is not None and getattr(source, "file", None):
        return Path(source.file).parent
    return None


def _requested(store: Datastore, action: str) -> bool:
    """Whether a delete at this processor is its own erasure request, carried out later."""
    return store.connector is not None and action == "delete" and store.erasure == "processor"


def _processor_gap(
    declaration: Declaration, key: str, store: Datastore, table: str, action: str
) -> tuple[str, dict[str, str]] | None:
    """Why a processor's endpoint cannot be swept: no listing of its records with
    their dates, or no request that deletes or anonymises them; None when it can."""
    from ..connectors.catalogue import definition_for
    from ..connectors.listings import listing_for

    assert store.connector is not None
    base = _base(declaration)
    definition = definition_for(store.connector, key, base)
    values = {"service": definition.name, "store": key, "table": table}
    if table not in listing_for(store.connector, definition, key, base).endpoints:
        return "processor_unlisted", values
    try:
        requests = definition.endpoint(table).requests
    except KeyError:
        return "processor_unlisted", values
    request = requests.delete if action == "delete" else requests.update
    if _requested(store, action):
        request = definition.data_protection_request
    if request is None:
        return f"processor_no_{action}", values
    return None


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
