"""The form staff record a breach with, and add to it later: what was typed, read into
the facts the register takes (``registers.breach_fields``), with every problem named by
its field in the reader's words.

The categories of personal data and the groups of people are ticked from the
declaration, never typed as keys; what is not listed goes into "other, namely" as the
staff wrote it. Times are typed as Amsterdam time. A form with a problem comes back
with everything that was typed, so nothing has to be typed twice.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from ... import clock
from ...moments import moment_problem
from ...registers.breach_fields import IMPACTS, KINDS
from ...registers.breaches import BreachView
from .breach_words import BreachWords

__all__ = [
    "FIELDS",
    "BreachFormIn",
    "MomentProblem",
    "blank",
    "changes",
    "moment",
    "read",
    "values_of",
]

ZONE = ZoneInfo("Europe/Amsterdam")

_SHORT = 200
_LINE = 500
_LONG = 20_000
_MANY = 200

#: The form's fields in the order they are asked (and their problems listed).
FIELDS = (
    "title",
    "description",
    "kinds",
    "kinds_other",
    "impact",
    "occurred_at",
    "occurred_until",
    "aware_at",
    "contained_at",
    "categories",
    "categories_other",
    "records_estimate",
    "unintelligible",
    "subject_types",
    "subject_types_other",
    "subjects_estimate",
    "subjects_max",
    "cross_border",
    "countries",
    "consequences",
    "measures",
    "mitigation",
    "processor",
    "contact",
)
_MOMENTS = ("occurred_at", "occurred_until", "aware_at", "contained_at")
_COUNTS = ("records_estimate", "subjects_estimate", "subjects_max")
_LISTS = ("kinds", "impact", "categories", "subject_types", "countries")
_YES_NO = ("unintelligible", "cross_border")
_LIMITS = {
    "title": _SHORT,
    "kinds_other": _LINE,
    "categories_other": _LINE,
    "subject_types_other": _LINE,
    "processor": _LINE,
    "contact": _LINE,
}
_REQUIRED = ("title", "description", "aware_at")
#: A minute of leeway for a clock that runs a little ahead of the server's.
_LEEWAY = timedelta(minutes=5)


class BreachFormIn(BaseModel):
    """The form as posted: text as typed, the ticked boxes as lists."""

    title: str | None = Field(None, max_length=_LONG)
    description: str | None = Field(None, max_length=_LONG)
    kinds: list[str] = Field(default_factory=list, max_length=_MANY)
    kinds_other: str | None = Field(None, max_length=_LONG)
    impact: list[str] = Field(default_factory=list, max_length=_MANY)
    occurred_at: str | None = Field(None, max_length=_SHORT)
    occurred_until: str | None = Field(None, max_length=_SHORT)
    aware_at: str | None = Field(None, max_length=_SHORT)
    contained_at: str | None = Field(None, max_length=_SHORT)
    categories: list[str] = Field(default_factory=list, max_length=_MANY)
    categories_other: str | None = Field(None, max_length=_LONG)
    records_estimate: str | None = Field(None, max_length=_SHORT)
    unintelligible: str | None = Field(None, max_length=_SHORT)
    subject_types: list[str] = Field(default_factory=list, max_length=_MANY)
    subject_types_other: str | None = Field(None, max_length=_LONG)
    subjects_estimate: str | None = Field(None, max_length=_SHORT)
    subjects_max: str | None = Field(None, max_length=_SHORT)
    cross_border: str | None = Field(None, max_length=_SHORT)
    countries: list[str] = Field(default_factory=list, max_length=_MANY)
    consequences: str | None = Field(None, max_length=_LONG)
    measures: str | None = Field(None, max_length=_LONG)
    mitigation: str | None = Field(None, max_length=_LONG)
    processor: str | None = Field(None, max_length=_LONG)
    contact: str | None = Field(None, max_length=_LONG)
    csrf_token: str | None = Field(None, max_length=_SHORT)

    def values(self) -> dict[str, Any]:
        """What was typed and ticked, by field (as the form shows it again)."""
        return {name: getattr(self, name) or ([] if name in _LISTS else "") for name in FIELDS}


def blank(contact: str | None = None) -> dict[str, Any]:
    """An empty form; the contact point filled in with the default one."""
    values: dict[str, Any] = {name: [] if name in _LISTS else "" for name in FIELDS}
    values["contact"] = contact or ""
    return values


def _typed_moment(value: datetime | str | None) -> str:
    """A moment as a ``datetime-local`` field holds it: Amsterdam time, to the minute."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(ZONE).replace(tzinfo=None).isoformat(timespec="minutes")


