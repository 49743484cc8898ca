"""Consent: the append-only ledger, notices and their hashes, newsletters with double
opt-in and one-click unsubscribe, the cookie banner's categories, and a person's
consents as ISO/IEC TS 27560 records. docs/consent.md describes it all.

For the organisation's own mailer, ``unsubscribe_headers`` gives the
``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers (RFC 8058) of one address.
"""

from __future__ import annotations

from .anonymise import anonymise_ip
from .ledger import Choice, Event, email_subject, visitor_subject
from .notice import Notice, purpose_notice
from .unsubscribe import headers as unsubscribe_headers
from .unsubscribe import link as unsubscribe_link

__all__ = [
    "Choice",
    "Event",
    "Notice",
    "anonymise_ip",
    "email_subject",
    "purpose_notice",
    "unsubscribe_headers",
    "unsubscribe_link",
    "visitor_subject",
]
