"""The statements one request sends Waarborg's store and the organisation's datastore.

    python bench/request_statements.py /tmp/pw/pg-1m/privacy.yaml \\
        --store-url postgresql+psycopg://USER:PASSWORD@127.0.0.1:5432/EMPTY_DATABASE

On the data of ``bench/fides_shape.py`` (its ``privacy.yaml``): a few access requests
first (so every statement is compiled and cached), then per right (access, erasure)
one request through the workflow (verified to answered), counting with SQLAlchemy's
``before_cursor_execute`` and ``commit`` events the statements and commits sent to the
store and to the datastore. Each statement sent to PostgreSQL is a round trip;
psycopg's ``BEGIN`` and the pool's ``pre_ping`` are not seen by these events and are
not counted. The erasure changes the datastore (it erases one customer, as
``request_workflow.py`` does). Nothing is timed; the machine line is printed as by the
other benchmarks. With ``--show`` every statement is printed, its first 100 characters.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from waarborg import clock
from waarborg.datastores.registry import ConnectorPool
from waarborg.declaration.loader import load
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import present
from lookup_modes import connectors
from machine import describe
from request_workflow import TODAY, file_verified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml of bench/fides_shape.py")
    parser.add_argument("--store-url", help="Waarborg's own database (default: a temporary SQLite)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every statement")
    args = parser.parse_args(argv)
    print(describe())
    declaration = load(args.declaration)
    shop = sa.create_engine(str(next(iter(declaration.datastores.values())).url))
    with shop.connect() as connection:
        people = present(connection)
    shop.dispose()
    chosen = random.Random(args.seed).sample(people, 5)
    folder = Path(tempfile.mkdtemp(prefix="waarborg-statements-"))
    url = args.store_url or f"sqlite:///{folder / 'waarborg.db'}"
    migrate(url)
    settings = Settings(data_dir=folder, database_url=url, base_url="http://127.0.0.1:8000")
    database = Database(url)
    requests = Requests(database, declaration, settings)
    requests.connectors = ConnectorPool(declaration, enabled=connectors("folded"))
    sent: list[tuple[str, str]] = []
    counting = [False]

    def statement(conn: Any, _cursor: Any, text: str, *_rest: Any) -> None:
        if counting[0]:
            where = "store" if conn.engine is database.engine else "datastore"
            sent.append((where, " ".join(text.split())))

    def commit(conn: Any) -> None:
        if counting[0]:
            sent.append(("store" if conn.engine is database.engine else "datastore", "COMMIT"))

    event.listen(sa.engine.Engine, "before_cursor_execute", statement)
    event.listen(sa.engine.Engine, "commit", commit)
    print(f"store {database.dialect}, datastore {shop.dialect.name}")
    try:
        with clock.frozen(TODAY):
            for public_id in file_verified(requests, database, "access", chosen[:3], "folded"):
                requests.process(public_id)
            for kind, person in (("access", chosen[3]), ("erasure", chosen[4])):
                (public_id,) = file_verified(requests, database, kind, [person], "folded")
                sent.clear()
                counting[0] = True
                status = requests.process(public_id)
                counting[0] = False
                if status != RequestStatus.ANSWERED:
                    print(f"request {public_id} ended {status}, not answered", file=sys.stderr)
                    return 1
                counts = Counter(where for where, _ in sent)
                commits = Counter(where for where, text in sent if text == "COMMIT")
                print(
                    f"{kind:<8} store: {counts['store']} statements and commits "
                    f"({commits['store']} commits); datastore: {counts['datastore']} "
                    f"({commits['datastore']} commits)"
                )
                if args.show:
                    for where, text in sent:
                        print(f"  {where:<9} {text[:100]}")
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", statement)
        event.remove(sa.engine.Engine, "commit", commit)
        requests.close()
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
