"""The answer to a request: what was done, told as it is, in the person's words.

``result`` tells staff and the person what a request came to: ``no_data_found`` when
nothing was found under the address (so nothing was done), ``completed``,
``partly_erased`` or ``nothing_erased`` for an erasure that kept data, and
``nothing_changed`` for a rectification that found no row to change. ``answer`` queues
the Art. 19 notices and then the letter, which names the data by the declaration's
category labels, gives the date of what was done, explains what was kept with its end
date and reason, and says for each recipient where telling it stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..declaration import wording
from ..declaration.model import Declaration
from ..mail import letters
from ..mail.queue import MASK
from ..store import tokens
from ..store.enums import NoticeChannel, RequestKind, TokenPurpose
from ..store.models import Request, Token
from . import found, links, notices

if TYPE_CHECKING:
    from .execute import Snapshot
    from .service import Requests

__all__ = [
    "ErasureSummary",
    "KeptData",
    "answer",
    "changed_categories",
    "erasure_result",
    "letter",
    "summarise_erasure",
]


@dataclass(frozen=True)
class KeptData:
    """Data an erasure did not erase, by category key."""

    categories: tuple[str, ...]
    reason: str
    until: date | None = None
    ground: str | None = None
    rule: str | None = None
    without: tuple[str, ...] = ()


@dataclass
class ErasureSummary:
    """What an erasure found, erased and kept, by category."""

    found: int = 0
    changed: int = 0
    erased: list[str] = field(default_factory=list)
    kept: list[KeptData] = field(default_factory=list)

    @property
    def result(self) -> str:
        if self.found == 0:
            return "no_data_found"
        if self.changed == 0:
            return "nothing_erased"
        return "partly_erased" if self.kept else "completed"


def _day(value: Any, zone: str) -> date | None:
    """An ISO date or moment as the day it is in ``zone``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
        if len(str(value)) == 10:
            return moment.date()
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(ZoneInfo(zone)).date()


def summarise_erasure(
    declaration: Declaration, plan: Mapping[str, Any], zone: str = "Europe/Amsterdam"
) -> ErasureSummary:
    """The erasure of ``plan`` (its dry run, as stored) in the declaration's categories.

    A table whose rows were deleted lost every category its columns hold; an
    anonymised table lost those of its columns not declared ``erase: keep``, and keeps
    the others without them. A kept item names its categories (``categories``) and
    those erased from its rows (``erased_categories``) where the connector gives them,
    else the table's categories.
    """
    summary = ErasureSummary()
    erased: list[str] = []
    merged: dict[tuple[Any, ...], list[str]] = {}
    key: tuple[Any, ...]
    for store, result in plan.items():
        for table in result.get("tables", []):
            name = str(table.get("table"))
            summary.found += int(table.get("found", 0))
            deleted, anonymised = int(table.get("deleted", 0)), int(table.get("anonymised", 0))
            # Rows kept under a hold lose what the hold does not need ("trimmed"): that
            # is erasure too.
            summary.changed += deleted + anonymised + int(table.get("trimmed", 0))
            if deleted:
                erased += found.table_categories(declaration, store, name)
            if anonymised:
                gone = found.table_categories(
                    declaration, store, name, erase=("delete", "anonymise", "null")
                )
                erased += gone
                stays = [
                    c
                    for c in found.table_categories(declaration, store, name, erase=("keep",))
                    if c not in gone
                ]
                if stays:
                    key = ("not_erased", None, None, None, tuple(gone))
                    merged.setdefault(key, []).extend(stays)
            for item in table.get("kept", []):
                if not item.get("rows"):
                    continue
                erased += list(item.get("erased_categories") or [])
                categories = list(item.get("categories") or []) or found.table_categories(
                    declaration, store, name
                )
                if not categories:
                    continue  # the rows hold no declared personal data
                key = (
                    item.get("reason") or "referenced",
                    _day(item.get("until"), zone),
                    item.get("ground"),
                    item.get("rule"),
                    (),
                )
                merged.setdefault(key, []).extend(categories)
    summary.erased = found.ordered(declaration, erased)
    for (reason, until, ground, rule, without), categories in merged.items():
        summary.kept.append(
            KeptData(
                categories=tuple(found.ordered(declaration, categories)),
                reason=reason,
                until=until,
                ground=ground,
                rule=rule,
                without=tuple(found.ordered(declaration, without)),
            )
        )
    order = {"hold": 0, "referenced": 1, "shared": 2, "processor": 3, "not_erased": 4}
    summary.kept.sort(key=lambda k: order.get(k.reason, 4))
    return summary


