"""``waarborg connectors``: the processors the declaration connects (``datastores``
with a ``connector``), and whether each one answers."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ._common import _errors, main

_FILE = click.option(
    "--file",
    "-f",
    type=click.Path(dir_okay=False),
    default="privacy.yaml",
    show_default=True,
    help="The declaration.",
)
_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@main.group()
def connectors() -> None:
    """Processors reached through their APIs: which are configured, and whether they answer."""


def _configured(declaration: Any) -> dict[str, Any]:
    return {k: s for k, s in declaration.datastores.items() if s.connector is not None}


@connectors.command("list")
@_FILE
@_FORMAT
def list_command(file: str, fmt: str) -> None:
    """The configured connectors: datastore, definition, erasure, and the environment
    variables their secrets come from (never the secrets)."""
    with _errors():
        from ..declaration.loader import load

        items = [
            {
                "datastore": key,
                "connector": store.connector,
                "erasure": store.erasure,
                "tables": sorted(store.tables),
                "secrets": dict(store.secrets),
            }
            for key, store in _configured(load(file)).items()
        ]
        if fmt == "json":
            click.echo(json.dumps(items, indent=2))
        elif not items:
            click.echo(f"no connectors: no datastore in {file} names a connector")
        else:
            for item in items:
                secrets = ", ".join(f"{k} from ${v}" for k, v in item["secrets"].items())
                click.echo(
                    f"{item['datastore']}\t{item['connector']}\terasure {item['erasure']}"
                    f"\t{secrets or 'no secrets'}"
                )


@connectors.command("test")
@click.argument("name", required=False)
@_FILE
@_FORMAT
def test_command(name: str | None, file: str, fmt: str) -> None:
    """Send each connector's test request (or only NAME's) and say whether it answers.

    Exits 1 when one does not answer, with one line per connector naming the fix.
    """
    with _errors():
        from ..datastores.registry import connect
        from ..declaration.loader import load
        from ..errors import DatastoreError, UsageError

        declaration = load(file)
        configured = _configured(declaration)
        if name is not None and name not in configured:
            raise UsageError(
                f"no connector {name!r} in {file}; configured: {', '.join(configured) or 'none'}"
            )
        results = []
        for key in [name] if name else list(configured):
            try:
                connector = connect(declaration, key, max_wait=5.0)
                try:
                    answer = connector.check()  # type: ignore[attr-defined]
                finally:
                    connector.close()
                results.append({"datastore": key, "ok": True, "answer": answer})
            except DatastoreError as exc:
                text = exc.message + (f"; fix: {exc.hint}" if exc.hint else "")
                results.append({"datastore": key, "ok": False, "answer": text})
        if fmt == "json":
            click.echo(json.dumps(results, indent=2))
        else:
            for item in results:
                mark = "ok" if item["ok"] else "FAILED"
                click.echo(f"{item['datastore']}\t{mark}\t{item['answer']}")
    sys.exit(0 if all(item["ok"] for item in results) else 1)
