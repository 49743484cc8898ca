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
    if sys.argv[1:2] in (["check"], ["render"], ["build"]):
        _pause_collector()
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


#: Whether ``run`` paused the cyclic garbage collector for the start-up of a command.
_collector_paused = False


def _pause_collector() -> None:
    """Pause the cyclic garbage collector while ``check``, ``render`` or ``build``
    starts up. Importing the libraries and building the declaration's models makes many
    objects that live as long as the process; the collector would go over them again
    and again (about 5 % of the CPU time of ``check`` and 8 % of ``render``'s, measured
    on a machine under load: docs/benchmarks.md). :func:`resume_collector` ends the
    pause once they are made."""
    global _collector_paused
    import gc

    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """End the pause of :func:`_pause_collector`, if there is one: what start-up made is
    set aside for good (``gc.freeze``), and the collector runs as usual on the rest."""
    global _collector_paused
    if _collector_paused:
        import gc

        gc.freeze()
        gc.enable()
        _collector_paused = False


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
