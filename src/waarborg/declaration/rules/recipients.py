"""Art. 13(1)(e)-(f), 28, 44-49: recipients, processors and transfers outside the EEA."""

from __future__ import annotations

from collections.abc import Iterator

from ... import catalogue
from ..complete import catalogue_recipient
from ..lint import Hit, rule
from ..model import Declaration, Recipient


def _outside_eea(r: Recipient) -> bool:
    return r.country not in (None, "unstated", "EEA") and r.country not in catalogue.EEA_COUNTRIES


def _known(key: str, r: Recipient) -> Recipient:
    """The recipient as the checker judges it: what is declared, and where the
    declaration is silent, what the recipient catalogue knows (never published)."""
    return catalogue_recipient(key, r)[0]


def _country(key: str, r: Recipient) -> str:
    """The country for a message, saying when it is the catalogue's and not declared."""
    if r.country not in (None, "unstated"):
        return str(r.country)
    known = _known(key, r).country
    return f"{known} according to the catalogue" if known else "an unstated country"


def _mechanism_missing(key: str, r: Recipient) -> bool:
    known = _known(key, r)
    if not _outside_eea(known) or r.transfer not in (None, "none", "unstated"):
        return False
    return not (known.country in catalogue.adequate_countries() and r.transfer in (None, "none"))


def _name(key: str, r: Recipient) -> str:
    return key if r.name in (None, "unstated") else str(r.name)


@rule(
    "transfer-privacy-shield",
    "error",
    "44, 46; CJEU C-311/18 (Schrems II)",
    "No transfer relies on Privacy Shield",
    "Privacy Shield is invalid since 16 July 2020; use transfer: dpf for a self-certified "
    "US recipient, or scc (standard contractual clauses)",
)
def privacy_shield(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "privacy_shield":
            yield (
                ("recipients", key, "transfer"),
                f"transfer to {_name(key, r)} ({_country(key, r)}) relies on Privacy Shield",
            )


@rule(
    "transfer-mechanism-missing",
    "error",
    "13(1)(f), 44-46",
    "Every transfer outside the EEA has a mechanism",
    "set recipients.<key>.transfer to adequacy, dpf, scc, bcr or derogation",
)
def mechanism(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if _mechanism_missing(key, r):
            yield (
                ("recipients", key),
                f"{_name(key, r)} receives data in {_country(key, r)} without a stated "
                "transfer mechanism",
            )


@rule(
    "transfer-adequacy-invalid",
    "error",
    "45",
    "An adequacy transfer goes to a country with an adequacy decision",
    "for the US use transfer: dpf (self-certified recipients only) or scc",
)
def adequacy(d: Declaration) -> Iterator[Hit]:
    adequate = catalogue.adequate_countries()
    for key, r in d.recipients.items():
        country = _known(key, r).country
        if r.transfer == "adequacy" and _outside_eea(_known(key, r)) and country not in adequate:
            yield (
                ("recipients", key, "transfer"),
                f"{country} has no adequacy decision, so {_name(key, r)} cannot rely on one",
            )


@rule(
    "transfer-dpf-unverified",
    "warning",
    "45; EU-US Data Privacy Framework",
    "A DPF transfer goes to a self-certified recipient",
    "check the recipient on the DPF list and set dpf_certified: true, or use scc",
)
def dpf(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "dpf" and not r.dpf_certified:
            listed = _known(key, r).dpf_certified
            yield (
                ("recipients", key),
                f"{_name(key, r)} is not declared DPF self-certified"
                + (" (the catalogue lists it; check the DPF list)" if listed else ""),
            )


@rule(
    "transfer-derogation-unexplained",
    "warning",
    "49",
    "A derogation names which one",
    "say which Art. 49(1) derogation applies in recipients.<key>.derogation",
)
def derogation(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.transfer == "derogation" and r.derogation is None:
            yield ("recipients", key), f"the derogation for {_name(key, r)} is not named"


@rule(
    "recipient-country-unstated",
    "warning",
    "13(1)(e)-(f)",
    "Every recipient's country is known",
    "set recipients.<key>.country (ISO code, or EEA), or adopt the catalogue's with "
    "from_catalogue: true",
)
def country(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if r.country not in (None, "unstated") or _mechanism_missing(key, r):
            continue  # stated, or reported as a transfer without a mechanism
        if r.transfer in ("dpf", "privacy_shield"):
            continue  # both only ever covered transfers to the US: the country is implied
        known = _known(key, r).country
        known = None if known == "unstated" else known
        if known is not None and not _outside_eea(_known(key, r)):
            continue  # in the EEA according to the catalogue: no transfer to tell
        yield (
            ("recipients", key),
            f"where {_name(key, r)} processes the data is not stated"
            + (f" (the catalogue has {known})" if known else ""),
        )


@rule(
    "recipient-role-unstated",
    "warning",
    "13(1)(e), 28",
    "Every recipient's role is known",
    "set recipients.<key>.role: processor, controller, joint_controller, third_party or authority",
)
def role(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        if _known(key, r).role in (None, "unstated"):
            yield ("recipients", key), f"the role of {_name(key, r)} is not stated"


@rule(
    "processor-agreement-missing",
    "warning",
    "28(3)",
    "Every processor has a processing agreement (verwerkersovereenkomst)",
    "record recipients.<key>.agreement: {date: ..., reference: ...} once it is signed",
    scope="register",
)
def agreement(d: Declaration) -> Iterator[Hit]:
    for key, r in d.recipients.items():
        role = _known(key, r).role
        if role in ("processor", "sub_processor") and r.agreement in (None, False, "unstated"):
            yield ("recipients", key), f"no processing agreement with {_name(key, r)} is on record"


@rule(
    "recipients-unstated",
    "warning",
    "13(1)(e)",
    "Every purpose says who receives the data",
    "list the recipients in purposes.<key>.recipients, or write recipients: none",
)
def recipients_unstated(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.recipients == "unstated":
            yield (
                ("purposes", key, "recipients"),
                f"purpose {key!r} does not say who receives the data",
            )


@rule(
    "recipient-unused",
    "info",
    "13(1)(e)",
    "Every declared recipient receives data for a purpose",
    "name the recipient in a purpose, or remove it",
)
def unused(d: Declaration) -> Iterator[Hit]:
    used = {r for p in d.purposes.values() if isinstance(p.recipients, list) for r in p.recipients}
    for client in d.processing_for.values():
        used.update(client.subprocessors)
    providers = {c.provider for c in d.cookies.values()}
    for key in d.recipients:
        if key not in used and key not in providers:
            yield ("recipients", key), f"recipient {key!r} is declared but no purpose uses it"
