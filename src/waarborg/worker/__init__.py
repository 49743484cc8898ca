"""Background work on a schedule: ``waarborg worker``, and the same jobs inside
``waarborg serve`` in the embedded default.

``jobs`` is the registry of scheduled jobs (request processing and deadlines, mail,
reminders for requests, complaints and breaches); ``ticks`` lets several workers on
one database run each tick of a job once; ``scheduler`` drives the ticks with
APScheduler, in a blocking process or a background thread.
"""

from __future__ import annotations

from .jobs import JOBS, Job, Registry, Services
from .scheduler import Background, Outcome, Runner, run_forever

__all__ = ["JOBS", "Background", "Job", "Outcome", "Registry", "Runner", "Services", "run_forever"]
