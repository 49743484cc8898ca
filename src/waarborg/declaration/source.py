"""Reading YAML with the position of every key and value.

The YAML is read with the YAML 1.2 core rules for plain scalars: only ``true`` and
``false`` are booleans (``NO``, Norway's country code, stays a string), and numbers
with a leading ``+`` or ``0`` stay strings (``+31 6...``, KvK ``01234567``). Duplicate
keys are an error. ``${VAR}`` and ``${VAR:-default}`` are taken from the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .. import checkcache
from ..errors import Location, Problem

Path = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader with YAML 1.2 core scalar resolution."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^-?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
        "-.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_regex), list(_first))

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


@dataclass
class SourceMap:
    """Positions of the keys and values of one YAML file, by path."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    missing_env: dict[Path, str] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The location of ``path``, or of the nearest enclosing node that has one."""
        probe = tuple(path)
        while True:
            table = self.keys if key else self.values
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col)
            if key and probe in self.values:
                line, col = self.values[probe]
                return Location(self.file, line, col)
            if not probe:
                return Location(self.file)
            probe = probe[:-1]
            key = False


class YamlProblem(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass
class Parsed:
    """The result of reading a YAML file, with what could not be read.

    After a syntax error the reader blanks out the entry that holds it and reads the
    rest, so one run still reports the file's other errors. ``cut`` names the
    top-level sections that lost an entry that way; checks that depend on a whole
    section (a reference into it, a key that may have been in the cut part) skip
    those sections. ``data`` is None when nothing could be read.
    """

    data: Any
    source: SourceMap
    problems: list[Problem] = field(default_factory=list)
    cut: set[str] = field(default_factory=set)


_MAX_RECOVERIES = 20


def read_yaml(text: str, file: str, env: Mapping[str, str] | None = None) -> tuple[Any, SourceMap]:
    """Parse ``text`` into plain Python data plus a ``SourceMap``.

    Raises ``YamlProblem`` for syntax errors and duplicate keys.
    """
    parsed = parse_yaml(text, file, env)
    if parsed.problems:
        raise YamlProblem(parsed.problems)
    return parsed.data, parsed.source


def parse_yaml(text: str, file: str, env: Mapping[str, str] | None = None) -> Parsed:
    """Parse ``text``, recovering from syntax errors entry by entry (see ``Parsed``)."""
    environ = os.environ if env is None else env
    lines = text.split("\n")
    problems: list[Problem] = []
    cut: set[str] = set()
    for _ in range(_MAX_RECOVERIES):
        source = SourceMap(file)
        loader = _Loader("\n".join(lines))
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            problems.append(_syntax_problem(exc, file))
            if not _blank_entry(lines, exc, cut):
                return Parsed(None, source, problems, cut)
            continue
        except yaml.YAMLError as exc:
            problems.append(Problem(f"YAML error: {exc}", Location(file), code="yaml"))
            return Parsed(None, source, problems, cut)
        finally:
            loader.dispose()
        if node is None:
            return Parsed(None, source, problems, cut)
        loader = _Loader("")
        try:
            data = _build(node, (), loader, source, environ, problems)
        except yaml.MarkedYAMLError as exc:  # e.g. an unknown tag such as !address
            problems.append(_syntax_problem(exc, file))
            if not _blank_entry(lines, exc, cut):
                return Parsed(None, source, problems, cut)
            continue
        finally:
            loader.dispose()
        return Parsed(data, source, problems, cut)
    return Parsed(None, SourceMap(file), problems, cut)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    what = exc.problem or "invalid YAML"
    if "could not determine a constructor for the tag" in what:
        what = f"{what}; YAML tags (!name) are not used in a declaration, remove it"
    context = ""
    if exc.context and exc.context_mark is not None and exc.context_mark != mark:
        where = f"line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
        context = f" ({exc.context} that starts at {where})"
    return Problem(
        f"YAML syntax error: {what}{context}",
        Location(file, line, col),
        hint=_syntax_hint(what),
        code="yaml",
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_entry(lines: list[str], exc: yaml.MarkedYAMLError, cut: set[str]) -> bool:
    """Blank the lines of the entry holding the error, keeping line numbers.

    The entry starts where the error's context starts (or at the error) and runs
    over every following line indented deeper. Returns False when there is nothing
    left to blank, so parsing cannot make progress.
    """
    marks = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not marks:
        return False
    first = min(min(marks), len(lines) - 1)
    while first > 0 and not lines[first].strip():
        first -= 1
    # The entry ends before the next line indented as far as its first line, even when
    # the error was noticed later (an unclosed [ or { swallows the lines after it).
    indent = _indent(lines[first])
    end = first + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    if not any(lines[i].strip() for i in range(first, end)):
        return False
    section = next(
        (
            lines[i].split(":", 1)[0].strip()
            for i in range(first, -1, -1)
            if lines[i].strip() and _indent(lines[i]) == 0 and not lines[i].startswith("#")
        ),
        "",
    )
    cut.add(section)
    for i in range(first, end):
        lines[i] = ""
    return True


def _syntax_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "a value containing ': ' must be quoted, or a key is indented wrongly"
    if "could not find expected ':'" in what:
        return "every key needs a colon after it (key: value); check the line above too"
    if "found character '\\t'" in what:
        return "YAML does not allow tabs for indentation; use spaces"
    if "did not find expected key" in what or "expected <block end>" in what:
        return "check the indentation: items of one mapping must line up"
    return "check quoting and indentation around this place"


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(
    node: yaml.Node,
    path: Path,
    loader: Any,
    source: SourceMap,
    env: Mapping[str, str],
    problems: list[Problem],
) -> Any:
    source.values[path] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                problems.append(
                    Problem(
                        "a key must be a plain word",
                        Location(source.file, *_pos(key_node)),
                        path,
                        code="yaml",
                    )
                )
                continue
            key = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            child = (*path, key)
            if key in result:
                first = source.keys.get(child, (None, None))
                problems.append(
                    Problem(
                        f"duplicate key {key!r} (first given on line {first[0]})",
                        Location(source.file, *_pos(key_node)),
                        child,
                        hint="remove one of the two, or merge them",
                        code="duplicate",
                    )
                )
                continue
            source.keys[child] = _pos(key_node)
            result[key] = _build(value_node, child, loader, source, env, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), loader, source, env, problems)
            for index, item in enumerate(node.value)
        ]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str) and "${" in value:
        value = _interpolate(value, path, env, source)
    return value


def _interpolate(value: str, path: Path, env: Mapping[str, str], source: SourceMap) -> str:
    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        checkcache.note_variable(name)
        if name in env:
            return env[name]
        if default is not None:
            return default
        source.missing_env[path] = name
        return match.group(0)

    return _ENV.sub(replace, value)
