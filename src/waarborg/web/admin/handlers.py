"""What a member of staff does in the admin, written once for both of its renderers.

The HTML pages (``page``, ``complaints_page``, ``breaches_page``) and the JSON API
(``api``, ``registers_api``) read their input (a form, a JSON body), call a method of
:class:`Desk`, and render what it returns: a page or a redirect, or JSON. Looking a
record up (``NotFoundError`` when there is none), checking what the law and the
workflow ask (``RequestError``, naming the field) and carrying the action out, with
the member of staff as the actor of the audit trail, happen here and nowhere else.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from starlette.requests import Request

from ...errors import NotFoundError, RequestError
from ...importer.model import Draft
from ...registers.breach_fields import BreachChanges, BreachFacts
from ...registers.breaches import Breaches, BreachView
from ...registers.complaints import Complaints, ComplaintView
from ...rights import preview as previews
from ...rights.notices import NoticeView
from ...rights.service import RequestView
from ..state import Web, web
from .imports import Imported, Imports, Taken, take

__all__ = ["DENY_REASONS", "Desk", "desk"]

#: Reasons for a refusal: the Data Rights Protocol's, plus a legal obligation and other.
DENY_REASONS = ("insuf_verification", "no_match", "too_many_requests", "legal_obligation", "other")

#: The longest public id the store gives out; a longer one is no record, unread.
_ID_LENGTH = 64


def _aware(at: datetime | None, field: str) -> None:
    if at is not None and at.tzinfo is None:
        raise RequestError(field, "give the time with its time zone")


@dataclass(frozen=True)
class Desk:
    """The admin's actions for one member of staff (``actor``, as the audit trail
    names them: ``admin:NAME``)."""

    shared: Web
    actor: str

    # --- requests ------------------------------------------------------------------

    def request(self, public_id: str) -> RequestView:
        found = self.shared.requests.view(public_id) if len(public_id) <= _ID_LENGTH else None
        if found is None:
            raise NotFoundError(f"no request {public_id}")
        return found

    def requests(self, *, open_only: bool = True) -> builtins.list[RequestView]:
        return self.shared.requests.list(open_only=open_only)

    def request_trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        self.request(public_id)
        return self.shared.requests.trail(public_id)

    def file_request(
        self,
        *,
        kind: str,
        email: str,
        lang: str,
        details: dict[str, Any] | None,
        channel: str,
    ) -> RequestView:
        public_id = self.shared.requests.file(
            kind=kind, email=email, lang=lang, details=details, channel=channel, actor=self.actor
        )
        return self.request(public_id)

    def preview(self, public_id: str) -> previews.Preview:
        """What approving an erasure or a restriction would delete, anonymise and keep,
        with the fingerprint that approving it must carry. Nothing is written."""
        self.request(public_id)
        return self.shared.requests.preview(public_id)

    def approve(
        self,
        public_id: str,
        *,
        changes: dict[str, dict[str, Any]] | None = None,
        note: str | None = None,
        preview: str | None = None,
    ) -> RequestView:
        """Release a request from review. An erasure or a restriction needs the
        fingerprint of the preview staff saw (``preview``): approving blind is refused,
        and so is a preview the data has moved on from."""
        view = self.request(public_id)
        if view.kind in {kind.value for kind in previews.KINDS} and not preview:
            raise RequestError("preview", "look at the preview first and approve what it shows")
        self.shared.requests.approve(
            public_id,
            actor=self.actor,
            changes=changes,
            note=(note or "").strip() or None,
            preview=preview,
        )
        return self.request(public_id)

    def extend(self, public_id: str, *, reasons: str) -> RequestView:
        self.request(public_id)
        self.shared.requests.extend(public_id, actor=self.actor, reasons=reasons)
        return self.request(public_id)

    def deny(self, public_id: str, *, reason: str | None, details: str) -> RequestView:
        self.request(public_id)
        if reason not in DENY_REASONS:
            raise RequestError("reason", "choose a reason from the list")
        self.shared.requests.deny(public_id, actor=self.actor, reason=reason, details=details)
        return self.request(public_id)

    def tasks(self, *, open_only: bool = True) -> builtins.list[NoticeView]:
        return self.shared.requests.tasks(open_only=open_only)

    def task(self, public_id: str) -> NoticeView:
        found = self.shared.requests.notice(public_id) if len(public_id) <= _ID_LENGTH else None
        if found is None:
            raise NotFoundError(f"no task {public_id}")
        return found

    def task_done(self, public_id: str, *, note: str | None) -> NoticeView:
        self.task(public_id)
        return self.shared.requests.complete_task(public_id, actor=self.actor, note=note)

    # --- complaints ----------------------------------------------------------------

    @property
    def _complaints(self) -> Complaints:
        shared = self.shared
        return Complaints(shared.database, shared.declaration, shared.settings)

    def complaint(self, public_id: str) -> ComplaintView:
        found = self._complaints.view(public_id) if len(public_id) <= _ID_LENGTH else None
        if found is None:
            raise NotFoundError(f"no complaint {public_id}")
        return found

    def complaints(self, *, open_only: bool = True) -> builtins.list[ComplaintView]:
        return self._complaints.list(open_only=open_only)

    def complaint_trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        self.complaint(public_id)
        return self._complaints.trail(public_id)

    def file_complaint(
        self,
        *,
        name: str,
        email: str,
        text: str,
        lang: str,
        channel: str,
        received_at: datetime | None,
        acknowledge: bool,
        request: str | None,
    ) -> ComplaintView:
        _aware(received_at, "received_at")
        public_id = self._complaints.file(
            name=name,
            email=email,
            text=text,
            lang=lang,
            channel=channel,
            actor=self.actor,
            received_at=received_at,
            acknowledge=acknowledge,
            request=request,
        )
        return self.complaint(public_id)

    def acknowledge(self, public_id: str, *, letter: bool) -> ComplaintView:
        self.complaint(public_id)
        self._complaints.acknowledge(public_id, actor=self.actor, letter=letter)
        return self.complaint(public_id)

    def answer(self, public_id: str, *, message: str) -> ComplaintView:
        self.complaint(public_id)
        self._complaints.answer(public_id, actor=self.actor, message=message)
        return self.complaint(public_id)

    def close(self, public_id: str, *, outcome: str, resolution: str) -> ComplaintView:
        self.complaint(public_id)
        self._complaints.close(public_id, actor=self.actor, outcome=outcome, resolution=resolution)
        return self.complaint(public_id)

    # --- breaches ------------------------------------------------------------------

    @property
    def breach_register(self) -> Breaches:
        shared = self.shared
        return Breaches(shared.database, shared.declaration, shared.settings)

    def breach(self, public_id: str) -> BreachView:
        found = self.breach_register.view(public_id) if len(public_id) <= _ID_LENGTH else None
        if found is None:
            raise NotFoundError(f"no breach {public_id}")
        return found

    def breaches(self, *, open_only: bool = False) -> builtins.list[BreachView]:
        return self.breach_register.list(open_only=open_only)

    def breach_trail(self, public_id: str) -> builtins.list[dict[str, Any]]:
        self.breach(public_id)
        return self.breach_register.trail(public_id)

    def record_breach(self, facts: dict[str, Any] | BreachFacts) -> BreachView:
        return self.breach(self.breach_register.record(facts, actor=self.actor))

    def update_breach(self, public_id: str, changes: dict[str, Any] | BreachChanges) -> BreachView:
        self.breach(public_id)
        self.breach_register.update(public_id, changes, actor=self.actor)
        return self.breach(public_id)

    def decide(
        self,
        public_id: str,
        *,
        risk: str,
        reason: str,
        notify_authority: bool | None = None,
        notify_subjects: bool | None = None,
        exemption: str | None = None,
    ) -> BreachView:
        self.breach(public_id)
        self.breach_register.decide(
            public_id,
            actor=self.actor,
            risk=risk,
            reason=reason,
            notify_authority=notify_authority,
            notify_subjects=notify_subjects,
            exemption=exemption,
        )
        return self.breach(public_id)

    def notified(
        self,
        public_id: str,
        *,
        reference: str,
        at: datetime | None = None,
        late_reason: str | None = None,
    ) -> BreachView:
        _aware(at, "at")
        self.breach(public_id)
        self.breach_register.notified(
            public_id, actor=self.actor, reference=reference, at=at, late_reason=late_reason
        )
        return self.breach(public_id)

    def subjects_told(self, public_id: str, *, how: str, at: datetime | None = None) -> BreachView:
        _aware(at, "at")
        self.breach(public_id)
        self.breach_register.subjects_told(public_id, actor=self.actor, how=how, at=at)
        return self.breach(public_id)

    # --- imported statements -------------------------------------------------------

    @property
    def _imports(self) -> Imports:
        return Imports(self.shared.settings)

    def _kept(self, draft: Draft, kind: str, origin: str, content: bytes) -> Imported:
        return self._imports.keep(
            draft, actor=self.actor, kind=kind, origin=origin, content=content
        )

    def import_file(self, content: bytes, filename: str) -> Imported:
        """Read, extract and keep an uploaded statement; ``StatementUnreadable`` when
        it cannot be read (a format by its file name's extension)."""
        from ...importer.extract import extract
        from ...importer.read import FORMATS, read_bytes

        # the name alone, as a browser on Windows may send the whole path
        name = PurePath((filename or "").replace("\\", "/")).name[:200] or "statement"
        suffix = PurePath(name).suffix.lower()
        text = read_bytes(content, FORMATS.get(suffix, suffix or name), name)
        return self._kept(extract(text), "upload", name, content)

    def import_url(self, url: str) -> Imported:
        """Fetch, extract and keep the statement at ``url``: a public address only,
        unless the setting ``import_private_addresses`` allows the network's own."""
        from ...importer.extract import extract
        from ...importer.read import read

        address = url.strip()
        if not re.match(r"^https?://", address, re.I):
            raise RequestError("url", "give a web address that starts with https://")
        public_only = not self.shared.settings.import_private_addresses
        text = read(address, public_only=public_only)
        return self._kept(extract(text), "url", address, text.text.encode("utf-8"))

    def imported(self, public_id: str) -> Imported:
        found = self._imports.get(public_id) if len(public_id) <= _ID_LENGTH else None
        if found is None:
            raise NotFoundError(f"no import {public_id}")
        return found

    def imports(self) -> builtins.list[dict[str, Any]]:
        return self._imports.list()

    def take_import(self, public_id: str) -> Taken:
        """Write the draft to the declaration file Waarborg serves (from its next
        start), keeping the earlier file beside it."""
        shared = self.shared
        return take(
            self.imported(public_id),
            settings=shared.settings,
            database=shared.database,
            actor=self.actor,
        )


def desk(request: Request, actor: str) -> Desk:
    """The desk of the member of staff ``actor`` in the app that serves ``request``."""
    return Desk(web(request), actor)
