"""What a change sends to a processor: masked values of the same type, and an update's
body from the definition's template (``<masked_object_fields>`` where the fields go)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .client import fill
from .definition import Request

__all__ = ["MARKERS", "MASK", "body_with", "is_masked", "masked_value", "moment", "set_path"]

MASK = "MASKED"

MARKERS = "<masked_object_fields>", "<all_object_fields>"

_MASKED_EMAIL = re.compile(r"masked-[0-9a-f]{16}@example\.com")


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def masked_value(value: Any, category: str | None) -> Any:
    """A value no longer about the person, of the same type where the API checks it."""
    if isinstance(value, str) and (category == "email" or "@" in value):
        digest = hashlib.sha256(value.encode()).hexdigest()[:16]
        return f"masked-{digest}@example.com"
    if isinstance(value, str):
        return MASK
    if isinstance(value, dict | list):
        return type(value)()
    return None


def is_masked(value: Any) -> bool:
    """Whether ``value`` is what ``masked_value`` sets: nothing left to mask."""
    if value in (None, "", MASK) or value == {} or value == []:
        return True
    return (
        isinstance(value, str)
        and re.fullmatch(r"masked-[0-9a-f]{16}@example\.com", value) is not None
    )


def body_with(request: Request, masked: dict[str, Any], values: Mapping[str, Any]) -> Any:
    """The update's body: its template, placeholders filled, with the masked (or
    changed) fields where the template says ``<masked_object_fields>``."""
    if request.body is None:
        return masked
    merged = dict(values)
    text = fill(
        request.body,
        {k: json.dumps(v)[1:-1] if isinstance(v, str) else v for k, v in merged.items()},
    )
    for marker in MARKERS:
        text = text.replace(marker, '"__fields__": 0')
    try:
        template = json.loads(text) if text.strip() else {}
    except ValueError:
        return masked

    def put(node: Any) -> bool:
        if isinstance(node, dict):
            if "__fields__" in node:
                del node["__fields__"]
                node.update(masked)
                return True
            return any(put(child) for child in node.values())
        return False

    if not put(template) and isinstance(template, dict):
        template.update(masked)
    return template


def moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None
