"""SQL databases: every table and column that SQLAlchemy reflects, through the same
connection handling as the datastore connector (``datastores.engine``).

Per column, a sample of values is judged together with the column's name. The sample
is ``sample`` rows taken in ten blocks spread evenly over the table (``LIMIT`` and
``OFFSET``, which every database has); ``sample=None`` scans every row, in batches.
Binary columns and booleans are skipped; numbers and dates are read as text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from ...datastores.engine import create_engine, quiet_reflection, translated
from ..engine import ColumnResult, Scanner
from ..findings import Place, Scan
from ..progress import Progress, Silent
from ..tabular import from_result

__all__ = ["BATCH", "BLOCKS", "scan_database"]

#: Rows fetched at a time in a full scan.
BATCH = 20_000
#: The blocks a sample is spread over.
BLOCKS = 10

_SKIPPED = (sa.types.LargeBinary, sa.types.Boolean, sa.types.PickleType)


def scan_database(
    scanner: Scanner,
    url: str,
    *,
    key: str | None = None,
    sample: int | None = 1000,
    tables: Collection[str] | None = None,
    progress: Progress | None = None,
) -> Scan:
    """Scan the database at ``url``; ``key`` names the declared datastore it is.

    Raises ``DatastoreError`` (unavailable or misconfigured) when it cannot be read.
    """
    progress = progress or Silent()
    name = key or "scan"
    engine = create_engine(name, url, {"sqlite_foreign_keys": False})
    source = key or engine.url.render_as_string(hide_password=True)
    scan = Scan(sources=[source])
    try:
        with translated(name), engine.connect() as connection:
            inspector = sa.inspect(connection)
            names = [t for t in inspector.get_table_names() if tables is None or t in tables]
            metadata = sa.MetaData()
            for table_name in names:
                with quiet_reflection():
                    table = sa.Table(table_name, metadata, autoload_with=connection)
                columns = [c for c in table.columns if not isinstance(c.type, _SKIPPED)]
                if not columns:
                    continue
                results = _scan_table(scanner, connection, table, columns, sample, progress)
                for column, result in zip(columns, results, strict=True):
                    place = Place(source, table_name, column.name, datastore=key)
                    found, scanned = from_result(scanner, place, result, column.name)
                    scan.findings.extend(found)
                    scan.columns.append(scanned)
    finally:
        engine.dispose()
    return scan


def _scan_table(
    scanner: Scanner,
    connection: sa.Connection,
    table: sa.Table,
    columns: Sequence[sa.Column[Any]],
    sample: int | None,
    progress: Progress,
) -> list[ColumnResult]:
    total = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    wanted = total if sample is None else min(total, sample)
    progress.task(table.name, wanted)
    results = [ColumnResult() for _ in columns]
    for rows in _batches(connection, table, columns, total, sample):
        for index, column in enumerate(columns):
            values = [_text(row[index]) for row in rows]
            results[index].add(scanner.column(values, hint=column.name))
        progress.advance(len(rows))
    return results


def _batches(
    connection: sa.Connection,
    table: sa.Table,
    columns: Sequence[sa.Column[Any]],
    total: int,
    sample: int | None,
) -> Iterator[Sequence[Any]]:
    query = sa.select(*columns)
    if sample is None or total <= sample:
        result = connection.execution_options(stream_results=True).execute(query)
        while rows := result.fetchmany(BATCH):
            yield rows
        return
    block = max(1, sample // BLOCKS)
    step = total // BLOCKS
    for index in range(BLOCKS):
        rows = connection.execute(query.limit(block).offset(index * step)).fetchall()
        if rows:
            yield rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | memoryview):
        return ""
    return str(value)
