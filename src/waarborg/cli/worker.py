"""``waarborg worker``: the background jobs as a process of their own, for production
(several may run against one PostgreSQL database; each tick of a job runs once)."""

from __future__ import annotations

import json
import logging
from typing import Any

import click

from ._common import _errors, _settings, main


def _stamp(value: Any) -> str:
    return "-" if value is None else value.isoformat(timespec="seconds")


@main.command()
@click.option(
    "--only",
    multiple=True,
    metavar="JOB",
    help="Run only this job (repeat for more). By default every job; see --status.",
)
@click.option(
    "--once", is_flag=True, help="Run each job's current tick once and exit (for cron, or a check)."
)
@click.option("--status", "show_status", is_flag=True, help="Show each job's last run and exit.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def worker(only: tuple[str, ...], once: bool, show_status: bool, fmt: str) -> None:
    """Run the background jobs on their schedule until stopped (SIGTERM or Ctrl-C).

    Carries out verified requests, sends mail, expires unverified requests, deletes
    spent exports and Waarborg's own data past its period, checkpoints the audit log and
    reminds staff of the deadlines of requests, complaints and breaches. 'waarborg
    serve' runs the same jobs in its own process; run workers separately in production.
    Several workers on one database never run a tick of a job twice.
    """
    with _errors():
        from ..web.server import prepare
        from ..worker import JOBS, Runner, Services, run_forever
        from ..worker.ticks import schedule

        settings = _settings()
        jobs = [job.configured(settings) for job in JOBS.select(only)]
        prepared = prepare(settings)
        database = prepared.database
        try:
            if show_status:
                rows = {row["job"]: row for row in schedule(database)}
                _print_status(jobs, rows, fmt)
                return
            logging.basicConfig(
                level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
            )
            runner = Runner(Services.build(database, prepared.declaration, settings), jobs)
            if once:
                outcomes = runner.once()
                failed = 0
                for job, outcome in zip(jobs, outcomes, strict=True):
                    if outcome is None:
                        click.echo(f"{job.name}: this tick was taken by another worker")
                    elif outcome.error:
                        failed += 1
                        click.echo(f"{job.name}: failed: {outcome.error}")
                    else:
                        click.echo(f"{job.name}: {json.dumps(outcome.result)}")
                if failed:
                    raise SystemExit(1)
                return
            names = ", ".join(job.name for job in jobs)
            click.echo(
                f"worker {runner.holder} running {len(jobs)} job(s): {names}; Ctrl-C stops it",
                err=True,
            )
            run_forever(runner)
        finally:
            database.dispose()


def _print_status(jobs: Any, rows: dict[str, dict[str, Any]], fmt: str) -> None:
    items = []
    for job in jobs:
        row = rows.get(job.name, {})
        items.append(
            {
                "job": job.name,
                "every_seconds": job.every.total_seconds(),
                "summary": job.summary,
                "last_tick": _stamp(row.get("tick_at")) if row else "-",
                "status": row.get("status")
                or ("on every worker, not recorded" if job.every_worker else "never run"),
                "holder": row.get("holder"),
                "runs": row.get("runs", 0),
                "result": row.get("result"),
                "error": row.get("error"),
            }
        )
    if fmt == "json":
        click.echo(json.dumps(items, indent=2))
        return
    for item in items:
        line = (
            f"{item['job']:<20} every {item['every_seconds']:>6.0f} s  last {item['last_tick']}  "
            f"{item['status']}  runs {item['runs']}"
        )
        if item["error"]:
            line += f"  error: {item['error']}"
        click.echo(line)