def erasure_systems(
    declaration: Declaration, results: Mapping[str, Any], lang: str
) -> list[letters.System]:
    """Per datastore that held the person's data, in the declaration's order, what the
    erasure (``results``: its stored results, or else its plan) did there."""
    systems: list[letters.System] = []
    for store, spec in declaration.datastores.items():
        result = results.get(store)
        if not result:
            continue
        tables = result.get("tables", [])
        if not sum(int(t.get("found", 0)) for t in tables):
            continue
        changed = sum(
            int(t.get(n, 0)) for t in tables for n in ("deleted", "anonymised", "trimmed")
        )
        kept = sum(int(k.get("rows", 0)) for t in tables for k in t.get("kept", []))
        done: Literal["erased", "partly", "kept"] = (
            "erased" if not kept else "partly" if changed else "kept"
        )
        name = wording.text(spec.label, lang) or store
        systems.append(letters.System(name=name, done=done, processor=spec.connector is not None))
    return systems


def erasure_result(declaration: Declaration, plan: Mapping[str, Any]) -> str:
    return summarise_erasure(declaration, plan).result


def changed_categories(
    declaration: Declaration, changes: Mapping[str, Mapping[str, Any]], result: Mapping[str, Any]
) -> list[str]:
    """The categories of a rectification's changed columns, in tables where a row changed."""
    out: list[str] = []
    for name, columns in changes.items():
        store, _, table = name.partition(".")
        if int(result.get(store, {}).get(table, 0) or 0) > 0:
            out += found.table_categories(declaration, store, table, columns=columns)
    return found.ordered(declaration, out)


def _kept_words(declaration: Declaration, item: KeptData, lang: str) -> letters.Kept:
    period = None
    if item.reason == "hold" and item.until is None and item.rule in declaration.retention:
        period = wording.retention_period(declaration.retention[str(item.rule)], lang) or None
    return letters.Kept(
        what=tuple(found.category_label(declaration, c, lang) for c in item.categories),
        reason=item.reason,  # type: ignore[arg-type]
        until=item.until,
        ground=item.ground,
        period=period,
        without=tuple(found.category_label(declaration, c, lang) for c in item.without),
    )


def _labels(declaration: Declaration, keys: Sequence[str], lang: str) -> list[str]:
    return [found.category_label(declaration, key, lang) for key in keys]


def _purpose_labels(declaration: Declaration, keys: Sequence[str], lang: str) -> list[str]:
    return [
        (wording.text(declaration.purposes[k].label, lang) if k in declaration.purposes else "")
        or k.replace("_", " ")
        for k in keys
    ]


def answer(service: Requests, session: Session, request: Request | Snapshot) -> dict[str, Any]:
    """Queue the Art. 19 notices, then the answer: a download link for access and
    portability (or that no data was found), or what was done, kept and why. Returns
    the outcome to store: the letter's text is kept with it (``outcome["letter"]``), its
    link masked, so staff can read what the person was told after the outbox empties it."""
    message, reserved, outcome = _compose(service, session, request, replay=False)
    outcome["letter"] = _kept(message, reserved)
    service._send(session, request, message, "answered", links=reserved)
    return outcome


def letter(service: Requests, session: Session, request: Request) -> dict[str, Any] | None:
    """The answer the person was sent, as staff read it: ``subject``, ``text`` (links
    masked) and ``replayed``. For a request answered before letters were kept, the
    letter is made again from the recorded outcome, without touching anything
    (``replayed`` True: the Art. 19 lines then say where telling stands now). None for
    a request not answered."""
    outcome = request.outcome or {}
    kept = outcome.get("letter")
    if isinstance(kept, dict) and kept.get("text"):
        return {**kept, "replayed": False}
    if request.answered_at is None or not outcome.get("executed_at"):
        return None
    message, _reserved, _outcome = _compose(service, session, request, replay=True)
    return {**_kept(message, ()), "replayed": True}


def _kept(message: EmailMessage, reserved: Sequence[tokens.Reserved]) -> dict[str, Any]:
    """The letter's subject and plain text, each link's token masked."""
    body = message.get_body(("plain",))
    text = str(body.get_content()) if body is not None else ""
    for token in reserved:
        text = text.replace(token.placeholder, MASK)
    return {
        "subject": str(message.get("Subject", "")),
        "text": text,
        "lang": str(message.get("Content-Language", "")),
    }


