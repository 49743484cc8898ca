"""The documentation is complete: every key, every rule, every catalogue entry and every
environment variable is documented, and every example in the docs loads."""

from __future__ import annotations

import ast
import copy
import importlib
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from pydantic import BaseModel

from waarborg import catalogue
from waarborg.cli import main as cli_main
from waarborg.declaration import model
from waarborg.declaration.lint import all_rules
from waarborg.declaration.loader import load_text
from waarborg.declaration.source import read_yaml
from waarborg.errors import DeclarationError
from waarborg.settings import ENV_PREFIX, Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"
DECLARATION = DOCS / "declaration.md"
CHECKER = DOCS / "checker.md"
CATALOGUES = DOCS / "catalogues.md"

#: The first line of a YAML example that is broken on purpose, to show the errors.
BROKEN_MARKER = re.compile(r"^# .*mistakes")


@cache
def _read(path: Path) -> str:
    return path.read_text("utf-8")


def _sections(text: str) -> dict[str, str]:
    """The text under each heading, keyed by the heading's text, up to the next heading."""
    sections: dict[str, str] = {}
    title: str | None = None
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"^#{1,6} (.+)$", line)
        if heading:
            if title is not None:
                sections[title] = "\n".join(lines)
            title, lines = heading.group(1).strip(), []
        else:
            lines.append(line)
    if title is not None:
        sections[title] = "\n".join(lines)
    return sections


def _table_keys(text: str) -> set[str]:
    """The backticked names in the first cell of every table row."""
    return set(re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE))


# --- (a) every key of the declaration is documented ------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models inside a field annotation: through Optional, unions, lists,
    dicts and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if typing.get_origin(annotation) is None:
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def _reachable_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [model.Declaration]
    while todo:
        current = todo.pop(0)
        if current in found:
            continue
        found.append(current)
        for field in current.model_fields.values():
            todo.extend(_models_in(field.annotation))
    return found


MODELS = _reachable_models()


def _own_fields(cls: type[BaseModel]) -> tuple[list[str], type[BaseModel] | None]:
    """The fields a model's own section documents, and the documented model it extends
    (whose section documents the rest)."""
    for base in cls.__mro__[1:]:
        if base in MODELS:
            return [f for f in cls.model_fields if f not in base.model_fields], base
    return list(cls.model_fields), None


def test_every_model_is_reachable_from_the_declaration() -> None:
    defined = {
        cls
        for cls in vars(model).values()
        if isinstance(cls, type)
        and issubclass(cls, BaseModel)
        and cls.__module__ == model.__name__
        and cls is not model.Model
    }
    assert defined <= set(MODELS), "models that Declaration never uses"
    assert {"Declaration", "Controller", "Purpose", "Column", "Text"} <= {
        cls.__name__ for cls in MODELS
    }


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_field_is_documented_in_its_section(cls: type[BaseModel]) -> None:
    sections = _sections(_read(DECLARATION))
    assert cls.__name__ in sections, f"docs/declaration.md has no section '### {cls.__name__}'"
    section = sections[cls.__name__]
    fields, base = _own_fields(cls)
    missing = [f for f in fields if f not in _table_keys(section)]
    assert not missing, f"{cls.__name__}: undocumented keys {missing}"
    if base is not None:
        assert f"[{base.__name__}](#{base.__name__.lower()})" in section
    assert "```yaml" in section, f"{cls.__name__}: the section has no YAML example"


def test_every_field_appears_in_a_table_row() -> None:
    rows = _table_keys(_read(DECLARATION))
    missing = sorted(
        f"{cls.__name__}.{name}" for cls in MODELS for name in cls.model_fields if name not in rows
    )
    assert not missing


# --- (b) every rule is documented --------------------------------------------------------

#: The heading of docs/checker.md under which each rule module's rules are listed.
THEMES = {
    "controller": "Controller and statement",
    "parties": "Controller and statement",
    "purposes": "Purposes and legal bases",
    "lawfulness": "Purposes and legal bases",
    "minimisation": "Purpose limitation and minimisation",
    "special": "Special data, children and sources",
    "recipients": "Recipients and transfers",
    "retention": "Retention",
    "rights": "Rights and requests",
    "cookies": "Cookies",
    "marketing": "Newsletters and direct marketing",
    "terms": "Words of the statement",
    "register": "Register, processors and security",
    "datastores": "Datastores",
}

