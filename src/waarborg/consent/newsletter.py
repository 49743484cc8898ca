"""Newsletters: sign-up with double opt-in, and unsubscribing in one click.

A newsletter is a declared purpose that rests on consent and reaches people by email
(``channels: [email]``, or an ``opt_in`` of its own). Signing up sends a confirmation
link (a one-time token, stored hashed, expiring); only confirming it records the
consent, with the method ``double_opt_in``. Sign-ups from the public form always take
this route, even where the declaration says ``opt_in: single``: a form anyone can
fill in does not show that the address is the signer's.

Unsubscribing needs no login and no token in the database: the link is signed
(``consent.unsubscribe``) and records the withdrawal at once. Withdrawing is as easy
as subscribing; easier, since it needs no confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import clock
from ..declaration import wording
from ..declaration.model import Declaration, Purpose
from ..errors import ConsentError
from ..mail import letters, queue
from ..settings import Settings
from ..store import tokens
from ..store.db import Database
from ..store.enums import ConsentState, TokenPurpose
from . import ledger, unsubscribe
from .anonymise import anonymise_ip
from .notice import purpose_notice

__all__ = ["Newsletters", "Pending", "Unsubscribed", "newsletter_purposes"]

#: Token lengths beyond this are not looked up.
_MAX_TOKEN = 200


def newsletter_purposes(declaration: Declaration) -> dict[str, Purpose]:
    """The declared purposes that are mailing lists: consent, by email."""
    return {
        key: purpose
        for key, purpose in declaration.purposes.items()
        if "consent" in purpose.bases
        and ("email" in purpose.channels or purpose.opt_in in ("single", "double"))
    }


@dataclass(frozen=True)
class Pending:
    """A sign-up waiting for its confirmation link to be used."""

    purpose: str
    email: str
    lang: str


@dataclass(frozen=True)
class Unsubscribed:
    """The outcome of an unsubscribe link: the event recorded, or None when the address
    had no consent to withdraw (a second click, or never subscribed)."""

    purpose: str
    email: str
    event: ledger.Event | None


class Newsletters:
    """The newsletters of one organisation: its declaration, store and secret key."""

    def __init__(
        self,
        database: Database,
        declaration: Declaration,
        settings: Settings,
        key: bytes,
        head: letters.Letterhead,
    ) -> None:
        self.database = database
        self.declaration = declaration
        self.settings = settings
        self.key = key
        self.head = head
        self.purposes = newsletter_purposes(declaration)

    def label(self, purpose: str, lang: str) -> str:
        found = self.purposes.get(purpose)
        if found is None:
            return purpose
        return wording.text(found.label, lang) or purpose.replace("_", " ")

    def _purpose(self, purpose: str) -> str:
        if purpose not in self.purposes:
            known = ", ".join(self.purposes) or "none are declared"
            raise ConsentError("purpose", f"{purpose!r} is not a newsletter; newsletters: {known}")
        return purpose

    # --- signing up ----------------------------------------------------------------------

    def subscribe(self, purpose: str, email: str, *, lang: str, ip: str | None) -> None:
        """Send the confirmation link for ``email``; nothing is recorded until it is used.

        The same happens whether or not the address is subscribed already, so the
        answer never tells anyone who is on the list.
        """
        purpose = self._purpose(purpose)
        address = ledger.email_subject(email)
        if lang not in ("nl", "en"):
            raise ConsentError("lang", "choose nl or en")
        now = clock.now()
        lifetime = self.settings.verification_link_lifetime
        with self.database.write() as session:
            token = tokens.reserve(
                session,
                TokenPurpose.CONFIRM,
                lifetime=lifetime,
                subject=address,
                data={
                    "purpose": purpose,
                    "lang": lang,
                    "ip": anonymise_ip(ip),
                    "requested_at": now.isoformat(),
                },
            )
            message = letters.newsletter_confirmation(
                self.head,
                address,
                lang,
                list_label=self.label(purpose, lang),
                link=f"{self.settings.base_url}/confirm/{token.placeholder}",
                expires_at=now + lifetime,
            )
            key = f"newsletter:{purpose}:{token.placeholder}:confirmation"
            queue.enqueue(session, message, key=key, kind="newsletter_confirmation", links=[token])

    def pending(self, token: str) -> Pending | None:
        """The sign-up a confirmation token belongs to, without spending it."""
        if len(token) > _MAX_TOKEN:
            return None
        with self.database.read() as session:
            found = tokens.peek(session, token, TokenPurpose.CONFIRM)
            return None if found is None else _pending(found.subject, found.data)

    def confirm(self, token: str, *, ip: str | None) -> tuple[Pending, ledger.Event] | None:
        """Spend a confirmation token and record the consent (``double_opt_in``); None
        for a token that is unknown, used or expired."""
        if len(token) > _MAX_TOKEN:
            return None
        with self.database.write() as session:
            found = tokens.consume(session, token, TokenPurpose.CONFIRM)
            if found is None:
                return None
            pending = _pending(found.subject, found.data)
            if pending is None or pending.purpose not in self.purposes:
                return None
            choice = ledger.Choice(
                purpose=pending.purpose,
                state=ConsentState.GIVEN,
                method="double_opt_in",
                notice=purpose_notice(self.declaration, pending.purpose),
                details={
                    "requested_at": found.data.get("requested_at"),
                    "requested_from": found.data.get("ip"),
                },
            )
            [event] = ledger.record(session, pending.email, [choice], lang=pending.lang, ip=ip)
            return pending, event

    # --- unsubscribing -------------------------------------------------------------------

    def link(self, purpose: str, email: str) -> str:
        """The signed unsubscribe link for one address."""
        return unsubscribe.link(
            self.settings.base_url, self.key, self._purpose(purpose), ledger.email_subject(email)
        )

    def headers(self, purpose: str, email: str, *, mailto: str | None = None) -> dict[str, str]:
        """``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058) for one address."""
        return unsubscribe.headers(
            self.settings.base_url,
            self.key,
            self._purpose(purpose),
            ledger.email_subject(email),
            mailto=mailto,
        )

    def read_link(self, signed: str) -> tuple[str, str] | None:
        """The (purpose, email) of a genuine unsubscribe link of a declared newsletter."""
        found = unsubscribe.read(self.key, signed)
        if found is None or found[0] not in self.purposes:
            return None
        return found

    def unsubscribe(
        self, signed: str, *, method: str, ip: str | None, lang: str | None = None
    ) -> Unsubscribed | None:
        """Withdraw the consent a signed link names; None when the link is not genuine.

        Nothing is added when the latest event already withdraws (a second click).
        """
        found = self.read_link(signed)
        if found is None:
            return None
        purpose, email = found
        with self.database.write() as session:
            latest = ledger.current(session, email, [purpose]).get(purpose)
            if latest is None or not latest.given:
                return Unsubscribed(purpose, email, None)
            choice = ledger.Choice(
                purpose=purpose,
                state=ConsentState.WITHDRAWN,
                method=method,
                notice=purpose_notice(self.declaration, purpose),
            )
            [event] = ledger.record(session, email, [choice], lang=lang or latest.lang, ip=ip)
            return Unsubscribed(purpose, email, event)


def _pending(subject: str | None, data: dict[str, Any]) -> Pending | None:
    purpose, lang = data.get("purpose"), data.get("lang")
    if not subject or not isinstance(purpose, str) or lang not in ("nl", "en"):
        return None
    return Pending(purpose=purpose, email=subject, lang=str(lang))
