"""Generate the real-data scanner corpus: files as Dutch organisations keep them.

Writes ``bench/data/scan/real/`` (git-ignored): one file per document (CSV exports
with and without a header, comma or semicolon separated, quoted or not; XLSX
spreadsheets; e-mails with signatures; letters; server logs; nested JSON from APIs;
Markdown README files), ``truth.jsonl`` with the exact character spans of each planted
value and its kind (for a spreadsheet: the sheet, the cell and the kind), and
``corpus.jsonl`` with the text documents in the form ``bench/presidio_runner.py``
reads. ``generate()`` gives the same documents in memory.

**This generator shares nothing with the recognizers.** It imports nothing from
``waarborg`` and none of the libraries the recognizers check values with
(python-stdnum, phonenumbers, Faker), and it was written without reading
``src/waarborg/scan/``. Every value is made here from the public rules:

- BSN: any nine digits (leading zeros too) passing the 11-proof
  (9a+8b+...+2h-1i divisible by 11), written ``123456782``, ``123 456 782``,
  ``123.456.782`` or ``1234.56.782``;
- IBAN: ``NL`` + ISO 13616 mod-97 check digits + a real bank code (ABNA, RABO, INGB,
  SNSB, TRIO, ASNB, KNAB, BUNQ, RBRB, FVLB, ...) + ten digits, the account passing
  the old 11-proof except at ING (former Postbank numbers); grouped in fours or
  not, upper or lower case;
- postcode: 1000-9999 and any two letters but SA, SD and SS (PostNL issues I, O, Q,
  U and Y since 2005), written ``1234AB``, ``1234 AB``, ``1234 ab``, ``1234  AB``;
- telephone: the area codes of the Dutch numbering plan, 06 mobile and 085/088
  numbers, in the ways people write them (``06-12345678``, ``+31 6 12345678``,
  ``0031 20 123 4567``, ``085 - 782 27 77``, ``(020) 123 45 67``, ...);
- KvK: eight digits with the labels real documents use (KvK, K.v.K., KvK-nummer,
  Kamer van Koophandel, CoC, Handelsregister) or none, in a company-details block;
- BTW: ``NL`` + nine digits + ``B`` + two digits, either a fiscal number passing the
  11-proof (legal entities) or a sole trader's number passing ISO 7064 mod 97-10
  over the whole identifier; with spaces, dots or in lower case;
- dates of birth 1930-2008 with and without labels (geb., geboren op,
  geboortedatum, DOB, date of birth, a CSV column or JSON field named so, a list of
  participants), as ``12-03-1985``, ``12/03/1985``, ``1985-03-12``, ``12 maart 1985``;
- names: by default (``--names mimesis``) the Dutch first names and surnames of the
  Mimesis project's ``nl`` locale, drawn evenly, a source that the scanner's gazetteer
  (Meertens Instituut and Faker) was not built from; with ``--names meertens``, first
  names from the Meertens Instituut's Voornamenbank and surnames from its
  Familienamenbank, weighted by frequency, the databases the gazetteer was built from
  (``bench/scan_real_names/``, see its NOTICE.md for sources and licences); written
  whole, with initials and with titles as letters write them.

Hard negatives are planted and are not in the truth: BSNs, IBANs and BTW numbers
with a wrong check, nine-digit order numbers that pass the 11-proof, eight-digit
customer and invoice numbers, invoice and log dates, years followed by a short word
(``sinds 2019 al``), file sizes (``2048 KB``), organisations and streets named after
people (``Albert Heijn``, ``Nova College``, ``Stichting Jansen``, ``Johannes
Vermeerstraat``). Seeded: the same corpus on every machine.

    python bench/scan_real_corpus.py --megabytes 4
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "scan" / "real"
NAMES = HERE / "scan_real_names"

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
MONTH_NAMES = MONTHS.split()
MONTH_SHORT = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()

# Bank codes of Dutch banks in the IBAN (De Nederlandsche Bank's BIC list).
BANKS = "ABNA RABO INGB SNSB TRIO ASNB KNAB BUNQ RBRB FVLB NNBA REVO HAND BITS AEGO".split()
BANK_WEIGHTS = [20, 22, 25, 6, 3, 3, 3, 4, 2, 1, 1, 1, 1, 1, 1]

# Geographic area codes of the Dutch numbering plan (ACM).
AREA_2 = "10 13 15 20 23 24 26 30 33 35 36 38 40 43 45 46 50 53 55 58 70 71 72 73 74 75 76 77 78 79"
AREA_3 = (
    "111 113 114 115 117 118 161 162 164 165 166 167 168 172 174 180 181 182 183 184 186 187 "
    "222 223 224 226 227 228 229 251 252 255 294 297 299 313 314 315 316 317 318 320 321 341 "
    "342 343 344 345 346 347 348 411 412 413 416 418 475 478 481 485 486 487 488 492 493 495 "
    "497 499 511 512 513 514 515 516 517 518 519 521 522 523 524 525 527 528 529 541 543 544 "
    "545 546 547 548 561 562 566 570 571 572 573 575 577 578 591 592 593 594 595 596 597 598 599"
)
AREAS2 = AREA_2.split()
AREAS3 = AREA_3.split()

_TOWNS = (
    "Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn "
    "Haarlem Arnhem Enschede Amersfoort Zaandam Zwolle Leiden Maastricht Dordrecht Ede "
    "Zoetermeer Leeuwarden Emmen Delft Deventer Venlo Helmond Hoorn Alkmaar Heerlen Sittard "
    "Assen Purmerend Veenendaal Oss Roosendaal Gouda Zeist Lelystad Hilversum Kampen Meppel "
    "Sneek Heerenveen Drachten Goes Middelburg Vlissingen Doetinchem Winterswijk Tiel "
    "Wageningen Urk Schagen Volendam Bussum Baarn Soest Woerden Nieuwegein Houten"
)
TOWNS = [*_TOWNS.split(), "Den Haag", "'s-Hertogenbosch", "Anna Paulowna", "Bergen op Zoom"]
STREETS = (
    "Dorpsstraat Kerkstraat Hoofdstraat Stationsweg Molenweg Schoolstraat Julianastraat "
    "Beatrixlaan Wilhelminastraat Kastanjelaan Eikenlaan Nieuweweg Industrieweg Parklaan "
    "Marktplein Havenstraat Raadhuisplein Lindelaan Prinsengracht Vondelstraat"
).split()
DOMAINS = (
    "gmail.com hotmail.com outlook.com ziggo.nl kpnmail.nl xs4all.nl planet.nl home.nl "
    "live.nl icloud.com hetnet.nl upcmail.nl"
).split()
BANDS = ["de Volharding", "Excelsior", "Crescendo", "Sint Cecilia"]
SUBJECTS = ["Uw aanvraag", "Re: factuur", "Wijziging gegevens", "Inschrijving", "Herinnering"]
FAMOUS_ORGS = [
    "Nova College",
    "Muziekvereniging de Volharding",
    "Albert Heijn",
    "Jan Linders",
    "Van der Valk",
    "Antoni van Leeuwenhoek",
    "Sint Maartenskliniek",
    "Prinses Máxima Centrum",
    "Johan Cruijff ArenA",
    "Anne Frank Huis",
    "Hogeschool Utrecht",
    "Gemeente Amsterdam",
    "Rabobank",
    "Zorggroep Maria Oord",
    "Jeroen Bosch Ziekenhuis",
    "Christelijke Oranjevereniging Wilhelmina",
]


# --- the official rules ------------------------------------------------------------


def eleven_proof(digits: str) -> bool:
    """The BSN and RSIN 11-proof: weights 9..2 and -1."""
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def account_proof(digits: str) -> bool:
    """The old Dutch bank account 11-proof over ten digits: weights 10..1."""
    return sum(int(d) * w for d, w in zip(digits, range(10, 0, -1), strict=True)) % 11 == 0


def _alnum_to_int(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text))


def iban_check(country: str, bban: str) -> str:
    """ISO 13616: 98 minus (BBAN + country + 00, letters as 10..35) mod 97."""
    return f"{98 - _alnum_to_int(bban + country + '00') % 97:02d}"


def vat_mod97_ok(vat: str) -> bool:
    """A sole trader's btw-id: ISO 7064 mod 97-10 over the whole identifier is 1."""
    return _alnum_to_int(vat) % 97 == 1