def _yes_no(value: Any) -> str:
    return "" if value is None else ("yes" if value else "no")


def values_of(view: BreachView) -> dict[str, Any]:
    """The form filled in with what is recorded about a breach."""
    details = view.details

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "title": view.title,
        "description": view.description,
        "kinds": list(details.get("kinds") or []),
        "kinds_other": text(details.get("kinds_other")),
        "impact": list(details.get("impact") or []),
        "occurred_at": _typed_moment(view.occurred_at),
        "occurred_until": _typed_moment(details.get("occurred_until")),
        "aware_at": _typed_moment(view.aware_at),
        "contained_at": _typed_moment(view.contained_at),
        "categories": list(view.categories),
        "categories_other": text(details.get("categories_other")),
        "records_estimate": text(view.records_estimate),
        "unintelligible": _yes_no(details.get("unintelligible")),
        "subject_types": list(view.subject_types),
        "subject_types_other": text(details.get("subject_types_other")),
        "subjects_estimate": text(view.subjects_estimate),
        "subjects_max": text(details.get("subjects_max")),
        "cross_border": _yes_no(details.get("cross_border")),
        "countries": list(details.get("countries") or []),
        "consequences": text(view.consequences),
        "measures": text(view.measures),
        "mitigation": text(details.get("mitigation")),
        "processor": text(details.get("processor")),
        "contact": text(view.contact),
    }


class MomentProblem(ValueError):
    """A typed moment Waarborg does not take: ``kind`` names the problem (``moment``:
    not a time; ``year``: outside 1970-2199; ``future``)."""

    def __init__(self, kind: str, year: int | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.year = year


def moment(typed: str | None) -> datetime | None:
    """A moment typed into a ``datetime-local`` field (``2026-03-02T09:30``), in the
    organisation's time zone; None when empty. Not before 1970, not from 2200 on, not
    in the future (``MomentProblem``)."""
    typed = (typed or "").strip()
    if not typed:
        return None
    try:
        parsed = datetime.fromisoformat(typed)
    except ValueError:
        raise MomentProblem("moment") from None
    found = parsed if parsed.tzinfo else parsed.replace(tzinfo=ZONE)
    if moment_problem(found) is not None:
        raise MomentProblem("year", found.year)
    if found > clock.now() + _LEEWAY:
        raise MomentProblem("future")
    return found


class _Reader:
    """Reads one form, collecting the first problem of each field."""

    def __init__(self, values: dict[str, Any], words: BreachWords) -> None:
        self.values = values
        self.words = words
        self.errors: dict[str, str] = {}

    def problem(self, field: str, key: str, **values: Any) -> None:
        """Name the field's problem (its first one): ``Ontdekt op: ...``."""
        if field not in self.errors:
            label = self.words.t(f"form.fields.{field}").rstrip("?")
            self.errors[field] = self.words.t(f"errors.{key}", field=label, **values)

    def text(self, field: str) -> str | None:
        value = str(self.values.get(field) or "").strip()
        limit = _LIMITS.get(field, _LONG)
        if len(value) > limit:
            self.problem(field, "too_long", max=self.words.number(limit))
            return None
        return value or None

    def moment(self, field: str) -> datetime | None:
        try:
            return moment(self.values.get(field))
        except MomentProblem as wrong:
            values = {"year": wrong.year} if wrong.kind == "year" else {}
            self.problem(field, wrong.kind, **values)
            return None

    def count(self, field: str) -> int | None:
        """A whole number, as typed in the reader's language: ``1200``, or ``1.200`` in
        Dutch and ``1,200`` in English (never a decimal taken as thousands)."""
        typed = str(self.values.get(field) or "").strip()
        if not typed:
            return None
        group = "." if self.words.lang == "nl" else ","
        if re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(group)}[0-9]{{3}})+", typed):
            typed = typed.replace(group, "")
        if not re.fullmatch(r"[0-9]{1,10}", typed) or int(typed) > 2_147_483_647:
            self.problem(field, "number")
            return None
        return int(typed)

    def picked(self, field: str, allowed: list[str]) -> list[str]:
        chosen = [str(v) for v in self.values.get(field) or []]
        if any(value not in allowed for value in chosen):
            self.problem(field, "choice")
            return []
        return [value for value in allowed if value in chosen]  # in the page's order

    def yes_no(self, field: str) -> bool | None:
        typed = str(self.values.get(field) or "")
        if typed not in ("", "yes", "no"):
            self.problem(field, "choice")
            return None
        return None if typed == "" else typed == "yes"


