"""The ``waarborg`` command.

The command modules register their commands on ``main``; ``_common`` is the only
place that turns errors into messages and exit codes. A command's module is imported
when the command is asked for (``_common._MODULES``), and imports of heavy modules
happen inside the commands, so ``waarborg check`` starts quickly. ``waarborg check`` of
files it has checked before, unchanged, is answered from ``waarborg.checkcache``
before click is imported.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself costs an import, which a cached check does not pay
if TYPE_CHECKING:
    from typing import Any

    from ._common import main

__all__ = ["main", "run"]


def __getattr__(name: str) -> Any:
    if name == "main":  # click is imported only when a command needs it
        from ._common import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """The console entry point: ``main`` plus a last guard against tracebacks.

    Anything unexpected is reported in one line with a way to get the details;
    ``WAARBORG_DEBUG=1`` shows the traceback.
    """
    recording = None
    if sys.argv[1:2] == ["check"]:
        from .. import checkcache

        args = sys.argv[2:]
        if checkcache.enabled(args):
            answered = checkcache.replay(args)
            if answered is not None:
                sys.exit(answered)
            recording = checkcache.start(args)
    code: object = 1
    try:
        _main()
        code = 0
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        if recording is not None:
            recording.stop(code)


def _main() -> None:
    import click

    command = globals().get("main") or __getattr__("main")  # ``main`` may be replaced
    try:
        command()
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
