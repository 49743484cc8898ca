"""Retention sweeps at a processor: the expired records found through the listing
(``listings.py``) and deleted or anonymised one by one with the definition's own
delete or update request.

A record has expired when the field the table maps to the rule's event (``events``)
holds a moment on or before the cutoff (ISO 8601 text, or Unix time as Stripe gives
it); a record under a legal hold is kept. Records are worked in the order of that
moment and their id, and each batch ends at a key (the moment and the id of its last
record) that the run records, so a run that stopped resumes after its last recorded
batch. A change carries an ``Idempotency-Key`` made of the datastore, the table and
the moment of the run, so a processor that honours it does nothing twice; a record
already gone (404) or already anonymised counts as nothing to do.

A datastore whose erasure is the processor's own (``erasure: processor``) is swept
the same way, with the definition's ``data_protection_request`` instead of the delete
request: the sweep asks the processor to erase each expired record (Shopify's
``customerRequestDataErasure``), and the processor carries that out later. The run
counts the records it asked for, never as deleted; a record the processor has not
erased yet is listed again by the next run and asked for again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..datastores.base import Expiry, Identity, SweepBatch, SweepCounts
from ..errors import DatastoreMisconfigured
from .changes import moment
from .definition import Endpoint, Request
from .responses import get_path

if TYPE_CHECKING:
    from .processor import Processor

__all__ = ["sweep_batches", "sweep_counts"]

Row = dict[str, Any]


def _listed(processor: Processor, table: str) -> tuple[list[Row], dict[str, list[Row]]]:
    """Every record of ``table`` through the listing, and the rows of the endpoints
    listed on the way (for the references of the changing request)."""
    listing = processor.listing.endpoints
    if table not in listing:
        raise DatastoreMisconfigured(
            processor.key,
            f"Waarborg has no listing of the {table} records of {processor.definition.name}",
            "see docs/connectors.md, retention sweeps",
        )
    rows: dict[str, list[Row]] = {}
    for name, request in listing.items():
        found: list[Row] = []
        for row in processor._read(request, {}, rows, name):
            if row not in found:
                found.append(row)
        rows[name] = found
        if name == table:
            break
    return rows[table], rows


def _request(processor: Processor, expiry: Expiry) -> tuple[Endpoint, Request]:
    endpoint = processor.definition.endpoint(expiry.table)
    requests = endpoint.requests
    request = requests.delete if expiry.action == "delete" else requests.update
    if expiry.action == "delete" and processor.datastore.erasure == "processor":
        request = processor.definition.data_protection_request
    if request is None:
        raise DatastoreMisconfigured(
            processor.key,
            f"{processor.definition.name} offers no request to {expiry.action} "
            f"{expiry.table} records",
            f"{expiry.action} them in {processor.definition.name} itself",
        )
    return endpoint, request


def _id(request: Request, table: str, row: Row) -> str:
    """What names the record: the fields of its own that the changing request takes."""
    fields = []
    for param in request.param_values:
        for ref in param.references or []:
            text = ref if isinstance(ref, str) else ref.field
            source, _, field = text.partition(".")
            if source == table:
                fields.append(field)
    if fields:
        return json.dumps([get_path(row, f) for f in fields], default=str)
    return json.dumps(row, sort_keys=True, default=str)


def _identity(processor: Processor, table: str, row: Row) -> Identity:
    """The person a record is about, for a changing request that names them."""
    spec = processor.datastore.tables.get(table)
    if spec is None:
        return {}
    for column in spec.columns:
        value = get_path(row, column)
        if spec.column(column).category == "email" and isinstance(value, str):
            return {"email": value}
    return {}


def _sorted_expired(
    processor: Processor, expiry: Expiry, rows: list[Row]
) -> tuple[list[tuple[list[str], Row]], int, int]:
    """The expired records not under a hold with their keys, in key order; and how
    many records have no moment, and how many are held."""
    spec = processor.datastore.tables.get(expiry.table)
    _, request = _request(processor, expiry)
    found: list[tuple[list[str], Row]] = []
    no_event = held = 0
    for row in rows:
        when = moment(get_path(row, expiry.column))
        if when is None:
            no_event += 1
            continue
        if when > _aware(expiry.cutoff):
            continue
        if processor._held(expiry.table, spec, [row]):
            held += 1
            continue
        found.append(([when.isoformat(), _id(request, expiry.table, row)], row))
    found.sort(key=lambda pair: pair[0])
    return found, no_event, held


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _needs_change(processor: Processor, expiry: Expiry, row: Row) -> bool:
    if expiry.action == "delete":
        return True
    spec = processor.datastore.tables.get(expiry.table)
    return bool(processor._masked_body(spec, row))


def sweep_counts(processor: Processor, expiries: Sequence[Expiry]) -> dict[str, SweepCounts]:
    """Per table: its records, those expired, those a sweep would change, and those
    without the event's moment. Changes nothing."""
    out: dict[str, SweepCounts] = {}
    for expiry in expiries:
        rows, _ = _listed(processor, expiry.table)
        expired, no_event, held = _sorted_expired(processor, expiry, rows)
        changes = sum(1 for _, row in expired if _needs_change(processor, expiry, row))
        out[expiry.table] = SweepCounts(
            rows=len(rows), expired=len(expired) + held, changes=changes, no_event=no_event
        )
    return out


def sweep_batches(
    processor: Processor, expiry: Expiry, after: list[Any] | None, size: int
) -> Iterator[SweepBatch]:
    """Delete or anonymise the expired records of ``expiry.table`` after the key
    ``after``, ``size`` records per batch; the last batch has ``upper`` None."""
    endpoint, request = _request(processor, expiry)
    spec = processor.datastore.tables.get(expiry.table)
    rows, listed = _listed(processor, expiry.table)
    expired, _, _ = _sorted_expired(processor, expiry, rows)
    todo = [(key, row) for key, row in expired if after is None or key > list(after)]
    at = expiry.at.isoformat() if expiry.at is not None else expiry.cutoff.isoformat()
    step = f"retention:{processor.key}.{expiry.table}:{at}"
    if not todo:
        yield SweepBatch(0, None)
        return
    for start in range(0, len(todo), size):
        chunk = todo[start : start + size]
        changed = 0
        for _, row in chunk:
            if processor._change(
                endpoint,
                request,
                expiry.action,
                spec,
                _identity(processor, expiry.table, row),
                listed,
                row,
                step,
            ):
                changed += 1
        last = start + size >= len(todo)
        yield SweepBatch(changed, None if last else chunk[-1][0])
