"""The request page of the admin, in the member of staff's language: what the person
asked in their own words, the fields of a rectification to correct, the preview of an
erasure or a restriction, what the request came to with the letter the person was
sent, the Art. 19 notices, the history and the audit trail.

The handlers (``admin_page``) call ``detail`` to show a request and ``approval`` to
turn the approval form into the workflow's call. Words come from
``i18n/<lang>/admin_requests.yaml`` (``admin_request_view``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ... import clock, i18n
from ...errors import DatastoreError, RequestError
from ...rights import fields as person_fields
from ...rights import preview as previews
from ...rights.service import RequestView
from ...store.enums import RequestStatus
from ..security import AdminSession
from ..state import web
from . import request_view as words_of
from .handlers import DENY_REASONS
from .lang import staff_language

__all__ = [
    "ACTIONS",
    "PART",
    "Approval",
    "approval",
    "datastore_words",
    "detail",
    "error_words",
    "staff_page",
]

PART = words_of.PART
#: The actions whose success the page confirms (``?done=``).
ACTIONS = ("approved", "extended", "denied", "task_done")
#: Statuses in which an erasure or a restriction is previewed: before it is carried out
#: (not once confirmed without review, when the worker is about to carry it out: the
#: dry run would only compete with it for the datastore's locks).
_BEFORE = (RequestStatus.VERIFYING, RequestStatus.REVIEW)


def staff_page(
    request: Request,
    template: str,
    session: AdminSession,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page of this part, as every admin page is made (``admin_page.page``: the
    member of staff's language, the navigation, the session's CSRF token)."""
    from .page import page  # admin_page hands a request's page to this module

    return page(request, template, session, status=status, part=PART, **context)


class Approval:
    """What staff filled in on the approval form, and what was wrong with it."""

    def __init__(self) -> None:
        self.typed: dict[str, str] = {}
        self.wrong: list[str] = []
        self.errors: list[str] = []


def detail(
    request: Request,
    session: AdminSession,
    view: RequestView,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
    approval: Approval | None = None,
) -> Response:
    """The request page."""
    shared = web(request)
    lang = staff_language(request, session)
    words = words_of.Words(shared.declaration, lang)
    requests = shared.requests
    context: dict[str, Any] = {
        "view": view,
        "kind": words.t(f"kinds.{view.kind}"),
        "article": words.t(f"articles.{view.kind}"),
        "status_words": words.t(f"statuses.{view.status.value}"),
        "result": words.t(f"results.{view.result}") if view.result else None,
        "channel": _known(words, "channels", view.channel),
        "person_lang": _known(words, "languages", view.lang),
        "overdue_days": words.days(-view.days_left) if view.overdue else "",
        "days_left": words.days(view.days_left),
        "deny_reason": words.t(f"deny_reasons.{view.deny_reason}")
        if view.deny_reason in DENY_REASONS
        else view.deny_reason,
        "deny_reasons": [(r, words.t(f"deny_reasons.{r}")) for r in DENY_REASONS],
        "error": error,
        "errors": approval.errors if approval else [],
        "done": _done(words, view, done),
        "message": (view.details.get("message") or "").strip(),
        "purposes": [words.purpose(p) for p in view.details.get("purposes", [])],
        "restricted_for": _restricted_for(words, view),
        "fields": None,
        "fields_error": None,
        "unavailable": [],
        "preview": None,
        "preview_error": None,
        "reviewed": view.kind in requests.review_kinds(),
        "outcome": [],
        "letter": None,
        "notices": [_notice(words, n) for n in view.notices],
        "events": [
            {
                "at": e["at"],
                "who": words_of.actor(words, e["actor"]),
                "what": words_of.event(words, e["kind"]),
                "status": words.t(f"statuses.{e['status']}") if e["status"] else "",
            }
            for e in view.events
        ],
        "trail": [
            {
                **e,
                "who": words_of.actor(words, e["actor"]),
                "what": words_of.event(words, e["action"]),
            }
            for e in requests.trail(view.public_id)
        ],
    }
    if view.kind == "rectification" and view.status == RequestStatus.REVIEW:
        try:
            found = requests.fields(view.public_id)
        except DatastoreError as exc:
            context["fields_error"] = words.t("fix.failed", **_unread(words, exc))
        else:
            typed = approval.typed if approval else {}
            wrong = approval.wrong if approval else []
            context["fields"] = words_of.field_rows(words, found, typed, wrong)
            context["unavailable"] = [
                words.t("fix.unavailable", store=words_of.store_label(shared.declaration, k, lang))
                for k in found.unavailable
            ]
    if view.kind in {k.value for k in previews.KINDS} and view.status in _BEFORE:
        try:
            context["preview"] = words_of.preview_view(words, requests.preview(view.public_id))
        except DatastoreError as exc:
            context["preview_error"] = words.t("preview.failed", **_unread(words, exc))
    if view.outcome and view.status in (RequestStatus.EXECUTED, RequestStatus.ANSWERED):
        context["outcome"] = words_of.outcome_lines(words, view.kind, view.outcome, view.details)
        context["letter"] = _letter(words, requests.letter(view.public_id), view.email)
    return staff_page(request, "admin_request.html.j2", session, status=status, **context)


def _done(words: words_of.Words, view: RequestView, done: str | None) -> str | None:
    """What an action did, as it stands now: an approval is "carried out" only when
    the work was; otherwise it says that it stopped, or waits for a datastore."""
    if done not in ACTIONS:
        return None
    if done == "approved" and view.status == RequestStatus.REVIEW:
        return words.t("done.approved_stopped")
    if done == "approved" and view.status in (RequestStatus.IN_PROGRESS, RequestStatus.VERIFIED):
        return words.t("done.approved_waiting")
    return words.t(f"done.{done}")


