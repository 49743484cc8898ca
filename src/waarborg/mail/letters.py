"""The letters Waarborg sends, one typed function each, in Dutch or English.

Each returns a ready ``EmailMessage``; queue it with ``mail.queue.enqueue`` so it is
sent once, or hand it to a ``Mailer``. The letters are templates per language
(``mail/templates/<lang>``); the words filled into them, such as how a right is named,
are data in ``i18n/<lang>/letters.yaml``. The right to complain comes from the
supervisory authority in the built-in catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any, Literal

from .. import catalogue, i18n
from ..errors import MailError
from .compose import compose, render

__all__ = [
    "RESULTS",
    "Kept",
    "Letterhead",
    "Notified",
    "ReminderItem",
    "answered",
    "denied",
    "extension",
    "newsletter_confirmation",
    "received",
    "recipient_notice",
    "staff_reminder",
    "verification",
]

Action = Literal["rectification", "erasure", "restriction"]


@dataclass(frozen=True)
class Letterhead:
    """Who sends: the organisation, its addresses, its supervisory authority and time zone."""

    name: str
    email: str
    sender: str
    authority: str = "nl-ap"
    timezone: str = "Europe/Amsterdam"


#: What an answer reports, as staff see it too: ``no_data_found`` (nothing under the
#: address: nothing was done), ``completed``, ``partly_erased`` (some data kept),
#: ``nothing_erased`` (all data found is kept), ``nothing_changed`` (a rectification
#: that found no row to change).
RESULTS = ("no_data_found", "completed", "partly_erased", "nothing_erased", "nothing_changed")


@dataclass(frozen=True)
class Kept:
    """Data an erasure did not erase, and why, in the person's words.

    ``reason``: ``hold`` (the law requires keeping it: ``ground`` names the law, and
    ``until`` or else ``period`` says how long), ``referenced`` (other data that stays
    refers to it), ``shared`` (it is not the person's alone), ``not_erased`` (declared
    to stay when the rest of its record is erased; ``without`` names what was erased
    from those records), ``processor`` (a processor holds it and its API offers no way
    to erase it).
    """

    what: tuple[str, ...]
    reason: Literal["hold", "referenced", "shared", "not_erased", "processor"]
    until: date | None = None
    ground: str | None = None
    period: str | None = None
    without: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notified:
    """A recipient of the changed data and where telling it stands (Art. 19).

    ``state``: ``queued`` (an e-mail is in the outbox, not yet sent), ``sent``,
    ``failed`` (the e-mail could not be delivered), ``open`` (a staff task, since
    ``since``), ``done`` (staff informed the recipient, at ``at``). ``everything``: it
    received all the data the letter lists as changed, so ``what`` need not be repeated.
    ``directly``: a ``done`` notice that was the change itself, carried out in the
    recipient's system through its connector (not a member of staff telling them).
    ``processor``: reached through its connector (the ``processor`` channel); an
    ``open`` one is what the connector could not finish, left to staff.
    """

    name: str
    what: tuple[str, ...]
    state: Literal["queued", "sent", "failed", "open", "done"]
    since: datetime
    at: datetime | None = None
    everything: bool = False
    directly: bool = False
    processor: bool = False


@dataclass(frozen=True)
class System:
    """One system that held the person's data, and what an erasure did there, for a
    letter that lists them per system.

    ``done``: ``erased`` (everything found there was erased or made anonymous),
    ``partly`` (some of it is kept, as the letter's list of kept data says), ``kept``
    (nothing there was erased). ``processor``: a service provider's system, changed
    directly through Waarborg's connector to it.
    """

    name: str
    done: Literal["erased", "partly", "kept"]
    processor: bool = False


@dataclass(frozen=True)
class ReminderItem:
    """One request in a reminder to staff."""

    request_id: str
    kind: str
    due: datetime
    days_left: int
    link: str | None = None


def _language(lang: str) -> str:
    if lang not in i18n.LANGUAGES:
        raise MailError(f"no letters in language {lang!r}; use nl or en")
    return lang


def _kind_label(kind: str, lang: str) -> str:
    """How a right is named in a sentence ("your request for ..."): ``letters.kinds``."""
    kinds = i18n.tree("letters.kinds", _language(lang))
    if kind not in kinds:
        raise MailError(f"no label for request kind {kind!r} in {lang!r}")
    return str(kinds[kind])


def _authority(key: str) -> catalogue.Authority:
    try:
        return catalogue.authorities()[key]
    except KeyError:
        raise MailError(f"unknown supervisory authority {key!r}") from None


def _letter(
    name: str,
    head: Letterhead,
    to: str,
    lang: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    values = {"org": head, "authority": _authority(head.authority), **context}
    rendered = render(name, lang, values, zone=head.timezone)
    return compose(
        rendered,
        sender=head.sender,
        to=to,
        lang=lang,
        reply_to=head.email if head.email != head.sender else None,
        headers=headers,
    )


def verification(
    head: Letterhead, to: str, lang: str, *, kind: str, link: str, expires_at: datetime
) -> EmailMessage:
    """The link that confirms the person's email address (Art. 12(6), no ID copy)."""
    context = {"kind": kind, "kind_label": _kind_label(kind, lang)}
    return _letter(
        "verification", head, to, lang, {**context, "link": link, "expires_at": expires_at}
    )


def received(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    kind: str,
    request_id: str,
    received_at: datetime,
    deadline: datetime,
    status_link: str | None = None,
) -> EmailMessage:
    """Confirms receipt and tells the deadline."""
    return _letter(
        "received",
        head,
        to,
        lang,
        {
            "kind": kind,
            "kind_label": _kind_label(kind, lang),
            "request_id": request_id,
            "received_at": received_at,
            "deadline": deadline,
            "status_link": status_link,
        },
    )


def extension(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    kind: str,
    request_id: str,
    received_at: datetime,
    deadline: datetime,
    extended_until: datetime,
    reasons: str,
) -> EmailMessage:
    """Tells the person the deadline is extended, and why (Art. 12(3))."""
    if not reasons.strip():
        raise MailError("an extension notice must give the reasons (Art. 12(3))")
    return _letter(
        "extension",
        head,
        to,
        lang,
        {
            "kind": kind,
            "kind_label": _kind_label(kind, lang),
            "request_id": request_id,
            "received_at": received_at,
            "deadline": deadline,
            "extended_until": extended_until,
            "reasons": reasons.strip(),
        },
    )


def answered(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    kind: str,
    request_id: str,
    result: str = "completed",
    name: str | None = None,
    email: str | None = None,
    done_at: datetime | None = None,
    download_link: str | None = None,
    download_expires: datetime | None = None,
    purposes: Sequence[str] = (),
    changed: Sequence[str] = (),
    restricted: str | None = None,
    erased: Sequence[str] = (),
    kept: Sequence[Kept] = (),
    notified: Sequence[Notified] = (),
    unstated: Sequence[str] = (),
    note: str | None = None,
    systems: Sequence[System] = (),
) -> EmailMessage:
    """The answer, saying exactly what was done and when: a download link (access,
    portability) or that no data was found under ``email``; what was erased and what
    was kept and why; what was changed or restricted and for which purposes; where
    telling each recipient stands (Art. 19); and the right to complain.

    Every list holds the person's words (the declaration's labels); ``restricted`` is
    a purpose's label, or None for all processing. ``systems`` says per system what an
    erasure did there; the letter lists them when there are two or more.
    """
    if result not in RESULTS:
        raise MailError(f"unknown result {result!r}; use one of {', '.join(RESULTS)}")
    if download_link and download_expires is None:
        raise MailError("a download link needs its expiry time")
    if result == "no_data_found" and not email:
        raise MailError("an answer that found no data must name the address searched")
    return _letter(
        "answered",
        head,
        to,
        lang,
        {
            "kind": kind,
            "kind_label": _kind_label(kind, lang),
            "request_id": request_id,
            "result": result,
            "name": name,
            "email": email,
            "done_at": done_at,
            "download_link": download_link,
            "download_expires": download_expires,
            "purposes": list(purposes),
            "changed": list(changed),
            "restricted": restricted,
            "erased": list(erased),
            "kept": list(kept),
            "systems": list(systems),
            "notified": list(notified),
            "unstated": list(unstated),
            "note": note,
        },
    )


def denied(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    kind: str,
    request_id: str,
    received_at: datetime,
    reasons: str,
) -> EmailMessage:
    """A refusal with its reasons and the right to complain and to go to court (Art. 12(4))."""
    if not reasons.strip():
        raise MailError("a refusal must give the reasons (Art. 12(4))")
    return _letter(
        "denied",
        head,
        to,
        lang,
        {
            "kind": kind,
            "kind_label": _kind_label(kind, lang),
            "request_id": request_id,
            "received_at": received_at,
            "reasons": reasons.strip(),
        },
    )


def staff_reminder(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    items: Sequence[ReminderItem],
    admin_link: str | None = None,
) -> EmailMessage:
    """Requests whose deadline is near or past, for staff."""
    if not items:
        raise MailError("a reminder needs at least one request")
    rows = [
        {
            "request_id": item.request_id,
            "kind_label": _kind_label(item.kind, lang),
            "due": item.due,
            "days_left": item.days_left,
            "link": item.link,
        }
        for item in sorted(items, key=lambda item: item.due)
    ]
    return _letter("staff_reminder", head, to, lang, {"items": rows, "admin_link": admin_link})


def recipient_notice(
    head: Letterhead,
    to: str,
    lang: str,
    *,
    recipient_name: str,
    action: Action,
    subject_identifier: str,
    reference: str,
    categories: Sequence[str] = (),
    details: str | None = None,
) -> EmailMessage:
    """Tells a recipient of the data about a rectification, erasure or restriction (Art. 19).

    ``subject_identifier`` names the person as the recipient knows them, such as
    "e-mailadres jan@example.nl"; ``categories`` the data concerned, by its labels.
    """
    words = i18n.tree(f"letters.actions.{action}", _language(lang))
    label, done = str(words["label"]), str(words["done"])
    return _letter(
        "recipient_notice",
        head,
        to,
        lang,
        {
            "recipient_name": recipient_name,
            "action_label": label,
            "action_done": done,
            "subject_identifier": subject_identifier,
            "reference": reference,
            "categories": list(categories),
            "details": details,
        },
    )


def newsletter_confirmation(
    head: Letterhead, to: str, lang: str, *, list_label: str, link: str, expires_at: datetime
) -> EmailMessage:
    """The double opt-in link of a newsletter sign-up (Telecommunicatiewet art. 11.7)."""
    return _letter(
        "newsletter_confirmation",
        head,
        to,
        lang,
        {"list_label": list_label, "link": link, "expires_at": expires_at},
    )