RULE_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \|", re.MULTILINE)


def test_every_rule_is_in_the_checker_docs_with_its_severity() -> None:
    documented = dict(RULE_ROW.findall(_read(CHECKER)))
    rules = {rule.id: rule.severity.value for rule in all_rules().values()}
    assert documented == rules


def test_the_rules_on_the_register_are_listed_as_such() -> None:
    """docs/checker.md lists the rules that report on the register, and no others."""
    section = _sections(_read(CHECKER))["The statement and the register"]
    listed = set(re.findall(r"^\| `([a-z0-9]+-[a-z0-9-]+)` \|", section, re.MULTILINE))
    on_register = {rule.id for rule in all_rules().values() if rule.scope == "register"}
    assert listed == on_register


def test_rules_are_listed_under_their_theme() -> None:
    sections = _sections(_read(CHECKER))
    for rule in all_rules().values():
        theme = THEMES.get(rule.func.__module__.rsplit(".", 1)[-1])
        assert theme is not None, f"{rule.func.__module__}: add its theme to docs/checker.md"
        assert f"| `{rule.id}` |" in sections[theme], f"{rule.id} is not under '{theme}'"


# --- (c) the YAML examples load ----------------------------------------------------------


def _blocks() -> list[tuple[int, str]]:
    """Each YAML example of docs/declaration.md with the line its code starts on."""
    text = _read(DECLARATION)
    return [
        (text[: match.start(1)].count("\n") + 1, match.group(1))
        for match in re.finditer(r"^```yaml\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    ]


def _complete(block: str) -> bool:
    return block.startswith("waarborg: 1\n")


def _broken(block: str) -> bool:
    return bool(BROKEN_MARKER.match(block))


def _params(keep: Callable[[str], bool]) -> list[Any]:
    return [pytest.param(block, id=f"line-{line}") for line, block in _blocks() if keep(block)]


@pytest.mark.parametrize("block", _params(lambda block: True))
def test_every_yaml_example_parses(block: str) -> None:
    yaml.safe_load(block)


#: A Fides dataset to stand in for each one an example names.
FIDES_DATASET = Path(__file__).resolve().parent / "data" / "fides_dataset.yml"


def _load_in(folder: Path, text: str) -> None:
    """Load ``text`` as ``folder/privacy.yaml``, with a Fides dataset in place for every
    one it names (the loader reads them relative to the declaration)."""
    data, _ = read_yaml(text, "privacy.yaml", {})
    stores = data.get("datastores") if isinstance(data, dict) else None
    for store in (stores or {}).values():
        if isinstance(store, dict) and isinstance(store.get("fides"), str):
            target = folder / store["fides"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(FIDES_DATASET.read_text("utf-8"), "utf-8")
    load_text(text, str(folder / "privacy.yaml"), env={})


@pytest.mark.parametrize("block", _params(_complete))
def test_every_complete_example_loads(block: str, tmp_path: Path) -> None:
    _load_in(tmp_path, block)


def _merge(into: dict[str, Any], part: Mapping[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


@pytest.mark.parametrize("block", _params(lambda b: not _complete(b) and not _broken(b)))
def test_every_fragment_loads_within_the_complete_example(block: str, tmp_path: Path) -> None:
    """A fragment (a section's example) is merged into the page's last complete example,
    read with the declaration's own YAML 1.2 rules, and the result must load."""
    complete = [b for _, b in _blocks() if _complete(b)][-1]
    base, _ = read_yaml(complete, "base", {})
    part, _ = read_yaml(block, "fragment", {})
    assert isinstance(base, dict) and isinstance(part, dict)
    _merge(base, part)
    _load_in(tmp_path, yaml.safe_dump(base, allow_unicode=True, sort_keys=False))


def test_the_broken_example_fails_as_documented() -> None:
    broken = [b for _, b in _blocks() if _broken(b)]
    assert len(broken) == 1
    with pytest.raises(DeclarationError) as info:
        load_text(broken[0], "privacy.yaml", env={})
    text = _read(DECLARATION)
    assert f"privacy.yaml: {len(info.value.problems)} errors;" in text
    for problem in info.value.problems:
        assert f"{problem.location}: error: {problem.message}" in text
        if problem.hint:
            assert f"fix: {problem.hint}" in text


# --- catalogues ------------------------------------------------------------------------

KEYED: dict[str, Callable[[], Mapping[str, Any]]] = {
    "categories": catalogue.categories,
    "purposes": catalogue.purposes,
    "bases": catalogue.bases,
    "art9_conditions": catalogue.art9_conditions,
    "authorities": catalogue.authorities,
    "recipients": catalogue.recipients,
    "measures": catalogue.measures,
    "subjects": catalogue.subject_types,
    "adequacy": catalogue.adequate_countries,
}


@pytest.mark.parametrize("name", sorted(KEYED))
def test_every_catalogue_entry_is_listed(name: str) -> None:
    missing = sorted(set(KEYED[name]()) - _table_keys(_read(CATALOGUES)))
    assert not missing, f"add to docs/catalogues.md: {missing}"


def test_catalogue_counts_are_current() -> None:
    counts = dict(
        re.findall(
            r"^\| \[[^]]+\]\(#[^)]+\) \| `([a-z0-9_]+)\.(?:yaml|json)` \| ([\d,]+) \|",
            _read(CATALOGUES),
            re.MULTILINE,
        )
    )
    expected = {
        **{name: len(load()) for name, load in KEYED.items()},
        "cookies": len(catalogue.cookies()),
    }
    assert {k: int(v.replace(",", "")) for k, v in counts.items()} == expected


# --- environment variables ---------------------------------------------------------------

SETTINGS_DOC = DOCS / "settings.md"
SRC = Path(__file__).resolve().parent.parent / "src" / "waarborg"
#: A ``WAARBORG_`` variable named in the code (not the prefix alone).
WAARBORG_NAME = re.compile(r"\bWAARBORG_[A-Z0-9_]*[A-Z0-9]\b")
#: Calls that read one environment variable by name.
READERS = {("os.environ", "get"), ("os", "getenv"), ("environ", "get")}


def _read_by_name(tree: ast.AST) -> Iterator[str]:
    """The names of the environment variables that the code reads with a literal name:
    ``os.environ.get("X")``, ``os.getenv("X")``, ``os.environ["X"]``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            owner = ast.unparse(node.func.value)
            name = node.args[0]
            if (owner, node.func.attr) in READERS and isinstance(name, ast.Constant):
                yield str(name.value)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
            if isinstance(node.slice, ast.Constant) and isinstance(node.ctx, ast.Load):
                yield str(node.slice.value)


def _variables_the_code_reads() -> set[str]:
    """Every environment variable Waarborg reads: the settings (``WAARBORG_`` plus each
    field), each ``WAARBORG_*`` name in the source, and each variable read by name."""
    names = {f"{ENV_PREFIX}{field.upper()}" for field in Settings.model_fields}
    for path in SRC.rglob("*.py"):
        source = path.read_text("utf-8")
        names |= set(WAARBORG_NAME.findall(source))
        names |= set(_read_by_name(ast.parse(source)))
    return names


def test_the_code_reads_the_variables_this_test_looks_for() -> None:
    names = _variables_the_code_reads()
    assert {"WAARBORG_DATABASE_URL", "WAARBORG_DEBUG", "WAARBORG_CACHE_DIR"} <= names
    assert "XDG_CACHE_HOME" in names


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    """docs/settings.md has a row for each ``WAARBORG_*`` variable and names every other
    variable the code reads; it lists none that the code does not read."""
    text = _read(SETTINGS_DOC)
    rows = set(re.findall(r"^\| `(WAARBORG_[A-Z0-9_]+)` \|", text, re.MULTILINE))
    names = _variables_the_code_reads()
    ours = {name for name in names if name.startswith(ENV_PREFIX)}
    assert sorted(ours - rows) == [], "add a row to docs/settings.md"
    assert sorted(rows - ours) == [], "docs/settings.md lists a variable nothing reads"
    others = sorted(name for name in names - ours if not re.search(rf"\b{name}\b", text))
    assert others == [], "name these in docs/settings.md"


# --- names of files --------------------------------------------------------------------

REPO = DOCS.parent
#: Backticked names of Python files in the prose: ``x.py``, `dir/x.py`.
PY_NAME = re.compile(r"`{1,2}([A-Za-z0-9_./]+\.py)`{1,2}")
#: Names that stand for a file one writes, in a recipe (CONTRIBUTING.md, docs/store.md).
RECIPES = {"rNNNN_what.py", "drivers_licence.py", "test_drivers_licence.py"}


def _prose() -> Iterator[Path]:
    yield from sorted(DOCS.glob("*.md"))
    yield REPO / "README.md"
    yield REPO / "CONTRIBUTING.md"
    yield from sorted(SRC.rglob("*.py"))


def test_every_python_file_the_docs_and_docstrings_name_exists() -> None:
    files = [
        p.relative_to(REPO).as_posix()
        for folder in ("src", "tests", "scripts", "bench")
        for p in (REPO / folder).rglob("*.py")
    ]
    unknown = []
    for path in _prose():
        for name in PY_NAME.findall(_read(path)):
            if name.rsplit("/", 1)[-1] in RECIPES:
                continue
            if not any(f == name or f.endswith("/" + name) for f in files):
                unknown.append(f"{path.relative_to(REPO)}: {name}")
    assert unknown == []


def test_no_docstring_promises_a_dotenv_file() -> None:
    """Nothing reads a ``.env`` file, so nothing says settings come from one."""
    said = [p.name for p in SRC.rglob("*.py") if re.search(r"`\.env`|\.env\b file", _read(p))]
    assert said == []


# --- commands, options, Python names and routes -----------------------------------------

COMMAND = re.compile(r"`(waarborg [^`]+)`|^\$? ?(waarborg [^\n#]+)", re.MULTILINE)
PYTHON_NAME = re.compile(r"`(waarborg(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
ROUTE = re.compile(r"`(?:(GET|POST|PATCH|PUT|DELETE) )?(/api/v1/[^`?\s]*)")


def _pages() -> list[Path]:
    return [*sorted(DOCS.glob("*.md")), REPO / "README.md", REPO / "CONTRIBUTING.md"]


def _command(words: list[str]) -> tuple[click.Command, list[str]]:
    """The deepest command ``words`` name, and the names that led to it."""
    command: click.Command = cli_main
    path: list[str] = []
    for word in words:
        found = (
            command.get_command(click.Context(command), word)
            if isinstance(command, click.Group)
            else None
        )
        if found is None:
            break
        command = found
        path.append(word)
    return command, path


def test_every_command_and_option_the_docs_name_exists() -> None:
    wrong = []
    for page in _pages():
        for match in COMMAND.finditer(_read(page)):
            words = (match.group(1) or match.group(2)).split()
            command, path = _command(words[1:])
            if not path:
                wrong.append(f"{page.name}: {' '.join(words)}: no such command")
                continue
            options = {"-h", "--help"}
            for param in command.params:
                options |= {*param.opts, *param.secondary_opts}
            for word in words:
                option = re.match(r"\[?(--?[a-z][a-z-]*)", word)
                if option and option.group(1) not in options:
                    wrong.append(f"{page.name}: {' '.join(words)}: no {option.group(1)}")
    assert wrong == []


def _resolve(name: str) -> Any:
    """What a dotted name stands for (a module, or an attribute of one), or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            found = getattr(found, part, None)
        return found
    return None


def test_every_python_name_the_docs_give_exists() -> None:
    wrong = []
    for page in _pages():
        for name in sorted(set(PYTHON_NAME.findall(_read(page)))):
            if _resolve(name) is None:
                wrong.append(f"{page.name}: {name}")
    assert wrong == []


def test_every_api_route_the_docs_name_exists(demo_declaration: model.Declaration) -> None:
    from waarborg.web import create_app

    settings = Settings(data_dir=Path("unused"), secret_key="k" * 40)
    schema = create_app(settings, demo_declaration).openapi()["paths"]
    routes = {
        re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)): {m.upper() for m in item}
        for path, item in schema.items()
    }
    wrong = []
    for page in _pages():
        for method, path in ROUTE.findall(_read(page)):
            concrete = re.sub(r"\{[^}]+\}|<[^>]+>|\bID\b", "x", path)
            methods = [m for rx, m in routes.items() if re.fullmatch(rx, concrete)]
            if not methods or (method and not any(method in m for m in methods)):
                wrong.append(f"{page.name}: {method} {path}".replace(":  ", ": "))
    assert wrong == []
