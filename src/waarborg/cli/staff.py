"""``waarborg admin staff``: each member of staff's own choices, from the command line
(the same as their page ``/admin/me``): the language of the admin and of their
notices, the address notices go to, and the kinds of notices they turned off."""

from __future__ import annotations

import json
from typing import Any

import click

from ._common import _actor, _errors, _open_database, _settings
from .service import admin

_KINDS = "complaint, review, breach, deadline"


@admin.group()
def staff() -> None:
    """Each member of staff's choices: language, address for notices, notices turned off."""


def _row(member: Any) -> dict[str, Any]:
    return {
        "name": member.name,
        "language": member.language,
        "language_chosen": member.language_chosen,
        "email": member.email,
        "notices_off": sorted(member.off),
    }


def _line(item: dict[str, Any]) -> str:
    language = item["language"] + ("" if item["language_chosen"] else " (default)")
    off = ", ".join(item["notices_off"]) or "none"
    return f"{item['name']}\tlanguage {language}\te-mail {item['email'] or '-'}\toff: {off}"


@staff.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def staff_list(fmt: str) -> None:
    """List the members of staff (active admin tokens) with their choices."""
    with _errors():
        from ..store.staff import members

        with _open_database(_settings()) as database, database.read() as session:
            items = [_row(member) for member in members(session)]
        if fmt == "json":
            click.echo(json.dumps(items, indent=2))
        elif not items:
            click.echo("no members of staff; create one with 'waarborg admin token create NAME'")
        else:
            for item in items:
                click.echo(_line(item))


@staff.command("set")
@click.argument("name")
@click.option("--language", type=click.Choice(["nl", "en"]), help="The admin's language.")
@click.option("--email", help="Where notices go; an empty value ('') for none.")
@click.option(
    "--off",
    help=f"The kinds of notices to turn off, separated by commas ({_KINDS}); "
    "'none' turns them all on.",
)
def staff_set(name: str, language: str | None, email: str | None, off: str | None) -> None:
    """Change the choices of the member of staff NAME."""
    with _errors():
        from ..audit import append
        from ..errors import UsageError
        from ..store.staff import UNCHANGED, change, named

        if language is None and email is None and off is None:
            raise UsageError("give --language, --email or --off")
        kinds = None if off is None else ([] if off.strip() == "none" else off.split(","))
        with _open_database(_settings()) as database, database.write() as session:
            member = change(
                session,
                named(session, name).id,
                language=UNCHANGED if language is None else language,
                email=UNCHANGED if email is None else email,
                off=UNCHANGED if kinds is None else kinds,
            )
            append(
                session,
                actor=_actor(),
                action="staff.choices",
                subject=f"admin_token:{name}",
                data={
                    "language": member.language,
                    "email": member.email is not None,
                    "notices_off": sorted(member.off),
                },
            )
        click.echo(_line(_row(member)))
