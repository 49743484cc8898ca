"""Changing a processor's records: erasure by masking or deleting each record with
the endpoint's own requests, or by the processor's own erasure request, with legal
holds kept; every change carries an ``Idempotency-Key`` of its step.

``Erasing`` is the part of the ``Processor`` (``processor.py``) that changes records;
rectification and retention sweeps (``sweeping.py``) use its ``_change``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from ..datastores.base import Erasure, Identity, Kept, TableErasure
from ..datastores.holds import hold_for
from ..declaration.model import Table
from ..errors import DatastoreMisconfigured
from .changes import body_with, is_masked, masked_value, moment, set_path
from .client import Call
from .definition import Endpoint, Request
from .reading import Reading
from .responses import get_path

__all__ = ["Erasing"]


class Erasing(Reading):
    """Erasure at a processor (see ``processor.py``)."""

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
