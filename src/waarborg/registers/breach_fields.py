"""What staff record about a personal data breach: the fields of Art. 33(3) and the
further questions of the Dutch authority's notification form, as typed models.

``BreachFacts`` is a new record (title, description and ``aware_at`` required);
``BreachChanges`` changes some of them as the investigation goes on. Unknown fields
are errors. The Art. 33(3) fields have columns of their own in ``breaches``; the
form's further questions are kept in ``details``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..errors import RequestError
from ..moments import moment_problem
from ..plaintext import Plain

__all__ = [
    "COLUMNS",
    "DETAILS",
    "IMPACTS",
    "KINDS",
    "LISTS",
    "BreachChanges",
    "BreachFacts",
    "Exemption",
    "parse",
]

#: What kind of breach it was, as the authority's form asks.
Kind = Literal[
    "lost_or_stolen",  # a device, storage medium or paper lost or stolen
    "wrong_recipient",  # mail, post or a file sent to the wrong person
    "hacking",  # hacking, malware or phishing
    "published",  # published or shared by mistake
    "unauthorised_access",  # access by someone not allowed to
    "disposal",  # disposed of without destroying the data
    "other",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
#: What the breach did to the data (confidentiality, integrity, availability).
Impact = Literal["confidentiality", "integrity", "availability"]
IMPACTS: tuple[str, ...] = Impact.__args__  # type: ignore[attr-defined]
#: Why people at high risk need not be told (Art. 34(3)(a), (b) and (c)).
Exemption = Literal["unintelligible", "risk_removed", "disproportionate"]


def _aware(value: datetime | None) -> datetime | None:
    """A time with its zone, in the years Waarborg takes (``moments``)."""
    problem = None if value is None else moment_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Moment = Annotated[datetime, AfterValidator(_aware)]
Text = Annotated[Plain, Field(min_length=1, max_length=20_000)]
#: A count stored in a 32-bit INTEGER column on every database.
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]
Key = Annotated[Plain, Field(min_length=1, max_length=100)]
Title = Annotated[Plain, Field(min_length=1, max_length=200)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
#: "Other, namely ...": what the lists of the authority's form do not name, in words.
Other = Annotated[Plain, Field(min_length=1, max_length=500)]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    occurred_at: Moment | None = Field(None, description="When the breach began, if known.")
    occurred_until: Moment | None = Field(None, description="When it ended; empty if ongoing.")
    contained_at: Moment | None = Field(None, description="When it was stopped.")
    kinds: list[Kind] | None = Field(None, description="What kind of breach it was.")
    kinds_other: Other | None = Field(
        None, description="The kind of breach in words, when it is ``other``."
    )
    impact: list[Impact] | None = Field(
        None, description="Confidentiality, integrity and/or availability."
    )
    categories: list[Key] | None = Field(
        None, description="Categories of personal data, by the declaration's keys."
    )
    categories_other: Other | None = Field(
        None, description="Other personal data, in words: what the declaration does not name."
    )
    subject_types: list[Key] | None = Field(
        None, description="Groups of people affected, by the declaration's subject keys."
    )
    subject_types_other: Other | None = Field(
        None, description="Another group of people, in words: what the declaration does not name."
    )
    subjects_estimate: Count | None = Field(None, description="About how many people.")
    subjects_max: Count | None = Field(None, description="At most how many people.")
    records_estimate: Count | None = Field(None, description="About how many records.")
    consequences: Text | None = Field(None, description="The likely consequences (33(3)(c)).")
    measures: Text | None = Field(
        None, description="Measures taken or proposed to address the breach (33(3)(d))."
    )
    mitigation: Text | None = Field(
        None, description="Measures to mitigate its possible adverse effects (33(3)(d))."
    )
    contact: Text | None = Field(
        None, description="The DPO or other contact point for more information (33(3)(b))."
    )
    unintelligible: bool | None = Field(
        None, description="Was the data encrypted or otherwise unintelligible to others?"
    )
    cross_border: bool | None = Field(
        None, description="Are people in other EU/EEA countries affected?"
    )
    countries: list[Country] | None = Field(None, description="Which countries (ISO codes).")
    processor: Text | None = Field(None, description="The processor where it happened, if any.")


class BreachFacts(_Fields):
    """A new breach: what happened (Art. 33(3)(a)) and when the organisation knew."""

    title: Title
    description: Text
    aware_at: Moment = Field(description="When the organisation became aware of it.")


class BreachChanges(_Fields):
    """New or corrected facts about a recorded breach; only the fields given change."""

    title: Title | None = None
    description: Text | None = None
    aware_at: Moment | None = None


#: Fields kept in the breach's own columns; the rest go to ``details``.
COLUMNS = frozenset(
    {
        "title",
        "description",
        "aware_at",
        "occurred_at",
        "contained_at",
        "categories",
        "subject_types",
        "subjects_estimate",
        "records_estimate",
        "consequences",
        "measures",
        "contact",
    }
)
DETAILS = frozenset(_Fields.model_fields) - COLUMNS
#: Lists kept in columns of their own: a change gives a list, ``[]`` for none, never
#: null (a null there once broke every reader of the register).
LISTS = ("categories", "subject_types")


def parse(model: type[_Fields], data: dict[str, Any]) -> Any:
    """Validate ``data`` as ``model``; RequestError names the first wrong field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "breach"
        message = first.get("msg", "is not valid").removeprefix("Value error, ")
        if first.get("type") == "extra_forbidden":
            known = ", ".join(sorted(model.model_fields))
            message = f"unknown field; the fields are: {known}"
        raise RequestError(where, message) from None
