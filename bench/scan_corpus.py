"""Generate the scanner benchmark's corpus: Dutch documents with ground truth.

Writes ``bench/data/scan/corpus.jsonl`` (git-ignored): one document a line, as
``{"kind": ..., "text": ..., "spans": [[start, end, entity], ...]}``. The documents are
the kinds of text personal data hides in: customer letters, CRM notes, invoices,
e-mails, server logs, copies of identity documents and plain prose. Every piece of
personal data is planted with its span; so are hard negatives, which are *not* in the
truth: BSNs and IBANs with a wrong check digit, eight-digit numbers that are customer
or order numbers and not KvK numbers, nine-digit order numbers that pass the 11-test,
and dates that are invoice or delivery dates and not dates of birth.

People's names come from Faker's Belgian lists (nl_BE, from Statbel), which the
scanner's gazetteer leaves out; street names, towns and companies from Faker's
nl_NL lists. Seeded: the same corpus on every machine.

    python bench/scan_corpus.py --megabytes 10
"""

from __future__ import annotations

import argparse
import json
import random
import string
import unicodedata
from collections.abc import Callable
from pathlib import Path

import phonenumbers
from faker import Faker
from stdnum import luhn
from stdnum.nl import bsn as _bsn

from waarborg.demo import numbers
from waarborg.scan.recognizers.mrz import check_digit

OUT = Path(__file__).resolve().parent / "data" / "scan"

_MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
MONTHS = _MONTHS.split()
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
DOC_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


