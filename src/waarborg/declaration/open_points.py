"""The register's open points: the checker's findings on the register, as its reader
reads them.

A finding on the register (``lint.Scope.REGISTER``) says what the organisation's
records do not yet hold: a balancing test, a processing agreement, an authorisation.
In the register it becomes a sentence in the register's language that names the
purpose, processor or client as the declaration names them, with its article and its
place in the declaration. A rule without its own wording (``words(lang)["open_points"]
["rules"]``) reads as the checker words it in that language (``Finding.text``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lint import Finding, Scope, check
from .model import Declaration
from .wording import article, recipient_name, text, words

__all__ = ["OpenPoint", "open_points"]


@dataclass(frozen=True)
class OpenPoint:
    """A finding on the register, as the register's reader reads it."""

    severity: str
    #: The severity in the register's language.
    label: str
    text: str
    article: str
    where: str
    rule: str


def open_points(
    declaration: Declaration, findings: Sequence[Finding] | None, lang: str
) -> list[OpenPoint]:
    """The checker's findings on the register, in ``lang``: each sentence names the
    purpose, processor or client as the declaration names it. A rule without its own
    wording reads as the checker words it in ``lang``."""
    found = check(declaration, scope=Scope.REGISTER) if findings is None else findings
    w = words(lang)
    wording: dict[str, str] = w["open_points"]["rules"]
    severity: dict[str, str] = w["draft"]["severity"]
    points = []
    for f in found:
        if f.scope != Scope.REGISTER:
            continue
        key, names = _subject(declaration, f, lang)
        template = wording.get(key)
        points.append(
            OpenPoint(
                severity=f.severity.value,
                label=severity[f.severity.value],
                text=template.format(**names) if template is not None else f.text(lang),
                article=_articles(f.article, lang),
                where=str(f.location),
                rule=f.rule,
            )
        )
    return points


def _subject(declaration: Declaration, finding: Finding, lang: str) -> tuple[str, dict[str, str]]:
    """The wording key of ``finding`` and the names its sentence needs, from its path."""
    path = finding.path
    names: dict[str, str] = {}
    key = finding.rule
    if len(path) >= 2 and path[0] == "purposes" and path[1] in declaration.purposes:
        purpose = declaration.purposes[str(path[1])]
        names["name"] = text(purpose.label, lang) or str(path[1])
    elif len(path) >= 2 and path[0] == "recipients" and path[1] in declaration.recipients:
        names["name"] = recipient_name(str(path[1]), declaration.recipients[str(path[1])], lang)
    elif len(path) >= 2 and path[0] == "processing_for" and path[1] in declaration.processing_for:
        client = declaration.processing_for[str(path[1])]
        names["name"] = client.controller.name or text(client.label, lang) or str(path[1])
        if len(path) >= 3 and path[2] in ("categories", "subjects"):
            key = f"{finding.rule}/{path[2]}"
        if len(path) >= 4 and path[2] == "subprocessors" and isinstance(path[3], int):
            sub = client.subprocessors[path[3]]
            names["client"] = names["name"]
            names["name"] = recipient_name(sub, declaration.recipients[sub], lang)
    return key, names


def _articles(articles: str, lang: str) -> str:
    """``6(1)(f), 5(2)`` as ``art. 6 lid 1 sub f AVG, art. 5 lid 2 AVG`` (or in English);
    a reference that is not to the GDPR stays as it is."""
    parts = [p.strip() for p in articles.split(",")]
    return ", ".join(article(p, lang) if p[:1].isdigit() else p for p in parts)