def read(
    values: dict[str, Any], words: BreachWords, *, keep: BreachView | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The facts of the form ``values`` (every field, ``None`` or ``[]`` where empty),
    and its problems by field in the reader's words. ``keep`` is the breach being
    changed, whose recorded categories and groups stay choosable."""
    reader = _Reader(values, words)
    facts: dict[str, Any] = {}
    for field in _MOMENTS:
        facts[field] = reader.moment(field)
    for field in _COUNTS:
        facts[field] = reader.count(field)
    for field in _YES_NO:
        facts[field] = reader.yes_no(field)
    for field in ("title", "kinds_other", "categories_other", "subject_types_other"):
        facts[field] = reader.text(field)
    for field in ("description", "consequences", "measures", "mitigation", "processor"):
        facts[field] = reader.text(field)
    facts["contact"] = reader.text("contact")
    categories = [c.key for c in words.category_choices(keep.categories if keep else ())]
    subjects = [s.key for s in words.subject_choices(keep.subject_types if keep else ())]
    facts["kinds"] = reader.picked("kinds", list(KINDS))
    facts["impact"] = reader.picked("impact", list(IMPACTS))
    facts["categories"] = reader.picked("categories", categories)
    facts["subject_types"] = reader.picked("subject_types", subjects)
    countries = [c.key for c in words.country_choices()]
    facts["countries"] = reader.picked("countries", countries)

    for field in _REQUIRED:
        if not str(values.get(field) or "").strip():
            reader.errors[field] = words.t(f"errors.required_fields.{field}")
    # "Other, namely": the words are the answer; ticking "other" without them is not.
    if facts["kinds_other"] and "other" not in facts["kinds"]:
        facts["kinds"] = [*facts["kinds"], "other"]
    if "other" in facts["kinds"] and not facts["kinds_other"]:
        reader.problem("kinds_other", "other")
    if facts["countries"] and facts["cross_border"] is not True:
        reader.problem("cross_border", "countries")
    began, ended = facts["occurred_at"], facts["occurred_until"]
    if began is not None and ended is not None and ended < began:
        reader.problem("occurred_until", "before")
    about, most = facts["subjects_estimate"], facts["subjects_max"]
    if about is not None and most is not None and most < about:
        reader.problem("subjects_max", "at_most")
    errors = {field: reader.errors[field] for field in FIELDS if field in reader.errors}
    return facts, errors


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The facts that differ between two readings of the form, as a change to the
    register takes them (a list emptied is ``[]``, a fact cleared is ``None``)."""
    return {name: value for name, value in after.items() if before.get(name) != value}
