"""Time ``waarborg scan`` over a SQLite table of 1,000,000 rows by 20 columns, sampled.

Builds the table once in ``bench/data/scan/customers.sqlite`` (git-ignored): customers
with names, e-mail addresses, phone numbers, BSNs, IBANs, postcodes, dates of birth, IP
addresses, notes and bookkeeping columns, drawn from pools of generated values. Then
runs ``waarborg scan sqlite:///... --format json`` as a fresh process for each round
(start-up, reflection, the sample and the report included) and prints the median, with
the ratio to the budget of 60 seconds.

    python bench/scan_database.py --rows 1000000 --rounds 3
    python bench/scan_database.py --full --rounds 1     # every row instead
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from faker import Faker
from machine import describe
from stdnum.nl import bsn

from waarborg.demo import numbers

OUT = Path(__file__).resolve().parent / "data" / "scan"
BUDGET = 60.0
COLUMNS = (
    "id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, "
    "bsn TEXT, iban TEXT, street TEXT, postcode TEXT, city TEXT, date_of_birth TEXT, "
    "ip_address TEXT, notes TEXT, status TEXT, plan TEXT, amount_cents INTEGER, "
    "order_count INTEGER, created_at TEXT, updated_at TEXT, referral_code TEXT"
)


def _pools(rng: random.Random, size: int = 5000) -> dict[str, list[object]]:
    faker = Faker("nl_NL")
    faker.seed_instance(7)

    def valid_bsn() -> str:
        while True:
            number = f"{rng.randint(100_000_000, 999_999_999)}"
            if bsn.is_valid(number):
                return number

    return {
        "first_name": [faker.first_name() for _ in range(size)],
        "last_name": [faker.last_name() for _ in range(size)],
        "email": [faker.email() for _ in range(size)],
        "phone": [numbers.mobile(rng) for _ in range(size)],
        "bsn": [valid_bsn() for _ in range(size)],
        "iban": [numbers.iban(rng)[0] for _ in range(size)],
        "street": [faker.street_address() for _ in range(size)],
        "postcode": [numbers.postcode(rng, 1000, 9999) for _ in range(size)],
        "city": [faker.city() for _ in range(size)],
        "date_of_birth": [str(faker.date_of_birth(minimum_age=18)) for _ in range(size)],
        "ip_address": [faker.ipv4() for _ in range(size)],
        "notes": [faker.sentence() for _ in range(size)],
        "status": ["active", "ended", "prospect"],
        "plan": ["basis", "plus", "zakelijk"],
        "created_at": [str(faker.date_time_this_decade()) for _ in range(size)],
        "referral_code": [faker.bothify("??-####").upper() for _ in range(size)],
    }


def build(path: Path, rows: int) -> None:
    rng = random.Random(11)
    pools = _pools(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE customers ({COLUMNS})")
        batch: list[tuple[object, ...]] = []
        for number in range(1, rows + 1):
            pick = {key: values[rng.randrange(len(values))] for key, values in pools.items()}
            batch.append(
                (
                    number, pick["first_name"], pick["last_name"], pick["email"],
                    pick["phone"], pick["bsn"], pick["iban"], pick["street"],
                    pick["postcode"], pick["city"], pick["date_of_birth"],
                    pick["ip_address"], pick["notes"], pick["status"], pick["plan"],
                    rng.randint(0, 100_000), rng.randint(0, 50), pick["created_at"],
                    pick["created_at"], pick["referral_code"],
                )
            )  # fmt: skip
            if len(batch) == 50_000:
                db.executemany(f"INSERT INTO customers VALUES ({', '.join('?' * 20)})", batch)
                batch.clear()
        if batch:
            db.executemany(f"INSERT INTO customers VALUES ({', '.join('?' * 20)})", batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="Time a scan of every row.")
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    path = OUT / f"customers-{args.rows}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.rows)
        print(f"built {path} in {time.perf_counter() - started:.0f} s")
    rows = ["--full"] if args.full else ["--sample", str(args.sample)]
    command = [
        sys.executable, "-m", "waarborg", "scan", f"sqlite:///{path}",
        *rows, "--format", "json", "--no-progress",
    ]  # fmt: skip
    seconds: list[float] = []
    report: dict[str, object] = {}
    for _ in range(args.rounds):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        report = json.loads(done.stdout)
    median = statistics.median(seconds)
    findings = report["findings"]
    assert isinstance(findings, list)
    kinds = sorted({f"{f['place']['column']}={f['kind']}" for f in findings})
    print(
        f"waarborg scan, {args.rows:,} rows x 20 columns, "
        f"{'every row' if args.full else f'sample {args.sample}'}: "
        f"median {median:.2f} s (rounds: {', '.join(f'{s:.2f}' for s in seconds)}); "
        f"ratio to the {BUDGET:.0f} s budget: {median / BUDGET:.3f}"
    )
    print(f"found: {', '.join(kinds)}")


if __name__ == "__main__":
    main()
