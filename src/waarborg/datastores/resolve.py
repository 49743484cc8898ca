"""The tables of a datastore: declared in ``privacy.yaml``, read from a Fides dataset
file (``fides:``), or both.

With both, the Fides tables come first and the declared ones refine them: a table
declared under ``tables:`` with the same name keeps what Fides says and adds or replaces
what the declaration gives (mappings such as ``columns`` and ``events`` are merged
entry by entry, the declaration winning). That is how a Fides user adds retention rules,
events and erase choices, which Fides datasets do not carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..declaration.model import Datastore, Declaration, Table
from ..errors import DatastoreMisconfigured
from . import fides

__all__ = ["Resolved", "fides_path", "resolve"]


@dataclass(frozen=True)
class Resolved:
    key: str
    datastore: Datastore
    #: What reading the Fides dataset found, when the datastore has one.
    fides: fides.FidesImport | None = None


def fides_path(declaration: Declaration, key: str) -> Path | None:
    """The Fides dataset file of datastore ``key``, relative to the declaration's folder."""
    name = declaration.datastores[key].fides
    if name is None:
        return None
    path = Path(name)
    if not path.is_absolute() and declaration.source is not None:
        path = Path(declaration.source.file).parent / path
    return path


def resolve(declaration: Declaration, key: str) -> Resolved:
    """Datastore ``key`` with its Fides tables merged in.

    Raises ``DatastoreMisconfigured`` when the Fides file cannot be read.
    """
    if key not in declaration.datastores:
        raise DatastoreMisconfigured(key, "the declaration has no such datastore")
    store = declaration.datastores[key]
    path = fides_path(declaration, key)
    if path is None:
        return Resolved(key, store)
    imported = _read(
        str(path.resolve()), _mtime(path), key, tuple(sorted(store.fides_categories.items()))
    )
    tables = dict(imported.datastore.tables)
    for name, declared in store.tables.items():
        tables[name] = _merge(tables[name], declared) if name in tables else declared
    merged = store.model_copy(update={"tables": tables})
    return Resolved(key, merged, imported)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=32)
def _read(
    path: str, mtime: int, key: str, overrides: tuple[tuple[str, str], ...]
) -> fides.FidesImport:
    return fides.read(path, datastore=key, overrides=dict(overrides))


def _merge(base: Table, declared: Table) -> Table:
    update: dict[str, Any] = {}
    for name in declared.model_fields_set:
        value = getattr(declared, name)
        current = getattr(base, name)
        update[name] = {**current, **value} if isinstance(value, dict) else value
    return base.model_copy(update=update)
