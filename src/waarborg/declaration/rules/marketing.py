"""Telecommunicatiewet art. 11.7 and GDPR art. 21(2)-(3): newsletters and direct marketing."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule, say
from ..model import Declaration, Purpose


def electronic_marketing(p: Purpose) -> bool:
    """Direct marketing by e-mail or SMS (or by channels not stated)."""
    return bool(p.direct_marketing) and (not p.channels or bool({"email", "sms"} & set(p.channels)))


@rule(
    "newsletter-opt-in-missing",
    "error",
    "NL Telecommunicatiewet art. 11.7(1), GDPR 7(1)",
    "Marketing e-mail is sent only after a provable opt-in",
    "take consent with (double) opt-in: set purposes.<key>.basis: consent and opt_in: double",
)
def opt_in(d: Declaration) -> Iterator[Hit]:
    # The statement gives the opt-in when it says how people opt in (opt_in) or that the
    # marketing rests on consent (a basis, or how that consent is withdrawn); how the
    # consent is recorded is not something Art. 13 asks it to say. It misses when it
    # says there is none, or when the marketing rests on nothing or on another basis.
    for key, p in d.purposes.items():
        if not electronic_marketing(p) or p.existing_customers:
            continue
        if p.opt_in == "none":
            yield ("purposes", key, "opt_in"), say("newsletter-opt-in-missing.none", key=key)
        elif p.opt_in not in ("single", "double") and not _rests_on_consent(p):
            yield ("purposes", key), say("newsletter-opt-in-missing.unstated", key=key)


def _rests_on_consent(p: Purpose) -> bool:
    # "Consent" the statement infers from something that is none (invalid_basis: a
    # business card, using the site) is no opt-in.
    return p.invalid_basis is None and ("consent" in p.bases or p.withdraw is not None)


@rule(
    "newsletter-existing-customer",
    "error",
    "NL Telecommunicatiewet art. 11.7(3)",
    "The existing-customer exception is used only with an opt-out at collection",
    "offer an opt-out when the address is collected and record opt_out_at_collection: true",
)
def existing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.existing_customers and not p.opt_out_at_collection:
            yield ("purposes", key), say("newsletter-existing-customer", key=key)


@rule(
    "newsletter-unsubscribe-missing",
    "error",
    "NL Telecommunicatiewet art. 11.7(4), GDPR 21(3)",
    "Every marketing message carries a working opt-out",
    "put an unsubscribe link in every message (purposes.<key>.unsubscribe: every_message)",
)
def unsubscribe(d: Declaration) -> Iterator[Hit]:
    # Tw art. 11.7(4) binds every message, not the statement: a statement that does not
    # say each message carries the opt-out, or that mentions unsubscribing only on
    # request, is silent on the messages, not in breach (the rights to object and to
    # withdraw consent are rules of their own). It fires when the declaration says
    # there is no opt-out.
    for key, p in d.purposes.items():
        if electronic_marketing(p) and p.unsubscribe == "none":
            yield ("purposes", key, "unsubscribe"), say("newsletter-unsubscribe-missing", key=key)