# --- the values --------------------------------------------------------------------


@dataclass
class Names:
    first: list[str]
    first_weights: list[float]
    surnames: list[str]
    surname_weights: list[float]

    @classmethod
    def load(cls, source: str = "mimesis") -> Names:
        if source == "mimesis":
            return cls.load_mimesis()
        first, fw, last, lw = [], [], [], []
        with (NAMES / "first_names.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                first.append(row["name"])
                fw.append(float(row["count"]) ** 0.5)  # flatter than the births
        with (NAMES / "surnames.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                last.append(row["name"])
                lw.append(float(row["count"]) ** 0.5)
        tail = (NAMES / "surnames_tail.txt").read_text(encoding="utf-8").split("\n")
        floor = min(lw)
        for name in filter(None, tail):
            last.append(name)
            lw.append(floor)
        return cls(first, fw, last, lw)

    @classmethod
    def load_mimesis(cls) -> Names:
        """Mimesis's Dutch names, without frequencies: each drawn as often as any."""
        with (NAMES / "mimesis_first_names.csv").open(encoding="utf-8") as handle:
            first = [row["name"] for row in csv.DictReader(handle)]
        text = (NAMES / "mimesis_surnames.txt").read_text(encoding="utf-8")
        last = [name for name in text.split("\n") if name]
        return cls(first, [1.0] * len(first), last, [1.0] * len(last))


def _ascii(text: str) -> str:
    return (
        "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode()
    )


class Values:
    def __init__(self, rng: random.Random, names: Names) -> None:
        self.rng = rng
        self.names = names

    def digits(self, n: int, first: str = "0123456789") -> str:
        return self.rng.choice(first) + "".join(self.rng.choice("0123456789") for _ in range(n - 1))

    # BSN
    def bsn_digits(self, valid: bool = True) -> str:
        while True:
            d = self.digits(9)
            if d != "000000000" and eleven_proof(d) == valid:
                return d

    def bsn(self, valid: bool = True) -> str:
        d = self.bsn_digits(valid)
        form = self.rng.choices(range(4), [55, 20, 12, 13])[0]
        return (
            d,
            f"{d[:3]} {d[3:6]} {d[6:]}",
            f"{d[:3]}.{d[3:6]}.{d[6:]}",
            f"{d[:4]}.{d[4:6]}.{d[6:]}",
        )[form]

    # IBAN
    def iban(self, valid: bool = True, grouped: bool | None = None) -> str:
        bank = self.rng.choices(BANKS, BANK_WEIGHTS)[0]
        while True:
            if bank == "INGB" and self.rng.random() < 0.6:
                account = "000" + self.digits(7, "123456789")
            else:
                account = self.digits(10)
                if not account_proof(account) or account.startswith("000"):
                    continue
            break
        check = iban_check("NL", bank + account)
        if not valid:
            check = f"{(int(check) + self.rng.randint(1, 50)) % 97 + 2:02d}"
            if check == iban_check("NL", bank + account):
                check = f"{(int(check) + 1) % 97 + 2:02d}"
        text = f"NL{check}{bank}{account}"
        if grouped if grouped is not None else self.rng.random() < 0.45:
            text = " ".join(text[i : i + 4] for i in range(0, len(text), 4))
        return text.lower() if self.rng.random() < 0.12 else text

    # postcode
    def postcode(self) -> str:
        while True:
            letters = self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + self.rng.choice(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            )
            if letters not in ("SA", "SD", "SS"):
                break
        number = str(self.rng.randint(1000, 9999))
        form = self.rng.choices(range(5), [40, 35, 10, 6, 9])[0]
        return (
            f"{number}{letters}",
            f"{number} {letters}",
            f"{number} {letters.lower()}",
            f"{number}  {letters}",
            f"{number}{letters.lower()}",
        )[form]

    # telephone
    def phone(self) -> str:
        r = self.rng
        kind = r.choices(["mobile", "area2", "area3", "085"], [50, 25, 15, 10])[0]
        if kind == "mobile":
            area, rest = "6", r.choice("12345") + self.digits(7)
        elif kind == "area2":
            area, rest = r.choice(AREAS2), self.digits(7, "23456789")
        elif kind == "area3":
            area, rest = r.choice(AREAS3), self.digits(6, "23456789")
        else:
            area, rest = r.choice(["85", "88"]), self.digits(7, "23456789")
        national = "0" + area
        n = len(rest)
        if kind == "mobile":
            forms = [
                f"06-{rest}",
                f"06 {rest[:4]} {rest[4:]}",
                f"06 {rest[:2]} {rest[2:4]} {rest[4:6]} {rest[6:]}",
                f"06{rest}",
                f"+31 6 {rest}",
                f"+316{rest}",
                f"+31 (0)6 {rest}",
                f"+31 6 {rest[:2]} {rest[2:4]} {rest[4:6]} {rest[6:]}",
                f"0031 6 {rest}",
                f"(06) {rest}",
            ]
        else:
            grouped = (
                f"{rest[:3]} {rest[3:5]} {rest[5:]}"
                if n == 7
                else f"{rest[:2]} {rest[2:4]} {rest[4:]}"
            )
            forms = [
                f"{national}-{rest}",
                f"{national} {rest[:3]} {rest[3:]}",
                f"{national} - {grouped}",
                f"({national}) {grouped}",
                f"{national} {grouped}",
                f"{national}{rest}",
                f"+31 {area} {rest[:3]} {rest[3:]}",
                f"+31{area}{rest}",
                f"0031 {area} {rest[:3]} {rest[3:]}",
                f"+31 (0){area} {grouped}",
            ]
        return r.choice(forms)

    # KvK, BTW
    def kvk(self) -> str:
        return self.digits(8, "0123456789" if self.rng.random() < 0.1 else "123456789")

    def btw(self, valid: bool = True) -> str:
        r = self.rng
        while True:
            if r.random() < 0.7:  # a legal entity's fiscal number (RSIN) and a branch
                number = self.bsn_digits(valid=valid)
                text = f"NL{number}B{r.choice(['01', '01', '01', '02', '03'])}"
            else:  # a sole trader's btw-id
                text = f"NL{self.digits(9)}B{self.digits(2)}"
                if valid and not vat_mod97_ok(text):
                    continue
            if (eleven_proof(text[2:11]) or vat_mod97_ok(text)) == valid:
                break
        n = text[2:11]
        form = r.choices(range(6), [50, 12, 12, 8, 8, 10])[0]
        text = (
            text,
            f"NL {n} B{text[-2:]}",
            f"NL{n[:4]}.{n[4:6]}.{n[6:]}.B.{text[-2:]}",
            f"NL {n[:4]}.{n[4:6]}.{n[6:]}.B{text[-2:]}",
            f"NL{n}.B{text[-2:]}",
            text.lower(),
        )[form]
        return text

    # dates
    def birth_date(self) -> dt.date:
        start = dt.date(1930, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(2008, 12, 31).toordinal()))

    def other_date(self) -> dt.date:
        start = dt.date(2019, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(2026, 12, 1).toordinal()))

    def write_date(self, day: dt.date, forms: str = "dmy") -> str:
        r = self.rng
        choices = [
            f"{day:%d-%m-%Y}",
            f"{day:%d/%m/%Y}",
            f"{day:%Y-%m-%d}",
            f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
            f"{day:%d.%m.%Y}",
            f"{day.day}-{day.month}-{day.year}",
            f"{day.day} {MONTH_SHORT[day.month - 1]} {day.year}",
        ]
        if forms == "iso":
            return choices[2]
        return r.choices(choices, [35, 15, 15, 15, 7, 8, 5])[0]

    # names
    def first(self) -> str:
        return self.rng.choices(self.names.first, self.names.first_weights)[0]

    def surname(self) -> str:
        return self.rng.choices(self.names.surnames, self.names.surname_weights)[0]

    def initials(self) -> str:
        return "".join(f"{self.first()[0]}." for _ in range(self.rng.choice([1, 1, 2, 2, 3])))

    def person(self) -> tuple[str, str, str]:
        """(how it is written, first name, surname)."""
        first, last = self.first(), self.surname()
        r = self.rng.random()
        if r < 0.6:
            return f"{first} {last}", first, last
        if r < 0.85:
            return f"{self.initials()} {_cap(last)}", first, last
        return f"{first} {_cap(last)}", first, last

    def email(self, first: str | None = None, last: str | None = None) -> str:
        first = first or self.first()
        last = last or self.surname()
        f = _ascii(first).lower().replace(" ", "")
        s = _ascii(last).lower().replace(" ", "").replace("'", "")
        local = self.rng.choice(
            [
                f"{f}.{s}",
                f"{f[0]}.{s}",
                f"{f}{s}",
                f"{f}_{s}",
                f"{f}{self.rng.randint(1, 99)}",
                f"{f[0]}{s}",
            ]
        )
        domain = self.rng.choice([*DOMAINS, f"{s}{self.rng.choice(['bv', 'advies', ''])}.nl"])
        text = f"{local}@{domain}"
        return text if self.rng.random() > 0.05 else text.capitalize()

    def organisation(self) -> str:
        r = self.rng
        last = _cap(self.surname()).replace(" ", "")
        return r.choice(
            [
                r.choice(FAMOUS_ORGS),
                f"Stichting {_cap(self.surname())}",
                f"Bakkerij {_cap(self.surname())} B.V.",
                f"{last} Installatietechniek B.V.",
                f"Huisartsenpraktijk {_cap(self.surname())}",
                f"{last} & Zonen B.V.",
                "Muziekvereniging " + r.choice(BANDS),
                f"Voetbalvereniging {r.choice(TOWNS)}",
                f"Administratiekantoor {_cap(self.surname())}",
            ]
        )

    def street(self) -> str:
        if self.rng.random() < 0.3:
            last = self.surname().split(" ")[-1]
            return (
                f"{self.first()} {_cap(last)}{self.rng.choice(['straat', 'laan', 'weg', 'kade'])}"
            )
        return self.rng.choice(STREETS)

    def order_number(self, n: int = 9) -> str:
        return self.digits(n, "123456789")


