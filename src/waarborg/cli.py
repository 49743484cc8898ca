"""The ``waarborg`` command.

This is the only module that turns errors into messages and exit codes. Imports of
heavy modules happen inside the commands, so ``waarborg check`` starts quickly.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

# Waarborg uses no pydantic plugins; looking them up costs start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from . import __version__
from .errors import DeclarationError, WaarborgError

F = TypeVar("F", bound=Callable[..., Any])

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@contextmanager
def _errors() -> Iterator[None]:
    """Turn Waarborg errors into a readable message and an exit code; never a traceback."""
    try:
        yield
    except DeclarationError as exc:
        _print_declaration_error(exc)
        sys.exit(1)
    except WaarborgError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:
        click.secho(
            f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), fg="red", err=True
        )
        sys.exit(2)


def _print_declaration_error(exc: DeclarationError) -> None:
    count = len(exc.problems)
    click.secho(
        f"{exc.file}: {count} error{'s' if count != 1 else ''}; the declaration cannot be loaded",
        fg="red",
        bold=True,
        err=True,
    )
    for problem in exc.problems:
        where = str(problem.location)
        click.echo(
            f"  {click.style(where, bold=True)}: {click.style('error', fg='red')}: "
            f"{problem.message}",
            err=True,
        )
        if problem.hint:
            click.echo(f"      fix: {problem.hint}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="waarborg")
def main() -> None:
    """Waarborg: privacy operations as code under the GDPR (AVG).

    Declare your processing once in privacy.yaml; check it against the law; publish the
    privacy statement and the Article 30 register.
    """


# --- check -----------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for GitHub Actions annotations.",
)
@click.option("--select", multiple=True, metavar="RULE", help="Run only these rules.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules.")
@click.option("--quiet", "-q", is_flag=True, help="Show errors only.")
def check(
    files: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...], quiet: bool
) -> None:
    """Check declarations against the GDPR and Dutch law.

    Exits with 1 when any file has an error (a broken declaration, or a rule of
    severity error), so it can guard CI.
    """
    from .declaration.lint import all_rules
    from .declaration.lint import check as run_check
    from .declaration.loader import load

    unknown = [r for r in (*select, *ignore) if r not in all_rules()]
    if unknown:
        raise click.BadParameter(
            f"unknown rule {', '.join(unknown)}; see 'waarborg rules'",
            param_hint="--select/--ignore",
        )
    failed = False
    report: list[dict[str, Any]] = []
    for file in files:
        try:
            declaration = load(file)
        except DeclarationError as exc:
            failed = True
            if fmt == "json":
                report.append(
                    {
                        "file": file,
                        "loaded": False,
                        "problems": [
                            {
                                "message": p.message,
                                "hint": p.hint,
                                "path": p.dotted_path,
                                "line": p.location.line,
                                "column": p.location.column,
                            }
                            for p in exc.problems
                        ],
                    }
                )
            elif fmt == "github":
                for p in exc.problems:
                    _github(
                        "error", file, p.location.line, p.location.column, p.message, "declaration"
                    )
            else:
                _print_declaration_error(exc)
            continue
        except WaarborgError as exc:
            failed = True
            if fmt == "json":
                report.append({"file": file, "loaded": False, "problems": [{"message": str(exc)}]})
            elif fmt == "github":
                _github("error", file, None, None, str(exc), "declaration")
            else:
                click.secho(f"error: {exc}", fg="red", err=True)
            continue
        findings = run_check(declaration, select=select or None, ignore=ignore)
        counts = _counts(findings)
        failed = failed or counts["error"] > 0
        if fmt == "json":
            report.append(_json_report(file, findings))
        elif fmt == "github":
            for f in findings:
                level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
                _github(level, file, f.location.line, f.location.column, f.message, f.rule)
        else:
            _print_findings(file, declaration.controller.name, findings, counts, quiet)
    if fmt == "json":
        click.echo(
            json.dumps(report if len(files) > 1 else report[0], indent=2, ensure_ascii=False)
        )
    sys.exit(1 if failed else 0)


def _counts(findings: list[Any]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}


def _json_report(file: str, findings: list[Any]) -> dict[str, Any]:
    """The JSON shape of one checked file, shared by ``check`` and ``build``."""
    return {
        "file": file,
        "loaded": True,
        "counts": _counts(findings),
        "findings": [f.as_dict() for f in findings],
    }


def _github(
    level: str, file: str, line: int | None, col: int | None, message: str, title: str
) -> None:
    where = f"file={file}" + (f",line={line}" if line else "") + (f",col={col}" if col else "")
    click.echo(f"::{level} {where},title={title}::{message}")


def _print_findings(
    file: str, name: str, findings: list[Any], counts: dict[str, int], quiet: bool
) -> None:
    summary = ", ".join(
        click.style(f"{n} {s}{'s' if n != 1 else ''}", fg=_SEVERITY_COLOURS[s])
        for s, n in counts.items()
    )
    click.echo(f"{click.style(file, bold=True)} ({name}): {summary}")
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group or (quiet and severity != "error"):
            continue
        click.echo(
            click.style(f"\n  {severity.upper()}S", fg=_SEVERITY_COLOURS[severity], bold=True)
        )
        for f in group:
            click.echo(
                f"  {f.location}: {click.style(f.rule, fg=_SEVERITY_COLOURS[severity])} "
                f"[Art. {f.article}]: {f.message}"
                if f.article[0].isdigit()
                else f"  {f.location}: {click.style(f.rule, fg=_SEVERITY_COLOURS[severity])} "
                f"[{f.article}]: {f.message}"
            )
            click.echo(f"      fix: {f.hint}")
    click.echo()


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules(fmt: str) -> None:
    """List the checker's rules: id, severity, article and what each asks."""
    from .declaration.lint import all_rules

    items = sorted(all_rules().values(), key=lambda r: r.id)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "severity": r.severity.value,
                        "article": r.article,
                        "title": r.title,
                        "hint": r.hint,
                    }
                    for r in items
                ],
                indent=2,
            )
        )
        return
    for r in items:
        click.echo(
            f"{click.style(r.id, fg=_SEVERITY_COLOURS[r.severity], bold=True)} "
            f"({r.severity}, {r.article}): {r.title}"
        )


