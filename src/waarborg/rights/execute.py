"""Each right, carried out: on the organisation's datastores (through the connectors)
and in Waarborg's own store.

``on_datastores`` runs outside any transaction of Waarborg's store, so a long
erasure never holds the store's write lock; ``record`` then writes what was done and
what it came to (``result``: ``no_data_found`` when nothing was found, so nothing was
done), and ``answer.answer`` turns it into the letter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from .. import clock
from ..consent import iso27560, ledger
from ..consent.ledger import Executor
from ..consent.notice import purpose_notice
from ..declaration.model import Declaration, Table
from ..errors import DatastoreError, DatastoreUnavailable, RequestError
from ..identity import email_key
from ..store.enums import ConsentState, ObjectionStatus, RequestKind, RequestStatus
from ..store.models import Objection, Request, Restriction
from . import found
from .answer import erasure_result
from .export import write_export

if TYPE_CHECKING:
    from .service import Requests

__all__ = [
    "Snapshot",
    "check_change_types",
    "check_changes",
    "check_details",
    "needs_review",
    "on_datastores",
    "plan_erasure",
    "plan_summary",
    "record",
]


@dataclass(frozen=True)
class Snapshot:
    """What the work needs of a request, read in one transaction and used outside it."""

    id: int
    public_id: str
    kind: RequestKind
    status: RequestStatus
    email: str
    identity: dict[str, str]
    lang: str
    details: dict[str, Any]
    outcome: dict[str, Any] | None
    #: The row's ``version`` when read: a write made with it checks that nothing else
    #: wrote the request since (``service.Requests._update``).
    version: int = 0

    @classmethod
    def of(cls, request: Request | Row[Any]) -> Snapshot:
        """Of the request's object, or of a row holding these columns."""
        return cls(
            id=request.id,
            public_id=request.public_id,
            kind=request.kind,
            status=request.status,
            email=request.email,
            identity=dict(request.identity),
            lang=request.lang,
            details=dict(request.details),
            outcome=dict(request.outcome) if request.outcome else None,
            version=request.version,
        )

    @classmethod
    def of_values(cls, snapshot: Snapshot, **changes: Any) -> Snapshot:
        return replace(snapshot, **changes)


# --- what may be asked ------------------------------------------------------------------


def _purposes_of(declaration: Declaration, kind: RequestKind) -> dict[str, str]:
    """The purposes one may object to (legitimate interest, public task, direct
    marketing) or withdraw consent from, by key, with why they qualify."""
    out: dict[str, str] = {}
    for key, purpose in declaration.purposes.items():
        if kind == RequestKind.OBJECTION:
            if purpose.direct_marketing:
                out[key] = "direct_marketing"
            elif {"legitimate_interest", "public_task"} & set(purpose.bases):
                out[key] = "legitimate_interest"
        elif kind == RequestKind.WITHDRAW_CONSENT and "consent" in purpose.bases:
            out[key] = "consent"
    return out


def objectable(declaration: Declaration) -> dict[str, str]:
    return _purposes_of(declaration, RequestKind.OBJECTION)


def consent_purposes(declaration: Declaration) -> dict[str, str]:
    return _purposes_of(declaration, RequestKind.WITHDRAW_CONSENT)


def check_details(
    declaration: Declaration, kind: RequestKind, details: dict[str, Any]
) -> dict[str, Any]:
    """The request's details, checked against the declaration; RequestError otherwise."""
    allowed = {"message", "purposes", "purpose"}
    unknown = sorted(set(details) - allowed)
    if unknown:
        raise RequestError("details", f"unknown detail {', '.join(unknown)}")
    message = details.get("message")
    if message is not None and (not isinstance(message, str) or len(message) > 5000):
        raise RequestError("message", "write the message as text of at most 5000 characters")
    clean: dict[str, Any] = {}
    if message:
        clean["message"] = message.strip()
    if kind in (RequestKind.OBJECTION, RequestKind.WITHDRAW_CONSENT):
        choices = _purposes_of(declaration, kind)
        purposes = details.get("purposes")
        if not isinstance(purposes, list) or not purposes:
            raise RequestError("purposes", "choose at least one purpose")
        wrong = [p for p in purposes if p not in choices]
        if wrong:
            raise RequestError(
                "purposes",
                f"{', '.join(map(str, wrong))}: not a purpose this right applies to; "
                f"choose from {', '.join(choices) or 'none'}",
            )
        clean["purposes"] = list(dict.fromkeys(purposes))
    if kind == RequestKind.RESTRICTION and details.get("purpose") is not None:
        if details["purpose"] not in declaration.purposes:
            raise RequestError("purpose", "choose one of the declared purposes, or none for all")
        clean["purpose"] = details["purpose"]
    if kind == RequestKind.RECTIFICATION and not clean.get("message"):
        raise RequestError("message", "say which data is wrong and what it should be")
    return clean


