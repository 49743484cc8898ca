"""The one way the importer says a statement cannot be read: ``StatementUnreadable``
with its reason, worded in English from ``i18n/en/import_read.yaml``."""

from __future__ import annotations

from .. import i18n
from ..errors import StatementUnreadable

__all__ = ["fail"]


def fail(source: str, reason: str, **details: object) -> StatementUnreadable:
    """The error for ``source`` that cannot be read for ``reason``, ``details``
    filling in its wording (``import_read.reasons.<reason>``)."""
    words = {key: str(value) for key, value in details.items()}
    message = i18n.t(f"import_read.reasons.{reason}", "en", source=source, **words)
    return StatementUnreadable(source, reason, message, words)
