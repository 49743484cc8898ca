"""What a processor's answers hold: the records at a path, the definition's
postprocessors (``unwrap``, ``filter``) and its pagination (``offset``, ``cursor``,
``link``), as Fides's SaaS connector format describes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ..datastores.base import Identity
from ..errors import DatastoreMisconfigured
from .client import Call
from .definition import Request

__all__ = ["flatten", "get_path", "next_call", "postprocess", "records"]


def get_path(data: Any, path: str | None) -> Any:
    """The value at a dotted ``path`` of ``data`` (None when absent)."""
    if not path:
        return data
    value = data
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record with its nested objects' fields under dotted names
    (``{"merge_fields": {"FNAME": "Jan"}}`` gives ``{"merge_fields.FNAME": "Jan"}``);
    lists stay as they are."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def records(value: Any) -> list[dict[str, Any]]:
    """The records in a response's value: a list of objects, or one object."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def postprocess(
    store: str, strategy: str, config: dict[str, Any] | None, data: Any, identity: Identity
) -> Any:
    """A postprocessor of the definition applied to a response's records: ``unwrap``
    (the records at a path of each) or ``filter`` (those whose field matches a value or
    the person's identity)."""
    config = config or {}
    if strategy == "unwrap":
        if isinstance(data, list):
            out: list[Any] = []
            for item in data:
                value = get_path(item, config.get("data_path"))
                out += value if isinstance(value, list) else [value] if value else []
            return out
        return get_path(data, config.get("data_path"))
    if strategy == "filter":
        wanted = config.get("value")
        if isinstance(wanted, dict) and "identity" in wanted:
            wanted = identity.get(str(wanted["identity"]))
            if wanted is None:
                return []
        exact = bool(config.get("exact", True))
        case = bool(config.get("case_sensitive", True))

        def matches(item: dict[str, Any]) -> bool:
            value = get_path(item, str(config.get("field")))
            values = value if isinstance(value, list) else [value]
            for each in values:
                if each is None:
                    continue
                left, right = str(wanted), str(each)
                if not case:
                    left, right = left.casefold(), right.casefold()
                if (left == right) if exact else (left in right):
                    return True
            return False

        return [item for item in records(data) if matches(item)]
    raise DatastoreMisconfigured(
        store,
        f"the postprocessor {strategy!r} is not supported",
        "use unwrap or filter",
    )


def next_call(
    store: str,
    values: Mapping[str, Any],
    request: Request,
    call: Call,
    response: httpx.Response,
    data: Any,
) -> Call | None:
    """The call for the next page by the request's ``pagination`` (``offset``,
    ``cursor`` or ``link``), or None when this was the last."""
    pagination = request.pagination
    if pagination is None:
        return None
    config = pagination.configuration or {}
    page = records(get_path(data, request.data_path))
    if pagination.strategy == "offset":
        if not page:
            return None
        param = str(config["incremental_param"])
        current = int(call.query.get(param, 0))
        step = int(config.get("increment_by", 1))
        limit = config.get("limit")
        if isinstance(limit, dict):
            limit = values.get(str(limit.get("connector_param")))
        following = current + step
        if limit is not None and following > int(limit):
            return None
        return Call(
            call.method, call.path, {**call.query, param: following}, call.headers, call.body
        )
    if pagination.strategy == "cursor":
        field = str(config["field"])
        has_next = config.get("has_next")
        cursor = get_path(page[-1], field) if page else None
        if cursor is None:
            cursor = get_path(data, field)
        if cursor is None:
            return None
        if has_next:
            flag = get_path(page[-1], str(has_next)) if page else None
            if flag is None:
                flag = get_path(data, str(has_next))
            if str(flag).lower() != "true":
                return None
        query = {**call.query, str(config["cursor_param"]): cursor}
        return Call(call.method, call.path, query, call.headers, call.body)
    if pagination.strategy == "link":
        if not page:
            return None
        if (
            config.get("has_next")
            and str(get_path(data, str(config["has_next"]))).lower() != "true"
        ):
            return None
        if config.get("source", "body") == "headers":
            link = response.links.get(str(config.get("rel", "next")), {}).get("url")
        else:
            link = get_path(data, str(config.get("path")))
        if not link:
            return None
        url = httpx.URL(str(link))
        query = dict(url.params.multi_items())
        return Call(call.method, url.path, query, call.headers, call.body)
    raise DatastoreMisconfigured(
        store,
        f"the pagination strategy {pagination.strategy!r} is not supported",
        "use offset, cursor or link",
    )