# --- publishing ------------------------------------------------------------------------


def _write(output: str | None, content: str | bytes) -> None:
    if output is None or output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            click.echo(content, nl=not content.endswith("\n"))
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    click.echo(f"wrote {path}", err=True)


_output = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write here instead of to standard output.",
)
_lang = click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_lang
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True
)
@click.option("--cookies", "cookies_only", is_flag=True, help="Write only the cookie declaration.")
@_output
def render(file: str, lang: str, fmt: str, cookies_only: bool, output: str | None) -> None:
    """Write the privacy statement (with the cookie declaration) as HTML or Markdown."""
    with _errors():
        from .declaration.loader import load
        from .declaration.render import render_cookie_declaration, render_statement

        declaration = load(file)
        if cookies_only:
            _write(output, render_cookie_declaration(declaration, lang, fmt))
        else:
            _write(output, render_statement(declaration, lang, fmt))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "html"]), default="html", show_default=True
)
@_lang
@_output
def register(file: str, fmt: str, lang: str, output: str | None) -> None:
    """Write the Article 30 register: 30(1) as controller, and 30(2) when acting as processor."""
    with _errors():
        from .declaration.loader import load
        from .declaration.register import write_register

        declaration = load(file)
        content = write_register(declaration, fmt, lang)
        if isinstance(content, bytes) and output is None and sys.stdout.isatty():
            raise click.UsageError("xlsx is binary; give --output FILE.xlsx")
        _write(output, content)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["dpv"]), default="dpv", show_default=True)
@_output
def export(file: str, fmt: str, output: str | None) -> None:
    """Export the declaration as JSON-LD with W3C DPV terms."""
    with _errors():
        from .declaration.dpv import to_jsonld
        from .declaration.loader import load

        declaration = load(file)
        _write(output, json.dumps(to_jsonld(declaration), indent=2, ensure_ascii=False) + "\n")


