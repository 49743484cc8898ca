"""What the admin's overview shows, gathered from where it is kept and put in the
member of staff's words.

Each part reads one source and says what it counts:

- requests: the open requests (``Requests.list``), overdue ones first;
- complaints and breaches: the registers' own views, with their clocks
  (``registers.complaints``, ``registers.breaches``);
- Art. 19 tasks: ``Requests.tasks``;
- the checker's findings on the declaration file (``declaration.lint.check``), run
  again only when the file changes (its path, size and modification time);
- consent given and withdrawn per purpose and period: ``consent.figures``;
- the last retention runs: the audit entries that close a run of the datastores'
  sweep (``retention.run``) and of Waarborg's own (``own_retention.run``), found
  through their ``job_runs`` rows, and a run that failed or runs now;
- the audit log: its head, the newest checkpoint file, and what the worker's
  ``audit-checkpoint`` job recorded at its last check. The chain is not verified on
  a page view: the page says what was checked, and when.

Nothing here writes; every figure is read at the moment the page is asked for.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n, staff_notices
from ...audit import chain
from ...audit import checkpoint as checkpoints
from ...consent import figures
from ...consent.cookies import category_of
from ...declaration.lint import Finding, check
from ...declaration.model import Declaration
from ...errors import WaarborgError
from ...registers.breaches import CLOCK_STATES, Breaches
from ...registers.complaints import Complaints
from ...retention import runs as retention_runs
from ...store import sweep as own_sweep
from ...store.enums import ConsentState, JobStatus
from ...store.models import AuditEntry, JobRun, WorkerSchedule
from ..state import Web

__all__ = ["FIRST", "Findings", "chart_frame", "findings_of", "gather"]

ZONE = ZoneInfo("Europe/Amsterdam")
#: How many items of each kind the overview lists (the full page lists them all).
FIRST = 5
#: "Soon": a deadline within this time.
SOON = timedelta(days=7)
#: How many periods the consent chart shows.
PERIODS = {"week": 12, "month": 12}
#: The worker's job that checks the audit chain and writes checkpoints.
CHECKPOINT_JOB = "audit-checkpoint"
_RUN_ACTIONS = {"retention.run": "datastores", "own_retention.run": "own"}
_RUN_JOBS = {retention_runs.JOB: "datastores", own_sweep.JOB: "own"}
#: What Waarborg's own sweep deletes, each with its words (``retention.own_kinds``).
OWN_KINDS = (*own_sweep.PERIODS, "exports")


def _w(key: str, lang: str, **values: Any) -> str:
    return i18n.t(f"admin_overview.{key}", lang, **values)


def _n(key: str, n: int, lang: str) -> str:
    """``key_one`` for one, else ``key`` with ``{n}`` filled in."""
    return _w(f"{key}_one", lang) if n == 1 else _w(key, lang, n=i18n.format_number(n, lang))


def _date(value: datetime, lang: str) -> str:
    return i18n.format_date(value.astimezone(ZONE), lang)


def _moment(value: datetime, lang: str) -> str:
    return i18n.format_datetime(value, lang)


def days_words(due: datetime, now: datetime, lang: str) -> str:
    """``nog 3 dagen`` / ``2 dagen te laat``: whole days, none rounded up."""
    if now > due:
        late = (now - due) // timedelta(days=1)
        return _w("days.late_less", lang) if late == 0 else _n("days.late", late, lang)
    left = (due - now) // timedelta(days=1)
    return _w("days.left_less", lang) if left == 0 else _n("days.left", left, lang)


def hours_words(due: datetime, now: datetime, lang: str) -> str:
    """``nog 41 uur`` / ``te laat, 5 uur over de 72 uur``: whole hours, none rounded up."""
    if now > due:
        late = (now - due) // timedelta(hours=1)
        return _w("hours.late_less", lang) if late == 0 else _n("hours.late", late, lang)
    left = (due - now) // timedelta(hours=1)
    return _w("hours.left_less", lang) if left == 0 else _n("hours.left", left, lang)


# --- requests, registers, tasks ---------------------------------------------------------


def _requests(shared: Web, now: datetime, lang: str) -> dict[str, Any]:
    views = shared.requests.list(open_only=True)
    views.sort(key=lambda v: (not v.overdue, v.due, v.received_at))
    overdue = sum(1 for v in views if v.overdue)
    soon = sum(1 for v in views if not v.overdue and v.due <= now + SOON)
    rows = [
        {
            "public_id": v.public_id,
            "right": _w(f"requests.kinds.{v.kind}", lang),
            "status": _w(f"requests.status.{v.status.value}", lang),
            "stopped": v.last_error is not None,
            "received": _date(v.received_at, lang),
            "due": _date(v.due, lang),
            "extended": v.extended_until is not None,
            "left": days_words(v.due, now, lang),
            "overdue": v.overdue,
            "soon": not v.overdue and v.due <= now + SOON,
        }
        for v in views[:FIRST]
    ]
    return {"open": len(views), "overdue": overdue, "soon": soon, "rows": rows}


def _complaints(shared: Web, now: datetime, lang: str) -> dict[str, Any]:
    views = Complaints(shared.database, shared.declaration, shared.settings).list(open_only=True)
    rows = []
    for v in views[:FIRST]:
        if v.due is None or v.clock is None:
            clock = _w("registers.clock_none", lang)
            left = ""
        else:
            clock = _w(f"registers.clock_{v.clock}", lang, date=_date(v.due, lang))
            left = days_words(v.due, now, lang)
        rows.append(
            {
                "public_id": v.public_id,
                "what": _w("registers.complaint_item", lang, date=_date(v.received_at, lang)),
                "clock": clock,
                "left": left,
                "overdue": v.overdue,
            }
        )
    return {
        "open": len(views),
        "overdue": sum(1 for v in views if v.overdue),
        "rows": rows,
    }


def _breaches(shared: Web, now: datetime, lang: str) -> dict[str, Any]:
    views = Breaches(shared.database, shared.declaration, shared.settings).list(open_only=True)
    # the running clocks first, the one that ends first at the top
    views.sort(key=lambda v: (v.state not in CLOCK_STATES, v.authority_deadline))
    rows = []
    for v in views[:FIRST]:
        running = v.state in CLOCK_STATES
        rows.append(
            {
                "public_id": v.public_id,
                "title": v.title,
                "state": _w(f"registers.breach_state.{v.state}", lang),
                "deadline": (
                    _w(
                        "registers.breach_deadline",
                        lang,
                        moment=_moment(v.authority_deadline, lang),
                    )
                    if running
                    else ""
                ),
                "left": hours_words(v.authority_deadline, now, lang) if running else "",
                "overdue": v.overdue,
            }
        )
    return {
        "open": len(views),
        "clock": sum(1 for v in views if v.state in CLOCK_STATES),
        "rows": rows,
    }


def _tasks(shared: Web, lang: str) -> dict[str, Any]:
    tasks = shared.requests.tasks()
    rows = [
        _w(
            "tasks.item",
            lang,
            recipient=task.recipient_name,
            right=_w(f"requests.kinds.{task.request_kind}", lang),
            date=_date(task.created_at, lang),
        )
        for task in tasks[:FIRST]
    ]
    summary = _n("tasks.count", len(tasks), lang) if tasks else ""
    return {"open": len(tasks), "summary": summary, "rows": rows}


def _notices(shared: Web, lang: str) -> list[dict[str, str]]:
    """The newest notices e-mailed to staff: what happened, when, and who was told."""
    with shared.database.read() as session:
        sent = staff_notices.recent(session, limit=FIRST)
    return [
        {
            "text": notice.text(lang),
            "at": _moment(notice.at, lang),
            "path": notice.path,
            "told": (
                _w("notices.fallback", lang)
                if notice.fallback
                else i18n.format_list(notice.told, lang)
                if notice.told
                else ""
            ),
        }
        for notice in sent
    ]


# --- the checker's findings ----------------------------------------------------------------


@dataclass(frozen=True)
class Findings:
    """The checker's findings on one version of the declaration."""

    checked_at: datetime
    #: The file checked, its modification time; None for a declaration with no file.
    file: str | None
    changed_at: datetime | None
    findings: tuple[Finding, ...] = ()
    #: The file could not be loaded: the loader's messages.
    problems: tuple[str, ...] = ()

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


