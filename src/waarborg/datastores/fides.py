"""A Fides (fideslang) dataset file read for a datastore, outside a declaration.

A declaration's own Fides datasets are read by its loader (``declaration/fides.py``,
which also holds the format and the category mapping); this reads one file for
datastore ``datastore`` and reports what keeps it from being used as the datastore's
``DatastoreMisconfigured``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..declaration import fides as _fides
from ..declaration.fides import FIDES_CATEGORIES, GENERIC, FidesImport, Mapped, category_for
from ..errors import DatastoreMisconfigured, DeclarationError

__all__ = [
    "FIDES_CATEGORIES",
    "GENERIC",
    "FidesImport",
    "Mapped",
    "category_for",
    "parse",
    "read",
]


def read(
    path: str | Path, *, datastore: str = "fides", overrides: Mapping[str, str] | None = None
) -> FidesImport:
    """Read the Fides dataset file at ``path``."""
    try:
        return _fides.read(path, overrides=overrides)
    except DeclarationError as exc:
        raise _misconfigured(datastore, exc) from None


def parse(
    text: str,
    file: str = "dataset.yml",
    *,
    datastore: str = "fides",
    overrides: Mapping[str, str] | None = None,
) -> FidesImport:
    """Parse the text of a Fides dataset file."""
    try:
        return _fides.parse(text, file, overrides=overrides)
    except DeclarationError as exc:
        raise _misconfigured(datastore, exc) from None


def _misconfigured(datastore: str, error: DeclarationError) -> DatastoreMisconfigured:
    problem = error.problems[0]
    return DatastoreMisconfigured(
        datastore, f"Fides dataset {problem.location}: {problem.message}", problem.hint
    )
