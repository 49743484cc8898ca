"""``waarborg complaint`` and ``waarborg breach``: the registers from the command line.

Staff use them beside the admin page: list what needs doing, enter a complaint that
came by post, record a breach from a YAML file, decide, record the AP's notification
number, and export a breach in the shape of the AP's form.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ._common import _actor, _errors, _settings, _write, main

_format = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@contextmanager
def _registers() -> Iterator[Any]:
    """The complaints and breach registers of the configured organisation. An error
    about a field names the field."""
    from ..errors import RequestError
    from ..registers import Breaches, Complaints
    from ..web.server import prepare

    settings = _settings()
    prepared = prepare(settings)
    try:
        yield (
            Complaints(prepared.database, prepared.declaration, settings),
            Breaches(prepared.database, prepared.declaration, settings),
            prepared.declaration,
        )
    except RequestError as exc:
        raise RequestError(exc.field, f"{exc.field}: {exc.message}") from None
    finally:
        prepared.database.dispose()


def _moment(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 time; without a zone it is read as Amsterdam time."""
    if value is None:
        return None
    from zoneinfo import ZoneInfo

    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "write it as 2026-03-02T09:30 or 2026-03-02T09:30+01:00", param_hint=option
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _when(value: datetime | None) -> str:
    return "-" if value is None else value.isoformat(timespec="minutes")


# --- complaints --------------------------------------------------------------------------


@main.group()
def complaint() -> None:
    """The complaints register: people's complaints on the declared clocks."""


@complaint.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include answered and closed complaints.")
@_format
def complaint_list(show_all: bool, fmt: str) -> None:
    """Open complaints, the clock that ends first on top; overdue ones marked."""
    with _errors(), _registers() as (complaints, _breaches, _d):
        views = complaints.list(open_only=not show_all)
        if fmt == "json":
            click.echo(_json([asdict(v) for v in views]))
            return
        if not views:
            click.echo("no open complaints" if not show_all else "no complaints")
            return
        for v in views:
            left = "-" if v.days_left is None else f"{v.days_left} d"
            flag = "  OVERDUE" if v.overdue else ""
            click.echo(
                f"{v.public_id}  {v.status.value:<12} {v.name} <{v.email}>  "
                f"{v.clock or '-'} by {_when(v.due)} ({left}){flag}"
            )


@complaint.command("show")
@click.argument("public_id")
@_format
def complaint_show(public_id: str, fmt: str) -> None:
    """One complaint with its audit trail."""
    with _errors(), _registers() as (complaints, _breaches, _d):
        from ..errors import NotFoundError

        view = complaints.view(public_id)
        if view is None:
            raise NotFoundError(f"no complaint {public_id}")
        data = {**asdict(view), "trail": complaints.trail(public_id)}
        if fmt == "json":
            click.echo(_json(data))
            return
        for key in ("public_id", "status", "name", "email", "channel", "received_at",
                    "acknowledge_by", "respond_by", "acknowledged_at", "answered_at",
                    "closed_at", "resolution", "days_left", "late"):  # fmt: skip
            click.echo(f"{key:<16} {data[key]}")
        click.echo(f"\n{view.text}")
        if view.outcome:
            click.echo(f"\noutcome: {view.outcome}")


@complaint.command("add")
@click.option("--name", required=True, help="Who complains (a complaint cannot be anonymous).")
@click.option("--email", required=True, help="Where the receipt and the answer go.")
@click.option("--text", "text", help="The complaint; or --text-file.")
@click.option("--text-file", type=click.File("r", encoding="utf-8"), help="Read it from a file.")
@click.option(
    "--channel",
    type=click.Choice(["email", "post", "phone", "staff"]),
    default="email",
    show_default=True,
)
@click.option("--received-at", help="When it arrived (ISO 8601); the clocks run from here.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--no-acknowledge", is_flag=True, help="Do not mail the receipt now.")
def complaint_add(
    name: str,
    email: str,
    text: str | None,
    text_file: Any,
    channel: str,
    received_at: str | None,
    lang: str,
    no_acknowledge: bool,
) -> None:
    """Enter a complaint that came by e-mail, post or phone."""
    with _errors():
        body = text if text is not None else (text_file.read() if text_file else "")
        when = _moment(received_at, "--received-at")
        with _registers() as (complaints, _breaches, _d):
            public_id = complaints.file(
                name=name, email=email, text=body, lang=lang, channel=channel, actor=_actor(),
                received_at=when, acknowledge=not no_acknowledge,
            )  # fmt: skip
        click.echo(public_id)