_CACHE: dict[Any, Findings] = {}
_CACHE_LOCK = threading.Lock()


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def findings_of(declaration: Declaration, now: datetime) -> Findings:
    """The checker's findings on the declaration's file as it is now, run again only
    when the file changed (its size or modification time); a declaration without a
    file (built in code) is checked once."""
    from ...declaration.loader import load

    source = declaration.source
    path = Path(source.file) if source is not None and source.file else None
    key = _file_key(path) if path is not None else None
    cache_key: Any = key if key is not None else ("loaded", id(declaration))
    with _CACHE_LOCK:
        found = _CACHE.get(cache_key)
        if found is not None:
            return found
        if key is None or path is None:
            found = Findings(now, None, None, tuple(check(declaration)))
        else:
            changed = datetime.fromtimestamp(key[1] / 1e9, ZONE)
            try:
                current = load(path)
            except WaarborgError as exc:
                problems = getattr(exc, "problems", None) or []
                messages = tuple(str(getattr(p, "message", p)) for p in problems) or (str(exc),)
                found = Findings(now, path.name, changed, problems=messages)
            else:
                found = Findings(now, path.name, changed, tuple(check(current)))
        # one entry per file: the versions before this one are of no more use
        for old in [k for k in _CACHE if k[0] == cache_key[0]]:
            del _CACHE[old]
        _CACHE[cache_key] = found
        return found


