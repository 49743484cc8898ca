"""The breach register: every personal data breach recorded (Art. 33(5)), with the
72 hours for notifying the supervisory authority (Art. 33(1)), the decisions on
notifying the authority and the people affected (Art. 34) with their reasoning, the
authority's notification number, and reminders to staff while the clock runs.

A breach's state follows from what is recorded: ``assess`` until the risk is
decided; ``notify_authority`` while a decided notice has not gone out;
``tell_subjects`` while the people at high risk have not been told; ``recorded``
after. The 72-hour clock runs in the first two. Every step writes an audit entry
in the same transaction.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import catalogue, clock, plaintext, staff_notices
from ..audit import chain as audit
from ..declaration.model import Declaration
from ..errors import NotFoundError, RequestError
from ..moments import check_moment
from ..settings import Settings
from ..store.db import Database
from ..store.enums import BreachRisk, StaffNoticeKind
from ..store.models import Breach
from . import breach_fields
from .breach_fields import COLUMNS, LISTS, BreachChanges, BreachFacts
from .clocks import AUTHORITY_WINDOW, hours_left
from .complaints import letterhead

__all__ = ["CLOCK_STATES", "REMIND_HOURS", "BreachView", "Breaches", "special_categories"]

#: States in which the authority's 72 hours run.
CLOCK_STATES = ("assess", "notify_authority")
#: Hours before the 72 hours end at which staff are reminded.
REMIND_HOURS = (48, 24, 6)


@dataclass(frozen=True)
class BreachView:
    """A breach with its clock, as staff see it."""

    public_id: str
    title: str
    description: str
    occurred_at: datetime | None
    aware_at: datetime
    contained_at: datetime | None
    categories: list[str]
    special_categories: list[str]
    subject_types: list[str]
    subjects_estimate: int | None
    records_estimate: int | None
    consequences: str | None
    measures: str | None
    contact: str | None
    risk: str | None
    notify_authority: bool | None
    notify_subjects: bool | None
    decision_reason: str | None
    authority_deadline: datetime
    authority_notified_at: datetime | None
    authority_reference: str | None
    late_reason: str | None
    subjects_notified_at: datetime | None
    details: dict[str, Any]
    created_at: datetime
    state: str
    hours_left: int
    overdue: bool
    #: The authority was notified after the 72 hours.
    late: bool


def _state(row: Breach) -> str:
    if row.risk is None:
        return "assess"
    if row.notify_authority and row.authority_notified_at is None:
        return "notify_authority"
    if row.notify_subjects and row.subjects_notified_at is None:
        return "tell_subjects"
    return "recorded"


def special_categories(declaration: Declaration, keys: list[str]) -> list[str]:
    """The keys among ``keys`` that are special (Art. 9) or criminal (Art. 10) data."""
    known = catalogue.categories()
    special = []
    for key in keys:
        declared = declaration.categories.get(key)
        if (declared is not None and declared.special) or (key in known and known[key].special):
            special.append(key)
    return special


class Breaches:
    """The breach register of one organisation."""

    def __init__(self, database: Database, declaration: Declaration, settings: Settings) -> None:
        self.database = database
        self.declaration = declaration
        self.settings = settings
        self.head = letterhead(declaration, settings)

    # --- recording --------------------------------------------------------------------

    def record(self, facts: dict[str, Any] | BreachFacts, *, actor: str) -> str:
        """Record a breach; the authority's 72 hours run from ``aware_at``."""
        parsed = (
            facts
            if isinstance(facts, BreachFacts)
            else breach_fields.parse(BreachFacts, dict(facts))
        )
        values = parsed.model_dump(exclude_none=True)
        self._check(values)
        if values.get("contact") is None:
            values["contact"] = self.default_contact()
        with self.database.write() as session:
            row = Breach(
                title=values["title"],
                description=values["description"],
                aware_at=values["aware_at"],
                authority_deadline=values["aware_at"] + AUTHORITY_WINDOW,
                categories=[],
                subject_types=[],
                details={},
            )
            _apply(row, values)
            session.add(row)
            session.flush()
            self._audit(session, row, actor, "recorded", {"fields": sorted(values)})
            notice = staff_notices.Notice(
                StaffNoticeKind.BREACH.value,
                f"breach:{row.public_id}",
                details={"due": row.authority_deadline.isoformat()},
            )
            staff_notices.notify(
                session, notice, head=self.head, settings=self.settings, actor=actor
            )
            return row.public_id

    def update(
        self, public_id: str, changes: dict[str, Any] | BreachChanges, *, actor: str
    ) -> None:
        """Add or correct facts as the investigation goes on."""
        parsed = (
            changes
            if isinstance(changes, BreachChanges)
            else breach_fields.parse(BreachChanges, dict(changes))
        )
        values = parsed.model_dump(exclude_unset=True)
        for required in ("title", "description", "aware_at"):
            if required in values and values[required] is None:
                raise RequestError(required, "cannot be emptied")
        for listed in LISTS:
            if listed in values and values[listed] is None:
                raise RequestError(listed, "give a list, [] when there are none; null is not one")
        if not values:
            raise RequestError("changes", "nothing to change")
        self._check(values)
        with self.database.write() as session:
            row = self._get(session, public_id)
            _apply(row, values)
            if "aware_at" in values:
                row.authority_deadline = row.aware_at + AUTHORITY_WINDOW
            self._audit(session, row, actor, "updated", {"fields": sorted(values)})

    def default_contact(self) -> str | None:
        """The contact point for the authority: the DPO, else the security contact,
        else the controller's address (Art. 33(3)(b))."""
        controller = self.declaration.controller
        if controller.dpo is not None and (controller.dpo.email or controller.dpo.name):
            return ", ".join(p for p in (controller.dpo.name, controller.dpo.email) if p)
        security = self.declaration.security
        if security is not None and security.contact:
            return security.contact
        return controller.email

    # --- decisions and notices --------------------------------------------------------

    def decide(
        self,
        public_id: str,
        *,
        actor: str,
        risk: str,
        reason: str,
        notify_authority: bool | None = None,
        notify_subjects: bool | None = None,
        exemption: str | None = None,
    ) -> None:
        """Decide, with the reasoning, whether to notify the authority (Art. 33(1): not
        when a risk is unlikely) and the people affected (Art. 34(1): when the risk is
        high, unless an Art. 34(3) exemption applies, which must then be named)."""
        plaintext.check("reason", reason)
        try:
            level = BreachRisk(risk)
        except ValueError:
            choices = ", ".join(r.value for r in BreachRisk)
            raise RequestError("risk", f"choose one of: {choices}") from None
        if not reason.strip():
            raise RequestError("reason", "record why (Art. 33(5) asks for the reasoning)")
        authority = level != BreachRisk.UNLIKELY if notify_authority is None else notify_authority
        if level != BreachRisk.UNLIKELY and not authority:
            raise RequestError(
                "notify_authority",
                "a breach that may result in a risk must be notified (Art. 33(1)); "
                "choose risk 'unlikely' if it is not",
            )
        subjects = level == BreachRisk.HIGH if notify_subjects is None else notify_subjects
        if level == BreachRisk.HIGH and not subjects and exemption is None:
            raise RequestError(
                "exemption",
                "people at high risk must be told (Art. 34(1)) unless an exemption of "
                "Art. 34(3) applies: unintelligible, risk_removed or disproportionate",
            )
        if exemption is not None and exemption not in breach_fields.Exemption.__args__:  # type: ignore[attr-defined]
            raise RequestError(
                "exemption", "choose unintelligible, risk_removed or disproportionate"
            )
        with self.database.write() as session:
            row = self._get(session, public_id)
            if row.authority_notified_at is not None and not authority:
                raise RequestError("status", "the authority was already notified of this breach")
            row.risk = level
            row.notify_authority = authority
            row.notify_subjects = subjects
            row.decision_reason = reason.strip()
            details = {k: v for k, v in _details(row).items() if k != "exemption"}
            if exemption is not None and not subjects:
                details["exemption"] = exemption
            details["decided_at"] = clock.now().isoformat()
            row.details = details
            self._audit(
                session,
                row,
                actor,
                "decided",
                {
                    "risk": level.value,
                    "notify_authority": authority,
                    "notify_subjects": subjects,
                    "exemption": exemption,
                },
            )

    def notified(
        self,
        public_id: str,
        *,
        actor: str,
        reference: str,
        at: datetime | None = None,
        late_reason: str | None = None,
    ) -> None:
        """Record the notice to the authority and the number its form returned. After
        the 72 hours the reasons for the delay are required (Art. 33(1))."""
        reference = plaintext.check("reference", reference).strip()
        plaintext.check("late_reason", late_reason or "")
        if not reference or len(reference) > 100:
            raise RequestError("reference", "give the notification number the authority returned")
        when = check_moment(at or clock.now(), "at")
        if when > clock.now():
            raise RequestError("at", "a notice cannot be sent in the future")
        with self.database.write() as session:
            row = self._get(session, public_id)
            if row.notify_authority is False:
                raise RequestError(
                    "status",
                    "the decision was not to notify; decide again before recording a notice",
                )
            late = when > row.authority_deadline
            if late and not (late_reason or "").strip():
                raise RequestError(
                    "late_reason",
                    "notified after 72 hours: give the reasons for the delay (Art. 33(1))",
                )
            row.notify_authority = True
            row.authority_notified_at = when
            row.authority_reference = reference
            row.late_reason = (late_reason or "").strip() or None
            self._audit(session, row, actor, "notified", {"reference": reference, "late": late})

    def subjects_told(
        self, public_id: str, *, actor: str, how: str, at: datetime | None = None
    ) -> None:
        """Record that the people affected were told (Art. 34), and how."""
        if not plaintext.check("how", how).strip():
            raise RequestError("how", "say how the people were told (e-mail, letter, website...)")
        when = check_moment(at or clock.now(), "at")
        with self.database.write() as session:
            row = self._get(session, public_id)
            row.subjects_notified_at = when
            row.details = {**_details(row), "subjects_notice": how.strip()}
            self._audit(session, row, actor, "subjects_told", {"how": how.strip()})

    # --- reminders --------------------------------------------------------------------

    def send_reminders(self) -> int:
        """Tell staff while a breach's 72 hours run: at 48, 24 and 6 hours left, and
        every day once they have passed (``staff_notices``). Returns the notices made."""
        now = clock.now()
        sent = 0
        with self.database.write() as session:
            rows = session.scalars(select(Breach).where(Breach.authority_notified_at.is_(None)))
            for row in rows:
                if _state(row) not in CLOCK_STATES:
                    continue
                left = hours_left(row.authority_deadline, now)
                marks = [h for h in REMIND_HOURS if left < h]
                if left < 0:
                    mark = f"overdue:{now.date().isoformat()}"
                elif marks:
                    mark = f"{min(marks)}h"
                else:
                    continue
                notice = staff_notices.deadline(
                    f"breach:{row.public_id}", "authority", row.authority_deadline, left, mark
                )
                if staff_notices.notify(session, notice, head=self.head, settings=self.settings):
                    sent += 1
        return sent

    # --- what staff see ---------------------------------------------------------------

    def view(self, public_id: str) -> BreachView | None:
        with self.database.read() as session:
            row = session.scalar(select(Breach).where(Breach.public_id == public_id))
            return None if row is None else self._view(row)

    def list(self, *, open_only: bool = False) -> builtins.list[BreachView]:
        """The register, newest first; ``open_only`` keeps breaches that need action."""
        with self.database.read() as session:
            rows = session.scalars(select(Breach).order_by(Breach.aware_at.desc(), Breach.id))
            views = [self._view(row) for row in rows]
        return [v for v in views if v.state != "recorded"] if open_only else views

    def trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        with self.database.read() as session:
            return audit.trail_json(session, public_id)

    # --- helpers ----------------------------------------------------------------------

    def _check(self, values: dict[str, Any]) -> None:
        aware = values.get("aware_at")
        if aware is not None and aware > clock.now() + timedelta(minutes=5):
            raise RequestError("aware_at", "the organisation cannot become aware in the future")
        known = set(self.declaration.categories) | set(catalogue.categories())
        wrong = [c for c in values.get("categories") or [] if c not in known]
        if wrong:
            raise RequestError(
                "categories",
                f"unknown categor{'y' if len(wrong) == 1 else 'ies'} {', '.join(wrong)}; use "
                "the declaration's keys or the built-in catalogue's (see docs/catalogues.md)",
            )
        subjects = set(self.declaration.subjects) | set(catalogue.subject_types())
        wrong = [s for s in values.get("subject_types") or [] if s not in subjects]
        if wrong:
            raise RequestError(
                "subject_types",
                f"unknown group(s) of people {', '.join(wrong)}; use the declaration's "
                "subjects or the built-in catalogue's",
            )

    def _get(self, session: Session, public_id: str) -> Breach:
        row = session.scalar(select(Breach).where(Breach.public_id == public_id))
        if row is None:
            raise NotFoundError(f"no breach {public_id}")
        return row

    def _audit(
        self, session: Session, row: Breach, actor: str, step: str, data: dict[str, Any]
    ) -> None:
        audit.append(
            session, actor=actor, action=f"breach.{step}", subject=row.public_id, data=data
        )

    def _view(self, row: Breach) -> BreachView:
        now = clock.now()
        state = _state(row)
        notified = row.authority_notified_at
        categories = _keys(row.categories)
        return BreachView(
            public_id=row.public_id,
            title=row.title,
            description=row.description,
            occurred_at=row.occurred_at,
            aware_at=row.aware_at,
            contained_at=row.contained_at,
            categories=categories,
            special_categories=special_categories(self.declaration, categories),
            subject_types=_keys(row.subject_types),
            subjects_estimate=row.subjects_estimate,
            records_estimate=row.records_estimate,
            consequences=row.consequences,
            measures=row.measures,
            contact=row.contact,
            risk=row.risk.value if row.risk else None,
            notify_authority=row.notify_authority,
            notify_subjects=row.notify_subjects,
            decision_reason=row.decision_reason,
            authority_deadline=row.authority_deadline,
            authority_notified_at=notified,
            authority_reference=row.authority_reference,
            late_reason=row.late_reason,
            subjects_notified_at=row.subjects_notified_at,
            details=_details(row),
            created_at=row.created_at,
            state=state,
            hours_left=hours_left(row.authority_deadline, now),
            overdue=state in CLOCK_STATES and now > row.authority_deadline,
            late=notified is not None and notified > row.authority_deadline,
        )


def _keys(stored: Any) -> builtins.list[str]:
    """A stored list of keys as a list of strings, whatever the store holds: a register
    written before lists were checked may hold a JSON null there."""
    if not isinstance(stored, builtins.list):
        return []
    return [str(key) for key in stored if key is not None]


def _details(row: Breach) -> dict[str, Any]:
    """The breach's further facts; none when the store holds something else."""
    return dict(row.details) if isinstance(row.details, dict) else {}


def _apply(row: Breach, values: dict[str, Any]) -> None:
    details = _details(row)
    for name, value in values.items():
        if name in COLUMNS:
            setattr(row, name, value)
        elif value is None:
            details.pop(name, None)
        else:
            details[name] = value.isoformat() if isinstance(value, datetime) else value
    row.details = details
