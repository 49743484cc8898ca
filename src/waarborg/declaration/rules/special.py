"""Art. 8, 9 and 10, UAVG art. 5 and 46: special categories, criminal data, the BSN, children."""

from __future__ import annotations

from collections.abc import Iterator

from ... import catalogue
from ..lint import Hit, rule
from ..model import Declaration


@rule(
    "special-category-condition",
    "error",
    "9(1), 9(2)",
    "Special-category data has an Art. 9(2) condition",
    "add purposes.<key>.art9 with a condition such as explicit_consent",
)
def special(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        special_used = [c for c in p.categories if d.categories[c].special == "art9"]
        if special_used and p.art9 is None:
            yield (
                ("purposes", key),
                f"purpose {key!r} processes special-category data ({', '.join(special_used)}) "
                "without an Art. 9(2) condition",
            )


@rule(
    "criminal-data-ground",
    "error",
    "10, UAVG art. 31-33",
    "Criminal-offence data names its legal ground",
    "name the ground in purposes.<key>.art10 (e.g. 'UAVG art. 33(2)')",
)
def criminal(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        used = [c for c in p.categories if d.categories[c].special == "art10"]
        if used and not p.art10:
            yield (
                ("purposes", key),
                f"purpose {key!r} processes criminal-offence data without a ground",
            )


@rule(
    "bsn-statute-missing",
    "error",
    "87, UAVG art. 46",
    "The BSN is only used where a law requires it",
    "name the statute in categories.bsn.statute, or stop processing the BSN",
)
def bsn(d: Declaration) -> Iterator[Hit]:
    known = catalogue.categories()
    for key, c in d.categories.items():
        needs = key in known and known[key].needs_statute
        if needs and not c.statute:
            yield (
                ("categories", key),
                f"{key!r} is processed without naming the statute that requires it",
            )


@rule(
    "children-consent-age",
    "warning",
    "8(1), UAVG art. 5",
    "Children under 16 need a parent's consent",
    "set children.min_age to 16, or record parental_consent: true",
)
def children(d: Declaration) -> Iterator[Hit]:
    c = d.children
    if c is None:
        return
    uses_consent = any("consent" in p.bases for p in d.purposes.values())
    age = c.min_age if isinstance(c.min_age, int) else None
    if age is not None and age < 16 and uses_consent and not c.parental_consent:
        yield (
            ("children", "min_age"),
            f"consent is taken from children of {c.min_age} without a parent",
        )
    if c.directed_at_children and c.min_age is None:
        yield ("children",), "the service is aimed at children but sets no age limit"


@rule(
    "source-unstated",
    "error",
    "14(2)(f)",
    "Data not obtained from the person names its source",
    "name the source in categories.<key>.source.name (e.g. KvK Handelsregister)",
)
def source(d: Declaration) -> Iterator[Hit]:
    for key, c in d.categories.items():
        if c.source is None:
            continue
        if c.source.kind == "unstated" or (
            c.source.kind in ("third_party", "public_register") and c.source.name is None
        ):
            yield ("categories", key, "source"), f"the source of {key!r} is not named"
