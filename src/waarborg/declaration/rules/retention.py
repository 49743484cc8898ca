"""Art. 13(2)(a) and 5(1)(e): how long data is kept."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule
from ..model import Declaration


@rule(
    "retention-missing",
    "error",
    "13(2)(a), 5(1)(e)",
    "Every purpose has a retention period or the criteria for one",
    "point purposes.<key>.retention at a rule under 'retention:'",
)
def missing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        covered = bool(p.categories) and all(d.categories[c].retention for c in p.categories)
        if p.retention in (None, "unstated") and not covered:
            yield ("purposes", key), f"purpose {key!r} says nothing about how long data is kept"


@rule(
    "retention-vague",
    "warning",
    "13(2)(a)",
    "A retention rule gives a period",
    "give retention.<key>.keep as a duration (e.g. P2Y) counted from an event ('after')",
)
def vague(d: Declaration) -> Iterator[Hit]:
    for key, r in d.retention.items():
        if r.keep is None:
            yield ("retention", key), f"retention rule {key!r} gives no period"


@rule(
    "retention-event-unmapped",
    "info",
    "5(1)(e)",
    "Retention events can be found in the data",
    "map the event to a column in datastores.<store>.tables.<table>.events",
)
def unmapped(d: Declaration) -> Iterator[Hit]:
    if not d.datastores:
        return
    mapped = {
        event
        for store in d.datastores.values()
        for table in store.tables.values()
        for event in table.events
    }
    mapped.add("collection")
    for key, r in d.retention.items():
        if r.keep is not None and r.after not in mapped:
            yield (
                ("retention", key, "after"),
                f"no datastore column records the event {r.after!r} that rule {key!r} counts from",
            )


@rule(
    "hold-scope-unstated",
    "warning",
    "17(3)(b)",
    "A legal hold says which data its statute needs",
    "list under retention.<key>.keeps the categories the hold's statute needs (an invoice: "
    "name, address, amounts); the rest of a held row is then erased",
)
def hold_scope_unstated(d: Declaration) -> Iterator[Hit]:
    # A hold decides what an erasure keeps of the organisation's data: it matters where
    # a datastore table keeps its rows under the rule.
    used = {
        table.retention
        for store in d.datastores.values()
        for table in store.tables.values()
        if table.retention is not None
    }
    for key, r in d.retention.items():
        if (
            r.hold
            and r.keeps is None
            and (key in used or any(s.fides for s in d.datastores.values()))
        ):
            yield (
                ("retention", key, "hold"),
                f"retention rule {key!r} holds data under {r.hold!r} but does not say which "
                "categories that requires, so a held row is kept whole, with data the "
                "obligation does not need",
            )
