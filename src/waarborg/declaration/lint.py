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

Every finding is worded as data, in Dutch and English (``i18n/<lang>/checker.yaml``):
a rule yields ``say(key, **values)``, and the finding keeps its key and values
(``Finding.words``) next to its English ``message``, so the admin and ``waarborg check
--lang nl`` word it in the reader's language (``Finding.text``). A value that is itself
words (a category's label, a list, a country) is given per language as ``Local``; a
declared name (a purpose's key, an organisation's name) stays as declared. A rule's
hint is worded the same way (``checker.hints.<rule>``, ``Rule.hint_in``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from .. import i18n
from ..errors import Location
from .model import Declaration
from .source import Path

__all__ = [
    "RULES",
    "Finding",
    "Local",
    "Rule",
    "Scope",
    "Severity",
    "Words",
    "all_rules",
    "check",
    "listed",
    "phrase",
    "rule",
    "say",
]

_PART = "checker"


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


@dataclass(frozen=True)
class Local:
    """A value of a finding's words that is itself words: one per language (a label from
    the catalogue, a list, a country's name). English as the checker has always written
    it, Dutch as a Dutch reader reads it."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def __str__(self) -> str:
        return self.en


def _values(values: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: v.get(lang) if isinstance(v, Local) else v for k, v in values.items()}


@dataclass(frozen=True)
class Words:
    """What a rule says: a key under ``checker.findings`` and the values it is filled
    with."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return i18n.t(f"{_PART}.findings.{self.key}", lang, **_values(self.values, lang))


def say(key: str, /, **values: Any) -> Words:
    """The finding ``checker.findings.<key>``, its placeholders filled with ``values``
    (a ``Local`` for a value that is words)."""
    return Words(key, values)


def phrase(key: str, /, **values: Any) -> Local:
    """A part of a finding, ``checker.parts.<key>``, in both languages."""
    return Local(
        **{
            lang: i18n.t(f"{_PART}.parts.{key}", lang, **_values(values, lang))
            for lang in i18n.LANGUAGES
        }
    )


def listed(items: Iterable[str | Local], en: str = ", ", style: str = "standard") -> Local:
    """A list: in English joined by ``en`` as the checker has always written it, in Dutch
    as Dutch writes a list (``a, b en c``; ``style="or"``: ``a, b of c``)."""
    values = list(items)
    return Local(
        nl=i18n.format_list(
            [v.nl if isinstance(v, Local) else v for v in values],
            "nl",
            "or" if style == "or" else "standard",
        ),
        en=en.join(v.en if isinstance(v, Local) else v for v in values),
    )


#: What a rule yields: the path in the declaration it is about, and what it says.
Hit = tuple[Path, Words]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    article: str
    title: str
    hint: str
    func: Callable[[Declaration], Iterable[Hit]]
    scope: Scope = Scope.STATEMENT

    def hint_in(self, lang: str) -> str:
        """How to fix a finding of this rule, in ``lang`` (``hint`` is the English)."""
        return i18n.t(f"{_PART}.hints.{self.id}", lang)


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
    #: The key of its words under ``checker.findings`` and the values they are filled
    #: with (a ``Local`` per language where a value is words); ``message`` is the English.
    words: tuple[str, dict[str, Any]] | None = field(default=None, compare=False)

    def text(self, lang: str) -> str:
        """The finding in ``lang``; ``message`` for a finding without words of its own."""
        if self.words is None:
            return self.message
        return Words(*self.words).text(lang)

    def hint_in(self, lang: str) -> str:
        """How to fix it, in ``lang``; ``hint`` for a rule without words of its own."""
        key = f"{_PART}.hints.{self.rule}"
        try:
            return i18n.t(key, lang)
        except i18n.WordingError:
            return self.hint

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The finding for tools; ``message`` and ``hint`` in ``lang`` (English unless
        asked)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "scope": self.scope.value,
            "article": self.article,
            "message": self.message if lang == "en" else self.text(lang),
            "hint": self.hint if lang == "en" else self.hint_in(lang),
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
        for path, said in item.func(declaration):
            location = source.locate(path) if source is not None else Location(file)
            yield Finding(
                item.id,
                item.severity,
                item.article,
                said.text("en"),
                item.hint,
                path,
                location,
                item.scope,
                (said.key, dict(said.values)),
            )
