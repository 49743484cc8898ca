"""Commands for retention sweeps: plan (the dry run) and run."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ._common import _actor, _errors, _open_database, _settings, main

_FILE = click.argument("file", type=click.Path(dir_okay=False))
_RULES = click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="RULE",
    help="Sweep only this retention rule (repeat for several). Default: every rule.",
)
_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_LANG = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="en",
    show_default=True,
    help="The language of the output: nl for Dutch.",
)


@main.group()
def retention() -> None:
    """Retention sweeps: expired rows deleted or anonymised, rows under a legal hold kept."""


@retention.command("plan")
@_FILE
@_RULES
@_FORMAT
@_LANG
def plan_command(file: str, rules: tuple[str, ...], fmt: str, lang: str) -> None:
    """Dry run: per rule and table, the rows whose period has ended and what a run
    would delete or anonymise. Changes nothing.

    Exits 1 when rows are due (a run would change something), 0 when none are.
    """
    with _errors():
        from ..declaration.loader import load
        from ..retention import plan

        result = plan(load(file), rules=list(rules) or None)
        if fmt == "json":
            click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        else:
            _print_plan(result, lang)
    sys.exit(1 if result.changes else 0)


def _w(key: str, lang: str, **values: Any) -> str:
    from ..i18n import t

    return t(f"retention.{key}", lang, **values)


def _not_swept(target: Any, lang: str) -> str:
    return _w("not_swept", lang, why=target.skipped_in(lang))


def _print_plan(result: Any, lang: str) -> None:
    click.echo(_w("plan.heading", lang, at=result.now.isoformat(timespec="seconds")))
    if not result.tables:
        click.echo(f"  {_w('plan.no_tables', lang)}")
    for rule, tables in result.rules().items():
        click.secho(f"{rule}", bold=True)
        for planned in tables:
            target = planned.target
            about = [_w(f"plan.actions.{target.action}", lang)]
            if target.keep:
                about.append(_w("plan.period", lang, keep=target.keep, event=target.event))
            if target.hold:
                about.append(_w("plan.hold", lang, hold=target.hold))
            head = f"  {target.name} ({', '.join(about)})"
            if planned.counts is None:
                click.echo(f"{head}: {_not_swept(target, lang)}")
                continue
            counts = planned.counts
            parts = [_w("plan.expired", lang, expired=counts.expired, rows=counts.rows)]
            if target.requested:
                parts.append(_w("plan.requests", lang, service=target.service, n=counts.changes))
            elif target.action == "delete":
                parts.append(_w("plan.deletes", lang, n=counts.changes))
            else:
                parts.append(_w("plan.anonymises", lang, n=counts.changes))
            if counts.kept:
                why = "referred" if target.action == "delete" else "anonymised"
                parts.append(_w(f"plan.keeps_{why}", lang, n=counts.kept))
            if counts.trimmed:
                parts.append(_w("plan.trimmed", lang, n=counts.trimmed))
            line = f"{head}: {', '.join(parts)}"
            if counts.no_event:
                line += "; " + _w("plan.no_event", lang, n=counts.no_event, event=target.event)
            click.echo(line)
    for rule in result.unswept:
        click.echo(_w("plan.unswept_rule", lang, rule=rule))
    if result.changes:
        click.echo(_w("plan.would_change", lang, n=result.changes))
    else:
        click.echo(_w("plan.nothing_due", lang))


@retention.command("run")
@_FILE
@_RULES
@click.option(
    "--batch-size",
    "-b",
    type=click.IntRange(1),
    default=None,
    help="Rows per batch, each one transaction on the datastore. Default: 5000.",
)
@_FORMAT
@_LANG
def run_command(
    file: str, rules: tuple[str, ...], batch_size: int | None, fmt: str, lang: str
) -> None:
    """Delete or anonymise the expired rows of every rule (or of --rule), in batches,
    keeping rows under a legal hold. The run is recorded in Waarborg's store and the
    audit log; a run that was interrupted resumes where it stopped.

    Shows a progress bar on a terminal. Exits 0 when done, 1 when another run of the
    same rules is in progress.
    """
    with _errors():
        from ..declaration.loader import load
        from ..retention import BATCH, sweep

        declaration = load(file)
        chosen = list(rules) or None
        size = batch_size or BATCH
        with _open_database(_settings()) as database:
            if sys.stdout.isatty() and fmt == "text":
                report = _with_progress(declaration, database, chosen, size)
            else:
                report = sweep(declaration, database, rules=chosen, batch_size=size, actor=_actor())
        if fmt == "json":
            click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            _print_report(report, lang)
    sys.exit(0 if report.status == "done" else 1)


def _with_progress(declaration: Any, database: Any, rules: list[str] | None, size: int) -> Any:
    """The sweep with a rich progress bar per table, sized by the dry run's counts."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ..retention import plan, sweep

    planned = plan(declaration, rules=rules)
    totals = {t.target.name: t.counts.changes for t in planned.tables if t.counts}
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def advance(table: Any) -> None:
            name = table.target.name
            if name not in tasks:
                total = max(totals.get(name, 0), table.changed)
                tasks[name] = bar.add_task(f"{table.target.rule}: {name}", total=total)
            task = tasks[name]
            total = max(bar.tasks[task].total or 0, table.changed)
            bar.update(task, completed=table.changed, total=total)

        return sweep(declaration, database, rules=rules, batch_size=size, on_batch=advance)


def _print_report(report: Any, lang: str) -> None:
    if report.status == "busy":
        since = report.heartbeat_at.isoformat(timespec="seconds") if report.heartbeat_at else "?"
        click.secho(
            _w("run.busy", lang, scope=report.scope, run=report.run, since=since),
            fg="yellow",
            err=True,
        )
        return
    if report.status == "lost":
        click.secho(_w("run.lost", lang, run=report.run), fg="yellow", err=True)
    at = report.now.isoformat(timespec="seconds") if report.now else "?"
    heading = "run.heading_resumed" if report.resumed else "run.heading"
    click.echo(_w(heading, lang, run=report.run, at=at))
    for table in report.tables:
        target = table.target
        if target.skipped:
            click.echo(f"  {target.rule}: {target.name}: {_not_swept(target, lang)}")
            continue
        if target.requested:
            done = _w("run.requested", lang, service=target.service, n=table.changed)
        else:
            verb = "deleted" if target.action == "delete" else "anonymised"
            done = _w(f"run.{verb}", lang, n=table.changed)
        if table.trimmed:
            done += ", " + _w("run.trimmed", lang, n=table.trimmed)
        click.echo(f"  {target.rule}: {target.name}: {done}")
    line = _w("run.total", lang, deleted=report.deleted, anonymised=report.anonymised)
    if report.requested:
        line += ", " + _w("run.total_requested", lang, n=report.requested)
    if report.trimmed:
        line += ", " + _w("run.total_trimmed", lang, n=report.trimmed)
    click.echo(line)
