"""The scheduled jobs, as a registry: adding a job is one ``JOBS.add(...)``.

Each job is a function of the ``Services`` (the store, the declaration, the
settings, the mailer and the services built on them) that returns what it did, for
the log and ``waarborg worker --status``. Every job is idempotent: the work it does
is claimed per unit (a request's lease, a letter's idempotency key), so running it
again, or on two workers at once, does nothing twice.

A tick of a job runs on one worker (``ticks``), except for the requests: every worker
runs that job at every tick and claims the requests one at a time, so several worker
processes, on one machine or several, carry out requests side by side
(docs/deployment.md).

The retention sweep runs once a day, at 02:00 UTC; it resumes an interrupted sweep and
does nothing while another worker is sweeping. At 03:00 UTC the sweep of Waarborg's own
data (``store.sweep``) deletes what its own retention periods let go. The audit log is
checkpointed every ``audit_checkpoint_interval`` (``audit.anchor``). Where
``cookie_audit_url`` is set, the website is audited for cookies and trackers every
``cookie_audit_interval`` (from 04:00 UTC), and the findings kept as the run's result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..declaration.model import Declaration
from ..errors import UsageError
from ..mail import queue
from ..mail.mailer import Mailer, mailer_from_settings
from ..registers.breaches import Breaches
from ..registers.complaints import Complaints
from ..rights.service import Requests
from ..settings import Settings
from ..store import leases
from ..store.db import Database

__all__ = ["JOBS", "Job", "Registry", "Services"]


@dataclass(frozen=True)
class Services:
    """What a job works with."""

    database: Database
    declaration: Declaration
    settings: Settings
    mailer: Mailer
    requests: Requests
    complaints: Complaints
    breaches: Breaches

    @classmethod
    def build(
        cls,
        database: Database,
        declaration: Declaration,
        settings: Settings,
        *,
        mailer: Mailer | None = None,
        requests: Requests | None = None,
    ) -> Services:
        return cls(
            database=database,
            declaration=declaration,
            settings=settings,
            mailer=mailer if mailer is not None else mailer_from_settings(settings),
            requests=requests or Requests(database, declaration, settings),
            complaints=Complaints(database, declaration, settings),
            breaches=Breaches(database, declaration, settings),
        )


Run = Callable[[Services], Mapping[str, Any]]


@dataclass(frozen=True)
class Job:
    """A job that runs every ``every`` (counted from midnight UTC, plus ``offset``)."""

    name: str
    every: timedelta
    run: Run = field(repr=False)
    summary: str
    offset: timedelta = timedelta(0)
    #: How long a tick stays held after its worker's last renewal; another worker takes
    #: over a tick whose lease ran out (its worker died).
    lease: timedelta = leases.LEASE
    #: How often the worker running a tick renews its lease.
    beat: timedelta = leases.BEAT
    #: Where a setting gives ``every`` (``audit_checkpoint_interval``).
    every_from: Callable[[Settings], timedelta] | None = field(default=None, repr=False)
    #: Run by every worker at every tick, unclaimed: the job claims each piece of its
    #: work on its own (a request's lease), so more workers do more of it at once.
    every_worker: bool = False

    def configured(self, settings: Settings) -> Job:
        """The job with ``every`` as the settings give it."""
        if self.every_from is None:
            return self
        return replace(self, every=self.every_from(settings), every_from=None)


class Registry:
    """The jobs by name, in the order they were added."""

    def __init__(self, jobs: Iterable[Job] = ()) -> None:
        self._jobs: dict[str, Job] = {}
        for job in jobs:
            self.add(job)

    def add(self, job: Job) -> Job:
        if job.name in self._jobs:
            raise ValueError(f"a job called {job.name!r} is already registered")
        if job.every <= timedelta(0):
            raise ValueError(f"job {job.name!r}: 'every' must be longer than zero")
        self._jobs[job.name] = job
        return job

    def __iter__(self) -> Iterator[Job]:
        return iter(self._jobs.values())

    def __len__(self) -> int:
        return len(self._jobs)

    def __getitem__(self, name: str) -> Job:
        return self._jobs[name]

    def select(self, names: Iterable[str]) -> list[Job]:
        """The jobs named (all when none are); UsageError for a name not registered."""
        chosen = list(names)
        unknown = [name for name in chosen if name not in self._jobs]
        if unknown:
            raise UsageError(f"no job {', '.join(unknown)}; the jobs are: {', '.join(self._jobs)}")
        return [self._jobs[name] for name in chosen] if chosen else list(self)


def _requests(s: Services) -> Mapping[str, Any]:
    return {"taken_up": s.requests.process_due()}


def _mail(s: Services) -> Mapping[str, Any]:
    report = queue.deliver(s.database, s.mailer)
    return {
        "sent": len(report.sent),
        "retrying": len(report.retrying),
        "failed": len(report.failed),
    }


def _expire(s: Services) -> Mapping[str, Any]:
    return {"expired": s.requests.expire_unverified()}


def _exports(s: Services) -> Mapping[str, Any]:
    from ..store import sweep

    return {"deleted": sweep.expired_exports(s.database, s.settings)}


def _request_reminders(s: Services) -> Mapping[str, Any]:
    return {"queued": s.requests.send_reminders()}


def _complaint_reminders(s: Services) -> Mapping[str, Any]:
    return {"queued": s.complaints.send_reminders()}


def _breach_reminders(s: Services) -> Mapping[str, Any]:
    return {"queued": s.breaches.send_reminders()}


def _retention(s: Services) -> Mapping[str, Any]:
    from ..retention import sweep

    if not s.declaration.datastores:
        return {"status": "no datastores"}
    # the worker's lease is renewed while it sweeps, so a run left by a worker that died
    # (its lease ran out) is taken over as soon as its worker's tick is
    report = sweep(s.declaration, s.database, actor="worker", lease=leases.LEASE)
    return {"status": report.status, "deleted": report.deleted, "anonymised": report.anonymised}


def _own_retention(s: Services) -> Mapping[str, Any]:
    from ..audit import append
    from ..store import sweep

    def record(session: Session, report: sweep.Report) -> None:
        append(
            session,
            actor="worker",
            action="own_retention.run",
            subject=f"job_run:{report.run}",
            data={
                "now": report.now,
                "resumed": report.resumed,
                "deleted": report.deleted,
                "periods_days": {k: v.days for k, v in sweep.PERIODS.items()},
            },
        )

    report = sweep.sweep(s.database, s.settings, record=record)
    return report.as_dict()


def _checkpoint(s: Services) -> Mapping[str, Any]:
    from ..audit.anchor import Anchor, anchor
    from ..audit.checkpoint import checkpoint_key

    settings = s.settings
    key = checkpoint_key(settings.ensure_secret_key().get_secret_value())
    target = Anchor(
        folder=settings.audit_checkpoint_dir,
        key=key,
        mail_to=settings.audit_checkpoint_mail,
        sender=s.requests.head.sender,
        organisation=s.declaration.controller.name,
    )
    return anchor(s.database, target)


def _cookie_audit(s: Services) -> Mapping[str, Any]:
    """Audit the website in Chromium and keep what was found (the worker's schedule keeps
    this result; the admin's overview shows it). A site that cannot be audited fails
    the run, with the reason."""
    url = s.settings.cookie_audit_url
    if not url:
        return {"status": "not configured"}
    from ..siteaudit.crawl import AuditError, audit_site
    from ..siteaudit.evaluate import counts, evaluate
    from ..siteaudit.model import BEFORE

    try:
        audit = audit_site(url, pages=s.settings.cookie_audit_pages)
    except AuditError as exc:
        raise UsageError(f"the site cannot be audited: {exc}") from None
    first = audit.phase(BEFORE)
    if first is None or not first.pages:
        raise UsageError(f"the site cannot be audited: no page of {url} was visited")
    if first.error and first.error.startswith(f"{first.pages[0]}: "):
        raise UsageError(f"the site cannot be audited: {first.error}")
    findings = evaluate(audit, s.declaration)
    return {
        "status": "done",
        "url": url,
        "started": audit.started,
        "finished": audit.finished,
        "counts": counts(findings),
        "findings": [
            {"rule": f.rule, "severity": f.severity, "phase": f.phase, "subject": f.subject}
            for f in findings
        ],
    }


SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)

#: The jobs ``waarborg worker`` and ``waarborg serve`` run.
JOBS = Registry(
    [
        Job(
            "requests",
            2 * SECOND,
            _requests,
            "Carry out and answer verified requests (on every worker; each request is "
            "claimed on its own).",
            every_worker=True,
        ),
        Job("mail", 2 * SECOND, _mail, "Send the queued mail."),
        Job("request-expiry", 5 * MINUTE, _expire, "Expire requests never verified."),
        Job(
            "exports",
            60 * MINUTE,
            _exports,
            "Delete exports downloaded or whose download link expired.",
        ),
        Job("request-reminders", 10 * MINUTE, _request_reminders, "Remind staff of deadlines."),
        Job(
            "complaint-reminders",
            10 * MINUTE,
            _complaint_reminders,
            "Remind staff of complaints to acknowledge or answer.",
        ),
        Job(
            "breach-reminders",
            10 * MINUTE,
            _breach_reminders,
            "Remind staff while a breach's 72 hours run.",
        ),
        Job(
            "retention",
            timedelta(days=1),
            _retention,
            "Sweep the datastores by the retention rules.",
            offset=timedelta(hours=2),
        ),
        Job(
            "own-retention",
            timedelta(days=1),
            _own_retention,
            "Delete Waarborg's own data whose retention period ended (docs/store.md).",
            offset=timedelta(hours=3),
        ),
        Job(
            "audit-checkpoint",
            60 * MINUTE,
            _checkpoint,
            "Check the audit log since the last checkpoint and checkpoint its head.",
            every_from=lambda settings: settings.audit_checkpoint_interval,
        ),
        Job(
            "cookie-audit",
            timedelta(days=1),
            _cookie_audit,
            "Audit the website's cookies and trackers (WAARBORG_COOKIE_AUDIT_URL).",
            offset=timedelta(hours=4),
            every_from=lambda settings: settings.cookie_audit_interval,
        ),
    ]
)