def _cap(surname: str) -> str:
    """A surname as it is written after initials or alone: 'de Jong' -> 'De Jong'."""
    return surname[:1].upper() + surname[1:]


# --- documents ---------------------------------------------------------------------


@dataclass
class Doc:
    name: str
    form: str
    parts: list[str] = field(default_factory=list)
    spans: list[list[Any]] = field(default_factory=list)
    size: int = 0
    cells: list[list[Any]] = field(default_factory=list)  # XLSX: [sheet, cell, kind, value]
    rows: list[list[Any]] | None = None  # XLSX rows
    variant: str = ""  # CSV: separator, header, quoting, contents

    def add(self, text: str) -> Doc:
        self.parts.append(text)
        self.size += len(text)
        return self

    def ent(self, kind: str, text: str) -> Doc:
        self.spans.append([self.size, self.size + len(text), kind])
        return self.add(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class V:
    """A planted value: its kind (None for a hard negative) and its text."""

    kind: str | None
    text: str
    number: bool = False  # a JSON number, not a string


class Gen:
    def __init__(self, seed: int, names: str = "mimesis") -> None:
        self.rng = random.Random(seed)
        self.v = Values(self.rng, Names.load(names))
        self.count = 0

    def next_name(self, form: str, ext: str) -> str:
        self.count += 1
        return f"{self.count:05d}-{form}.{ext}"

    # a record of a person, as the columns of an export
    def record(self) -> dict[str, V]:
        v, r = self.v, self.rng
        first, last = v.first(), v.surname()
        rec = {
            "klantnummer": V(None, v.order_number(r.choice([6, 8, 9]))),
            "voornaam": V("person_name", first),
            "achternaam": V("person_name", last),
            "email": V("email", v.email(first, last)),
            "telefoon": V("phone", v.phone()),
            "straat": V(None, f"{v.street()} {r.randint(1, 240)}"),
            "postcode": V("postcode", v.postcode()),
            "woonplaats": V(None, r.choice(TOWNS)),
            "geboortedatum": V("date_of_birth", v.write_date(v.birth_date())),
            "bsn": V("bsn", v.bsn()),
            "iban": V("iban", v.iban()),
            "aangemaakt_op": V(None, v.write_date(v.other_date(), "iso")),
        }
        return rec

    def supplier(self) -> dict[str, V]:
        v, r = self.v, self.rng
        first, last = v.first(), v.surname()
        return {
            "crediteurnummer": V(None, v.order_number(r.choice([6, 8]))),
            "bedrijf": V(None, v.organisation()),
            "kvk": V("kvk", v.kvk()),
            "btw": V("btw", v.btw()),
            "iban": V("iban", v.iban()),
            "contactpersoon": V("person_name", f"{first} {last}"),
            "telefoon": V("phone", v.phone()),
            "email": V("email", v.email(first, last)),
            "postcode": V("postcode", v.postcode()),
            "laatste_factuur": V(None, v.write_date(v.other_date())),
        }

    # CSV --------------------------------------------------------------------------
    def csv_doc(self) -> Doc:
        r = self.rng
        delim = r.choice([",", ";", ";"])
        header = r.random() < 0.75
        quote_all = r.random() < 0.3
        doc = Doc(self.next_name("csv-" + ("header" if header else "noheader"), "csv"), "csv")
        supplier = r.random() < 0.25
        doc.variant = (
            f"{'semicolon' if delim == ';' else 'comma'}, {'header' if header else 'no header'}"
            f"{', quoted' if quote_all else ''}, {'suppliers' if supplier else 'customers'}"
        )
        make = self.supplier if supplier else self.record
        columns = [
            c for c in make() if r.random() < 0.7 or c in ("voornaam", "bsn", "bedrijf", "kvk")
        ]
        heading = {
            "geboortedatum": r.choice(
                ["geboortedatum", "dob", "birth_date", "Geboortedatum", "geb_datum"]
            ),
            "bsn": r.choice(["bsn", "BSN", "burgerservicenummer", "persoonsnummer", "sofinr"]),
            "telefoon": r.choice(["telefoon", "tel", "phone", "mobiel"]),
            "email": r.choice(["email", "e-mail", "E-mailadres"]),
        }
        lines = [[V(None, heading.get(c, c)) for c in columns]] if header else []
        for _ in range(r.randint(20, 400)):
            rec = make()
            lines.append([rec[c] for c in columns])
        for line in lines:
            for i, cell in enumerate(line):
                if i:
                    doc.add(delim)
                quoted = quote_all or delim in cell.text or '"' in cell.text
                if quoted:
                    doc.add('"')
                if cell.kind:
                    doc.ent(cell.kind, cell.text)
                else:
                    doc.add(cell.text)
                if quoted:
                    doc.add('"')
            doc.add("\r\n" if r.random() < 0.01 or delim == ";" else "\n")
        return doc

    def xlsx_doc(self) -> Doc:
        r = self.rng
        doc = Doc(self.next_name("xlsx", "xlsx"), "xlsx")
        columns = [c for c in self.record() if r.random() < 0.7 or c in ("voornaam", "bsn")]
        rows: list[list[Any]] = [[c.capitalize() for c in columns]]
        for row_no in range(2, r.randint(20, 300) + 2):
            rec = self.record()
            row = []
            for col_no, c in enumerate(columns, start=1):
                cell = rec[c]
                row.append(cell.text)
                if cell.kind:
                    coord = f"{_column_letter(col_no)}{row_no}"
                    doc.cells.append(["Klanten", coord, cell.kind, cell.text])
            rows.append(row)
        doc.rows = rows
        doc.size = sum(len(str(c)) + 1 for row in rows for c in row)
        return doc

    # JSON ---------------------------------------------------------------------------
    def json_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("json-api", "json"), "json")
        people = []
        for _ in range(r.randint(3, 60)):
            rec = self.record()
            person: dict[str, Any] = {
                "id": V(None, rec["klantnummer"].text, number=True),
                "name": {"first": rec["voornaam"], "last": rec["achternaam"]}
                if r.random() < 0.6
                else {
                    "fullName": V("person_name", f"{rec['voornaam'].text} {rec['achternaam'].text}")
                },
                "contact": {"email": rec["email"], "phone": rec["telefoon"]},
                "address": {
                    "street": rec["straat"],
                    "postalCode": rec["postcode"],
                    "city": rec["woonplaats"],
                    "country": V(None, "NL"),
                },
                r.choice(["birthDate", "dateOfBirth", "geboortedatum", "dob"]): V(
                    "date_of_birth", v.write_date(v.birth_date(), "iso")
                ),
                "createdAt": V(
                    None,
                    f"{v.other_date():%Y-%m-%d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z",
                ),
            }
            if r.random() < 0.5:
                bsn = v.bsn_digits()
                person[
                    r.choice(["bsn", "citizenServiceNumber", "burgerservicenummer", "nationalId"])
                ] = V("bsn", bsn, number=bsn[0] != "0" and r.random() < 0.4)
            if r.random() < 0.5:
                person["payment"] = {
                    "iban": V("iban", v.iban(grouped=False)),
                    "mandate": V(None, f"MNDT-{v.order_number(6)}"),
                }
            person["orders"] = [
                {
                    "orderId": V(None, v.order_number(9), number=True),
                    "total": V(None, f"{r.randint(5, 900)}.{r.randint(0, 99):02d}", number=True),
                }
                for _ in range(r.randint(0, 3))
            ]
            people.append(person)
        payload = {
            "data": {"customers": people},
            "meta": {
                "page": V(None, "1", number=True),
                "generatedAt": V(None, f"{v.other_date():%Y-%m-%d}"),
            },
        }
        _dump(doc, payload, 0, r.choice([2, 4, 0]))
        doc.add("\n")
        return doc

    # e-mail -------------------------------------------------------------------------
    def signature(self, doc: Doc, name: str) -> None:
        r, v = self.rng, self.v
        org = v.organisation()
        doc.add("\n--\n").ent("person_name", name).add("\n")
        doc.add(
            r.choice(["Klantenservice", "Financiële administratie", "Projectleider", "Adviseur"])
            + "\n"
        )
        doc.add(f"{org}\n{v.street()} {r.randint(1, 99)}\n").ent("postcode", v.postcode()).add(
            f" {r.choice(TOWNS)}\n"
        )
        doc.add(r.choice(["T ", "Tel: ", "Telefoon: ", "M: ", "tel. "])).ent(
            "phone", v.phone()
        ).add("\n")
        if r.random() < 0.6:
            label = r.choice(
                [
                    "KvK ",
                    "KvK: ",
                    "K.v.K. ",
                    "KvK-nummer: ",
                    "Kamer van Koophandel ",
                    "CoC: ",
                    "KVK nr. ",
                    "Handelsregister: ",
                ]
            )
            doc.add(label).ent("kvk", v.kvk())
            doc.add(r.choice([" | ", "\n"]))
            doc.add(r.choice(["BTW: ", "BTW-nr. ", "btw-id ", "VAT: ", "Btw-nummer: "])).ent(
                "btw", v.btw()
            ).add("\n")
        if r.random() < 0.4:
            doc.add("IBAN: ").ent("iban", v.iban()).add("\n")

    def mail_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("mail", "eml"), "mail")
        sender, sf, sl = v.person()
        to, tf, tl = v.person()
        doc.add("From: ").ent("person_name", sender).add(" <").ent("email", v.email(sf, sl)).add(
            ">\n"
        )
        doc.add("To: ").ent("person_name", to).add(" <").ent("email", v.email(tf, tl)).add(">\n")
        day = v.other_date()
        doc.add(
            f"Date: {day:%a, %d %b %Y} {r.randint(7, 22):02d}:{r.randint(0, 59):02d}:00 +0100\n"
        )
        doc.add(f"Subject: {r.choice(SUBJECTS)} {v.order_number(8)}\n\n")
        doc.add("Beste ").ent("person_name", tf).add(",\n\n")
        for _ in range(r.randint(1, 4)):
            self.paragraph(doc)
        doc.add(
            r.choice(["\nMet vriendelijke groet,\n", "\nGroet,\n", "\nMvg,\n", "\nKind regards,\n"])
        )
        self.signature(doc, sender)
        if r.random() < 0.4:
            doc.add(f"\nOp {v.write_date(day)} schreef ").ent("person_name", to).add(" <").ent(
                "email", v.email(tf, tl)
            ).add(">:\n> ")
            doc.add(r.choice(["Kunt u mij terugbellen op ", "Mijn nummer is "])).ent(
                "phone", v.phone()
            ).add(".\n")
        return doc

    def paragraph(self, doc: Doc) -> None:
        """Prose with personal data and hard negatives."""
        r, v = self.rng, self.v
        for _ in range(r.randint(2, 6)):
            choice = r.randint(0, 22)
            if choice == 0:
                doc.add(
                    r.choice(
                        [
                            "Uw BSN is ",
                            "BSN: ",
                            "Burgerservicenummer: ",
                            "uw burgerservicenummer ",
                            "BSN-nummer ",
                            "sofinummer ",
                        ]
                    )
                )
                doc.ent("bsn", v.bsn()).add(". ")
            elif choice == 1:
                doc.add("Het bedrag wordt overgemaakt op rekening ").ent("iban", v.iban()).add(
                    r.choice([" t.n.v. ", " ten name van "])
                )
                doc.ent("person_name", v.person()[0]).add(". ")
            elif choice == 2:
                doc.add(
                    r.choice(
                        [
                            "U bent bereikbaar op ",
                            "Bel gerust: ",
                            "Mijn mobiele nummer is ",
                            "Telefonisch: ",
                        ]
                    )
                ).ent("phone", v.phone()).add(". ")
            elif choice == 3:
                doc.add(
                    r.choice(
                        [
                            "Geboortedatum: ",
                            "geboren op ",
                            "geb. ",
                            "Date of birth: ",
                            "DOB: ",
                            "Geb.datum: ",
                        ]
                    )
                )
                doc.ent("date_of_birth", v.write_date(v.birth_date())).add(". ")
            elif choice == 4:
                name = v.person()[0]
                doc.add(r.choice(["Ik heb ", "Vandaag sprak ik met ", "Collega "])).ent(
                    "person_name", name
                ).add(" hierover gesproken. ")
            elif choice == 5:
                doc.add(r.choice(["Mevrouw ", "De heer ", "Dhr. ", "Mevr. "])).ent(
                    "person_name", _cap(v.surname())
                ).add(" heeft gebeld. ")
            elif choice == 6:
                doc.add("Het nieuwe adres is ").add(f"{v.street()} {r.randint(1, 200)}, ").ent(
                    "postcode", v.postcode()
                ).add(f" {r.choice(TOWNS)}. ")
            elif choice == 7:
                doc.add("Stuur het naar ").ent("email", v.email()).add(". ")
            elif choice == 8:  # hard negative: order number passing the 11-proof
                doc.add(
                    r.choice(["Ordernummer ", "Uw referentie: ", "Zaaknummer ", "Dossier "])
                ).add(v.bsn_digits()).add(". ")
            elif choice == 9:  # hard negative: BSN with a wrong check
                doc.add("BSN: ").add(v.bsn(valid=False)).add(" (onjuist, graag controleren). ")
            elif choice == 10:  # hard negative: wrong IBAN
                doc.add("Het nummer ").add(v.iban(valid=False)).add(" klopt niet. ")
            elif choice == 11:  # hard negative: dates that are not birth dates
                doc.add(
                    r.choice(
                        [
                            "Factuurdatum: ",
                            "Vervaldatum ",
                            "Lid sinds ",
                            "In dienst sinds ",
                            "Datum: ",
                        ]
                    )
                ).add(v.write_date(v.other_date())).add(". ")
            elif choice == 12:  # hard negative: eight digits that are not KvK numbers
                doc.add(r.choice(["Klantnummer: ", "Factuurnummer ", "Polisnummer: "])).add(
                    v.order_number(8)
                ).add(". ")
            elif choice == 13:  # hard negative: organisations and streets named after people
                doc.add("Dit loopt via ").add(v.organisation()).add(" aan de ").add(v.street()).add(
                    ". "
                )
            elif choice == 14:  # hard negative: a year and a short word; a file size
                year = r.randint(1995, 2026)
                doc.add(
                    r.choice(
                        [
                            f"Sinds {year} al ",
                            f"In {year} en {year + 1} ",
                            f"Vanaf {year} op ",
                            f"Het bestand is {r.choice([1024, 2048, 4096])} KB ",
                        ]
                    )
                )
                doc.add("gewijzigd. ")
            elif choice == 15:
                doc.add("Gegevens: ").ent("person_name", v.person()[0]).add(", ")
                doc.ent("date_of_birth", v.write_date(v.birth_date())).add(", ").ent(
                    "postcode", v.postcode()
                ).add(". ")
            elif choice == 16:  # hard negative: a wrong BTW number
                doc.add("Btw-nummer ").add(v.btw(valid=False)).add(" is niet geldig. ")
            else:
                doc.add(
                    r.choice(
                        [
                            "Wij hebben uw aanvraag in goede orde ontvangen. ",
                            "De behandeling duurt ongeveer vier weken. ",
                            "Neem bij vragen contact op met onze klantenservice. ",
                            "Excuses voor het ongemak. ",
                            "De afspraak is verzet naar volgende week dinsdag. ",
                            "Het pakket is afgeleverd bij de buren. ",
                            "Zie de bijlage voor het overzicht van de kosten. ",
                        ]
                    )
                )
        doc.add("\n\n")

    # letter -------------------------------------------------------------------------
    def letter_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("letter", "txt"), "letter")
        org = v.organisation()
        doc.add(f"{org}\n{v.street()} {r.randint(1, 99)}\n").ent("postcode", v.postcode()).add(
            f"  {r.choice(TOWNS).upper()}\n\n"
        )
        name, first, last = v.person()
        title = r.choice(["De heer ", "Mevrouw ", "T.a.v. ", "Dhr. ", ""])
        doc.add(title).ent("person_name", name).add(f"\n{v.street()} {r.randint(1, 200)}\n").ent(
            "postcode", v.postcode()
        ).add(f" {r.choice(TOWNS)}\n\n")
        doc.add(f"{r.choice(TOWNS)}, {v.write_date(v.other_date())}\n")
        doc.add(
            f"Ons kenmerk: {v.order_number(r.choice([8, 9]))}\n"
            f"Betreft: {r.choice(SUBJECTS).lower()}\n\n"
        )
        salutation = (
            title.strip().lower() if title.strip() in ("De heer", "Mevrouw") else "heer/mevrouw"
        )
        doc.add(f"Geachte {salutation} ").ent("person_name", _cap(last)).add(",\n\n")
        if r.random() < 0.6:
            doc.add("Naam: ").ent("person_name", f"{first} {last}").add("\n")
            doc.add(r.choice(["Geboortedatum: ", "Geb.: ", "Geboren op: "])).ent(
                "date_of_birth", v.write_date(v.birth_date())
            ).add("\n")
            doc.add(r.choice(["BSN: ", "Burgerservicenummer: ", "BSN/sofinummer: "])).ent(
                "bsn", v.bsn()
            ).add("\n\n")
        for _ in range(r.randint(2, 5)):
            self.paragraph(doc)
        doc.add("Met vriendelijke groet,\n\n\n").ent("person_name", v.person()[0]).add(
            f"\n{r.choice(['Teamleider', 'Medewerker', 'Directeur'])}\n\n"
        )
        doc.add(f"{org} | " + r.choice(["", "", "KvK ", "K.v.K. ", "KvK-nr. "])).ent(
            "kvk", v.kvk()
        ).add(" | ").ent("btw", v.btw()).add(" | ").ent("iban", v.iban()).add("\n")
        return doc

    # log ----------------------------------------------------------------------------
    def log_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("log", "log"), "log")
        day = v.other_date()
        t = dt.datetime(day.year, day.month, day.day, r.randint(0, 12), 0, 0)
        for _ in range(r.randint(100, 1500)):
            t += dt.timedelta(seconds=r.randint(1, 40))
            ip = f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            kind = r.randint(0, 9)
            if kind <= 4:  # access log, no personal data but the address
                path = r.choice(
                    [
                        "/",
                        "/api/v1/orders",
                        "/static/app.js",
                        "/login",
                        f"/orders/{v.order_number(9)}",
                        "/health",
                    ]
                )
                doc.add(
                    f'{ip} - - [{t:%d/%b/%Y:%H:%M:%S} +0100] "GET {path} HTTP/1.1" '
                    f"{r.choice([200, 200, 304, 404, 500])} {r.randint(100, 90000)}\n"
                )
            elif kind == 5:
                doc.add(
                    f"{t:%Y-%m-%d %H:%M:%S},{r.randint(0, 999):03d} INFO  auth: login ok user="
                ).ent("email", v.email()).add(f" ip={ip}\n")
            elif kind == 6:
                doc.add(
                    f'{t:%Y-%m-%dT%H:%M:%S}Z level=warn msg="validation failed" field=iban value='
                ).ent("iban", v.iban(grouped=False)).add(f" request_id={v.order_number(9)}\n")
            elif kind == 7:
                doc.add(
                    f'{{"ts":"{t:%Y-%m-%dT%H:%M:%S}Z","level":"debug","event":"profile.update","phone":"'
                ).ent("phone", v.phone()).add('","postcode":"').ent("postcode", v.postcode()).add(
                    '"}\n'
                )
            elif kind == 8:
                doc.add(f"{t:%Y-%m-%d %H:%M:%S} ERROR brp-koppeling: geen resultaat voor bsn=").ent(
                    "bsn", v.bsn_digits()
                ).add(f" (job {v.order_number(8)})\n")
            else:
                doc.add(
                    f'{ip} - - [{t:%d/%b/%Y:%H:%M:%S} +0100] "POST /api/v1/customers?email='
                ).ent("email", v.email()).add("&dob=").ent(
                    "date_of_birth", v.write_date(v.birth_date(), "iso")
                ).add(' HTTP/1.1" 201 512\n')
        return doc

    # Markdown -----------------------------------------------------------------------
    def markdown_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("readme", "md"), "markdown")
        project = r.choice(
            ["ledenadministratie", "roosterplanner", "factuurtool", "wijkapp", "inschrijfformulier"]
        )
        doc.add(
            f"# {project}\n\nEen hulpmiddel voor {v.organisation()}, "
            f"sinds {r.randint(2012, 2024)} in gebruik.\n\n"
        )
        doc.add(
            f"## Installatie\n\n```sh\npip install {project}=="
            f"{r.randint(0, 4)}.{r.randint(0, 20)}.{r.randint(0, 9)}\n"
            f"{project} --port {r.randint(1024, 9999)}\n```\n\n"
        )
        doc.add(
            "Zie issue #"
            + str(r.randint(10, 999))
            + f" en release {r.randint(2019, 2026)}-{r.randint(1, 12):02d}"
            + f"-{r.randint(1, 28):02d}.\n\n"
        )
        doc.add("## Beheerders\n\n")
        for _ in range(r.randint(1, 5)):
            name, first, last = v.person()
            doc.add("- ").ent("person_name", name).add(" <").ent("email", v.email(first, last)).add(
                ">"
            )
            if r.random() < 0.4:
                doc.add(", ").ent("phone", v.phone())
            doc.add("\n")
        doc.add("\n## Contact\n\n")
        self.paragraph(doc)
        doc.add("| wat | waarde |\n|---|---|\n")
        doc.add(f"| organisatie | {v.organisation()} |\n| KvK | ").ent("kvk", v.kvk()).add(
            " |\n| btw | "
        ).ent("btw", v.btw()).add(" |\n")
        doc.add(f"| adres | {v.street()} {r.randint(1, 99)}, ").ent("postcode", v.postcode()).add(
            f" {r.choice(TOWNS)} |\n\n"
        )
        doc.add(f"Licentie: EUPL-1.2. Bijgewerkt {v.write_date(v.other_date())}.\n")
        return doc

    # a participants list: names with unlabelled dates of birth ------------------------
    def list_doc(self) -> Doc:
        r, v = self.rng, self.v
        doc = Doc(self.next_name("deelnemers", "txt"), "list")
        doc.add(f"Deelnemerslijst {r.choice(['zwemles', 'kamp'])} {v.other_date().year}\n\n")
        for i in range(1, r.randint(10, 80)):
            name = v.person()[0]
            doc.add(f"{i}. ").ent("person_name", name).add(" (").ent(
                "date_of_birth", v.write_date(v.birth_date())
            ).add("), ")
            doc.ent("phone", v.phone()).add("\n")
        doc.add(f"\nOpgesteld door {v.organisation()}, {v.write_date(v.other_date())}.\n")
        return doc


