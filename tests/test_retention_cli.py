"""``waarborg retention plan`` and ``run`` as separate processes: output, formats, exit
codes, the progress bar on a terminal, and a run killed with SIGKILL that resumes."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.retention import LEASE, sweep
from waarborg.store import Database, migrate
from waarborg.store.enums import JobStatus
from waarborg.store.models import JobRun

from . import retention_world as world


class Setup:
    """A datastore, its declaration file, and a store, all in a temporary folder."""

    def __init__(self, folder: Path, name: str = "shop", customers: int = 0) -> None:
        self.folder = folder
        self.datastore = folder / f"{name}.db"
        self.datastore.touch()
        self.url = f"sqlite:///{self.datastore}"
        self.engine = sa.create_engine(self.url)
        world.fill(self.engine)
        if customers:
            world.grow(self.engine, customers)
        self.file = folder / f"{name}.yaml"
        data: dict[str, Any] = {
            "waarborg": 1,
            "controller": {"name": "Koekjeshuis B.V.", "email": "privacy@koekjeshuis.nl"},
            "categories": {"name": {}, "email": {}, "ip_address": {}},
            "retention": world.RETENTION,
            "datastores": {"shop": {"url": "${SHOP_URL}", "tables": world.TABLES}},
        }
        self.file.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
        self.store = f"sqlite:///{folder / 'waarborg.db'}"
        self.env = {
            **os.environ,
            "SHOP_URL": self.url,
            "WAARBORG_DATA_DIR": str(folder / "data"),
            "WAARBORG_DATABASE_URL": self.store,
        }
        self.env.pop("WAARBORG_DECLARATION", None)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "waarborg", "retention", *args],
            capture_output=True,
            text=True,
            check=False,
            env=self.env,
        )

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def setup(tmp_path: Path) -> Any:
    made = Setup(tmp_path)
    yield made
    made.close()


def test_plan_and_run_say_what_a_hold_trims(setup: Setup) -> None:
    """With a tax hold that keeps only the name, Jan's expired customer row stays for his
    held invoice without his e-mail address: the plan says so, and so does the run."""
    data = yaml.safe_load(setup.file.read_text("utf-8"))
    data["retention"]["fiscal"]["keeps"] = ["name"]
    setup.file.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    with setup.engine.begin() as c:  # the commands run on today's clock: held whatever the year
        issued = datetime.now(UTC).date() - timedelta(days=365)
        c.execute(sa.update(world.invoice).where(world.invoice.c.id == 10).values(issued_at=issued))
    text = setup.run("plan", str(setup.file))
    assert text.returncode == 1, text.stderr
    [line] = [x for x in text.stdout.splitlines() if x.startswith("  shop.customer ")]
    assert ", of which 1 lose what their legal hold does not keep" in line
    ran = setup.run("run", str(setup.file))
    assert ran.returncode == 0, ran.stderr
    [line] = [x for x in ran.stdout.splitlines() if "shop.customer" in x]
    assert line.endswith(", trimmed 1 to what a legal hold keeps")
    assert ran.stdout.rstrip().endswith(", trimmed 1 rows")
    with setup.engine.connect() as c:
        jan = c.execute(sa.select(world.customer).where(world.customer.c.id == 1)).one()
    assert (jan.name, jan.email) == ("Jan", "anonymised-1")


def test_plan_and_run_speak_dutch_with_lang_nl(setup: Setup) -> None:
    """Every line of a Dutch plan and run is Dutch: the headings, the counts, the
    rules nothing points at, the totals."""
    planned = json.loads(setup.run("plan", str(setup.file), "--format", "json").stdout)
    text = setup.run("plan", str(setup.file), "--lang", "nl")
    assert text.returncode == 1, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("bewaarplan op ")
    assert (
        "  shop.invoice (verwijderen, P7Y na invoice_date, bewaarplicht: AWR art. 52): "
        in text.stdout
    )
    assert "shop.note (verwijderen): niet opgeruimd: regel 'support' noemt geen termijn" in (
        text.stdout
    )
    assert "cookies: geen tabel van een gegevensbron verwijst naar deze regel" in lines
    assert f"een ronde zou {planned['changes']} rijen wijzigen" in lines
    subscription = next(
        t for tables in planned["rules"].values() for t in tables if t["table"] == "subscription"
    )
    [line] = [x for x in lines if x.startswith("  shop.subscription ")]
    assert f"{subscription['expired']} van {subscription['rows']} rijen verlopen" in line
    assert f"anonimiseert er {subscription['changes']}" in line
    ran = setup.run("run", str(setup.file), "--lang", "nl")
    assert ran.returncode == 0, ran.stderr
    out = ran.stdout.splitlines()
    assert out[0].startswith("bewaarronde ") and " op " in out[0]
    done = f"  {subscription['rule']}: shop.subscription: {subscription['changes']} rijen"
    assert f"{done} geanonimiseerd" in out
    deleted = planned["changes"] - subscription["changes"]
    assert out[-1] == (
        f"{deleted} rijen verwijderd, {subscription['changes']} rijen geanonimiseerd"
    )
    for english in ("deleted", "anonymised", "rows", "retention run", "not swept"):
        assert english not in ran.stdout
    again = setup.run("plan", str(setup.file), "--lang", "nl")
    assert again.returncode == 0 and again.stdout.strip().endswith("er is niets aan de beurt")


def test_plan_then_run_then_nothing_is_due(setup: Setup) -> None:
    planned = setup.run("plan", str(setup.file), "--format", "json")
    assert planned.returncode == 1, planned.stderr
    report = json.loads(planned.stdout)
    assert report["changes"] > 0
    invoice = report["rules"]["fiscal"][0]
    assert (invoice["table"], invoice["hold"], invoice["action"]) == (
        "invoice",
        "AWR art. 52",
        "delete",
    )
    text = setup.run("plan", str(setup.file))
    assert text.returncode == 1
    assert "shop.invoice (delete, P7Y after invoice_date, hold: AWR art. 52):" in text.stdout
    assert "shop.note (delete): not swept: rule 'support' gives no period" in text.stdout
    assert "cookies: no datastore table points at this rule" in text.stdout
    assert f"a run would change {report['changes']} rows" in text.stdout

    ran = setup.run("run", str(setup.file), "--batch-size", "2")
    assert ran.returncode == 0, ran.stderr
    assert "━" not in ran.stdout  # no progress bar when stdout is not a terminal
    changed = {
        t["table"]: t["changes"]
        for tables in report["rules"].values()
        for t in tables
        if "changes" in t
    }
    for table, count in changed.items():
        assert f": shop.{table}: " in ran.stdout and f"{count} rows" in ran.stdout
    assert ran.stdout.strip().endswith(
        f"deleted {report['changes'] - changed['subscription']} rows, "
        f"anonymised {changed['subscription']} rows"
    )
    again = setup.run("plan", str(setup.file))
    assert again.returncode == 0 and again.stdout.strip().endswith("nothing is due")


def test_run_json_and_a_chosen_rule(setup: Setup) -> None:
    ran = setup.run("run", str(setup.file), "--rule", "account_cancelled", "--format", "json")
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert report["status"] == "done" and report["scope"] == "rules:account_cancelled"
    assert [t["table"] for t in report["tables"]] == ["account"]
    # by today both cancellations are in the past
    assert report["deleted"] == 2 and world.ids(setup.engine, "account") == {2}
    assert world.ids(setup.engine, "customer") == {1, 2, 3, 4, 5, 6, 7}


def test_an_unknown_rule_and_a_missing_file_are_clean_errors(setup: Setup) -> None:
    wrong = setup.run("plan", str(setup.file), "--rule", "fical")
    assert wrong.returncode == 2
    assert "no retention rule 'fical'" in wrong.stderr and "Traceback" not in wrong.stderr
    missing = setup.run("run", str(setup.folder / "nothing.yaml"))
    assert missing.returncode in (1, 2) and "Traceback" not in missing.stderr
    setup.env["SHOP_URL"] = f"sqlite:///{setup.folder / 'absent.db'}"
    absent = setup.run("run", str(setup.file))
    assert absent.returncode == 2 and "no SQLite database at" in absent.stderr


def test_run_exits_1_while_another_run_is_alive(setup: Setup) -> None:
    migrate(setup.store)
    database = Database(setup.store)
    now = datetime.now(UTC)
    with database.write() as session:
        progress = {"owner": "elsewhere", "now": now.isoformat(), "tables": {}}
        session.add(JobRun(job="retention", key="all", heartbeat_at=now, progress=progress))
    database.dispose()
    before = world.snapshot(setup.engine)
    busy = setup.run("run", str(setup.file))
    assert busy.returncode == 1
    assert "another retention run of all is in progress" in busy.stderr
    assert world.snapshot(setup.engine) == before


def test_a_terminal_gets_a_progress_bar(setup: Setup) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "waarborg", "retention", "run", str(setup.file)],
        stdout=follower,
        stderr=follower,
        env={**setup.env, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    os.close(leader)
    shown = output.decode("utf-8", "replace")
    assert "after_relationship: shop.customer" in shown
    assert "━" in shown and "deleted" in shown


def test_a_run_killed_with_sigkill_resumes_and_ends_as_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    (tmp_path / "killed").mkdir()
    (tmp_path / "whole").mkdir()
    killed = Setup(tmp_path / "killed", customers=2000)
    whole = Setup(tmp_path / "whole", customers=2000)
    process = subprocess.Popen(
        [sys.executable, "-m", "waarborg", "retention", "run", str(killed.file), "-b", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=killed.env,
    )
    migrate(killed.store)
    database = Database(killed.store)
    batches = 0
    deadline = time.monotonic() + 60
    while batches < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        with database.read() as session:
            run = session.scalars(select(JobRun)).one_or_none()
            tables = run.progress.get("tables", {}) if run is not None else {}
            batches = sum(t["batches"] for t in tables.values())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert batches >= 20, "the run must be killed halfway"
    with database.read() as session:
        run = session.scalars(select(JobRun)).one()
    assert run.status == JobStatus.RUNNING and not all(
        t["done"] for t in run.progress["tables"].values()
    )
    started = datetime.fromisoformat(run.progress["now"])
    # the killed worker's lease runs out; the next caller takes the run over
    with clock.frozen(datetime.now(UTC) + LEASE + timedelta(seconds=1)):
        resumed = sweep(load(killed.file, env=killed.env), database, batch_size=50)
    assert resumed.status == "done" and resumed.resumed and resumed.now == started
    reference = Database(whole.store)
    migrate(whole.store)
    sweep(load(whole.file, env=whole.env), reference, now=started, batch_size=50)
    assert world.snapshot(killed.engine) == world.snapshot(whole.engine)
    assert len(world.ids(killed.engine, "customer")) < 2007
    database.dispose()
    reference.dispose()
    killed.close()
    whole.close()