_BUILD_FORMATS = ("html", "md", "csv", "xlsx", "jsonld")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--output", "-o", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option(
    "--formats",
    default=",".join(_BUILD_FORMATS),
    show_default=True,
    help="Comma-separated: html, md (statement and cookies), csv, xlsx (register), jsonld.",
)
@click.option("--strict", is_flag=True, help="Write nothing when the checker finds an error.")
def build(file: str, output: str, formats: str, strict: bool) -> None:
    """Check a declaration and publish everything from it into one folder.

    Writes the privacy statement and cookie declaration in every language of the
    statement, the Art. 30 register, the DPV export and the check report. Exits 1
    when the checker finds an error (with --strict, nothing is written then).
    """
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(_BUILD_FORMATS))
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}", param_hint="--formats")
    with _errors():
        from .declaration.lint import check as run_check
        from .declaration.loader import load

        declaration = load(file)
        findings = run_check(declaration)
        errors = sum(1 for f in findings if f.severity == "error")
        target = Path(output)
        if strict and errors:
            click.secho(
                f"{file}: {errors} checker error(s); nothing written (see 'waarborg check')",
                fg="red",
                err=True,
            )
            sys.exit(1)
        target.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def put(name: str, content: str | bytes) -> None:
            path = target / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
            written.append(path)

        put("check.json", json.dumps(_json_report(file, findings), indent=2) + "\n")
        if {"html", "md"} & set(chosen):
            from .declaration.render import render_cookie_declaration, render_statement

            for lang in declaration.statement.languages:
                for fmt in ("html", "md"):
                    if fmt in chosen:
                        put(
                            f"privacy-statement.{lang}.{fmt}",
                            render_statement(declaration, lang, fmt),
                        )
                        put(
                            f"cookies.{lang}.{fmt}",
                            render_cookie_declaration(declaration, lang, fmt),
                        )
        if {"csv", "xlsx"} & set(chosen) or "html" in chosen:
            from .declaration.register import write_register

            lang = declaration.statement.languages[0]
            for fmt in ("csv", "xlsx", "html"):
                if fmt in chosen:
                    put(f"register.{fmt}", write_register(declaration, fmt, lang))
        if "jsonld" in chosen:
            from .declaration.dpv import to_jsonld

            put(
                "declaration.jsonld",
                json.dumps(to_jsonld(declaration), indent=2, ensure_ascii=False) + "\n",
            )
        click.echo(f"wrote {len(written)} files to {target}/", err=True)
        if errors:
            click.secho(
                f"{file}: the checker found {errors} error(s); run 'waarborg check {file}'",
                fg="yellow",
                err=True,
            )
            sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False), default="privacy.yaml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(file: str, force: bool) -> None:
    """Write a commented starter declaration (default: ./privacy.yaml)."""
    with _errors():
        from importlib import resources

        path = Path(file)
        if path.exists() and not force:
            raise click.UsageError(f"{file} exists; use --force to overwrite it")
        text = resources.files("waarborg.declaration").joinpath("starter.yaml").read_text("utf-8")
        path.write_text(text, "utf-8")
        click.echo(f"wrote {file}; next: edit it, then run 'waarborg check {file}'")


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
def serve(host: str, port: int, reload: bool) -> None:
    """Serve the privacy centre, the admin page and the API, with the request worker.

    Uses WAARBORG_DECLARATION, or the demo organisation (built on the spot) when none
    is set. A SQLite store is created and migrated on the spot. Mail goes out by SMTP
    when WAARBORG_SMTP_HOST is set, and to the outbox folder otherwise. A background
    worker runs verified requests and sends mail every few seconds.
    """
    with _errors():
        from .web.server import base_url_for, prepare, run, run_reloading

        settings = base_url_for(_settings(), host, port)
        prepared = prepare(settings)
        url = settings.base_url
        source = (
            f"the demo organisation in {settings.data_dir / 'demo'}"
            if prepared.demo
            else str(settings.declaration)
        )
        click.echo(f"privacy centre of {prepared.declaration.controller.name} ({source})")
        click.echo(f"  {url}/          the privacy centre (nl: {url}/nl/, en: {url}/en/)")
        click.echo(f"  {url}/admin     staff; log in with 'waarborg admin token create NAME'")
        if settings.smtp_host:
            click.echo(f"  mail goes out through {settings.smtp_host}:{settings.smtp_port}")
        else:
            click.echo(f"  mail is written to {settings.outbox_dir} (no SMTP host set)")
        if reload:
            prepared.database.dispose()
            os.environ.setdefault("WAARBORG_BASE_URL", url)
            if settings.declaration is None and prepared.demo:
                os.environ.setdefault(
                    "WAARBORG_DECLARATION", str(settings.declaration_path().resolve())
                )
            run_reloading(host=host, port=port)
        else:
            run(prepared, host=host, port=port)


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
    """Build a demo organisation: iemagoo's declaration with a generated Dutch CRM.

    Writes privacy.yaml and crm.sqlite (made-up data) into one folder, so that
    'waarborg serve' shows everything with no other setup. A demo that is already
    there is kept; --force builds it anew.
    """
    with _errors():
        from .demo import KNOWN_PEOPLE, build_demo, demo_files
        from .settings import load_settings

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
            click.echo(f"wrote {built.declaration}: iemagoo's declaration and its datastore")
            click.echo(f"wrote {built.crm}: {rows}")
        click.echo("people to look up: " + ", ".join(p.email for p in KNOWN_PEOPLE))
        if settings.declaration_path().resolve() == declaration.resolve():
            click.echo("next: waarborg serve")
        else:
            click.echo(f"next: WAARBORG_DECLARATION={declaration} waarborg serve")


