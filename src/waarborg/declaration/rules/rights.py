"""Art. 12, 13(2)(b) and (d): the rights, how they are exercised, and the deadlines."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, phrase, rule, say
from ..model import Declaration
from ..types import Duration
from ..wording import text
from ._values import duration

ONE_MONTH = Duration(months=1)
TWO_MONTHS = Duration(months=2)
_NAMED = ("access", "rectification", "erasure", "restriction", "objection", "portability")


@rule(
    "rights-missing",
    "error",
    "13(2)(b)",
    "The statement tells people all their rights",
    "list every right in rights.offered: access, rectification, erasure, restriction, "
    "objection, portability",
)
def rights(d: Declaration) -> Iterator[Hit]:
    offered = (d.rights.offered or []) if d.rights else []
    path = ("rights", "offered") if d.rights else ()
    for right in _NAMED:
        if right not in offered:
            yield path, say("rights-missing", right=phrase(f"right.{right}"))


@rule(
    "rights-conditional",
    "warning",
    "3, 12-22",
    "The rights are offered without conditions the GDPR does not set",
    "drop the condition (rights.condition): the GDPR gives the rights to everyone whose "
    "data is processed under it (Art. 3), whatever their nationality or residence",
)
def conditional(d: Declaration) -> Iterator[Hit]:
    if d.rights is not None and d.rights.condition is not None:
        words = text(d.rights.condition, "nl")
        yield ("rights", "condition"), say("rights-conditional", words=words)


@rule(
    "complaint-right-missing",
    "error",
    "13(2)(d), 77",
    "The statement tells people they can complain to the supervisory authority",
    "add complain to rights.offered; the statement then names the authority",
)
def complain(d: Declaration) -> Iterator[Hit]:
    offered = (d.rights.offered or []) if d.rights else []
    if "complain" not in offered:
        yield (("rights", "offered") if d.rights else ()), say("complaint-right-missing")


@rule(
    "response-deadline-too-long",
    "error",
    "12(3)",
    "Requests are answered within one month",
    "set rights.respond_within to P1M or less (e.g. P4W)",
)
def too_long(d: Declaration) -> Iterator[Hit]:
    r = d.rights
    if r and isinstance(r.respond_within, Duration) and r.respond_within.longer_than(ONE_MONTH):
        yield (
            ("rights", "respond_within"),
            say("response-deadline-too-long", within=duration(r.respond_within)),
        )


@rule(
    "response-deadline-unstated",
    "info",
    "12(3)",
    "The statement says how soon requests are answered",
    "set rights.respond_within (P1M at most); until then one month applies",
)
def unstated(d: Declaration) -> Iterator[Hit]:
    r = d.rights
    if r is None or r.respond_within in (None, "unstated"):
        yield (("rights",) if r else ()), say("response-deadline-unstated")


@rule(
    "extension-too-long",
    "error",
    "12(3)",
    "An extension is at most two further months",
    "set rights.extension to P2M or less",
)
def extension(d: Declaration) -> Iterator[Hit]:
    r = d.rights
    if r and r.extension is not None and r.extension.longer_than(TWO_MONTHS):
        yield ("rights", "extension"), say("extension-too-long", extension=duration(r.extension))


@rule(
    "id-copy-requested",
    "warning",
    "12(6), 5(1)(c)",
    "Identity is verified without asking for a copy of an ID document",
    "verify by an emailed link (rights.verify: email); the AP fined DPG Media EUR 525,000 "
    "in 2022 for demanding ID copies",
)
def id_copy(d: Declaration) -> Iterator[Hit]:
    if d.rights and d.rights.verify == "id_copy":
        yield ("rights", "verify"), say("id-copy-requested")


@rule(
    "id-copy-unmasked",
    "error",
    "12(6), UAVG art. 46",
    "An ID copy, if ever asked, is masked",
    "tell people to mask the photo, BSN, MRZ and document number (rights.id_copy_masking: true)",
)
def id_masking(d: Declaration) -> Iterator[Hit]:
    if d.rights and d.rights.verify == "id_copy" and not d.rights.id_copy_masking:
        yield ("rights", "verify"), say("id-copy-unmasked")