def _article(article: str, lang: str) -> str:
    """``13(1)(a)`` as ``artikel 13(1)(a) AVG``; another law's article as it is written."""
    if article[:1].isdigit():
        return _w("findings.article_gdpr", lang, article=article)
    return article


def _findings(shared: Web, now: datetime, lang: str) -> dict[str, Any]:
    found = findings_of(shared.declaration, now)
    counts = {s: found.count(s) for s in ("error", "warning", "info")}
    shown = [f for f in found.findings if f.severity in ("error", "warning")][:FIRST]
    if found.file is not None and found.changed_at is not None:
        counted = _w(
            "findings.counted",
            lang,
            file=found.file,
            changed=_moment(found.changed_at, lang),
            checked=_moment(found.checked_at, lang),
        )
    else:
        counted = _w("findings.counted_loaded", lang, checked=_moment(found.checked_at, lang))
    return {
        "broken": _w("findings.broken", lang, file=found.file) if found.problems else "",
        "problems": list(found.problems[:FIRST]),
        "counted": counted,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "rows": [
            {
                "severity": f.severity.value,
                "severity_words": _w(f"findings.severity.{f.severity.value}", lang),
                "message": f.text(lang),
                "article": _article(f.article, lang),
                "line": f.location.line,
            }
            for f in shown
        ],
    }


# --- consent per purpose ---------------------------------------------------------------


@dataclass
class Chart:
    """One purpose's consent chart: its bars and the same figures for the table."""

    purpose: str
    label: str
    given: list[int]
    withdrawn: list[int]
    periods: list[str]
    bars: list[dict[str, Any]] = field(default_factory=list)
    top: int = 0
    ticks: list[dict[str, Any]] = field(default_factory=list)


#: The chart's drawing area, in SVG units (the SVG scales to the page's width).
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 200, 40, 36, 12


def _purpose_label(declaration: Declaration, purpose: str, lang: str) -> str:
    category = category_of(purpose)
    if category is not None:
        try:
            words = i18n.t(f"statement.cookie_category.{category}", lang)
        except i18n.WordingError:
            words = category
        return _w("consents.cookie_purpose", lang, category=words)
    declared = declaration.purposes.get(purpose)
    if declared is not None and declared.label is not None:
        return declared.label.get(lang)
    return purpose.replace("_", " ")


def _period_label(start: date, unit: str, lang: str) -> str:
    """A period as the table names it: ``2 mrt. 2026`` (the week's Monday), ``maart 2026``."""
    return i18n.format_date(start, lang, "d MMM yyyy" if unit == "week" else "MMMM yyyy")


def _axis(starts: tuple[date, ...], unit: str, lang: str) -> list[dict[str, Any]]:
    """The x-axis' labels, centred under their period: every other week (``2 mrt``),
    counted back from the last; every month (``mrt`` over ``2026``)."""
    slot = (WIDTH - LEFT - 8) / len(starts)
    last = len(starts) - 1
    return [
        {
            "x": round(LEFT + slot * (index + 0.5), 1),
            "first": i18n.format_date(start, lang, "d MMM" if unit == "week" else "MMM"),
            "second": (
                i18n.format_date(start, lang, "yyyy")
                if unit == "month" and (index == 0 or start.month == 1)
                else ""
            ),
        }
        for index, start in enumerate(starts)
        if unit == "month" or (last - index) % 2 == 0
    ]


