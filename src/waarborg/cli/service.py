"""Commands that run the service: serve, demo, the store and admin tokens."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from ._common import _actor, _errors, _open_database, _settings, main

# --- the privacy centre ----------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--reload/--no-reload",
    default=False,
    show_default=True,
    help="Restart when the code changes (for development).",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run the background jobs in this process; --no-worker when 'waarborg worker' "
    "processes run them.",
)
def serve(host: str, port: int, reload: bool, worker: bool) -> None:
    """Serve the privacy centre, the admin page and the API, with the request worker.

    Uses WAARBORG_DECLARATION, or the demo organisation (built on the spot) when none
    is set. A SQLite store is created and migrated on the spot. Mail goes out by SMTP
    when WAARBORG_SMTP_HOST is set, and to the outbox folder otherwise. The background
    jobs (requests, mail, reminders) run in this process unless --no-worker is given.
    """
    with _errors():
        from ..web.server import base_url_for, prepare, run, run_reloading

        settings = base_url_for(_settings(), host, port)
        prepared = prepare(settings)
        url = settings.base_url
        source = (
            f"the demo organisation in {settings.data_dir / 'demo'}"
            if prepared.demo
            else str(settings.declaration)
        )
        click.echo(f"privacy centre of {prepared.declaration.controller.name} ({source})")
        for warning in prepared.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"  {url}/          the privacy centre (nl: {url}/nl/, en: {url}/en/)")
        click.echo(f"  {url}/admin     staff; log in with 'waarborg admin token create NAME'")
        if settings.smtp_host:
            click.echo(f"  mail goes out through {settings.smtp_host}:{settings.smtp_port}")
        else:
            links = (
                "with working links"
                if settings.outbox_live_links
                else "with its links masked; WAARBORG_OUTBOX_LINKS=live makes them work"
            )
            click.echo(f"  mail is written to {settings.outbox_dir} (no SMTP host set), {links}")
        if reload:
            prepared.database.dispose()
            os.environ.setdefault("WAARBORG_BASE_URL", url)
            if settings.declaration is None and prepared.demo:
                os.environ.setdefault(
                    "WAARBORG_DECLARATION", str(settings.declaration_path().resolve())
                )
            run_reloading(host=host, port=port)
        else:
            run(prepared, host=host, port=port, worker=worker)


# --- the demo organisation -------------------------------------------------------------


@main.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    help="Where to write the demo. Default: demo/ in the data folder (.waarborg/demo).",
)
@click.option("--force", is_flag=True, help="Build the demo anew, replacing its files.")
@click.option(
    "--contacts",
    type=int,
    default=None,
    help="How many contacts the CRM holds. Default: 300.",
)
def demo(directory: str | None, force: bool, contacts: int | None) -> None:
    """Build a demo organisation: a made-up design agency with a generated Dutch CRM.

    Writes privacy.yaml and crm.sqlite (made-up data) into one folder, so that
    'waarborg serve' shows everything with no other setup. A demo that is already
    there is kept; --force builds it anew.
    """
    with _errors():
        from ..demo import KNOWN_PEOPLE, ORGANISATION, build_demo, demo_files
        from ..settings import load_settings

        settings = load_settings()
        folder = Path(directory) if directory else settings.data_dir / "demo"
        declaration, crm = demo_files(folder)
        present = [path for path in (declaration, crm) if path.exists()]
        if present and not force:
            if len(present) == 1:
                raise click.UsageError(f"{present[0]} exists; use --force to overwrite it")
            click.echo(f"kept the demo in {folder} (--force builds it anew)")
        else:
            built = build_demo(folder, contacts=contacts)
            rows = ", ".join(f"{count} {table}" for table, count in built.rows.items())
            click.echo(
                f"wrote {built.declaration}: the declaration of {ORGANISATION} (a made-up "
                "organisation) and its datastore"
            )
            click.echo(f"wrote {built.crm}: {rows}")
        click.echo("people to look up: " + ", ".join(p.email for p in KNOWN_PEOPLE))
        if settings.declaration_path().resolve() == declaration.resolve():
            click.echo("next: waarborg serve")
        else:
            click.echo(f"next: WAARBORG_DECLARATION={declaration} waarborg serve")


# --- Waarborg's own database and admin tokens ------------------------------------------


@main.group("db")
def db_group() -> None:
    """Waarborg's own database (WAARBORG_DATABASE_URL; SQLite in the data folder by default)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it, for review.")