@complaint.command("acknowledge")
@click.argument("public_id")
@click.option("--by-hand", is_flag=True, help="Already acknowledged by hand; send no receipt.")
def complaint_acknowledge(public_id: str, by_hand: bool) -> None:
    """Acknowledge receipt (mails the receipt with the status link)."""
    with _errors(), _registers() as (complaints, _breaches, _d):
        complaints.acknowledge(public_id, actor=_actor(), letter=not by_hand)
        click.echo(f"complaint {public_id} acknowledged")


@complaint.command("answer")
@click.argument("public_id")
@click.option("--message", required=True, help="The answer on the substance; sent to the person.")
def complaint_answer(public_id: str, message: str) -> None:
    """Answer on the substance; stops the respond clock."""
    with _errors(), _registers() as (complaints, _breaches, _d):
        complaints.answer(public_id, actor=_actor(), message=message)
        click.echo(f"complaint {public_id} answered")


@complaint.command("close")
@click.argument("public_id")
@click.option("--outcome", required=True, help="The outcome; sent to the person.")
@click.option(
    "--resolution",
    type=click.Choice(["upheld", "partly_upheld", "not_upheld", "withdrawn"]),
    required=True,
)
def complaint_close(public_id: str, outcome: str, resolution: str) -> None:
    """Close with the outcome; the letter names the supervisory authority."""
    with _errors(), _registers() as (complaints, _breaches, _d):
        complaints.close(public_id, actor=_actor(), outcome=outcome, resolution=resolution)
        click.echo(f"complaint {public_id} closed ({resolution})")


# --- breaches ----------------------------------------------------------------------------


@main.group()
def breach() -> None:
    """The breach register: every breach, its 72 hours, decisions and the AP export."""


def _facts(file: str | None) -> dict[str, Any]:
    if file is None:
        return {}
    import yaml

    from ..errors import UsageError

    text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"{file}: not YAML or JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{file}: expected the breach's fields as a mapping")
    return data


@breach.command("add")
@click.argument("file", required=False, type=click.Path(allow_dash=True))
@click.option("--title", help="A short title.")
@click.option("--description", help="What happened (Art. 33(3)(a)).")
@click.option("--aware-at", help="When the organisation became aware (ISO 8601); default now.")
def breach_add(
    file: str | None, title: str | None, description: str | None, aware_at: str | None
) -> None:
    """Record a breach. FILE (YAML or JSON, '-' for stdin) holds its fields, as in
    docs/registers.md; the options set the three that are required. Prints its id."""
    with _errors():
        from .. import clock

        facts = _facts(file)
        for key, value in (("title", title), ("description", description)):
            if value is not None:
                facts[key] = value
        moment = _moment(aware_at, "--aware-at")
        if moment is not None:
            facts["aware_at"] = moment
        facts.setdefault("aware_at", clock.now())
        with _registers() as (_complaints, breaches, _d):
            public_id = breaches.record(facts, actor=_actor())
            view = breaches.view(public_id)
        click.echo(public_id)
        if view is not None:
            click.echo(f"notify the authority by {_when(view.authority_deadline)}", err=True)


@breach.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only breaches that need action.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
def breach_list(open_only: bool, fmt: str) -> None:
    """The breach register, newest first, with the hours left of the 72."""
    with _errors(), _registers() as (_complaints, breaches, _d):
        from ..registers import ap_export

        views = breaches.list(open_only=open_only)
        if fmt == "json":
            click.echo(_json([asdict(v) for v in views]))
        elif fmt == "csv":
            click.echo(ap_export.register_csv(views), nl=False)
        elif not views:
            click.echo("no breaches recorded" if not open_only else "no breaches need action")
        for v in views if fmt == "text" else []:
            clock_text = (
                f"{v.hours_left} h left" if v.state in ("assess", "notify_authority") else ""
            )
            flag = "  OVERDUE" if v.overdue else ""
            number = f"  AP {v.authority_reference}" if v.authority_reference else ""
            click.echo(f"{v.public_id}  {v.state:<16} {v.title}  {clock_text}{flag}{number}")