def chart_frame() -> dict[str, int]:
    """The chart's drawing area, for the template."""
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": BOTTOM, "top": TOP}


def _round_up(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, 100... that is at least ``value``."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def _draw(chart: Chart) -> None:
    """The bars of ``chart``: per period, given and withdrawn side by side."""
    count = len(chart.periods)
    top = max([*chart.given, *chart.withdrawn, 1])
    chart.top = _round_up(top)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / count
    bar = slot * 0.36
    for index in range(count):
        x = LEFT + index * slot + slot * 0.14
        for offset, (kind, value) in enumerate(
            (("given", chart.given[index]), ("withdrawn", chart.withdrawn[index]))
        ):
            height = plot_h * value / chart.top
            chart.bars.append(
                {
                    "kind": kind,
                    "x": round(x + offset * bar, 1),
                    "y": round(TOP + plot_h - height, 1),
                    "width": round(bar - 1, 1),
                    "height": round(height, 1),
                    "value": value,
                }
            )
    chart.ticks = [
        {"y": round(TOP + plot_h - plot_h * part, 1), "label": round(chart.top * part)}
        for part in (0, 0.5, 1)
        if part == 0 or chart.top * part == int(chart.top * part)
    ]


def _consents(shared: Web, now: datetime, lang: str, unit: figures.Period) -> dict[str, Any]:
    spans = figures.periods(now, unit, PERIODS[unit])
    with shared.database.read() as session:
        given = figures.counts(session, ConsentState.GIVEN, spans)
        withdrawn = figures.counts(session, ConsentState.WITHDRAWN, spans)
    declared = list(shared.declaration.purposes)
    found = set(given.by_purpose) | set(withdrawn.by_purpose)
    order = [p for p in declared if p in found] + sorted(found - set(declared))
    labels = [_period_label(start, unit, lang) for start in spans.starts]
    charts: list[dict[str, Any]] = []
    for purpose in order:
        chart = Chart(
            purpose=purpose,
            label=_purpose_label(shared.declaration, purpose, lang),
            given=given.by_purpose.get(purpose, [0] * len(spans)),
            withdrawn=withdrawn.by_purpose.get(purpose, [0] * len(spans)),
            periods=labels,
        )
        _draw(chart)
        total_given, total_withdrawn = sum(chart.given), sum(chart.withdrawn)
        charts.append(
            {
                "chart": chart,
                "id": f"consent-{len(charts) + 1}",
                "title": _w("consents.chart_title", lang, purpose=chart.label),
                "desc": _w(
                    f"consents.chart_desc_{unit}",
                    lang,
                    first=labels[0],
                    last=labels[-1],
                    given=i18n.format_number(total_given, lang),
                    withdrawn=i18n.format_number(total_withdrawn, lang),
                    top=i18n.format_number(max([*chart.given, *chart.withdrawn]), lang),
                ),
                "totals": _w(
                    "consents.totals",
                    lang,
                    given=i18n.format_number(total_given, lang),
                    withdrawn=i18n.format_number(total_withdrawn, lang),
                ),
                "caption": _w("consents.table_caption", lang, purpose=chart.label),
            }
        )
    return {
        "unit": unit,
        "count": len(spans),
        "counted": _w(f"consents.counted_{unit}", lang, n=len(spans)),
        "none": _w(f"consents.none_{unit}", lang, n=len(spans)),
        "charts": charts,
        "axis": _axis(spans.starts, unit, lang),
    }


# --- retention runs ---------------------------------------------------------------------


def _retention_rows(
    session: Session, declaration: Declaration, lang: str
) -> tuple[list[dict[str, Any]], list[str], set[str]]:
    jobs = session.execute(
        select(JobRun.id, JobRun.job, JobRun.status, JobRun.started_at, JobRun.finished_at).where(
            JobRun.job.in_(list(_RUN_JOBS))
        )
    ).all()
    notes: list[str] = []
    seen = {_RUN_JOBS[job.job] for job in jobs}
    for job in sorted(jobs, key=lambda j: j.id):
        what = _w(f"retention.{_RUN_JOBS[job.job]}", lang)
        if job.status == JobStatus.FAILED and job.finished_at is not None:
            notes.append(
                _w("retention.failed", lang, what=what, moment=_moment(job.finished_at, lang))
            )
        elif job.status == JobStatus.RUNNING:
            notes.append(
                _w("retention.running", lang, what=what, moment=_moment(job.started_at, lang))
            )
    subjects = [f"job_run:{job.id}" for job in jobs]
    entries = (
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject.in_(subjects), AuditEntry.action.in_(list(_RUN_ACTIONS)))
            .order_by(AuditEntry.seq.desc())
            .limit(FIRST)
        ).all()
        if subjects
        else []
    )
    rows = [_run_row(entry, declaration, lang) for entry in entries]
    return rows, notes, seen


