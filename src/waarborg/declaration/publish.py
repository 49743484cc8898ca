"""What may be published as final, and the mark of a draft.

A declaration the checker finds errors in is not published as if it were final: the
document is refused, or written as a draft marked CONCEPT on every page with the open
findings listed. Each document answers for the findings of its own scope
(``lint.Scope``): the statement and the cookie declaration for the statement's, the
Art. 30 register for the register's. A statement that forgets the right to complain
does not hold back the register, and a processing agreement not on record does not
hold back the statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath

from .. import i18n
from ..errors import Location, NotPublishable
from .document import Draft, DraftFinding
from .lint import Finding, Scope, check
from .model import Declaration
from .wording import articles

__all__ = ["draft_of", "gate"]


def draft_of(findings: Sequence[Finding], *, file_names_only: bool = False) -> Draft:
    """The mark of a draft, listing the open errors and warnings. ``file_names_only``
    names the declaration by its file name, without the folders it lies in (for a page
    the public reads: a server's paths are none of its business)."""

    def where(location: Location) -> str:
        if file_names_only and location.file:
            location = replace(location, file=PurePath(location.file).name)
        return str(location)

    return Draft(
        tuple(
            DraftFinding(
                severity=f.severity.value,
                rule=f.rule,
                article=f.article if not f.article[:1].isdigit() else f"Art. {f.article}",
                message=f.message,
                where=where(f.location),
                texts=tuple((lang, f.text(lang)) for lang in i18n.LANGUAGES),
                articles=(("nl", articles(f.article, "nl")),),
            )
            for f in findings
            if f.severity.value in ("error", "warning")
        )
    )


def gate(
    declaration: Declaration,
    *,
    draft: bool,
    findings: Sequence[Finding] | None = None,
    scope: Scope | str = Scope.STATEMENT,
) -> Draft | None:
    """None when the document of ``scope`` (the statement, or the register) may be
    published as final; its ``Draft`` when a draft is asked for. Raises
    ``NotPublishable`` when the checker finds errors of that scope and no draft is asked
    for. ``findings`` (of any scope) saves running the checker again."""
    scope = Scope(scope)
    found = (
        check(declaration, scope=scope)
        if findings is None
        else [f for f in findings if f.scope == scope]
    )
    if draft:
        return draft_of(found)
    errors = sum(1 for f in found if f.severity.value == "error")
    if errors:
        source = declaration.source
        file = source.file if source is not None else "the declaration"
        raise NotPublishable(file, errors, scope.value)
    return None
