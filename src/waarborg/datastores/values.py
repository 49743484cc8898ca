"""A value for a column of the organisation's database, checked against the column's
type before anything is written: the values of a rectification, which staff give as
JSON (text, numbers, true/false, ``null``).

``convert`` returns the value as the column takes it (a ``date`` for a DATE column
from ``"2026-03-02"``, an ``int`` from ``"42"``) or raises ``ValueError`` with a
sentence for staff. A value the database would refuse, or worse, silently store in
the wrong shape (SQLite keeps ``"abc"`` in an INTEGER column), never reaches it. Types
it does not know (JSON, binary, a database's own) pass unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from ..plaintext import problem

__all__ = ["Kind", "convert", "kind_of"]

_INTEGER = re.compile(r"^[+-]?\d+$")
_BITS = {sa.SmallInteger: 16, sa.BigInteger: 64}
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _integer(value: Any, bits: int) -> int:
    if isinstance(value, bool):
        raise ValueError("give a whole number, not true or false")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        value = int(value.strip())
    if not isinstance(value, int):
        raise ValueError(f"give a whole number, not {value!r}")
    bound = 2 ** (bits - 1)
    if not -bound <= value < bound:
        raise ValueError(f"{value} is too large for this column")
    return value


def _number(kind: sa.Numeric[Any], value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("give a number, not true or false")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"give a number, not {value!r}") from None
    if not number.is_finite():
        raise ValueError("give a finite number")
    precision, scale = getattr(kind, "precision", None), getattr(kind, "scale", None) or 0
    if precision is not None and number.adjusted() + 1 > precision - scale:
        raise ValueError(f"{number} has more digits than the column holds ({precision})")
    return float(number) if isinstance(kind, sa.Float) else number


def _moment(kind: sa.types.TypeEngine[Any], value: Any) -> Any:
    if isinstance(kind, sa.DateTime):
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(f"give a date and time as 2026-03-02T09:30, not {value!r}")
    if isinstance(kind, sa.Date):
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(f"give a date as 2026-03-02, not {value!r}")
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"give a time as 09:30, not {value!r}")


def _text(kind: sa.String, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"give text (in quotes), not {value!r}")
    wrong = problem(value)
    if wrong is not None:
        raise ValueError(wrong)
    if kind.length is not None and len(value) > kind.length:
        raise ValueError(f"at most {kind.length} characters fit, not {len(value)}")
    return value


def convert(column: sa.Column[Any], value: Any, dialect: str = "") -> Any:
    """``value`` as ``column`` takes it; ``ValueError`` with the reason otherwise.
    ``dialect`` is the database's (``sqlite``: every integer column holds 64 bits)."""
    if value is None:
        if not column.nullable:
            raise ValueError("cannot be empty: the column requires a value")
        return None
    kind = column.type
    if isinstance(kind, sa.Enum) and kind.enums:
        if value not in kind.enums:
            raise ValueError(f"choose one of: {', '.join(kind.enums)}")
        return value
    if isinstance(kind, sa.Boolean):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | str) and str(value).strip().lower() in _TRUE | _FALSE:
            return str(value).strip().lower() in _TRUE
        raise ValueError(f"give true or false, not {value!r}")
    if isinstance(kind, sa.Integer):
        bits = next((size for base, size in _BITS.items() if isinstance(kind, base)), 32)
        return _integer(value, 64 if dialect == "sqlite" else bits)
    if isinstance(kind, sa.Numeric):
        return _number(kind, value)
    if isinstance(kind, sa.DateTime | sa.Date | sa.Time):
        return _moment(kind, value)
    if isinstance(kind, sa.String):
        return _text(kind, value)
    return value


@dataclass(frozen=True)
class Kind:
    """What a column takes, for a form that asks for a value: ``text`` (at most
    ``length`` characters, when limited), ``integer``, ``number``, ``date``,
    ``datetime``, ``time``, ``boolean``, ``choice`` (one of ``choices``) or ``other``
    (a type ``convert`` passes unchanged). ``required``: it cannot be empty."""

    name: str
    length: int | None = None
    choices: tuple[str, ...] = ()
    required: bool = False


def kind_of(column: sa.Column[Any]) -> Kind:
    """What ``column`` takes, in the terms ``convert`` checks."""
    kind = column.type
    required = not column.nullable
    if isinstance(kind, sa.Enum) and kind.enums:
        return Kind("choice", choices=tuple(kind.enums), required=required)
    names: list[tuple[type[Any], str]] = [
        (sa.Boolean, "boolean"),
        (sa.Integer, "integer"),
        (sa.Numeric, "number"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.Time, "time"),
    ]
    for base, name in names:
        if isinstance(kind, base):
            return Kind(name, required=required)
    if isinstance(kind, sa.String):
        return Kind("text", length=kind.length, required=required)
    return Kind("other", required=required)