def _run_row(entry: AuditEntry, declaration: Declaration, lang: str) -> dict[str, Any]:
    data = json.loads(entry.data)
    kind = _RUN_ACTIONS[entry.action]
    lines: list[str] = []
    if kind == "datastores":
        summary = _w(
            "retention.removed",
            lang,
            deleted=i18n.format_number(int(data.get("deleted") or 0), lang),
            anonymised=i18n.format_number(int(data.get("anonymised") or 0), lang),
        )
        by_rule: dict[str, int] = {}
        not_swept: list[str] = []
        requested: list[str] = []
        for table in (data.get("tables") or {}).values():
            if isinstance(table, dict) and table.get("changed") and table.get("requested"):
                requested.append(
                    _w(
                        "retention.requested_line",
                        lang,
                        service=str(table.get("service")),
                        n=i18n.format_number(int(table["changed"]), lang),
                    )
                )
            elif isinstance(table, dict) and table.get("changed"):
                rule = str(table.get("rule"))
                by_rule[rule] = by_rule.get(rule, 0) + int(table["changed"])
            reason = table.get("reason") if isinstance(table, dict) else None
            if isinstance(reason, str) and reason.startswith("processor_"):
                values = {str(k): str(v) for k, v in (table.get("reason_values") or {}).items()}
                why = i18n.t(f"retention.skipped.{reason}", lang, **values)
                not_swept.append(i18n.t("retention.not_swept", lang, why=why))
        for rule, changed in by_rule.items():
            declared = declaration.retention.get(rule)
            label = (
                declared.label.get(lang)
                if declared is not None and declared.label is not None
                else rule.replace("_", " ")
            )
            lines.append(
                _w("retention.rule_line_one", lang, rule=label)
                if changed == 1
                else _w(
                    "retention.rule_line",
                    lang,
                    rule=label,
                    changed=i18n.format_number(changed, lang),
                )
            )
        lines += requested + not_swept
    else:
        deleted = data.get("deleted") or {}
        parts = [
            _n(f"retention.own_kinds.{name}", int(number), lang)
            for name, number in deleted.items()
            if number and name in OWN_KINDS
        ]
        summary = i18n.format_list(parts, lang) if parts else _w("retention.own_nothing", lang)
    return {
        "moment": _moment(entry.at, lang),
        "what": _w(f"retention.{kind}", lang),
        "summary": summary,
        "lines": lines,
    }


def _retention(shared: Web, lang: str) -> dict[str, Any]:
    with shared.database.read() as session:
        rows, notes, seen = _retention_rows(session, shared.declaration, lang)
    extra = []
    if not shared.declaration.datastores:
        extra.append(_w("retention.no_datastores", lang))
    elif "datastores" not in seen and rows:
        extra.append(_w("retention.datastores_none", lang))
    return {"rows": rows, "notes": notes + extra}


# --- the audit log ----------------------------------------------------------------------