# --- Waarborg's own database, admin tokens and the audit log ---------------------------


def _settings() -> Any:
    from .settings import load_settings

    return load_settings()


def _open_database(settings: Any) -> Any:
    """The store, at the newest migration. A SQLite store (the embedded default) is
    migrated on the spot; PostgreSQL must be upgraded with 'waarborg db upgrade'."""
    from .store import Database, migrate, normalise_url

    if normalise_url(settings.database_url).get_backend_name() == "sqlite":
        migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        database.check()
    except BaseException:
        database.dispose()
        raise
    return database


def _actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@main.group("db")
def db_group() -> None:
    """Waarborg's own database (WAARBORG_DATABASE_URL; SQLite in the data folder by default)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it, for review.")
def db_upgrade(revision: str, sql: bool) -> None:
    """Create or migrate the schema. Safe to run again, and from several hosts at once."""
    with _errors():
        from .store import migrate, safe_url
        from .store.migrate import migration_sql

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
def token_create(name: str) -> None:
    """Create a token called NAME and print it. It is shown only this once."""
    with _errors():
        from .audit import append
        from .store.admin_tokens import create

        with _open_database(_settings()) as database, database.write() as session:
            row, secret = create(session, name)
            append(
                session,
                actor=_actor(),
                action="admin_token.create",
                subject=f"admin_token:{name}",
                data={"name": name, "id": row.id},
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
    """List the admin tokens: name, created, last used, revoked."""
    with _errors():
        from .store.admin_tokens import list_tokens

        with _open_database(_settings()) as database, database.read() as session:
            rows = list_tokens(session, include_revoked=show_all)

        def stamp(value: Any) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds")

        items = [
            {
                "name": row.name,
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
            click.echo(f"{item['name']}\tcreated {item['created_at']}\tlast used {used}\t{state}")


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke the token called NAME; it stops working at once."""
    with _errors():
        from .audit import append
        from .store.admin_tokens import revoke

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


@main.group()
def audit() -> None:
    """The audit log, a hash chain that shows any edited or deleted entry."""


@audit.command("verify")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def audit_verify(fmt: str) -> None:
    """Recompute the audit log's hash chain. Exits 1 when it is broken, naming where."""
    with _errors():
        from .audit import head, verify
        from .store import Database

        with Database(_settings().database_url) as database:
            database.check()
            with database.read() as session:
                problems = verify(session)
                seq, digest = head(session)
        if fmt == "json":
            click.echo(
                json.dumps(
                    {
                        "ok": not problems,
                        "entries": seq,
                        "head": digest,
                        "problems": [
                            {"seq": p.seq, "kind": p.kind, "message": p.message} for p in problems
                        ],
                    },
                    indent=2,
                )
            )
        elif problems:
            click.secho(
                f"the audit log is broken: {len(problems)} problem(s)",
                fg="red",
                bold=True,
                err=True,
            )
            for problem in problems:
                click.echo(f"  {problem}", err=True)
        else:
            click.echo(f"the audit log is intact: {seq} entries, head {digest}")
        sys.exit(1 if problems else 0)


def run() -> None:
    """The console entry point: ``main`` plus a last guard against tracebacks.

    Anything unexpected is reported in one line with a way to get the details;
    ``WAARBORG_DEBUG=1`` shows the traceback.
    """
    try:
        main()
    except Exception as exc:  # the last line of defence: no traceback reaches users
        if os.environ.get("WAARBORG_DEBUG"):
            raise
        click.secho(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Waarborg. Run again with WAARBORG_DEBUG=1 for the details.",
            fg="red",
            err=True,
        )
        sys.exit(70)
