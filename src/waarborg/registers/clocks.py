"""The registers' clocks: a complaint's acknowledge and respond deadlines, and a
breach's 72 hours.

Complaints run on the declaration's ``complaints: {acknowledge_within,
respond_within}``. The law sets no clock for a complaint made to the organisation
itself, so where the declaration is silent Waarborg answers within one calendar
month, the term Art. 12(3) GDPR gives for requests (a complaint about how personal
data is handled is close kin to one), and sets no acknowledge deadline: the
privacy centre acknowledges a complaint by mail the moment it is filed.

A breach must be notified to the supervisory authority "without undue delay and,
where feasible, not later than 72 hours after having become aware of it" (Art.
33(1)); the clock runs from ``aware_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..declaration.model import Declaration
from ..declaration.types import Duration

__all__ = [
    "AUTHORITY_WINDOW",
    "DEFAULT_RESPOND",
    "ComplaintClocks",
    "complaint_clocks",
    "days_left",
    "hours_left",
]

#: Art. 33(1): the authority is notified within 72 hours of awareness.
AUTHORITY_WINDOW = timedelta(hours=72)
#: Without a promise in the declaration: one calendar month, as Art. 12(3) counts it.
DEFAULT_RESPOND = Duration(months=1)


@dataclass(frozen=True)
class ComplaintClocks:
    """How long the organisation takes to acknowledge and to answer a complaint."""

    acknowledge: Duration | None
    respond: Duration
    #: Whether ``respond`` is the declaration's own promise (else the default).
    declared: bool

    def acknowledge_by(self, received: datetime) -> datetime | None:
        return None if self.acknowledge is None else self.acknowledge.after(received)

    def respond_by(self, received: datetime) -> datetime:
        return self.respond.after(received)


def complaint_clocks(declaration: Declaration | None) -> ComplaintClocks:
    """The complaint clocks the declaration promises, with the defaults above."""
    declared = declaration.complaints if declaration is not None else None
    if declared is None:
        return ComplaintClocks(None, DEFAULT_RESPOND, False)
    respond = declared.respond_within
    return ComplaintClocks(
        declared.acknowledge_within,
        respond if respond is not None else DEFAULT_RESPOND,
        respond is not None,
    )


def days_left(due: datetime, now: datetime) -> int:
    """Whole days until ``due``; negative when it has passed."""
    return (due - now) // timedelta(days=1)


def hours_left(due: datetime, now: datetime) -> int:
    """Whole hours until ``due``; negative when it has passed."""
    return (due - now) // timedelta(hours=1)
