"""``waarborg publish``: publish the privacy statement as a new version, from CI or a
terminal, as "Publish" does in the admin."""

from __future__ import annotations

import json
import sys

import click

from ._common import _actor, _errors, _open_database, _settings, main


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools.",
)
def publish(file: str, fmt: str) -> None:
    """Publish the privacy statement and the cookie declaration as a new version.

    The privacy centre (waarborg serve) then serves this version and lists the earlier
    ones, each with its date; the admin shows what changed. A declaration the checker
    finds errors in on the statement is not published (exit 1, nothing kept). When
    nothing differs from the current version, no new version is made (exit 0). Uses
    Waarborg's store (WAARBORG_DATABASE_URL) and settings, as waarborg serve does.
    """
    with _errors():
        from ..declaration.lint import Scope, check
        from ..declaration.loader import load
        from ..publication import Versions, prepare
        from ..web.centre import own_data
        from .declaration import _counts, _print_findings

        declaration = load(file)
        findings = check(declaration, scope=Scope.STATEMENT)
        counts = _counts(findings)
        if counts["error"]:
            if fmt == "json":
                click.echo(
                    json.dumps(
                        {
                            "file": file,
                            "published": False,
                            "errors": counts["error"],
                            "findings": [f.as_dict() for f in findings],
                        },
                        indent=2,
                    )
                )
            else:
                name = f"{declaration.controller.name}, statement"
                _print_findings(file, name, findings, counts, True, err=True)
            errors = counts["error"]
            click.secho(
                f"not published: the checker finds {errors} error{'s' if errors != 1 else ''} "
                "on the statement, and a statement with errors is never published as final",
                fg="red",
                err=True,
            )
            sys.exit(1)
        settings = _settings()

        def addition(html: str, lang: str) -> str:
            return own_data.add_section(html, declaration, settings, lang)

        documents = prepare(declaration, findings=findings, addition=addition)
        with _open_database(settings) as database:
            result = Versions(database).publish(documents, actor=_actor())
        version = result.version
        if fmt == "json":
            click.echo(
                json.dumps(
                    {
                        "file": file,
                        "published": True,
                        "new": result.new,
                        "version": version.number,
                        "published_at": version.published_at.isoformat(timespec="seconds"),
                        "published_by": version.published_by,
                        "declaration_hash": version.declaration_hash,
                        "warnings": counts["warning"],
                    },
                    indent=2,
                )
            )
        elif result.new:
            click.echo(
                f"published version {version.number} of the privacy statement and the cookie "
                "declaration; the privacy centre serves it now"
            )
        else:
            when = version.published_at.isoformat(timespec="seconds")
            click.echo(
                f"no new version: the privacy statement and the cookie declaration are the "
                f"same as version {version.number}, published {when}"
            )
        if counts["warning"] and fmt == "text":
            warnings = counts["warning"]
            click.echo(
                f"the checker finds {warnings} warning{'s' if warnings != 1 else ''} on the "
                f"statement ('waarborg check {file}' lists them)",
                err=True,
            )
