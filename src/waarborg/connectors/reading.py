"""Reading a processor through its definition: the endpoints in the order their
references ask, the values of each request's placeholders (the person's identity,
settings, rows already read), the calls, their answers and their pages.

``Reading`` is the part of the ``Processor`` (``processor.py``) that every other part
uses: access, erasure (``erasing.py``) and retention sweeps (``sweeping.py``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ..datastores.base import Identity
from ..declaration.model import Datastore, Declaration
from ..errors import DatastoreMisconfigured
from .changes import MARKERS
from .client import Call, Client, fill, graphql_refusal
from .definition import Definition, Endpoint, ParamValue, Reference, Request
from .listings import Listing
from .responses import get_path, next_call, postprocess, records

__all__ = ["Reading"]


def _reference(ref: Reference | str) -> tuple[str, str]:
    """(endpoint, field) of a reference: ``dataset`` is the definition's own, and
    ``field`` is ``endpoint.field``."""
    text = ref if isinstance(ref, str) else ref.field
    endpoint, _, field = text.partition(".")
    return endpoint, field


class Reading:
    """A processor's API read through its definition."""

    key: str
    datastore: Datastore
    declaration: Declaration
    definition: Definition
    listing: Listing
    client: Client

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
            refused = graphql_refusal(response) if "graphql" in (request.path or "") else ""
            if refused:
                raise self.client.refused(call, refused)
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

    def _declared(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        declared = self.datastore.tables
        return {n: r for n, r in rows.items() if not declared or n in declared}
