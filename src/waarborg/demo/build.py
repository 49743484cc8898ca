"""The demo organisation on disk: its declaration and its CRM in one folder.

The organisation is Studio Denkbeeldig B.V., a made-up design agency: its name,
address, numbers and people are invented, and its declaration (``declaration.yaml``)
states every fact explicitly and passes the checker. A ``datastores`` section maps the
generated CRM onto it. The CRM is written beside it; the declaration points at it by
its absolute path.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from ..files import private_dir, write_private

__all__ = [
    "CRM_FILE",
    "DECLARATION_FILE",
    "ORGANISATION",
    "REVIEW",
    "Demo",
    "build_demo",
    "declaration_text",
    "demo_files",
    "ensure_demo",
]

#: The rights whose requests wait for staff in the demo organisation until staff choose
#: otherwise on /admin/settings: an erasure shows its preview before anything is erased.
REVIEW = ("erasure",)
DECLARATION_FILE = "privacy.yaml"
CRM_FILE = "crm.sqlite"
#: The demo organisation's name (made up, as everything about it is).
ORGANISATION = "Studio Denkbeeldig B.V."

_HEADER = """\
# The Waarborg demo: Studio Denkbeeldig B.V., a made-up design agency, with its CRM.
#
# Written by `waarborg demo`. The organisation, its address, numbers and people are
# invented; everything above `datastores:` is its declaration, which `waarborg check`
# passes. The `datastores:` section at the end maps a generated CRM (crm.sqlite,
# made-up Dutch data) onto the declaration's categories, so that requests can be
# answered on it. For what the checker finds in real statements, see the examples in
# Waarborg's sources (examples/).

"""


@dataclass(frozen=True)
class Demo:
    """What a build wrote: the two files and the rows per table of the CRM."""

    declaration: Path
    crm: Path
    rows: dict[str, int] = field(default_factory=dict)


def demo_files(directory: str | Path) -> tuple[Path, Path]:
    """The demo's declaration and CRM in ``directory``."""
    folder = Path(directory)
    return folder / DECLARATION_FILE, folder / CRM_FILE


def declaration_text(crm: Path) -> str:
    """The demo's ``privacy.yaml``, its datastore pointing at the SQLite file ``crm``."""
    package = resources.files(__package__)
    statement = package.joinpath("declaration.yaml").read_text("utf-8")
    datastores = package.joinpath("datastores.yaml").read_text("utf-8")
    url = "sqlite:///" + crm.resolve().as_posix()
    return (
        _HEADER
        + statement.rstrip("\n")
        + "\n\n"
        + datastores.replace('"{crm_url}"', json.dumps(url))
    )


def build_demo(
    directory: str | Path, *, contacts: int | None = None, today: date | None = None
) -> Demo:
    """Write the demo into ``directory``, replacing the demo files that are there.

    ``contacts`` is the size of the CRM (the known people included); ``today`` the day
    its history is dated from (the clock's today by default).
    """
    from .crm import DEFAULT_CONTACTS, create_crm

    declaration, crm = demo_files(directory)
    private_dir(crm.parent)
    rows: dict[str, int] = {}

    def write_crm(path: Path) -> None:
        rows.update(create_crm(path, contacts=contacts or DEFAULT_CONTACTS, today=today))

    _replace(crm, write_crm)
    _replace(declaration, lambda path: write_private(path, declaration_text(crm)))
    return Demo(declaration, crm, rows)


def ensure_demo(directory: str | Path) -> Path:
    """The demo's declaration in ``directory``; builds what is missing of the demo first."""
    declaration, crm = demo_files(directory)
    if not crm.exists():
        from .crm import create_crm

        private_dir(crm.parent)
        _replace(crm, lambda path: create_crm(path))
    if not declaration.exists():
        _replace(declaration, lambda path: write_private(path, declaration_text(crm)))
    return declaration


def _replace(target: Path, write: Callable[[Path], object]) -> None:
    """Write ``target`` through a temporary file beside it, so it is never half written."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