class Doc:
    """A document under construction: its text and the spans of its personal data."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[list[object]] = []

    def add(self, text: str) -> Doc:
        self.parts.append(text)
        self.size += len(text)
        return self

    def ent(self, entity: str, text: str) -> Doc:
        self.spans.append([self.size, self.size + len(text), entity])
        return self.add(text)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": "".join(self.parts), "spans": self.spans}


class Gen:
    """Random Dutch personal data, valid by its own checks, and hard negatives."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nl = Faker("nl_NL")
        self.be = Faker("nl_BE")
        self.nl.seed_instance(seed)
        self.be.seed_instance(seed + 1)

    # --- people -----------------------------------------------------------------------
    def first(self) -> str:
        return str(self.be.first_name())

    def last(self) -> str:
        return str(self.be.last_name())

    def full_name(self) -> str:
        return f"{self.first()} {self.last()}"

    def email(self, first: str | None = None, last: str | None = None) -> str:
        first = first or self.first()
        last = last or self.last()
        local = _ascii(f"{first}.{last}".lower().replace(" ", ""))
        domain = self.rng.choice(
            ["gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com", "example.nl"]
        )
        if self.rng.random() < 0.3:
            local = _ascii(first.lower()) + str(self.rng.randint(1, 99))
        return f"{local}@{domain}"

    def phone(self) -> str:
        rng = self.rng
        while True:
            kind = rng.random()
            if kind < 0.45:
                number = f"6{rng.randint(10_000_000, 99_999_999)}"
            elif kind < 0.8:
                area = rng.choice(["20", "10", "30", "70", "74", "53", "50", "40", "43", "55"])
                rest = rng.randint(0, 10 ** (7 - len(area)) - 1)
                number = f"{area}{rng.randint(2, 9)}{rest:0{8 - len(area)}d}"
            else:
                country, national = rng.choice(
                    [("32", f"4{rng.randint(60, 99)}{rng.randint(100000, 999999)}"),
                     ("49", f"30{rng.randint(1000000, 9999999)}"),
                     ("44", f"20{rng.randint(70000000, 79999999)}"),
                     ("33", f"6{rng.randint(10000000, 99999999)}")]
                )  # fmt: skip
                text = f"+{country} {national[:3]} {national[3:]}"
                if phonenumbers.is_valid_number(phonenumbers.parse(text)):
                    return text
                continue
            written = self._write_dutch(number)
            if phonenumbers.is_valid_number(phonenumbers.parse(written, "NL")):
                return written

    def _write_dutch(self, number: str) -> str:
        rng = self.rng
        area = 1 if number.startswith("6") else 2
        style = rng.random()
        if style < 0.3:
            return f"0{number[:area]}-{number[area:]}"
        if style < 0.5:
            return f"0{number}"
        if style < 0.65:
            rest = number[area:]
            return f"0{number[:area]} {rest[:4]} {rest[4:]}"
        if style < 0.8:
            return f"+31 {number[:area]} {number[area:]}"
        if style < 0.9:
            return f"+31 (0){number[:area]} {number[area:]}"
        return f"(0{number[:area]}) {number[area:]}"

    def bsn(self) -> str:
        while True:
            text = f"{self.rng.randint(100_000_000, 999_999_999)}"
            if _bsn.is_valid(text):
                return text if self.rng.random() < 0.8 else f"{text[:4]}.{text[4:6]}.{text[6:]}"

    def bad_bsn(self) -> str:
        while True:
            text = f"{self.rng.randint(100_000_000, 999_999_999)}"
            if not _bsn.is_valid(text):
                return text

    def eleven_proof_order(self) -> str:
        """A nine-digit order number that happens to pass the 11-test."""
        while True:
            text = f"{self.rng.randint(100_000_000, 999_999_999)}"
            if _bsn.is_valid(text):
                return text

    def iban(self) -> str:
        number, _ = numbers.iban(self.rng)
        if self.rng.random() < 0.25:
            number = self._foreign_iban()
        if self.rng.random() < 0.5:
            return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        return number

    def _foreign_iban(self) -> str:
        from stdnum import iban

        country, bban = self.rng.choice(
            [("BE", f"{self.rng.randint(0, 10**12 - 1):012d}"),
             ("DE", f"{self.rng.randint(0, 10**18 - 1):018d}"),
             ("FR", f"{self.rng.randint(0, 10**10 - 1):010d}"
                    f"{''.join(self.rng.choices(string.ascii_uppercase + string.digits, k=11))}"
                    f"{self.rng.randint(0, 99):02d}")]
        )  # fmt: skip
        for _ in range(200):
            number = f"{country}{iban.calc_check_digits(country + '00' + bban)}{bban}"
            if iban.is_valid(number):
                return number
            bban = bban[:-2] + f"{self.rng.randint(0, 99):02d}"
        return numbers.iban(self.rng)[0]

    def bad_iban(self) -> str:
        number, _ = numbers.iban(self.rng)
        check = int(number[2:4])
        return f"{number[:2]}{(check + self.rng.randint(1, 90)) % 97 + 2:02d}{number[4:]}"

    def bic(self) -> str:
        return self.rng.choice(sorted(numbers.BANKS.values()))

    def kvk(self) -> str:
        return numbers.kvk(self.rng)

    def btw(self) -> str:
        return numbers.btw(self.rng, sole_trader=self.rng.random() < 0.4)

    def postcode(self) -> str:
        code = numbers.postcode(self.rng, 1000, 9999)
        return code if self.rng.random() < 0.8 else code.replace(" ", "")

    def dob(self) -> str:
        rng = self.rng
        year, month, day = rng.randint(1935, 2008), rng.randint(1, 12), rng.randint(1, 28)
        style = rng.random()
        if style < 0.4:
            return f"{day:02d}-{month:02d}-{year}"
        if style < 0.55:
            return f"{day:02d}/{month:02d}/{year}"
        if style < 0.75:
            return f"{year}-{month:02d}-{day:02d}"
        return f"{day} {MONTHS[month - 1]} {year}"

    def other_date(self) -> str:
        rng = self.rng
        year, month, day = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.5:
            return f"{day:02d}-{month:02d}-{year}"
        return f"{day} {MONTHS[month - 1]} {year}"

    def document_number(self) -> str:
        rng = self.rng
        body = "".join(rng.choices(DOC_LETTERS + string.digits, k=6))
        return "".join(rng.choices(DOC_LETTERS, k=2)) + body + str(rng.randint(0, 9))

    def card(self) -> str:
        rng = self.rng
        prefix = rng.choice(["4", "51", "52", "53", "54", "55", "2221"])
        body = prefix + "".join(rng.choices(string.digits, k=15 - len(prefix)))
        number = body + luhn.calc_check_digit(body)
        if rng.random() < 0.6:
            return " ".join(number[i : i + 4] for i in range(0, 16, 4))
        return number

    def plate(self) -> str:
        rng = self.rng

        def letters(n: int) -> str:
            return "".join(rng.choices(PLATE_LETTERS, k=n))

        def digits(n: int) -> str:
            return "".join(rng.choices(string.digits, k=n))

        return rng.choice(
            [f"{letters(2)}-{digits(3)}-{letters(1)}", f"{digits(1)}-{letters(3)}-{digits(2)}",
             f"{letters(1)}-{digits(3)}-{letters(2)}", f"{digits(2)}-{letters(3)}-{digits(1)}",
             f"{letters(2)}-{letters(2)}-{digits(2)}", f"{digits(2)}-{letters(2)}-{letters(2)}"]
        )  # fmt: skip

    def ipv4(self) -> str:
        rng = self.rng
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))

    def ipv6(self) -> str:
        rng = self.rng
        groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
        if rng.random() < 0.5:
            return "2001:db8::" + ":".join(groups[:3])
        return ":".join(groups)

    def mrz(self, first: str, last: str, dob_ymd: str) -> str:
        number = self.document_number()
        surname = _mrz_name(last)
        given = _mrz_name(first)
        expiry = f"{self.rng.randint(27, 34)}0{self.rng.randint(1, 9)}1{self.rng.randint(0, 9)}"
        if self.rng.random() < 0.5:  # TD3, passport
            line1 = f"P<NLD{surname}<<{given}".ljust(44, "<")[:44]
            body = (
                f"{number}{check_digit(number)}NLD{dob_ymd}{check_digit(dob_ymd)}"
                f"F{expiry}{check_digit(expiry)}"
            )
            line2 = (body + "999999990<<<<<").ljust(43, "<")[:43]
            return f"{line1}\n{line2}{check_digit(line2[:10] + line2[13:20] + line2[21:43])}"
        line1 = f"I<NLD{number}{check_digit(number)}".ljust(30, "<")
        line2 = f"{dob_ymd}{check_digit(dob_ymd)}M{expiry}{check_digit(expiry)}NLD".ljust(29, "<")
        line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
        line3 = f"{surname}<<{given}".ljust(30, "<")[:30]
        return f"{line1}\n{line2}\n{line3}"

    # --- words that are not personal data ----------------------------------------------
    def town(self) -> str:
        return str(self.nl.city())

    def street(self) -> str:
        return f"{self.nl.street_name()} {self.rng.randint(1, 250)}"

    def company(self) -> str:
        return str(self.nl.company())

    def sentence(self) -> str:
        return self.rng.choice(SENTENCES).format(
            town=self.town(), company=self.company(), month=self.rng.choice(MONTHS).capitalize()
        )

    def prose(self, count: int) -> str:
        return " ".join(self.sentence() for _ in range(count))


