"""The registry of recognizers: one class per module, each registered under its name.

The built-in recognizers are listed in ``BUILTIN`` by module, in the order in which
they win when two matches overlap by the same length. ``enabled`` builds the ones a
scan uses: all of them, less those switched off (the setting ``WAARBORG_SCAN_DISABLED``
or ``waarborg scan --ignore``), or only those selected (``--select``).

Adding a recognizer: see CONTRIBUTING.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection

from ...errors import UsageError
from .base import Recognizer, Span

__all__ = [
    "BUILTIN",
    "RECOGNIZERS",
    "Recognizer",
    "Span",
    "enabled",
    "names",
    "recognized_categories",
    "register",
]

#: Built-in recognizers: name -> module that registers it.
BUILTIN: dict[str, str] = {
    name: f"waarborg.scan.recognizers.{name}"
    for name in (
        "mrz",
        "iban",
        "btw",
        "payment_card",
        "bsn",
        "kvk",
        "passport",
        "id_card",
        "bic",
        "email",
        "ipv6",
        "ipv4",
        "phone",
        "date_of_birth",
        "postcode",
        "licence_plate",
        "person_name",
    )
}

RECOGNIZERS: dict[str, type[Recognizer]] = {}


def register(cls: type[Recognizer]) -> type[Recognizer]:
    """Register a recognizer class under its ``name``."""
    if cls.name in RECOGNIZERS and RECOGNIZERS[cls.name] is not cls:
        raise ValueError(f"duplicate recognizer name {cls.name}")
    RECOGNIZERS[cls.name] = cls
    return cls


def names() -> list[str]:
    """Every recognizer's name, built-in ones first, in order of precedence."""
    for module in BUILTIN.values():
        importlib.import_module(module)
    return [*BUILTIN, *(name for name in RECOGNIZERS if name not in BUILTIN)]


def enabled(
    disabled: Collection[str] = (), selected: Collection[str] | None = None
) -> list[Recognizer]:
    """Instances of the recognizers a scan uses, in order of precedence.

    Raises ``UsageError`` for a name that is not a recognizer.
    """
    known = names()
    unknown = sorted({*disabled, *(selected or ())} - set(known))
    if unknown:
        raise UsageError(
            f"unknown recognizer {', '.join(unknown)}; the recognizers are: {', '.join(known)}"
        )
    chosen = [
        name for name in known if name not in disabled and (selected is None or name in selected)
    ]
    return [RECOGNIZERS[name]() for name in chosen]


def recognized_categories() -> frozenset[str]:
    """The categories whose data a column of its own shows to the recognizers: each
    recognizer's first category, and a few that hold the same values."""
    names()
    return frozenset({cls.categories[0] for cls in RECOGNIZERS.values()}) | {
        "first_name",
        "last_name",
        "business_email",
        "business_phone",
    }
