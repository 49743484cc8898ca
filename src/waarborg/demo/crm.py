"""Studio Denkbeeldig's CRM, generated: the Dutch customers of a design agency in Twente,
in SQLite.

The data is made with Faker's ``nl_NL`` locale from a fixed seed and dated relative to
one day (today by default), so two builds for the same day are identical. Companies
carry a valid KvK number, BTW number and IBAN; contacts have Dutch names and phone
numbers; every e-mail address is at example.nl or example.com. The people in
``KNOWN_PEOPLE`` are always there, with the history described for each.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path
from random import Random
from typing import Any

from dateutil.relativedelta import relativedelta
from faker import Faker

from .. import clock
from ..errors import UsageError
from ..files import create_private
from . import numbers
from .people import KNOWN_PEOPLE
from .schema import SCHEMA, TABLES
from .vocabulary import (
    BROWSERS,
    DEVICES,
    FOUNDATIONS,
    HOSTING,
    LEGAL_FORMS,
    PAGES,
    PLACES,
    PROJECTS,
    SHOPS,
    SYSTEMS,
    TRADES,
    Place,
)

__all__ = ["DEFAULT_CONTACTS", "SECRET_PLACEHOLDER", "SEED", "create_crm"]

DEFAULT_CONTACTS = 300
#: Faker's seed; the same seed and day give the same CRM.
SEED = 7551


#: What the ``secret`` column holds: never a real password.
SECRET_PLACEHOLDER = "(voorbeeld, geen echt wachtwoord)"

Row = dict[str, Any]


def create_crm(
    path: Path, *, contacts: int = DEFAULT_CONTACTS, today: date | None = None
) -> dict[str, int]:
    """Write the demo CRM to ``path`` (a new file) and return the rows per table.

    ``contacts`` counts every contact, the known people included.
    """
    minimum = sum(1 for p in KNOWN_PEOPLE if p.customer)
    if contacts < minimum:
        raise UsageError(f"the demo needs at least {minimum} contacts, not {contacts}")
    if path.exists():
        raise UsageError(f"{path} exists; the demo CRM is written to a new file")
    rows = _Generator(today or clock.today()).run(contacts)
    create_private(path)  # made-up people, but kept as the real CRM would be: 0600
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        for table in TABLES:
            if rows[table]:
                names = list(rows[table][0])
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) "
                    f"VALUES ({', '.join(':' + n for n in names)})",
                    rows[table],
                )
        connection.commit()
    finally:
        connection.close()
    return {table: len(rows[table]) for table in TABLES}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_text.lower() if c.isalnum())


def _capitalised(name: str) -> str:
    """A surname at the start of a name: 'van der Plas' becomes 'Van der Plas'."""
    return name[:1].upper() + name[1:]


def _iso(day: date) -> str:
    return day.isoformat()


class _Generator:
    """Builds the rows of every table; ids follow the order rows are added."""

    def __init__(self, today: date) -> None:
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.rng: Random = self.fake.random
        self.today = today
        self.rows: dict[str, list[Row]] = {table: [] for table in TABLES}
        self.emails = {p.email for p in KNOWN_PEOPLE}
        self.kvks: set[str] = set()

    # --- helpers -----------------------------------------------------------------------

    def ago(self, years: int = 0, months: int = 0, days: int = 0) -> date:
        return self.today - relativedelta(years=years, months=months, days=days)

    def day(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def moment(self, day: date) -> datetime:
        """A time during the waking hours of ``day``."""
        return datetime.combine(day, time(7)) + timedelta(seconds=self.rng.randint(0, 15 * 3600))

    def weighted(self, options: tuple[tuple[Any, int], ...]) -> Any:
        values, weights = zip(*options, strict=True)
        return self.rng.choices(values, weights)[0]

    def add(self, table: str, row: Row) -> int:
        rows = self.rows[table]
        rows.append({"id": len(rows) + 1, **row})
        return len(rows)

    def email(self, first: str, last: str) -> str:
        domain = "example.nl" if self.rng.random() < 0.8 else "example.com"
        local = f"{_slug(first)}.{_slug(last)}"
        candidate, n = f"{local}@{domain}", 1
        while candidate in self.emails:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.emails.add(candidate)
        return candidate

    def kvk(self) -> str:
        while True:
            number = numbers.kvk(self.rng)
            if number not in self.kvks:
                self.kvks.add(number)
                return number

    def street(self) -> str:
        return f"{self.fake.street_name()} {self.fake.building_number()}"

    # --- the rows ------------------------------------------------------------------------

    def company(
        self,
        name: str,
        legal_form: str,
        place: Place,
        created: date,
        ended: date | None,
        street: str | None = None,
    ) -> int:
        rng = self.rng
        vat: str | None = numbers.btw(rng, sole_trader=legal_form == "eenmanszaak")
        if legal_form == "stichting" and rng.random() < 0.5:
            vat = None  # a foundation that is no entrepreneur for VAT
        iban, bic = numbers.iban(rng) if rng.random() < 0.85 else (None, None)
        postal: dict[str, str | None] = dict.fromkeys(
            ("postal_street", "postal_postcode", "postal_city")
        )
        if rng.random() < 0.12:
            postal = {
                "postal_street": f"Postbus {rng.randint(10, 999)}",
                "postal_postcode": numbers.postcode(rng, place.first, place.last),
                "postal_city": place.city,
            }
        return self.add(
            "companies",
            {
                "name": name,
                "legal_form": legal_form,
                "kvk": self.kvk(),
                "vat_number": vat,
                "iban": iban,
                "bic": bic,
                "phone": numbers.landline(rng, place.area) if rng.random() < 0.7 else None,
                "street": street or self.street(),
                "postcode": numbers.postcode(rng, place.first, place.last),
                "city": place.city,
                **postal,
                "created_at": _iso(created),
                "ended_at": _iso(ended) if ended else None,
            },
        )

    def contact(
        self,
        company_id: int,
        first: str,
        last: str,
        created: date,
        ended: date | None,
        *,
        email: str | None = None,
        phone: str | None = None,
    ) -> int:
        rng = self.rng
        return self.add(
            "contacts",
            {
                "company_id": company_id,
                "first_name": first,
                "last_name": last,
                "email": email or self.email(first, last),
                "phone": phone or (numbers.mobile(rng) if rng.random() < 0.85 else None),
                "created_at": _iso(created),
                "ended_at": _iso(ended) if ended else None,
            },
        )

    def project(
        self, company_id: int, contact_id: int, title: str, started: date, ended: date | None
    ) -> int:
        return self.add(
            "projects",
            {
                "company_id": company_id,
                "contact_id": contact_id,
                "title": title,
                "started_at": _iso(started),
                "ended_at": _iso(ended) if ended else None,
            },
        )

    def invoice(self, company_id: int, contact_id: int | None, day: date, what: str) -> None:
        company = self.rows["companies"][company_id - 1]
        low, high = PROJECTS.get(what, (120, 480))
        amount = self.rng.randint(low, high) * 100 + self.rng.choice((0, 0, 50, 95))
        person = self.rows["contacts"][contact_id - 1] if contact_id else None
        street = company["postal_street"] or company["street"]
        postcode = company["postal_postcode"] or company["postcode"]
        city = company["postal_city"] or company["city"]
        # Numbered and given ids in date order when the CRM is finished.
        self.rows["invoices"].append(
            {
                "company_id": company_id,
                "invoice_date": _iso(day),
                "description": what,
                "amount_cents": amount,
                "vat_cents": round(amount * 0.21),
                "attention_of": (
                    f"{person['first_name']} {person['last_name']}" if person else None
                ),
                "email": person["email"] if person else None,
                "billing_address": f"{street}, {postcode} {city}",
                "vat_number": company["vat_number"],
            }
        )

    def subscriber(
        self,
        email: str,
        first: str,
        last: str,
        subscribed: datetime,
        confirmed: bool = True,
        unsubscribed: datetime | None = None,
    ) -> None:
        confirmed_at = subscribed + timedelta(minutes=self.rng.randint(2, 2 * 24 * 60))
        self.rows["newsletter_subscribers"].append(
            {
                "email": email,
                "first_name": first,
                "last_name": last,
                "subscribed_at": subscribed.isoformat(" "),
                "confirmed_at": confirmed_at.isoformat(" ") if confirmed else None,
                "unsubscribed_at": unsubscribed.isoformat(" ") if unsubscribed else None,
            }
        )

    def visit(self, contact_id: int | None, day: date, city: str | None = None) -> None:
        ip = self.fake.ipv4_public().rsplit(".", 1)[0] + ".0"
        self.rows["website_visits"].append(
            {
                "contact_id": contact_id,
                "visited_at": self.moment(day).isoformat(" "),
                "ip_address": ip,
                "page": self.rng.choice(PAGES),
                "browser": self.rng.choice(BROWSERS),
                "device_type": self.weighted(DEVICES),
                "city": city or self.weighted(PLACES).city,
            }
        )

    def credential(
        self, company_id: int, contact_id: int, system: tuple[str, str], day: date
    ) -> None:
        company = self.rows["companies"][company_id - 1]
        person = self.rows["contacts"][contact_id - 1]
        domain = f"{_slug(company['name'])}.example.nl"
        name, host = system
        username = (
            person["email"]
            if name in ("Apple ID", "Mailbox (IMAP)")
            else _slug(person["first_name"] + person["last_name"])
        )
        self.add(
            "third_party_credentials",
            {
                "company_id": company_id,
                "contact_id": contact_id,
                "system": name,
                "host": host.format(domain=domain),
                "username": username,
                "secret": SECRET_PLACEHOLDER,
                "created_at": _iso(day),
                "ended_at": company["ended_at"],
            },
        )

    # --- the whole CRM --------------------------------------------------------------------

    def run(self, contacts: int) -> dict[str, list[Row]]:
        self.known_people()
        budget = contacts - len(self.rows["contacts"])
        while budget > 0:
            budget -= self.random_company(budget)
        self.random_subscribers(contacts // 6)
        self.anonymous_visits(contacts * 3)
        self.finish()
        return self.rows

    def known_people(self) -> None:
        jan, piet, sanne = KNOWN_PEOPLE
        hengelo, borne = PLACES[0][0], PLACES[2][0]

        since = self.ago(years=10, months=3)
        company = self.company(
            "Jansen Fotografie", "eenmanszaak", hengelo, since, None, "Voorbeeldweg 7"
        )
        person = self.contact(
            company,
            jan.first_name,
            jan.last_name,
            since,
            None,
            email=jan.email,
            phone="06-12345678",
        )
        self.project(company, person, "Huisstijl en logo", self.ago(9, 5), self.ago(9, 2, 10))
        self.project(company, person, "Nieuwe website", self.ago(4, 3), self.ago(3, 11))
        self.project(company, person, "Onderhoud website", self.ago(0, 2, 5), None)
        for when, what in (
            (self.ago(9, 2), "Huisstijl en logo"),
            (self.ago(8, 1), HOSTING),
            (self.ago(7, 4), HOSTING),  # older than 7 years: no longer under the hold
            (self.ago(6, 6), HOSTING),  # younger than 7 years: kept under the hold
            (self.ago(3, 11), "Nieuwe website"),
            (self.ago(2, 3), HOSTING),
            (self.ago(1), HOSTING),
            (self.ago(0, 2), "Onderhoud website"),
        ):
            self.invoice(company, person, when, what)
        for months in (11, 7, 5, 2, 1, 0):
            self.visit(person, self.ago(0, months, 3), "Hengelo")
        self.subscriber(jan.email, jan.first_name, jan.last_name, self.moment(self.ago(3, 1, 12)))
        self.credential(company, person, SYSTEMS[0], self.ago(4, 2))
        self.credential(company, person, SYSTEMS[2], self.ago(4, 2))

        since, ended = self.ago(6, 4), self.ago(0, 3)
        company = self.company(
            "Bakker & Smit Installatietechniek V.O.F.", "vof", borne, since, ended
        )
        person = self.contact(
            company, piet.first_name, piet.last_name, since, ended, email=piet.email
        )
        self.project(company, person, "Nieuwe website", self.ago(5, 1), self.ago(4, 10))
        for when, what in (
            (self.ago(4, 10), "Nieuwe website"),
            (self.ago(3, 2), HOSTING),
            (self.ago(0, 4), "Vindbaarheid (SEO)"),
        ):
            self.invoice(company, person, when, what)
        for when in (self.ago(2, 5), self.ago(2, 1)):
            self.visit(person, when, "Borne")
        self.subscriber(
            piet.email,
            piet.first_name,
            piet.last_name,
            self.moment(self.ago(4, 6)),
            unsubscribed=self.moment(self.ago(0, 4, 2)),
        )

        self.subscriber(
            sanne.email, sanne.first_name, sanne.last_name, self.moment(self.ago(1, 0, 20))
        )

    def random_company(self, budget: int) -> int:
        """Add a company with its people and history; returns how many contacts it has."""
        rng, fake = self.rng, self.fake
        form = self.weighted(LEGAL_FORMS)
        place = self.weighted(PLACES)
        size = {
            "eenmanszaak": (1, 1, 1, 2),
            "vof": (2,),
            "bv": (1, 2, 3, 4),
            "stichting": (1, 2, 3),
        }
        people = [(fake.first_name(), fake.last_name()) for _ in range(rng.choice(size[form]))]
        people = people[:budget]
        owner = _capitalised(people[0][1])
        if form == "eenmanszaak":
            name = (
                f"{owner} {rng.choice(TRADES)}"
                if rng.random() < 0.5
                else f"{rng.choice(SHOPS)} {owner}"
            )
        elif form == "vof":
            partner = _capitalised(people[1][1] if len(people) > 1 else fake.last_name())
            name = f"{owner} & {partner} {rng.choice(TRADES)} V.O.F."
        elif form == "bv":
            name = (
                f"{owner} {rng.choice(TRADES)} B.V."
                if rng.random() < 0.5
                else f"{rng.choice(TRADES)} {place.city} B.V."
            )
        else:
            name = f"Stichting {rng.choice(FOUNDATIONS)} {place.city}"

        created = self.day(self.ago(years=12), self.ago(days=30))
        ended = None
        if rng.random() < 0.15 and created < self.ago(days=200):
            ended = self.day(created + timedelta(days=180), self.ago(days=1))
        last_day = ended or self.today
        company = self.company(name, form, place, created, ended)

        contact_ids = []
        for index, (first, last) in enumerate(people):
            joined = (
                created
                if index == 0
                else self.day(created, min(last_day, created + timedelta(days=700)))
            )
            left = ended
            if left is None and index > 0 and rng.random() < 0.06:
                leaving = joined + timedelta(days=30)
                if leaving < self.ago(days=1):  # never a departure after today
                    left = self.day(leaving, self.ago(days=1))
            contact_ids.append(self.contact(company, first, last, joined, left))

        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            title = rng.choice(sorted(PROJECTS))
            started = self.day(created, last_day)
            finished: date | None = started + timedelta(days=rng.randint(14, 150))
            if finished is not None and finished >= last_day:
                finished = ended  # a project still running, or cut short by the end
            person = rng.choice(contact_ids)
            self.project(company, person, title, started, finished)
            if finished is not None:
                self.invoice(company, person, finished, title)
            elif started < self.ago(days=30):
                self.invoice(company, person, started + timedelta(days=14), title)
        if rng.random() < 0.45:
            year = created + relativedelta(years=1)
            while year < last_day:
                self.invoice(company, contact_ids[0], year, HOSTING)
                year += relativedelta(years=1)
        if rng.random() < 0.12:
            for system in rng.sample(SYSTEMS, rng.choice((1, 1, 2))):
                self.credential(company, contact_ids[0], system, self.day(created, last_day))

        for contact_id in contact_ids:
            row = self.rows["contacts"][contact_id - 1]
            joined = date.fromisoformat(row["created_at"])
            left = date.fromisoformat(row["ended_at"]) if row["ended_at"] else self.today
            if rng.random() < 0.3:
                start = max(joined, self.ago(years=6))
                subscribed = self.moment(self.day(start, self.ago(days=1)))
                self.subscribe(row["email"], row["first_name"], row["last_name"], subscribed)
            if rng.random() < 0.5:
                start = max(joined - timedelta(days=60), self.ago(years=3))
                for _ in range(rng.randint(1, 10)):
                    self.visit(contact_id, self.day(start, min(left, self.ago(days=1))))
        return len(people)

    def subscribe(self, email: str, first: str, last: str, subscribed: datetime) -> None:
        """A subscription with a random outcome: confirmed, pending, or withdrawn."""
        rng = self.rng
        confirmed = rng.random() < 0.92
        unsubscribed = None
        if confirmed and rng.random() < 0.18:
            days = (datetime.combine(self.today, time()) - subscribed).days
            if days > 2:
                unsubscribed = subscribed + timedelta(days=rng.randint(2, days))
        self.subscriber(email, first, last, subscribed, confirmed, unsubscribed)

    def random_subscribers(self, count: int) -> None:
        for _ in range(count):
            first, last = self.fake.first_name(), self.fake.last_name()
            subscribed = self.moment(self.day(self.ago(years=6), self.ago(days=1)))
            self.subscribe(self.email(first, last), first, last, subscribed)

    def anonymous_visits(self, count: int) -> None:
        for _ in range(count):
            self.visit(None, self.day(self.ago(years=3), self.ago(days=1)))

    def finish(self) -> None:
        """Number the invoices and give invoices, subscribers and visits ids in time order."""
        for table, when in (
            ("invoices", "invoice_date"),
            ("newsletter_subscribers", "subscribed_at"),
            ("website_visits", "visited_at"),
        ):
            ordered = sorted(enumerate(self.rows[table]), key=lambda item: (item[1][when], item[0]))
            self.rows[table] = [{"id": n, **row} for n, (_, row) in enumerate(ordered, start=1)]
        per_year: dict[str, int] = {}
        for row in self.rows["invoices"]:
            year = row["invoice_date"][:4]
            per_year[year] = per_year.get(year, 0) + 1
            row["number"] = f"{year}-{per_year[year]:04d}"
