"""The background worker of ``waarborg serve``: a thread that, every few seconds,
runs the requests whose turn has come and sends the queued mail.

It keeps the embedded default self-contained: one process serves the privacy centre
and does the work. An error in one round is logged and the next round tries again;
work is idempotent, so nothing is done twice.
"""

from __future__ import annotations

import logging
import threading

from ..mail import queue
from ..mail.mailer import Mailer
from ..rights.service import Requests
from ..store.db import Database

__all__ = ["Worker"]

log = logging.getLogger("waarborg.worker")

#: Seconds between housekeeping rounds (expiry, reminders, export clean-up).
HOUSEKEEPING_EVERY = 60.0


class Worker:
    """Runs ``round()`` every ``interval`` seconds in a daemon thread until stopped."""

    def __init__(
        self, database: Database, requests: Requests, mailer: Mailer, *, interval: float = 2.0
    ) -> None:
        self.database = database
        self.requests = requests
        self.mailer = mailer
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def round(self, *, housekeeping: bool = True) -> None:
        """One round: run the requests that are due and send the mail; with
        ``housekeeping``, also expire unverified requests, remind staff of deadlines
        and delete expired exports."""
        if housekeeping:
            self.requests.expire_unverified()
            self.requests.send_reminders()
            self.requests.purge_exports()
        self.requests.process_due()
        queue.deliver(self.database, self.mailer)

    def _run(self) -> None:
        rounds = 0
        every = max(1, round(HOUSEKEEPING_EVERY / self.interval))
        while not self._stop.is_set():
            try:
                self.round(housekeeping=rounds % every == 0)
            except Exception:  # one bad round must not stop the worker
                log.exception("worker round failed; trying again in %.0f s", self.interval)
            rounds += 1
            self._stop.wait(self.interval)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="waarborg-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
