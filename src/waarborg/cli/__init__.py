"""The ``waarborg`` command.

The command modules register their commands on ``main``; ``_common`` is the only
place that turns errors into messages and exit codes. A command's module is imported
when the command is asked for (``_common._MODULES``), and imports of heavy modules
happen inside the commands, so ``waarborg check`` starts quickly.
"""

from __future__ import annotations

import os
import sys

import click

from ._common import main

__all__ = ["main", "run"]


def run() -> None:
    """The console entry point: ``main`` plus a last guard against tracebacks.

    Anything unexpected is reported in one line with a way to get the details;
    ``WAARBORG_DEBUG=1`` shows the traceback.
    """
    try:
        main()
    except Exception as exc:  # the last line of defence: no traceback reaches users
        if os.environ.get("WAARBORG_DEBUG", "").strip().lower() not in ("", "0", "false", "no"):
            raise
        click.secho(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Waarborg. Run again with WAARBORG_DEBUG=1 for the details.",
            fg="red",
            err=True,
        )
        sys.exit(70)
