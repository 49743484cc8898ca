"""Parsed data files kept per user (waarborg.filecache): the same answer as parsing,
from the cache only for the same bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waarborg import filecache, i18n


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WAARBORG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(calls: list[bytes], parse: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def counted(data: bytes) -> Any:
        calls.append(data)
        return parse(data)

    return counted


def test_a_file_is_parsed_once_and_then_read_from_the_cache(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.json"
    source.write_text('{"a": [1, "twee", null]}', "utf-8")
    calls: list[bytes] = []
    parse = counting(calls, json.loads)

    assert filecache.parsed(source, "json", parse) == {"a": [1, "twee", None]}
    assert filecache.parsed(source, "json", parse) == {"a": [1, "twee", None]}
    assert len(calls) == 1  # the second came from the cache
    source.write_text('{"a": 2}', "utf-8")  # other bytes: parsed again
    assert filecache.parsed(source, "json", parse) == {"a": 2}
    assert len(calls) == 2
    assert filecache.parsed(source, "other", parse) == {"a": 2}  # another parser
    assert len(calls) == 3


def test_what_marshal_cannot_keep_is_parsed_every_time(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text("x", "utf-8")
    calls: list[bytes] = []
    parse = counting(calls, lambda data: {"when": object()})

    filecache.parsed(source, "odd", parse)
    filecache.parsed(source, "odd", parse)
    assert len(calls) == 2


def test_without_a_writable_folder_files_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv("WAARBORG_CACHE_DIR", str(blocked))  # a file, not a folder
    source = tmp_path / "w.json"
    source.write_text("[1]", "utf-8")
    assert filecache.parsed(source, "json", json.loads) == [1]


def test_the_wording_from_the_cache_is_the_wording_parsed(cache: Path) -> None:
    import yaml

    for lang in ("en", "nl"):
        i18n._part.cache_clear()
        first = i18n._part(lang, "checker")
        i18n._part.cache_clear()
        again = i18n._part(lang, "checker")  # from the cache folder now
        path = Path(i18n.__file__).parent / lang / "checker.yaml"
        assert first == again == yaml.safe_load(path.read_text("utf-8"))
    assert list((cache / "data").glob("*.marshal"))
    i18n._part.cache_clear()
