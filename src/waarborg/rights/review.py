"""Which rights wait for staff before anything is carried out (review per right).

The organisation chooses per right on the admin page (``/admin/settings``); the
choice is kept in the store (``review_settings``) and recorded in the audit log. A
right without a stored choice follows ``WAARBORG_REVIEW``, the setting that was the
only way before, so an upgraded installation behaves as it did until staff choose.

Some requests wait for staff whatever is chosen: a rectification (staff decide what
the corrected data is) and an objection to a purpose based on legitimate interest or
a public task (staff weigh compelling grounds, Art. 21(1)); ``execute.needs_review``
decides per request.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ScalarSelect, Table, literal_column, select
from sqlalchemy.orm import Session

from .. import clock
from ..audit import chain as audit
from ..errors import RequestError
from ..settings import Settings
from ..store.db import Database
from ..store.enums import RequestKind
from ..store.models import ReviewSetting

__all__ = ["ALWAYS", "KINDS", "Choice", "choices", "choose", "kinds", "start_with"]

#: The rights in the order the admin lists them (the order of the privacy centre).
KINDS = (
    RequestKind.ACCESS,
    RequestKind.RECTIFICATION,
    RequestKind.ERASURE,
    RequestKind.RESTRICTION,
    RequestKind.OBJECTION,
    RequestKind.PORTABILITY,
    RequestKind.WITHDRAW_CONSENT,
)
#: Rights whose requests always wait for staff: there is nothing to switch.
ALWAYS = frozenset({RequestKind.RECTIFICATION})


@dataclass(frozen=True)
class Choice:
    """Whether one right waits for staff, and where that comes from."""

    kind: RequestKind
    review: bool
    #: ``always`` (cannot be switched off), ``chosen`` (by staff, in the store) or
    #: ``setting`` (``WAARBORG_REVIEW``, nobody chose yet).
    source: str
    changed_at: datetime | None = None
    changed_by: str | None = None


_SETTINGS = cast(Table, ReviewSetting.__table__)
_STORED = select(_SETTINGS.c.kind, _SETTINGS.c.review)


def _stored(session: Session) -> dict[RequestKind, ReviewSetting]:
    return {row.kind: row for row in session.scalars(select(ReviewSetting))}


def kinds(session: Session, settings: Settings) -> set[str]:
    """The rights whose every request waits for staff: the stored choices, and the
    setting for rights nobody chose for."""
    # Read on the session's connection: a Core query, cheaper than the ORM's for two
    # columns, and this runs at every claim of a request.
    stored = {
        RequestKind(kind): bool(review) for kind, review in session.connection().execute(_STORED)
    }
    chosen = {kind.value for kind, review in stored.items() if review}
    from_setting = {kind for kind in settings.review if RequestKind(kind) not in stored}
    return chosen | from_setting | {kind.value for kind in ALWAYS}


def chosen_for(table: str) -> ScalarSelect[Any]:
    """Staff's stored choice for the right of a request in ``table`` (the requests
    table's name), as a subquery: true or false, NULL when nobody chose. A worker's claim
    returns it with the request, so the claim needs no read of its own (``reviewed``).
    The request's column is named with its table in the text: SQLite's ``RETURNING``
    would otherwise name both columns ``kind``, and compare review_settings' with itself."""
    return (
        select(_SETTINGS.c.review)
        .where(_SETTINGS.c.kind == literal_column(f"{table}.kind"))
        .scalar_subquery()
    )


def reviewed(kind: RequestKind, stored: bool | None, settings: Settings) -> bool:
    """Whether a request of right ``kind`` waits for staff, given staff's stored choice
    for that right (``chosen_for``; None when nobody chose): as ``kinds`` says."""
    if kind in ALWAYS:
        return True
    if stored is not None:
        return bool(stored)
    return kind.value in settings.review


def choices(database: Database, settings: Settings) -> list[Choice]:
    """Every right with whether it waits for staff, for the settings page."""
    with database.read() as session:
        stored = _stored(session)
    out: list[Choice] = []
    for kind in KINDS:
        row = stored.get(kind)
        if kind in ALWAYS:
            out.append(Choice(kind, True, "always"))
        elif row is not None:
            out.append(Choice(kind, row.review, "chosen", row.changed_at, row.changed_by))
        else:
            out.append(Choice(kind, kind.value in settings.review, "setting"))
    return out


def choose(
    database: Database, settings: Settings, wanted: Mapping[str, bool], *, actor: str
) -> list[str]:
    """Store staff's choice for each right in ``wanted`` (by its value: ``erasure``);
    each change is recorded in the audit log as ``settings.review``. Returns the rights
    whose choice changed. A right that always waits cannot be switched off."""
    wrong = [kind for kind in wanted if kind not in {k.value for k in KINDS}]
    if wrong:
        raise RequestError("kind", f"{', '.join(wrong)}: not a right")
    fixed = [k for k, on in wanted.items() if RequestKind(k) in ALWAYS and not on]
    if fixed:
        raise RequestError("kind", f"{', '.join(fixed)}: always waits for staff")
    changed: list[str] = []
    now = clock.now()
    with database.write() as session:
        stored = _stored(session)
        current = kinds(session, settings)
        for value, on in wanted.items():
            kind = RequestKind(value)
            if kind in ALWAYS:
                continue
            row = stored.get(kind)
            before = value in current
            if row is None:
                # Stored even when nothing changes in effect, so that a later change of
                # WAARBORG_REVIEW does not override what staff chose.
                session.add(ReviewSetting(kind=kind, review=on, changed_at=now, changed_by=actor))
            elif row.review != on:
                row.review = on
                row.changed_at = now
                row.changed_by = actor
            if before == on:
                continue
            changed.append(value)
            audit.append(
                session,
                actor=actor,
                action="settings.review",
                subject=f"review:{value}",
                data={"kind": value, "review": on},
            )
    return changed


def start_with(database: Database, wanted: Collection[str], *, actor: str) -> list[str]:
    """Put the rights in ``wanted`` under review where nobody chose yet (the demo
    organisation's start); recorded in the audit log. Returns the rights set."""
    done: list[str] = []
    with database.write() as session:
        stored = _stored(session)
        for value in wanted:
            kind = RequestKind(value)
            if kind in stored or kind in ALWAYS:
                continue
            session.add(
                ReviewSetting(kind=kind, review=True, changed_at=clock.now(), changed_by=actor)
            )
            audit.append(
                session,
                actor=actor,
                action="settings.review",
                subject=f"review:{value}",
                data={"kind": value, "review": True},
            )
            done.append(value)
    return done
