"""Art. 4(11), 6 and 7: whether the basis a statement gives can carry the processing."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, Local, phrase, rule, say
from ..model import Declaration, Purpose
from ..wording import text
from .parties import own_purposes

#: DPV purposes that serve performing or entering into a contract with the person.
CONTRACT_PURPOSES = frozenset(
    {
        "dpv:FulfilmentOfContractualObligation",
        "dpv:EstablishContractualAgreement",
        "dpv:CustomerOrderManagement",
        "dpv:DeliveryOfGoods",
        "dpv:PaymentManagement",
    }
)
#: DPV purposes that serve an obligation of law.
LEGAL_PURPOSES = frozenset({"dpv:LegalCompliance"})
#: DPV purposes that keep the processing secure, which Art. 32 requires whatever the
#: person chooses.
SECURITY_PURPOSES = frozenset({"dpv:EnforceSecurity", "dpv:FraudPreventionAndDetection"})


@rule(
    "consent-not-withdrawable",
    "error",
    "7(3)",
    "Consent can be withdrawn at any time",
    "let people withdraw consent as easily as they gave it, and say how in "
    "purposes.<key>.withdraw; if the processing must go on without consent, it needs "
    "another basis",
)
def not_withdrawable(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.withdrawable is False:
            yield ("purposes", key, "withdrawable"), say("consent-not-withdrawable", key=key)


@rule(
    "basis-invalid",
    "error",
    "4(11), 6(1); CJEU C-673/17 (Planet49)",
    "The basis given is one of Art. 6(1)",
    "rest the purpose on a basis of Art. 6(1) (purposes.<key>.basis); consent is a clear "
    "affirmative act, never inferred from using a website, silence or a pre-ticked box",
)
def invalid(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.invalid_basis is not None:
            words = text(p.invalid_basis, "nl")
            yield (
                ("purposes", key, "invalid_basis"),
                say("basis-invalid", key=key, words=words),
            )


@rule(
    "public-authority-legitimate-interest",
    "error",
    "6(1) last subparagraph",
    "A public authority does not rely on legitimate interest for its tasks",
    "rest the purpose on a public task (public_task, Art. 6(1)(e)) or a legal obligation "
    "(legal_obligation), and name the law that gives it",
)
def authority_interest(d: Declaration) -> Iterator[Hit]:
    if not d.controller.public_authority:
        return
    for key, p in own_purposes(d):
        if "legitimate_interest" in p.bases:
            yield ("purposes", key, "basis"), say("public-authority-legitimate-interest", key=key)


@rule(
    "consent-basis-unsuitable",
    "warning",
    "6(1), 7(4); EDPB Guidelines 05/2020 on consent, 2/2019 on Art. 6(1)(b)",
    "Consent is not asked for what the contract, the law or security requires",
    "rest processing needed for the contract on contract (Art. 6(1)(b)) and processing the "
    "law requires, such as security (Art. 32), on legal_obligation (Art. 6(1)(c)) or a "
    "legitimate interest; consent that cannot be refused without losing the service is not "
    "freely given",
)
def consent_unsuitable(d: Declaration) -> Iterator[Hit]:
    # Consent must be free to refuse and to withdraw. Where the processing goes on anyway
    # (the contract, the law or the security of the service needs it), "consent" misleads
    # the reader and falls away the moment it is withdrawn. Only a purpose that rests on
    # consent alone is judged; a list of bases is basis-ambiguous.
    for key, p in own_purposes(d):
        if p.bases != ["consent"]:
            continue
        need = _needed_for(p)
        if need:
            yield ("purposes", key, "basis"), say("consent-basis-unsuitable", key=key, need=need)


def _needed_for(p: Purpose) -> Local | None:
    kind = p.requirement.kind if p.requirement else None
    if kind == "statutory" or p.dpv in LEGAL_PURPOSES:
        return phrase("needed.legal")
    if p.dpv in SECURITY_PURPOSES:
        return phrase("needed.security")
    if kind in ("contractual", "contract_prerequisite") or p.dpv in CONTRACT_PURPOSES:
        return phrase("needed.contract")
    return None
