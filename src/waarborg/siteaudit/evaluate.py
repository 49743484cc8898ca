"""What was seen, held against the declaration and the catalogues.

Every finding states only what the audit saw: a cookie set, a request sent, a banner
found, in a named phase. Whether a cookie needs consent is judged as ``waarborg check``
judges it (``declaration.rules.cookies.needs_consent``): by the category the
declaration gives, else the one the Open Cookie Database gives; a cookie neither
knows is not judged. A request counts as tracking when its host is in the tracker list
derived from the Open Cookie Database (``catalogue.find_tracker``).

A phase whose choice could not be made in the banner (``Phase.chosen`` false) is said
to be so, and what was set in it counts as set without consent: no consent was given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .. import catalogue
from ..i18n import format_list, t
from .model import ACCEPT_ALL, BEFORE, REFUSE_ALL, Audit, Phase, Request, SeenCookie

if TYPE_CHECKING:
    from ..declaration.model import Cookie, Declaration

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "counts",
    "evaluate",
    "known_cookie",
    "lifetime_text",
    "phase_label",
    "phase_problem",
    "problem_text",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_CATEGORIES = ("functional", "analytics", "marketing", "personalisation", "security")
_TW = "NL Telecommunicatiewet art. 11.7a"


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    article: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("tracking-cookie", "error", _TW),
        Rule("tracking-request", "error", _TW),
        Rule("tracking-storage", "error", _TW),
        Rule("cookie-undeclared", "error", f"{_TW}; GDPR Art. 13"),
        Rule("third-party-undeclared", "error", "GDPR Art. 13(1)(e)"),
        Rule("third-party-unattributed", "warning", "GDPR Art. 13(1)(e)"),
        Rule("cookie-lifetime", "warning", f"{_TW}; GDPR Art. 13(2)(a)"),
        Rule("cookie-not-seen", "info", "GDPR Art. 5(1)(a)"),
        Rule("banner-no-refuse", "warning", f"{_TW}; AP guidance on cookie banners"),
        Rule("choice-not-made", "warning", _TW),
        Rule("phase-incomplete", "info", _TW),
        Rule("cookie-unknown", "info", _TW),
    )
}


@dataclass(frozen=True)
class Finding:
    """One finding: a rule, where (phase, cookie or host) and the values of its sentence.

    Values that are words themselves are wording keys (``parts.*``), filled in the
    reader's language by ``message``."""

    rule: str
    #: The phase the finding is about, None for the audit as a whole.
    phase: str | None
    #: What it is about: a cookie's name, a host, or ``banner``.
    subject: str
    values: tuple[tuple[str, Any], ...] = ()
    #: The pages where it was seen first, for the report's links.
    page: str | None = None

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    @property
    def article(self) -> str:
        return RULES[self.rule].article

    def message(self, lang: str = "en") -> str:
        return t(
            f"cookie_audit.findings.{self.rule}",
            lang,
            **{key: _word(value, lang) for key, value in self.values},
        )

    def hint(self, lang: str = "en") -> str:
        return t(f"cookie_audit.hints.{self.rule}", lang)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "article": self.article,
            "phase": self.phase,
            "subject": self.subject,
            "page": self.page,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


@dataclass(frozen=True)
class _Words:
    """A value filled in the reader's language: a wording key and its own values."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class _List:
    items: tuple[Any, ...]


def known_cookie(name: str) -> catalogue.CookieEntry | None:
    """The Open Cookie Database's entry for a cookie (or stored key) seen on a site.

    A wildcard entry counts only when its prefix is specific: at least four characters,
    or three ending in ``_``, ``-`` or ``:`` (``_ga_``, ``ct_``). Shorter ones (``tp``,
    ``_s``, ``SR``) match names of every kind: ``tp_uid`` is not Tailtarget's."""
    found = catalogue.find_cookie(name)
    if found is None or not found.wildcard or name == found.name:
        return found
    prefix = found.name.rstrip("*")
    if len(prefix) >= 4 or (len(prefix) == 3 and prefix[-1] in "_-:"):
        return found
    return None


def counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def phase_label(name: str, lang: str) -> str:
    """The phase's name as a person reads it (``Alleen analytisch``)."""
    if name.startswith("only:"):
        category = name.split(":", 1)[1]
        return t("cookie_audit.phases.only", lang, category=_category(category, lang))
    if name in (BEFORE, ACCEPT_ALL, REFUSE_ALL):
        return t(f"cookie_audit.phases.{name}", lang)
    return name


