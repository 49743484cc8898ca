"""Figures from the consent ledger: how often consent was given and withdrawn, per
purpose and per period (a week or a month), for the admin's overview.

Each series (given, withdrawn) is one SQL query that runs the same on SQLite and
PostgreSQL: the periods' bounds are computed here, in the organisation's time zone,
and the query sorts each event into its period with a ``CASE`` over those bounds, so
no dialect's date functions (``strftime``, ``date_trunc``) and no time-zone arithmetic
in the database are needed. The figures count events: a person who gives consent,
withdraws it and gives it again counts twice under given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..store.enums import ConsentState
from ..store.models import Consent

__all__ = ["Period", "Periods", "Series", "counts", "periods"]

Period = Literal["week", "month"]
ZONE = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Periods:
    """Consecutive periods: ``bounds`` holds one moment more than there are periods
    (each period runs from its bound up to, not including, the next)."""

    unit: Period
    starts: tuple[date, ...]
    bounds: tuple[datetime, ...]

    def __len__(self) -> int:
        return len(self.starts)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def periods(now: datetime, unit: Period, count: int) -> Periods:
    """The last ``count`` weeks (from Monday) or calendar months up to and including
    the one ``now`` falls in, as the organisation's clock counts them."""
    if count < 1:
        raise ValueError("count must be at least 1")
    today = now.astimezone(ZONE).date()
    if unit == "week":
        first = _monday(today) - timedelta(weeks=count - 1)
        days = [first + timedelta(weeks=i) for i in range(count + 1)]
    else:
        first = _add_months(today.replace(day=1), -(count - 1))
        days = [_add_months(first, i) for i in range(count + 1)]
    bounds = tuple(datetime.combine(day, time(0), tzinfo=ZONE) for day in days)
    return Periods(unit, tuple(days[:-1]), bounds)


@dataclass(frozen=True)
class Series:
    """Per purpose, the events of one state in each period."""

    state: ConsentState
    by_purpose: dict[str, list[int]]

    def total(self, purpose: str) -> int:
        return sum(self.by_purpose.get(purpose, ()))


def counts(session: Session, state: ConsentState, spans: Periods) -> Series:
    """The events of ``state`` per purpose and period: one query."""
    bounds: Sequence[datetime] = spans.bounds
    bucket = case(
        *((Consent.created_at < bound, index) for index, bound in enumerate(bounds[1:])),
        else_=None,
    )
    # Sorted into periods in a subquery and counted outside it: PostgreSQL does not
    # see two copies of a CASE with bound parameters as the same GROUP BY expression.
    inner = (
        select(Consent.purpose.label("purpose"), bucket.label("period"))
        .where(Consent.state == state)
        .where(Consent.created_at >= bounds[0], Consent.created_at < bounds[-1])
        .subquery()
    )
    query = select(inner.c.purpose, inner.c.period, func.count()).group_by(
        inner.c.purpose, inner.c.period
    )
    found: dict[str, list[int]] = {}
    for purpose, period, number in session.execute(query):
        if period is None:  # cannot happen inside the bounds; nothing to count it under
            continue
        found.setdefault(str(purpose), [0] * len(spans))[int(period)] = int(number)
    return Series(state, found)
