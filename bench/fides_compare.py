"""Benchmark: access and erasure requests in Waarborg and in Fides, on the same PostgreSQL data.

It takes a declaration written by ``bench/fides_shape.py`` for a PostgreSQL database and
the Fides dataset file written beside it (labelled as Fides' own sample project labels
its tables: a column that ties a row to the person, such as ``orders.customer_id``, is
``user.unique_id``), and runs the two systems' requests interleaved: a Waarborg request,
then a Fides request, then the next pair with Fides first, so that the load on a shared
machine and the warmth of the shop's caches hit both alike.

Both sides are timed the same way: **from the submission of the request to its answer
being stored**.

- Waarborg: ``Requests.file`` (the request as the privacy centre files it), then marked
  verified as the subject's link would (Fides runs with identity verification off), then
  ``Requests.process``: claim, execute on the datastore, build the export zip and store it
  (access) or erase (erasure), queue the mail, request events and audit entries, with
  Waarborg's own store in PostgreSQL (``--store-url``) as Fides keeps its own there.
  In-process calls, no HTTP.
- Fides: ``POST /api/v1/privacy-request`` with the person's email and a policy, then
  ``GET /api/v1/privacy-request?request_id=...`` until the request is ``complete``
  (its access result then written to local storage). Fides runs with Celery's
  ``task_always_eager``, so the whole request runs inside the POST, in the webserver's
  process. Over HTTP on localhost: the median round trip of ``GET /health`` is printed
  beside the figures, so a reader can see what HTTP itself adds.

The datastore connector alone (``bench/datastore_requests.py``'s measure) is also timed
on the same customers, after the interleaved runs, to show what Waarborg's workflow adds.

Access requests go to the same customers in both systems; erasures are destructive, so
each system erases its own customers, all chosen at random among those not yet erased.
After the access runs, both exports of every customer are compared row by row: per table
the rows each system returned and the rows that differ, compared on the columns both
returned (Fides returns only the fields in the policy's data categories). The script prints
the machine (``bench/machine.py``, with ``python -c pass``), the medians and the ratio
Fides / Waarborg for access and for erasure, and the versions. A request that does not
end answered (Waarborg) or complete (Fides) stops the benchmark.

Fides lives in its own virtualenv, outside this repository, and needs Redis and an
application database of its own in PostgreSQL::

    python3 -m venv /work/fides-venv && /work/fides-venv/bin/pip install ethyca-fides==2.78.2
    apt-get install -y redis-server && redis-server --daemonize yes
    su postgres -c "psql -c \\"CREATE ROLE fides LOGIN PASSWORD 'fides'\\""
    su postgres -c "psql -c 'CREATE DATABASE fides OWNER fides'"
    python bench/fides_shape.py --customers 10000 --out /work/bench-data/pg-10k \\
        --url postgresql+psycopg://USER:PASSWORD@127.0.0.1/DATABASE
    python bench/fides_compare.py /work/bench-data/pg-10k/privacy.yaml \\
        --fides-venv /work/fides-venv [--requests 30]

With ``--fides-venv`` and no Fides answering at ``--fides-url``, the script writes a
``fides.toml`` into ``--fides-home``, starts ``fides webserver`` from the virtualenv,
and stops it at the end. On a running Fides, pass its root client with ``--client-id``
and ``--client-secret``, and its ``fides_uploads`` folder with ``--fides-uploads``.
Setting up Fides (storage, connection, dataset, policies) is idempotent and not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.datastores.registry import connect
from waarborg.datastores.sql import SqlConnector
from waarborg.declaration.loader import load
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store import Database, migrate
from waarborg.store.enums import RequestStatus
from waarborg.store.models import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fides_shape import email, present
from machine import describe

#: The day the erasures run on, as the generator counts invoice dates from.
TODAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CONNECTION = "bench_shop"
STORAGE = "bench_local"
ACCESS_POLICY = "bench_access"
ERASURE_POLICY = "bench_erasure"
#: Statuses after which a Fides request does no more work.
FINAL = {"complete", "error", "canceled", "denied", "paused", "requires_input"}
FIDES_TOML = """\
[database]
server = "{db_host}"
port = "{db_port}"
user = "{db_user}"
password = "{db_password}"
db = "{db_name}"

