"""The checker's findings as a privacy officer reads them on the admin's declaration
pages: what the law asks (the rule's title, in the reader's language), what the finding
is about (a purpose, a recipient, as the declaration names them), the article in the
reader's words, and the place in the declaration (file, line and path).

The checker's message and its hint are shown in the reader's language, as the checker
words them (``Finding.text``, ``Finding.hint_in``: ``i18n/<lang>/checker.yaml``). A
finding on the register is read as the register's open points read it
(``declaration.open_points``), in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ... import i18n
from ...declaration import wording
from ...declaration.lint import Finding, Scope
from ...declaration.model import Declaration
from ...declaration.open_points import open_points
from ...declaration.wording import articles

__all__ = ["FindingView", "articles", "findings_of"]

_PART = "admin_declaration"


@dataclass(frozen=True)
class FindingView:
    severity: str
    title: str
    subject: str | None
    #: The sentence about this finding, and how to fix it, in the reader's language.
    message: str
    hint: str | None
    article: str
    file: str
    line: int | None
    path: str
    rule: str


def _dotted(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


def _subject(declaration: Declaration, path: Sequence[str | int], lang: str) -> str | None:
    """What a finding is about, as the declaration names it."""
    if not path:
        return None
    top = str(path[0])
    words = i18n.tree(f"{_PART}.findings.subjects", lang)
    name: str | None = None
    if len(path) >= 2:
        key = str(path[1])
        if top == "purposes" and key in declaration.purposes:
            name = wording.text(declaration.purposes[key].label, lang) or key
        elif top == "recipients" and key in declaration.recipients:
            name = wording.recipient_name(key, declaration.recipients[key], lang)
        elif top == "categories" and key in declaration.categories:
            name = wording.text(declaration.categories[key].label, lang) or key
        elif top == "processing_for" and key in declaration.processing_for:
            client = declaration.processing_for[key]
            name = client.controller.name or wording.text(client.label, lang) or key
        elif top == "cookies" and key in declaration.cookies:
            name = key
    if name is not None and top in words:
        return str(words[top]).format(name=name)
    if len(path) == 1 or name is None:
        found = words.get(top)
        return str(found) if isinstance(found, str) and "{" not in found else None
    return None


def findings_of(
    declaration: Declaration, findings: Sequence[Finding], lang: str, scope: Scope
) -> list[FindingView]:
    """The errors and warnings of ``scope`` among ``findings``, in ``lang``, errors first."""
    titles = i18n.tree(f"{_PART}.rules", lang)
    points = {
        (p.rule, p.where): p.text
        for p in (open_points(declaration, findings, lang) if scope == Scope.REGISTER else [])
    }
    views = []
    for f in findings:
        if f.scope != scope or f.severity.value not in ("error", "warning"):
            continue
        point = points.get((f.rule, str(f.location)))
        views.append(
            FindingView(
                severity=f.severity.value,
                title=str(titles[f.rule]),
                subject=_subject(declaration, f.path, lang),
                message=point if point is not None else f.text(lang),
                hint=f.hint_in(lang) or None,
                article=articles(f.article, lang),
                file=PurePath(f.location.file).name,
                line=f.location.line,
                path=_dotted(f.path),
                rule=f.rule,
            )
        )
    return views