def _category(category: str, lang: str) -> str:
    if category in _CATEGORIES:
        return t(f"cookie_audit.parts.category.{category}", lang)
    return category


def _when(phase: Phase) -> _Words:
    """When in the phase something was seen: ``before any choice was made``."""
    if not phase.chosen:
        return _Words("cookie_audit.parts.when.unchosen", (("phase", _Phase(phase.name)),))
    if phase.name.startswith("only:"):
        category = phase.name.split(":", 1)[1]
        return _Words("cookie_audit.parts.when.only", (("category", _Category(category)),))
    if phase.name in (BEFORE, ACCEPT_ALL, REFUSE_ALL):
        return _Words(f"cookie_audit.parts.when.{phase.name}")
    return _Words("cookie_audit.parts.when.unchosen", (("phase", _Phase(phase.name)),))


@dataclass(frozen=True)
class _Phase:
    """A phase's name, as a person reads it in their language."""

    name: str


@dataclass(frozen=True)
class _Category:
    """A category key, as a person reads it in their language."""

    category: str


@dataclass(frozen=True)
class _Problem:
    """Why a phase is incomplete, or a note of its timeline: a code and its values."""

    code: str
    values: tuple[tuple[str, str], ...] = ()


def _act(choice: str, lang: str) -> str:
    """A choice as a person reads it: ``alles accepteren``, ``alleen analytisch accepteren``."""
    if choice.startswith("only:"):
        category = _category(choice.split(":", 1)[1], lang)
        return t("cookie_audit.parts.act.only", lang, category=category)
    if choice in (BEFORE, ACCEPT_ALL, REFUSE_ALL):
        return t(f"cookie_audit.parts.act.{choice}", lang)
    return choice


def problem_text(code: str, values: tuple[tuple[str, str], ...] | Any, lang: str) -> str:
    """A problem the crawler recorded by its code (``Phase.problem``, ``Event.code``),
    in the reader's language."""
    filled = {str(k): _act(str(v), lang) if k == "choice" else str(v) for k, v in (values or ())}
    return t(f"cookie_audit.problems.{code}", lang, **filled)


def phase_problem(phase: Phase, lang: str) -> str | None:
    """Why ``phase`` is incomplete, in the reader's language where it has a code."""
    if phase.problem:
        return problem_text(phase.problem, phase.problem_values, lang)
    return phase.error


def _word(value: Any, lang: str) -> str:
    if isinstance(value, _Problem):
        return problem_text(value.code, value.values, lang)
    if isinstance(value, _Phase):
        return phase_label(value.name, lang)
    if isinstance(value, _Category):
        return _category(value.category, lang)
    if isinstance(value, _Words):
        return t(value.key, lang, **{k: _word(v, lang) for k, v in value.values})
    if isinstance(value, _List):
        return format_list([_word(item, lang) for item in value.items], lang)
    return str(value)


def _permitted(phase: Phase) -> frozenset[str] | None:
    """The categories consented to in ``phase``; None for a phase Waarborg does not know
    (not judged)."""
    if not phase.chosen or phase.name in (BEFORE, REFUSE_ALL):
        return frozenset()
    if phase.name == ACCEPT_ALL:
        return frozenset(_CATEGORIES)
    if phase.name.startswith("only:"):
        return frozenset({phase.name.split(":", 1)[1]})
    return None


# -- the declaration's cookies and third parties ----------------------------------------