def db_upgrade(revision: str, sql: bool) -> None:
    """Create or migrate the schema. Safe to run again, and from several hosts at once."""
    with _errors():
        from ..store import migrate, safe_url
        from ..store.migrate import migration_sql

        settings = _settings()
        if sql:
            click.echo(migration_sql(settings.database_url, revision), nl=False)
            return
        before, after = migrate(settings.database_url, revision)
        where = safe_url(settings.database_url)
        if before == after:
            click.echo(f"{where}: up to date at revision {after}")
        else:
            click.echo(f"{where}: migrated from {before or 'an empty database'} to {after}")


@main.group()
def admin() -> None:
    """Staff access to the admin API."""


@admin.group()
def token() -> None:
    """Bearer tokens for the admin API; only their hashes are stored."""


@token.command("create")
@click.argument("name")
@click.option(
    "--scope",
    type=click.Choice(["admin", "app"]),
    default="admin",
    show_default=True,
    help="admin: the admin API, the admin page and the applications' API; "
    "app: the applications' API only, consent and restrictions (for a web shop).",
)
def token_create(name: str, scope: str) -> None:
    """Create a token called NAME and print it. It is shown only this once."""
    with _errors():
        from ..audit import append
        from ..store.admin_tokens import create
        from ..store.enums import TokenScope

        with _open_database(_settings()) as database, database.write() as session:
            row, secret = create(session, name, TokenScope(scope))
            append(
                session,
                actor=_actor(),
                action="admin_token.create",
                subject=f"admin_token:{name}",
                data={"name": name, "id": row.id, "scope": scope},
            )
        click.echo(secret)
        click.echo(
            f"admin token {name!r} created; store it now, it cannot be shown again. "
            "Send it as 'Authorization: Bearer <token>'.",
            err=True,
        )


@token.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include revoked tokens.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def token_list(show_all: bool, fmt: str) -> None:
    """List the admin tokens: name, scope, created, last used, revoked."""
    with _errors():
        from ..store.admin_tokens import list_tokens

        with _open_database(_settings()) as database, database.read() as session:
            rows = list_tokens(session, include_revoked=show_all)

        def stamp(value: Any) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds")

        items = [
            {
                "name": row.name,
                "scope": row.scope.value,
                "created_at": stamp(row.created_at),
                "last_used_at": stamp(row.last_used_at),
                "revoked_at": stamp(row.revoked_at),
            }
            for row in rows
        ]
        if fmt == "json":
            click.echo(json.dumps(items, indent=2))
            return
        if not items:
            click.echo("no admin tokens; create one with 'waarborg admin token create NAME'")
            return
        for item in items:
            state = f"revoked {item['revoked_at']}" if item["revoked_at"] else "active"
            used = item["last_used_at"] or "never"
            click.echo(
                f"{item['name']}\t{item['scope']}\tcreated {item['created_at']}"
                f"\tlast used {used}\t{state}"
            )


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke the token called NAME; it stops working at once."""
    with _errors():
        from ..audit import append
        from ..store.admin_tokens import revoke

        with _open_database(_settings()) as database, database.write() as session:
            row = revoke(session, name)
            append(
                session,
                actor=_actor(),
                action="admin_token.revoke",
                subject=f"admin_token:{name}",
                data={"name": name, "id": row.id},
            )
        click.echo(f"admin token {name!r} revoked")
