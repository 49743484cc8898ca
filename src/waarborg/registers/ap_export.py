"""A breach as the Dutch authority's notification form asks for it ("meldformulier
datalekken" of the Autoriteit Persoonsgegevens), and the breach register as CSV.

The form is filled in on the authority's website; this export gathers the answers
in the form's order, so staff can copy them over and keep what was sent: who
notifies and the contact point, what happened and when, what kind of breach, how
many people and records, which data (special categories named), the likely
consequences, the measures, whether the data was unintelligible, whether and how
the people were told, cross-border aspects, the decision with its reasoning
(Art. 33(5)), and the notice itself: its number, and the reasons for a late one.

``answers`` gives the structure (JSON); ``markdown`` and ``html`` the readable
version in Dutch or English; ``register_csv`` one row per breach.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import escape

from .. import catalogue, clock
from ..declaration.model import Declaration
from .breaches import BreachView

__all__ = ["FORM", "answers", "html", "markdown", "register_csv"]

FORM = "Autoriteit Persoonsgegevens: meldformulier datalekken"
ZONE = ZoneInfo("Europe/Amsterdam")

#: Section and question titles, in the form's order: key -> (nl, en).
_TITLES: dict[str, tuple[str, str]] = {
    "reporter": ("Melder", "Who notifies"),
    "organisation": ("Organisatie", "Organisation"),
    "kvk": ("KvK-nummer", "Chamber of Commerce number"),
    "address": ("Adres", "Address"),
    "role": ("Rol", "Role"),
    "contact": ("Contactpunt voor meer informatie", "Contact point for more information"),
    "processor": ("Bij welke verwerker", "At which processor"),
    "breach": ("Het datalek", "The breach"),
    "summary": ("Samenvatting", "Summary"),
    "description": ("Wat is er gebeurd", "What happened"),
    "occurred_at": ("Begin van het datalek", "When the breach began"),
    "occurred_until": ("Einde van het datalek", "When the breach ended"),
    "ongoing": ("Is het datalek nog gaande", "Is the breach ongoing"),
    "aware_at": ("Ontdekt op", "Discovered on"),
    "contained_at": ("Gestopt op", "Stopped on"),
    "kinds": ("Soort datalek", "Kind of breach"),
    "kinds_other": ("Ander soort datalek, namelijk", "Another kind of breach, namely"),
    "impact": ("Gevolgen voor de gegevens", "What it did to the data"),
    "people": ("Betrokkenen", "People affected"),
    "subjects_estimate": ("Aantal personen (ongeveer)", "Number of people (about)"),
    "subjects_max": ("Aantal personen (hoogstens)", "Number of people (at most)"),
    "subject_types": ("Groepen personen", "Groups of people"),
    "subject_types_other": ("Andere groep personen, namelijk", "Another group of people, namely"),
    "data": ("Persoonsgegevens", "Personal data"),
    "categories": ("Soorten persoonsgegevens", "Kinds of personal data"),
    "categories_other": ("Andere persoonsgegevens, namelijk", "Other personal data, namely"),
    "special_categories": (
        "Bijzondere of strafrechtelijke persoonsgegevens",
        "Special categories or criminal data",
    ),
    "records_estimate": ("Aantal records (ongeveer)", "Number of records (about)"),
    "consequences": ("Gevolgen", "Consequences"),
    "likely": ("Mogelijke gevolgen voor de betrokkenen", "Likely consequences for the people"),
    "measures": ("Maatregelen", "Measures"),
    "taken": ("Genomen of voorgenomen maatregelen", "Measures taken or proposed"),
    "mitigation": ("Maatregelen om de gevolgen te beperken", "Measures to mitigate the effects"),
    "protection": ("Technische bescherming", "Technical protection"),
    "unintelligible": (
        "Waren de gegevens versleuteld of anderszins onbegrijpelijk",
        "Was the data encrypted or otherwise unintelligible",
    ),
    "subjects": ("Informeren van de betrokkenen", "Telling the people affected"),
    "notify_subjects": ("Worden de betrokkenen geïnformeerd", "Are the people told"),
    "subjects_notified_at": ("Geïnformeerd op", "Told on"),
    "subjects_notice": ("Hoe", "How"),
    "exemption": ("Waarom niet (artikel 34, lid 3)", "Why not (Article 34(3))"),
    "international": ("Internationale aspecten", "Cross-border aspects"),
    "cross_border": (
        "Zijn er betrokkenen in andere EU/EER-landen",
        "Are people in other EU/EEA countries affected",
    ),
    "countries": ("Welke landen", "Which countries"),
    "decision": ("Besluit (artikel 33, lid 5)", "Decision (Article 33(5))"),
    "risk": ("Risico voor de betrokkenen", "Risk to the people"),
    "notify_authority": ("Melden bij de toezichthouder", "Notify the supervisory authority"),
    "reason": ("Onderbouwing", "Reasoning"),
    "notice": ("Melding", "The notice"),
    "deadline": ("Uiterlijk melden (72 uur)", "Notify by (72 hours)"),
    "notified_at": ("Gemeld op", "Notified on"),
    "reference": ("Meldnummer", "Notification number"),
    "late_reason": ("Reden van de vertraging", "Reasons for the delay"),
}
_VALUES: dict[str, tuple[str, str]] = {
    "lost_or_stolen": ("verloren of gestolen apparaat, gegevensdrager of papier",
                       "lost or stolen device, storage medium or paper"),
    "wrong_recipient": ("naar de verkeerde ontvanger gestuurd", "sent to the wrong recipient"),
    "hacking": ("hacking, malware of phishing", "hacking, malware or phishing"),
    "published": ("per ongeluk gepubliceerd of gedeeld", "published or shared by mistake"),
    "unauthorised_access": ("toegang door een onbevoegde", "access by someone not allowed to"),
    "disposal": ("weggegooid zonder de gegevens te vernietigen",
                 "disposed of without destroying the data"),
    "other": ("anders", "other"),
    "confidentiality": ("vertrouwelijkheid (ingezien of gedeeld)",
                        "confidentiality (seen or shared)"),
    "integrity": ("integriteit (gewijzigd)", "integrity (changed)"),
    "availability": ("beschikbaarheid (kwijt of onbereikbaar)",
                     "availability (lost or unreachable)"),
    "unlikely": ("waarschijnlijk geen risico", "unlikely to result in a risk"),
    "risk": ("risico", "a risk"),
    "high": ("hoog risico", "a high risk"),
    "unintelligible": ("de gegevens waren onbegrijpelijk gemaakt (a)",
                       "the data was made unintelligible (a)"),
    "risk_removed": ("het hoge risico is weggenomen (b)", "the high risk was removed (b)"),
    "disproportionate": ("onevenredige inspanning; openbare mededeling (c)",
                         "disproportionate effort; public communication instead (c)"),
    "controller": ("verwerkingsverantwoordelijke", "controller"),
    "processor": ("verwerker", "processor"),
    "both": ("verwerkingsverantwoordelijke en verwerker", "controller and processor"),
}  # fmt: skip


#: Questions whose answers are words from ``_VALUES``.
_TRANSLATED = frozenset({"kinds", "impact", "risk", "exemption", "role"})


def _category(declaration: Declaration, key: str, lang: str) -> str:
    declared = declaration.categories.get(key)
    if declared is not None and declared.label is not None:
        return declared.label.get(lang)
    known = catalogue.categories().get(key)
    return getattr(known.label, lang) if known is not None else key


def _subject(declaration: Declaration, key: str, lang: str) -> str:
    declared = declaration.subjects.get(key)
    if declared is not None and declared.label is not None:
        return declared.label.get(lang)
    known = catalogue.subject_types().get(key)
    return getattr(known.label, lang) if known is not None else key


def answers(view: BreachView, declaration: Declaration) -> dict[str, dict[str, Any]]:
    """The form's answers by section and question; values as stored (JSON-ready)."""
    controller = declaration.controller
    details = view.details

    def at(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "reporter": {
            "organisation": controller.name,
            "kvk": controller.kvk,
            "address": controller.address.one_line() if controller.address else None,
            # The role only where the declaration states it, never the model's default.
            "role": controller.role if "role" in controller.model_fields_set else None,
            "contact": view.contact,
            "processor": details.get("processor"),
        },
        "breach": {
            "summary": view.title,
            "description": view.description,
            "occurred_at": at(view.occurred_at),
            "occurred_until": details.get("occurred_until"),
            # Over once it was stopped or ended; otherwise unknown, never a guessed "yes".
            "ongoing": False if view.contained_at or details.get("occurred_until") else None,
            "aware_at": at(view.aware_at),
            "contained_at": at(view.contained_at),
            "kinds": list(details.get("kinds") or []),
            "kinds_other": details.get("kinds_other"),
            "impact": list(details.get("impact") or []),
        },
        "people": {
            "subjects_estimate": view.subjects_estimate,
            "subjects_max": details.get("subjects_max"),
            "subject_types": view.subject_types,
            "subject_types_other": details.get("subject_types_other"),
        },
        "data": {
            "categories": view.categories,
            "categories_other": details.get("categories_other"),
            "special_categories": view.special_categories,
            "records_estimate": view.records_estimate,
        },
        "consequences": {"likely": view.consequences},
        "measures": {"taken": view.measures, "mitigation": details.get("mitigation")},
        "protection": {"unintelligible": details.get("unintelligible")},
        "subjects": {
            "notify_subjects": view.notify_subjects,
            "subjects_notified_at": at(view.subjects_notified_at),
            "subjects_notice": details.get("subjects_notice"),
            "exemption": details.get("exemption"),
        },
        "international": {
            "cross_border": details.get("cross_border"),
            "countries": list(details.get("countries") or []),
        },
        "decision": {
            "risk": view.risk,
            "notify_authority": view.notify_authority,
            "reason": view.decision_reason,
        },
        "notice": {
            "deadline": at(view.authority_deadline),
            "notified_at": at(view.authority_notified_at),
            "reference": view.authority_reference,
            "late_reason": view.late_reason,
        },
    }


