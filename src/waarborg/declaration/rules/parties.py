"""Art. 13(1)(a), 26 and 28: who decides on each purpose.

A statement may name another organisation as the controller of some purposes (the
ministry that decides during development, a school that decides on its pupils' data).
The statement then informs for that controller too, so it must say who that is and how
to reach it, and the other information duties hold for the purpose as for any other. A
purpose the organisation only processes on someone's behalf (``role: processor``) is that
controller's to inform about (Art. 13 binds controllers, Art. 28 processors).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, Local, listed, phrase, rule, say
from ..model import Declaration, Party, Purpose


def decides(p: Purpose) -> bool:
    """Whether the statement owes the information of Art. 13 for this purpose: not when
    the organisation only processes it for someone else (``role: processor``)."""
    return p.role != "processor"


def own_purposes(d: Declaration) -> Iterator[tuple[str, Purpose]]:
    """The purposes the statement informs about as a controller's, with their keys."""
    for key, p in d.purposes.items():
        if decides(p):
            yield key, p


@rule(
    "purpose-controller-unidentified",
    "warning",
    "13(1)(a), 26",
    "A purpose decided by another organisation names it and how to reach it",
    "declare that organisation under parties.<key> with its name and an e-mail address, "
    "phone number, contact page or postal address",
)
def other_controller(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        if p.controller is None:
            continue
        party = d.parties.get(p.controller)
        missing = _missing(party)
        if missing:
            yield (
                ("purposes", key, "controller"),
                say(
                    "purpose-controller-unidentified",
                    key=key,
                    who=_called(p.controller, party),
                    missing=listed((phrase(f"party_missing.{m}") for m in missing), " and "),
                ),
            )


def _missing(party: Party | None) -> list[str]:
    if party is None:
        return ["identity", "contact"]
    missing = [] if party.name else ["name"]
    if not (
        party.email
        or party.phone
        or party.contact_form
        or (party.address is not None and (party.address.street or party.address.po_box))
    ):
        missing.append("contact")
    return missing


def _called(key: str, party: Party | None) -> str | Local:
    if party is not None and party.name:
        return party.name
    return phrase("another_organisation", key=key)
