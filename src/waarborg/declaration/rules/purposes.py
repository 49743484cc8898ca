"""Art. 6 and 13(1)(c)-(d), 13(2)(c), (e), (f): purposes and their legal bases."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule
from ..model import Declaration


@rule(
    "basis-missing",
    "error",
    "13(1)(c), 6(1)",
    "Every purpose has its legal basis",
    "set purposes.<key>.basis to one of consent, contract, legal_obligation, vital_interest, "
    "public_task, legitimate_interest",
)
def basis_missing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.basis == "unstated":
            yield ("purposes", key, "basis"), f"purpose {key!r} names no legal basis"


@rule(
    "basis-ambiguous",
    "error",
    "13(1)(c)",
    "Each purpose has one clear legal basis",
    "say which basis applies to this purpose; a list of every basis tells the reader nothing",
)
def basis_ambiguous(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if len(p.bases) > 1:
            yield (
                ("purposes", key, "basis"),
                f"purpose {key!r} lists {len(p.bases)} bases ({', '.join(p.bases)}) "
                "without saying which applies",
            )


@rule(
    "legitimate-interest-missing",
    "error",
    "13(1)(d)",
    "A legitimate interest is named",
    "write the interest itself in purposes.<key>.interest",
)
def interest(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.bases == ["legitimate_interest"] and p.interest is None:
            yield ("purposes", key), f"purpose {key!r} relies on legitimate interest but names none"


@rule(
    "balancing-test-missing",
    "warning",
    "6(1)(f), 5(2)",
    "A legitimate interest has a written three-part test",
    "record purposes.<key>.balancing_test (date, document, purpose/necessity/balancing)",
)
def balancing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.bases == ["legitimate_interest"] and p.balancing_test is None:
            yield ("purposes", key), f"purpose {key!r} has no recorded balancing test"


@rule(
    "purpose-categories-missing",
    "warning",
    "13(1)(c), 30(1)(c)",
    "Every purpose names the data it uses",
    "list the data categories in purposes.<key>.categories",
)
def categories(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if not p.categories:
            yield ("purposes", key), f"purpose {key!r} names no data categories"


@rule(
    "purpose-subjects-missing",
    "info",
    "30(1)(c)",
    "Every purpose names whose data it uses",
    "list the data-subject types in purposes.<key>.subjects",
)
def subjects(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if not p.subjects:
            yield ("purposes", key), f"purpose {key!r} names no data subjects"


@rule(
    "requirement-missing",
    "warning",
    "13(2)(e)",
    "Each purpose says whether providing the data is required",
    "add purposes.<key>.requirement: {kind: statutory|contractual|contract_prerequisite|"
    "optional, consequence: ...}",
)
def requirement(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.requirement is None or p.requirement.kind == "unstated":
            yield (
                ("purposes", key),
                f"purpose {key!r} does not say whether the data must be provided, "
                "nor what happens if it is not",
            )


@rule(
    "profiling-logic-missing",
    "error",
    "13(2)(f), 22",
    "Automated decisions (Art. 22) explain their logic and consequences",
    "describe the logic and the consequences in purposes.<key>.profiling",
)
def profiling(d: Declaration) -> Iterator[Hit]:
    # Art. 13(2)(f) asks for the logic only of decisions as in Art. 22(1) and (4):
    # profiling without such a decision (website analytics) needs none.
    for key, p in d.purposes.items():
        if (
            p.profiling is not None
            and p.profiling.automated_decision
            and (p.profiling.logic is None or p.profiling.significance is None)
        ):
            yield (
                ("purposes", key, "profiling"),
                f"purpose {key!r} takes automated decisions "
                "without explaining the logic and its consequences",
            )


@rule(
    "consent-withdrawal-missing",
    "error",
    "13(2)(c), 7(3)",
    "People are told they can withdraw consent at any time",
    "offer withdraw_consent in rights.offered, or say how in purposes.<key>.withdraw",
)
def withdrawal(d: Declaration) -> Iterator[Hit]:
    offered = (d.rights.offered or []) if d.rights else []
    if "withdraw_consent" in offered:
        return
    for key, p in d.purposes.items():
        if "consent" in p.bases and p.withdraw is None:
            yield (
                ("purposes", key),
                f"purpose {key!r} rests on consent but no way to withdraw it is given",
            )
