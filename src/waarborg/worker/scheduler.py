"""Driving the jobs on their schedule with APScheduler (3.x, the stable series).

APScheduler fires each job at the start of its ticks, with an interval trigger
anchored at the Unix epoch so every worker fires at the same moments. Each worker
keeps the schedule in memory (it is code: ``jobs.JOBS``); APScheduler's own job
stores must never be shared between schedulers, so the sharing is done by
``ticks``: a fired job first claims its tick in Waarborg's database, and only the
worker that wins runs it, renewing its lease every few seconds while the job runs.
Every ``RESCUE`` each worker also looks for ticks whose worker died (a lease that ran
out) and takes them over, so a job that ticks once a day is not left until the next
day. ``Runner`` is that claim-run-record step; ``run_forever`` is ``waarborg worker``;
``Background`` is the same in a thread of ``waarborg serve``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from .. import clock
from ..store import leases, trace
from . import ticks
from .jobs import Job, Services

__all__ = ["RESCUE", "Background", "Outcome", "Runner", "run_forever"]

log = logging.getLogger("waarborg.worker")

#: How often a worker looks for ticks whose worker died.
RESCUE = timedelta(seconds=10)


@dataclass(frozen=True)
class Outcome:
    """One tick of one job: what it did, or the error it ended with."""

    job: str
    tick: datetime
    result: dict[str, Any] | None
    error: str | None
    seconds: float


def holder_name() -> str:
    """Who a worker is in the schedule table: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Runner:
    """Claims a job's current tick, runs it, and records how it ended."""

    def __init__(self, services: Services, jobs: Iterable[Job], *, holder: str | None = None):
        self.services = services
        self.jobs = {job.name: job.configured(services.settings) for job in jobs}
        self.holder = holder or holder_name()

    def tick(self, name: str) -> Outcome | None:
        """Run the current tick of job ``name`` if this worker wins it; None if not.
        A job for every worker (``Job.every_worker``) runs without a claim, and its
        ticks are not recorded."""
        job = self.jobs[name]
        tick = ticks.tick_of(clock.now(), job.every, job.offset)
        if job.every_worker:
            return self._run(job, tick)
        database = self.services.database
        if not ticks.claim(database, name, tick, holder=self.holder, lease=job.lease):
            return None

        def renew() -> None:
            if not ticks.renew(database, name, tick, holder=self.holder, lease=job.lease):
                log.warning("job %s: another worker took over tick %s", name, tick.isoformat())

        with leases.renewing(renew, every=job.beat):
            outcome = self._run(job, tick)
        ticks.finish(
            database,
            name,
            tick,
            holder=self.holder,
            result=outcome.result,
            error=outcome.error,
        )
        return outcome

    def rescue(self) -> list[Outcome]:
        """Take over the ticks whose worker died (their lease ran out) and run them."""
        taken = []
        for name in ticks.stalled(self.services.database, list(self.jobs)):
            log.warning("job %s: its worker stopped mid-run; taking it over", name)
            outcome = self.tick(name)
            if outcome is not None:
                taken.append(outcome)
        return taken

    def run_now(self, name: str) -> Outcome:
        """Run job ``name`` at once, without claiming a tick (for tests and demos)."""
        return self._run(self.jobs[name], clock.now())

    def once(self) -> list[Outcome | None]:
        """Every job's current tick, each once, in order (``waarborg worker --once``)."""
        return [self.tick(name) for name in self.jobs]

    def _run(self, job: Job, tick: datetime) -> Outcome:
        started, since = time.perf_counter(), time.monotonic()
        try:
            result: dict[str, Any] | None = dict(job.run(self.services))
            error = None
        except Exception as exc:  # one failing job must not stop the others
            log.exception("job %s failed at tick %s", job.name, tick.isoformat())
            result, error = None, f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        trace.event("job", since, time.monotonic(), name=job.name)
        if error is None and any(result.values() if result else ()):
            log.info("job %s at tick %s: %s", job.name, tick.isoformat(), result)
        return Outcome(job.name, tick, result, error, seconds)


def _schedule(scheduler: BaseScheduler, runner: Runner) -> None:
    for job in runner.jobs.values():
        seconds = job.every.total_seconds()
        scheduler.add_job(
            runner.tick,
            IntervalTrigger(seconds=seconds, start_date=ticks.EPOCH + job.offset, timezone="UTC"),
            args=[job.name],
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(1, int(seconds)),
        )
    scheduler.add_job(
        runner.rescue,
        IntervalTrigger(seconds=RESCUE.total_seconds(), start_date=ticks.EPOCH, timezone="UTC"),
        id="waarborg-rescue",
        name="take over the ticks of workers that died",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=int(RESCUE.total_seconds()),
    )


def _quiet_apscheduler() -> None:
    """APScheduler logs every run at INFO; Waarborg logs what the jobs did instead."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def run_forever(
    runner: Runner, *, signals: Sequence[int] = (signal.SIGTERM, signal.SIGINT)
) -> None:
    """Run the jobs on their schedule until SIGTERM or SIGINT; a running job is
    finished before the process ends."""
    _quiet_apscheduler()
    scheduler = BlockingScheduler(timezone="UTC")
    _schedule(scheduler, runner)

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("stopping: finishing the jobs that are running")
        scheduler.shutdown(wait=False)

    for number in signals:
        signal.signal(number, stop)
    scheduler.start()


class Background:
    """The jobs on their schedule in a background thread (``waarborg serve``)."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._scheduler: BackgroundScheduler | None = None

    def start(self) -> None:
        if self._scheduler is not None:
            return
        _quiet_apscheduler()
        scheduler = BackgroundScheduler(timezone="UTC", daemon=True)
        _schedule(scheduler, self.runner)
        scheduler.start()
        self._scheduler = scheduler

    def stop(self, wait: bool = True) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=wait)
            self._scheduler = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None
