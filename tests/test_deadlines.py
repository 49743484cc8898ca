"""Art. 12(3) deadlines: calendar months, the shorter promise, the one extension."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from waarborg.declaration.loader import load, load_text
from waarborg.declaration.types import Duration
from waarborg.rights.deadlines import deadline_for

from .conftest import ROOT

MINIMAL = """\
waarborg: 1
controller: {name: Voorbeeld B.V., email: privacy@voorbeeld.nl}
"""


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 1, 15), at(2026, 2, 15)),
        (at(2026, 1, 31), at(2026, 2, 28)),
        (at(2028, 1, 31), at(2028, 2, 29)),
        (at(2026, 12, 20), at(2027, 1, 20)),
    ],
)
def test_one_calendar_month_by_default(received: datetime, due: datetime) -> None:
    deadline = deadline_for(load_text(MINIMAL), received)
    assert deadline.due == due
    assert deadline.extended() == Duration(months=2).after(due)


def test_the_extension_is_two_further_months() -> None:
    deadline = deadline_for(None, at(2026, 1, 31))
    assert deadline.due == at(2026, 2, 28)
    assert deadline.extended() == at(2026, 4, 28)


def test_iemagoo_promises_four_weeks() -> None:
    iemagoo = load(ROOT / "examples" / "iemagoo" / "privacy.yaml")
    deadline = deadline_for(iemagoo, at(2026, 3, 2))
    assert deadline.due == at(2026, 3, 30)


def test_a_promise_longer_than_a_month_does_not_extend_the_deadline() -> None:
    declaration = load_text(MINIMAL + "rights: {respond_within: P6W}\n")
    assert deadline_for(declaration, at(2026, 3, 2)).due == at(2026, 4, 2)


def test_days_left_and_overdue() -> None:
    deadline = deadline_for(None, at(2026, 3, 2))
    assert deadline.days_left(at(2026, 3, 2)) == 31
    assert not deadline.overdue(at(2026, 4, 2))
    assert deadline.overdue(at(2026, 4, 2) + timedelta(seconds=1))
    assert deadline.days_left(at(2026, 4, 5)) == -3
    extended = deadline.extended()
    assert not deadline.overdue(at(2026, 4, 5), extended_until=extended)


def test_reminders_come_before_the_deadline() -> None:
    deadline = deadline_for(None, at(2026, 3, 2))
    assert deadline.reminders((7, 2)) == [at(2026, 3, 26), at(2026, 3, 31)]


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_for(None, datetime(2026, 3, 2))
