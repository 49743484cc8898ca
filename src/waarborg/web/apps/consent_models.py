"""The bodies and answers of the consent API (``web.consent_api``), as pydantic models:
they check what comes in and document what goes out in the OpenAPI schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ConsentIn",
    "EventOut",
    "HistoryOut",
    "PurposeState",
    "RecordedOut",
    "RecordsOut",
    "StateOut",
    "VisitorIn",
    "VisitorOut",
]

_EVENT_ID = r"^[A-Za-z0-9_.-]{8,64}$"
_VISITOR = r"^[A-Za-z0-9_-]{16,64}$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConsentIn(_Body):
    subject: str = Field(min_length=3, max_length=320, description="The person's email address.")
    purpose: str = Field(
        min_length=1,
        max_length=100,
        description="A declared purpose that rests on consent, or a cookie category "
        "(`cookie:analytics`).",
    )
    state: Literal["given", "withdrawn"]
    method: str = Field(
        "api",
        pattern=r"^[a-z][a-z0-9_]{0,31}$",
        description="How it was given or withdrawn: `web_form`, `checkout`, `phone`...",
    )
    lang: Literal["nl", "en"] | None = None
    ip: str | None = Field(
        None, max_length=64, description="The person's IP address; only stored anonymised."
    )
    notice_text: str | None = Field(
        None, max_length=20000, description="The notice in your own words, as shown; kept."
    )
    notice_hash: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="Or only the SHA-256 of that notice."
    )
    event_id: str | None = Field(
        None,
        pattern=_EVENT_ID,
        description="Your id for this event: sending it again records nothing twice.",
    )


class EventOut(BaseModel):
    event_id: str
    subject: str
    purpose: str
    state: Literal["given", "withdrawn"]
    notice_hash: str
    method: str
    lang: str | None
    ip: str | None
    at: datetime


class RecordedOut(BaseModel):
    ok: Literal[True] = True
    event: EventOut


class PurposeState(BaseModel):
    consented: bool
    state: Literal["given", "withdrawn"] | None = None
    at: datetime | None = None
    method: str | None = None
    event_id: str | None = None
    notice_hash: str | None = None
    #: Whether the consent was given against the notice in force now.
    notice_current: bool | None = None


class StateOut(BaseModel):
    ok: Literal[True] = True
    subject: str
    purposes: dict[str, PurposeState]


class HistoryOut(BaseModel):
    ok: Literal[True] = True
    subject: str
    events: list[EventOut]


class RecordsOut(BaseModel):
    ok: Literal[True] = True
    subject: str
    records: list[dict[str, Any]]


class VisitorIn(_Body):
    visitor: str = Field(pattern=_VISITOR, description="The banner's random visitor id.")
    choices: dict[str, bool] = Field(
        max_length=10, description="Per cookie category asked about: accepted or not."
    )
    lang: Literal["nl", "en"] = "nl"
    version: str = Field(max_length=64, description="The banner version that was shown.")
    gpc: bool = Field(False, description="navigator.globalPrivacyControl was true.")
    event: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_-]{8,40}$", description="Makes a resent choice harmless."
    )


class VisitorOut(BaseModel):
    ok: Literal[True] = True
    visitor: str
    version: str
    categories: dict[str, PurposeState]
    events: list[EventOut] = Field(default_factory=list)
