"""A draft of the declaration's ``cookies:`` section from what an audit saw.

The draft is for the privacy officer to confirm: it says so at its top, and states
nothing the audit or the Open Cookie Database does not give. Provider, category and
expiry come from the Open Cookie Database where it knows the cookie; otherwise the
provider and expiry are ``unstated`` and the category is left out. No purpose is
written: the catalogue's description is kept as a comment beside the entry, and the
purpose is the organisation's to state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import catalogue
from ..i18n import t
from .evaluate import known_cookie, lifetime_text, phase_label
from .model import Audit, SeenCookie

__all__ = ["draft_cookies"]


@dataclass
class _Entry:
    name: str
    pattern: bool
    known: catalogue.CookieEntry | None
    seen: list[tuple[str, SeenCookie]] = field(default_factory=list)


def _scalar(value: str) -> str:
    """A YAML scalar: plain where that is safe, else double-quoted (JSON is YAML)."""
    plain = value.replace("_", "").replace("-", "").isalnum() and not value[0].isdigit()
    return (
        value
        if plain and value.lower() not in ("yes", "no", "on", "off", "true", "false", "null")
        else json.dumps(value)
    )


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def draft_cookies(audit: Audit, lang: str = "en") -> str:
    """The ``cookies:`` section, as YAML marked as a draft, of every cookie seen."""
    entries: dict[str, _Entry] = {}
    for phase in audit.phases:
        for cookie in phase.cookies:
            known = known_cookie(cookie.name)
            if known is not None and known.wildcard:
                name, pattern = known.name.rstrip("*"), True
            else:
                name, pattern = cookie.name, False
            entry = entries.setdefault(name, _Entry(name, pattern, known))
            entry.seen.append((phase.name, cookie))
    lines = _comment(t("cookie_audit.draft.header", lang, url=audit.url, started=audit.started))
    lines.append("cookies:" + ("" if entries else " {}"))
    for name, entry in entries.items():
        known = entry.known
        first = entry.seen[0][1]
        longest = max(
            (c for _p, c in entry.seen), key=lambda c: -1 if c.lifetime is None else c.lifetime
        )
        phases = ", ".join(dict.fromkeys(phase_label(p, lang) for p, _c in entry.seen))
        seen = t(
            "cookie_audit.draft.seen",
            lang,
            domain=first.domain,
            lifetime=lifetime_text(longest.lifetime, lang),
            party=t(
                f"cookie_audit.report.{'first_party' if first.first_party else 'third_party'}",
                lang,
            ),
            phases=phases,
        )
        lines.append(f"  {_scalar(name)}:")
        lines.extend(f"    {line}" for line in _comment(seen))
        if known is not None and known.description:
            description = t("cookie_audit.draft.catalogue", lang, description=known.description)
            lines.extend(f"    {line}" for line in _comment(description))
        lines.append(f"    name: {_scalar(name)}")
        if entry.pattern:
            lines.append("    pattern: true")
        if known is not None:
            lines.append(f"    provider: {_scalar(known.platform)}")
            lines.append(f"    category: {known.category}")
            lines.append(f"    expiry: {known.expiry or 'unstated'}")
        else:
            lines.append("    provider: unstated")
            lines.append("    expiry: unstated")
        lines.append(f"    third_party: {'false' if first.first_party else 'true'}")
    return "\n".join(lines) + "\n"
