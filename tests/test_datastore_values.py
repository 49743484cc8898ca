"""A rectification's values against the column's type: converted as the column takes
them, or refused with a sentence for staff, before anything is written."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from waarborg.datastores.values import convert


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (sa.Integer(), 42, 42),
        (sa.Integer(), " 42 ", 42),
        (sa.Integer(), 42.0, 42),
        (sa.BigInteger(), 2**40, 2**40),
        (sa.Numeric(10, 2), "12.50", Decimal("12.50")),
        (sa.Float(), 1, 1.0),
        (sa.Boolean(), "yes", True),
        (sa.Boolean(), False, False),
        (sa.Date(), "2026-03-02", date(2026, 3, 2)),
        (sa.DateTime(), "2026-03-02T09:30", datetime(2026, 3, 2, 9, 30)),
        (sa.Time(), "09:30", time(9, 30)),
        (sa.String(10), "Jansen", "Jansen"),
        (sa.Text(), "regel\nregel", "regel\nregel"),
        (sa.Enum("a", "b"), "b", "b"),
        (sa.JSON(), {"any": ["thing"]}, {"any": ["thing"]}),
    ],
)
def test_a_value_the_column_takes(kind: Any, value: Any, expected: Any) -> None:
    assert convert(sa.Column("c", kind), value) == expected


@pytest.mark.parametrize(
    ("kind", "value", "why"),
    [
        (sa.Integer(), "veel", "give a whole number, not 'veel'"),
        (sa.Integer(), True, "not true or false"),
        (sa.Integer(), 2**31, "too large"),
        (sa.SmallInteger(), 40_000, "too large"),
        (sa.Numeric(4, 2), "123.5", "more digits than the column holds"),
        (sa.Numeric(), "NaN", "finite"),
        (sa.Boolean(), "misschien", "give true or false"),
        (sa.Date(), "gisteren", "give a date as 2026-03-02"),
        (sa.Date(), "2026-02-30", "give a date"),
        (sa.DateTime(), 5, "give a date and time"),
        (sa.String(5), "Jansen", "at most 5 characters"),
        (sa.String(), 612345678, "give text (in quotes)"),
        (sa.Text(), "a\x00b", "NUL character"),
        (sa.Enum("a", "b"), "c", "choose one of: a, b"),
    ],
)
def test_a_value_the_column_does_not_take(kind: Any, value: Any, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(").replace(")", r"\)")):
        convert(sa.Column("c", kind), value)


def test_null_only_where_the_column_allows_it() -> None:
    assert convert(sa.Column("c", sa.Text(), nullable=True), None) is None
    with pytest.raises(ValueError, match="cannot be empty"):
        convert(sa.Column("c", sa.Text(), nullable=False), None)


def test_an_sqlite_integer_holds_64_bits() -> None:
    assert convert(sa.Column("c", sa.Integer()), 2**40, "sqlite") == 2**40
