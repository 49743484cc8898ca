"""The registry of datastore connectors.

Each connector is one class in one module, registered under a name with ``register``.
The built-in ones are listed in ``BUILTIN`` by module, so a connector that is switched
off is never imported (nor its database drivers). ``connect`` picks the first enabled
connector that handles a datastore.

Adding a connector:

1. Write ``datastores/<name>.py`` with one subclass of ``base.Connector``: set ``name``,
   implement ``handles`` (which datastores it serves, usually by URL) and the rights.
2. Decorate the class with ``@register``.
3. Add the module to ``BUILTIN`` here, and give it a test module that runs every right
   against a real instance of that database.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from ..declaration.model import Declaration
from ..errors import DatastoreError, DatastoreMisconfigured
from .base import Connector
from .resolve import resolve

__all__ = ["BUILTIN", "CONNECTORS", "ConnectorPool", "available", "connect", "register"]

#: Built-in connectors: name -> module that registers it.
BUILTIN: dict[str, str] = {
    "sql": "waarborg.datastores.sql",
    # A processor's API, from a connector definition (docs/connectors.md).
    "processor": "waarborg.connectors.processor",
}

CONNECTORS: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    """Register a connector class under its ``name``."""
    if cls.name in CONNECTORS and CONNECTORS[cls.name] is not cls:
        raise ValueError(f"duplicate connector name {cls.name}")
    CONNECTORS[cls.name] = cls
    return cls


def available(enabled: Collection[str] | None = None) -> dict[str, type[Connector]]:
    """The connectors switched on (all built-in ones when ``enabled`` is None)."""
    return {name: _load(name) for name in _enabled(enabled)}


def _enabled(enabled: Collection[str] | None) -> list[str]:
    names = list(BUILTIN) if enabled is None else list(enabled)
    unknown = [n for n in names if n not in BUILTIN and n not in CONNECTORS]
    if unknown:
        raise DatastoreMisconfigured(
            "-",
            f"unknown connector {', '.join(unknown)}",
            f"known connectors: {', '.join(sorted({*BUILTIN, *CONNECTORS}))}",
        )
    return names


def _load(name: str) -> type[Connector]:
    if name not in CONNECTORS:
        importlib.import_module(BUILTIN[name])
    return CONNECTORS[name]


def connect(
    declaration: Declaration,
    key: str,
    *,
    enabled: Collection[str] | None = None,
    **options: Any,
) -> Connector:
    """A connector for datastore ``key`` of ``declaration``, with its Fides tables
    merged in. ``enabled`` lists the connectors switched on (None: all built-in)."""
    store = resolve(declaration, key).datastore
    # in turn: a connector after the one that serves the datastore is never imported
    for name in _enabled(enabled):
        cls = _load(name)
        if cls.handles(store):
            return cls(key, store, declaration, dict(options))
    raise DatastoreMisconfigured(
        key,
        "no enabled connector handles this datastore",
        "give it a url: any SQLAlchemy database URL, such as postgresql+psycopg://...",
    )


class ConnectorPool:
    """One long-lived connector per datastore, for a process that runs many requests.

    A connector reflects its datastore's tables and builds its statements once; making
    a new one per request would repeat that work every time. A connector whose work
    fails with a ``DatastoreError`` is closed and dropped, so the next attempt connects
    and reflects afresh (after the organisation migrated its database, say).
    """

    def __init__(self, declaration: Declaration, **options: Any) -> None:
        self.declaration = declaration
        self.options = options
        self._connectors: dict[str, Connector] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Connector:
        with self._lock:
            connector = self._connectors.get(key)
            if connector is None:
                connector = self._connectors[key] = connect(self.declaration, key, **self.options)
            return connector

    @contextmanager
    def using(self, key: str) -> Iterator[Connector]:
        """The connector for ``key``; dropped when the work inside raises a DatastoreError."""
        connector = self.get(key)
        try:
            yield connector
        except DatastoreError:
            self._drop(key, connector)
            raise

    def _drop(self, key: str, connector: Connector) -> None:
        with self._lock:
            if self._connectors.get(key) is connector:
                del self._connectors[key]
        connector.close()

    def close(self) -> None:
        with self._lock:
            connectors, self._connectors = list(self._connectors.values()), {}
        for connector in connectors:
            connector.close()
