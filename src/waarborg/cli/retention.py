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
    help="The language of the reasons a table is not swept: nl for Dutch.",
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


def _not_swept(target: Any, lang: str) -> str:
    from ..i18n import t

    return t("retention.not_swept", lang, why=target.skipped_in(lang))


def _print_plan(result: Any, lang: str) -> None:
    click.echo(f"retention plan at {result.now.isoformat(timespec='seconds')}")
    if not result.tables:
        click.echo("  no datastore table points at a retention rule")
    for rule, tables in result.rules().items():
        click.secho(f"{rule}", bold=True)
        for planned in tables:
            target = planned.target
            head = f"  {target.name} ({target.action}"
            head += f", {target.keep} after {target.event}" if target.keep else ""
            head += f", hold: {target.hold})" if target.hold else ")"
            if planned.counts is None:
                click.echo(f"{head}: {_not_swept(target, lang)}")
                continue
            counts = planned.counts
            verb = "deletes" if target.action == "delete" else "anonymises"
            line = f"{head}: {counts.expired} of {counts.rows} rows expired"
            line += f", {verb} {counts.changes}"
            if counts.kept:
                why = "still referred to" if target.action == "delete" else "already anonymised"
                line += f", keeps {counts.kept} ({why})"
            if counts.trimmed:
                line += f", of which {counts.trimmed} lose what their legal hold does not keep"
            if counts.no_event:
                line += f"; {counts.no_event} without {target.event}"
            click.echo(line)
    for rule in result.unswept:
        click.echo(f"{rule}: no datastore table points at this rule")
    if result.changes:
        click.echo(f"a run would change {result.changes} rows")
    else:
        click.echo("nothing is due")


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
            f"another retention run of {report.scope} is in progress (run {report.run}, last "
            f"heartbeat {since}); nothing was done",
            fg="yellow",
            err=True,
        )
        return
    if report.status == "lost":
        click.secho(
            f"another worker took over run {report.run}; it goes on from where this one was",
            fg="yellow",
            err=True,
        )
    resumed = " (resumed)" if report.resumed else ""
    at = report.now.isoformat(timespec="seconds") if report.now else "?"
    click.echo(f"retention run {report.run} at {at}{resumed}")
    for table in report.tables:
        target = table.target
        if target.skipped:
            click.echo(f"  {target.rule}: {target.name}: {_not_swept(target, lang)}")
            continue
        verb = "deleted" if target.action == "delete" else "anonymised"
        trimmed = f", trimmed {table.trimmed} to what a legal hold keeps" if table.trimmed else ""
        click.echo(f"  {target.rule}: {target.name}: {verb} {table.changed} rows{trimmed}")
    line = f"deleted {report.deleted} rows, anonymised {report.anonymised} rows"
    if report.trimmed:
        line += f", trimmed {report.trimmed} rows"
    click.echo(line)
