"""Leases with a heartbeat: work held by a process that is alive stays held; work
held by a process that died is free again within a minute.

Work that several processes may take (a tick of a scheduled job, a request to carry
out) is claimed with a lease: a time until which it is held. A holder renews its lease
every ``BEAT`` while it works, from a thread of its own (``renewing``), so the lease
can be short (``LEASE``) however long the work takes. A process killed with SIGKILL
stops renewing, and its lease runs out ``LEASE`` after its last beat at the latest.

A renewal is a conditional UPDATE that only matches while the holder still holds the
work, so a holder whose lease ran out (and whose work was taken over) never takes it
back by renewing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

__all__ = ["BEAT", "LEASE", "renewing"]

log = logging.getLogger("waarborg.leases")

#: How long a lease lasts after its last renewal.
LEASE = timedelta(seconds=30)
#: How often a holder renews its lease: several beats fit in one lease, so a slow
#: renewal or two (a busy database) does not lose it.
BEAT = timedelta(seconds=5)


class _Beats:
    """One thread per process that calls each registered renewal on its beat, so a
    short piece of work (most requests take milliseconds) does not start and join a
    thread of its own."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        #: Per registration: when it is due next, how often, and what to call.
        self._due: dict[int, tuple[float, float, Callable[[], object]]] = {}
        self._running: int | None = None
        self._next = 0
        self._thread: threading.Thread | None = None
        #: Until when the thread sleeps, while it waits; None while it is awake.
        self._asleep_until: float | None = None
        #: How many times the thread was woken before its time (for the tests).
        self.woken = 0

    def add(self, renew: Callable[[], object], every: timedelta) -> int:
        seconds = every.total_seconds()
        with self._changed:
            self._next += 1
            due = time.monotonic() + seconds
            self._due[self._next] = (due, seconds, renew)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._beat, name="waarborg-lease", daemon=True
                )
                self._thread.start()
            elif self._asleep_until is not None and due < self._asleep_until:
                # Woken only when the new renewal is due before it would wake anyway:
                # most work ends long before its first beat, and waking a thread for
                # nothing costs the work a switch of threads.
                self.woken += 1
                self._changed.notify_all()
            return self._next

    def remove(self, handle: int) -> None:
        """Stop renewing; returns once no renewal of ``handle`` runs any more."""
        with self._changed:
            self._due.pop(handle, None)
            while self._running == handle:
                self._changed.wait()

    def _beat(self) -> None:
        while True:
            with self._changed:
                now = time.monotonic()
                ready = [h for h, (at, _every, _renew) in self._due.items() if at <= now]
                if not ready:
                    soonest = min((at for at, _e, _r in self._due.values()), default=now + 60)
                    self._asleep_until = soonest
                    try:
                        self._changed.wait(soonest - now)
                    finally:
                        self._asleep_until = None
                    continue
                handle = ready[0]
                _at, every, renew = self._due[handle]
                self._due[handle] = (now + every, every, renew)
                self._running = handle
            try:
                renew()
            except Exception:  # the next beat tries again
                log.warning("could not renew a lease", exc_info=True)
            finally:
                with self._changed:
                    self._running = None
                    self._changed.notify_all()


_BEATS = _Beats()


@contextmanager
def renewing(renew: Callable[[], object], *, every: timedelta = BEAT) -> Iterator[None]:
    """Call ``renew`` every ``every`` from a thread of its own until the block ends
    (one thread per process serves every block, ``_Beats``); once the block has ended,
    no call of ``renew`` is running or starts.

    A renewal that fails (the database is away for a moment) is logged, and the next
    beat tries again; the block itself is never interrupted.
    """
    handle = _BEATS.add(renew, every)
    try:
        yield
    finally:
        _BEATS.remove(handle)
