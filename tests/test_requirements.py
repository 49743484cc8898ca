"""The suite's own rules: what it needs from outside is there in CI, and a test touches
nothing on the shared PostgreSQL server but its own schema and its own connections.

A missing PostgreSQL or Chromium skips a test on a developer's machine and fails it in
CI (``CI=true``); a Python package the tests need is imported plainly, never skipped
on; the few tests that may skip anywhere are listed below with the reason why.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from waarborg.store import Database, create_engine

from .databases import POSTGRES_ENV, drop_own_connections, with_search_path
from .requirements import in_ci, missing, need_chromium

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

#: The only tests that may skip in CI, each with the words of its reason and why that
#: is no missing dependency.
MAY_SKIP = {
    # Data kept next to the repository (../shared), not in a bare clone.
    "test_catalogue.py": "the Open Cookie Database source is not next to the repository",
    "test_demo.py": "the seed statements are not at",
    "test_import_extract.py": "the seed statements (../shared/seeds) are not here",
    "test_seed_readings.py": "the lawyer's reading is not at",
    # A test of PostgreSQL's asynchronous reads, which SQLite does not have.
    "test_consent_api.py": "SQLite reads run in the event loop anyway",
}
#: Calls that skip a test (``pytest.xfail`` too: it passes over a failure).
SKIPS = {"skip", "skipif", "importorskip", "xfail"}


def _skips(path: Path) -> list[tuple[int, str]]:
    """Each call in ``path`` that skips a test: its line and its source."""
    source = path.read_text("utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name in SKIPS:
            found.append((node.lineno, ast.get_source_segment(source, node) or ""))
    return found


def test_a_test_skips_only_for_data_outside_the_repository_or_a_case_that_does_not_apply() -> None:
    unexplained = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name == "requirements.py":
            continue  # missing(): skips, and fails in CI
        for line, call in _skips(path):
            reason = MAY_SKIP.get(path.name)
            if reason is None or reason not in call:
                unexplained.append(f"{path.relative_to(ROOT)}:{line}: {call}")
    assert not unexplained, "use missing() for a missing dependency:\n" + "\n".join(unexplained)


def test_a_missing_dependency_skips_on_a_developers_machine_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nowhere = tmp_path / "chromium"
    monkeypatch.delenv("CI", raising=False)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed at"):
        need_chromium(nowhere)
    for value in ("true", "1", "TRUE"):
        monkeypatch.setenv("CI", value)
        assert in_ci()
        with pytest.raises(pytest.fail.Exception, match=r"in CI \(CI=true\): scripts/test"):
            need_chromium(nowhere)
        with pytest.raises(pytest.fail.Exception, match="PostgreSQL is missing in CI"):
            missing("PostgreSQL is missing", "start it")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL is missing: start it"):
        missing("PostgreSQL is missing", "start it")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ci", "code", "said"),
    [("true", 1, f"{POSTGRES_ENV} is unset in CI"), (None, 0, f"{POSTGRES_ENV} is unset: run")],
)
def test_without_postgresql_ci_fails_and_a_developer_is_told_why_it_skipped(
    ci: str | None, code: int, said: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (POSTGRES_ENV, "CI")}
    if ci is not None:
        env["CI"] = ci
    test = "tests/test_store.py::test_migrating_again_changes_nothing[postgresql]"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == code, done.stdout + done.stderr
    assert said in done.stdout


def test_ci_runs_with_ci_set() -> None:
    """``.ci/run`` sets CI=true before it runs scripts/test, whatever the machine says."""
    lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert "export CI=true" in lines
    assert lines.index("export CI=true") < lines.index("exec ./scripts/test")


def test_a_test_drops_its_own_connections_and_no_one_elses(
    postgres_url: str, postgres_schema_url: str
) -> None:
    """Runs share one PostgreSQL server: a test that drops connections, as a restart
    would, leaves another run's and a developer's session alone."""
    other_test = create_engine(with_search_path(postgres_url, "test_another_run"))
    developer = create_engine(postgres_url)
    own = Database(postgres_schema_url)
    try:
        with (
            other_test.connect() as theirs,
            developer.connect() as psql,
            own.engine.connect() as mine,
            own.engine.connect() as killer,
        ):
            for connection in (theirs, psql, mine):
                assert connection.execute(text("SELECT 1")).scalar_one() == 1
            assert drop_own_connections(killer) == 1
            assert theirs.execute(text("SELECT 2")).scalar_one() == 2
            assert psql.execute(text("SELECT 3")).scalar_one() == 3
            with pytest.raises(OperationalError, match="administrator command"):
                mine.execute(text("SELECT 4"))
            with pytest.raises(AssertionError, match="not a test's connection"):
                drop_own_connections(psql)
    finally:
        own.dispose()
        other_test.dispose()
        developer.dispose()
