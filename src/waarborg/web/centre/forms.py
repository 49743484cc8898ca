"""The privacy centre's request forms: which fields each right asks for, which
purposes it offers, and checking what a person filled in.

Each field error is a key into the page words (``errors.*``, or ``addresses.*`` for an
e-mail address), so the page shows it in the person's language, next to the field and
in the summary at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...declaration.model import Declaration
from ...errors import EmailAddressError
from ...identity import parse_email
from ...rights import execute
from ...store.enums import RequestKind
from ..address_wording import error_key

__all__ = [
    "KINDS",
    "MAX_TEXT",
    "Choice",
    "Submission",
    "check",
    "consent_purposes",
    "objection_purposes",
    "purpose_choices",
]

#: The rights with a form, in the order the home page lists them.
KINDS: tuple[str, ...] = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "withdraw_consent",
)
MAX_TEXT = 5000


def objection_purposes(declaration: Declaration) -> list[str]:
    """Purposes one can object to (Art. 21): legitimate interest, public task, or
    direct marketing."""
    return list(execute.objectable(declaration))


def consent_purposes(declaration: Declaration) -> list[str]:
    """Purposes that rest on consent (Art. 7(3))."""
    return list(execute.consent_purposes(declaration))


@dataclass(frozen=True)
class Choice:
    """A purpose as a checkbox: its key, label and a note (such as direct marketing)."""

    key: str
    label: str
    note: str | None = None


def purpose_choices(
    declaration: Declaration, keys: list[str], lang: str, notes: dict[str, str] | None = None
) -> list[Choice]:
    choices = []
    for key in keys:
        purpose = declaration.purposes[key]
        label = purpose.label.get(lang) if purpose.label else key.replace("_", " ")
        note = None
        if notes is not None:
            if purpose.direct_marketing:
                note = notes["marketing"]
            elif "legitimate_interest" in purpose.bases:
                note = notes["interest"]
            else:
                note = notes["public_task"]
        choices.append(Choice(key, label, note))
    return choices


@dataclass
class Submission:
    """What a person filled in, and what is wrong with it (field: error key)."""

    kind: str
    email: str = ""
    message: str = ""
    purposes: list[str] = field(default_factory=list)
    #: For a restriction: one purpose, or empty for all processing.
    purpose: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def details(self) -> dict[str, Any]:
        """The request's details, as the request workflow takes them."""
        details: dict[str, Any] = {}
        if self.kind in (RequestKind.OBJECTION, RequestKind.WITHDRAW_CONSENT):
            details["purposes"] = list(self.purposes)
        if self.kind == RequestKind.RESTRICTION and self.purpose:
            details["purpose"] = self.purpose
        if self.message:
            details["message"] = self.message
        return details


def check(
    declaration: Declaration,
    kind: str,
    *,
    email: str | None,
    message: str | None,
    purposes: list[str] | None,
    purpose: str | None = None,
) -> Submission:
    """Check one submitted form; ``errors`` is empty when it can be filed."""
    submission = Submission(
        kind=kind,
        email=(email or "").strip(),
        message=(message or "").strip(),
        purposes=list(dict.fromkeys(p for p in purposes or [] if p)),
        purpose=(purpose or "").strip() if kind == RequestKind.RESTRICTION else "",
    )
    errors = submission.errors
    try:
        submission.email = parse_email(submission.email)
    except EmailAddressError as exc:
        errors["email"] = error_key(exc)
    if len(submission.message) > MAX_TEXT:
        errors["message"] = "too_long"
    elif kind == RequestKind.RECTIFICATION and not submission.message:
        errors["message"] = "message"
    if submission.purpose and submission.purpose not in declaration.purposes:
        errors["purpose"] = "purpose_unknown"
    offered = {
        RequestKind.OBJECTION: objection_purposes,
        RequestKind.WITHDRAW_CONSENT: consent_purposes,
    }.get(RequestKind(kind))
    if offered is not None:
        allowed = offered(declaration)
        if any(p not in allowed for p in submission.purposes):
            errors["purposes"] = "purpose_unknown"
        elif not submission.purposes:
            errors["purposes"] = "purposes"
    return submission