@dataclass
class _Declared:
    """What the declaration says, in the form the rules look things up in."""

    declaration: Declaration | None
    #: Known recipients' keys and normalised names the declaration names.
    recipient_keys: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, declaration: Declaration | None) -> _Declared:
        declared = cls(declaration)
        if declaration is None:
            return declared
        for key, recipient in declaration.recipients.items():
            declared._add(key, recipient.name)
        for cookie in declaration.cookies.values():
            if cookie.provider and cookie.provider != "unstated":
                declared._add(cookie.provider, cookie.provider)
        return declared

    def _add(self, key: str, name: str | None) -> None:
        found = catalogue.find_recipient(key, name)
        if found is not None:
            self.recipient_keys.add(found[0])
            self.names.add(_normal(found[1].name))
        self.names.add(_normal(key))
        if name:
            self.names.add(_normal(name))

    def cookie(self, name: str) -> tuple[str, Cookie] | None:
        """The declared entry that covers a cookie of this name: by its name (or prefix,
        for a pattern), else an entry without a name whose provider places it."""
        if self.declaration is None:
            return None
        entries = self.declaration.cookies
        for key, entry in entries.items():
            declared = key if entry.name in (None, "unstated") else str(entry.name)
            if entry.name == "unstated":
                continue
            if name == declared or (entry.pattern and name.startswith(declared)):
                return key, entry
        known = known_cookie(name)
        if known is None:
            return None
        for key, entry in entries.items():
            if entry.name != "unstated" or not entry.provider:
                continue
            provider = catalogue.find_recipient(entry.provider, entry.provider)
            if (provider is not None and provider[0] == known.recipient) or _normal(
                entry.provider
            ) == _normal(known.platform):
                return key, entry
        return None

    def provider(self, request: Request) -> tuple[bool | None, str | None]:
        """Whether the declaration names the party behind ``request``'s host, and that
        party's name; (None, None) when Waarborg cannot tell who it is."""
        names: list[str] = []
        keys: set[str] = set()
        tracker = catalogue.find_tracker(request.host)
        if tracker is not None:
            for platform in tracker.platforms:
                names.append(platform)
                found = catalogue.find_recipient("", platform)
                if found is not None:
                    keys.add(found[0])
        for key in _recipients_by_host(request.host):
            keys.add(key)
            names.append(catalogue.recipients()[key].name)
        if not names:
            return None, None
        declared = bool(keys & self.recipient_keys) or any(
            _normal(name) in self.names for name in names
        )
        return declared, ", ".join(dict.fromkeys(names))


