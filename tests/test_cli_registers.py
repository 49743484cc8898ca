"""``waarborg complaint`` and ``waarborg breach`` on a SQLite store: enter, list,
decide, notify and export, with errors as messages and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from waarborg import clock
from waarborg.cli import main
from waarborg.store.db import Database
from waarborg.store.models import Breach

from .conftest import ROOT

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Invoke = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Invoke:
    env = {
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
        "WAARBORG_SECRET_KEY": "s" * 40,
        "WAARBORG_DECLARATION": str(ROOT / "examples" / "connectmenow" / "privacy.yaml"),
    }
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), env=env, input=input)

    return invoke


def test_complaints_from_the_command_line(run: Invoke) -> None:
    invoke = run
    with clock.frozen(START) as advance:
        added = invoke(
            "complaint", "add", "--name", "Anna de Vries", "--email", "anna@example.nl",
            "--text", "Per brief: ik krijg nog steeds mail.", "--channel", "post",
            "--received-at", "2026-03-01T10:00", "--no-acknowledge",
        )  # fmt: skip
        assert added.exit_code == 0, added.output
        public_id = added.output.strip()
        listed = invoke("complaint", "list")
        assert public_id in listed.output and "acknowledge by 2026-03-04T09:00" in listed.output
        advance(timedelta(days=3))
        assert "OVERDUE" in invoke("complaint", "list").output
        assert invoke("complaint", "acknowledge", public_id, "--by-hand").exit_code == 0
        again = invoke("complaint", "acknowledge", public_id)
        assert again.exit_code == 1 and "already acknowledged" in again.output
        assert "Traceback" not in again.output
        closed = invoke(
            "complaint", "close", public_id, "--outcome", "Afgemeld.", "--resolution", "upheld"
        )
        assert closed.exit_code == 0, closed.output
        shown = json.loads(invoke("complaint", "show", public_id, "--format", "json").output)
        assert shown["status"] == "closed" and shown["late"] == ["acknowledge"]
        assert [e["action"] for e in shown["trail"]][-1] == "complaint.closed"
        assert invoke("complaint", "list").output.strip() == "no open complaints"
        assert invoke("complaint", "show", "nope").exit_code == 1


def test_breaches_from_the_command_line(run: Invoke, tmp_path: Path) -> None:
    invoke = run
    facts = tmp_path / "breach.yaml"
    facts.write_text(
        "title: Gestolen laptop\n"
        "description: Een laptop met de klantenlijst is uit de auto gestolen.\n"
        "aware_at: 2026-03-02T08:00:00+00:00\n"
        "kinds: [lost_or_stolen]\n"
        "categories: [email, first_name]\n"
        "subjects_estimate: 800\n",
        "utf-8",
    )
    with clock.frozen(START) as advance:
        added = invoke("breach", "add", str(facts))
        assert added.exit_code == 0, added.output
        public_id = added.output.splitlines()[0].strip()
        assert "notify the authority by 2026-03-05T08:00" in added.output
        assert "71 h left" in invoke("breach", "list").output
        bad = tmp_path / "bad.yaml"
        bad.write_text("title: x\ndescription: y\ncolour: red\n", "utf-8")
        refused = invoke("breach", "add", str(bad))
        assert refused.exit_code == 1 and "colour" in refused.output
        assert "Traceback" not in refused.output
        assert (
            invoke("breach", "decide", public_id, "--risk", "high", "--reason", "").exit_code == 1
        )
        decided = invoke("breach", "decide", public_id, "--risk", "risk", "--reason", "Adressen.")
        assert "notify_authority" in decided.output
        advance(timedelta(hours=80))
        late = invoke("breach", "notified", public_id, "--reference", "AP-1")
        assert late.exit_code == 1 and "reasons for the delay" in late.output
        notified = invoke(
            "breach", "notified", public_id, "--reference", "AP-1", "--late-reason", "Pas later."
        )
        assert notified.exit_code == 0, notified.output
        exported = invoke("breach", "export", public_id, "--format", "json")
        answers = json.loads(exported.output)["answers"]
        assert answers["notice"] == {
            "deadline": "2026-03-05T08:00:00+00:00",
            "notified_at": answers["notice"]["notified_at"],
            "reference": "AP-1",
            "late_reason": "Pas later.",
        }
        out = tmp_path / "melding.md"
        assert invoke("breach", "export", public_id, "-o", str(out)).exit_code == 0
        assert "**Meldnummer:** AP-1" in out.read_text("utf-8")
        csv_text = invoke("breach", "list", "--format", "csv").output
        assert csv_text.startswith("public_id,") and "AP-1" in csv_text
        assert invoke("breach", "list", "--open").output.strip() == "no breaches need action"


def test_an_empty_list_key_is_refused_and_a_stored_null_still_lists(
    run: Invoke, tmp_path: Path
) -> None:
    invoke = run
    facts = tmp_path / "breach.yaml"
    facts.write_text(
        "title: Verkeerde bijlage\ndescription: Een export ging naar de verkeerde klant.\n"
        "aware_at: 2026-03-02T08:00:00+00:00\nsubject_types: [app_user]\n",
        "utf-8",
    )
    with clock.frozen(START):
        added = invoke("breach", "add", str(facts))
        assert added.exit_code == 0, added.output
        public_id = added.output.splitlines()[0].strip()
        change = tmp_path / "change.yaml"
        change.write_text("subject_types:\n", "utf-8")  # an empty key: null
        refused = invoke("breach", "update", public_id, str(change))
        assert refused.exit_code == 1 and "subject_types" in refused.output
        assert "[]" in refused.output and "Traceback" not in refused.output
        database = Database(f"sqlite:///{tmp_path / 'data' / 'waarborg.db'}")
        try:
            with database.write() as session:  # as a store written before the fix
                row = session.scalar(select(Breach))
                assert row is not None
                row.subject_types = None
        finally:
            database.dispose()
        listed = invoke("breach", "list")
        assert listed.exit_code == 0 and public_id in listed.output, listed.output
        assert invoke("breach", "list", "--format", "csv").exit_code == 0
        assert invoke("breach", "show", public_id).exit_code == 0


def test_the_command_line_takes_one_plain_address_and_dates_in_range(run: Invoke) -> None:
    for email, why in (
        ("victim@example.nl(1)", "comment in brackets"),
        ("Eve <victim@example.nl>", "without a name or angle brackets"),
        ("vic\u200btim@example.nl", "invisible or direction-changing character"),
    ):
        refused = run(
            "complaint", "add", "--name", "Eve", "--email", email, "--text", "t",
            "--no-acknowledge",
        )  # fmt: skip
        assert refused.exit_code == 1, refused.output
        assert why in refused.output and "Traceback" not in refused.output
    ancient = run(
        "complaint", "add", "--name", "Piet", "--email", "piet@example.nl", "--text", "t",
        "--received-at", "0001-01-01T10:00", "--no-acknowledge",
    )  # fmt: skip
    assert ancient.exit_code == 1 and "the year 1 cannot be right" in ancient.output
    breach = run("breach", "add", "--title", "x", "--description", "y", "--aware-at", "0001-01-01")
    assert breach.exit_code == 1 and "the year 1 cannot be right" in breach.output
    assert run("consent", "show", "victim@example.nl(1)").exit_code != 0
