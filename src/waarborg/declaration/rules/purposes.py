"""Art. 6 and 13(1)(c)-(d), 13(2)(c), (e), (f): purposes and their legal bases."""

from __future__ import annotations

from collections.abc import Iterator

from ..complete import catalogue_cookie
from ..lint import Hit, Local, listed, phrase, rule, say
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
    own = list(own_purposes(d))
    for key, p in own:
        if p.basis == "unstated" and p.invalid_basis is None:
            yield ("purposes", key, "basis"), say("basis-missing.purpose", key=key)
    if not own and not any(p.role == "processor" for p in d.purposes.values()):
        # No purpose at all: the statement names no basis for anything it does.
        yield ("purposes",), say("basis-missing.none")


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
            bases = listed(phrase(f"basis.{b}") for b in p.bases)
            yield (
                ("purposes", key, "basis"),
                say("basis-ambiguous", key=key, count=len(p.bases), bases=bases),
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
            yield ("purposes", key), say("legitimate-interest-missing.alone", key=key)
        elif not named:
            yield ("purposes", key), say("legitimate-interest-missing.elsewhere", key=key)


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
            yield ("purposes", key), say("balancing-test-missing", key=key)


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
            yield ("purposes", key), say("purpose-categories-missing", key=key)


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
            yield ("purposes", key), say("purpose-subjects-missing", key=key)


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
        yield ("purposes",), say("requirement-missing.all")
        return
    for key in silent:
        yield ("purposes", key), say("requirement-missing.one", key=key)


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
            yield ("purposes", key, "profiling"), say("profiling-logic-missing", key=key)


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
            yield ("purposes", key), say("consent-withdrawal-missing.consent", key=key)
        elif consent_implied(p):
            yield (
                ("purposes", key),
                say("consent-withdrawal-missing.implied", key=key, why=_why_consent(p)),
            )
    cookies = [
        k for k, c in d.cookies.items() if needs_consent(catalogue_cookie(k, c, d.recipients)[0])
    ]
    if cookies:
        yield (
            ("cookies", cookies[0]),
            say("consent-withdrawal-missing.cookies", cookies=listed(cookies)),
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


def _why_consent(p: Purpose) -> Local:
    if p.opt_in in ("single", "double"):
        return phrase("consent_why.opt_in")
    return phrase("consent_why.marketing")
