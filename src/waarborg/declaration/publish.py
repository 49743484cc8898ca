"""What may be published as final, and the mark of a draft.

A declaration the checker finds errors in is not published as if it were final: the
statement, the cookie declaration and the register are refused, or written as a draft
marked CONCEPT on every page with the open findings listed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NotPublishable
from .document import Draft, DraftFinding
from .lint import Finding, check
from .model import Declaration

__all__ = ["draft_of", "gate"]


def draft_of(findings: Sequence[Finding]) -> Draft:
    """The mark of a draft, listing the open errors and warnings."""
    return Draft(
        tuple(
            DraftFinding(
                severity=f.severity.value,
                rule=f.rule,
                article=f.article if not f.article[:1].isdigit() else f"Art. {f.article}",
                message=f.message,
                where=str(f.location),
            )
            for f in findings
            if f.severity.value in ("error", "warning")
        )
    )


def gate(
    declaration: Declaration, *, draft: bool, findings: Sequence[Finding] | None = None
) -> Draft | None:
    """None when ``declaration`` may be published as final; its ``Draft`` when a draft is
    asked for. Raises ``NotPublishable`` for a declaration with errors when no draft is
    asked for."""
    found = check(declaration) if findings is None else findings
    if draft:
        return draft_of(found)
    errors = sum(1 for f in found if f.severity.value == "error")
    if errors:
        source = declaration.source
        raise NotPublishable(source.file if source is not None else "the declaration", errors)
    return None
