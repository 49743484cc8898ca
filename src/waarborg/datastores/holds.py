"""Legal holds: rows an erasure must keep, and why.

A table is under a hold when its ``retention`` rule names a ``hold`` (the legal ground,
e.g. "AWR art. 52"). A row is held while its hold period runs: from the event the rule
counts from (``after``, mapped to a column in the table's ``events``) for ``keep``. A
row whose event has not happened yet (the column is empty) is held too, and when the
event is not mapped to a column, or the rule gives no period, every row is held: when
in doubt, the law's obligation to keep wins. Of a held row only what the rule's
``keeps`` names stays (``scope.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from ..declaration.model import Declaration, Retention, Table
from ..declaration.types import Duration

__all__ = ["Hold", "hold_for"]


@dataclass(frozen=True)
class Hold:
    """The legal hold on one table."""

    table: str
    rule: str
    ground: str
    event: str
    #: The column that records the event, or None when the table does not map it.
    column: str | None
    keep: Duration | None
    #: The categories the hold's statute needs (``keeps``); None when the rule does not
    #: say, and held rows are kept whole.
    keeps: frozenset[str] | None = None

    def cutoff(self, now: datetime) -> datetime | None:
        """Rows whose event is after this moment are still held; None means every row
        is held (no period, or no column to count from)."""
        if self.keep is None or self.column is None:
            return None
        k = self.keep
        return now - relativedelta(
            years=k.years,
            months=k.months,
            weeks=k.weeks,
            days=k.days,
            hours=k.hours,
            minutes=k.minutes,
            seconds=k.seconds,
        )

    def until(self, event: object) -> datetime | date | None:
        """When the hold on a row with this event value ends (None if unknown)."""
        if self.keep is None:
            return None
        if isinstance(event, datetime):
            return self.keep.after(event)
        if isinstance(event, date):
            return self.keep.after_date(event)
        if isinstance(event, str):
            try:
                return self.keep.after(datetime.fromisoformat(event))
            except ValueError:
                return None
        return None

    def describe(self) -> str:
        """The reason in words, for the answer to the person."""
        period = f"kept {self.keep} after {self.event}" if self.keep else "kept"
        text = f"legal hold: {self.ground} (retention rule {self.rule!r}: {period})"
        if self.column is None:
            text += f"; the event {self.event!r} is not mapped to a column, so every row is kept"
        return text


def hold_for(declaration: Declaration, name: str, table: Table) -> Hold | None:
    """The hold on ``table``, if its retention rule has one."""
    if table.retention is None:
        return None
    rule: Retention | None = declaration.retention.get(table.retention)
    if rule is None or not rule.hold:
        return None
    return Hold(
        table=name,
        rule=table.retention,
        ground=rule.hold,
        event=rule.after,
        column=table.events.get(rule.after),
        keep=rule.keep,
        keeps=frozenset(rule.keeps) if rule.keeps is not None else None,
    )
