"""Art. 6 and 13(1)(c)-(d), 13(2)(c), (e), (f): purposes and their legal bases."""

from __future__ import annotations

from collections.abc import Iterator

from ..complete import catalogue_cookie
from ..lint import Hit, rule
from ..model import Declaration, Purpose
from .cookies import needs_consent
from .marketing import electronic_marketing
from .parties import own_purposes


@rule(
    "basis-missing",
    "error",
    "13(1)(c), 6(1)",
    "Every purpose has its legal basis",
    "set purposes.<key>.basis to one of consent, contract, legal_obligation, vital_interest, "
    "public_task, legitimate_interest",
)
def basis_missing(d: Declaration) -> Iterator[Hit]:
    # A ground the statement gives that is no basis (invalid_basis) is basis-invalid.
    for key, p in own_purposes(d):
        if p.basis == "unstated" and p.invalid_basis is None:
            yield ("purposes", key, "basis"), f"purpose {key!r} names no legal basis"


@rule(
    "basis-ambiguous",
    "warning",
    "13(1)(c)",
    "Each purpose has one clear legal basis",
    "say which basis applies to this purpose; a list of every basis tells the reader nothing",
)
def basis_ambiguous(d: Declaration) -> Iterator[Hit]:
    # The bases are named, only not tied to the purposes: a warning, where no basis at
    # all (basis-missing) is an error.
    for key, p in own_purposes(d):
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
    # A purpose on legitimate interest alone names its interest. A list of bases that
    # includes it (basis-ambiguous) relies on it as much as on the others: the statement
    # must then name the interests it pursues, if not for this purpose then elsewhere.
    named = any(p.interest is not None for _, p in own_purposes(d))
    for key, p in own_purposes(d):
        if p.interest is not None or "legitimate_interest" not in p.bases:
            continue
        if p.bases == ["legitimate_interest"]:
            yield ("purposes", key), f"purpose {key!r} relies on legitimate interest but names none"
        elif not named:
            yield (
                ("purposes", key),
                f"purpose {key!r} may rest on legitimate interest (one of its bases), "
                "but the statement names no interest anywhere",
            )


@rule(
    "balancing-test-missing",
    "warning",
    "6(1)(f), 5(2)",
    "A legitimate interest has a written three-part test",
    "record purposes.<key>.balancing_test (date, document, purpose/necessity/balancing)",
    scope="register",
)
def balancing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.bases == ["legitimate_interest"] and p.balancing_test is None:
            yield ("purposes", key), f"purpose {key!r} has no recorded balancing test"


@rule(
    "purpose-categories-missing",
    "warning",
    "30(1)(c)",
    "Every purpose names the data it uses",
    "list the data categories in purposes.<key>.categories",
    scope="register",
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
    scope="register",
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
    own = list(own_purposes(d))
    silent = [key for key, p in own if p.requirement is None or p.requirement.kind == "unstated"]
    if silent and len(silent) == len(own) and len(own) > 1:
        # A statement silent on it throughout has one gap, not one per purpose.
        yield (
            ("purposes",),
            "the statement says for no purpose whether the data must be provided, nor what "
            "happens if it is not",
        )
        return
    for key in silent:
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
    for key, p in own_purposes(d):
        if p.withdraw is not None or p.withdrawable is False:
            continue  # withdrawable: false is consent-not-withdrawable
        if "consent" in p.bases:
            yield (
                ("purposes", key),
                f"purpose {key!r} rests on consent but no way to withdraw it is given",
            )
        elif consent_implied(p):
            yield (
                ("purposes", key),
                f"purpose {key!r} {_why_consent(p)}, but the statement neither names "
                "its basis nor says that consent can be withdrawn",
            )
    cookies = [
        k for k, c in d.cookies.items() if needs_consent(catalogue_cookie(k, c, d.recipients)[0])
    ]
    if cookies:
        yield (
            ("cookies", cookies[0]),
            f"cookies that need consent are placed ({', '.join(cookies)}) but the statement "
            "does not say that consent can be withdrawn",
        )


def consent_implied(p: Purpose) -> bool:
    """A purpose whose basis is not stated but that can only rest on consent: marketing
    by e-mail or SMS outside the existing-customer exception (Tw art. 11.7(1)), or a
    purpose whose opt-in the statement describes."""
    if p.basis != "unstated":
        return False
    return p.opt_in in ("single", "double") or (
        electronic_marketing(p) and not p.existing_customers
    )


def _why_consent(p: Purpose) -> str:
    if p.opt_in in ("single", "double"):
        return "rests on consent: people opt in"
    return "sends marketing e-mail, which needs consent (Telecommunicatiewet art. 11.7)"
