"""The one source of the current time.

Everything that needs "now" asks this module, so tests can move time forward to
cross deadlines and retention periods instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return _now()


def today() -> date:
    return now().date()


@contextmanager
def frozen(at: datetime) -> Iterator[Callable[[timedelta], None]]:
    """Freeze the clock at ``at``; yields a function that moves it forward."""
    global _now
    if at.tzinfo is None:
        raise ValueError("frozen() needs a timezone-aware datetime")
    current = [at]
    saved = _now
    _now = lambda: current[0]  # noqa: E731

    def advance(delta: timedelta) -> None:
        current[0] = current[0] + delta

    try:
        yield advance
    finally:
        _now = saved
