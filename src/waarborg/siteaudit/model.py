"""What a cookie audit records: per phase, every cookie, stored item and third-party
request the browser saw, in the order it saw them.

The crawler fills these; the evaluation and the reports only read them. Everything is
plain data so that an audit can be written as JSON and read back (``to_json`` and
``from_json``), kept by the worker and shown on the admin's overview.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "ACCEPT_ALL",
    "BEFORE",
    "REFUSE_ALL",
    "Audit",
    "Banner",
    "Event",
    "Phase",
    "Request",
    "SeenCookie",
    "StoredItem",
    "only",
]

#: The phases, by name. A category alone is ``only:<category>`` (``only:analytics``).
BEFORE = "before"
ACCEPT_ALL = "accept_all"
REFUSE_ALL = "refuse_all"


def only(category: str) -> str:
    """The name of the phase in which only ``category`` was accepted."""
    return f"only:{category}"


@dataclass(frozen=True)
class SeenCookie:
    """A cookie as the browser held it at the end of a phase."""

    name: str
    #: The cookie's domain as the browser keeps it (``.example.nl`` or ``example.nl``).
    domain: str
    path: str = "/"
    #: Seconds from when it was set to when it expires; None for a session cookie.
    lifetime: int | None = None
    http_only: bool = False
    secure: bool = False
    same_site: str | None = None
    #: Whether its domain belongs to the site audited (the site's registrable domain).
    first_party: bool = True
    #: How it was set, where that was seen: ``http`` (a Set-Cookie header) or ``js``
    #: (document.cookie); None when only the final jar showed it.
    set_by: Literal["http", "js"] | None = None
    #: The page that was open when it appeared.
    page: str | None = None
    #: Milliseconds from the start of the phase to when it was first seen.
    at_ms: int | None = None


@dataclass(frozen=True)
class StoredItem:
    """A key in localStorage or sessionStorage of one origin."""

    kind: Literal["local", "session"]
    origin: str
    key: str
    #: Length of the stored value in characters (the value itself is not kept).
    size: int = 0
    page: str | None = None


@dataclass(frozen=True)
class Request:
    """A request to a host outside the audited site."""

    url: str
    host: str
    #: Playwright's resource type: script, image, xhr, fetch, document, ...
    resource_type: str
    #: The first-party page whose load caused it.
    page: str
    at_ms: int | None = None
    #: HTTP status, None if it failed or was blocked.
    status: int | None = None


@dataclass(frozen=True)
class Event:
    """One line of a phase's timeline: what was set or sent, and when."""

    at_ms: int
    kind: Literal["page", "cookie", "storage", "request", "banner", "click", "note"]
    what: str
    page: str | None = None
    #: For a note: what it says as a code the reports word in the reader's language
    #: (``cookie_audit.problems.<code>``), with the values of its sentence; ``what``
    #: then holds the same in English.
    code: str | None = None
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Banner:
    """The consent banner as found on the first page."""

    #: Whether a banner (or consent manager) was found at all.
    found: bool
    #: The consent manager's name where it was recognised (``waarborg``, ``cookiebot``,
    #: ``cookieyes``, ``complianz``, ``onetrust``, or a rule's name).
    manager: str | None = None
    #: Whether its first layer offers a refuse option next to accept; None if unknown.
    refuse_on_first_layer: bool | None = None
    #: The categories it offers to choose, by Waarborg's category keys where they map.
    categories: tuple[str, ...] = ()
    #: A screenshot of the page with the banner, relative to the report's folder.
    screenshot: str | None = None


@dataclass
class Phase:
    """One fresh browser profile: a choice made (or none), then the pages visited."""

    name: str
    pages: list[str] = field(default_factory=list)
    cookies: list[SeenCookie] = field(default_factory=list)
    storage: list[StoredItem] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    #: Whether the choice of this phase was actually made in the banner. False when
    #: the banner could not be operated: the phase then shows what a visitor who
    #: cannot make that choice gets, and the evaluation says so.
    chosen: bool = True
    #: Why the phase is incomplete (a page that did not load, a banner not operated),
    #: in English.
    error: str | None = None
    #: The same as a code the reports word in the reader's language
    #: (``cookie_audit.problems.<code>``: ``no-manager``, ``page-failed``,
    #: ``steps-failed``, ...) with the values of its sentence; None in recordings
    #: made before there were codes, whose ``error`` is then shown as it is.
    problem: str | None = None
    problem_values: tuple[tuple[str, str], ...] = ()


@dataclass
class Audit:
    """One audit of one site."""

    url: str
    started: str
    finished: str | None = None
    banner: Banner | None = None
    phases: list[Phase] = field(default_factory=list)
    #: The site's own hosts (the audited URL's registrable domain and its subdomains).
    site: str = ""

    def phase(self, name: str) -> Phase | None:
        return next((p for p in self.phases if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audit:
        banner = data.get("banner")
        return cls(
            url=data["url"],
            started=data["started"],
            finished=data.get("finished"),
            site=data.get("site", ""),
            banner=Banner(**{**banner, "categories": tuple(banner.get("categories", ()))})
            if banner
            else None,
            phases=[
                Phase(
                    name=p["name"],
                    pages=list(p.get("pages", [])),
                    cookies=[SeenCookie(**c) for c in p.get("cookies", [])],
                    storage=[StoredItem(**s) for s in p.get("storage", [])],
                    requests=[Request(**r) for r in p.get("requests", [])],
                    timeline=[
                        Event(**{**e, "values": _pairs(e.get("values", ()))})
                        for e in p.get("timeline", [])
                    ],
                    chosen=p.get("chosen", True),
                    error=p.get("error"),
                    problem=p.get("problem"),
                    problem_values=_pairs(p.get("problem_values", ())),
                )
                for p in data.get("phases", [])
            ],
        )


def _pairs(values: Any) -> tuple[tuple[str, str], ...]:
    """A sentence's values as kept (pairs), from JSON's lists."""
    return tuple((str(k), str(v)) for k, v in values)
