"""The moments people and staff give Waarborg (when a breach began, when a complaint
arrived, when the authority was notified): a time with its time zone, in the years
Waarborg's records can be about.

A date in the year 1 is a typing error, not a breach of long ago, and near the ends
of the calendar a time cannot be moved into another zone or have a deadline added.
So a moment lies from 1 January 1970 (UTC) up to, not including, 2200: earlier than
any record Waarborg keeps, later than any deadline it counts. Each field's own rules
(not in the future, not before another moment) come on top.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .errors import RequestError

__all__ = ["EARLIEST", "LATEST", "check_moment", "moment_problem"]

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def moment_problem(value: datetime) -> str | None:
    """What is wrong with ``value`` as a moment, in a sentence; None when nothing is."""
    if value.tzinfo is None or value.utcoffset() is None:
        return "give the time with its time zone, e.g. 2026-03-02T09:30+01:00"
    try:
        earlier, later = value < EARLIEST, value >= LATEST
    except OverflowError:  # a time at the very end of the calendar in another zone
        earlier, later = value.year < EARLIEST.year, value.year >= LATEST.year
    if earlier:
        return f"the year {value.year} cannot be right: give a date from 1970 on"
    if later:
        return f"the year {value.year} cannot be right: give a date before 2200"
    return None


def check_moment(value: datetime, field: str) -> datetime:
    """``value`` when it is a moment Waarborg takes; RequestError naming ``field``
    otherwise."""
    problem = moment_problem(value)
    if problem is not None:
        raise RequestError(field, problem)
    return value
