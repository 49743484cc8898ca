"""The notice a consent refers to, and its hash (Art. 7(1): which notice was shown).

A notice is text; its hash is the SHA-256 of that text in UTF-8. For what the
declaration says (a purpose, a cookie category of the banner) the text is canonical
JSON: sorted keys, no spaces, so the same declaration always gives the same hash and
any change to what people are told gives a new one. An application that shows its own
wording sends that text, or only its hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from ..declaration.model import Declaration
from ..errors import ConsentError

__all__ = [
    "Notice",
    "NoticeKind",
    "application_notice",
    "canonical_json",
    "hash_text",
    "purpose_notice",
]

NoticeKind = Literal["purpose", "cookies", "application"]


@dataclass(frozen=True)
class Notice:
    """What a person was shown for one purpose: the text and its hash."""

    purpose: str
    kind: NoticeKind
    content: str
    hash: str


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text for one value."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hash_text(text: str) -> str:
    """The SHA-256 hex digest of ``text`` in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _notice(purpose: str, kind: NoticeKind, content: str) -> Notice:
    return Notice(purpose=purpose, kind=kind, content=content, hash=hash_text(content))


def purpose_notice(declaration: Declaration, purpose: str) -> Notice:
    """The notice of a declared purpose: who asks, and the purpose as declared (its
    label, description, categories, recipients and retention, in every language)."""
    if purpose not in declaration.purposes:
        raise ConsentError("purpose", f"{purpose!r} is not a purpose of the declaration")
    content = canonical_json(
        {
            "controller": declaration.controller.name,
            "purpose": purpose,
            "declared": declaration.purposes[purpose].model_dump(mode="json", exclude_none=True),
        }
    )
    return _notice(purpose, "purpose", content)


def application_notice(purpose: str, text: str) -> Notice:
    """A notice in an application's own words, as it sent them."""
    if not text.strip():
        raise ConsentError("notice_text", "the notice text is empty")
    return _notice(purpose, "application", text)
