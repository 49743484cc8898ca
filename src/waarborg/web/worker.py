"""The worker inside ``waarborg serve``: the jobs of ``waarborg worker`` (requests,
mail, expiry, reminders for requests, complaints and breaches) on their schedule,
in a background thread of the web process.

It keeps the embedded default self-contained: one process serves the privacy centre
and does the work. Ticks are claimed in the database like a separate worker's, so a
web process and ``waarborg worker`` processes may share the work without running a
tick twice. An error in one job is logged and recorded, and the next tick tries
again; work is idempotent, so nothing is done twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..mail.mailer import Mailer
from ..rights.service import Requests
from ..store.db import Database
from ..worker import JOBS, Background, Job, Outcome, Runner, Services

__all__ = ["Worker"]


class Worker:
    """The scheduled jobs in a background thread, started and stopped with the app."""

    def __init__(
        self,
        database: Database,
        requests: Requests,
        mailer: Mailer,
        *,
        jobs: Iterable[Job] = JOBS,
    ) -> None:
        services = Services.build(
            database, requests.declaration, requests.settings, mailer=mailer, requests=requests
        )
        self.runner = Runner(services, jobs)
        self._background = Background(self.runner)

    def round(self) -> list[Outcome]:
        """Run every job once, now, without waiting for its tick."""
        return [self.runner.run_now(name) for name in self.runner.jobs]

    def start(self) -> None:
        self._background.start()

    def stop(self) -> None:
        self._background.stop()

    @property
    def running(self) -> bool:
        return self._background.running
