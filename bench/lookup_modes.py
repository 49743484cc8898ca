"""The two ways of finding a person by e-mail address, for the request benchmarks.

- ``folded`` is Waarborg's lookup: ``lower(column) IN (<the forms of the address>)``,
  without regard to case, surrounding space or Unicode composition, served by the
  ``lower(column)`` expression indexes ``bench/fides_shape.py`` builds. The benchmarks
  ask for these people in mixed case (``Customer-17@Example.com``), which the exact
  lookup would miss.
- ``exact`` is the lookup before it: ``column = :address``, served by the plain index on
  the column, with the address as stored. It is here only to measure against, on the
  same data in the same run; it is the ``sql_exact`` connector, registered by importing
  this module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from waarborg.datastores.registry import register
from waarborg.datastores.sql import SqlConnector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import email

__all__ = ["MODES", "ExactSqlConnector", "address", "connectors"]

#: The lookups, in the order the benchmarks run and print them.
MODES = ("exact", "folded")


@register
class ExactSqlConnector(SqlConnector):
    """The SQL connector with an e-mail address matched exactly, as before."""

    name = "sql_exact"

    def _folded(self, kind: str) -> bool:
        return False


def address(n: int, mode: str) -> str:
    """The address the benchmark asks for customer ``n`` by: as stored for the exact
    lookup, in mixed case with a space around it for Waarborg's."""
    stored = email(n)
    if mode == "exact":
        return stored
    local, domain = stored.split("@")
    return f" {local.capitalize()}@{domain.capitalize()} "


def connectors(mode: str) -> list[str]:
    """The connectors to switch on for ``mode`` (``enabled=`` of ``connect``)."""
    return ["sql_exact"] if mode == "exact" else ["sql"]
