"""A breach in rows of words, for the admin pages and the spreadsheet: its facts, its
audit trail, and the register as CSV, each in the reader's language
(:class:`~waarborg.web.admin.breach_words.BreachWords`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ...registers.breaches import BreachView
from .breach_words import BreachWords

__all__ = ["facts", "register_csv", "trail"]


def trail(entries: list[dict[str, Any]], w: BreachWords) -> list[dict[str, str]]:
    """The audit trail in words: who did what, when (and the entry's hash)."""
    rows = []
    for entry in entries:
        step = str(entry["action"]).removeprefix("breach.")
        data = entry.get("data") or {}
        if step == "updated":
            fields = [w.field(str(name)) for name in data.get("fields", [])]
            what = w.t("breach.actions_done.updated", fields=w.listing(fields))
        elif step == "decided":
            what = w.t("breach.actions_done.decided", risk=w.risk(data.get("risk")))
        elif step == "notified":
            reference = str(data.get("reference", ""))
            what = w.t("breach.actions_done.notified", reference=reference)
        elif step == "subjects_told":
            what = w.t("breach.actions_done.subjects_told", how=str(data.get("how", "")))
        elif step == "recorded":
            what = w.t("breach.actions_done.recorded")
        else:
            what = w.t("breach.actions_done.other")
        rows.append(
            {
                "seq": w.number(entry["seq"]),
                "at": w.moment(entry["at"]),
                "who": w.actor(str(entry["actor"])),
                "what": what,
                "hash": str(entry["hash"]),
            }
        )
    return rows


def _people(view: BreachView, w: BreachWords) -> str:
    most = view.details.get("subjects_max")
    parts = []
    if view.subjects_estimate is not None:
        parts.append(w.t("breach.subjects_about", count=w.number(view.subjects_estimate)))
    if most is not None:
        parts.append(w.t("breach.subjects_at_most", count=w.number(most)))
    return w.listing(parts)


def _abroad(view: BreachView, w: BreachWords) -> str | None:
    cross = view.details.get("cross_border")
    if cross is None:
        return None
    countries = [w.country(code) for code in view.details.get("countries") or []]
    return w.yes_no(cross) + (f": {w.listing(countries)}" if countries else "")


def _notice(view: BreachView, w: BreachWords) -> str | None:
    if view.authority_notified_at is None:
        return None
    notified = w.t(
        "breach.notified_on",
        date=w.moment(view.authority_notified_at),
        reference=view.authority_reference or "",
    )
    if view.late:
        notified += " " + w.t("breach.late", reason=view.late_reason or "")
    return notified


def facts(view: BreachView, w: BreachWords) -> list[tuple[str, str | None]]:
    """The breach's facts as (label, words); the words None where nothing is recorded."""
    details = view.details

    def label(key: str) -> str:
        return w.t(f"breach.facts.{key}")

    rows: list[tuple[str, str | None]] = [
        (label("aware_at"), w.moment(view.aware_at)),
        (label("deadline"), w.moment(view.authority_deadline)),
        (label("occurred_at"), w.moment(view.occurred_at) or None),
        (label("occurred_until"), w.moment(details.get("occurred_until")) or None),
        (label("contained_at"), w.moment(view.contained_at) or None),
        (label("kinds"), w.kinds(details.get("kinds") or [], details.get("kinds_other")) or None),
        (label("impact"), w.phrase(w.impact(i) for i in details.get("impact") or []) or None),
        (
            label("categories"),
            w.categories(view.categories, details.get("categories_other"), special=True) or None,
        ),
        (
            label("subject_types"),
            w.subjects(view.subject_types, details.get("subject_types_other")) or None,
        ),
        (label("subjects"), _people(view, w) or None),
        (label("records"), w.number(view.records_estimate) or None),
        (label("unintelligible"), w.yes_no(details.get("unintelligible")) or None),
        (label("cross_border"), _abroad(view, w)),
        (label("processor"), details.get("processor")),
        (label("contact"), view.contact),
        (label("risk"), w.risk(view.risk)),
    ]
    if view.decision_reason:
        rows.append((label("reason"), view.decision_reason))
    if details.get("exemption"):
        rows.append((label("exemption"), w.exemption(details["exemption"])))
    notice = _notice(view, w)
    if notice is not None:
        rows.append((label("notified"), notice))
    if view.subjects_notified_at is not None:
        how = str(details.get("subjects_notice") or "")
        told = w.t("breach.told_on", date=w.moment(view.subjects_notified_at), how=how)
        rows.append((label("told"), told))
    return rows


# --- the register as CSV ---------------------------------------------------------------

#: The register's columns (Art. 33(5): the facts, the effects, the remedial action).
_COLUMNS = (
    "reference title aware_at occurred_at contained_at kinds categories special_categories "
    "subject_types subjects_estimate records_estimate consequences measures risk "
    "notify_authority notify_subjects reason deadline notified_at reference_ap late_reason "
    "subjects_notified_at state"
).split()


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return first)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _row(view: BreachView, w: BreachWords) -> dict[str, str]:
    details = view.details
    return {
        "reference": view.public_id,
        "title": view.title,
        "aware_at": w.moment(view.aware_at),
        "occurred_at": w.moment(view.occurred_at),
        "contained_at": w.moment(view.contained_at),
        "kinds": w.kinds(details.get("kinds") or [], details.get("kinds_other")),
        "categories": w.categories(view.categories, details.get("categories_other")),
        "special_categories": w.categories(view.special_categories),
        "subject_types": w.subjects(view.subject_types, details.get("subject_types_other")),
        "subjects_estimate": w.number(view.subjects_estimate),
        "records_estimate": w.number(view.records_estimate),
        "consequences": view.consequences or "",
        "measures": view.measures or "",
        "risk": w.risk(view.risk) if view.risk else "",
        "notify_authority": w.yes_no(view.notify_authority),
        "notify_subjects": w.yes_no(view.notify_subjects),
        "reason": view.decision_reason or "",
        "deadline": w.moment(view.authority_deadline),
        "notified_at": w.moment(view.authority_notified_at),
        "reference_ap": view.authority_reference or "",
        "late_reason": view.late_reason or "",
        "subjects_notified_at": w.moment(view.subjects_notified_at),
        "state": w.state(view.state),
    }


def register_csv(views: list[BreachView], w: BreachWords) -> str:
    """The register as CSV in the reader's words, one row per breach: for a spreadsheet,
    so no cell is ever taken for a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([w.t(f"csv.columns.{name}") for name in _COLUMNS])
    for view in views:
        row = _row(view, w)
        writer.writerow([_cell(row[name]) for name in _COLUMNS])
    return out.getvalue()
