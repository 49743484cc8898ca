"""The connector definitions Waarborg ships (``definitions/<name>.yml``), and finding
the one a datastore names: a shipped name, or the path of the organisation's own file
(relative to the declaration)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import DatastoreMisconfigured
from .definition import Definition, load_definition

__all__ = ["definition_for", "shipped"]

_DIR = "definitions"


def shipped() -> list[str]:
    """The names of the shipped definitions, sorted."""
    folder = resources.files(__package__).joinpath(_DIR)
    return sorted(
        entry.name.removesuffix(".yml") for entry in folder.iterdir() if entry.name.endswith(".yml")
    )


@cache
def _shipped(name: str) -> Definition:
    path = Path(str(resources.files(__package__).joinpath(_DIR, f"{name}.yml")))
    return load_definition(path, name)


def definition_for(name: str, store: str = "-", base: Path | None = None) -> Definition:
    """The definition ``name`` names: shipped, or a file (a name with a slash or
    ending in .yml/.yaml) relative to ``base``."""
    if "/" in name or name.endswith((".yml", ".yaml")):
        path = Path(name)
        if not path.is_absolute() and base is not None:
            path = base / path
        return load_definition(path, store)
    if name not in shipped():
        raise DatastoreMisconfigured(
            store,
            f"no connector definition named {name!r}",
            f"choose one of {', '.join(shipped())}, or give the path of a Fides SaaS config",
        )
    return _shipped(name)