FORMS = [
    ("csv_doc", 18),
    ("xlsx_doc", 6),
    ("json_doc", 10),
    ("mail_doc", 20),
    ("letter_doc", 16),
    ("log_doc", 6),
    ("markdown_doc", 10),
    ("list_doc", 6),
]


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _dump(doc: Doc, obj: Any, level: int, indent: int) -> None:
    """JSON, written by hand so each planted value keeps its span."""
    nl = "\n" + " " * (indent * (level + 1)) if indent else ""
    end = "\n" + " " * (indent * level) if indent else ""
    sep = ": " if indent else ":"
    if isinstance(obj, dict):
        doc.add("{")
        for i, (key, value) in enumerate(obj.items()):
            doc.add(("," if i else "") + nl + json.dumps(key) + sep)
            _dump(doc, value, level + 1, indent)
        doc.add(end + "}" if obj else "}")
    elif isinstance(obj, list):
        doc.add("[")
        for i, value in enumerate(obj):
            doc.add(("," if i else "") + nl)
            _dump(doc, value, level + 1, indent)
        doc.add(end + "]" if obj else "]")
    elif isinstance(obj, V):
        if obj.number:
            text = obj.text.lstrip("0") or "0"
            doc.ent(obj.kind, text) if obj.kind else doc.add(text)
        else:
            encoded = json.dumps(obj.text, ensure_ascii=False)
            doc.add('"')
            doc.ent(obj.kind, encoded[1:-1]) if obj.kind else doc.add(encoded[1:-1])
            doc.add('"')
    else:
        doc.add(json.dumps(obj, ensure_ascii=False))