[redis]
host = "{redis_host}"
port = {redis_port}
password = ""

[security]
env = "dev"
app_encryption_key = "{encryption_key}"
oauth_root_client_id = "{client_id}"
oauth_root_client_secret = "{client_secret}"

[execution]
require_manual_request_approval = false
subject_identity_verification_required = false
# Fides' watchdog for requests whose Celery task died: with task_always_eager there is
# no queued task, and a request still running when it looks (every 300 s by default)
# was cancelled and ended in "error" on a slow machine. A day apart, it does not look
# during a run.
interrupted_task_requeue_interval = 86400

[celery]
task_always_eager = true

[logging]
level = "WARNING"

[user]
analytics_opt_out = true
"""


class FidesError(RuntimeError):
    """Fides answered with an error, or a request did not complete."""


@dataclass
class Fides:
    """A small client of the Fides API, with the root OAuth client."""

    url: str
    client_id: str
    client_secret: str
    token: str = ""
    uploads: Path | None = None

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/api/v1{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            raise FidesError(f"{method} {path}: {error.code} {error.read()[:2000]!r}") from None

    def log_in(self) -> None:
        form = (
            f"grant_type=client_credentials&client_id={self.client_id}"
            f"&client_secret={self.client_secret}"
        ).encode()
        request = urllib.request.Request(f"{self.url}/api/v1/oauth/token", data=form)
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        with urllib.request.urlopen(request, timeout=60) as answer:
            self.token = json.loads(answer.read())["access_token"]

    def bulk(self, method: str, path: str, items: list[dict[str, Any]]) -> None:
        """A bulk create-or-update, which answers 200 with the items that failed."""
        answer = self.call(method, path, items)
        if isinstance(answer, dict) and answer.get("failed"):
            raise FidesError(f"{method} {path}: {answer['failed']}")

    def request(self, who: str, policy: str) -> tuple[str, float, float]:
        """Submit one privacy request and wait for it: its id, the seconds to completion
        and the seconds the submission itself took."""
        begin = time.perf_counter()
        answer = self.call(
            "POST", "/privacy-request", [{"identity": {"email": who}, "policy_key": policy}]
        )
        submitted = time.perf_counter() - begin
        if answer["failed"] or not answer["succeeded"]:
            raise FidesError(f"privacy request for {who} not created: {answer['failed']}")
        request_id: str = answer["succeeded"][0]["id"]
        status = answer["succeeded"][0].get("status")
        while status not in FINAL:  # at once, then every 5 ms
            found = self.call("GET", f"/privacy-request?request_id={request_id}")
            status = found["items"][0]["status"]
            if status not in FINAL:
                time.sleep(0.005)
        total = time.perf_counter() - begin
        if status != "complete":
            raise FidesError(f"privacy request {request_id} for {who} ended {status}")
        return request_id, total, submitted


@dataclass
class Figures:
    """The latencies of one kind of request in one system."""

    latencies: list[float] = field(default_factory=list)
    submitted: list[float] = field(default_factory=list)
    #: SQL statements per request (Waarborg's connector)
    statements: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    def line(self, label: str) -> str:
        p95 = statistics.quantiles(self.latencies, n=20)[-1] if len(self.latencies) > 1 else 0
        text = (
            f"{label:<18} median {self.median * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   "
            f"min {min(self.latencies) * 1000:8.1f} ms   ({len(self.latencies)} requests)"
        )
        if self.statements:
            text += f"\n{'':<18} {self.statements:.1f} SQL statements each, in 1 transaction"
        if self.submitted:
            posted = statistics.median(self.submitted) * 1000
            text += f"\n{'':<18} the POST alone: median {posted:.1f} ms"
        return text


def set_up_fides(fides: Fides, url: sa.URL, dataset: dict[str, Any]) -> None:
    """Storage, connection, dataset and the two policies: idempotent upserts."""
    fides.bulk(
        "PATCH",
        "/storage/config",
        [
            {
                "name": "Benchmark local storage",
                "key": STORAGE,
                "type": "local",
                "details": {"naming": "request_id"},
                "format": "json",
            }
        ],
    )
    fides.bulk(
        "PATCH",
        "/connection",
        [
            {
                "name": "Benchmark shop",
                "key": CONNECTION,
                "connection_type": "postgres",
                "access": "write",
            }
        ],
    )
    fides.call(
        "PUT",
        f"/connection/{CONNECTION}/secret",
        {
            "host": url.host or "127.0.0.1",
            "port": url.port or 5432,
            "username": url.username,
            "password": url.password,
            "dbname": url.database,
        },
    )
    fides.bulk("PATCH", f"/connection/{CONNECTION}/dataset", [dataset])
    fides.bulk(
        "PATCH",
        "/dsr/policy",
        [
            {"name": "Benchmark access", "key": ACCESS_POLICY},
            {"name": "Benchmark erasure", "key": ERASURE_POLICY},
        ],
    )
    fides.bulk(
        "PATCH",
        f"/dsr/policy/{ACCESS_POLICY}/rule",
        [
            {
                "name": "Access to all personal data",
                "key": "bench_access_rule",
                "action_type": "access",
                "storage_destination_key": STORAGE,
            }
        ],
    )
    fides.bulk(
        "PATCH",
        f"/dsr/policy/{ACCESS_POLICY}/rule/bench_access_rule/target",
        [{"name": "All user data", "key": "bench_access_user", "data_category": "user"}],
    )
    # Emails are NOT NULL and unique in the customer table, so they get Fides' default
    # strategy (an HMAC); every other personal field is set to NULL.
    fides.bulk(
        "PATCH",
        f"/dsr/policy/{ERASURE_POLICY}/rule",
        [
            {
                "name": "Erase personal data",
                "key": "bench_erasure_null",
                "action_type": "erasure",
                "masking_strategy": {"strategy": "null_rewrite", "configuration": {}},
            },
            {
                "name": "Erase emails",
                "key": "bench_erasure_email",
                "action_type": "erasure",
                "masking_strategy": {"strategy": "hmac", "configuration": {}},
            },
        ],
    )
    # Fides masks a key column like any other and would set visit.last_visit (part of
    # visit's primary key, browsing history) to NULL, which PostgreSQL refuses: browsing
    # history is left out, and Fides still reads visit and rewrites its email.
    nulled = ["user.name", "user.contact.address", "user.financial", "user.authorization"]
    targets = f"/dsr/policy/{ERASURE_POLICY}/rule/bench_erasure_null/target"
    wanted = {"bench_null_" + category.replace(".", "_"): category for category in nulled}
    for target in fides.call("GET", targets)["items"]:
        if target["key"] not in wanted:
            fides.call("DELETE", f"{targets}/{target['key']}")
    fides.bulk(
        "PATCH",
        targets,
        [
            {"name": category, "key": key, "data_category": category}
            for key, category in wanted.items()
        ],
    )
    fides.bulk(
        "PATCH",
        f"/dsr/policy/{ERASURE_POLICY}/rule/bench_erasure_email/target",
        [
            {
                "name": "user.contact.email",
                "key": "bench_email",
                "data_category": "user.contact.email",
            }
        ],
    )


def fides_dataset(path: Path) -> dict[str, Any]:
    """The dataset of ``fides_dataset.yml``, checked to give every field a data_type:
    Fides skips a field without one, in access and in erasure."""
    dataset: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))["dataset"][0]
    untyped = [
        f"{collection['name']}.{each['name']}"
        for collection in dataset["collections"]
        for each in collection["fields"]
        if not (each.get("fides_meta") or {}).get("data_type")
    ]
    if untyped:
        raise SystemExit(f"{path}: fields without a data_type: {', '.join(untyped)}")
    return dataset


@contextmanager
def fides_server(args: argparse.Namespace, fides: Fides) -> Iterator[None]:
    """Fides at ``--fides-url``: the one running there, or one started from ``--fides-venv``."""
    if _healthy(fides.url):
        yield
        return
    if args.fides_venv is None:
        raise SystemExit(f"no Fides answers at {fides.url}; pass --fides-venv to start one")
    home: Path = args.fides_home
    home.mkdir(parents=True, exist_ok=True)
    (home / "fides_uploads").mkdir(exist_ok=True)
    db = sa.make_url(args.fides_db)
    redis_host, _, redis_port = args.redis.partition(":")
    config = home / "fides.toml"
    config.write_text(
        FIDES_TOML.format(
            db_host=db.host or "127.0.0.1",
            db_port=db.port or 5432,
            db_user=db.username or "",
            db_password=db.password or "",
            db_name=db.database or "",
            redis_host=redis_host,
            redis_port=int(redis_port or 6379),
            encryption_key=args.encryption_key,
            client_id=fides.client_id,
            client_secret=fides.client_secret,
        ),
        "utf-8",
    )
    port = fides.url.rsplit(":", 1)[-1].strip("/")
    log = (home / "webserver.log").open("ab")
    server = subprocess.Popen(
        [str(args.fides_venv / "bin" / "fides"), "webserver", "--port", port],
        cwd=home,
        env={**os.environ, "FIDES__CONFIG_PATH": str(config)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    fides.uploads = home / "fides_uploads"
    try:
        deadline = time.monotonic() + 300
        while not _healthy(fides.url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Fides did not start; see {home / 'webserver.log'}")
            time.sleep(1)
        print(f"started Fides from {args.fides_venv} (log: {home / 'webserver.log'})")
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as answer:
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def _fides_version(fides: Fides) -> str:
    with urllib.request.urlopen(f"{fides.url}/health", timeout=5) as answer:
        return str(json.loads(answer.read()).get("version"))


def machine(engine: sa.Engine, venv: Path | None) -> list[str]:
    """The machine and the versions, one line each."""
    cpu = "?"
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    with engine.connect() as connection:
        server = str(connection.execute(sa.text("SELECT version()")).scalar_one()).split(" on ")[0]
    fides_python = "?"
    if venv is not None:
        run = subprocess.run(
            [str(venv / "bin" / "python"), "--version"], capture_output=True, text=True, check=False
        )
        fides_python = run.stdout.strip() or run.stderr.strip()
    return [
        describe(),
        f"machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory} memory, "
        f"{platform.system()} {platform.release()}",
        f"Waarborg {version('waarborg')} on Python {platform.python_version()}, "
        f"SQLAlchemy {sa.__version__}; {server}",
        f"Fides Python: {fides_python}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("declaration", type=Path, help="privacy.yaml from fides_shape.py")
    parser.add_argument(
        "--dataset", type=Path, help="Fides dataset (default: fides_dataset.yml beside it)"
    )
    parser.add_argument("--store", default="shop")
    parser.add_argument("--requests", type=int, default=30, help="requests of each kind")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--warmup", type=int, default=10, help="access requests to each system before timing"
    )
    parser.add_argument("--fides-url", default="http://127.0.0.1:8080")
    parser.add_argument("--fides-venv", type=Path, help="virtualenv with ethyca-fides")
    parser.add_argument(
        "--fides-home",
        type=Path,
        default=Path("/tmp/waarborg-fides"),
        help="folder for fides.toml, its log and uploads, when the script starts Fides",
    )
    parser.add_argument(
        "--fides-db",
        default="postgresql://fides:fides@127.0.0.1:5432/fides",
        help="Fides' own database",
    )
    parser.add_argument("--redis", default="127.0.0.1:6379", help="host:port of Redis")
    parser.add_argument(
        "--fides-uploads", type=Path, help="fides_uploads folder of a Fides already running"
    )
    parser.add_argument(
        "--store-url",
        default="postgresql+psycopg://waarborg_test:waarborg_test@127.0.0.1:5432/waarborg_bench_store",
        help="Waarborg's own database (migrated first)",
    )
    parser.add_argument("--client-id", default="fidesadmin")
    parser.add_argument("--client-secret", default="fidesadminsecret")
    parser.add_argument("--encryption-key", default="waarborg-bench-fides-key-32chars")
    args = parser.parse_args(argv)

    declaration = load(args.declaration)
    url = sa.make_url(declaration.datastores[args.store].url or "")
    if url.get_backend_name() != "postgresql":
        raise SystemExit(
            "Fides is compared on PostgreSQL: give a declaration of a PostgreSQL store"
        )
    dataset = fides_dataset(args.dataset or args.declaration.parent / "fides_dataset.yml")
    connector = connect(declaration, args.store)
    assert isinstance(connector, SqlConnector)
    engine = connector.engine

    # customers not yet erased by an earlier run, by either system
    with engine.connect() as connection:
        people = present(connection)
    k, warmup = args.requests, args.warmup
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    chosen = rng.sample(people, 4 * k + warmup)
    readers, erased_w, erased_f = chosen[:k], chosen[k : 2 * k], chosen[2 * k : 3 * k]
    erased_flow, warm = chosen[3 * k : 4 * k], chosen[4 * k :]
    migrate(args.store_url)
    store = Database(args.store_url)
    data_dir = args.fides_home / "waarborg"
    settings = Settings(
        data_dir=data_dir, database_url=args.store_url, base_url="http://127.0.0.1:8000"
    )
    requests = Requests(store, declaration, settings)
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count)

    fides = Fides(args.fides_url.rstrip("/"), args.client_id, args.client_secret)
    fides.uploads = args.fides_uploads
    with fides_server(args, fides):
        if fides.uploads is None:
            raise SystemExit("pass --fides-uploads: the exports are compared row by row")
        fides.log_in()
        fides_version = _fides_version(fides)
        print(
            f"fides_compare: {url.render_as_string(hide_password=True)}, {len(people):,} "
            f"customers not yet erased, {k} requests of each kind per system, interleaved"
        )
        for line in machine(engine, args.fides_venv):
            print(line)
        print(f"Fides {fides_version} at {fides.url} (task_always_eager)")
        set_up_fides(fides, url, dataset)

        # warm up both: reflection, caches, Fides' graph, compiled queries, connections
        with clock.frozen(TODAY):
            for n in warm:
                _waarborg(requests, store, "access", n)
                fides.request(email(n), ACCESS_POLICY)
        round_trip = statistics.median(_timed_get(f"{fides.url}/health") for _ in range(21))

        w_access, f_access, w_erasure, f_erasure = Figures(), Figures(), Figures(), Figures()
        c_access, c_erasure = Figures(), Figures()
        exports: list[tuple[int, str, str]] = []  # customer, Waarborg's id, Fides' id
        with clock.frozen(TODAY):
            for i, n in enumerate(readers):
                for side in ("waarborg", "fides") if i % 2 == 0 else ("fides", "waarborg"):
                    if side == "waarborg":
                        ours, took = _waarborg(requests, store, "access", n)
                        w_access.latencies.append(took)
                    else:
                        theirs, took, posted = fides.request(email(n), ACCESS_POLICY)
                        f_access.latencies.append(took)
                        f_access.submitted.append(posted)
                exports.append((n, ours, theirs))
            for i, (mine, other) in enumerate(zip(erased_w, erased_f, strict=True)):
                for side in ("waarborg", "fides") if i % 2 == 0 else ("fides", "waarborg"):
                    if side == "waarborg":
                        w_erasure.latencies.append(_waarborg(requests, store, "erasure", mine)[1])
                    else:
                        _, took, posted = fides.request(email(other), ERASURE_POLICY)
                        f_erasure.latencies.append(took)
                        f_erasure.submitted.append(posted)

            # the connector alone, on the same customers (access) and on others (erasure)
            statements[0] = 0
            for n in readers:
                c_access.latencies.append(_timed(connector.access, n))
            c_access.statements = statements[0] / k
            statements[0] = 0
            erasures = []
            for n in erased_flow:
                begin = time.perf_counter()
                erasures.append(connector.erase({"email": email(n)}))
                c_erasure.latencies.append(time.perf_counter() - begin)
            c_erasure.statements = statements[0] / k
        deleted = statistics.mean(sum(t.deleted + t.anonymised for t in e.tables) for e in erasures)
        kept = statistics.mean(sum(each.rows for _, each in e.kept) for e in erasures)
        print(
            f"Waarborg's connector erasures: on average {deleted:.1f} rows deleted, {kept:.1f} kept"
        )
        _check_erasures(engine, erased_w[0], erased_f[0])
        print()
        _compare_exports(settings.exports_dir, fides.uploads, exports)
        _show_tasks(fides, exports[0][0], exports[0][2])

    print()
    print(
        "timed from submission to the answer being stored; Waarborg in-process, Fides over "
        f"HTTP on localhost (GET /health round trip: median {round_trip * 1000:.1f} ms)"
    )
    print(w_access.line("Waarborg access"))
    print(c_access.line("  connector alone"))
    print(f_access.line("Fides access"))
    print(w_erasure.line("Waarborg erasure"))
    print(c_erasure.line("  connector alone"))
    print(f_erasure.line("Fides erasure"))
    print()
    print(f"ratio Fides / Waarborg: access  {f_access.median / w_access.median:6.1f}x")
    print(f"ratio Fides / Waarborg: erasure {f_erasure.median / w_erasure.median:6.1f}x")
    print(
        f"ratio Waarborg workflow / connector alone: access "
        f"{w_access.median / c_access.median:.1f}x, erasure "
        f"{w_erasure.median / c_erasure.median:.1f}x"
    )
    requests.close()
    store.dispose()
    connector.close()
    return 0


def _waarborg(requests: Requests, store: Database, kind: str, n: int) -> tuple[str, float]:
    """One request through Waarborg's workflow, from filing to answered: its public id and
    the seconds it took. Marked verified as the subject's link would (Fides runs with
    identity verification off)."""
    begin = time.perf_counter()
    public_id = requests.file(kind=kind, email=email(n), lang="nl")
    with store.write() as session:
        session.execute(
            sa.update(Request)
            .where(Request.public_id == public_id)
            .values(status=RequestStatus.VERIFIED, verified_at=clock.now(), next_attempt_at=None)
        )
    status = requests.process(public_id)
    took = time.perf_counter() - begin
    if status != RequestStatus.ANSWERED:
        raise SystemExit(f"Waarborg's {kind} request {public_id} ended {status}, not answered")
    return public_id, took


def _timed(run: Callable[[dict[str, str]], Any], n: int) -> float:
    begin = time.perf_counter()
    run({"email": email(n)})
    return time.perf_counter() - begin


def _timed_get(address: str) -> float:
    begin = time.perf_counter()
    with urllib.request.urlopen(address, timeout=30) as answer:
        answer.read()
    return time.perf_counter() - begin


def _plain(value: Any) -> Any:
    """A value as both exports can be compared on: numbers as numbers, moments with a T."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    text = str(value)
    try:
        return float(text)
    except ValueError:
        pass
    if len(text) >= 19 and text[4] == "-" and text[10] == " ":
        return text[:10] + "T" + text[11:]
    return text