@breach.command("show")
@click.argument("public_id")
def breach_show(public_id: str) -> None:
    """One breach, with its audit trail, as JSON."""
    with _errors(), _registers() as (_complaints, breaches, _d):
        from ..errors import NotFoundError

        view = breaches.view(public_id)
        if view is None:
            raise NotFoundError(f"no breach {public_id}")
        click.echo(_json({**asdict(view), "trail": breaches.trail(public_id)}))


@breach.command("update")
@click.argument("public_id")
@click.argument("file", type=click.Path(allow_dash=True))
def breach_update(public_id: str, file: str) -> None:
    """Add or correct facts from FILE (YAML or JSON, '-' for stdin)."""
    with _errors(), _registers() as (_complaints, breaches, _d):
        breaches.update(public_id, _facts(file), actor=_actor())
        click.echo(f"breach {public_id} updated")


@breach.command("decide")
@click.argument("public_id")
@click.option("--risk", type=click.Choice(["unlikely", "risk", "high"]), required=True)
@click.option("--reason", required=True, help="Why (Art. 33(5) asks for the reasoning).")
@click.option(
    "--exemption",
    type=click.Choice(["unintelligible", "risk_removed", "disproportionate"]),
    help="At high risk: why the people are not told (Art. 34(3)).",
)
def breach_decide(public_id: str, risk: str, reason: str, exemption: str | None) -> None:
    """Decide whether to notify the authority and the people affected."""
    with _errors(), _registers() as (_complaints, breaches, _d):
        breaches.decide(
            public_id, actor=_actor(), risk=risk, reason=reason,
            notify_subjects=False if exemption else None, exemption=exemption,
        )  # fmt: skip
        view = breaches.view(public_id)
        click.echo(f"breach {public_id}: {view.state if view else risk}")


@breach.command("notified")
@click.argument("public_id")
@click.option("--reference", required=True, help="The notification number the AP returned.")
@click.option("--at", "at", help="When it was notified (ISO 8601); default now.")
@click.option("--late-reason", help="After 72 hours: the reasons for the delay (Art. 33(1)).")
def breach_notified(
    public_id: str, reference: str, at: str | None, late_reason: str | None
) -> None:
    """Record the notice to the authority and its notification number."""
    with _errors():
        when = _moment(at, "--at")
        with _registers() as (_complaints, breaches, _d):
            breaches.notified(
                public_id, actor=_actor(), reference=reference, at=when, late_reason=late_reason
            )
        click.echo(f"breach {public_id}: notified, number {reference}")


@breach.command("told")
@click.argument("public_id")
@click.option("--how", required=True, help="How the people were told (e-mail, letter...).")
def breach_told(public_id: str, how: str) -> None:
    """Record that the people affected were told (Art. 34)."""
    with _errors(), _registers() as (_complaints, breaches, _d):
        breaches.subjects_told(public_id, actor=_actor(), how=how)
        click.echo(f"breach {public_id}: the people were told")


@breach.command("export")
@click.argument("public_id")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="md", show_default=True
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file.")
def breach_export(public_id: str, fmt: str, lang: str, output: str | None) -> None:
    """The breach as the AP's notification form asks for it (meldformulier datalekken)."""
    with _errors(), _registers() as (_complaints, breaches, declaration):
        from ..errors import NotFoundError
        from ..registers import ap_export

        view = breaches.view(public_id)
        if view is None:
            raise NotFoundError(f"no breach {public_id}")
        if fmt == "json":
            content = _json(ap_export.document(view, declaration)) + "\n"
        elif fmt == "md":
            content = ap_export.markdown(view, declaration, lang)
        else:
            content = ap_export.html(view, declaration, lang)
        _write(output, content)
