"""The answers for the Autoriteit Persoonsgegevens' breach notification form
("meldformulier datalekken"), in words, question by question: what the admin page
``/admin/breaches/{id}/authority`` shows for staff to copy, and its text download.

The answers are ``registers.ap_export``'s (the same the command line exports), worded
by :class:`~waarborg.web.admin.breach_words.BreachWords`. A question the register holds no
answer for says so ("Nog niet vastgelegd"); one that does not apply to this breach
says that; nothing is filled in that was not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...declaration.model import Declaration
from ...registers import ap_export
from ...registers.breaches import BreachView
from .breach_words import BreachWords

__all__ = ["Answer", "Section", "sections", "text_file"]


@dataclass(frozen=True)
class Answer:
    """One question of the form and its answer in words; ``known`` when recorded."""

    key: str
    question: str
    text: str
    known: bool


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    answers: list[Answer]


#: Questions whose answer is a moment.
_MOMENTS = frozenset(
    {
        "occurred_at",
        "occurred_until",
        "aware_at",
        "contained_at",
        "subjects_notified_at",
        "deadline",
        "notified_at",
    }
)
#: "Other, namely" answers, shown inside the list they belong to.
_FOLDED = {"kinds_other": "kinds", "categories_other": "categories"}
_FOLDED |= {"subject_types_other": "subject_types"}


def _or_none(text: str) -> str | None:
    return text or None


def _worded(key: str, value: Any, found: dict[str, Any], words: BreachWords) -> str | None:
    """``value`` in words; None when nothing is recorded."""
    if isinstance(value, bool):
        return words.yes_no(value)
    if key in _MOMENTS:
        return words.moment(value) or None
    if key == "kinds":
        return _or_none(words.kinds(value, found.get("kinds_other")))
    if key == "impact":
        return _or_none(words.phrase(words.impact(item) for item in value))
    if key == "categories":
        return _or_none(words.categories(value, found.get("categories_other")))
    if key == "subject_types":
        return _or_none(words.subjects(value, found.get("subject_types_other")))
    if key == "special_categories":
        return _or_none(words.categories(value, special=True))
    if key == "countries":
        return words.listing(words.country(code) for code in value) or None
    if key == "role":
        return words.role(value) if value else None
    if key == "risk":
        return words.risk(value) if value else None
    if key == "exemption":
        return words.exemption(value) if value else None
    if isinstance(value, int):
        return words.number(value)
    if isinstance(value, list):
        return words.listing(str(item) for item in value) or None
    return str(value) if value not in (None, "") else None


def _missing(key: str, view: BreachView, found: dict[str, Any], words: BreachWords) -> str:
    """What an empty answer says: not applicable to this breach, or not recorded."""
    applies = "authority.not_applicable"
    if key == "special_categories" and found.get("categories"):
        return words.t("authority.no_special")
    if key == "countries" and found.get("cross_border") is False:
        return words.t(applies)
    if key in ("subjects_notified_at", "subjects_notice") and view.notify_subjects is False:
        return words.t(applies)
    if key == "exemption" and view.notify_subjects:
        return words.t(applies)
    if key in ("notified_at", "reference"):
        if view.notify_authority is False:
            return words.t(applies)
        return words.t("authority.not_notified")
    if key == "late_reason" and not (view.late or view.overdue):
        return words.t(applies)  # notified in time, or the 72 hours still run
    return words.t("authority.not_recorded")


def sections(view: BreachView, declaration: Declaration, words: BreachWords) -> list[Section]:
    """The form's sections in its order, each with its questions and their answers."""
    form = ap_export.answers(view, declaration)
    # A question's empty answer may depend on another section's (countries on
    # cross-border), so every answer is at hand by its question.
    found = {key: value for questions in form.values() for key, value in questions.items()}
    result = []
    for section, questions in form.items():
        answers = []
        for key, value in questions.items():
            if key in _FOLDED:
                continue
            text = _worded(key, value, found, words)
            if key == "ongoing" and value is False:
                text = words.t("authority.ongoing_no")
            answers.append(
                Answer(
                    key=key,
                    question=words.t(f"authority.questions.{key}"),
                    text=text if text is not None else _missing(key, view, found, words),
                    known=text is not None,
                )
            )
        result.append(Section(section, words.t(f"authority.sections.{section}"), answers))
    return result


def text_file(
    view: BreachView, declaration: Declaration, words: BreachWords, *, made: datetime
) -> str:
    """The answers as a plain text file: each question, and its answer indented under it."""
    lines = [
        words.t("authority.file_heading", title=view.title),
        words.t("authority.heading"),
        words.t(
            "authority.file_made",
            date=words.moment(made),
            org=declaration.controller.name,
            reference=view.public_id,
        ),
        "",
    ]
    for section in sections(view, declaration, words):
        lines += ["", section.title.upper(), ""]
        for answer in section.answers:
            lines.append(answer.question)
            lines += [f"    {line}" for line in answer.text.splitlines() or [""]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