def document(view: BreachView, declaration: Declaration) -> dict[str, Any]:
    """The JSON export: the form's name, the breach's id, the time, and the answers."""
    return {
        "form": FORM,
        "breach": view.public_id,
        "exported_at": clock.now().isoformat(),
        "answers": answers(view, declaration),
    }


def _shown(key: str, value: Any, declaration: Declaration, lang: str) -> str:
    index = 0 if lang == "nl" else 1
    if value is None or value == []:
        return "onbekend" if lang == "nl" else "unknown"
    if isinstance(value, bool):
        return ("ja", "yes")[index] if value else ("nee", "no")[index]
    if key in ("categories", "special_categories"):
        return ", ".join(_category(declaration, v, lang) for v in value)
    if key == "subject_types":
        return ", ".join(_subject(declaration, v, lang) for v in value)
    if isinstance(value, list):
        words = [_VALUES[v][index] if key in _TRANSLATED else str(v) for v in value]
        return ", ".join(words)
    if key in _TRANSLATED:
        return _VALUES[value][index] if value in _VALUES else str(value)
    if isinstance(value, str) and (key.endswith(("_at", "_until")) or key == "deadline"):
        moment = datetime.fromisoformat(str(value)).astimezone(ZONE)
        return moment.strftime("%Y-%m-%d %H:%M %Z")
    return str(value)