def _normal(name: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


def _site_host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url if "//" in url else f"https://{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _recipients_by_host(host: str) -> list[str]:
    """Known recipients whose website is this host or a parent of it."""
    host = host.lower()
    return [
        key
        for key, recipient in catalogue.recipients().items()
        if (site := _site_host(recipient.website)) and (host == site or host.endswith("." + site))
    ]


# -- the rules ------------------------------------------------------------------------


def _kind(name: str, declared: tuple[str, Cookie] | None) -> tuple[Cookie | None, str]:
    """The cookie as judged (declared, with the catalogue where it is silent) and where
    its category comes from (``declared`` or ``catalogue``)."""
    from ..declaration.complete import catalogue_cookie
    from ..declaration.model import Cookie

    if declared is not None:
        key, entry = declared
        if entry.category is not None:
            return entry, "declared"
        known, _filled = catalogue_cookie(key if entry.name is None else name, entry, {})
        return (known, "catalogue") if known.category is not None else (None, "")
    known_entry = known_cookie(name)
    if known_entry is None:
        return None, ""
    return Cookie(name=name, category=known_entry.category), "catalogue"


def _unconsented(
    name: str, declared: _Declared, permitted: frozenset[str]
) -> tuple[Cookie, str] | None:
    """The cookie or stored key ``name`` as judged, and where its category comes from,
    when it needs a consent the phase does not give; None otherwise."""
    from ..declaration.rules.cookies import needs_consent

    judged, source = _kind(name, declared.cookie(name))
    if judged is None or judged.category is None or not needs_consent(judged):
        return None
    if judged.category in permitted:
        return None
    return judged, source


def _tracking_cookies(audit: Audit, declared: _Declared) -> Iterator[Finding]:
    for phase in audit.phases:
        permitted = _permitted(phase)
        if permitted is None:
            continue
        seen: set[tuple[str, str]] = set()
        for cookie in phase.cookies:
            if (cookie.name, cookie.domain) in seen:
                continue
            seen.add((cookie.name, cookie.domain))
            found = _unconsented(cookie.name, declared, permitted)
            if found is None:
                continue
            judged, source = found
            yield Finding(
                "tracking-cookie",
                phase.name,
                cookie.name,
                (
                    ("kind", _Words(f"cookie_audit.parts.kind.{judged.category}")),
                    ("name", cookie.name),
                    ("domain", cookie.domain),
                    ("source", _Words(f"cookie_audit.parts.source.{source}")),
                    ("when", _when(phase)),
                ),
                cookie.page,
            )
        stored: set[tuple[str, str, str]] = set()
        for item in phase.storage:
            if (item.kind, item.origin, item.key) in stored:
                continue
            stored.add((item.kind, item.origin, item.key))
            found = _unconsented(item.key, declared, permitted)
            if found is None:
                continue
            judged, source = found
            yield Finding(
                "tracking-storage",
                phase.name,
                item.key,
                (
                    ("kind", _Words(f"cookie_audit.parts.item.{judged.category}")),
                    ("key", item.key),
                    ("storage", f"{item.kind}Storage"),
                    ("origin", item.origin),
                    ("source", _Words(f"cookie_audit.parts.source.{source}")),
                    ("when", _when(phase)),
                ),
                item.page,
            )


def _friendly_platforms(declared: _Declared) -> set[str]:
    """The platforms whose analytics the declaration declares privacy-friendly (Google
    Analytics with IP addresses anonymised and data sharing off): their requests need
    no consent for analytics, as their cookies need none."""
    platforms: set[str] = set()
    if declared.declaration is None:
        return platforms
    for key, entry in declared.declaration.cookies.items():
        if not entry.privacy_friendly:
            continue
        if entry.provider and entry.provider != "unstated":
            platforms.add(_normal(entry.provider))
        name = key if entry.name in (None, "unstated") else str(entry.name)
        known = known_cookie(name)
        if known is not None:
            platforms.add(_normal(known.platform))
    return platforms


def _tracking_requests(audit: Audit, declared: _Declared) -> Iterator[Finding]:
    friendly = _friendly_platforms(declared)

    def kinds_of(host: str, permitted: frozenset[str]) -> list[str]:
        tracker = catalogue.find_tracker(host)
        if tracker is None:
            return []
        exempt = any(_normal(p) in friendly for p in tracker.platforms)
        if any(k in permitted for k in tracker.categories):
            # The host serves a kind the visitor accepted: the request may be for that
            # kind, and what it is for cannot be seen from the host alone.
            return []
        return [
            k
            for k in tracker.categories
            if k not in permitted and not (k == "analytics" and exempt)
        ]

    for phase in audit.phases:
        permitted = _permitted(phase)
        if permitted is None:
            continue
        by_host: dict[str, list[Request]] = {}
        for request in phase.requests:
            if kinds_of(request.host, permitted):
                by_host.setdefault(request.host, []).append(request)
        for host, requests in by_host.items():
            tracker = catalogue.find_tracker(host)
            assert tracker is not None
            kinds = kinds_of(host, permitted)
            yield Finding(
                "tracking-request",
                phase.name,
                host,
                (
                    ("count", len(requests)),
                    ("host", host),
                    ("when", _when(phase)),
                    ("page", requests[0].page),
                    (
                        "kinds",
                        _List(tuple(_Words(f"cookie_audit.parts.kinds.{k}") for k in kinds)),
                    ),
                    ("platforms", ", ".join(tracker.platforms)),
                ),
                requests[0].page,
            )


def _declared_expiry(entry: tuple[str, Cookie]) -> Any:
    """The expiry the statement gives for a declared cookie: its own, else (with
    ``from_catalogue``) the Open Cookie Database's, which the statement then shows."""
    from ..declaration.complete import catalogue_cookie

    key, cookie = entry
    if cookie.expiry is None and cookie.from_catalogue:
        return catalogue_cookie(key, cookie, {})[0].expiry
    return cookie.expiry


def _first_seen(audit: Audit) -> dict[str, tuple[SeenCookie, list[Phase]]]:
    """Every cookie name seen, with where it was first seen and the phases it was in."""
    seen: dict[str, tuple[SeenCookie, list[Phase]]] = {}
    for phase in audit.phases:
        for cookie in phase.cookies:
            _first, phases = seen.setdefault(cookie.name, (cookie, []))
            if phase not in phases:
                phases.append(phase)
    return seen


def _against_declaration(audit: Audit, declared: _Declared) -> Iterator[Finding]:
    declaration = declared.declaration
    assert declaration is not None
    seen = _first_seen(audit)
    matched: set[str] = set()
    for name, (cookie, phases) in seen.items():
        entry = declared.cookie(name)
        if entry is None:
            yield Finding(
                "cookie-undeclared",
                phases[0].name,
                name,
                (("name", name), ("domain", cookie.domain), ("when", _when(phases[0]))),
                cookie.page,
            )
            continue
        matched.add(entry[0])
        expiry = _declared_expiry(entry)
        longest = max(
            (c for p in phases for c in p.cookies if c.name == name),
            key=lambda c: -1 if c.lifetime is None else c.lifetime,
        )
        if longest.lifetime is not None and expiry not in (None, "unstated"):
            limit = 0 if expiry == "session" else _longest_seconds(expiry)
            if longest.lifetime > limit + 86_400:
                yield Finding(
                    "cookie-lifetime",
                    next(p.name for p in phases if longest in p.cookies),
                    name,
                    (
                        ("name", name),
                        ("seen", _lifetime(longest.lifetime)),
                        ("declared", _expiry(expiry)),
                    ),
                    longest.page,
                )
    for phase in audit.phases:
        for item in phase.storage:
            stored = declared.cookie(item.key)
            if stored is not None:
                matched.add(stored[0])
    pages = len({page for phase in audit.phases for page in phase.pages})
    for key, declared_cookie in declaration.cookies.items():
        if key in matched or declared_cookie.name == "unstated":
            continue
        name = key if declared_cookie.name is None else str(declared_cookie.name)
        yield Finding(
            "cookie-not-seen",
            None,
            name,
            (("name", name + ("*" if declared_cookie.pattern else "")), ("pages", pages)),
        )
    reported: set[str] = set()
    for phase in audit.phases:
        for request in phase.requests:
            if request.host in reported:
                continue
            reported.add(request.host)
            named, provider = declared.provider(request)
            if named is None:
                yield Finding(
                    "third-party-unattributed",
                    phase.name,
                    request.host,
                    (("host", request.host),),
                    request.page,
                )
            elif not named:
                yield Finding(
                    "third-party-undeclared",
                    phase.name,
                    request.host,
                    (("host", request.host), ("provider", provider)),
                    request.page,
                )


def _unknown_cookies(audit: Audit) -> Iterator[Finding]:
    for name, (cookie, phases) in _first_seen(audit).items():
        if known_cookie(name) is None:
            yield Finding(
                "cookie-unknown",
                phases[0].name,
                name,
                (("name", name), ("domain", cookie.domain)),
                cookie.page,
            )


def _banner_and_phases(audit: Audit) -> Iterator[Finding]:
    banner = audit.banner
    if banner is not None and banner.found and banner.refuse_on_first_layer is False:
        manager = f" ({banner.manager})" if banner.manager else ""
        yield Finding("banner-no-refuse", None, "banner", (("manager", manager),))
    for phase in audit.phases:
        if not phase.chosen:
            found = banner is not None and banner.found
            why = _Words(f"cookie_audit.parts.why.{'banner' if found else 'no_banner'}")
            reason: Any = ""
            if phase.problem and (found or phase.problem != "no-manager"):
                problem = _Problem(phase.problem, phase.problem_values)
                reason = _Words("cookie_audit.parts.reason", (("reason", problem),))
            elif phase.error and not phase.problem:
                reason = f" ({phase.error})"
            yield Finding(
                "choice-not-made",
                phase.name,
                phase.name,
                (("phase", _Phase(phase.name)), ("why", why), ("reason", reason)),
            )
        elif phase.error:
            error: Any = (
                _Problem(phase.problem, phase.problem_values) if phase.problem else phase.error
            )
            yield Finding(
                "phase-incomplete",
                phase.name,
                phase.name,
                (("phase", _Phase(phase.name)), ("error", error)),
            )


def evaluate(audit: Audit, declaration: Declaration | None = None) -> list[Finding]:
    """The findings of ``audit``: against ``declaration`` when given, else against the
    catalogues alone. Errors first, then warnings and infos, each in the order seen."""
    declared = _Declared.of(declaration)
    findings = [
        *_banner_and_phases(audit),
        *_tracking_cookies(audit, declared),
        *_tracking_requests(audit, declared),
    ]
    if declaration is not None:
        findings.extend(_against_declaration(audit, declared))
    else:
        findings.extend(_unknown_cookies(audit))
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


# -- lifetimes ------------------------------------------------------------------------


def _longest_seconds(expiry: Any) -> int:  # a Duration
    """The longest a declared ISO 8601 duration can last, in seconds (a year of 366
    days, a month of 31)."""
    return int(
        expiry.years * 366 * 86_400
        + expiry.months * 31 * 86_400
        + expiry.weeks * 7 * 86_400
        + expiry.days * 86_400
        + expiry.hours * 3600
        + expiry.minutes * 60
        + expiry.seconds
    )


def _lifetime(seconds: int | None) -> Any:
    """A lifetime as ISO 8601 in the largest whole unit (``P400D``, ``PT30M``)."""
    if seconds is None:
        return _Words("cookie_audit.parts.session")
    if seconds >= 86_400:
        return f"P{round(seconds / 86_400)}D"
    if seconds >= 3600:
        return f"PT{round(seconds / 3600)}H"
    if seconds >= 60:
        return f"PT{round(seconds / 60)}M"
    return f"PT{seconds}S"


def _expiry(expiry: Any) -> Any:
    return _Words("cookie_audit.parts.session") if expiry == "session" else str(expiry)


def lifetime_text(seconds: int | None, lang: str) -> str:
    """A seen lifetime as a person reads it: ISO 8601, or until the browser closes."""
    return _word(_lifetime(seconds), lang)
