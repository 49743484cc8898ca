"""A person's consents as records in the shape of ISO/IEC TS 27560:2023 (consent record
information structure).

One record per purpose the ledger holds for the subject key, with the standard's
parts: the header (schema version, record id, the PII principal), the processing the
consent covers (controller, purpose, lawful basis, the data, recipients, retention,
the notice and its language, how to withdraw) and the events (time, type, state, how
it was collected). The field names follow the standard's element names in snake case;
states and bases are also given as W3C DPV terms. The notice is named by its hash,
with the text that was hashed when the ledger kept it.

A withdrawal with no consent given before it (a "reject" in the cookie banner) is
shown as a refusal, ``dpv:ConsentRefused``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from .. import catalogue, i18n
from ..declaration import wording
from ..declaration.model import Declaration
from ..store.enums import ConsentState
from .cookies import banner, category_of
from .ledger import Event

__all__ = ["SCHEMA_VERSION", "person_records", "record"]

SCHEMA_VERSION = "ISO/IEC TS 27560:2023"
_STATUS = {
    "given": "dpv:ConsentGiven",
    "withdrawn": "dpv:ConsentWithdrawn",
    "refused": "dpv:ConsentRefused",
}


def _record_id(subject: str, purpose: str) -> str:
    digest = hashlib.sha256(f"{subject}\x00{purpose}".encode()).hexdigest()[:32]
    return f"urn:waarborg:consent:{digest}"


def _controller(declaration: Declaration) -> dict[str, Any]:
    c = declaration.controller
    out: dict[str, Any] = {"name": c.name, "role": "dpv:DataController"}
    if c.address is not None:
        out["address"] = c.address.one_line()
        out["country"] = c.address.country
    for name in ("email", "phone", "website", "kvk"):
        value = getattr(c, name)
        if value is not None:
            out[name] = str(value)
    return out


def _states(events: Sequence[Event]) -> list[str]:
    """Each event's state, a withdrawal before any consent counted as a refusal."""
    states: list[str] = []
    given_before = False
    for event in events:
        if event.state == ConsentState.GIVEN:
            given_before = True
            states.append("given")
        else:
            states.append("withdrawn" if given_before else "refused")
    return states


def _declared_processing(
    declaration: Declaration, purpose_key: str, lang: str, base_url: str
) -> dict[str, Any]:
    purpose = declaration.purposes[purpose_key]
    processing: dict[str, Any] = {
        "purpose": purpose_key,
        "purpose_description": wording.text(purpose.label, lang) or purpose_key,
        "purpose_type": purpose.dpv,
        "lawful_basis": ["dpv:Consent", "eu-gdpr:A6-1-a"],
        "pii_information": [
            {
                "pii_type": key,
                "description": wording.text(declaration.categories[key].label, lang) or key,
                "dpv": declaration.categories[key].dpv,
            }
            for key in purpose.categories
            if key in declaration.categories
        ],
    }
    if isinstance(purpose.recipients, list):
        processing["recipient_third_parties"] = [
            {
                "name": wording.recipient_name(key, declaration.recipients[key], lang),
                "role": declaration.recipients[key].role,
                "country": declaration.recipients[key].country,
            }
            for key in purpose.recipients
            if key in declaration.recipients
        ]
    rule = declaration.retention.get(str(purpose.retention)) if purpose.retention else None
    if rule is not None:
        processing["retention_period"] = wording.retention_sentence(rule, lang)
    processing["withdrawal_method"] = (
        wording.text(purpose.withdraw, lang) or f"{base_url}/{lang}/request/withdraw_consent"
    )
    return processing


def _cookie_processing(declaration: Declaration, category: str, lang: str) -> dict[str, Any]:
    found = banner(declaration).category(category)
    label = found.label[lang] if found else category
    return {
        "purpose": f"cookie:{category}",
        "purpose_description": label,
        "lawful_basis": ["dpv:Consent", "eu-gdpr:A6-1-a", "Telecommunicatiewet art. 11.7a"],
        "pii_information": [
            {"pii_type": "cookie", "description": name} for name in (found.cookies if found else ())
        ],
        "withdrawal_method": i18n.t("consent.cookie_withdrawal", lang),
    }


def record(
    declaration: Declaration,
    subject: str,
    purpose: str,
    events: Sequence[Event],
    *,
    notices: Mapping[str, str],
    base_url: str,
    lang: str = "nl",
) -> dict[str, Any]:
    """The 27560 record of one subject key and purpose, from its events (oldest first)."""
    category = category_of(purpose)
    if category is not None:
        processing = _cookie_processing(declaration, category, lang)
    elif purpose in declaration.purposes:
        processing = _declared_processing(declaration, purpose, lang, base_url)
    else:
        processing = {"purpose": purpose, "lawful_basis": ["dpv:Consent", "eu-gdpr:A6-1-a"]}
    states = _states(events)
    hashes = list(dict.fromkeys(e.notice_hash for e in events))
    authority = catalogue.authorities().get(declaration.controller.authority)
    rights = list(declaration.rights.offered or []) if declaration.rights else []
    return {
        "schema_version": SCHEMA_VERSION,
        "record_id": _record_id(subject, purpose),
        "pii_principal_id": subject,
        "record_created": events[0].at.isoformat() if events else None,
        "record_updated": events[-1].at.isoformat() if events else None,
        "language": lang,
        "pii_controllers": [_controller(declaration)],
        "jurisdiction": "EU",
        "privacy_notice": [
            {
                "notice_hash": digest,
                "url": f"{base_url}/{lang}/privacy",
                **({"text": notices[digest]} if digest in notices else {}),
            }
            for digest in hashes
        ],
        "processing": processing,
        "privacy_rights": rights,
        "complaint_authority": (
            {"name": authority.name, "url": authority.complaint_url} if authority else None
        ),
        "events": [
            {
                "event_id": event.event_id,
                "event_time": event.at.isoformat(),
                "event_type": f"consent_{state}",
                "event_state": state,
                "dpv_status": _STATUS[state],
                "collection_method": event.method,
                "notice_hash": event.notice_hash,
                "language": event.lang,
                "ip_address": event.ip,
            }
            for event, state in zip(events, states, strict=True)
        ],
        "current_state": states[-1] if states else None,
        "valid_for_processing": bool(states) and states[-1] == "given",
    }


def person_records(
    declaration: Declaration,
    subject: str,
    events: Sequence[Event],
    *,
    notices: Mapping[str, str],
    base_url: str,
    lang: str = "nl",
) -> list[dict[str, Any]]:
    """The 27560 records of a subject key: one per purpose, in the order first recorded."""
    by_purpose: dict[str, list[Event]] = {}
    for event in events:
        by_purpose.setdefault(event.purpose, []).append(event)
    return [
        record(
            declaration,
            subject,
            purpose,
            purpose_events,
            notices=notices,
            base_url=base_url.rstrip("/"),
            lang=lang,
        )
        for purpose, purpose_events in by_purpose.items()
    ]
