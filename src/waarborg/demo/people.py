"""The people who are always in the demo CRM, each with a known history.

Tests and the tour of the demo use them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KNOWN_PEOPLE", "KnownPerson"]


@dataclass(frozen=True)
class KnownPerson:
    """Someone who is always in the demo data, with a known history."""

    email: str
    first_name: str
    last_name: str
    about: str
    customer: bool = True  # a contact of a customer, not only a subscriber


KNOWN_PEOPLE = (
    KnownPerson(
        "jan.jansen@example.nl",
        "Jan",
        "Jansen",
        "Sole trader (Jansen Fotografie, Hengelo) and a customer for ten years: invoices "
        "older and younger than 7 years, three projects, website visits, credentials for "
        "his hosting and a confirmed newsletter subscription.",
    ),
    KnownPerson(
        "piet.bakker@example.com",
        "Piet",
        "Bakker",
        "Former customer (Bakker & Smit Installatietechniek, Borne): the relationship "
        "ended three months ago, so the four-week rule is due; invoices still under the "
        "7-year hold; visits older than 2 years; unsubscribed from the newsletter four "
        "months ago, so the one-month rule is due.",
    ),
    KnownPerson(
        "sanne.devries@example.nl",
        "Sanne",
        "de Vries",
        "A newsletter subscriber who is not a customer.",
        customer=False,
    ),
)
