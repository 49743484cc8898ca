"""``waarborg check`` loads what checking needs and nothing else: not the store, the web
service, the scanner, the browser or Babel's locale data. A structural test (which
modules a run imports), not a timed one; the time is measured by bench/check_render.py.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

import waarborg.cli
from waarborg.cli import _common

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "iemagoo" / "privacy.yaml"

#: What ``check`` has no use for: the store and its drivers, the web service, the
#: scanner and the site audit, the templates, Babel (its locale data), the workers.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "pymysql",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "playwright",
    "trafilatura",
    "jinja2",
    "babel",
    "aiosmtpd",
    "importlib.metadata",  # pydantic's plugin loader would import it (cli/_common.py)
    "waarborg.store",
    "waarborg.web",
    "waarborg.scan",
    "waarborg.siteaudit",
    "waarborg.importer",
    "waarborg.rights",
    "waarborg.worker",
    "waarborg.cli.service",
    "waarborg.cli.scan",
    "waarborg.cli.importer",
)

_RUN = """
import gc, json, runpy, sys
sys.argv = ["waarborg", *sys.argv[1:]]
try:
    runpy.run_module("waarborg", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
collector = [gc.isenabled(), gc.get_freeze_count() > 0]
print(json.dumps({"code": code, "modules": sorted(sys.modules), "collector": collector}),
      file=sys.stderr)
"""


def _run(*args: str) -> dict[str, Any]:
    """How ``waarborg ARGS`` ended: its exit code, the modules it imported and the state
    of the garbage collector."""
    run = subprocess.run(
        [sys.executable, "-c", _RUN, *args], capture_output=True, text=True, check=False
    )
    found: dict[str, Any] = json.loads(run.stderr.strip().splitlines()[-1])
    return found


def _modules_of(*args: str) -> tuple[object, set[str]]:
    found = _run(*args)
    return found["code"], set(found["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY))


def test_check_imports_no_module_it_does_not_use() -> None:
    code, modules = _modules_of("check", str(EXAMPLE))
    assert code == 1  # the seed example has errors: the check ran to its end
    assert "waarborg.declaration.lint" in modules
    assert _heavy(modules) == []


def test_check_in_json_and_in_dutch_imports_no_module_it_does_not_use() -> None:
    code, modules = _modules_of("check", "--format", "json", "--lang", "nl", str(EXAMPLE))
    assert code == 1
    assert _heavy(modules) == []


def test_the_table_of_command_modules_is_what_the_modules_register() -> None:
    """``_common._MODULES`` names, for each command, the modules that define it; a
    command missing from it would not be found."""
    for module in pkgutil.iter_modules(waarborg.cli.__path__):
        importlib.import_module(f"waarborg.cli.{module.name}")
    main = _common.main
    assert sorted(main.commands) == sorted(_common._MODULES)
    for name, command in main.commands.items():
        assert command.callback is not None
        defined = command.callback.__module__.rsplit(".", 1)[-1]
        assert defined == _common._MODULES[name][0], name
    # each subcommand group's own module is loaded with its parent
    listed = {module for modules in _common._MODULES.values() for module in modules}
    assert {m.name for m in pkgutil.iter_modules(waarborg.cli.__path__)} - listed == {"_common"}
    admin = main.commands["admin"]
    assert isinstance(admin, click.Group) and "staff" in admin.commands


def test_help_lists_every_command_without_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "waarborg", "--help"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    listed = run.stdout.split("Commands:", 1)[1]
    for name in _common._MODULES:
        assert f"\n  {name} " in listed, name
    first = [line.split()[0] for line in listed.splitlines() if line.startswith("  ")]
    assert first[: len(_common._Commands.FIRST)] == list(_common._Commands.FIRST)


def test_a_group_gets_its_subcommands_from_every_module_that_defines_them() -> None:
    code = (
        "import click, waarborg.cli.service\n"
        "from waarborg.cli import main\n"
        "admin = main.get_command(click.Context(main), 'admin')\n"
        "print(sorted(admin.commands))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'staff'" in run.stdout


def test_pydantic_s_own_plugin_loader_answers_as_its_stand_in_does() -> None:
    """``check`` puts a stand-in for ``pydantic.plugin._loader`` that finds no plugins
    while they are off; pydantic's own module, run with plugins off, finds none either,
    and is still imported from where the stand-in expects it."""
    code = (
        "import os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "from pydantic.plugin import _loader\n"
        "from pydantic.plugin._schema_validator import create_schema_validator\n"
        "import inspect\n"
        "assert 'from ._loader import get_plugins' in inspect.getsource(create_schema_validator)\n"
        "print(tuple(_loader.get_plugins()))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "()"
    code = (
        "import sys\n"
        "import waarborg.cli._common\n"
        "import pydantic\n"
        "class M(pydantic.BaseModel):\n"
        "    a: int\n"
        "loader = sys.modules['pydantic.plugin._loader']\n"
        "print(hasattr(loader, '__file__'), tuple(loader.get_plugins()), M(a='1').a)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "()", "1"]  # the stand-in, and models work


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check"], 1),
        (["render", "--draft", "-o", "{tmp}/statement.html"], 0),
        (["build", "--formats", "html", "-o", "{tmp}/site"], 1),
    ],
)
def test_a_command_pauses_the_garbage_collector_for_its_start_up_only(
    args: list[str], code: int, tmp_path: Path
) -> None:
    """``check``, ``render`` and ``build`` start up with the cyclic collector paused, and
    have it running again (with what start-up made set aside) by the time they work on
    the declaration."""
    found = _run(*(a.format(tmp=tmp_path) for a in args), str(EXAMPLE))
    assert (found["code"], found["collector"]) == (code, [True, True])


def test_a_check_run_in_process_leaves_the_collector_running() -> None:
    """In-process callers (tests, the web service) never have the collector paused: only
    the console entry point pauses it."""
    import gc

    from click.testing import CliRunner

    from waarborg.cli import main

    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--select", "no-such-rule"])
    assert result.exit_code == 2 and gc.isenabled()
