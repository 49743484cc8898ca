"""The tables of a datastore: declared in ``privacy.yaml``, read from a Fides dataset
file (``fides:``), or both.

The loader reads a datastore's Fides dataset with the declaration
(``Declaration.fides``); here its tables are merged with the declared ones
(``declaration.fides.merged``: the declared tables refine the Fides tables). Nothing is
read from a file here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..declaration.fides import FidesImport, merged
from ..declaration.model import Datastore, Declaration
from ..errors import DatastoreMisconfigured

__all__ = ["Resolved", "resolve"]


@dataclass(frozen=True)
class Resolved:
    key: str
    datastore: Datastore
    #: What reading the Fides dataset found, when the datastore has one.
    fides: FidesImport | None = None


def resolve(declaration: Declaration, key: str) -> Resolved:
    """Datastore ``key`` with its Fides tables merged in.

    Raises ``DatastoreMisconfigured`` for a datastore the declaration does not have, or
    one whose Fides dataset was not read with the declaration (a ``Declaration`` built
    without the loader).
    """
    if key not in declaration.datastores:
        raise DatastoreMisconfigured(key, "the declaration has no such datastore")
    store = declaration.datastores[key]
    if store.fides is None:
        return Resolved(key, store)
    dataset = declaration.fides.get(key)
    if dataset is None:
        raise DatastoreMisconfigured(
            key,
            f"its Fides dataset {store.fides!r} was not read with the declaration",
            "load the declaration with waarborg.declaration.loader.load, which reads it",
        )
    return Resolved(key, merged(store, dataset), dataset)
