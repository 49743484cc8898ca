"""A processor reached through its API, as one of the organisation's datastores.

The datastore names a connector definition (``connector:``, see ``definition.py``),
its settings (``params:``) and the environment variables that hold its secrets
(``secrets:``). The definition's endpoints are the datastore's tables; the tables the
declaration gives (``tables:``) map the fields of their records to the declaration's
categories, with dotted names for nested fields (``merge_fields.FNAME``).

- **Access** runs the read requests of every endpoint, those that need only the
  person's identity first, then those that need values from rows already read.
- **Erasure** (``erasure:`` of the datastore) masks the declared fields of each record
  with the endpoint's update request, or deletes it with its delete request, or calls
  the processor's own erasure request (``data_protection_request``). Records under a
  legal hold are kept, and records the API offers no way to erase are reported as
  kept, for staff to ask the processor. Running it again changes nothing more: masked
  records no longer match the person, and a record already gone (404) counts as gone.
- **Rectification** sends the changes with the endpoint's update request.
- **Retention sweeps** find the expired records through Waarborg's listing of the
  endpoint (``listings.py``) and delete or anonymise them one by one (``sweeping.py``).

Changing requests carry an ``Idempotency-Key`` made of the step (the request and the
datastore), the call and its body, so a processor that honours it (Stripe) never does
one twice, even when its answer was lost.

The reading lives in ``reading.py``, the changes in ``erasing.py``, the sweeps in
``sweeping.py``; this module holds the connector itself: its settings and what it
offers.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from ..datastores.base import (
    Connector,
    Expiry,
    Identity,
    Rows,
    SweepBatch,
    SweepCounts,
)
from ..datastores.registry import register
from ..datastores.values import Kind
from ..declaration.model import Datastore, Declaration
from ..errors import DatastoreMisconfigured
from .catalogue import definition_for
from .changes import body_with, set_path
from .client import Client
from .definition import Definition
from .erasing import Erasing
from .listings import Listing, listing_for
from .responses import flatten, get_path
from .sweeping import sweep_batches, sweep_counts

__all__ = ["Processor"]


@register
class Processor(Erasing, Connector):
    """A processor's API, from a Fides SaaS connector definition."""

    name: ClassVar[str] = "processor"

    def __init__(
        self,
        key: str,
        datastore: Datastore,
        declaration: Declaration,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(key, datastore, declaration, options)
        assert datastore.connector is not None
        base = None
        source = declaration.source
        if source is not None and getattr(source, "file", None):
            base = Path(source.file).parent
        self.definition: Definition = definition_for(datastore.connector, key, base)
        self.listing: Listing = listing_for(datastore.connector, self.definition, key, base)
        self.client = Client(
            key,
            self.definition,
            self._values(),
            base_url=self.options.get("base_url") or datastore.base_url,
            timeout=float(self.options.get("timeout", 30.0)),
            max_wait=float(self.options.get("max_wait", 30.0)),
            **({"sleep": self.options["sleep"]} if "sleep" in self.options else {}),
        )

    @classmethod
    def handles(cls, datastore: Datastore) -> bool:
        return datastore.connector is not None

    def close(self) -> None:
        self.client.close()

    # --- settings --------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        """The connector params: declared settings, secrets from the environment, and
        the definition's defaults."""
        values: dict[str, Any] = {}
        known = {p.name for p in self.definition.connector_params}
        for name in [*self.datastore.params, *self.datastore.secrets]:
            if name not in known:
                raise DatastoreMisconfigured(
                    self.key,
                    f"the {self.definition.name} connector has no setting {name!r}",
                    f"its settings are {', '.join(sorted(known))}",
                )
        for param in self.definition.connector_params:
            if param.name in self.datastore.params:
                if param.sensitive:
                    raise DatastoreMisconfigured(
                        self.key,
                        f"{param.name} is a secret and cannot be written in the declaration",
                        f"put it in an environment variable and name that under "
                        f"datastores.{self.key}.secrets.{param.name}",
                    )
                values[param.name] = self.datastore.params[param.name]
            elif param.name in self.datastore.secrets:
                variable = self.datastore.secrets[param.name]
                value = os.environ.get(variable, "")
                if not value:
                    raise DatastoreMisconfigured(
                        self.key,
                        f"the environment variable {variable} (its {param.name}) is not set",
                        f"set {variable} to the {self.definition.name} {param.label or param.name}",
                    )
                values[param.name] = value
            elif param.default_value is not None:
                values[param.name] = param.default_value
            else:
                where = "secrets" if param.sensitive else "params"
                raise DatastoreMisconfigured(
                    self.key,
                    f"the {self.definition.name} connector needs {param.name}",
                    f"give datastores.{self.key}.{where}.{param.name}"
                    + (" (the name of an environment variable)" if param.sensitive else ""),
                )
        return values

    def check(self) -> str:
        """Send the definition's test request; what it answered, in a few words.
        Raises a ``DatastoreError`` when the processor refuses or cannot be reached."""
        request = self.definition.test_request
        call = self._call(request, {})
        response = self.client.send(call, request)
        if not response.is_success:
            raise self.client.fail(call, response)
        return f"{call}: {response.status_code}"

    def access(self, identity: Identity) -> Rows:
        """The records of every endpoint; when the datastore declares tables, of those
        only (the others, such as a list of all conversations, are only the way there).
        Nested fields are given by their dotted names (``merge_fields.FNAME``), as the
        declaration's columns name them."""
        return {
            name: [flatten(row) for row in rows]
            for name, rows in self._declared(self._collect(identity)).items()
            if rows
        }

    def portability(self, identity: Identity) -> Rows:
        """What the person provided: the declared fields marked ``provided``, or, where
        a table declares none so, its declared fields."""
        out: Rows = {}
        for name, rows in self.access(identity).items():
            spec = self.datastore.tables.get(name)
            if spec is None or not spec.columns:
                continue
            columns = [c for c in spec.columns if spec.column(c).provided] or list(spec.columns)
            out[name] = [{c: row[c] for c in columns if row.get(c) is not None} for row in rows]
        return out

    def editable(self, table: str) -> dict[str, Kind]:
        """The declared fields of an endpoint with an update request, as text."""
        spec = self.datastore.tables.get(table)
        try:
            endpoint = self.definition.endpoint(table)
        except KeyError:
            return {}
        if spec is None or endpoint.requests.update is None:
            return {}
        return {column: Kind("text") for column in spec.columns}

    # --- retention sweeps (sweeping.py) -----------------------------------------------

    def sweep_counts(self, expiries: Sequence[Expiry]) -> dict[str, SweepCounts]:
        return sweep_counts(self, expiries)

    def sweep_batches(
        self, expiry: Expiry, after: list[Any] | None, size: int
    ) -> Iterator[SweepBatch]:
        return sweep_batches(self, expiry, after, size)

    def rectify(self, identity: Identity, table: str, changes: Mapping[str, Any]) -> int:
        try:
            endpoint = self.definition.endpoint(table)
        except KeyError:
            raise DatastoreMisconfigured(
                self.key, f"{self.definition.name} has no endpoint {table!r}", None
            ) from None
        request = endpoint.requests.update
        if request is None:
            raise DatastoreMisconfigured(
                self.key,
                f"{self.definition.name} offers no update request for {table}",
                "rectify it in the processor's own screens",
            )
        rows = self._collect(identity)
        body: dict[str, Any] = {}
        for column, value in changes.items():
            set_path(body, column, value)
        changed = 0
        for row in rows.get(table, []):
            if all(get_path(row, c) == v for c, v in changes.items()):
                continue
            for values in self._combinations(
                request.param_values, identity, rows, own=[row], endpoint=table
            ):
                call_body = body_with(
                    request, copy.deepcopy(body), {**self.client.values, **values}
                )
                call = self._call(request, values, body=call_body)
                response = self.client.send(call, request)
                if self._ok(request, call, response, reading=False):
                    changed += 1
        return changed