def generate(megabytes: float, seed: int = 20261207, names: str = "mimesis") -> list[Doc]:
    g = Gen(seed, names)
    makers = [getattr(g, name) for name, weight in FORMS for _ in range(weight)]
    docs: list[Doc] = []
    size = 0
    while size < megabytes * 1_000_000:
        doc = g.rng.choice(makers)()
        size += len(doc.text.encode()) if doc.rows is None else doc.size
        docs.append(doc)
    return docs


def _save_fixed(book: Any, path: Path) -> None:
    """Save a workbook with fixed times in its ZIP entries, so the bytes repeat."""
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-12-01T00:00:00Z", data
                )
            target.writestr(fixed, data)


def write(docs: list[Doc], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    if out.exists():
        shutil.rmtree(out)
    files = out / "files"
    files.mkdir(parents=True)
    with (
        (out / "truth.jsonl").open("w", encoding="utf-8") as truth,
        (out / "corpus.jsonl").open("w", encoding="utf-8") as corpus,
    ):
        for doc in docs:
            if doc.rows is not None:
                book = Workbook()
                sheet = book.active  # a new workbook's one worksheet
                assert isinstance(sheet, Worksheet)
                sheet.title = "Klanten"
                for row in doc.rows:
                    sheet.append(row)
                book.properties.created = dt.datetime(2026, 12, 1)
                book.properties.modified = dt.datetime(2026, 12, 1)
                _save_fixed(book, files / doc.name)
                record = {"file": doc.name, "form": doc.form, "cells": doc.cells}
            else:
                text = doc.text
                (files / doc.name).write_bytes(text.encode("utf-8"))
                record = {"file": doc.name, "form": doc.form, "spans": doc.spans}
                if doc.variant:
                    record["variant"] = doc.variant
                corpus.write(
                    json.dumps(
                        {"file": doc.name, "form": doc.form, "text": text, "spans": doc.spans},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            truth.write(json.dumps(record, ensure_ascii=False) + "\n")


def check(docs: list[Doc]) -> None:
    """Each planted value holds to its own rule (not to any recognizer's)."""
    for doc in docs:
        text = doc.text if doc.rows is None else ""
        values = [(k, text[s:e]) for s, e, k in doc.spans] + [(k, v) for _, _, k, v in doc.cells]
        for kind, value in values:
            assert value == value.strip() and value, (doc.name, kind, value)
            compact = re.sub(r"[ .]", "", value).upper()
            if kind == "bsn":
                assert eleven_proof(compact), value
            elif kind == "iban":
                assert _alnum_to_int(compact[4:] + compact[:4]) % 97 == 1, value
            elif kind == "btw":
                assert eleven_proof(compact[2:11]) or vat_mod97_ok(compact), value
            elif kind == "postcode":
                assert re.fullmatch(r"[1-9]\d{3} {0,2}[A-Za-z]{2}", value), value
                assert value[-2:].upper() not in ("SA", "SD", "SS"), value
            elif kind == "kvk":
                assert re.fullmatch(r"\d{8}", value), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--names",
        choices=("mimesis", "meertens"),
        default="mimesis",
        help="Where people's names come from (see bench/scan_real_names/NOTICE.md).",
    )
    args = parser.parse_args()
    docs = generate(args.megabytes, args.seed, args.names)
    check(docs)
    write(docs, args.out)
    spans = sum(len(d.spans) + len(d.cells) for d in docs)
    print(f"wrote {args.out}: {len(docs)} files, {spans} planted values")


if __name__ == "__main__":
    main()
