"""``waarborg check`` answers a file it checked before, unchanged, from its cache, and
never gives an answer that no longer holds (waarborg.checkcache).

Each test runs the real command in a fresh process, as a person or CI does, with the
cache in a folder of its own; a run answered from the cache is told apart by what it
imported (it loads neither the checker nor pydantic).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from waarborg import checkcache

from .test_cli_startup import _RUN

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "iemagoo" / "privacy.yaml"
DATASET = Path(__file__).parent / "data" / "fides_dataset.yml"


class Run:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        *rest, last = done.stderr.splitlines()
        found = json.loads(last)
        self.code: int = found["code"]
        # False: answered from the cache, without the checker or pydantic
        self.checked = bool({"waarborg.declaration.lint", "pydantic"} & set(found["modules"]))
        self.stdout = done.stdout
        self.stderr = "\n".join(rest)


Check = Callable[..., Run]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    cache = tmp_path / "cache"

    def run(*args: str, cwd: Path = tmp_path, **env: str) -> Run:
        environment = {**os.environ, "WAARBORG_CACHE_DIR": str(cache), **env}
        environment.pop("WAARBORG_CHECK_CACHE", None)  # the suite turns it off elsewhere
        if "WAARBORG_CHECK_CACHE" in env:
            environment["WAARBORG_CHECK_CACHE"] = env["WAARBORG_CHECK_CACHE"]
        done = subprocess.run(
            [sys.executable, "-c", _RUN, "check", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=environment,
            check=False,
        )
        return Run(done)

    return run


def _declaration(tmp_path: Path) -> Path:
    path = tmp_path / "privacy.yaml"
    shutil.copyfile(EXAMPLE, path)
    return path


def test_a_second_check_of_an_unchanged_file_is_answered_from_the_cache(
    check: Check, tmp_path: Path
) -> None:
    path = _declaration(tmp_path)
    first = check(str(path))
    second = check(str(path))
    assert first.checked and not second.checked
    assert first.code == second.code == 1  # the example has errors
    assert second.stdout == first.stdout and "20 errors" in second.stdout
    assert second.stderr == first.stderr
    again = check("--format", "json", str(path))  # other arguments: checked again
    assert again.checked and json.loads(again.stdout)["counts"]["error"] == 20


def test_a_changed_file_is_checked_again(check: Check, tmp_path: Path) -> None:
    path = _declaration(tmp_path)
    assert check(str(path)).checked
    data = yaml.safe_load(path.read_text("utf-8"))
    data["controller"]["name"] = "Een Andere Naam B.V."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    after = check(str(path))
    assert after.checked and "Een Andere Naam B.V." in after.stdout
    assert not check(str(path)).checked  # and that answer is kept in turn


def test_a_file_that_breaks_is_reported_broken_not_as_before(check: Check, tmp_path: Path) -> None:
    path = _declaration(tmp_path)
    check(str(path))
    path.write_text("waarborg: 1\ncontroller: [\n", "utf-8")
    broken = check(str(path))
    assert broken.checked and broken.code == 1
    assert "cannot be loaded" in broken.stderr and broken.stdout == ""
    cached = check(str(path))
    assert not cached.checked and cached.stderr == broken.stderr


def test_a_missing_file_that_appears_is_checked(check: Check, tmp_path: Path) -> None:
    path = tmp_path / "privacy.yaml"
    missing = check(str(path))
    assert missing.code == 1 and "no such file" in missing.stderr
    shutil.copyfile(EXAMPLE, path)
    found = check(str(path))
    assert found.checked and "20 errors" in found.stdout


def _with_dataset(tmp_path: Path) -> Path:
    (tmp_path / "datasets").mkdir()
    shutil.copyfile(DATASET, tmp_path / "datasets" / "shop.yml")
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["datastores"] = {"shop": {"url": "sqlite://", "fides": "datasets/shop.yml"}}
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_a_changed_fides_dataset_is_read_again(check: Check, tmp_path: Path) -> None:
    path = _with_dataset(tmp_path)
    before = check(str(path))
    assert before.checked and not check(str(path)).checked
    (tmp_path / "datasets" / "shop.yml").write_text("dataset: [{collections: []}]\n", "utf-8")
    after = check(str(path))
    assert after.checked and after.code == 1
    assert "the dataset has no fides_key" in after.stderr
    (tmp_path / "datasets" / "shop.yml").unlink()
    gone = check(str(path))
    assert gone.checked and "not found" in gone.stderr


def test_the_environment_a_declaration_reads_is_part_of_the_answer(
    check: Check, tmp_path: Path
) -> None:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["controller"]["name"] = "${SHOP_NAME}"
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    first = check(str(path), SHOP_NAME="Eerste B.V.")
    assert "Eerste B.V." in first.stdout
    assert not check(str(path), SHOP_NAME="Eerste B.V.").checked
    second = check(str(path), SHOP_NAME="Tweede B.V.")
    assert second.checked and "Tweede B.V." in second.stdout


def test_the_last_command_variable_is_left_out_unless_a_declaration_reads_it(
    check: Check, tmp_path: Path
) -> None:
    path = _declaration(tmp_path)
    check(str(path), _="/usr/bin/one")
    assert not check(str(path), _="/usr/bin/other").checked
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["controller"]["name"] = "${_}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert "/usr/bin/one" in check(str(path), _="/usr/bin/one").stdout
    other = check(str(path), _="/usr/bin/other")
    assert other.checked and "/usr/bin/other" in other.stdout


def test_the_cache_can_be_turned_off(check: Check, tmp_path: Path) -> None:
    path = _declaration(tmp_path)
    check(str(path))
    assert check("--no-cache", str(path)).checked
    assert check(str(path), WAARBORG_CHECK_CACHE="0").checked
    off = tmp_path / "off"
    check("--no-cache", str(path), WAARBORG_CACHE_DIR=str(off))
    check(str(path), WAARBORG_CACHE_DIR=str(off), WAARBORG_CHECK_CACHE="0")
    assert not list(off.glob("check-*/*.json"))  # no answer kept either


def test_a_usage_error_is_not_kept(check: Check, tmp_path: Path) -> None:
    path = _declaration(tmp_path)
    wrong = check("--select", "no-such-rule", str(path))
    assert wrong.code == 2 and "unknown rule" in wrong.stderr
    assert check("--select", "no-such-rule", str(path)).checked


def test_the_same_arguments_in_another_folder_are_checked_there(
    check: Check, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copyfile(EXAMPLE, one / "privacy.yaml")
    (two / "privacy.yaml").write_text("waarborg: 1\n", "utf-8")
    assert "20 errors" in check("privacy.yaml", cwd=one).stdout
    other = check("privacy.yaml", cwd=two)
    assert other.checked and "cannot be loaded" in other.stderr


def test_a_change_to_waarborg_itself_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key covers every file of the package: a copy stands in for it here."""
    package = tmp_path / "waarborg"
    shutil.copytree(
        Path(checkcache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(checkcache, "__file__", str(package / "checkcache.py"))
    before = checkcache._key(["privacy.yaml"])
    assert checkcache._key(["privacy.yaml"]) == before
    wording = package / "i18n" / "en" / "checker.yaml"
    wording.write_text(wording.read_text("utf-8") + "\n", "utf-8")
    assert checkcache._key(["privacy.yaml"]) != before


def test_read_text_reads_as_path_read_text_does(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\rc: 3\n")
    assert checkcache.read_text(path) == path.read_text("utf-8") == "a: 1\nb: 2\nc: 3\n"
    path.write_bytes(b"\xff")
    with pytest.raises(UnicodeDecodeError):
        checkcache.read_text(path)
    with pytest.raises(FileNotFoundError):
        checkcache.read_text(tmp_path / "nope")


def test_only_so_many_answers_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkcache, "KEEP", 3)
    for index in range(5):
        entry = tmp_path / f"{index}.json"
        entry.write_text("{}", "utf-8")
        os.utime(entry, ns=(index * 10**9, index * 10**9))
    checkcache._prune(str(tmp_path))
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["2.json", "3.json", "4.json"]


def test_the_kept_answers_and_their_folders_are_for_this_user_alone(
    check: Check, tmp_path: Path
) -> None:
    """A kept answer is printed as the check's own: no one else may write or read it."""
    path = _declaration(tmp_path)
    assert check(str(path)).checked
    cache = tmp_path / "cache"
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    answers = [p for p in cache.rglob("*.json")]
    assert answers, "the answer was kept"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in folders), folders
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in answers)
    parsed = [p for p in cache.rglob("*.marshal")]
    assert parsed, "the wording files were kept parsed"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in parsed)
