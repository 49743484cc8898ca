"""A cookie audit's report: text for people (as ``waarborg check`` prints its findings),
JSON for tools (the audit and its findings) and HTML (per phase a timeline of what was
set and sent, the banner's screenshot, and the findings linked to their phase), in
Dutch or English."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..i18n import t
from .evaluate import (
    SEVERITIES,
    Finding,
    counts,
    lifetime_text,
    phase_label,
    phase_problem,
    problem_text,
)
from .model import Audit

__all__ = ["FORMATS", "as_json", "html", "render", "text"]

FORMATS = ("text", "json", "html")
#: Consent managers by the names ``Banner.manager`` gives, as their makers write them.
_BRANDS = {
    "cookiebot": "Cookiebot",
    "cookieyes": "CookieYes",
    "complianz": "Complianz",
    "onetrust": "OneTrust",
}
_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _w(key: str, lang: str, **values: Any) -> str:
    return t(f"cookie_audit.report.{key}", lang, **values)


def _summary(findings: list[Finding], lang: str) -> str:
    total = counts(findings)
    return _w(
        "summary", lang, errors=total["error"], warnings=total["warning"], infos=total["info"]
    )


def _held(declaration: str | None, lang: str) -> str:
    if declaration:
        return _w("against", lang, declaration=declaration)
    return _w("catalogues_only", lang)


def text(
    audit: Audit,
    findings: list[Finding],
    declaration: str | None = None,
    lang: str = "en",
    *,
    colour: bool = False,
) -> str:
    """The findings grouped by severity, each with its rule, article, phase and fix."""

    def style(value: str, **kwargs: Any) -> str:
        if not colour:
            return value
        import click

        return click.style(value, **kwargs)

    lines = [
        style(_w("title", lang, url=audit.url), bold=True),
        _held(declaration, lang),
    ]
    for phase in audit.phases:
        mark = "" if phase.chosen else f" ({_w('not_chosen', lang)})"
        line = _w(
            "phase_line",
            lang,
            phase=phase_label(phase.name, lang),
            pages=len(phase.pages),
            cookies=len(phase.cookies),
            requests=len(phase.requests),
            mark=mark,
        )
        lines.append(f"  {line}")
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        heading = t(f"cookie_audit.severity.{severity}", lang).upper()
        lines.append(style(f"\n  {heading}", fg=_COLOURS[severity], bold=True))
        for f in group:
            where = phase_label(f.phase, lang) if f.phase else audit.url
            rule = style(f.rule, fg=_COLOURS[severity])
            lines.append(f"  {where}: {rule} [{f.article}]: {f.message(lang)}")
            lines.append(f"      {_w('fix', lang)}: {f.hint(lang)}")
    lines.append("\n" + _summary(findings, lang))
    return "\n".join(lines) + "\n"


def as_json(
    audit: Audit, findings: list[Finding], declaration: str | None = None, lang: str = "en"
) -> str:
    report = {
        "url": audit.url,
        "declaration": declaration,
        "lang": lang,
        "counts": counts(findings),
        "findings": [f.as_dict(lang) for f in findings],
        "audit": audit.to_json(),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _manager(name: str | None, lang: str) -> str:
    if not name:
        return _w("banner_unrecognised", lang)
    if name == "waarborg":
        return t("cookie_audit.managers.waarborg", lang)
    return _BRANDS.get(name, name)


def _duration(seconds: int | None, lang: str) -> str:
    """A lifetime as a privacy officer reads it: ``400 dagen``, ``tot de browser sluit``."""
    if seconds is None:
        return lifetime_text(None, lang)
    for unit, size in (("days", 86_400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            n = round(seconds / size)
            return _w("day", lang) if unit == "days" and n == 1 else _w(unit, lang, n=n)
    return _w("seconds", lang, n=seconds)


def _moment(value: str | None, lang: str) -> str:
    from datetime import datetime

    from ..i18n import format_datetime

    if not value:
        return ""
    try:
        return format_datetime(datetime.fromisoformat(value), lang)
    except ValueError:
        return value


def _anchor(name: str) -> str:
    return name.replace(":", "-")


def html(
    audit: Audit, findings: list[Finding], declaration: str | None = None, lang: str = "en"
) -> str:
    """One self-contained HTML page; the screenshot is linked relative to it."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("waarborg.siteaudit", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    shown = [
        {
            "index": index,
            "rule": f.rule,
            "severity": f.severity,
            "level": t(f"cookie_audit.level.{f.severity}", lang),
            "title": t(f"cookie_audit.titles.{f.rule}", lang),
            "article": f.article,
            "phase": f.phase,
            "phase_label": phase_label(f.phase, lang) if f.phase else "",
            "anchor": _anchor(f.phase) if f.phase else "",
            "subject": f.subject,
            "message": f.message(lang),
            "hint": f.hint(lang),
        }
        for index, f in enumerate(findings, start=1)
    ]
    phases = [
        {
            "phase": phase,
            "label": phase_label(phase.name, lang),
            "anchor": _anchor(phase.name),
            "findings": [f for f in shown if f["phase"] == phase.name],
            "problem": phase_problem(phase, lang),
            "chosen": _w("chosen_yes" if phase.chosen else "chosen_no", lang),
            "timeline": [
                {
                    "event": event,
                    "what": problem_text(event.code, event.values, lang)
                    if event.code
                    else event.what,
                }
                for event in phase.timeline
            ],
            "cookies": [
                {
                    "cookie": cookie,
                    "lifetime": _duration(cookie.lifetime, lang),
                    "party": _w("first_party" if cookie.first_party else "third_party", lang),
                }
                for cookie in phase.cookies
            ],
        }
        for phase in audit.phases
    ]
    banner = audit.banner
    refuse = (
        "refuse_unknown"
        if banner is None or banner.refuse_on_first_layer is None
        else "refuse_yes"
        if banner.refuse_on_first_layer
        else "refuse_no"
    )
    words = {
        key: _w(key, lang)
        for key in (
            "banner",
            "banner_missing",
            "screenshot",
            "findings",
            "no_findings",
            "phase",
            "not_chosen",
            "pages",
            "timeline",
            "th_ms",
            "th_kind",
            "th_what",
            "th_page",
            "cookies",
            "th_name",
            "th_domain",
            "th_lifetime",
            "th_party",
            "requests",
            "th_host",
            "th_type",
            "storage",
            "th_storage",
            "th_key",
            "nothing",
            "fix",
            "overview",
            "th_phase",
            "th_chosen",
            "th_findings",
            "rule",
        )
    }
    words |= {
        "title": _w("title", lang, url=audit.url),
        "started": _w("started", lang, started=_moment(audit.started, lang)),
        "held": _held(declaration, lang),
        "summary": _summary(findings, lang),
        "banner_found": _w(
            "banner_found", lang, manager=_manager(banner.manager if banner else None, lang)
        ),
        "refuse": _w(refuse, lang),
        "generated": _w("generated", lang, version=__version__),
    }
    events = {
        kind: t(f"cookie_audit.event.{kind}", lang)
        for kind in ("page", "cookie", "storage", "request", "banner", "click", "note")
    }
    template = env.get_template("report.html.j2")
    return template.render(
        audit=audit, findings=shown, phases=phases, w=words, events=events, lang=lang
    )


def render(
    fmt: str,
    audit: Audit,
    findings: list[Finding],
    declaration: str | None = None,
    lang: str = "en",
    *,
    colour: bool = False,
) -> str:
    if fmt == "json":
        return as_json(audit, findings, declaration, lang)
    if fmt == "html":
        return html(audit, findings, declaration, lang)
    return text(audit, findings, declaration, lang, colour=colour)
