"""What the command modules share: the ``main`` group, the error guard, settings and
the store, and the options of the publishing commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import DeclarationError, WaarborgError

# Waarborg uses no pydantic plugins; looking them up costs start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_plugin_discovery() -> None:
    """With plugins off, pydantic's plugin loader answers that there are none before it
    reads any package's metadata, yet importing its module imports ``importlib.metadata``
    (and through it email, zipfile, csv, socket: about 20-25 ms of CPU, measured, in a
    ``check`` of some 300 ms). A stand-in that gives the same answer takes the module's
    place, only while plugins are off; tests/test_cli_startup.py holds pydantic's own
    loader to that answer."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    if "pydantic.plugin._loader" in sys.modules:
        return
    import types

    stand_in = types.ModuleType("pydantic.plugin._loader")
    stand_in.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules["pydantic.plugin._loader"] = stand_in


_no_plugin_discovery()

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


#: Each top-level command and the modules that define it. A command's module is
#: imported when the command is asked for, so ``waarborg check`` does not import the
#: other commands' modules (``tests/test_cli_startup.py`` holds this table to what the
#: modules register).
_MODULES: dict[str, tuple[str, ...]] = {
    "audit": ("audit",),
    "connectors": ("connectors",),
    "consent": ("consent",),
    "cookies": ("cookies",),
    "check": ("declaration",),
    "rules": ("declaration",),
    "render": ("declaration",),
    "register": ("declaration",),
    "export": ("declaration",),
    "build": ("declaration",),
    "init": ("declaration",),
    "import": ("importer",),
    "review": ("importer",),
    "publish": ("publish",),
    "complaint": ("registers",),
    "breach": ("registers",),
    "retention": ("retention",),
    "scan": ("scan",),
    "redact": ("scan",),
    "recognizers": ("scan",),
    "serve": ("service",),
    "demo": ("service",),
    "db": ("service",),
    "admin": ("service", "staff"),
    "worker": ("worker",),
}


class _Commands(click.Group):
    """Lists the verbs users type most first, then the others in the order of
    ``_MODULES``; loads a command's module only when the command is asked for."""

    FIRST = ("check", "render", "serve", "demo", "scan", "import")

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = [*_MODULES, *(name for name in self.commands if name not in _MODULES)]
        first = [name for name in self.FIRST if name in names]
        return first + [name for name in names if name not in first]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # every module, even when the command is there: ``admin`` is defined by one
        # module and given its ``staff`` group by another
        if cmd_name in _MODULES:
            import importlib

            for module in _MODULES[cmd_name]:
                importlib.import_module(f"{__package__}.{module}")
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="waarborg")
def main() -> None:
    """Waarborg: privacy operations as code under the GDPR (AVG).

    Declare your processing once in privacy.yaml; check it against the law; publish the
    privacy statement and the Article 30 register.
    """


def _settings() -> Any:
    from ..settings import load_settings

    return load_settings()


def _open_database(settings: Any) -> Any:
    """The store, at the newest migration. A SQLite store (the embedded default) is
    migrated on the spot; PostgreSQL must be upgraded with 'waarborg db upgrade'."""
    from ..store import Database, migrate, normalise_url

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