def _audit(shared: Web, lang: str) -> dict[str, Any]:
    settings = shared.settings
    lines: list[str] = []
    technical = None
    with shared.database.read() as session:
        seq, _digest = chain.head(session)
        last_at = (
            session.scalar(select(AuditEntry.at).where(AuditEntry.seq == seq)) if seq else None
        )
        job = session.scalar(select(WorkerSchedule).where(WorkerSchedule.job == CHECKPOINT_JOB))
        ran = (job.status, job.finished_at, dict(job.result or {}), job.error) if job else None
    if seq and last_at is not None:
        lines.append(_w("audit.head", lang, seq=seq, moment=_moment(last_at, lang)))
    else:
        lines.append(_w("audit.empty", lang))
    try:
        newest = checkpoints.latest(settings.audit_checkpoint_dir)
    except (WaarborgError, OSError):
        lines.append(_w("audit.checkpoint_unreadable", lang))
    else:
        if newest is None:
            lines.append(_w("audit.checkpoint_none", lang))
        else:
            key = checkpoints.checkpoint_key(settings.ensure_secret_key().get_secret_value())
            if checkpoints.signature_problem(newest, key) is not None:
                lines.append(_w("audit.checkpoint_unsigned", lang, file=newest.source))
            else:
                lines.append(
                    _w(
                        "audit.checkpoint",
                        lang,
                        seq=newest.seq,
                        moment=_moment(newest.at, lang),
                    )
                )
    state = "never"
    if ran is None or ran[1] is None or ran[0] == JobStatus.RUNNING:
        lines.append(_w("audit.never", lang))
    else:
        status, finished, result, error = ran
        assert finished is not None
        moment = _moment(finished, lang)
        if status == JobStatus.FAILED:
            broken = (error or "").startswith("AuditError")
            state = "broken" if broken else "failed"
            lines.append(_w(f"audit.{state}", lang, moment=moment))
            technical = error
        elif result.get("status") == "empty":
            state = "empty"
            lines.append(_w("audit.checked_empty", lang, moment=moment))
        elif "checked_from" in result:
            state = "checked"
            lines.append(
                _w(
                    "audit.checked",
                    lang,
                    moment=moment,
                    first=result["checked_from"],
                    last=result.get("seq"),
                )
            )
        else:
            state = "first"
            lines.append(_w("audit.checked_first", lang, moment=moment, seq=result.get("seq")))
    return {"lines": lines, "state": state, "technical": technical}


# --- the cookie audit -------------------------------------------------------------------

#: The worker's job that audits the website for cookies and trackers.
COOKIE_AUDIT_JOB = "cookie-audit"


def _cookie_audit(shared: Web, lang: str) -> dict[str, Any]:
    """The last scheduled cookie audit: when, of which site, and how many findings."""
    url = shared.settings.cookie_audit_url
    with shared.database.read() as session:
        job = session.scalar(select(WorkerSchedule).where(WorkerSchedule.job == COOKIE_AUDIT_JOB))
        ran = (job.status, job.finished_at, dict(job.result or {}), job.error) if job else None
    if not url:
        return {"lines": [_w("cookie_audit.off", lang)], "state": "off", "technical": None}
    if ran is None or ran[1] is None or ran[0] == JobStatus.RUNNING:
        return {
            "lines": [_w("cookie_audit.never", lang, url=url)],
            "state": "never",
            "technical": None,
        }
    status, finished, result, error = ran
    assert finished is not None
    moment = _moment(finished, lang)
    if status == JobStatus.FAILED:
        return {
            "lines": [_w("cookie_audit.failed", lang, moment=moment, url=url)],
            "state": "failed",
            "technical": error,
        }
    if result.get("status") != "done":
        return {
            "lines": [_w("cookie_audit.never", lang, url=url)],
            "state": "never",
            "technical": None,
        }
    total = result.get("counts", {})
    errors = int(total.get("error", 0))
    line = _w(
        "cookie_audit.done",
        lang,
        moment=moment,
        url=result.get("url", url),
        errors=errors,
        warnings=int(total.get("warning", 0)),
        infos=int(total.get("info", 0)),
    )
    return {"lines": [line], "state": "errors" if errors else "done", "technical": None}


# --- all of it --------------------------------------------------------------------------


def gather(shared: Web, now: datetime, lang: str, unit: figures.Period) -> dict[str, Any]:
    """Everything the overview shows, in ``lang``, as of ``now``."""
    return {
        "as_of": _w("as_of", lang, moment=_moment(now, lang)),
        "requests": _requests(shared, now, lang),
        "complaints": _complaints(shared, now, lang),
        "breaches": _breaches(shared, now, lang),
        "tasks": _tasks(shared, lang),
        "notices": _notices(shared, lang),
        "findings": _findings(shared, now, lang),
        "consents": _consents(shared, now, lang, unit),
        "retention": _retention(shared, lang),
        "audit": _audit(shared, lang),
        "cookie_audit": _cookie_audit(shared, lang),
    }
