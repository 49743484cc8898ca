"""Art. 12(3) deadlines: one calendar month from receipt, or the organisation's shorter
promise; one extension by two further months, told to the person within the first.

Months are calendar months (Regulation 1182/71): a request received on 31 January
is due at the end of February. Times are timezone-aware; the deadline is the same
moment of day as receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..declaration.model import Declaration
from ..declaration.types import Duration

ONE_MONTH = Duration(months=1)
TWO_MONTHS = Duration(months=2)


@dataclass(frozen=True)
class Deadline:
    """When a request is due, and whether and until when it may be extended."""

    received: datetime
    due: datetime
    promise: Duration
    extension: Duration

    @property
    def extension_notice_by(self) -> datetime:
        """The person must hear of an extension, with its reasons, before this moment."""
        return self.due

    def extended(self) -> datetime:
        """The deadline after the one extension Art. 12(3) allows."""
        return self.extension.after(self.due)

    def days_left(self, now: datetime, *, extended_until: datetime | None = None) -> int:
        """Whole days until the deadline; negative when overdue."""
        due = extended_until or self.due
        return (due - now) // timedelta(days=1)

    def overdue(self, now: datetime, *, extended_until: datetime | None = None) -> bool:
        return now > (extended_until or self.due)

    def reminders(self, days_before: tuple[int, ...] = (7, 2)) -> list[datetime]:
        """Moments at which staff are reminded, before the deadline."""
        return sorted(
            self.due - timedelta(days=days)
            for days in days_before
            if self.due - timedelta(days=days) > self.received
        )


def deadline_for(declaration: Declaration | None, received: datetime) -> Deadline:
    """The deadline of a request received at ``received``.

    The shorter of one month and the declaration's ``rights.respond_within``; the
    extension is the declaration's ``rights.extension`` capped at two months.
    """
    if received.tzinfo is None:
        raise ValueError("received must be timezone-aware")
    promise = ONE_MONTH
    extension = TWO_MONTHS
    rights = declaration.rights if declaration is not None else None
    if rights is not None:
        if isinstance(rights.respond_within, Duration):
            promised = rights.respond_within
            if promised.after(received) < ONE_MONTH.after(received):
                promise = promised
        if rights.extension is not None and not rights.extension.longer_than(TWO_MONTHS):
            extension = rights.extension
    return Deadline(
        received=received, due=promise.after(received), promise=promise, extension=extension
    )