def check_changes(
    declaration: Declaration, changes: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Staff's rectification changes: ``{"store.table" or "table": {column: value}}``,
    for the datastores' tables with their Fides datasets merged in."""
    tables: dict[str, tuple[str, str, Table]] = {}
    for store in declaration.datastores:
        for table, spec in found.datastore(declaration, store).tables.items():
            tables[f"{store}.{table}"] = (store, table, spec)
    short = {table: key for key, (_s, table, _t) in tables.items()}
    clean: dict[str, dict[str, Any]] = {}
    for name, columns in changes.items():
        key = name if name in tables else short.get(name)
        if key is None:
            raise RequestError("changes", f"{name}: no such table in the declared datastores")
        _store, _table, spec = tables[key]
        wrong = [c for c in columns if c not in spec.columns]
        if wrong:
            raise RequestError("changes", f"{name}: {', '.join(wrong)} not declared columns")
        clean[key] = dict(columns)
    return clean


def check_change_types(service: Requests, changes: dict[str, dict[str, Any]]) -> None:
    """Staff's checked changes (``check_changes``) against the real columns' types, on
    each datastore: RequestError naming every column whose value its type does not take
    (``crm.contacts.first_name: cannot be empty``). A datastore that cannot be reached
    now is not checked: the work checks again, and stops for staff if it is wrong."""
    problems: list[str] = []
    for name, columns in changes.items():
        store, _, table = name.partition(".")
        try:
            with service.connectors.using(store) as connector:
                found = connector.check_rectify(table, columns)
        except DatastoreUnavailable:
            continue
        except DatastoreError as exc:
            raise RequestError("changes", f"{name}: {exc.message}") from None
        problems += [f"{name}.{column}: {why}" for column, why in found.items()]
    if problems:
        raise RequestError("changes", "; ".join(problems))


def needs_review(
    declaration: Declaration, request: Request | Snapshot, always: Collection[str] = ()
) -> bool:
    """Rectification is always reviewed by staff; an objection to a legitimate-interest
    purpose waits for staff to weigh compelling grounds (Art. 21(1)); an objection to
    direct marketing takes effect at once (Art. 21(3)). ``always`` names the kinds the
    organisation chose to review every time (the ``review`` setting)."""
    if request.details.get("approved_by"):
        return False
    if request.kind == RequestKind.RECTIFICATION or request.kind.value in always:
        return True
    if request.kind == RequestKind.OBJECTION:
        reasons = objectable(declaration)
        return any(
            reasons.get(p) == "legitimate_interest" for p in request.details.get("purposes", [])
        )
    return False


# --- the work on the datastores ---------------------------------------------------------


def plan_erasure(service: Requests, snapshot: Snapshot) -> dict[str, Any]:
    """A dry run of the erasure on every datastore: what will go and what stays."""
    plan: dict[str, Any] = {}
    for key in service.declaration.datastores:
        with service.connectors.using(key) as connector:
            plan[key] = connector.erase(snapshot.identity, dry_run=True).as_dict()
    return plan


def plan_summary(plan: dict[str, Any]) -> dict[str, Any]:
    return {
        store: {
            t["table"]: {"found": t["found"], "kept": sum(k["rows"] for k in t["kept"])}
            for t in result["tables"]
            if t["found"]
        }
        for store, result in plan.items()
    }


def _done_steps(service: Requests, snapshot: Snapshot) -> dict[str, Any]:
    """The datastores this request's erasure or rectification already finished, with
    what each did (``outcome["steps"]``, written as each finished)."""
    return dict((snapshot.outcome or {}).get("steps", {}))


def _erase(connector: Any, snapshot: Snapshot) -> Any:
    """The erasure on one datastore; a processor connector gets the step's name for
    the Idempotency-Key of its calls."""
    step = f"{snapshot.public_id}:{connector.key}"
    if getattr(connector, "name", None) == "processor":
        return connector.erase(snapshot.identity, step=step)
    return connector.erase(snapshot.identity)


def on_datastores(
    service: Requests,
    snapshot: Snapshot,
    finished: Callable[[str, Any], None] | None = None,
) -> dict[str, Any]:
    """Run the right on every datastore; returns what it found or did. An erasure or
    rectification records each datastore as it finishes it (``finished(key, result)``:
    the worker's ``Requests._execute`` writes it to the store before the next one
    starts), so a request that waits for one datastore (down, or asking to slow down)
    resumes where it stopped. Without ``finished`` nothing is recorded."""
    kind = snapshot.kind
    if kind not in (
        RequestKind.ACCESS,
        RequestKind.PORTABILITY,
        RequestKind.ERASURE,
        RequestKind.RECTIFICATION,
        RequestKind.RESTRICTION,
    ):
        return {}
    result: dict[str, Any] = {}
    changes = kind in (RequestKind.ERASURE, RequestKind.RECTIFICATION)
    done = _done_steps(service, snapshot) if changes else {}
    for key in service.declaration.datastores:
        if key in done:
            result[key] = done[key]
            continue
        with service.connectors.using(key) as connector:
            # A restriction reads the rows only to learn which data it restricts, so
            # that the recipients of that data hear of it (Art. 19).
            if kind in (RequestKind.ACCESS, RequestKind.RESTRICTION):
                result[connector.key] = connector.access(snapshot.identity)
            elif kind == RequestKind.PORTABILITY:
                result[connector.key] = connector.portability(snapshot.identity)
            elif kind == RequestKind.ERASURE:
                result[connector.key] = _erase(connector, snapshot).as_dict()
            else:
                changed = {}
                for name, columns in snapshot.details.get("changes", {}).items():
                    store, _, table = name.partition(".")
                    if store == connector.key:
                        changed[table] = connector.rectify(snapshot.identity, table, columns)
                result[connector.key] = changed
        if changes and finished is not None:
            finished(key, result[key])
    return result


# --- the work in Waarborg's store -------------------------------------------------------


def _consents(service: Requests, executor: Executor, snapshot: Snapshot) -> dict[str, Any]:
    """The person's consent history and its ISO/IEC TS 27560 records, for an access export."""
    subject = email_key(snapshot.email)
    events = ledger.history(executor, subject)
    return {
        "consents": [event.to_json() for event in events],
        "consent_records": iso27560.person_records(
            service.declaration,
            subject,
            events,
            notices=ledger.notices(executor, (e.notice_hash for e in events)),
            base_url=service.settings.base_url,
            lang=snapshot.lang,
        ),
    }


def export(service: Requests, snapshot: Snapshot, result: dict[str, Any]) -> dict[str, Any]:
    """For access and portability, the export of what was found, written before the
    transaction that records it opens (so that transaction does not hold the store's
    write lock while the zip is made); returns what the outcome says of it: ``export``
    (its path) and ``name``, or ``result`` ``no_data_found``. Written again, to the same
    path, when an interrupted request resumes. Empty for other rights."""
    kind = snapshot.kind
    if kind not in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        return {}
    extra = None
    if kind == RequestKind.ACCESS:
        with service.database.reading() as connection:
            extra = _consents(service, connection, snapshot)
    if not (found.has_rows(result) or (extra and extra["consents"])):
        return {"result": "no_data_found"}
    target = service.settings.exports_dir / f"{snapshot.public_id}.zip"
    write_export(
        target,
        service.declaration,
        result,
        lang=snapshot.lang,
        kind=kind.value,
        public_id=snapshot.public_id,
        made_at=clock.now(),
        email=snapshot.email,
        extra=extra,
        zone=service.head.timezone,
    )
    outcome: dict[str, Any] = {"export": str(target)}
    name = found.person_name(service.declaration, result)
    if name:
        outcome["name"] = name
    return outcome


def record(
    service: Requests,
    session: Session,
    snapshot: Snapshot,
    result: dict[str, Any],
    exported: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write what the right does in Waarborg's own store; returns the outcome. For
    access and portability, ``exported`` is what ``export`` returned (made here when
    not given)."""
    kind = snapshot.kind
    key = email_key(snapshot.email)
    now = clock.now()
    declaration = service.declaration
    outcome: dict[str, Any] = dict(snapshot.outcome or {})
    outcome["result"] = "completed"
    if kind in (RequestKind.ACCESS, RequestKind.PORTABILITY, RequestKind.RESTRICTION):
        outcome["rows"] = {
            store: {table: len(rows) for table, rows in tables.items() if rows}
            for store, tables in result.items()
        }
        outcome["found"] = sum(n for tables in outcome["rows"].values() for n in tables.values())
        outcome["categories"] = found.found_categories(declaration, result)
    if kind in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        outcome.update(export(service, snapshot, result) if exported is None else exported)
    elif kind == RequestKind.ERASURE:
        outcome["erased"] = result
        outcome["found"] = sum(
            int(t.get("found", 0))
            for plan in outcome.get("plan", {}).values()
            for t in plan.get("tables", [])
        )
        outcome["result"] = erasure_result(declaration, outcome.get("plan", {}))
    elif kind == RequestKind.RECTIFICATION:
        outcome["rectified"] = result
        changed = sum(int(n) for tables in result.values() for n in tables.values())
        outcome["result"] = "completed" if changed else "nothing_changed"
    if kind == RequestKind.RESTRICTION:
        if not outcome["found"]:
            outcome["result"] = "no_data_found"
        purpose = snapshot.details.get("purpose")
        existing = session.scalar(select(Restriction).where(Restriction.request_id == snapshot.id))
        if existing is None:
            session.add(
                Restriction(subject_key=key, purpose=purpose, active=True, request_id=snapshot.id)
            )
        outcome["restricted"] = purpose or "all"
    elif kind == RequestKind.OBJECTION:
        reasons = objectable(service.declaration)
        decided = []
        for purpose in snapshot.details.get("purposes", []):
            objection = session.scalar(
                select(Objection)
                .where(Objection.request_id == snapshot.id)
                .where(Objection.purpose == purpose)
            )
            if objection is None:
                objection = Objection(subject_key=key, purpose=purpose, request_id=snapshot.id)
                session.add(objection)
            objection.status = ObjectionStatus.UPHELD
            objection.decided_at = now
            objection.decision_reason = (
                "direct marketing: an objection is always honoured (Art. 21(3))"
                if reasons.get(purpose) == "direct_marketing"
                else f"upheld after review by {snapshot.details.get('approved_by', 'staff')}"
            )
            decided.append(purpose)
        outcome["objections_upheld"] = decided
    elif kind == RequestKind.WITHDRAW_CONSENT:
        purposes = snapshot.details.get("purposes", [])
        choices = [
            ledger.Choice(
                purpose=purpose,
                state=ConsentState.WITHDRAWN,
                method="privacy_centre",
                notice=purpose_notice(service.declaration, purpose),
                # One id per request and purpose: a resumed request records nothing twice.
                event_id=_withdrawal_id(snapshot.public_id, purpose),
                details={"request": snapshot.public_id},
            )
            for purpose in purposes
        ]
        if choices:
            ledger.record(session, key, choices, lang=snapshot.lang)
        outcome["consent_withdrawn"] = list(purposes)
    outcome["executed_at"] = now.isoformat()
    return outcome


def _withdrawal_id(public_id: str, purpose: str) -> str:
    digest = hashlib.sha256(f"{public_id}\x00{purpose}".encode()).hexdigest()
    return f"req-{digest[:40]}"