def _exports(folder: Path, public_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows per table of Waarborg's stored export (its ``data.json``)."""
    with zipfile.ZipFile(folder / f"{public_id}.zip") as archive:
        data: dict[str, list[dict[str, Any]]] = json.loads(archive.read("data.json"))["data"]
    return data


def _uploads(folder: Path, request_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows per table of Fides' stored access result."""
    found = json.loads((folder / f"{request_id}.json").read_text("utf-8"))
    return {address.rsplit(":", 1)[-1]: rows for address, rows in found.items()}


def _compare_exports(ours_dir: Path, theirs_dir: Path, exports: list[tuple[int, str, str]]) -> None:
    """Both systems' stored access answers, row by row: per table the rows each returned
    over all customers, and the rows found by one and not the other, compared on the
    columns both returned."""
    counts: dict[str, list[int]] = {}
    columns: dict[str, set[str]] = {}
    for _, ours_id, theirs_id in exports:
        ours, theirs = _exports(ours_dir, ours_id), _uploads(theirs_dir, theirs_id)
        for table in sorted(set(ours) | set(theirs)):
            mine, other = ours.get(table, []), theirs.get(table, [])
            shared = set().union(*mine) & set().union(*other) if mine and other else set()
            columns.setdefault(table, set()).update(shared)
            key = sorted(shared)
            left = sorted(repr([_plain(row.get(c)) for c in key]) for row in mine)
            right = sorted(repr([_plain(row.get(c)) for c in key]) for row in other)
            only_ours = _minus(left, right)
            only_theirs = _minus(right, left)
            tally = counts.setdefault(table, [0, 0, 0, 0])
            tally[0] += len(mine)
            tally[1] += len(other)
            tally[2] += only_ours
            tally[3] += only_theirs
    print(f"access exports compared row by row, {len(exports)} customers, as stored by each:")
    print(
        f"  {'table':<16} {'Waarborg':>9} {'Fides':>7} {'only W.':>8} {'only F.':>8}  compared on"
    )
    for table, (found_w, found_f, only_w, only_f) in counts.items():
        on = ", ".join(sorted(columns[table])) or "-"
        print(f"  {table:<16} {found_w:>9} {found_f:>7} {only_w:>8} {only_f:>8}  {on}")
    differing = sum(t[2] + t[3] for t in counts.values())
    print(f"  rows found by one system and not the other: {differing}")


def _minus(left: list[str], right: list[str]) -> int:
    """How many items of ``left`` (a multiset) are not matched in ``right``."""
    rest = list(right)
    missing = 0
    for item in left:
        if item in rest:
            rest.remove(item)
        else:
            missing += 1
    return missing


def _show_tasks(fides: Fides, n: int, request_id: str) -> None:
    """The collections Fides' access of one customer visited, with their status."""
    tasks = fides.call("GET", f"/privacy-request/{request_id}/tasks")
    visited = sorted(
        f"{task['collection_address'].rsplit(':', 1)[-1]} {task['status']}"
        for task in tasks
        if task["action_type"] == "access"
        and task["collection_address"].count(":") == 1
        and not task["collection_address"].startswith("__")
    )
    print(f"Fides' access tasks for customer {n}: {', '.join(visited)}")


def _check_erasures(engine: sa.Engine, waarborg: int, fides: int) -> None:
    """That both erasures changed the customer: Waarborg deletes the row or, under a
    hold on its invoice, keeps it; Fides masks it."""
    for system, n in (("Waarborg", waarborg), ("Fides", fides)):
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT name, email FROM customer WHERE id = :id"), {"id": n}
            ).first()
        print(f"customer {n} after {system}'s erasure: {'deleted' if row is None else tuple(row)}")


if __name__ == "__main__":
    sys.exit(main())
