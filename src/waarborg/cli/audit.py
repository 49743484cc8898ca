"""``waarborg audit``: verify the audit log's hash chain, against checkpoints kept
outside the database, and take a checkpoint by hand."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ._common import _errors, _settings, _write, main


@main.group()
def audit() -> None:
    """The audit log, a hash chain that shows any edited or deleted entry."""


@audit.command("verify")
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="FILE",
    help="A checkpoint kept outside the database (a file, or a folder of them; repeat "
    "for more): the log must still hold the entry it names, with its hash.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def audit_verify(checkpoints: tuple[Path, ...], fmt: str) -> None:
    """Recompute the audit log's hash chain. Exits 1 when it is broken, naming where.

    With --checkpoint it also finds the entry each checkpoint names, with the hash it
    recorded: entries removed from the end, and a chain rewritten from the start, show.
    """
    with _errors():
        from ..audit import checkpoint as cp
        from ..audit import head
        from ..store import Database

        settings = _settings()
        found = cp.read_all(checkpoints)
        # the key is needed only to check checkpoints: none is made for a plain verify
        secret = settings.ensure_secret_key().get_secret_value() if found else ""
        key = cp.checkpoint_key(secret)
        with Database(settings.database_url) as database:
            database.check()
            with database.read() as session:
                problems = cp.verify_with(session, found, key)
                seq, digest = head(session)
        if fmt == "json":
            click.echo(
                json.dumps(
                    {
                        "ok": not problems,
                        "entries": seq,
                        "head": digest,
                        "checkpoints": [
                            {"file": c.source, "seq": c.seq, "at": c.at.isoformat()} for c in found
                        ],
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
            if found:
                newest = max(found, key=lambda c: (c.seq, c.at))
                click.echo(
                    f"  it holds what {len(found)} checkpoint(s) recorded, the newest entry "
                    f"{newest.seq} ({newest.source or 'checkpoint'}); entries after "
                    f"{newest.seq} are not anchored by a checkpoint yet"
                )
        sys.exit(1 if problems else 0)


@audit.command("checkpoint")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the checkpoint here instead of to standard output.",
)
def audit_checkpoint(output: str | None) -> None:
    """Verify the chain and print a signed checkpoint of its head, to keep elsewhere.

    The worker writes one every WAARBORG_AUDIT_CHECKPOINT_INTERVAL into
    WAARBORG_AUDIT_CHECKPOINT_DIR; this makes one now. Give it later to
    'waarborg audit verify --checkpoint FILE'.
    """
    with _errors():
        from ..audit import checkpoint as cp
        from ..audit import verify
        from ..errors import AuditError
        from ..store import Database

        settings = _settings()
        key = cp.checkpoint_key(settings.ensure_secret_key().get_secret_value())
        with Database(settings.database_url) as database:
            database.check()
            with database.read() as session:
                problems = verify(session)
                if problems:
                    raise AuditError(
                        f"the audit log is broken ({problems[0]}); a checkpoint would pin a "
                        "broken chain: run 'waarborg audit verify'"
                    )
                taken = cp.take(session, key)
        _write(output, cp.dumps(taken))
