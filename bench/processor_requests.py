"""Benchmark: access and erasure requests on a MariaDB datastore with one processor
connector beside it, against the same requests on SQLite and on MariaDB alone, in
the same run.

The datastores are ``bench/fides_shape.py``'s (the same customers on SQLite and on
MariaDB). The processor is Stripe, reached through the shipped Fides definition and
Waarborg's processor connector, over local HTTP to the fake of Stripe's API in
``tests/fakes/stripe.py`` (a threaded server in this process): it holds one customer
for each person asked about, so every request finds the person at Stripe too. What it
measures is Waarborg's own work per request (the SQL of the datastore, the definition's
calls and their answers); a real processor adds its network latency, which no local
run can give.

Rows, one request of each kind per person, each row on people of its own:

- ``sqlite``: the SQL connector on SQLite (the earlier figures);
- ``mariadb``: the SQL connector on MariaDB;
- ``mariadb + stripe``: the MariaDB datastore, then the Stripe connector, for each
  request (an erasure anonymises the customer at Stripe);
- ``stripe``: the Stripe connector alone.

It prints the median and 95th percentile per row and kind (with the HTTP calls each
request made to Stripe), the ratios of the medians
(MariaDB + Stripe against MariaDB, MariaDB against SQLite) and the machine's line.

    python bench/fides_shape.py --customers 20000 --out /tmp/procbench/sqlite-20k
    python bench/fides_shape.py --customers 20000 --out /tmp/procbench/mariadb-20k \\
        --url 'mysql+pymysql://USER:PASSWORD@127.0.0.1:3306/DB?charset=utf8mb4'
    python bench/processor_requests.py /tmp/procbench/sqlite-20k/privacy.yaml \\
        /tmp/procbench/mariadb-20k/privacy.yaml --requests 50 --seed 13
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from waarborg import clock
from waarborg.datastores.base import Connector
from waarborg.datastores.registry import connect
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fides_shape import email, present
from machine import describe
from tests.fakes.stripe import Stripe

#: The day the erasures run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
KEY = "sk_test_bench"
STRIPE = """\
waarborg: 1
controller: {{name: Bench BV, email: privacy@bench.example, address: {{country: NL}}}}
categories: {{name: {{}}, email: {{}}, address: {{}}}}
datastores:
  betalingen:
    connector: stripe
    base_url: {url}
    secrets: {{api_key: WAARBORG_BENCH_STRIPE_KEY}}
    tables:
      customer:
        columns: {{email: email, name: name, address.city: address}}
"""

Request = Callable[[dict[str, str]], Any]


def _times(run: Request, people: list[int]) -> list[float]:
    out = []
    for n in people:
        begin = time.perf_counter()
        run({"email": email(n)})
        out.append(time.perf_counter() - begin)
    return out


def _both(first: Connector, second: Connector, kind: str) -> Request:
    def run(identity: dict[str, str]) -> None:
        getattr(first, kind)(identity)
        getattr(second, kind)(identity)

    return run


def _line(row: str, kind: str, latencies: list[float]) -> str:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    return f"{kind:<8} {row:<18} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sqlite", type=Path, help="privacy.yaml of fides_shape.py on SQLite")
    parser.add_argument("mariadb", type=Path, help="privacy.yaml of fides_shape.py on MariaDB")
    parser.add_argument("--store", default="shop")
    parser.add_argument("--requests", type=int, default=50, help="per row and kind")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)

    lite = connect(load(args.sqlite), args.store)
    maria = connect(load(args.mariadb), args.store)
    assert isinstance(lite, SqlConnector) and isinstance(maria, SqlConnector)
    assert maria.engine.dialect.name in ("mysql", "mariadb"), "the second must be MariaDB"
    with maria.engine.connect() as connection:
        people = present(connection)
    with lite.engine.connect() as connection:
        people = sorted(set(people) & set(present(connection)))
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    k = args.requests
    rows = ("sqlite", "mariadb", "mariadb + stripe", "stripe")
    chosen = rng.sample(people, 2 * k * len(rows))
    readers = {row: chosen[2 * i * k : (2 * i + 1) * k] for i, row in enumerate(rows)}
    erased = {row: chosen[(2 * i + 1) * k : (2 * i + 2) * k] for i, row in enumerate(rows)}

    api = Stripe(KEY).start()
    os.environ["WAARBORG_BENCH_STRIPE_KEY"] = KEY
    for row in ("mariadb + stripe", "stripe"):
        for n in readers[row] + erased[row]:
            api.add_customer(email(n), f"Klant {n}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "privacy.yaml"
        path.write_text(STRIPE.format(url=api.url))
        stripe = connect(load(path), "betalingen")
    try:
        print(
            f"processor_requests: {len(people):,} customers on SQLite and MariaDB "
            f"({maria.engine.dialect.server_version_info}), Stripe's fake at {api.url} with "
            f"{len(api.customers)} customers; {k} requests per row and kind, "
            f"{os.cpu_count()} cores"
        )
        print(describe())
        for connector in (lite, maria, stripe):  # warm up: reflection, connections
            for n in rng.sample(people, 3):
                connector.access({"email": email(n)})
        runs: dict[str, dict[str, Request]] = {
            "sqlite": {"access": lite.access, "erasure": lite.erase},
            "mariadb": {"access": maria.access, "erasure": maria.erase},
            "mariadb + stripe": {
                "access": _both(maria, stripe, "access"),
                "erasure": _both(maria, stripe, "erase"),
            },
            "stripe": {"access": stripe.access, "erasure": stripe.erase},
        }
        found = stripe.access({"email": email(readers["stripe"][0])})
        assert len(found.get("customer", [])) == 1, "Stripe's fake must hold the person"
        medians: dict[tuple[str, str], float] = {}
        for kind, people_of in (("access", readers), ("erasure", erased)):
            with clock.frozen(TODAY):
                for row in rows:
                    before = len(api.calls)
                    latencies = _times(runs[row][kind], people_of[row])
                    medians[row, kind] = statistics.median(latencies)
                    calls = (len(api.calls) - before) / len(latencies)
                    print(_line(row, kind, latencies) + f"   {calls:4.1f} calls to Stripe each")
        masked = sum(1 for c in api.customers.values() if c["name"] == "MASKED")
        assert masked == 2 * k, f"every erasure must reach Stripe ({masked} of {2 * k})"
        for kind in ("access", "erasure"):
            with_stripe = medians["mariadb + stripe", kind] / medians["mariadb", kind]
            maria_lite = medians["mariadb", kind] / medians["sqlite", kind]
            print(
                f"{kind:<8} median (mariadb + stripe) / mariadb {with_stripe:.2f}   "
                f"mariadb / sqlite {maria_lite:.2f}"
            )
    finally:
        for connector in (lite, maria, stripe):
            connector.close()
        api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
