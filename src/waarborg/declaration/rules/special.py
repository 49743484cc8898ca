"""Art. 8, 9, 10 and 32, UAVG art. 5 and 46: special categories, criminal data, the BSN,
children, and the security that high-risk data needs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import catalogue
from ..complete import catalogue_cookie
from ..lint import Hit, rule, say
from ..model import Declaration, Subject
from ._values import categories, category, subject
from .cookies import needs_consent


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
                say("special-category-condition", key=key, categories=categories(d, special_used)),
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
            yield ("purposes", key), say("criminal-data-ground", key=key)


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
            yield ("categories", key), say("bsn-statute-missing", category=category(d, key))


@rule(
    "children-consent-age",
    "warning",
    "8(1), UAVG art. 5",
    "Children under 16 need a parent's consent",
    "set children.min_age to 16, or record parental_consent: true",
)
def children(d: Declaration) -> Iterator[Hit]:
    c = d.children
    uses_consent = any("consent" in p.bases for p in d.purposes.values())
    if c is None or (c.min_age is None and not c.directed_at_children):
        # Children among the people whose data is processed on consent, with nothing
        # said of an age or a parent: under 16 a parent consents (UAVG art. 5).
        kids = [k for k, s in d.subjects.items() if _child_subject(k, s)]
        if kids and uses_consent and not (c is not None and c.parental_consent):
            yield (
                ("subjects", kids[0]),
                say("children-consent-age.subjects", subject=subject(d, kids[0])),
            )
        return
    age = c.min_age if isinstance(c.min_age, int) else None
    if age is not None and age < 16 and uses_consent and not c.parental_consent:
        yield ("children", "min_age"), say("children-consent-age.age", age=c.min_age)
    if c.directed_at_children and c.min_age is None:
        yield ("children",), say("children-consent-age.no_limit")


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
            yield ("categories", key, "source"), say("source-unstated", category=category(d, key))


#: Categories that tell a person's age.
_AGE_CATEGORIES = frozenset({"date_of_birth", "birth_date", "age", "age_range"})
#: Subject types that are children, or pupils of a school.
_CHILD_SUBJECTS = frozenset(
    {"child", "children", "minor", "minors", "pupil", "pupils", "kid", "kids"}
    | {"kind", "kinderen", "leerling", "leerlingen", "scholier", "scholieren"}
    | {"minderjarige", "minderjarigen"}
)
_CHILD_WORDS = re.compile(
    r"\b(?:kind|kinderen|leerling\w*|scholier\w*|minderjarig\w*|child|children|pupils?"
    r"|minors?|kids?)\b"
)
#: Subject types that are adults by what they are: an age limit says nothing to them.
_ADULT_SUBJECTS = frozenset(
    {
        "employee",
        "job_applicant",
        "supplier_contact",
        "customer_contact",
        "school_contact",
        "account_administrator",
        "parent_guardian",
    }
)


def _child_subject(key: str, s: Subject) -> bool:
    if key in _CHILD_SUBJECTS:
        return True
    known = catalogue.subject_types().get(key)
    label = s.label
    if label is None:
        return False
    if known is not None and (label.nl, label.en) == (known.label.nl, known.label.en):
        return False  # a catalogue type ("student" is a pupil or a student) is no signal
    return any(_CHILD_WORDS.search(v.lower()) for v in (label.nl, label.en) if v)


def _age_category(key: str) -> bool:
    return key in _AGE_CATEGORIES or "birth" in key or "geboorte" in key


@rule(
    "age-limit-unstated",
    "warning",
    "8(1), UAVG art. 5",
    "A statement that collects a date of birth or serves children says what age limit applies",
    "state the age limit in children.min_age (under 16 a parent consents, UAVG art. 5), "
    "or record children.min_age: none if the statement says there is none",
)
def age_limit(d: Declaration) -> Iterator[Hit]:
    c = d.children
    if c is not None and (c.min_age is not None or c.directed_at_children):
        return  # an age limit, "none", or a service for children (children-consent-age)
    # Children among the subjects are for children-consent-age. A date of birth asks for
    # an age limit where an online service takes consent that a child could give: one
    # that places cookies needing consent (Art. 8(1) speaks of information society
    # services; a practice or a club that notes a birth date is not one).
    if any(_child_subject(k, s) for k, s in d.subjects.items()):
        return
    online = any(
        needs_consent(catalogue_cookie(k, cookie, d.recipients)[0])
        for k, cookie in d.cookies.items()
    )
    if not online:
        return
    for key in d.categories:
        if not _age_category(key):
            continue
        users = d.purposes_using(key)
        subjects = {s for p in users for s in d.purposes[p].subjects} if users else set(d.subjects)
        if subjects and subjects <= _ADULT_SUBJECTS:
            continue  # only staff, applicants or business contacts
        yield ("categories", key), say("age-limit-unstated", category=category(d, key))
        return


#: Categories whose loss harms people most, besides special, criminal and statutory data:
#: log-ins to other parties' systems, payment cards, a person's finances, ID documents.
_HIGH_RISK = frozenset(
    {
        "third_party_credentials",
        "payment_card",
        "creditworthiness",
        "income",
        "salary",
        "id_document_copy",
        "id_document_number",
        "passport_number",
        "id_card_number",
    }
)


def high_risk(d: Declaration) -> list[str]:
    """The declared categories whose loss harms people most (``_HIGH_RISK``, special and
    criminal data, data that needs a statute): the admin never shows their values."""
    return _high_risk(d)


def _high_risk(d: Declaration) -> list[str]:
    known = catalogue.categories()
    return [
        key
        for key, c in d.categories.items()
        if key in _HIGH_RISK or c.special is not None or (key in known and known[key].needs_statute)
    ]


@rule(
    "security-not-specific",
    "warning",
    "32(1), 5(1)(f)",
    "High-risk data is protected by measures that are named",
    "name the technical measures that protect this data under security.measures, such "
    "as encryption_at_rest, access_control or strong_authentication; 'passende "
    "maatregelen' says nothing",
)
def security_specific(d: Declaration) -> Iterator[Hit]:
    security = d.security
    if security is None or not (security.measures or security.description):
        return  # no measures at all: rule security-measures-missing
    risky = _high_risk(d)
    if not risky:
        return
    measures = catalogue.measures()
    technical = [
        key for key in security.measures if key in measures and measures[key].kind == "technical"
    ]
    if not technical:
        yield ("security",), say("security-not-specific", categories=categories(d, risky))