def _rows(
    view: BreachView, declaration: Declaration, lang: str
) -> list[tuple[str, list[tuple[str, str]]]]:
    index = 0 if lang == "nl" else 1
    return [
        (
            _TITLES[section][index],
            [
                (_TITLES[key][index], _shown(key, value, declaration, lang))
                for key, value in questions.items()
            ],
        )
        for section, questions in answers(view, declaration).items()
    ]


def _heading(view: BreachView, lang: str) -> str:
    return (
        f"Melding datalek: {view.title}" if lang == "nl" else f"Breach notification: {view.title}"
    )


def markdown(view: BreachView, declaration: Declaration, lang: str = "nl") -> str:
    """The answers as Markdown, section by section, in Dutch or English."""
    lines = [f"# {_heading(view, lang)}", "", f"{FORM} · {view.public_id}", ""]
    for title, rows in _rows(view, declaration, lang):
        lines += [f"## {title}", ""]
        for question, answer in rows:
            text = answer.replace("\n", "\n  ")
            lines.append(f"- **{question}:** {text}")
        lines.append("")
    return "\n".join(lines)


def html(view: BreachView, declaration: Declaration, lang: str = "nl") -> str:
    """The answers as a self-contained HTML page, in Dutch or English."""
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">',
        f"<title>{escape(_heading(view, lang))}</title>",
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .75rem;white-space:pre-wrap}</style>",
        "</head>\n<body>",
        f"<h1>{escape(_heading(view, lang))}</h1>",
        f"<p>{escape(FORM)} · <code>{escape(view.public_id)}</code></p>",
    ]
    for title, rows in _rows(view, declaration, lang):
        parts.append(f"<h2>{escape(title)}</h2>\n<dl>")
        parts += [f"<dt>{escape(q)}</dt><dd>{escape(a)}</dd>" for q, a in rows]
        parts.append("</dl>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


#: The register's columns (Art. 33(5): facts, effects and remedial action).
CSV_COLUMNS = (
    "public_id",
    "title",
    "aware_at",
    "occurred_at",
    "contained_at",
    "kinds",
    "categories",
    "special_categories",
    "subjects_estimate",
    "records_estimate",
    "consequences",
    "measures",
    "risk",
    "notify_authority",
    "notify_subjects",
    "decision_reason",
    "authority_deadline",
    "authority_notified_at",
    "authority_reference",
    "late_reason",
    "subjects_notified_at",
    "state",
)


def register_csv(views: Sequence[BreachView]) -> str:
    """The breach register as CSV, one row per breach (lists joined with ``;``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for view in views:
        row: list[str] = []
        for column in CSV_COLUMNS:
            value = view.details.get(column) if column == "kinds" else getattr(view, column)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            elif isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()