SENTENCES = [
    "Wij hebben uw bericht in goede orde ontvangen en nemen zo snel mogelijk contact met u op.",
    "De levering staat gepland voor volgende week, tenzij de leverancier in {town} "
    "vertraging heeft.",
    "Het project met {company} loopt volgens planning; de oplevering is in {month}.",
    "Tijdens het overleg in {town} is afgesproken dat de offerte voor het eind van de maand komt.",
    "Graag ontvangen wij de getekende overeenkomst retour, dan kunnen we starten.",
    "De website is vernieuwd en de nieuwe huisstijl is goed ontvangen door de klanten.",
    "Met vriendelijke groet, namens het hele team van {company}.",
    "Onze kantoren in {town} zijn tijdens de feestdagen gesloten.",
    "De factuur is verstuurd naar het bekende adres; betaling binnen dertig dagen graag.",
    "Het webinar over de AVG trok veel deelnemers uit de regio {town}.",
    "In {month} verhuist de afdeling naar een nieuw pand aan de rand van {town}.",
    "De storing op de server is verholpen; er zijn geen gegevens verloren gegaan.",
    "Na de evaluatie besloot de directie van {company} het contract met een jaar te verlengen.",
    "Vergeet niet de nieuwsbrief van {month} te controleren voordat hij verstuurd wordt.",
    "The meeting in {town} was moved to Thursday because the trainer was ill.",
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")


def _mrz_name(name: str) -> str:
    return "".join(c if c.isalpha() else "<" for c in _ascii(name).upper())


# --- the kinds of document ---------------------------------------------------------------


def letter(g: Gen) -> Doc:
    d = Doc("letter")
    first, last = g.first(), g.last()
    title = g.rng.choice(["de heer", "mevrouw"])
    d.add(f"{g.company()}\n{g.street()}\n").ent("postcode", g.postcode()).add(f" {g.town()}\n\n")
    d.add(f"{g.town()}, {g.other_date()}\n\nGeachte {title} ").ent("person_name", last).add(",\n\n")
    d.add(g.prose(3) + " ")
    d.add("Uw klantnummer is ").add(f"{g.rng.randint(10_000_000, 99_999_999)}")
    d.add(" en de factuurdatum was ").add(g.other_date()).add(". ")
    if g.rng.random() < 0.5:
        d.add("Wij storten het bedrag op rekening ").ent("iban", g.iban())
        d.add(" ten name van ").ent("person_name", f"{first} {last}").add(". ")
    d.add(g.prose(4) + "\n\nMet vriendelijke groet,\n\n").ent("person_name", g.full_name())
    d.add(f"\n{g.company()}\nTelefoon ").ent("phone", g.phone()).add("\n\n")
    return d


def crm(g: Gen) -> Doc:
    d = Doc("crm")
    first, last = g.first(), g.last()
    d.add("Naam: ").ent("person_name", f"{first} {last}").add(f"\nAdres: {g.street()}, ")
    d.ent("postcode", g.postcode()).add(f" {g.town()}\nTelefoon: ").ent("phone", g.phone())
    d.add("\nE-mail: ").ent("email", g.email(first, last))
    if g.rng.random() < 0.7:
        label = g.rng.choice(["Geboortedatum: ", "Geboren op ", "Geb. ", "Date of birth: "])
        d.add(f"\n{label}").ent("date_of_birth", g.dob())
    if g.rng.random() < 0.4:
        d.add("\nBSN: ").ent("bsn", g.bsn())
    if g.rng.random() < 0.3:
        d.add("\nBSN (controle mislukt): ").add(g.bad_bsn())
    d.add("\nIBAN: ").ent("iban", g.iban())
    if g.rng.random() < 0.3:
        d.add("\nOud rekeningnummer (ongeldig): IBAN ").add(g.bad_iban())
    d.add(f"\nKlant sinds: {g.other_date()}\nOrdernummer: {g.eleven_proof_order()}")
    d.add("\nNotitie: " + g.prose(2) + " Belde vanaf ").ent("phone", g.phone()).add(".\n\n")
    return d


def invoice(g: Gen) -> Doc:
    d = Doc("invoice")
    d.add(f"FACTUUR {g.rng.randint(2020, 2026)}-{g.rng.randint(1, 9999):04d}\n")
    d.add(f"Factuurdatum: {g.other_date()}\nVervaldatum: {g.other_date()}\n\n")
    d.add(f"{g.company()}\n{g.street()}\n").ent("postcode", g.postcode()).add(f" {g.town()}\n")
    kvk_label = g.rng.choice(["KvK ", "KvK-nummer: ", "Kamer van Koophandel nr. ", "KvK nr "])
    d.add(kvk_label).ent("kvk", g.kvk()).add("\nBTW-nummer: ").ent("btw", g.btw())
    d.add("\nIBAN ").ent("iban", g.iban()).add(" BIC ").ent("bic", g.bic()).add("\n\n")
    d.add("t.a.v. ").ent("person_name", g.full_name()).add("\n")
    d.add(f"Debiteurnummer {g.rng.randint(10_000_000, 99_999_999)}\n")
    d.add(f"Dossiernummer: {g.rng.randint(10_000_000, 99_999_999)}\n")
    d.add(f"Geleverd op {g.other_date()}\n")
    for _ in range(g.rng.randint(2, 6)):
        d.add(f"  {g.rng.randint(1, 20)} x artikel {g.rng.randint(1000, 9999)}  "
              f"EUR {g.rng.randint(5, 900)},{g.rng.randint(0, 99):02d}\n")  # fmt: skip
    d.add(g.prose(2) + "\n\n")
    return d


def mail(g: Gen) -> Doc:
    d = Doc("mail")
    first, last = g.first(), g.last()
    d.add("Van: ").ent("person_name", f"{first} {last}").add(" <").ent(
        "email", g.email(first, last)
    )
    d.add(">\nAan: ").ent("email", g.email()).add(
        f"\nOnderwerp: {g.rng.choice(['Vraag', 'Afspraak', 'Klacht', 'Offerte'])}\n\n"
    )
    d.add("Beste ").ent("person_name", g.first()).add(",\n\n" + g.prose(3) + " ")
    d.add("Kun je ").ent("person_name", g.full_name()).add(" terugbellen op ").ent(
        "phone", g.phone()
    )
    d.add("? " + g.prose(2) + " ")
    if g.rng.random() < 0.3:
        d.add("Ik heb betaald met creditcard ").ent("payment_card", g.card()).add(". ")
    if g.rng.random() < 0.3:
        d.add("De auto met kenteken ").ent("licence_plate", g.plate()).add(" staat klaar. ")
    if g.rng.random() < 0.3:
        d.add("Mijn burgerservicenummer is ").ent("bsn", g.bsn()).add(". ")
    d.add("\n\nGroet,\n").ent("person_name", first).add("\n\n")
    return d


def log(g: Gen) -> Doc:
    d = Doc("log")
    for _ in range(g.rng.randint(5, 15)):
        day = f"2026-{g.rng.randint(1, 12):02d}-{g.rng.randint(1, 28):02d}"
        hour = g.rng.randint(0, 23)
        stamp = f"{day} {hour:02d}:{g.rng.randint(0, 59):02d}:{g.rng.randint(0, 59):02d}"
        d.add(f"{stamp} INFO login ok user=").ent("email", g.email()).add(" ip=")
        if g.rng.random() < 0.3:
            d.ent("ipv6", g.ipv6())
        else:
            d.ent("ipv4", g.ipv4())
        d.add(f" session={g.rng.getrandbits(64):016x} took={g.rng.randint(1, 900)}ms\n")
    d.add("\n")
    return d


def id_copy(g: Gen) -> Doc:
    d = Doc("id_copy")
    first, last = g.first(), g.last()
    year, month, day = g.rng.randint(1940, 2006), g.rng.randint(1, 12), g.rng.randint(1, 28)
    kind = g.rng.choice(["paspoort", "identiteitskaart"])
    d.add(f"Kopie {kind}\nNaam: ").ent("person_name", f"{first} {last}").add("\n")
    label = "Paspoortnummer: " if kind == "paspoort" else "Documentnummer: "
    d.add(label).ent("passport" if kind == "paspoort" else "id_card", g.document_number())
    d.add("\nGeboortedatum: ").ent("date_of_birth", f"{day:02d}-{month:02d}-{year}")
    d.add("\nBSN: ").ent("bsn", g.bsn()).add(f"\nGeldig tot: {g.other_date()}\n\n")
    d.ent("mrz", g.mrz(first, last, f"{year % 100:02d}{month:02d}{day:02d}")).add("\n\n")
    return d


def prose(g: Gen) -> Doc:
    d = Doc("prose")
    d.add(g.prose(g.rng.randint(4, 12)) + " ")
    if g.rng.random() < 0.5:
        d.add("Onze contactpersoon ").ent("person_name", g.full_name()).add(" is bereikbaar via ")
        d.ent("email", g.email()).add(". ")
    if g.rng.random() < 0.4:
        d.add("Het bedrijf is ingeschreven bij de Kamer van Koophandel onder nummer ")
        d.ent("kvk", g.kvk()).add(". ")
    d.add(g.prose(g.rng.randint(2, 6)) + "\n\n")
    return d


KINDS: list[tuple[Callable[[Gen], Doc], int]] = [
    (letter, 3), (crm, 3), (invoice, 2), (mail, 3), (log, 1), (id_copy, 1), (prose, 3),
]  # fmt: skip


def generate(megabytes: float, seed: int = 20261205) -> list[dict[str, object]]:
    g = Gen(seed)
    makers = [maker for maker, weight in KINDS for _ in range(weight)]
    docs: list[dict[str, object]] = []
    size = 0
    while size < megabytes * 1_000_000:
        doc = g.rng.choice(makers)(g).as_dict()
        size += len(str(doc["text"]).encode())
        docs.append(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    docs = generate(args.megabytes)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    spans = sum(len(doc["spans"]) for doc in docs)  # type: ignore[arg-type,misc]
    print(f"wrote {path}: {len(docs)} documents, {spans} spans of personal data")


if __name__ == "__main__":
    main()