def _compose(
    service: Requests, session: Session, request: Request | Snapshot, *, replay: bool
) -> tuple[EmailMessage, list[tokens.Reserved], dict[str, Any]]:
    """The answer to ``request``, with the tokens its links need and the outcome to
    store. With ``replay`` nothing is written: no token is reserved (the link is
    masked), no Art. 19 notice is opened (those already open are told)."""
    outcome = dict(request.outcome or {})
    kind = request.kind
    lang = request.lang
    declaration = service.declaration
    zone = service.head.timezone
    executed = outcome.get("executed_at")
    done_at = datetime.fromisoformat(executed) if executed else clock.now()
    result = str(outcome.get("result") or "completed")
    context: dict[str, Any] = {}
    touched: list[str] = []
    purposes: list[str] | None = None
    reserved: list[tokens.Reserved] = []
    if kind in (RequestKind.ACCESS, RequestKind.PORTABILITY) and outcome.get("export"):
        lifetime = service.settings.download_link_lifetime
        if replay:
            context["download_link"] = links.download(service.settings.base_url, MASK)
            context["download_expires"] = _download_expiry(session, request) or done_at + lifetime
        else:
            token = tokens.reserve(
                session,
                TokenPurpose.DOWNLOAD,
                lifetime=lifetime,
                request_id=request.id,
                data={"path": outcome["export"]},
            )
            reserved.append(token)
            context["download_link"] = links.download(service.settings.base_url, token.placeholder)
            context["download_expires"] = clock.now() + lifetime
        context["name"] = outcome.get("name")
    elif kind == RequestKind.ERASURE:
        summary = summarise_erasure(declaration, outcome.get("plan", {}), zone)
        touched = summary.erased
        context["erased"] = _labels(declaration, summary.erased, lang)
        context["kept"] = [_kept_words(declaration, k, lang) for k in summary.kept]
        context["systems"] = erasure_systems(
            declaration, outcome.get("erased") or outcome.get("plan", {}), lang
        )
    elif kind == RequestKind.RECTIFICATION:
        touched = changed_categories(
            declaration, request.details.get("changes", {}), outcome.get("rectified", {})
        )
        context["changed"] = _labels(declaration, touched, lang)
    elif kind == RequestKind.RESTRICTION:
        purpose = request.details.get("purpose")
        purposes = [purpose] if purpose else None
        touched = list(outcome.get("categories", []))
        if purpose in declaration.purposes:
            touched = [c for c in touched if c in declaration.purposes[purpose].categories]
            context["restricted"] = _purpose_labels(declaration, [purpose], lang)[0]
    elif kind in (RequestKind.OBJECTION, RequestKind.WITHDRAW_CONSENT):
        keys = outcome.get("objections_upheld", []) + outcome.get("consent_withdrawn", [])
        context["purposes"] = _purpose_labels(declaration, keys, lang)
    if kind in notices.ACTIONS:
        if not replay:
            due = notices.due(declaration, touched, purposes)
            notices.open_notices(service, session, request, due)
            outcome["notified"] = [d.key for d in due]
        context["notified"] = [
            letters.Notified(
                name=(
                    wording.recipient_name(v.recipient, declaration.recipients[v.recipient], lang)
                    if v.recipient in declaration.recipients
                    else v.recipient_name
                ),
                what=tuple(_labels(declaration, v.categories, lang)),
                state=v.state,  # type: ignore[arg-type]
                since=v.created_at,
                at=v.sent_at or v.done_at,
                everything=bool(touched) and set(v.categories) >= set(touched),
                directly=v.channel == NoticeChannel.PROCESSOR
                and (v.done_by or "").startswith("connector:"),
                processor=v.channel == NoticeChannel.PROCESSOR,
            )
            for v in notices.views(session, request_id=request.id)
        ]
        context["unstated"] = _purpose_labels(
            declaration, notices.unstated_purposes(declaration, touched, purposes), lang
        )
    message = letters.answered(
        service.head,
        request.email,
        lang,
        kind=kind.value,
        request_id=request.public_id,
        result=result,
        email=request.email,
        done_at=done_at,
        **context,
    )
    return message, reserved, outcome


def _download_expiry(session: Session, request: Request | Snapshot) -> datetime | None:
    """When the download link of an answered access or portability request expires."""
    return session.scalar(
        select(Token.expires_at)
        .where(Token.request_id == request.id)
        .where(Token.purpose == TokenPurpose.DOWNLOAD)
        .order_by(Token.id.desc())
        .limit(1)
    )
