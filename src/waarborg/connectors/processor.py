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
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal
from urllib.parse import quote

import httpx

from ..datastores.base import (
    Connector,
    Erasure,
    Expiry,
    Identity,
    Kept,
    Rows,
    SweepBatch,
    SweepCounts,
    TableErasure,
)
from ..datastores.holds import hold_for
from ..datastores.registry import register
from ..datastores.values import Kind
from ..declaration.model import Datastore, Declaration, Table
from ..errors import DatastoreMisconfigured
from .catalogue import definition_for
from .changes import MARKERS, body_with, is_masked, masked_value, moment, set_path
from .client import Call, Client, fill
from .definition import Definition, Endpoint, ParamValue, Reference, Request
from .listings import Listing, listing_for
from .responses import flatten, get_path, next_call, postprocess, records
from .sweeping import sweep_batches, sweep_counts

__all__ = ["Processor"]


#: What a masked text field is set to.
def _reference(ref: Reference | str) -> tuple[str, str]:
    """(endpoint, field) of a reference: ``dataset`` is the definition's own, and
    ``field`` is ``endpoint.field``."""
    text = ref if isinstance(ref, str) else ref.field
    endpoint, _, field = text.partition(".")
    return endpoint, field


@register
class Processor(Connector):
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

    # --- reading ---------------------------------------------------------------------

    def _order(self) -> list[Endpoint]:
        """The endpoints, each after those its requests take values from."""
        endpoints = {e.name: e for e in self.definition.endpoints if not e.skip_processing}
        needs: dict[str, set[str]] = {}
        for name, endpoint in endpoints.items():
            sources = {*endpoint.after}
            for request in endpoint.requests.reads:
                for param in request.param_values:
                    for ref in param.references or []:
                        source, _ = _reference(ref)
                        if source != name and source in endpoints:
                            sources.add(source)
            needs[name] = sources
        ordered: list[Endpoint] = []
        done: set[str] = set()
        while len(done) < len(endpoints):
            ready = [n for n in endpoints if n not in done and needs[n] <= done]
            if not ready:
                raise DatastoreMisconfigured(
                    self.key,
                    f"the endpoints of {self.definition.name} refer to each other in a circle",
                    "correct the references of the definition's read requests",
                )
            for name in ready:
                ordered.append(endpoints[name])
                done.add(name)
        return ordered

    def _combinations(
        self,
        params: list[ParamValue],
        identity: Identity,
        rows: Mapping[str, list[dict[str, Any]]],
        own: list[dict[str, Any]] | None = None,
        endpoint: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Each set of values for ``params``: one per row of a referenced endpoint (all
        fields of one row together), across endpoints every combination. ``own``: the
        rows of ``endpoint`` itself, for its update and delete requests."""
        fixed: dict[str, Any] = {}
        groups: dict[str, list[tuple[str, str]]] = {}
        for param in params:
            if param.identity is not None:
                value = identity.get(param.identity)
                if value is None:
                    return
                fixed[param.name] = value
            elif param.connector_param is not None:
                fixed[param.name] = self.client.values.get(param.connector_param)
            elif param.references:
                source, field = _reference(param.references[0])
                groups.setdefault(source, []).append((param.name, field))
        choices: list[list[dict[str, Any]]] = []
        for source, fields in groups.items():
            found = own if own is not None and source == endpoint else rows.get(source, [])
            options = []
            for row in found:
                values = {name: get_path(row, field) for name, field in fields}
                if all(v is not None for v in values.values()) and values not in options:
                    options.append(values)
            if not options:
                return
            choices.append(options)
        for combination in itertools.product(*choices):
            values = dict(fixed)
            for part in combination:
                values.update(part)
            yield values

    def _unsupported(self, request: Request, what: str) -> None:
        if request.request_override or request.async_config:
            feature = "request_override" if request.request_override else "async_config"
            raise DatastoreMisconfigured(
                self.key,
                f"the {what} request uses {feature}, which Waarborg cannot carry out",
                "write the request out with method, path and param_values",
            )

    def _call(self, request: Request, values: Mapping[str, Any], body: Any = None) -> Call:
        merged = {**self.client.values, **values}
        assert request.path is not None and request.method is not None
        query = {}
        for param in request.query_params:
            value = fill(str(param.value), merged) if isinstance(param.value, str) else param.value
            if isinstance(value, str) and "<" in value and ">" in value:
                continue  # a value this request was not given
            query[param.name] = value
        headers = {h.name: fill(h.value, merged) for h in request.headers}
        if body is None and request.body is not None:
            text = fill(
                request.body,
                {k: json.dumps(v)[1:-1] if isinstance(v, str) else v for k, v in merged.items()},
            )
            for marker in MARKERS:
                text = text.replace(marker, "")
            try:
                body = json.loads(text) if text.strip() else None
            except ValueError:
                body = text
        path = fill(request.path, {k: quote(str(v), safe="@:+") for k, v in merged.items()})
        return Call(request.method, path, query, headers, body)

    def _read(
        self,
        request: Request,
        identity: Identity,
        rows: Mapping[str, list[dict[str, Any]]],
        name: str,
    ) -> list[dict[str, Any]]:
        self._unsupported(request, f"{name} read")
        found: list[dict[str, Any]] = []
        for values in self._combinations(request.param_values, identity, rows):
            call: Call | None = self._call(request, values)
            while call is not None:
                response = self.client.send(call, request)
                if not self._ok(request, call, response, reading=True):
                    break
                data = response.json() if response.content else None
                page = get_path(data, request.data_path)
                for strategy in request.postprocessors or []:
                    page = postprocess(
                        self.key, strategy.strategy, strategy.configuration, page, identity
                    )
                found += records(page)
                call = next_call(self.key, self.client.values, request, call, response, data)
        return found

    def _ok(self, request: Request, call: Call, response: httpx.Response, *, reading: bool) -> bool:
        """Whether the answer carries a result; False for an error the definition
        ignores or for a record that is not there (404); raises for any other."""
        if response.is_success:
            return True
        ignore = request.ignore_errors
        if ignore is True or (isinstance(ignore, list) and response.status_code in ignore):
            return False
        if response.status_code in (404, 410):
            return False
        raise self.client.fail(call, response)

    def _collect(self, identity: Identity) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = {}
        for endpoint in self._order():
            found: list[dict[str, Any]] = []
            for request in endpoint.requests.reads:
                for row in self._read(request, identity, rows, endpoint.name):
                    if row not in found:
                        found.append(row)
            rows[endpoint.name] = found
        return rows

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

    # --- changing --------------------------------------------------------------------

    def _idempotency(self, step: str | None, call: Call) -> None:
        if step is None:
            return
        text = json.dumps([step, call.method, call.path, call.body], sort_keys=True, default=str)
        call.headers.setdefault("Idempotency-Key", hashlib.sha256(text.encode()).hexdigest()[:48])

    def _masked_body(self, spec: Table | None, row: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if spec is None:
            return body
        for column in spec.columns:
            setting = spec.column(column)
            if setting.erase == "keep":
                continue
            current = get_path(row, column)
            if is_masked(current):
                continue
            set_path(body, column, masked_value(current, setting.category))
        return body

    def _held(self, name: str, spec: Table | None, rows: list[dict[str, Any]]) -> list[Kept]:
        if spec is None:
            return []
        hold = hold_for(self.declaration, name, spec)
        if hold is None:
            return []
        from .. import clock

        cutoff = hold.cutoff(clock.now())
        held: list[dict[str, Any]] = []
        until: datetime | date | None = None
        for row in rows:
            event = get_path(row, hold.column) if hold.column else None
            when = moment(event)
            if cutoff is None or when is None or when > cutoff:
                held.append(row)
                ends = hold.until(when) if when is not None else None
                if ends is not None and (until is None or str(ends) > str(until)):
                    until = ends
        if not held:
            return []
        return [
            Kept(
                rows=len(held),
                reason="hold",
                detail=hold.describe(),
                ground=hold.ground,
                rule=hold.rule,
                until=until if cutoff is not None else None,
            )
        ]

    def erase(
        self, identity: Identity, *, dry_run: bool = False, step: str | None = None
    ) -> Erasure:
        """Erase the person's records at the processor (see the module's words).
        ``step`` names the work (the request and this datastore) for the
        ``Idempotency-Key`` of each change."""
        from .. import clock

        rows = self._collect(identity)
        mode = self.datastore.erasure
        if mode == "processor":
            return self._processor_erasure(identity, rows, dry_run=dry_run, step=step)
        tables: list[TableErasure] = []
        mine = self._declared(rows)
        for endpoint in reversed(self._order()):
            found = mine.get(endpoint.name, [])
            if not found:
                continue
            spec = self.datastore.tables.get(endpoint.name)
            kept = self._held(endpoint.name, spec, found)
            held = sum(k.rows for k in kept)
            todo = [row for row in found if not self._held(endpoint.name, spec, [row])]
            request, action = self._how(endpoint, spec, mode)
            if request is None:
                kept.append(
                    Kept(
                        rows=len(found) - held,
                        reason="processor",
                        detail=f"{self.definition.name} offers no way through its API to "
                        f"erase these records ({endpoint.name}): staff ask the processor",
                    )
                )
                tables.append(TableErasure(endpoint.name, "delete", len(found), kept=tuple(kept)))
                continue
            changed = 0
            for row in todo:
                if dry_run or self._change(
                    endpoint, request, action, spec, identity, rows, row, step
                ):
                    changed += 1
            tables.append(
                TableErasure(
                    endpoint.name,
                    action,
                    len(found),
                    deleted=changed if action == "delete" else 0,
                    anonymised=changed if action == "anonymise" else 0,
                    kept=tuple(kept),
                )
            )
        return Erasure(self.key, tuple(tables), dry_run=dry_run, at=clock.now())

    def _how(
        self, endpoint: Endpoint, spec: Table | None, mode: str
    ) -> tuple[Request | None, Literal["delete", "anonymise"]]:
        update, delete = endpoint.requests.update, endpoint.requests.delete
        if mode == "delete" and delete is not None:
            return delete, "delete"
        if update is not None:
            return update, "anonymise"
        if delete is not None:
            return delete, "delete"
        return None, "delete"

    def _change(
        self,
        endpoint: Endpoint,
        request: Request,
        action: str,
        spec: Table | None,
        identity: Identity,
        rows: Mapping[str, list[dict[str, Any]]],
        row: dict[str, Any],
        step: str | None,
    ) -> bool:
        """Mask or delete one record; False when there was nothing to do (already gone,
        or nothing declared left to mask)."""
        self._unsupported(request, f"{endpoint.name} {action}")
        body = None
        if action == "anonymise":
            body = self._masked_body(spec, row)
            if not body:
                return False
        done = False
        for values in self._combinations(
            request.param_values, identity, rows, own=[row], endpoint=endpoint.name
        ):
            call = self._call(
                request,
                values,
                body=body_with(request, copy.deepcopy(body), {**self.client.values, **values})
                if body is not None
                else None,
            )
            self._idempotency(step, call)
            response = self.client.send(call, request)
            if self._ok(request, call, response, reading=False):
                done = True
        return done

    def _processor_erasure(
        self,
        identity: Identity,
        rows: dict[str, list[dict[str, Any]]],
        *,
        dry_run: bool,
        step: str | None,
    ) -> Erasure:
        from .. import clock

        request = self.definition.data_protection_request
        if request is None:
            raise DatastoreMisconfigured(
                self.key,
                f"the {self.definition.name} definition has no data_protection_request",
                "set erasure: mask or delete for this datastore",
            )
        self._unsupported(request, "data_protection_request")
        rows = self._declared(rows)
        if any(rows.values()) and not dry_run:
            for values in self._combinations(request.param_values, identity, rows):
                call = self._call(request, values)
                self._idempotency(step, call)
                response = self.client.send(call, request)
                self._ok(request, call, response, reading=False)
            # what the processor's erasure really removed, read back
            after = self._declared(self._collect(identity))
        else:
            after = {}
        tables: list[TableErasure] = []
        for name, found in rows.items():
            if not found:
                continue
            left = len(after.get(name, []))
            kept = (
                Kept(
                    rows=left,
                    reason="processor",
                    detail=f"{self.definition.name}'s own erasure left these records "
                    f"({name}): staff ask the processor",
                ),
            )
            tables.append(
                TableErasure(
                    name, "delete", len(found), deleted=len(found) - left, kept=kept if left else ()
                )
            )
        return Erasure(self.key, tuple(tables), dry_run=dry_run, at=clock.now())

    def _declared(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        declared = self.datastore.tables
        return {n: r for n, r in rows.items() if not declared or n in declared}

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
