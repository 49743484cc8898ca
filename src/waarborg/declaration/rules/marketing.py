"""Telecommunicatiewet art. 11.7 and GDPR art. 21(2)-(3): newsletters and direct marketing."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule
from ..model import Declaration, Purpose


def _electronic_marketing(p: Purpose) -> bool:
    return bool(p.direct_marketing) and (not p.channels or bool({"email", "sms"} & set(p.channels)))


@rule(
    "newsletter-opt-in-missing",
    "error",
    "NL Telecommunicatiewet art. 11.7(1), GDPR 7(1)",
    "Marketing e-mail is sent only after a provable opt-in",
    "take consent with (double) opt-in: set purposes.<key>.basis: consent and opt_in: double",
)
def opt_in(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if not _electronic_marketing(p) or p.existing_customers:
            continue
        if "consent" not in p.bases or p.opt_in in (None, "none", "unstated"):
            yield (
                ("purposes", key),
                f"purpose {key!r} sends marketing e-mail without a recorded opt-in",
            )


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
            yield (
                ("purposes", key),
                f"purpose {key!r} mails existing customers "
                "without an opt-out offered at collection",
            )


@rule(
    "newsletter-unsubscribe-missing",
    "error",
    "NL Telecommunicatiewet art. 11.7(4), GDPR 21(3)",
    "Every marketing message carries a working opt-out",
    "put an unsubscribe link in every message (purposes.<key>.unsubscribe: every_message)",
)
def unsubscribe(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if _electronic_marketing(p) and p.unsubscribe != "every_message":
            yield ("purposes", key), f"purpose {key!r} does not put an opt-out in every message"
