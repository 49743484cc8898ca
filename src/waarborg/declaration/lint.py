"""The checker: rules that hold a declaration against the GDPR and Dutch law.

Each rule has a stable id, a severity, the article it enforces, a fix hint and a
scope. Rules live in ``declaration/rules/``, one module per theme, and register
themselves with the ``rule`` decorator. ``check`` runs them (all, or those of one
scope) and returns findings sorted by place.

The scope says where a finding belongs:

- ``statement``: what the declaration and the statement published from it say, or
  fail to say (Art. 12-14, the cookie and newsletter rules, the datastores the
  declaration runs on). ``waarborg check`` reports these, and their errors keep the
  statement and the cookie declaration from being published as final.
- ``register``: a duty of the organisation's own records, not of the public statement:
  the Art. 30 register and what stands behind it (the written legitimate-interest
  assessment, processing agreements, authorised sub-processors, the security
  measures). ``waarborg check --register`` and ``waarborg register`` report these, and
  their errors keep the register from being written as final.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from ..errors import Location
from .model import Declaration
from .source import Path

__all__ = ["RULES", "Finding", "Rule", "Scope", "Severity", "all_rules", "check", "rule"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Scope(StrEnum):
    """Where a rule's findings belong: the public statement, or the register."""

    STATEMENT = "statement"
    REGISTER = "register"


#: What a rule yields: the path in the declaration it is about, and a message.
Hit = tuple[Path, str]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    article: str
    title: str
    hint: str
    func: Callable[[Declaration], Iterable[Hit]]
    scope: Scope = Scope.STATEMENT


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    article: str
    message: str
    hint: str
    path: Path
    location: Location
    scope: Scope = Scope.STATEMENT

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "scope": self.scope.value,
            "article": self.article,
            "message": self.message,
            "hint": self.hint,
            "path": ".".join(str(p) for p in self.path),
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
        }


RULES: dict[str, Rule] = {}


def rule(
    id: str, severity: str, article: str, title: str, hint: str, *, scope: str = "statement"
) -> Callable[[Callable[[Declaration], Iterable[Hit]]], Callable[[Declaration], Iterable[Hit]]]:
    """Register a checker rule. ``scope="register"`` for a duty of the organisation's
    records rather than of the public statement (see the module's docstring)."""

    def register(
        func: Callable[[Declaration], Iterable[Hit]],
    ) -> Callable[[Declaration], Iterable[Hit]]:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = Rule(id, Severity(severity), article, title, hint, func, Scope(scope))
        return func

    return register


@cache
def _load_rules() -> None:
    from . import rules

    for module in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{module.name}")


def all_rules() -> dict[str, Rule]:
    _load_rules()
    return RULES


def check(
    declaration: Declaration,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    scope: Scope | str | None = None,
) -> list[Finding]:
    """Run the rules over ``declaration`` and return what they find: the rules of
    ``scope`` (``statement`` or ``register``), or of both when it is None."""
    rules = all_rules()
    chosen = set(select) if select else set(rules)
    chosen -= set(ignore)
    if scope is not None:
        chosen = {r for r in chosen if r in rules and rules[r].scope == Scope(scope)}
    findings = list(_run(declaration, [rules[r] for r in sorted(chosen) if r in rules]))
    findings.sort(
        key=lambda f: (f.severity.rank, f.location.line or 0, f.location.column or 0, f.rule)
    )
    return findings


def _run(declaration: Declaration, rules: list[Rule]) -> Iterator[Finding]:
    source = declaration.source
    file = source.file if source is not None else "privacy.yaml"
    for item in rules:
        for path, message in item.func(declaration):
            location = source.locate(path) if source is not None else Location(file)
            yield Finding(
                item.id, item.severity, item.article, message, item.hint, path, location, item.scope
            )