def _known(words: words_of.Words, group: str, key: str) -> str:
    """``key`` of a group of words (a channel, a language), or the key itself."""
    known = i18n.tree(f"{PART}.{group}", words.lang)
    return str(known[key]) if isinstance(known, dict) and key in known else key


def _restricted_for(words: words_of.Words, view: RequestView) -> str | None:
    if view.kind != "restriction":
        return None
    purpose = view.details.get("purpose")
    return words.purpose(purpose) if purpose else words.t("words.all_processing")


def _letter(
    words: words_of.Words, letter: Mapping[str, Any] | None, email: str
) -> dict[str, Any] | None:
    if letter is None:
        return None
    state = letter.get("state")
    if state == "sent":
        sent = words.t("outcome.letter_sent", date=words.moment(letter.get("sent_at")), email=email)
    elif state == "queued":
        sent = words.t("outcome.letter_queued")
    elif state == "failed":
        sent = words.t("outcome.letter_failed", email=email)
    else:
        sent = words.t("outcome.letter_gone")
    return {
        "subject": letter.get("subject", ""),
        "text": str(letter.get("text", "")).strip(),
        "sent": sent,
        "replayed": bool(letter.get("replayed")),
        "masked": "/***" in str(letter.get("text", "")),
    }


def _notice(words: words_of.Words, notice: Mapping[str, Any]) -> dict[str, Any]:
    """An Art. 19 notice for the page: the recipient, the data by its labels, how and
    where it stands, in words."""
    state = notice["state"]
    when = {
        "queued": notice.get("created_at"),
        "sent": notice.get("sent_at"),
        "failed": notice.get("created_at"),
        "open": notice.get("created_at"),
        "done": notice.get("done_at"),
    }[state]
    from ...rights.notices import note_words

    answer = notice.get("answer") or {}
    note = note_words(answer, notice.get("note"), notice.get("done_by"), words.lang)
    stand = words.t(
        f"recipients.{state}",
        date=words.moment(when),
        who=words_of.actor(words, str(notice.get("done_by") or "")),
    )
    return {
        **notice,
        "name": words.recipient(notice["recipient"], notice["recipient_name"]),
        "data": words.categories(notice["categories"]),
        "how": words.t("recipients.email", address=notice["address"])
        if notice["channel"] == "email"
        else words.t(
            "recipients.processor",
            store=words_of.store_label(words.declaration, str(answer.get("store")), words.lang),
        )
        if notice["channel"] == "processor" and answer
        else words.t("recipients.task"),
        "note": note,
        "stand": stand,
        "flag": state in ("open", "failed"),
    }


def error_words(
    request: Request, session: AdminSession, view: RequestView, exc: RequestError, action: str
) -> str:
    """A refusal of the workflow in the member of staff's words."""
    words = words_of.Words(web(request).declaration, staff_language(request, session))
    if exc.field == "status":
        if action == "extended" and not view.status.closed:
            if view.extended_until is not None:
                return words.t("errors.extended_once")
            if clock.now() > view.due:
                return words.t("errors.extend_late", date=words.date(view.due))
        return words.t("errors.status", status=words.t(f"statuses.{view.status.value}"))
    if exc.field in ("reasons", "details", "reason", "preview"):
        return words.t(f"errors.{exc.field}")
    return words.t("errors.other", error=exc.message)


def _unread(words: words_of.Words, exc: DatastoreError) -> dict[str, str]:
    """The datastore that could not be read, by its name for staff, and the reason as
    the database gave it (for whoever runs the system)."""
    store = words_of.store_label(words.declaration, exc.datastore, words.lang)
    return {"store": store, "error": exc.message}


def datastore_words(request: Request, session: AdminSession, exc: DatastoreError) -> str:
    """A datastore that could not be read during an action, in the staff's words."""
    words = words_of.Words(web(request).declaration, staff_language(request, session))
    return words.t("errors.datastore", **_unread(words, exc))


def approval(
    request: Request,
    session: AdminSession,
    view: RequestView,
    field_ids: Sequence[str],
    values: Sequence[str],
    preview: str | None,
) -> tuple[dict[str, dict[str, Any]] | None, str | None, Approval]:
    """The approval form as the workflow's call: the rectification's changes (from the
    picked fields), the preview's fingerprint; ``Approval.errors`` says what is wrong."""
    shared = web(request)
    words = words_of.Words(shared.declaration, staff_language(request, session))
    form = Approval()
    if view.kind == "rectification":
        if len(field_ids) != len(values):
            form.errors.append(words.t("fix.unknown"))
            return None, None, form
        form.typed = {k: v for k, v in zip(field_ids, values, strict=True) if v.strip()}
        try:
            found = shared.requests.fields(view.public_id)
        except DatastoreError as exc:
            form.errors.append(words.t("fix.failed", **_unread(words, exc)))
            return None, None, form
        known = found.by_id()
        if any(k not in known for k in field_ids):
            form.errors.append(words.t("fix.unknown"))
            return None, None, form
        form.wrong = person_fields.check(shared.requests, found, form.typed)
        form.errors += [words_of.wrong_value(words, known[k], form.typed[k]) for k in form.wrong]
        if form.errors:
            return None, None, form
        changes = person_fields.changes(found, form.typed)
        if not changes:
            form.errors.append(words.t("fix.nothing_picked"))
            return None, None, form
        return changes, None, form
    if view.kind in {k.value for k in previews.KINDS}:
        if not preview:
            form.errors.append(words.t("errors.no_preview"))
            return None, None, form
        return None, preview, form
    return None, None, form
