"""Imports only go downward (docs: DESIGN "Layers").

``declaration/`` is pure: it holds the model, the loader, the checker and the
documents, and every other part receives a loaded ``Declaration``. It may use the
catalogues and the errors below it, and nothing beside or above it: not the
datastores (which read the organisation's data), the scanner, the services, the web
layer or the command line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "waarborg"

#: Packages ``declaration/`` must not import: beside it in its layer, or above it.
NOT_BELOW_DECLARATION = (
    "datastores",
    "scan",
    "rights",
    "consent",
    "retention",
    "registers",
    "audit",
    "web",
    "cli",
    "worker",
    "demo",
)


def _package_of(path: Path) -> list[str]:
    """The package a module is in, as parts: ``waarborg.declaration.rules`` for
    ``declaration/rules/datastores.py`` and for ``declaration/rules/__init__.py``."""
    return list(path.relative_to(SRC.parent).parent.parts)


def imported(source: str, package: list[str]) -> Iterator[tuple[int, str]]:
    """Every module the code ``source`` of a module in ``package`` imports, absolute
    (``waarborg.datastores.graph``), with its line: ``import`` and ``from`` statements
    at any depth (inside functions too), and module names given as text (to
    ``importlib.import_module``)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # from .. import datastores
                yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith("waarborg.") and " " not in node.value:
                yield node.lineno, node.value


def _forbidden(module: str) -> bool:
    return any(
        module == f"waarborg.{name}" or module.startswith(f"waarborg.{name}.")
        for name in NOT_BELOW_DECLARATION
    )


def test_the_import_walker_sees_every_spelling() -> None:
    """Relative imports are resolved from the module's package, so the test below
    cannot pass by missing a spelling."""
    source = (
        "import importlib\n"
        "from ...datastores.graph import build\n"
        "from ... import datastores\n"
        "from ..lint import rule\n"
        "def f():\n"
        "    import waarborg.scan.engine\n"
        "    importlib.import_module('waarborg.datastores.resolve')\n"
    )
    package = ["waarborg", "declaration", "rules"]
    found = {module for _, module in imported(source, package) if _forbidden(module)}
    assert found >= {
        "waarborg.datastores.graph",
        "waarborg.datastores",
        "waarborg.scan.engine",
        "waarborg.datastores.resolve",
    }
    assert "waarborg.declaration.lint" in {m for _, m in imported(source, package)}


@pytest.mark.parametrize(
    "path",
    sorted((SRC / "declaration").rglob("*.py")),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_declaration_imports_nothing_beside_or_above_it(path: Path) -> None:
    found = imported(path.read_text("utf-8"), _package_of(path))
    wrong = [f"line {line}: {module}" for line, module in found if _forbidden(module)]
    assert not wrong, f"{path.relative_to(SRC)} imports upward or sideways: {wrong}"
