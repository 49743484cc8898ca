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


@contextmanager
def renewing(renew: Callable[[], object], *, every: timedelta = BEAT) -> Iterator[None]:
    """Call ``renew`` every ``every`` from a thread of its own until the block ends.

    A renewal that fails (the database is away for a moment) is logged, and the next
    beat tries again; the block itself is never interrupted.
    """
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every.total_seconds()):
            try:
                renew()
            except Exception:  # the next beat tries again
                log.warning("could not renew a lease", exc_info=True)

    thread = threading.Thread(target=beat, name="waarborg-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
